"""The yearly collection round trip on a copy of the shipped data: forms out, filled in as a
clerk would (with openpyxl), imported back, and who still owes what.

The shipped plan asks every indicator of the DOST (plan.collector); the tests give the S&T
budget share to the Department of Finance (`reported_by`), as docs/collection-round.md suggests, so that
there is a small form, so-tai-chinh-dof-2026.xlsx, with one figure and no task.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from ruamel.yaml import YAML

from conftest import (
    ACTUALS_2022,
    AGENCIES,
    FROZEN,
    PROBLEM_LINE,
    DataFolder,
    built_once,
    cli,
    copy_built,
    parse_problem,
)

openpyxl = pytest.importorskip("openpyxl")

DOF_FORM = "so-tai-chinh-dof-2026.xlsx"
DOST_FORM = "so-khoa-hoc-va-cong-nghe-dost-2026.xlsx"
DEADLINE = "20/12/2026"

# Rows of the DOST form's indicator sheet: data start on row 5, in targets.yaml's order
# (tfp_contribution 5, agri_good_practice_share 6, agri_high_tech_share 7,
# digital_economy_share 8, dti_rank 9, high_tech_manufacturing_share 10, hdi 11, gii_rank 12,
# st_investment_share_grdp 13, rd_staff_per_10k 14, ...). Input columns: G value, H out of,
# I scope, J source, K note (A id, B name, C unit, D-F the three earlier years).
# Task sheet: rows from 5 in the plan's order; E state, F report number, G date, H note.
MERGED = "tỉnh Phú Thọ mới (hợp nhất Vĩnh Phúc, Hòa Bình, Phú Thọ từ 1/7/2025)"


def give_budget_share_to_finance(folder: DataFolder) -> None:
    path = folder.root / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = '      - "Clause 3.a of the section the source numbers'
    assert text.count(anchor) == 1
    head, tail = text.split(anchor)
    line_end = tail.index("\n") + 1
    addition = (
        "    reported_by:\n"
        "      agency: dof\n"
        '      note: "Not assigned by the plan; the Department of Finance holds the budget figures."\n'
    )
    path.write_text(head + anchor + tail[:line_end] + addition + tail[line_end:], encoding="utf-8")


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data with the 2026 forms sent on 27/11/2026, due 20/12/2026 (built once a
    session and only read: four modules import this fixture, and `round2026` copies it)."""
    return built_round("phu_tho_merged")


def built_round(scope: str | None) -> Path:
    """The shipped data, the budget share asked of Finance, the Department's decision on the
    scope that counts after the merger (if any), and the 2026 forms sent on 27/11/2026: built
    once a session (`built_once`), only read."""

    def build(base: Path) -> None:
        shutil.copytree(FROZEN, base / "data")
        give_budget_share_to_finance(DataFolder(base))
        if scope is not None:
            decide_scope(DataFolder(base), scope)
        assert cli("validate", "--data", str(base / "data")).exit_code == 0
        run = cli(
            "collect", "forms", "2026", "-o", str(base / "forms"), "--deadline", DEADLINE, "--date", "2026-11-27",
            "--data", str(base / "data"),
        )  # fmt: skip
        assert run.exit_code == 0, run.stderr

    return built_once(f"the shipped plan's 2026 round, budget share to dof, scope decided: {scope}", build)


@pytest.fixture
def round2026(shipped: DataFolder, tmp_path: Path, _template: Path) -> Path:
    """A fresh copy of the template's data (as `shipped`) and forms; returns the forms' folder."""
    shutil.rmtree(shipped.root)
    shutil.copytree(_template / "data", shipped.root)
    shutil.copytree(_template / "forms", tmp_path / "forms")
    return tmp_path / "forms"


def fill(src: Path, dst: Path, cells: dict[str, dict[str, object]]) -> Path:
    """Open a form as a clerk would, type (or paste) into cells, save it under another name."""
    wb = load_workbook(src)
    for sheet, values in cells.items():
        for ref, value in values.items():
            wb[sheet][ref] = value
    wb.save(dst)
    return dst


def dof_filled(forms: Path, tmp_path: Path, value: object = "1,8") -> Path:
    return fill(
        forms / DOF_FORM,
        tmp_path / DOF_FORM,
        {"Chỉ tiêu": {"G5": value, "I5": MERGED, "J5": "Báo cáo 12/BC-STC ngày 10/12/2026", "K5": "dự toán"}},
    )


def dost_clean(forms: Path, tmp_path: Path, name: str = DOST_FORM) -> Path:
    return fill(
        forms / DOST_FORM,
        tmp_path / name,
        {
            "Chỉ tiêu": {
                "G14": "12.5",  # rd_staff_per_10k, typed with a dot
                "I14": MERGED,
                "J14": "Cục Thống kê, Niên giám 2026",
                "K14": "tỉnh Phú Thọ mới",
            },
            "Nhiệm vụ chủ trì": {"E5": "Hoàn thành", "F5": "45/BC-SKHCN", "G5": "10/12/2026"},
        },
    )


def problems(text: str) -> list[tuple[str, str]]:
    """(where, code) of each problem line; other lines (the refusal, 'left out') are skipped."""
    return [(p.path, p.code) for p in map(parse_problem, filter(PROBLEM_LINE.match, text.splitlines()))]


def sent_agencies(folder: DataFolder, year: int) -> list[str]:
    log = YAML(typ="safe").load((folder.root / "collection" / f"{year}.yaml").read_text(encoding="utf-8"))
    return [e["agency"] for e in log["events"] if e["kind"] == "sent"]


# --- forms out -----------------------------------------------------------------------------


def test_one_form_per_agency_that_owes_something(shipped: DataFolder, round2026: Path) -> None:
    # Worked out by hand from tasks.yaml and agencies.yaml. No task has a report, so all 87
    # are still to report in 2026. Leads: dost 26, dpi 9, dard 8, doh 7, doc 7, dic 6, doit 6,
    # docst 3, doet 3, dohome 2, police 2, donre 2, dolisa 2, ethnic_committee 1,
    # vinh_yen_committee 1, usta 1, youth_union 1. On 14/12/2026 (the period's end) the
    # successions of 2025 are in force: dpi → dof, dard and donre → dae, dic → dost (its only
    # successor), dolisa → dohome (the first of three partial successors), ethnic_committee →
    # ethnic_religion, vinh_yen_committee → commune_committees, a collective no form can go to.
    # The DOST is asked for 15 indicators, the Department of Finance for the budget share.
    expected = {
        "dost": (15, 26 + 6),
        "dof": (1, 9),
        "dae": (0, 8 + 2),
        "doh": (0, 7),
        "doc": (0, 7),
        "doit": (0, 6),
        "docst": (0, 3),
        "doet": (0, 3),
        "dohome": (0, 2 + 2),
        "police": (0, 2),
        "ethnic_religion": (0, 1),
        "usta": (0, 1),
        "youth_union": (0, 1),
    }
    log = YAML(typ="safe").load((shipped.root / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    sent = {e["agency"]: (e["indicators"], e["tasks"]) for e in log["events"] if e["kind"] == "sent"}
    assert sent == expected
    names = sorted(p.name for p in round2026.iterdir())
    assert len(names) == 13 and DOF_FORM in names and DOST_FORM in names
    assert "so-nong-nghiep-va-moi-truong-dae-2026.xlsx" in names  # dae, the successor
    assert "so-ke-hoach-va-dau-tu-dpi-2026.xlsx" not in names  # dpi, gone since 1/3/2025
    status = json.loads(cli("collect", "status", "2026", "--format", "json").stdout)
    # the frozen fixture records no agency as ended (the shipped data ends the Youth Union: test_ended_agency)
    assert status["not_asked"] == {"indicators": [], "tasks_led_by_collectives": [59], "tasks_of_ended_agencies": []}


def test_the_form_is_protected_validated_and_identified(round2026: Path) -> None:
    wb = load_workbook(round2026 / DOF_FORM)
    backlog = "Báo cáo bổ sung các năm trước"  # the shipped data holds no task report of 2023-2025
    sheets = ["Hướng dẫn", "Danh mục", "Chỉ tiêu", "Nhiệm vụ chủ trì", backlog, "Nhiệm vụ phối hợp", "stiplan"]
    assert wb.sheetnames == sheets
    assert wb["Danh mục"].sheet_state == "hidden" and wb["stiplan"].sheet_state == "veryHidden"
    intro = [c.value for c in wb["Hướng dẫn"]["A"] if c.value]
    assert "Cơ quan báo cáo: Sở Tài chính" in intro
    assert "Hạn gửi lại: 20/12/2026, gửi Sở Khoa học và Công nghệ" in intro
    assert "Kỳ báo cáo: từ ngày 15/12/2025 đến ngày 14/12/2026" in intro  # Decree 09/2019's cut-off
    assert any(line.startswith("Từ ngày 01/7/2025 mỗi số liệu phải ghi rõ phạm vi") for line in intro)
    tasks = wb["Nhiệm vụ chủ trì"]  # the nine tasks of Sở Kế hoạch và Đầu tư, succeeded on 1/3/2025
    assert [tasks[f"I{r}"].value for r in range(5, 14)] == ["Sở Kế hoạch và Đầu tư"] * 9
    assert tasks["A14"].value is None
    ind = wb["Chỉ tiêu"]
    assert ind["A5"].value == "st_budget_share" and ind["A6"].value is None  # one figure asked
    assert ind.protection.sheet
    assert ind["A5"].protection.locked and ind["B5"].protection.locked
    assert not any(ind[f"{col}5"].protection.locked for col in "GHIJK")
    rules = {str(dv.sqref): dv for dv in ind.data_validations.dataValidation}
    assert (rules["G5"].type, rules["G5"].formula1, rules["G5"].formula2) == ("decimal", "0", "100")  # a percent
    assert rules["I5"].type == "list" and rules["I5"].formula1.startswith("'Danh mục'!$B$1")
    words = [c.value for c in wb["Danh mục"]["A"]]
    assert words == ["Chưa bắt đầu", "Đang thực hiện", "Hoàn thành", "Dừng thực hiện"]
    ident = {r[0]: r[1] for r in wb["stiplan"].iter_rows(values_only=True)}
    assert (ident["plan"], ident["year"], ident["agency"]) == ("vinh_phuc_843_2023", 2026, "dof")
    assert len(ident["form"]) == 16


def test_task_sheet_has_a_dropdown_of_states(round2026: Path) -> None:
    ws = load_workbook(round2026 / DOST_FORM)["Nhiệm vụ chủ trì"]
    assert ws["A5"].value == 1  # task 1 is the DOST's and the first of the plan
    assert ws["D5"].value == "Chưa có báo cáo"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and str(lists[0].sqref).startswith("E5:E")
    assert lists[0].formula1 == "'Danh mục'!$A$1:$A$4"


@pytest.mark.slow
def test_forms_are_deterministic_and_logged_once(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    log = (shipped.root / "collection" / "2026.yaml").read_bytes()
    again = tmp_path / "again"
    run = cli("collect", "forms", "2026", "-o", str(again), "--deadline", DEADLINE, "--date", "2026-11-28")
    assert run.exit_code == 0
    for path in round2026.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name
    assert (shipped.root / "collection" / "2026.yaml").read_bytes() == log  # the same forms: nothing new to log


def test_forms_need_a_deadline(shipped: DataFolder, tmp_path: Path) -> None:
    run = cli("collect", "forms", "2026", "-o", str(tmp_path / "f"))
    assert run.exit_code == 2 and "--deadline" in run.stderr
    assert not (shipped.root / "collection").exists()


# --- import --------------------------------------------------------------------------------


def test_bad_cells_are_all_located_and_nothing_is_written(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    log_before = (shipped.root / "collection" / "2026.yaml").read_bytes()
    dof = dof_filled(round2026, tmp_path)  # clean: 1,8 with a comma
    dost = fill(
        round2026 / DOST_FORM,
        tmp_path / DOST_FORM,
        {
            "Chỉ tiêu": {
                "G8": "khoảng 20",  # digital_economy_share: pasted text
                "J8": "Sở TT&TT",
                "G9": 70,  # dti_rank 70 of 63: out of range
                "H9": 63,
                "J9": "Bộ TT&TT",
            },
            "Nhiệm vụ chủ trì": {
                "E5": "xong",  # not a word of the dropdown (pasted)
                "F5": "45/BC-SKHCN",
                "E6": "Hoàn thành",
                "G6": "31/02/2026",  # no such day; and no report number
            },
        },
    )
    run = cli("import", "--lang", "en", str(dof), str(dost))
    assert run.exit_code == 1
    assert problems(run.stderr) == [
        (f"{DOST_FORM}!Chỉ tiêu!G8", "wrong-type"),
        (f"{DOST_FORM}!Chỉ tiêu!G9", "value-out-of-range"),
        (f"{DOST_FORM}!Nhiệm vụ chủ trì!E5", "unknown-status"),
        (f"{DOST_FORM}!Nhiệm vụ chủ trì!F6", "missing-source"),
        (f"{DOST_FORM}!Nhiệm vụ chủ trì!G6", "invalid-value"),
    ]
    assert "70 is not a valid rank" in run.stderr
    assert "choose from the list: Chưa bắt đầu, Đang thực hiện, Hoàn thành, Dừng thực hiện" in run.stderr
    assert not (shipped.root / "actuals" / "2026.yaml").exists()
    assert (shipped.root / "collection" / "2026.yaml").read_bytes() == log_before


EXPECTED_2026 = """\
# yaml-language-server: $schema=../../schema/actuals.schema.json
# Actual values for 2026, each with its source.
year: 2026
indicators:
  rd_staff_per_10k:
    value: 12.5
    source: "Cục Thống kê, Niên giám 2026"
    scope: phu_tho_merged
    note: "tỉnh Phú Thọ mới"
    reported_by: dost
    form: "{dost}"
  st_budget_share:
    value: 1.8
    source: "Báo cáo 12/BC-STC ngày 10/12/2026"
    scope: phu_tho_merged
    note: "dự toán"
    reported_by: dof
    form: "{dof}"
tasks:
  1:
    status: done
    source: "45/BC-SKHCN"
    date: "2026-12-10"
    reported_by: dost
    form: "{dost}"
"""


def form_ids(folder: DataFolder) -> dict[str, str]:
    log = YAML(typ="safe").load((folder.root / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    return {e["agency"]: e["form"] for e in log["events"] if e["kind"] == "sent"}


def test_clean_forms_record_exactly_the_intended_lines_once(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    dof, dost = dof_filled(round2026, tmp_path), dost_clean(round2026, tmp_path)
    # Files are taken by name (so-khoa-hoc… before so-tai-chinh…), whatever order they are given in.
    run = cli("import", "--lang", "en", str(dof), str(dost), "--received", "15/12/2026")
    assert run.exit_code == 0, run.stderr
    ids = form_ids(shipped)
    written = (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    assert written == EXPECTED_2026.format(dof=ids["dof"], dost=ids["dost"])
    assert "recorded indicator st_budget_share, 2026" in run.stdout
    log = (shipped.root / "collection" / "2026.yaml").read_bytes()
    assert log.decode().count("kind: received") == 2
    # The same forms again: nothing changes, not even the log.
    again = cli("import", "--lang", "en", str(dost), str(dof), "--received", "16/12/2026")
    assert again.exit_code == 0
    assert "nothing to change" in again.stdout
    assert (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8") == written
    assert (shipped.root / "collection" / "2026.yaml").read_bytes() == log
    assert cli("validate").exit_code == 0


def test_dry_run_prints_the_diff_and_writes_nothing(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    log = (shipped.root / "collection" / "2026.yaml").read_bytes()
    run = cli("import", "--lang", "en", str(dof_filled(round2026, tmp_path)), "--dry-run")
    assert run.exit_code == 0
    assert "+++ b/data/actuals/2026.yaml" in run.stdout
    assert "+    value: 1.8\n" in run.stdout
    assert "+  - kind: received\n" in run.stdout
    assert not (shipped.root / "actuals" / "2026.yaml").exists()
    assert (shipped.root / "collection" / "2026.yaml").read_bytes() == log


@pytest.mark.slow  # fills two forms and imports both
def test_a_form_imported_before_from_other_bytes_is_a_conflict_until_one_is_preferred(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    assert (
        cli("import", "--lang", "en", str(dof_filled(round2026, tmp_path)), "--received", "15/12/2026").exit_code == 0
    )
    (tmp_path / "b").mkdir()
    second = dof_filled(round2026, tmp_path / "b", value=2.1)
    run = cli("import", "--lang", "en", str(second))
    assert run.exit_code == 1
    [(where, code)] = problems(run.stderr)
    # the same form, already recorded from the first file (the log names it and its day): both named, and the cell
    assert (where, code) == (DOF_FORM, "form-copies")
    assert f"'{DOF_FORM}' and '{DOF_FORM}, received 2026-12-15'" in run.stderr
    assert "Chỉ tiêu!G5 (value: 1.8 → 2.1)" in run.stderr
    assert "value: 1.8\n" in (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    # --replace is for entries of other sources; the Department picks one of the two files
    assert cli("import", "--lang", "en", str(second), "--replace").exit_code == 1
    run = cli("import", "--lang", "en", str(second), "--prefer", str(second))
    assert run.exit_code == 0, run.stderr
    assert "replaced indicator st_budget_share, 2026" in run.stdout and "value: 1.8 → 2.1" in run.stdout
    assert "value: 2.1\n" in (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")


def test_a_value_recorded_otherwise_needs_replace(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    assert cli("record", "st_budget_share", "2026", "1.8", "--scope", "phu_tho_merged", "--note", "x",
               "--source", "Báo cáo 1/BC-STC").exit_code == 0  # fmt: skip
    form = dof_filled(round2026, tmp_path, value=2.1)
    run = cli("import", "--lang", "en", str(form))
    assert run.exit_code == 1
    assert problems(run.stderr) == [(f"{DOF_FORM}!Chỉ tiêu!G5", "already-recorded")]
    assert "value: 1.8 → 2.1" in run.stderr
    run = cli("import", "--lang", "en", str(form), "--replace")
    assert run.exit_code == 0, run.stderr
    assert "value: 2.1\n" in (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_partial_imports_the_clean_forms_and_names_the_others(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    dof = dof_filled(round2026, tmp_path)
    dost = fill(round2026 / DOST_FORM, tmp_path / DOST_FORM, {"Chỉ tiêu": {"G5": "140", "J5": "x"}})
    run = cli("import", "--lang", "en", str(dof), str(dost), "--partial", "--received", "2026-12-15")
    assert run.exit_code == 0
    assert problems(run.stderr) == [(f"{DOST_FORM}!Chỉ tiêu!G5", "value-out-of-range")]
    assert f"left out {DOST_FORM}" in run.stderr
    written = (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    assert "st_budget_share:" in written and "tfp_contribution" not in written
    log = YAML(typ="safe").load((shipped.root / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    received = {e["agency"]: (e["problems"], e["recorded"]) for e in log["events"] if e["kind"] == "received"}
    assert received == {"dof": (0, 1), "dost": (1, 0)}
    status = json.loads(cli("collect", "status", "2026", "--format", "json", "--as-of", "2026-12-18").stdout)
    rows = {r["agency"]: r for r in status["agencies"]}
    assert (rows["dof"]["state"], rows["dof"]["open_problems"]) == ("on_time", 0)
    assert (rows["dost"]["state"], rows["dost"]["open_problems"]) == ("waiting", 1)
    # The Department sends the DOST form back; the log says so and the problem stays open.
    run = cli("collect", "return", "2026", "Sở KH&CN", "--note", "G5: 140 %", "--date", "2026-12-16")
    assert run.exit_code == 0, run.stderr
    log = YAML(typ="safe").load((shipped.root / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    last = log["events"][-1]
    assert (last["kind"], last["agency"], last["form"], last["note"]) == (
        "returned",
        "dost",
        form_ids(shipped)["dost"],
        "G5: 140 %",
    )
    status = json.loads(cli("collect", "status", "2026", "--format", "json", "--as-of", "2026-12-18").stdout)
    rows = {r["agency"]: r for r in status["agencies"]}
    assert (rows["dost"]["returned"], rows["dost"]["open_problems"]) == ("2026-12-16", 1)


@pytest.mark.slow  # sends a 2025 round too, fills and imports four files
def test_form_of_another_year_plan_tampered_or_stale(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    # Last year's form, refilled: the round being imported is 2026 (the latest log).
    old = tmp_path / "old"
    assert cli("collect", "forms", "2025", "-o", str(old), "--deadline", "20/12/2025", "--agency", "dof").exit_code == 0
    old_form = fill(
        old / "so-tai-chinh-dof-2025.xlsx", tmp_path / "so-tai-chinh-dof-2025.xlsx", {"Chỉ tiêu": {"G5": 2}}
    )
    other_plan = fill(round2026 / DOF_FORM, tmp_path / "plan.xlsx", {"stiplan": {"B2": "another_plan"}})
    tampered = fill(round2026 / DOST_FORM, tmp_path / "tampered.xlsx", {"Chỉ tiêu": {"A5": "hdi"}})
    not_a_form = tmp_path / "notes.xlsx"
    not_a_form.write_text("not a workbook", encoding="utf-8")
    run = cli("import", "--lang", "en", str(old_form), str(other_plan), str(tampered), str(not_a_form))
    assert run.exit_code == 1
    assert sorted(problems(run.stderr)) == [
        ("notes.xlsx", "form-unreadable"),
        ("plan.xlsx!stiplan", "form-other-plan"),
        ("so-tai-chinh-dof-2025.xlsx!stiplan", "form-other-year"),
        ("tampered.xlsx", "form-tampered"),
    ]
    # the hint cannot record the 2025 form's answers under another year: it asks for this year's form
    assert "send back the 2026 form it was sent; nothing on the 2025 form is recorded" in run.stderr
    assert "--year" not in run.stderr
    # A later form to the same agency makes the first one stale.
    stale = dof_filled(round2026, tmp_path)
    targets = shipped.root / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace(
            "    unit: per_10k_people\n", "    unit: per_10k_people\n    reported_by: {agency: dof}\n"
        ),
        encoding="utf-8",
    )
    new = cli(
        "collect", "forms", "2026", "-o", str(tmp_path / "new"), "--deadline", DEADLINE, "--agency", "Sở Tài chính"
    )
    assert new.exit_code == 0 and [p.name for p in (tmp_path / "new").iterdir()] == [DOF_FORM]
    run = cli("import", "--lang", "en", str(stale))
    assert run.exit_code == 1 and problems(run.stderr) == [(DOF_FORM, "form-stale")]


@pytest.mark.slow  # sends a round in a copy of the data, fills and imports its form
def test_a_form_the_log_does_not_record_is_forged(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    """Anyone can make a well-formed form with a correct id (the id is an unkeyed hash): in a copy
    of the data, `collect forms` makes one. Imported into the Department's data, whose log
    records no such form, it is refused, and nothing is written."""
    copy = DataFolder(tmp_path / "copy")
    shutil.copytree(shipped.root, copy.root)
    shutil.rmtree(copy.root / "collection")  # the copy's own round: dof was never sent a form there
    targets = copy.root / "targets.yaml"  # ...and the copy asks dof for one more indicator (other rows)
    targets.write_text(
        targets.read_text(encoding="utf-8").replace(
            "    unit: per_10k_people\n", "    unit: per_10k_people\n    reported_by: {agency: dof}\n"
        ),
        encoding="utf-8",
    )
    made = cli(
        "collect",
        "forms",
        "2026",
        "-o",
        str(tmp_path / "made"),
        "--deadline",
        DEADLINE,
        "--agency",
        "dof",
        "--data",
        str(copy.root),
    )
    assert made.exit_code == 0, made.stderr
    forged = fill(tmp_path / "made" / DOF_FORM, tmp_path / "forged.xlsx", {"Chỉ tiêu": {"G5": 2, "J5": "x"}})
    before = {p.name: p.read_bytes() for p in (shipped.root / "actuals").iterdir()}
    run = cli("import", "--lang", "en", str(forged))  # the Department's log has dof's real form, not this one
    assert run.exit_code == 1 and problems(run.stderr) == [("forged.xlsx", "form-forged")]
    assert "it is not a form data/collection/2026.yaml records as sent to dof" in run.stderr
    shutil.rmtree(shipped.root / "collection")  # no round logged at all: no form was sent to anyone
    run = cli("import", "--lang", "en", str(dof_filled(round2026, tmp_path)))
    assert run.exit_code == 1 and problems(run.stderr) == [(DOF_FORM, "form-forged")]
    assert "records no form sent to dof" in run.stderr
    assert {p.name: p.read_bytes() for p in (shipped.root / "actuals").iterdir()} == before


# --- CSV -----------------------------------------------------------------------------------


def test_csv_in_the_long_form(shipped: DataFolder, tmp_path: Path) -> None:
    decide_scope(shipped, "phu_tho_merged")  # the figures below are for the merged province
    csv_path = tmp_path / "figures.csv"
    csv_path.write_text(
        "indicator,year,value,of,scope,source,note\n"
        'rd_staff_per_10k,2026,"12,5",,phu_tho_merged,Niên giám 2026,tỉnh mới\n'
        "st_budget_share,2026,120,,phu_tho_merged,Báo cáo STC,tỉnh mới\n",
        encoding="utf-8",
    )
    run = cli("import", "--lang", "en", str(csv_path))
    assert run.exit_code == 1
    [found] = [parse_problem(line) for line in run.stderr.splitlines() if "[" in line]
    # line 3 of the file; value is the third column
    assert (found.path, found.line, found.column, found.code) == ("figures.csv", 3, 3, "value-out-of-range")
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",120,", ",1.9,"), encoding="utf-8")
    typo = tmp_path / "typo.csv"  # 2062 for 2026: outside the plan's years 2013-2030, as record refuses it
    typo.write_text("indicator,year,value,of,scope,source,note\nhdi,2062,0.8,,vietnam,HDR,quốc gia\n", encoding="utf-8")
    run = cli("import", "--lang", "en", str(typo))
    assert run.exit_code == 1 and problems(run.stderr) == [("typo.csv", "invalid-value")]
    assert "2062 is outside the plan's years (2013–2030)" in run.stderr
    tasks_path = tmp_path / "tasks.csv"
    tasks_path.write_text("task,year,status,source,date\n12,2026,Đang thực hiện,Báo cáo 7/BC-SCT,10/12/2026\n")
    run = cli("import", "--lang", "en", str(csv_path), str(tasks_path))
    assert run.exit_code == 0, run.stderr
    text = (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    assert (
        '  rd_staff_per_10k:\n    value: 12.5\n    source: "Niên giám 2026"\n    scope: phu_tho_merged\n'
        '    note: "tỉnh mới"\n'
    ) in text
    assert '  12:\n    status: in_progress\n    source: "Báo cáo 7/BC-SCT"\n    date: "2026-12-10"\n' in text
    assert "reported_by" not in text  # an analyst's CSV names no reporting agency
    assert not (shipped.root / "collection").exists()  # nor is it a form to log


def test_the_exported_actuals_import_back_unchanged(shipped: DataFolder, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in (shipped.root / "actuals").iterdir()}
    assert cli("export", "--format", "csv", "-o", str(tmp_path / "x")).exit_code == 0
    run = cli("import", "--lang", "en", str(tmp_path / "x" / "actuals.csv"), str(tmp_path / "x" / "tasks.csv"))
    assert run.exit_code == 0, run.stderr
    assert "nothing to change" in run.stdout
    assert {p.name: p.read_bytes() for p in (shipped.root / "actuals").iterdir()} == before


# --- who owes what -------------------------------------------------------------------------


def test_status_names_who_has_not_reported(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    assert (
        cli("import", "--lang", "en", str(dof_filled(round2026, tmp_path)), "--received", "2026-12-15").exit_code == 0
    )
    run = cli("collect", "status", "2026", "--as-of", "2026-12-21")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    # dof owes 1 figure and the 9 tasks of Sở Kế hoạch và Đầu tư; the form brought the figure only.
    dof_line = "  Sở Tài chính (dof): đã nhận, đúng hạn; 10 mục phải báo cáo, hạn 20/12/2026, nhận 15/12/2026"
    # Its 9 tasks all started by 2023 and none was ever reported: 9 reports owed for each of 2023-2025.
    backlog = "2023: 9; 2024: 9; 2025: 9"
    assert f"{dof_line}, 9 mục chưa ghi nhận, còn thiếu báo cáo các năm trước: {backlog}" in lines
    assert any(line.startswith("  Sở Khoa học và Công nghệ (dost): quá hạn, chưa nhận;") for line in lines)
    n = len(sent_agencies(shipped, 2026))
    assert f"1/{n} cơ quan đã gửi báo cáo." in lines
    lines = cli("collect", "status", "2026", "--as-of", "2026-12-21", "--lang", "en").stdout.splitlines()
    assert (
        "  Department of Finance (dof): received on time; 10 expected, due 20 December 2026,"
        f" received 15 December 2026, 9 not recorded, past years' task reports still missing: {backlog}"
    ) in lines
    assert f"1 of {n} agencies have answered." in lines
    csv_text = cli("collect", "status", "2026", "--format", "csv", "--as-of", "2026-12-21").stdout
    header, *rows = csv_text.splitlines()
    assert header.startswith("agency,name,indicators,tasks,expected,sent,deadline,received,state")
    dof = next(r for r in rows if r.startswith("dof,"))
    assert dof.startswith("dof,Sở Tài chính,1,9,10,2026-11-27,2026-12-20,2026-12-15,on_time,0,,task ")
    assert dof.count("task ") == 9
    # Before the deadline nobody is late yet.
    early = json.loads(cli("collect", "status", "2026", "--format", "json", "--as-of", "2026-12-01").stdout)
    assert {r["state"] for r in early["agencies"] if r["agency"] != "dof"} == {"waiting"}


@pytest.mark.slow
def test_a_problem_only_validate_finds_points_at_the_cell(shipped: DataFolder, tmp_path: Path) -> None:
    # A plan that records no scope decision after the merger (forms sent all the same): a figure
    # for the merged province without a note is a warning of `validate` (scope-without-note), not
    # of the cell checks; under --strict it refuses the import, and it is reported at the form's
    # cell, the YAML line it would have kept as a hint.
    forms = decided_round(shipped, None)
    form = fill(
        forms / DOF_FORM,
        tmp_path / DOF_FORM,
        {"Chỉ tiêu": {"G5": "1,8", "I5": MERGED, "J5": "Báo cáo 12/BC-STC"}},
    )
    run = cli("import", "--lang", "en", str(form))  # as strict as the pre-commit hook
    assert run.exit_code == 1
    assert problems(run.stderr) == [
        (f"{DOF_FORM}!Chỉ tiêu!G5", "scope-without-note"),
        ("data/targets.yaml", "scope-undecided"),  # no scope decision: the figure would not be judged
    ]
    # data/actuals/2026.yaml as it would be: header 3 lines, 'indicators:' on 4,
    # 'st_budget_share:' on 5, value 6, source 7, scope on line 8, column 12.
    assert "at data/actuals/2026.yaml:8:12 as it would be written" in run.stderr
    assert not (shipped.root / "actuals" / "2026.yaml").exists()
    run = cli("import", "--lang", "en", str(form), "--no-strict")  # recorded, and the hook's refusal named
    assert run.exit_code == 0
    assert "the pre-commit hook (stiplan validate --strict) will refuse the 2 warning(s) above" in run.stderr


def test_a_percentage_typed_with_its_sign_is_read_as_percent(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    # Typed '1,8%' in Excel, the cell holds 0.018 formatted as a percentage; the budget
    # share is in percent, so 0.018 × 100 = 1.8 is recorded, not 0.018.
    wb = load_workbook(round2026 / DOF_FORM)
    ws = wb["Chỉ tiêu"]
    ws["G5"], ws["I5"], ws["J5"], ws["K5"] = 0.018, MERGED, "Báo cáo 12/BC-STC", "tỉnh mới"
    ws["G5"].number_format = "0.0%"
    wb.save(tmp_path / DOF_FORM)
    assert cli("import", "--lang", "en", str(tmp_path / DOF_FORM)).exit_code == 0
    assert "    value: 1.8\n" in (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")


def test_validate_checks_the_collection_logs(shipped: DataFolder) -> None:
    shipped.write(
        "collection/2026.yaml",
        """\
        year: 2025
        events:
          - kind: sent
            date: 2026-11-27
            agency: dofx
            form: "abc"
        """,
    )
    shipped.write("collection/2026-draft.yaml", "year: 2026\n")
    run = cli("validate")
    assert run.exit_code == 1
    lines = (run.stdout + run.stderr).splitlines()
    found = [(p.path, p.line, p.code) for p in map(parse_problem, filter(PROBLEM_LINE.match, lines))]
    assert found == [
        ("data/collection/2026-draft.yaml", None, "bad-file-name"),
        ("data/collection/2026.yaml", 1, "year-mismatch"),  # year: 2025 on line 1
        ("data/collection/2026.yaml", 5, "unknown-agency"),  # agency: dofx on line 5
    ]
    assert "có phải là 'dof'?" in run.stdout + run.stderr


def test_forms_dry_run_lists_the_forms_and_writes_nothing(shipped: DataFolder, tmp_path: Path) -> None:
    give_budget_share_to_finance(shipped)
    out = tmp_path / "f"
    run = cli("collect", "forms", "2026", "-o", str(out), "--deadline", DEADLINE, "--agency", "dof", "--dry-run")
    assert run.exit_code == 0
    assert f"{out / DOF_FORM}: Sở Tài chính" in run.stdout
    assert "+  - kind: sent\n" in run.stdout and "+    agency: dof\n" in run.stdout
    assert not out.exists() and not (shipped.root / "collection").exists()


def test_an_oversized_file_is_refused_before_it_is_read(shipped: DataFolder, tmp_path: Path) -> None:
    from stiplan.actions import intake

    big = tmp_path / "big.xlsx"
    with big.open("wb") as fh:  # sparse: 10 MiB + 1 byte without writing them
        fh.seek(intake.MAX_BYTES)
        fh.write(b"\0")
    run = cli("import", "--lang", "en", str(big))
    assert run.exit_code == 1 and problems(run.stderr) == [("big.xlsx", "file-too-large")]


def test_a_csv_of_too_many_rows_stops_at_the_first_row_past_the_limit(
    shipped: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit is 5,000 rows; run here at 40 (the same code reads the module's limit at each
    import, and 5,000 rows of figures would make this the slowest test of the fast loop): 40 rows
    are read, the 41st (line 42, after the header) is refused, named as rows."""
    from stiplan.actions import intake

    assert intake.MAX_ROWS == 5000
    monkeypatch.setattr(intake, "MAX_ROWS", 40)
    row = "hdi,2026,0.8,,vietnam,HDR,x\n"
    header = "indicator,year,value,of,scope,source,note\n"
    at_limit, past = tmp_path / "at_limit.csv", tmp_path / "past.csv"
    at_limit.write_text(header + row * 40, encoding="utf-8")
    past.write_text(header + row * 41, encoding="utf-8")
    assert "too-many-rows" not in cli("import", "--dry-run", "--lang", "en", str(at_limit)).stderr
    runs = {lang: cli("import", "--lang", lang, str(past)) for lang in ("vi", "en")}
    for run in runs.values():
        assert run.exit_code == 1
        [found] = [parse_problem(x) for x in run.stderr.splitlines() if "too-many-rows" in x]
        assert (found.path, found.line, found.code) == ("past.csv", 42, "too-many-rows")
    assert "past.csv:42: error[too-many-rows]: tệp có hơn 40 dòng, vượt giới hạn" in runs["vi"].stderr
    assert "past.csv:42: error[too-many-rows]: file has more than 40 rows; reading stopped" in runs["en"].stderr
    assert "bytes" not in runs["en"].stderr and "byte" not in runs["vi"].stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_not_waited_on(shipped: DataFolder, tmp_path: Path) -> None:
    pipe = tmp_path / "form.xlsx"
    os.mkfifo(pipe)
    run = cli("import", "--lang", "en", str(pipe))
    assert run.exit_code == 1 and problems(run.stderr) == [("form.xlsx", "form-unreadable")]
    assert "not a regular file" in run.stderr


@pytest.mark.slow
def test_the_report_names_the_agencies_past_their_deadline(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    """Section III of the Word report names each agency whose form deadline has passed with no
    clean form back; before the deadline it names nobody."""
    from docx import Document

    assert (
        cli("import", "--lang", "en", str(dof_filled(round2026, tmp_path)), "--received", "2026-12-15").exit_code == 0
    )
    n = len(sent_agencies(shipped, 2026))

    def round_sentences(as_of: str) -> list[str]:
        out = tmp_path / f"bao-cao-{as_of}.docx"
        run = cli("report", "--format", "docx", "--no-charts", "-o", str(out), "--as-of", as_of)
        assert run.exit_code == 0, run.stderr
        texts = [p.text for p in Document(str(out)).paragraphs]
        start = texts.index("III. TỒN TẠI, HẠN CHẾ")
        end = next(i for i, text in enumerate(texts) if text.startswith("IV."))
        return [text for text in texts[start + 1 : end] if "biểu thu thập" in text]

    # Forms went to n agencies on 27/11/2026, due 20/12/2026; only dof's came back (15/12/2026),
    # so on 21/12/2026 the other n − 1 are late, each named with its deadline.
    (late,) = round_sentences("2026-12-21")
    assert late.startswith(  # each shortcoming is a dash paragraph
        f"- {n - 1}/{n} cơ quan đã quá hạn nhưng chưa gửi lại biểu thu thập số liệu năm 2026 (tính đến ngày 21/12/2026): "
    )
    assert "Sở Khoa học và Công nghệ (hạn 20/12/2026)" in late
    assert late.count("(hạn 20/12/2026)") == n - 1
    assert "Sở Tài chính" not in late
    # On the plan's cut-off, 14/12/2026, the deadline is still ahead.
    assert round_sentences("2026") == []


def test_two_agencies_whose_names_fold_alike_get_two_forms(data: DataFolder, tmp_path: Path) -> None:
    """'Sở Kế hoạch và Đầu tư' and 'Sở Kế hoach va Đau tu' fold to the same words; the agency id
    in the file name keeps their forms apart, and the log names each file once."""
    agencies = data.root / "agencies.yaml"
    agencies.write_text(
        agencies.read_text(encoding="utf-8").replace(
            'name: {vi: "Sở Khoa học và Công nghệ"', 'name: {vi: "Sở Kế hoach va Đau tu"'
        ),
        encoding="utf-8",
    )
    run = cli("collect", "forms", "2025", "-o", str(tmp_path / "out"), "--deadline", "20/12/2025")
    assert run.exit_code == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "so-ke-hoach-va-dau-tu-dost-2025.xlsx",
        "so-ke-hoach-va-dau-tu-dpi-2025.xlsx",
    ]
    for agency in ("dost", "dpi"):  # each file is the form of the agency its name says
        ident = load_workbook(tmp_path / "out" / f"so-ke-hoach-va-dau-tu-{agency}-2025.xlsx")["stiplan"]
        assert {row[0]: row[1] for row in ident.iter_rows(values_only=True)}["agency"] == agency
    assert sorted(
        e["file"]
        for e in YAML(typ="safe").load((data.root / "collection" / "2025.yaml").read_text(encoding="utf-8"))["events"]
    ) == ["so-ke-hoach-va-dau-tu-dost-2025.xlsx", "so-ke-hoach-va-dau-tu-dpi-2025.xlsx"]


# --- the import's work grows with its input, not faster ------------------------------------


def _forms_of_many_tasks(base: Path, n: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plan whose `n` tasks the DOST leads, and its 2026 form with every task reported done."""
    folder = DataFolder(base)
    folder.write_targets()
    folder.write("agencies.yaml", AGENCIES)
    folder.write_tasks(
        "".join(
            f"  - {{id: {t}, part: A, group: I, title: {{vi: 'Nhiệm vụ {t}'}}, lead: dost,"
            " timeframe: {text: Hàng năm, start: 2023, yearly: true}}\n"
            for t in range(1, n + 1)
        ),
    )
    folder.write("actuals/2022.yaml", ACTUALS_2022)
    monkeypatch.chdir(base)
    assert cli("collect", "forms", "2026", "-o", "forms", "--deadline", DEADLINE).exit_code == 0
    rows: dict[str, object] = {f"E{4 + t}": "Hoàn thành" for t in range(1, n + 1)}
    rows |= {f"F{4 + t}": f"{t}/BC" for t in range(1, n + 1)}
    return fill(base / "forms" / DOST_FORM, base / DOST_FORM, {"Nhiệm vụ chủ trì": rows})


@pytest.mark.slow
def test_import_parses_each_file_a_bounded_number_of_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An import used to parse the growing year file once per entry: calls to every YAML parser
    stiplan uses are counted for 10 and 100 task reports, first import and re-import."""
    from yaml import parser as pyyaml_parser

    from stiplan.store import yamlread, yamltext

    calls: list[str] = []

    def counting(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            calls.append(name)
            return real(*args, **kwargs)

        return wrapper

    for owner, name in [(YAML, "load"), (YAML, "compose"), (yamlread, "_read"), (yamltext, "parse")]:
        monkeypatch.setattr(owner, name, counting(name, getattr(owner, name)))
    monkeypatch.setattr(pyyaml_parser.Parser, "__init__", counting("pyyaml", pyyaml_parser.Parser.__init__))
    counts = {}
    for n in (10, 100):
        form = _forms_of_many_tasks(tmp_path / f"n{n}", n, monkeypatch)
        calls.clear()
        run = cli("import", "--lang", "en", str(form), "--received", "2026-12-15")
        first = len(calls)
        assert run.exit_code == 0, run.stderr
        written = YAML(typ="safe").load((tmp_path / f"n{n}" / "data" / "actuals" / "2026.yaml").read_text("utf-8"))
        form_id = written["tasks"][1]["form"]  # the form's identity, the same on every entry it brought
        assert written["tasks"] == {
            t: {"status": "done", "source": f"{t}/BC", "reported_by": "dost", "form": form_id} for t in range(1, n + 1)
        }
        calls.clear()
        again = cli("import", "--lang", "en", str(form), "--received", "2026-12-16")
        assert again.exit_code == 0 and "nothing to change" in again.stdout
        counts[n] = (first, len(calls))
    assert counts[10] == counts[100]


@pytest.mark.slow  # sends and imports the round of a plan of many tasks
def test_import_lets_the_data_as_they_were_go_before_checking_them_as_they_would_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large import's memory peak was the folder held twice: as it is (read first) and as it
    would be (loaded again to check it). The check of the data as they would be runs with no
    reference left to the data as they were (the write still happens, and right)."""
    import gc
    import weakref

    from stiplan.actions import writing

    form = _forms_of_many_tasks(tmp_path, 10, monkeypatch)
    first: list[weakref.ref[object]] = []
    alive_at_checks: list[bool] = []
    clean, check = writing.clean_dataset, writing.check

    def remembering_clean(root: Path) -> object:
        ds, problems = clean(root)
        first.append(weakref.ref(ds))
        return ds, problems

    def watching_check(root: Path, overrides: dict[Path, str], **reuse: Any) -> object:
        if overrides and first:  # a check of the data as they would be
            gc.collect()
            alive_at_checks.append(first[0]() is not None)
        return check(root, overrides, **reuse)

    monkeypatch.setattr(writing, "clean_dataset", remembering_clean)
    monkeypatch.setattr(writing, "check", watching_check)
    run = cli("import", "--lang", "en", str(form), "--received", "2026-12-15")
    assert run.exit_code == 0, run.stderr
    assert alive_at_checks == [False]
    written = YAML(typ="safe").load((tmp_path / "data" / "actuals" / "2026.yaml").read_text("utf-8"))
    assert sorted(written["tasks"]) == list(range(1, 11))


def test_a_form_whose_sheet_is_broken_xml_is_unreadable_not_a_crash(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    """Forms are read in openpyxl's read-only mode, which parses a sheet only as its rows are read:
    a sheet damaged after the workbook opened (found by the fuzz test) is one located problem."""
    import zipfile

    good = dof_filled(round2026, tmp_path)
    broken = tmp_path / "broken" / DOF_FORM
    broken.parent.mkdir()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):  # sheets the reader walks row by row
                data = data.replace(b"<row ", b"\x01<row ", 1)  # past what opening the workbook reads
            dst.writestr(item, data)
    before = (shipped.root / "actuals").iterdir()
    names = sorted(p.name for p in before)
    run = cli("import", "--lang", "en", str(broken), "--received", "2026-12-15")
    assert run.exit_code == 1 and problems(run.stderr) == [(DOF_FORM, "form-unreadable")], run.stderr
    assert "Traceback" not in run.stderr and "cannot be read" in run.stderr
    assert sorted(p.name for p in (shipped.root / "actuals").iterdir()) == names


# --- the scope the plan decided, on the form -----------------------------------

NATIONAL = "Việt Nam (cả nước)"


def decide_scope(folder: DataFolder, scope: str) -> None:
    """The Department's decision (a test's): from 1/7/2025 the indicators are judged on `scope`."""
    path = folder.root / "targets.yaml"
    decision = f'  scope_decisions:\n    - {{date: 2025-07-01, scope: {scope}, note: "test: the decision"}}\n'
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  scopes:\n", decision + "  scopes:\n", 1), encoding="utf-8")


def decided_round(folder: DataFolder, scope: str | None) -> Path:
    """The shipped data, the budget share asked of Finance, the decision (if any), forms for 2026,
    copied into `folder` (a copy of the shipped data) and its base's forms/."""
    shutil.rmtree(folder.root)
    copy_built(built_round(scope), folder.base)
    return folder.base / "forms"


def test_each_row_names_the_scope_the_plan_decided_and_the_list_offers_that_years_scopes(
    shipped: DataFolder,
) -> None:
    wb = load_workbook(decided_round(shipped, "phu_tho_merged") / DOF_FORM)
    sheet = wb["Chỉ tiêu"]
    assert sheet["L4"].value == "Phạm vi được đánh giá năm 2026"
    assert sheet["L5"].value == f"{MERGED}. Số liệu của phạm vi khác phải ghi lý do ở cột 'Ghi chú'."
    assert sheet["L5"].protection.locked
    # 2026 is wholly after the end of Vĩnh Phúc (1/7/2025): its scope is not offered.
    assert [c.value for c in wb["Danh mục"]["B"] if c.value] == [NATIONAL, MERGED]


@pytest.mark.slow  # sends a round of its own (no scope decided)
def test_without_a_decision_the_row_says_the_figure_is_not_judged(shipped: DataFolder) -> None:
    wb = load_workbook(decided_round(shipped, None) / DOF_FORM)
    assert str(wb["Chỉ tiêu"]["L5"].value).startswith("Chưa có quyết định về phạm vi đánh giá sau ngày 01/7/2025:")
    assert [c.value for c in wb["Danh mục"]["B"] if c.value] == [NATIONAL, MERGED]


@pytest.mark.slow
def test_judged_on_the_former_area_the_form_offers_it_again(shipped: DataFolder) -> None:
    wb = load_workbook(decided_round(shipped, "vinh_phuc") / DOF_FORM)
    assert [c.value for c in wb["Danh mục"]["B"] if c.value] == ["tỉnh Vĩnh Phúc (trước 1/7/2025)", NATIONAL, MERGED]
    assert str(wb["Chỉ tiêu"]["L5"].value).startswith("tỉnh Vĩnh Phúc (trước 1/7/2025). ")


@pytest.mark.slow  # fills and imports four forms
def test_the_reader_wants_a_reason_for_another_scope_and_refuses_the_ended_territory(
    shipped: DataFolder, tmp_path: Path
) -> None:
    forms = decided_round(shipped, "phu_tho_merged")
    source = "Báo cáo 12/BC-STC ngày 10/12/2026"
    national = fill(forms / DOF_FORM, tmp_path / DOF_FORM, {"Chỉ tiêu": {"G5": "1,8", "I5": NATIONAL, "J5": source}})
    run = cli("import", str(national), "--received", "2026-12-15")
    assert run.exit_code == 1
    assert problems(run.stderr) == [(f"{DOF_FORM}!Chỉ tiêu!K5", "form-scope-without-reason")]
    pasted = fill(forms / DOF_FORM, tmp_path / "b.xlsx", {"Chỉ tiêu": {"G5": "1,8", "I5": "Vĩnh Phúc", "J5": source}})
    run = cli("import", str(pasted), "--received", "2026-12-15")
    assert run.exit_code == 1
    assert problems(run.stderr) == [("b.xlsx!Chỉ tiêu!I5", "form-scope-not-offered")]
    assert not (shipped.root / "actuals" / "2026.yaml").exists()
    # The scope the plan decided needs no reason, and its figure counts: 1.8 is the latest comparable.
    merged = fill(forms / DOF_FORM, tmp_path / "c.xlsx", {"Chỉ tiêu": {"G5": "1,8", "I5": MERGED, "J5": source}})
    run = cli("import", str(merged), "--received", "2026-12-15")
    assert run.exit_code == 0, run.stderr
    body = json.loads(cli("status", "--as-of", "2026", "--format", "json", "--indicator", "st_budget_share").stdout)
    assert [(p["year"], p["value"], p["comparable"]) for p in body["indicators"][0]["points"]] == [(2026, 1.8, True)]


# --- what a clerk must not change: locked cells, headers, reference sheets -----------------


def test_a_figure_typed_into_a_locked_column_is_found_at_its_cell(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    # Row 5 is st_budget_share; D-F are the years 2023-2025 for reference (locked); G-K the inputs.
    form = fill(round2026 / DOF_FORM, tmp_path / DOF_FORM, {"Chỉ tiêu": {"F5": 2.1}})
    run = cli("import", "--lang", "en", str(form), "--received", "2026-12-15")
    assert run.exit_code == 1
    assert problems(run.stderr) == [(f"{DOF_FORM}!Chỉ tiêu!F5", "form-cell-changed")]
    assert not (shipped.root / "actuals" / "2026.yaml").exists()
    assert "sheet 'Chỉ tiêu', column 'Năm 2025': a locked cell was changed (it now holds '2.1')" in run.stderr


@pytest.mark.slow  # fills and imports three forms
def test_an_estimate_mark_over_the_header_or_beside_a_figure_is_a_problem_never_dropped(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    source = "Báo cáo 12/BC-STC ngày 10/12/2026"
    header = fill(
        round2026 / DOF_FORM,
        tmp_path / DOF_FORM,
        {"Chỉ tiêu": {"G4": "Số liệu năm 2026 (ước)", "G5": "1,8", "I5": MERGED, "J5": source}},
    )
    run = cli("import", "--lang", "en", str(header), "--received", "2026-12-15")
    assert run.exit_code == 1
    assert problems(run.stderr) == [(f"{DOF_FORM}!Chỉ tiêu!G4", "form-estimate")]
    note = fill(
        round2026 / DOF_FORM,
        tmp_path / "b.xlsx",
        {"Chỉ tiêu": {"G5": "1,8", "I5": MERGED, "J5": source, "K5": "Số liệu Ước tính"}},
    )
    run = cli("import", str(note), "--received", "2026-12-15")
    assert run.exit_code == 1
    assert problems(run.stderr) == [("b.xlsx!Chỉ tiêu!K5", "form-estimate")]
    assert not (shipped.root / "actuals" / "2026.yaml").exists()
    # 'được' and 'nước' hold the letters of 'ước' but are words of their own: no mark.
    fine = fill(
        round2026 / DOF_FORM,
        tmp_path / "c.xlsx",
        {"Chỉ tiêu": {"G5": "1,8", "I5": MERGED, "J5": source, "K5": "số liệu được tính cho ngân sách nhà nước"}},
    )
    assert cli("import", str(fine), "--received", "2026-12-15").exit_code == 0


def test_a_status_typed_on_the_reference_sheet_is_found(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    wb = load_workbook(round2026 / DOST_FORM)
    assert wb["Nhiệm vụ phối hợp"]["A5"].value is not None  # the DOST joins tasks led by others
    # E5 is the last reported state (locked); F5 lies outside the sheet's five columns.
    form = fill(
        round2026 / DOST_FORM, tmp_path / DOST_FORM, {"Nhiệm vụ phối hợp": {"E5": "Hoàn thành", "F5": "Hoàn thành"}}
    )
    run = cli("import", "--lang", "en", str(form), "--received", "2026-12-15")
    assert run.exit_code == 1
    assert problems(run.stderr) == [
        (f"{DOST_FORM}!Nhiệm vụ phối hợp!E5", "form-cell-changed"),
        (f"{DOST_FORM}!Nhiệm vụ phối hợp!F5", "form-cell-changed"),
    ]
