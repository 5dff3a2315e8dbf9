"""The backlog: a form asks an agency for its tasks' missing reports of past years of the plan, on
their own sheet; the reader returns each row for its own year; the log and `collect status` count
them. The forms are the shipped plan's 2026 round (tests/fixtures/shipped), filled with openpyxl.

Counts worked by hand from the fixture's tasks.yaml (plan period 2023–2030, no task report in
actuals/2023–2025.yaml) for the Department of Health (doh), which leads seven tasks:
  2, 3 yearly from 2018; 7 yearly from 2022; 37 "2021-2030" (one-off); 83 "2023" (one-off);
  84, 85 "2024" (one-off).
A year's report covers the tasks started by then, a one-off task until it is reported done:
  2023: 2, 3, 7, 37, 83 (84, 85 not started)  → 5
  2024: 2, 3, 7, 37, 83, 84, 85               → 7
  2025: the same seven                        → 7
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FROZEN, built_once, cli, copy_built

openpyxl = pytest.importorskip("openpyxl")

DOH_FORM = "so-y-te-doh-2026.xlsx"
SHEET = "Báo cáo bổ sung các năm trước"
DEADLINE = "20/12/2026"


def _send_forms(base: Path) -> None:
    shutil.copytree(FROZEN, base / "data")
    run = cli(
        "collect", "forms", "2026", "-o", str(base / "forms"), "--deadline", DEADLINE, "--date", "2026-11-27",
        "--data", str(base / "data"),
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr


@pytest.fixture
def round2026(tmp_path: Path) -> Path:
    """The shipped data and its 2026 forms (data/ and forms/), the test's own copy of a round
    sent once a session."""
    return copy_built(built_once("the shipped plan's 2026 round, as shipped", _send_forms), tmp_path)


def test_the_form_asks_for_each_missing_past_report_on_its_own_sheet(round2026: Path) -> None:
    wb = openpyxl.load_workbook(round2026 / "forms" / DOH_FORM)
    assert wb.sheetnames.index(SHEET) == wb.sheetnames.index("Nhiệm vụ chủ trì") + 1
    ws = wb[SHEET]
    assert ws["A1"].value == "BÁO CÁO BỔ SUNG CÁC NĂM TRƯỚC (2023, 2024, 2025)"
    assert [ws.cell(4, c).value for c in range(1, 9)] == [
        "Số TT", "Nhiệm vụ", "Thời gian thực hiện", "Năm báo cáo",
        "Tình trạng trong năm", "Số văn bản báo cáo", "Ngày văn bản", "Ghi chú",
    ]  # fmt: skip
    rows = [(r[0], r[3]) for r in ws.iter_rows(min_row=5, max_col=4, values_only=True) if r[0] is not None]
    assert rows == (
        [(t, 2023) for t in (2, 3, 7, 37, 83)]
        + [(t, 2024) for t in (2, 3, 7, 37, 83, 84, 85)]
        + [(t, 2025) for t in (2, 3, 7, 37, 83, 84, 85)]
    )
    assert ws.protection.sheet and ws["D5"].protection.locked  # the year cannot be typed over
    assert not any(ws.cell(5, c).protection.locked for c in (5, 6, 7, 8))
    # The same dropdown of states as the current year's task sheet, over the 19 rows.
    (tasks_dv,) = [dv for dv in wb["Nhiệm vụ chủ trì"].data_validations.dataValidation if dv.type == "list"]
    (dv,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert dv.formula1 == tasks_dv.formula1 and str(dv.sqref) == "E5:E23"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$4:$4"
    steps = [str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value]
    assert any("19 báo cáo bổ sung các năm trước (năm 2023: 5, năm 2024: 7, năm 2025: 7)" in s for s in steps)
    assert any(s.startswith(f"3. Trang '{SHEET}'") for s in steps)


@pytest.mark.slow
def test_no_backlog_sheet_for_an_agency_that_owes_none(round2026: Path) -> None:
    # The provincial Youth Union leads task 86 only ("2024", one-off): its 2024 and 2025 reports
    # are owed. Record both (in progress, so its 2026 report is still owed) and send again: its
    # new form asks for this year only, with no backlog sheet (no empty sheet).
    form = "tinh-doan-vinh-phuc-youth_union-2026.xlsx"
    ws = openpyxl.load_workbook(round2026 / "forms" / form)[SHEET]
    assert [(r[0], r[3]) for r in ws.iter_rows(min_row=5, max_col=4, values_only=True) if r[0]] == [
        (86, 2024),
        (86, 2025),
    ]
    data = ["--data", str(round2026 / "data")]
    for year in (2024, 2025):
        run = cli("task", "update", "86", str(year), "--status", "in_progress", "--source", f"BC {year}", *data)
        assert run.exit_code == 0, run.stderr
    again = cli("collect", "forms", "2026", "-o", str(round2026 / "again"), "--deadline", DEADLINE, *data)
    assert again.exit_code == 0, again.stderr
    wb = openpyxl.load_workbook(round2026 / "again" / form)
    assert SHEET not in wb.sheetnames
    assert [r[0] for r in wb["Nhiệm vụ chủ trì"].iter_rows(min_row=5, max_col=1, values_only=True) if r[0]] == [86]
    assert not any("báo cáo bổ sung" in str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value)
    assert SHEET in openpyxl.load_workbook(round2026 / "again" / DOH_FORM).sheetnames


def _fill(src: Path, dst: Path) -> Path:
    """The clerk of doh fills three backlog rows and this year's report of task 2."""
    wb = openpyxl.load_workbook(src)
    ws = wb[SHEET]
    where = {(r[0].value, r[3].value): r[0].row for r in ws.iter_rows(min_row=5, max_col=4) if r[0].value}
    for (task, year), status, doc in (
        ((2, 2023), "Đang thực hiện", "15/BC-SYT"),
        ((83, 2023), "Hoàn thành", "16/BC-SYT"),
        ((3, 2024), "Chưa bắt đầu", "17/BC-SYT"),
    ):
        row = where[(task, year)]
        ws.cell(row, 5).value, ws.cell(row, 6).value, ws.cell(row, 7).value = status, doc, f"10/12/{year}"
    ws = wb["Nhiệm vụ chủ trì"]
    row = next(c.row for c in ws["A"] if c.value == 2)
    ws.cell(row, 5).value, ws.cell(row, 6).value = "Đang thực hiện", "99/BC-SYT"
    wb.save(dst)
    return dst


@pytest.mark.slow  # fills a backlog sheet, imports it, reads status
def test_backlog_rows_are_recorded_for_their_own_years_and_status_shows_what_is_still_open(
    round2026: Path,
) -> None:
    data = round2026 / "data"
    filled = _fill(round2026 / "forms" / DOH_FORM, round2026 / DOH_FORM)
    run = cli("import", "--data", str(data), "--received", "15/12/2026", str(filled))
    assert run.exit_code == 0, run.stderr

    def reports(year: int) -> dict[int, dict[str, object]]:
        body = yaml.safe_load((data / "actuals" / f"{year}.yaml").read_text(encoding="utf-8"))
        return body.get("tasks") or {}

    assert reports(2023)[2]["status"] == "in_progress" and reports(2023)[2]["source"] == "15/BC-SYT"
    assert reports(2023)[83]["status"] == "done" and reports(2023)[83]["reported_by"] == "doh"
    assert reports(2024)[3]["status"] == "not_started" and str(reports(2024)[3]["date"]) == "2024-12-10"
    assert set(reports(2025)) == set()  # nothing filled for 2025
    assert reports(2026)[2]["source"] == "99/BC-SYT"

    log = yaml.safe_load((data / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    (sent,) = [e for e in log["events"] if e["kind"] == "sent" and e["agency"] == "doh"]
    assert sent["backlog"] == {2023: 5, 2024: 7, 2025: 7}

    # Still open, by hand: 2023 loses tasks 2 and 83 (5 − 2 = 3); task 83 reported done in 2023
    # is owed no more later, and task 3's 2024 report came: 2024: 7 − 2 = 5; 2025: 7 − 1 = 6.
    status = json.loads(cli("collect", "status", "2026", "--format", "json", "--data", str(data)).stdout)
    (doh,) = [a for a in status["agencies"] if a["agency"] == "doh"]
    assert doh["backlog"] == {"2023": 3, "2024": 5, "2025": 6}
    text = cli("collect", "status", "2026", "--data", str(data)).stdout
    assert "còn thiếu báo cáo các năm trước: 2023: 3; 2024: 5; 2025: 6" in text


@pytest.mark.slow  # sends a round of its own (--no-backlog)
def test_no_backlog_leaves_the_sheet_out(tmp_path: Path) -> None:
    shutil.copytree(FROZEN, tmp_path / "data")
    run = cli(
        "collect", "forms", "2026", "-o", str(tmp_path / "forms"), "--deadline", DEADLINE, "--no-backlog",
        "--data", str(tmp_path / "data"),
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    wb = openpyxl.load_workbook(tmp_path / "forms" / DOH_FORM)
    assert SHEET not in wb.sheetnames
    assert [r[0] for r in wb["Nhiệm vụ chủ trì"].iter_rows(min_row=5, max_col=1, values_only=True) if r[0]] == [
        2, 3, 7, 37, 83, 84, 85
    ]  # fmt: skip
    log = yaml.safe_load((tmp_path / "data" / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    (sent,) = [e for e in log["events"] if e["agency"] == "doh"]
    assert "backlog" not in sent and sent["tasks"] == 7
