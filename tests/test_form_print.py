"""A form a clerk prints: the written .xlsx opened with openpyxl, its print settings, row heights,
and what the instructions and sheets say to an agency that owes little or nothing.

The forms are those of the shipped plan's 2026 round (tests/fixtures/shipped), with the S&T
budget share asked of the Department of Finance as in test_collection.py.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from conftest import cli
from test_collection import DOF_FORM, DOST_FORM, built_round

openpyxl = pytest.importorskip("openpyxl")

DOH_FORM = "so-y-te-doh-2026.xlsx"
"""The Department of Health leads tasks and is asked for no indicator."""
PRINTED = ("Hướng dẫn", "Chỉ tiêu", "Nhiệm vụ chủ trì", "Nhiệm vụ phối hợp")


def backlog_words(wb: Any) -> str:
    """', N báo cáo bổ sung các năm trước (năm Y: n, …)' counted from the backlog sheet's rows (the
    shipped data holds no task report: every task's past years are owed), or '' when it has none."""
    if "Báo cáo bổ sung các năm trước" not in wb.sheetnames:
        return ""
    ws = wb["Báo cáo bổ sung các năm trước"]
    years = [r[3] for r in ws.iter_rows(min_row=5, max_col=4, values_only=True) if r[0] is not None]
    per_year = ", ".join(f"năm {y}: {years.count(y)}" for y in sorted(set(years)))
    return f", {len(years)} báo cáo bổ sung các năm trước ({per_year})"


@pytest.fixture(scope="module")
def forms() -> Path:
    """The 2026 forms of the shipped plan with the budget share asked of Finance (only read)."""
    return built_round(None) / "forms"


@pytest.mark.parametrize("name", [DOF_FORM, DOST_FORM])
def test_every_printed_sheet_is_landscape_a4_one_page_wide(forms: Path, name: str) -> None:
    wb = openpyxl.load_workbook(forms / name)
    for title in PRINTED:
        ws = wb[title]
        assert ws.page_setup.orientation == "landscape", title
        assert int(ws.page_setup.paperSize) == 9, title  # 9 is A4 in the OOXML paper codes
        assert ws.sheet_properties.pageSetUpPr.fitToPage, title
        assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0), title  # 0: any height
    for title in PRINTED[1:]:  # the column headers (row 4) on top of every printed page
        assert wb[title].print_title_rows == "$4:$4"


def test_rows_are_as_tall_as_their_wrapped_text(forms: Path) -> None:
    ws = openpyxl.load_workbook(forms / DOF_FORM)["Chỉ tiêu"]
    # Row 5: the budget share. Its name (column B, 60 wide: 59 characters a line) and its
    # scope note (column L, 36 wide: 35 a line) wrap; the taller of the two sets the height.
    name, judged = str(ws["B5"].value), str(ws["L5"].value)
    assert ws.column_dimensions["B"].width == 60 and ws.column_dimensions["L"].width == 36
    lines = max(math.ceil(len(name) / 59), math.ceil(len(judged) / 35))
    assert len(judged) == 135  # the undecided-scope note: 3 lines of 35 and 30 characters on a fourth
    assert lines == 4
    assert ws.row_dimensions[5].height == 15 * lines
    assert ws["B5"].alignment.wrap_text and ws["L5"].alignment.wrap_text
    # Row 4, the headers: "Văn bản nguồn (số, ngày, cơ quan)" is 33 characters in a 40-wide
    # column (one line), "Tổng số được xếp hạng" 21 in a 12-wide one: two lines.
    assert ws.row_dimensions[4].height == 15 * 2


def test_an_agency_with_no_indicator_is_told_so_and_not_asked_to_fill_the_sheet(forms: Path) -> None:
    wb = openpyxl.load_workbook(forms / DOH_FORM)
    tasks = [r for r in wb["Nhiệm vụ chủ trì"].iter_rows(min_row=5, max_col=1, values_only=True) if r[0] is not None]
    steps = [str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value]
    assert f"Biểu này gồm: không có chỉ tiêu, {len(tasks)} nhiệm vụ chủ trì{backlog_words(wb)}." in steps and tasks
    assert not any("Trang 'Chỉ tiêu'" in s for s in steps)  # no step tells it to fill the sheet
    # 1. yellow cells, 2. its tasks, 3. its past years' reports, 4. this
    assert "4. Không cần điền trang 'Chỉ tiêu'." in steps
    assert wb["Chỉ tiêu"]["A2"].value == (
        "Cơ quan không có chỉ tiêu nào phải báo cáo trong năm 2026: không cần điền trang này."
    )
    assert wb["Chỉ tiêu"]["A5"].value is None  # no row to fill


def test_the_instructions_name_the_agencys_own_counts(forms: Path) -> None:
    wb = openpyxl.load_workbook(forms / DOST_FORM)
    tasks = [r for r in wb["Nhiệm vụ chủ trì"].iter_rows(min_row=5, max_col=1, values_only=True) if r[0] is not None]
    joined = [r for r in wb["Nhiệm vụ phối hợp"].iter_rows(min_row=5, max_col=1, values_only=True) if r[0] is not None]
    rows = [r for r in wb["Chỉ tiêu"].iter_rows(min_row=5, max_col=1, values_only=True) if r[0] is not None]
    steps = [str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value]
    counts = (
        f"Biểu này gồm: {len(rows)} chỉ tiêu, {len(tasks)} nhiệm vụ chủ trì{backlog_words(wb)}, "
        f"{len(joined)} nhiệm vụ phối hợp (để tham khảo)."
    )
    assert counts in steps and len(tasks) > 0 and len(joined) > 0
    # The task numbers are the plan's numbering, said so, so that no number reads as a count.
    assert any("cột 'Số TT' là số thứ tự của nhiệm vụ trong Kế hoạch, không phải số lượng" in s for s in steps)


def test_task_numbers_never_read_as_a_count(forms: Path) -> None:
    # The shipped plan's task 59 is led by a collective ("các sở, ngành"): one task, number 59.
    run = cli("collect", "status", "2026", "--data", str(forms.parent / "data"), "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert "Tasks led by a collective, no form sent (1): no. 59" in run.stdout
    run = cli("collect", "status", "2026", "--data", str(forms.parent / "data"))
    assert "Nhiệm vụ do một nhóm cơ quan chủ trì, không gửi biểu (1 nhiệm vụ): số 59" in run.stdout
