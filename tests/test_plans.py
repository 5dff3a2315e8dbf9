"""A data folder of several plans (plans/<id>/), `--plan`, and amended targets.

The two-plan folder is the shipped data frozen (`TWO_PLANS`: Decision 843 and Resolution
57-NQ/TW); amendments are tested on FIXTURES only (no real amendment of either plan was found,
see sources/57-NQ-TW-2024.transcription.md §7). Every expected number is worked out by hand in
the comment beside it, from the figures in the fixture files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import INDICATORS, PLAN, TWO_PLANS, DataFolder, cli

P843, P57 = "vinh_phuc_843_2023", "tw57_2024"

# The 57 plan's 23 numeric indicators (data: plans/tw57_2024/targets.yaml), counted by hand: 18
# of the first transcription, and the 5 whose kinds came with part B (T11, T14, T17, T18 × 2).
INDICATORS_57 = {
    "digital_competitiveness_rank_sea",
    "digital_competitiveness_rank_world",
    "egdi_rank_sea",
    "egdi_rank_world",
    "ai_rd_rank_sea",
    "digital_tech_enterprises_on_par",
    "tfp_contribution_gdp",
    "high_tech_export_share",
    "digital_economy_share_gdp",
    "online_public_service_use_rate",
    "cashless_transaction_share",
    "innovative_enterprise_share_national",
    "rd_spending_share_gdp",
    "rd_spending_nonstate_share",
    "rd_personnel_per_10k_national",
    "st_organisations_ranked_intl",
    "patent_commercialisation_rate",
    "gii_rank",
    "hdi_national",
    "sti_dx_budget_share",
    "intl_publications",
    "patent_applications",
    "patent_grants",
}


def _json(*args: str, exit_code: int = 0) -> dict[str, Any]:
    run = cli(*args)
    assert run.exit_code == exit_code, run.stderr
    body: dict[str, Any] = json.loads(run.stdout)
    return body


def _milestone(indicator: dict[str, Any], year: int) -> dict[str, Any]:
    found: dict[str, Any] = next(m for m in indicator["milestones"] if m["milestone"] == year)
    return found


def _by_plan(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {part["plan"]["id"]: part for part in body["plans"]}


def _gii(part: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in part["indicators"] if i["id"] == "gii_rank")
    return found


# --- the shipped folder of two plans ---------------------------------------------------------------


def test_the_two_plan_folder_validates_strictly_each_plan_against_its_own_period() -> None:
    # 57's 2045 targets lie outside 843's period 2023-2030 and are still valid: each plan's own.
    run = cli("validate", "--strict", "--data", str(TWO_PLANS))
    assert run.exit_code == 0, run.stdout


def test_a_2045_target_in_843_is_outside_843s_period(two_plans: DataFolder) -> None:
    path = two_plans.root / "plans" / P843 / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - {year: 2030, kind: rank_within, value: 40}\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, old + "      - {year: 2045, kind: rank_within, value: 30}\n"), encoding="utf-8")
    found = [p for p in _json("validate", "--format", "json", exit_code=1)["problems"] if p["severity"] == "error"]
    assert [(p["code"], p["path"], p["params"]["end"]) for p in found] == [
        ("target-year-outside-period", f"data/plans/{P843}/targets.yaml", 2030)
    ]


def test_status_shows_both_plans_grouped_and_named() -> None:
    body = _json("status", "--data", str(TWO_PLANS), "--as-of", "2026", "--format", "json")
    parts = _by_plan(body)
    assert set(parts) == {P843, P57}
    assert parts[P57]["plan"]["document"] == "57-NQ/TW" and parts[P843]["plan"]["document"] == "843/QĐ-UBND"
    assert parts[P57]["milestones"] == [2030, 2045] and parts[P843]["milestones"] == [2025, 2030]
    assert {i["id"] for i in parts[P57]["indicators"]} == INDICATORS_57
    text = cli("status", "--data", str(TWO_PLANS), "--as-of", "2026", "--all").stdout
    assert "Kế hoạch tw57_2024" in text and "Kế hoạch vinh_phuc_843_2023" in text


def test_the_national_gii_is_one_series_judged_against_each_plans_target() -> None:
    parts = _by_plan(_json("status", "--data", str(TWO_PLANS), "--as-of", "2026", "--format", "json"))
    g843, g57 = _milestone(_gii(parts[P843]), 2030), _milestone(_gii(parts[P57]), 2045)
    # One series: the latest GII rank is 44 (2025 edition) in both.
    assert g843["latest"] == g57["latest"] == {"year": 2025, "value": 44.0}
    # 843: top 40 by 2030 → 4 ranks to go, (40 − 44) / (2030 − 2025) = −0.8 a year.
    assert (g843["threshold"], g843["gap"]) == (40.0, 4.0)
    assert g843["required_yearly_change"] == pytest.approx(-0.8)
    # 57: top 30 by 2045 → 14 ranks to go, (30 − 44) / (2045 − 2025) = −0.7 a year.
    assert (g57["threshold"], g57["gap"]) == (30.0, 14.0)
    assert g57["required_yearly_change"] == pytest.approx(-0.7)


def test_a_national_figure_recorded_once_serves_both_plans(two_plans: DataFolder) -> None:
    run = cli(
        "record", "gii_rank", "2026", "42", "--of", "139", "--scope", "vietnam", "--source", "WIPO GII 2026 (test)"
    )
    assert run.exit_code == 0, run.stderr
    text = (two_plans.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    assert text.count("gii_rank:") == 1
    parts = _by_plan(_json("status", "--as-of", "2026", "--format", "json"))
    g843, g57 = _milestone(_gii(parts[P843]), 2030), _milestone(_gii(parts[P57]), 2045)
    assert g843["latest"] == g57["latest"] == {"year": 2026, "value": 42.0}
    # 843: 42 − 40 = 2 to go, (40 − 42) / (2030 − 2026) = −0.5 a year.
    assert (g843["gap"], g843["required_yearly_change"]) == (2.0, pytest.approx(-0.5))
    # 57: 42 − 30 = 12 to go, (30 − 42) / (2045 − 2026) = −12/19 a year.
    assert (g57["gap"], g57["required_yearly_change"]) == (12.0, pytest.approx(-12 / 19))


def test_plan_narrows_status_to_one_plan_shaped_as_a_one_plan_folder() -> None:
    body = _json("status", "--data", str(TWO_PLANS), "--plan", P57, "--as-of", "2026", "--format", "json")
    assert "plans" not in body
    assert {i["id"] for i in body["indicators"]} == INDICATORS_57


@pytest.mark.parametrize("command", [["status"], ["tasks"], ["export", "--format", "json"], ["report"]])
def test_an_unknown_plan_is_a_usage_error_with_did_you_mean(command: list[str]) -> None:
    run = cli(*command, "--data", str(TWO_PLANS), "--plan", "tw57")
    assert run.exit_code == 2
    assert "có phải là 'tw57_2024'?" in run.stderr and "vinh_phuc_843_2023" in run.stderr  # --lang vi, the default


def test_tasks_list_every_plan_and_name_the_one_without_tasks() -> None:
    parts = _by_plan(_json("tasks", "--data", str(TWO_PLANS), "--as-of", "2026", "--format", "json"))
    assert parts[P843]["count"] == 87  # 843's appendix numbers its tasks 1-87
    assert parts[P57] == {"plan": parts[P57]["plan"]}  # 57 assigns no task to a provincial agency
    text = cli("tasks", "--data", str(TWO_PLANS), "--as-of", "2026", "--all").stdout
    assert "Kế hoạch tw57_2024" in text and "Kế hoạch này không có danh sách nhiệm vụ." in text


def test_export_groups_the_plans(tmp_path: Path) -> None:
    parts = _by_plan(_json("export", "--data", str(TWO_PLANS), "--format", "json", "--as-of", "2026"))
    assert set(parts) == {P843, P57}
    gii_targets = {
        p: [r["target"] for r in part["indicators"] if r["indicator"] == "gii_rank"] for p, part in parts.items()
    }
    assert gii_targets == {P843: ["trong nhóm 40 đứng đầu"], P57: ["trong nhóm 30 đứng đầu"]}
    out = tmp_path / "csv"
    assert cli("export", "--data", str(TWO_PLANS), "--format", "csv", "-o", str(out), "--as-of", "2026").exit_code == 0
    indicators = (out / "indicators.csv").read_text(encoding="utf-8").splitlines()
    assert indicators[0].startswith("plan,indicator,")
    assert sorted(r.split(",")[0] for r in indicators if ",gii_rank," in r) == [P57, P843]
    actuals = (out / "actuals.csv").read_text(encoding="utf-8").splitlines()
    assert actuals[0].startswith("plans,indicator,")
    gii_2025 = [r for r in actuals if ",gii_rank," in r and ",2025," in r]
    assert len(gii_2025) == 1  # one figure, shared: listed once, with both plans
    assert gii_2025[0].startswith(f"{P57}; {P843},")


def test_report_needs_a_plan_when_the_folder_has_several() -> None:
    # (collect forms does not: it writes one joint form per agency, tests/test_joint_forms.py)
    run = cli("report", "--data", str(TWO_PLANS))
    assert run.exit_code == 2
    assert "có 2 kế hoạch (tw57_2024, vinh_phuc_843_2023)" in run.stderr  # --lang vi, the default


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.parametrize(
    ("plan", "own", "other"), [(P57, "57-NQ/TW", "843/QĐ-UBND"), (P843, "843/QĐ-UBND", "57-NQ/TW")]
)
@pytest.mark.slow  # renders each plan's Word report
def test_report_speaks_only_of_its_plan(tmp_path: Path, plan: str, own: str, other: str) -> None:
    memo = cli("report", "--data", str(TWO_PLANS), "--plan", plan, "--as-of", "2026", "--no-charts")
    assert memo.exit_code == 0, memo.stderr
    assert own in memo.stdout and other not in memo.stdout
    out = tmp_path / "bao-cao.docx"
    run = cli(
        "report",
        "--data",
        str(TWO_PLANS),
        "--plan",
        plan,
        "--as-of",
        "2026",
        "--format",
        "docx",
        "-o",
        str(out),
        "--no-charts",
    )
    assert run.exit_code == 0, run.stderr
    text = _docx_text(out)
    assert own in text and other not in text
    # An indicator only the other plan targets is not in it.
    only_other = "EGDI" if plan == P843 else "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng GRDP"
    assert only_other not in text and only_other not in memo.stdout


@pytest.mark.parametrize(
    ("plan", "present", "absent"),
    [
        (P57, "egdi_rank_world", "tfp_contribution"),
        pytest.param(P843, "tfp_contribution", "egdi_rank_world", marks=pytest.mark.slow),  # 57's is the fast one
    ],
)
def test_collection_forms_ask_only_for_the_plan_named(
    two_plans: DataFolder, plan: str, present: str, absent: str
) -> None:
    out = two_plans.base / "forms"
    run = cli(
        "collect", "forms", "2026", "-o", str(out), "--deadline", "2027-01-15", "--date", "2026-12-01", "--plan", plan
    )
    assert run.exit_code == 0, run.stderr
    forms = sorted(out.glob("*.xlsx"))
    if plan == P57:
        assert len(forms) == 1  # 57 names no provincial agency: only the Department's form
    # Both plans make the Department (dost) their collector: its form asks for the figures.
    ws = load_workbook(out / "so-khoa-hoc-va-cong-nghe-dost-2026.xlsx")["Chỉ tiêu"]
    ids = {str(row[0]) for row in ws.iter_rows(values_only=True) if row and row[0]}
    assert present in ids and absent not in ids
    if plan == P57:
        assert ids >= INDICATORS_57


def test_rollup_gives_a_row_per_plan_of_a_folder() -> None:
    body = _json("rollup", str(TWO_PLANS), "--as-of", "2026", "--format", "json")
    rows = body["plans"]
    assert sorted(r["plan"] for r in rows) == [P57, P843]


# --- amended targets (fixtures only) ---------------------------------------------------------------

# dti_rank (line 21-27 of the tiny targets.yaml) gets a second 2025 target set by an amendment in
# force from 1/6/2024: top 15 instead of top 20. The 2022 figure is 18 of 63.
AMENDED = INDICATORS.replace(
    "      - {year: 2025, kind: rank_within, value: 20}\n",
    "      - {year: 2025, kind: rank_within, value: 20}\n"
    "      - year: 2025\n"
    "        kind: rank_within\n"
    "        value: 15\n"
    "        amended_by:\n"
    '          document_type: "Quyết định"\n'
    '          number: "99/QĐ-UBND"\n'
    "          date: 2024-05-20\n"
    '          clause: "Điều 1"\n'
    '          text: "Điều chỉnh chỉ tiêu: thuộc nhóm 15 tỉnh đứng đầu về chỉ số DTI"\n'
    "          in_force_from: 2024-06-01\n",
)
assert AMENDED != INDICATORS


def _dti_2025(as_of: str) -> dict[str, Any]:
    body = _json("show", "dti_rank", "--as-of", as_of, "--format", "json")
    return {"milestone": _milestone(body["indicator"], 2025), "amendments": body["amendments"]}


@pytest.mark.parametrize(
    ("as_of", "threshold", "gap"),
    [
        ("2023", 20.0, -2.0),  # 2023's cut-off, before 1/6/2024: the original; 18 − 20 = 2 ranks ahead
        ("2024-05-31", 20.0, -2.0),  # the last day before the amendment
        ("2024-06-01", 15.0, 3.0),  # its first day: top 15; 18 − 15 = 3 to go
        ("2024-12-31", 15.0, 3.0),
    ],
)
def test_the_target_in_force_on_the_judging_day_is_the_one_judged(
    data: DataFolder, as_of: str, threshold: float, gap: float
) -> None:
    data.write_targets(AMENDED)
    assert cli("validate", "--strict").exit_code == 0
    m = _dti_2025(as_of)["milestone"]
    assert (m["threshold"], m["gap"]) == (threshold, gap)


def test_show_and_report_name_the_amendment_and_the_original(data: DataFolder) -> None:
    data.write_targets(AMENDED)
    after = cli("show", "dti_rank", "--as-of", "2026").stdout
    assert "mục tiêu điều chỉnh theo Quyết định số 99/QĐ-UBND ngày " in " ".join(after.split())
    assert "mục tiêu ban đầu: trong nhóm 20 đứng đầu" in " ".join(after.split())
    before = " ".join(cli("show", "dti_rank", "--as-of", "2023").stdout.split())
    assert "Quyết định số 99/QĐ-UBND" in before and "điều chỉnh thành trong nhóm 15 đứng đầu" in before
    amendments = _dti_2025("2026")["amendments"]
    assert amendments[0]["in_force"]["number"] == "99/QĐ-UBND"
    assert [o["target"]["value"] for o in amendments[0]["superseded_or_pending"]] == [20.0]
    memo = " ".join(cli("report", "--as-of", "2026", "--no-charts").stdout.split())
    assert (
        "mục tiêu điều chỉnh theo Quyết định số 99/QĐ-UBND" in memo
        and "mục tiêu ban đầu: trong nhóm 20 đứng đầu" in memo
    )


def test_two_amendments_in_force_from_one_day_are_a_located_error(data: DataFolder) -> None:
    twice = AMENDED.replace("value: 15\n", "value: 15\n", 1)
    second = twice[twice.index("      - year: 2025\n") : twice.index("  - id: st_enterprises")]
    data.write_targets(twice.replace(second, second + second.replace("value: 15", "value: 10")))
    found = _json("validate", "--format", "json", exit_code=1)["problems"]
    # PLAN is 13 lines; dti_rank's targets: original on line 27, amendment on lines 28-37 (10
    # lines: year, kind, value, amended_by and its 6 fields), the second amendment from line 38.
    assert [(p["code"], p["line"], p["params"]["day"], p["params"]["other_line"]) for p in found] == [
        ("targets-in-force-together", 38, "2024-06-01", 28)
    ]


def test_plan_text_is_unchanged_for_a_one_plan_folder() -> None:
    assert PLAN.startswith("plan:\n  id: test_plan\n")


# --- diff: through one plan, naming the amending document -----------------------------------------


def _git(base: Path, *args: str) -> None:
    import subprocess

    from conftest import git_env

    subprocess.run(["git", "-C", str(base), *args], env=git_env(), capture_output=True, text=True, check=True)


def _committed(folder: DataFolder) -> None:
    _git(folder.base, "init", "-q", "-b", "main")
    _git(folder.base, "add", "-A")
    _git(folder.base, "commit", "-q", "--no-gpg-sign", "-m", "data")


@pytest.mark.slow
def test_diff_of_a_two_plan_folder_goes_through_the_plan_named(two_plans: DataFolder) -> None:
    _committed(two_plans)
    path = two_plans.root / "plans" / P57 / "targets.yaml"
    old = "      - {year: 2045, kind: rank_within, value: 30}\n"
    path.write_text(path.read_text(encoding="utf-8").replace(old, old.replace("30", "25")), encoding="utf-8")
    run = cli("diff", "HEAD", "--data", "data", "--as-of", "2026")
    assert run.exit_code == 2 and "có 2 kế hoạch" in run.stderr  # --lang vi, the default
    body = _json("diff", "HEAD", "--data", "data", "--as-of", "2026", "--format", "json", "--plan", P57)
    assert [
        (t["indicator"], t["year"], t["old"][0]["value"], t["new"][0]["value"]) for t in body["targets_changed"]
    ] == [("gii_rank", 2045, 30.0, 25.0)]
    # Through 843 the same change is not one: 843's GII target is its own, unchanged.
    assert (
        _json("diff", "HEAD", "--data", "data", "--as-of", "2026", "--format", "json", "--plan", P843)[
            "targets_changed"
        ]
        == []
    )


def test_diff_names_the_amending_document(data: DataFolder) -> None:
    _committed(data)
    data.write_targets(AMENDED)
    text = " ".join(cli("diff", "HEAD", "--data", "data", "--as-of", "2026").stdout.split())
    assert "theo Quyết định số 99/QĐ-UBND ngày" in text


def test_the_load_cache_keeps_every_plan(two_plans: DataFolder) -> None:
    from stiplan.actions.loading import load_dataset, load_dataset_cached

    fresh = load_dataset(two_plans.root).dataset
    load_dataset_cached(two_plans.root)  # stores it
    restored = load_dataset_cached(two_plans.root).dataset  # reads it back
    assert fresh is not None and restored is not None and restored is not fresh
    assert restored.plan_ids == fresh.plan_ids == [P57, P843]
    for plan in (P57, P843):
        assert restored.for_plan(plan).targets == fresh.for_plan(plan).targets
        assert restored.for_plan(plan).tasks == fresh.for_plan(plan).tasks
    # A change to one plan's file misses the cache.
    path = two_plans.root / "plans" / P57 / "targets.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 30}", "value: 25}"), encoding="utf-8")
    changed = load_dataset_cached(two_plans.root).dataset
    assert changed is not None
    assert [t.value for i in changed.plan_indicators(P57) if i.id == "gii_rank" for t in i.targets] == [25.0]


def test_collect_status_counts_what_each_agency_owes_across_plans_once() -> None:
    body = _json("collect", "status", "2026", "--data", str(TWO_PLANS), "--as-of", "2026-12-20", "--format", "json")
    dost = next(a for a in body["agencies"] if a["agency"] == "dost")
    # The Department collects for both plans: 843's 16 indicators and 57's 23, the GII (in
    # both) once: 16 + 23 − 1 = 38 figures, none recorded yet for 2026.
    assert dost["indicators"] == 38
    figures = [m for m in dost["missing"] if not m.startswith("task ")]
    assert len(figures) == 38 and figures.count("gii_rank") == 1
    assert set(figures) >= INDICATORS_57 and "tfp_contribution" in figures


def test_57_targets_of_part_b_kinds_and_its_goals() -> None:
    """T11, T14, T17, T18 are targets of their own kinds; T20, T22, T23 and Q1–Q17 stay goals.

    Counted by hand from plans/tw57_2024/targets.yaml: 23 indicators and 3 + 17 = 20 goals.
    """
    body = _json("status", "--data", str(TWO_PLANS), "--plan", P57, "--format", "json")
    targets = {
        i["id"]: {k: v for k, v in _milestone(i, 2030)["target"].items() if v is not None}
        for i in body["indicators"]
        if i["id"]
        in {"hdi_national", "sti_dx_budget_share", "intl_publications", "patent_applications", "patent_grants"}
    }
    assert targets == {
        # "duy trì trên 0,7": kept above every year; 2025 is the plan's period start (stiplan's reading).
        "hdi_national": {"year": 2030, "kind": "keep_above", "value": 0.7, "period_start": 2025},
        # "ít nhất 3% tổng chi ngân sách hằng năm"
        "sti_dx_budget_share": {"year": 2030, "kind": "keep_at_least", "value": 3.0, "period_start": 2025},
        # "tăng trung bình 10%/năm", no base year of its own
        "intl_publications": {"year": 2030, "kind": "average_growth", "value": 10.0},
        # "tăng trung bình 16 - 18%/năm", one rate read for each of the two series
        "patent_applications": {"year": 2030, "kind": "average_growth_range", "min": 16.0, "max": 18.0},
        "patent_grants": {"year": 2030, "kind": "average_growth_range", "min": 16.0, "max": 18.0},
    }
    # The growth runs from stiplan's default base year, labelled as such: 2025 − 1 = 2024.
    intl = next(i for i in body["indicators"] if i["id"] == "intl_publications")
    components = _milestone(intl, 2030)["components"]
    assert (components["base_year"], components["base_year_origin"]) == (2024, "default")
    goals = {g["id"] for g in body["goals"]}
    assert len(goals) == 20
    assert {"leading_tech_orgs_attracted", "strategic_tech_budget_share", "sectoral_digital_economy_share"} <= goals
    assert not goals & set(targets)
    run = cli("status", "--data", str(TWO_PLANS), "--plan", P57)
    assert run.exit_code == 0, run.stderr
    assert "23 chỉ tiêu định lượng và 20 mục tiêu định tính" in " ".join(run.stdout.split())
