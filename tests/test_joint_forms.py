"""One collection form per agency across the plans of a folder (the joint form), on a copy of
the frozen two-plan folder (`two_plans`: Decision 843 and Resolution 57-NQ/TW).

Counted by hand from the fixture files (tests/fixtures/two_plans):
- 57-NQ/TW (plans/tw57_2024/targets.yaml) has 23 numeric indicators (`INDICATORS_57` in
  test_plans.py), no `reported_by` and `collector: dost`, and lists no tasks: it asks one agency,
  the Department (dost), for 23 figures.
- 843 (plans/vinh_phuc_843_2023) has 16 numeric indicators (tfp_contribution … st_budget_share,
  before its goals), no `reported_by`, `collector: dost`; its tasks.yaml names 17 leads. On the
  2026 period's last day (14/12/2026) agencies.yaml's successions make them: dard, donre → dae;
  dic → dost; dpi → dof; dolisa → dohome (its first listed successor); ethnic_committee →
  ethnic_religion; vinh_yen_committee → commune_committees (a collective: no form, task 59);
  youth_union ended with no successor (no form, task 86); doc, docst, doet, doh, dohome, doit,
  dost, police, usta as they are. Addressees: dae, dost, doc, docst, doet, doh, dohome, doit,
  dof, ethnic_religion, police, usta = 12 agencies.
- Across both plans: dost (already one of the 12) is the only agency 57 asks, so 12 workbooks;
  the one indicator both plans target is gii_rank (57's tfp_contribution_gdp and hdi_national
  are other series than 843's tfp_contribution and hdi), so dost's joint form asks
  16 + 23 - 1 = 38 indicators, gii_rank once.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from ruamel.yaml import YAML

from conftest import TWO_PLANS, DataFolder, built_once, cli, copy_built
from test_collection import fill, problems
from test_plans import INDICATORS_57, P57, P843

DOST = "so-khoa-hoc-va-cong-nghe-dost-2026.xlsx"
DOF = "so-tai-chinh-dof-2026.xlsx"
DOC_57, DOC_843 = "Nghị quyết số 57-NQ/TW", "Quyết định số 843/QĐ-UBND"
SENT = ("--deadline", "2027-01-15", "--date", "2026-12-01")


def forms(folder: DataFolder, out: str, *args: str) -> Path:
    """`collect forms 2026 -o <out> … args` on `folder`; the plain joint round (the first step of
    several tests, on a fresh copy) is built once a session and copied in, log and all."""
    if out == "joint" and not args and not (folder.root / "collection").exists():
        return copy_built(built_once("the two-plan fixture's joint 2026 round", _joint_round), folder.base) / out
    run = cli("collect", "forms", "2026", "-o", str(folder.base / out), *SENT, *args)
    assert run.exit_code == 0, run.stderr
    return folder.base / out


def _joint_round(base: Path) -> None:
    shutil.copytree(TWO_PLANS, base / "data")
    run = cli("collect", "forms", "2026", "-o", str(base / "joint"), *SENT, "--data", str(base / "data"))
    assert run.exit_code == 0, run.stderr


def cells(path: Path) -> list[str]:
    """Every cell's text of every sheet, the hidden ones included."""
    wb = load_workbook(path)
    return [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    return [r for r in load_workbook(path)[sheet].iter_rows(min_row=5, values_only=True) if r and r[0] is not None]


def row_of(path: Path, sheet: str, first: object) -> int:
    return next(n for n, r in enumerate(load_workbook(path)[sheet].iter_rows(values_only=True), 1) if r[0] == first)


@pytest.mark.slow  # reads every workbook of a two-plan round
def test_one_workbook_per_agency_owing_anything_across_both_plans(two_plans: DataFolder) -> None:
    out = forms(two_plans, "joint")
    assert len(list(out.glob("*.xlsx"))) == 12  # derivation in the module docstring
    log = YAML(typ="safe").load((two_plans.root / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    assert len([e for e in log["events"] if e["kind"] == "sent"]) == 12
    assert len({e["agency"] for e in log["events"]}) == 12  # each agency once
    ids = [r[0] for r in rows(out / DOST, "Chỉ tiêu")]
    assert len(ids) == 38 and ids.count("gii_rank") == 1  # 16 + 23 - 1
    assert set(ids) >= INDICATORS_57 | {"tfp_contribution", "st_budget_share"}
    # the shared indicator names both plans; the others their own
    plans_column = {r[0]: r[12] for r in rows(out / DOST, "Chỉ tiêu")}
    assert plans_column["gii_rank"] == f"{DOC_57}; {DOC_843}"  # folder order: tw57_2024, then 843
    assert plans_column["tfp_contribution"] == DOC_843 and plans_column["egdi_rank_world"] == DOC_57
    # the task rows are 843's (57 lists none), each naming its plan's document
    assert {r[9] for r in rows(out / DOST, "Nhiệm vụ chủ trì")} == {DOC_843}
    text = "\n".join(cells(out / DOST))
    # the plans' periods differ (843 cuts off on 14/12; 57 sets no cut-off: the calendar year)
    assert "Kỳ báo cáo theo Nghị quyết số 57-NQ/TW: từ ngày 01/01/2026 đến ngày 31/12/2026" in text
    assert "Kỳ báo cáo theo Quyết định số 843/QĐ-UBND: từ ngày 15/12/2025 đến ngày 14/12/2026" in text


def test_an_agency_owing_one_plan_gets_that_plans_own_form(two_plans: DataFolder) -> None:
    joint, own = forms(two_plans, "joint"), forms(two_plans, "own", "--plan", P843, "--agency", "dof")
    assert (joint / DOF).read_bytes() == (own / DOF).read_bytes()  # dof owes nothing to 57
    assert DOC_57 not in "\n".join(cells(joint / DOF))


@pytest.mark.slow  # sends a round of one plan's forms, each case
@pytest.mark.parametrize(("plan", "other_words"), [(P57, ("843", "Vĩnh Phúc", P843)), (P843, ("57-NQ", P57))])
def test_a_plans_own_forms_speak_only_of_it(two_plans: DataFolder, plan: str, other_words: tuple[str, ...]) -> None:
    out = forms(two_plans, plan, "--plan", plan)
    for path in out.glob("*.xlsx"):
        text = "\n".join(cells(path))
        assert [w for w in other_words if w in text] == [], path.name
        assert "Biểu chung" not in text and "Chỉ tiêu theo văn bản" not in text
        assert load_workbook(path)["stiplan"]["B2"].value == plan


def test_a_one_plan_form_keeps_the_id_it_always_had(two_plans: DataFolder) -> None:
    """Old logs still verify: the one-plan id is the hash of the payload stiplan always wrote."""
    out = forms(two_plans, "own", "--plan", P843, "--agency", "usta", "--no-backlog")
    task = rows(out / "lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat-tinh-usta-2026.xlsx", "Nhiệm vụ chủ trì")
    assert [r[0] for r in task] == [60]  # usta leads task 60 (tasks.yaml), and no indicator
    payload = {
        "version": 1,
        "plan": P843,
        "year": 2026,
        "agency": "usta",
        "indicators": [],
        "tasks": [60],
        "joined": [],
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    wb = load_workbook(out / "lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat-tinh-usta-2026.xlsx")
    assert wb["stiplan"]["B5"].value == hashlib.sha256(text.encode()).hexdigest()[:16]


@pytest.mark.slow  # a whole round: out, filled, back, imported
def test_a_joint_form_returned_then_imported_records_its_figures_once(two_plans: DataFolder) -> None:
    out = forms(two_plans, "joint")
    gii = row_of(out / DOST, "Chỉ tiêu", "gii_rank")
    first = fill(out / DOST, two_plans.base / "first.xlsx", {"Chỉ tiêu": {f"G{gii}": "bốn mươi"}})
    run = cli("import", "--lang", "en", str(first), "--partial", "--received", "2026-12-10")
    # a word for the figure, and no source: both found in one pass
    assert problems(run.stderr) == [
        (f"first.xlsx!Chỉ tiêu!G{gii}", "wrong-type"),
        (f"first.xlsx!Chỉ tiêu!J{gii}", "missing-source"),
    ]
    status = json.loads(cli("collect", "status", "2026", "--format", "json", "--as-of", "2026-12-11").stdout)
    dost = [a for a in status["agencies"] if a["agency"] == "dost"]
    assert [(a["state"], a["open_problems"]) for a in dost] == [("waiting", 2)]
    back = cli("collect", "return", "2026", "dost", "-o", str(two_plans.base / "back"), "--date", "2026-12-12")
    assert back.exit_code == 0, back.stderr
    answer: dict[str, dict[str, object]] = {
        "Chỉ tiêu": {f"G{gii}": 44, f"H{gii}": 133, f"I{gii}": "Việt Nam (cả nước)", f"J{gii}": "WIPO, GII 2026"},
        "Nhiệm vụ chủ trì": {"E5": "Hoàn thành", "F5": "45/BC-SKHCN", "G5": "10/12/2026"},
    }
    run = cli("import", "--lang", "en", str(fill(out / DOST, two_plans.base / DOST, answer)))
    assert run.exit_code == 0, run.stderr
    actuals = YAML(typ="safe").load((two_plans.root / "actuals" / "2026.yaml").read_text(encoding="utf-8"))
    form = load_workbook(out / DOST)["stiplan"]["B5"].value
    # one figure for the indicator both plans target, and task 1 (the first row: 843's task 1)
    assert actuals["indicators"] == {
        "gii_rank": {
            "value": 44,
            "of": 133,
            "source": "WIPO, GII 2026",
            "scope": "vietnam",
            "reported_by": "dost",
            "form": form,
        }
    }
    assert list(actuals["tasks"]) == [1] and actuals["tasks"][1]["status"] == "done"
    status = json.loads(cli("collect", "status", "2026", "--format", "json", "--as-of", "2026-12-14").stdout)
    dost = [a for a in status["agencies"] if a["agency"] == "dost"]
    assert len(dost) == 1 and dost[0]["state"] == "on_time"
    assert len(status["agencies"]) == 12  # per folder, each agency once


@pytest.mark.slow  # a whole round: out, tampered, imported
def test_a_tampered_joint_form_is_refused_as_today(two_plans: DataFolder) -> None:
    out = forms(two_plans, "joint")
    gii = row_of(out / DOST, "Chỉ tiêu", "gii_rank")
    base = two_plans.base
    other_plan = fill(out / DOST, base / "other-plan.xlsx", {"Nhiệm vụ chủ trì": {"J5": DOC_57}})  # row moved to 57
    no_plan = fill(out / DOST, base / "no-plan.xlsx", {"Nhiệm vụ chủ trì": {"J5": "Kế hoạch khác"}})
    row_gone = fill(out / DOST, base / "row-gone.xlsx", {"Chỉ tiêu": {f"A{gii}": "hdi"}})
    plans_cell = fill(out / DOST, base / "plans-cell.xlsx", {"Chỉ tiêu": {f"M{gii}": DOC_57}})
    before = sorted(p.name for p in (two_plans.root / "actuals").iterdir())
    found = []
    for path in (other_plan, no_plan, row_gone, plans_cell):  # one at a time: copies of one form conflict
        run = cli("import", "--lang", "en", str(path))
        assert run.exit_code == 1
        found += problems(run.stderr)
    assert sorted(found) == [
        ("no-plan.xlsx", "form-tampered"),
        ("other-plan.xlsx", "form-tampered"),
        (f"plans-cell.xlsx!Chỉ tiêu!M{gii}", "form-cell-changed"),
        ("row-gone.xlsx", "form-tampered"),
    ]
    assert sorted(p.name for p in (two_plans.root / "actuals").iterdir()) == before


def test_plans_with_different_collectors_are_refused_a_joint_form(two_plans: DataFolder) -> None:
    targets = two_plans.root / "plans" / P57 / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    assert text.count("  collector:\n    agency: dost\n") == 1
    targets.write_text(
        text.replace("  collector:\n    agency: dost\n", "  collector:\n    agency: dof\n"), encoding="utf-8"
    )
    run = cli("collect", "forms", "2026", "-o", str(two_plans.base / "f"), *SENT)
    assert run.exit_code == 2
    assert f"({P57}: dof, {P843}: dost)" in run.stderr and "--plan" in run.stderr
    assert not (two_plans.base / "f").exists() and not (two_plans.root / "collection").exists()
    forms(two_plans, "own", "--plan", P57)  # each plan's forms on their own still go


def test_a_plan_naming_no_collector_leaves_it_to_the_others() -> None:
    from stiplan.engine import collection as C
    from stiplan.models import ReportedBy
    from stiplan.store.reading import read_dataset

    ds = read_dataset(TWO_PLANS).dataset
    assert ds is not None
    silent = ds.plan(P57).model_copy(update={"collector": None})
    assert C.round_collector([silent, ds.plan(P843)]) == "dost"  # 843's collector (fixture: dost)
    assert C.round_collector([silent]) is None
    other = ds.plan(P57).model_copy(update={"collector": ReportedBy(agency="dof")})
    with pytest.raises(C.SeveralCollectors) as refused:
        C.round_collector([other, ds.plan(P843)])
    assert refused.value.refusal.params["collectors"] == {P57: "dof", P843: "dost"}
