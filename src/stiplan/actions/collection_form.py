"""The collection form: one Excel workbook per agency, for a clerk who never opens a terminal —
its layout, how it is written and how a returned one is read, in one place.

Sheets: instructions (Vietnamese: period, deadline, how to fill in), the indicators the agency
provides (unit, earlier figures, cells for value, source, note), the tasks it leads (timeframe,
last reported state, cells for this year's state, report number, date, note), the tasks it
joins (for reference), a hidden sheet of dropdown lists and a hidden sheet naming the form
(plan, year, agency, form id). Only the input cells are unlocked; dropdowns and number checks
are data validations, which Excel enforces on typing but not on paste — the reader checks
every cell again (`intake.Checker`). The same data gives the same bytes (fixed timestamps, as
`export` writes). Every word on the form is Vietnamese: a clerk reads it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stiplan import lang as L
from stiplan import problems as P
from stiplan import vocabulary as V
from stiplan.actions import intake
from stiplan.actions.form_identity import identity_problem
from stiplan.actions.intake import (
    MAX_ROWS,
    Checker,
    Entry,
    Submission,
    at_cell,
    cell_int,
    cell_text,
    read_bounded,
)
from stiplan.engine import collection as C
from stiplan.engine import scopes as scope_rules
from stiplan.engine.tasks import TaskState
from stiplan.models import Indicator
from stiplan.store import files
from stiplan.store.collection_log import Log
from stiplan.store.dataset import Dataset
from stiplan.store.limits import TooLarge, check_archive
from stiplan.store.xlsx import MissingDependency, import_openpyxl, reproducible_bytes
from stiplan.text import fold

FORM_LANG: L.Lang = "vi"
"""The language of every word on a form."""

# --- the layout: sheets, rows and columns, the same for the writer and the reader -------------

INSTRUCTIONS_SHEET = "Hướng dẫn"
INDICATOR_SHEET = "Chỉ tiêu"
TASK_SHEET = "Nhiệm vụ chủ trì"
JOINED_SHEET = "Nhiệm vụ phối hợp"
BACKLOG_SHEET = "Báo cáo bổ sung các năm trước"
"""Past years' missing task reports (the backlog): only on a form that asks for some."""
LISTS_SHEET = "Danh mục"
ID_SHEET = "stiplan"
"""Hidden sheet holding the form's identity: key in column A, value in column B."""
ID_KEYS = ("format", "plan", "year", "agency", "form")

DIGEST_COLUMN = 4
"""Identity sheet, from column D: sheet name, row, and the digests of that row's locked cells
(`row_digests`), so a value typed into a locked cell, a changed header or a value typed on a
reference sheet is found when the form is read, at its cell."""
DIGEST_WIDTH = 8
INPUT_MARK = "-" * DIGEST_WIDTH
"""In a row's digests: an input cell, whatever it holds."""
DIGEST_ROWS = 200
"""Rows of digests per identity cell ('|' between rows): 200 rows of 12 columns is 19,400
characters, under the 32,767 a cell holds."""

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
PRIOR_YEARS = 3
"""How many earlier years' figures an indicator row shows for reference."""

# Indicator sheet: A id, B name, C unit, D..F earlier years, then the input cells.
IND_ID, IND_NAME, IND_UNIT, IND_PRIOR = 1, 2, 3, 4
IND_VALUE = IND_PRIOR + PRIOR_YEARS
IND_OF, IND_SCOPE, IND_SOURCE, IND_NOTE = IND_VALUE + 1, IND_VALUE + 2, IND_VALUE + 3, IND_VALUE + 4
IND_INPUTS = (IND_VALUE, IND_OF, IND_SCOPE, IND_SOURCE, IND_NOTE)
IND_JUDGED = IND_NOTE + 1
"""Locked: the scope the indicator is judged on in the form's year (the plan's decision), and
that a figure of another scope needs a reason in the note column."""
IND_PLANS = IND_JUDGED + 1
"""A joint form only (several plans): the plans that target the indicator, by document name."""

# Task sheet: A id, B title, C timeframe, D last reported state, then the input cells.
TASK_ID, TASK_TITLE, TASK_TIMEFRAME, TASK_LAST = 1, 2, 3, 4
TASK_STATE, TASK_DOC, TASK_DATE, TASK_NOTE = 5, 6, 7, 8
TASK_INPUTS = (TASK_STATE, TASK_DOC, TASK_DATE, TASK_NOTE)
BACKLOG_YEAR = TASK_LAST
"""Backlog sheet: the task sheet's columns, with the (locked) year of the report in column D."""
TASK_PLAN, BACKLOG_PLAN, JOINED_PLAN = TASK_NOTE + 2, TASK_NOTE + 1, 6
"""A joint form only: the column naming the plan (its document) each task row belongs to, after
the sheet's other columns; task numbers are each plan's own. Locked."""
PLAN_COLUMN = "Văn bản"


# --- writing ---------------------------------------------------------------------------------

LINE_HEIGHT = 15.0
"""Points per line of the default 11-point font: Excel and LibreOffice do not fit a row's height
to wrapped text on opening a file, so the writer sets it (`fit_rows`)."""

INPUT_FILL = "FFF2CC"
"""Light yellow: the cells to fill in."""
HEADER_FILL = "D9E1F2"


@dataclass(frozen=True)
class FormContext:
    """What every form of one round shares."""

    year: int
    periods: dict[str, tuple[dt.date, dt.date]]
    """Each plan's reporting period for the year, by plan id."""
    deadline: dt.date
    collector: str
    """Name of the agency the forms go back to."""


def vi_date(day: dt.date) -> str:
    return L.date(day, FORM_LANG)


def state_words() -> list[str]:
    """The words of the dropdown, in the order a form offers the reported statuses."""
    return [V.TASK_WORDS.pick(code, FORM_LANG) for code in V.TASK_STATUSES]


VALUE_RULES: dict[str, tuple[str, str | None, str | None, str]] = {
    "percent": ("decimal", "0", "100", "Tỷ lệ phần trăm, từ 0 đến 100 (ví dụ 22,87)"),
    "rank": ("whole", "1", None, "Thứ hạng: số nguyên từ 1 trở lên"),
    "count": ("whole", "0", None, "Số lượng: số nguyên từ 0 trở lên"),
    "per_10k_people": ("decimal", "0", None, "Số người trên một vạn dân: từ 0 trở lên"),
    "index": ("decimal", "0", "1", "Chỉ số từ 0 đến 1"),
}
"""Excel's check of a unit, as `vocabulary.value_in_range` allows: type, minimum, maximum, and the
message (in Vietnamese) a clerk sees when typing something else."""


def plan_labels(ds: Dataset, plan_ids: tuple[str, ...]) -> dict[str, str]:
    """Plan id → the words a joint form names it by: its document ('Quyết định số …'), then,
    while two plans of the form are still named alike, its date, its title and its id in turn (one
    document may issue two plans). A returned form's task rows are read back to their plan by
    these words, so no two may be the same."""
    plans = [ds.plan(p) for p in plan_ids]
    labels = {p.id: V.document_name(p.type, p.decision, FORM_LANG) for p in plans}
    more = (
        lambda p: f"ngày {vi_date(p.date)}",
        lambda p: f"({p.title.vi})",
        lambda p: f"[{p.id}]",
    )
    for extra in more:
        seen = list(labels.values())
        labels = {p.id: f"{labels[p.id]} {extra(p)}" if seen.count(labels[p.id]) > 1 else labels[p.id] for p in plans}
    return labels


@dataclass(frozen=True)
class Plans:
    """The plans one form speaks for: each seen through its own view of the folder, and the words
    a joint form names them by (none on a one-plan form, which names no plan in its rows)."""

    views: dict[str, Dataset]
    labels: dict[str, str]

    @classmethod
    def of(cls, ds: Dataset, plan_ids: tuple[str, ...]) -> Plans:
        views = {p: ds.for_plan(p) for p in plan_ids}
        return cls(views, plan_labels(ds, plan_ids) if len(plan_ids) > 1 else {})

    @property
    def joint(self) -> bool:
        return len(self.views) > 1


def workbook_bytes(ds: Dataset, owed: C.Owed, ctx: FormContext, states: dict[str, dict[int, TaskState]]) -> bytes:
    """The workbook for one agency's share of the round (`states`: each plan's task states)."""
    import_openpyxl()
    from openpyxl import Workbook

    spec = owed.spec(ctx.year)
    plans = Plans.of(ds, owed.plans)
    wb = Workbook()
    wb.remove(wb.active)
    _instructions(wb.create_sheet(INSTRUCTIONS_SHEET), plans, owed, ctx, spec.form_id)
    lists = wb.create_sheet(LISTS_SHEET)
    words = state_words()
    scopes = list(  # never the ended territory after its end
        dict.fromkeys(
            view.scope_names(FORM_LANG)[s]
            for view in plans.views.values()
            for s in scope_rules.offered(view.plan(), ctx.year)
        )
    )
    for row, word in enumerate(words, start=1):
        lists.cell(row=row, column=1, value=word)
    for row, name in enumerate(scopes, start=1):
        lists.cell(row=row, column=2, value=name).data_type = "s"
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    state_list = f"'{LISTS_SHEET}'!$A$1:$A${len(words)}"
    scope_list = f"'{LISTS_SHEET}'!$B$1:$B${len(scopes)}"
    form_sheets = [
        (_indicators(wb.create_sheet(INDICATOR_SHEET), plans, owed, ctx, scope_list), IND_INPUTS),
        (_tasks(wb.create_sheet(TASK_SHEET), plans, owed, ctx, states, state_list), TASK_INPUTS),
    ]
    if owed.backlog:  # no empty sheet: only a form asking for some past years' reports has one
        form_sheets.append(
            (_backlog(wb.create_sheet(BACKLOG_SHEET), plans, owed.backlog, ctx, state_list), TASK_INPUTS)
        )
    form_sheets.append((_joined(wb.create_sheet(JOINED_SHEET), plans, owed.joined, states), ()))
    ident = wb.create_sheet(ID_SHEET)
    values = {"format": C.FORM_VERSION, "plan": " ".join(spec.plans), "year": spec.year, "agency": spec.agency}
    values["form"] = spec.form_id
    for row, key in enumerate(ID_KEYS, start=1):
        ident.cell(row=row, column=1, value=key)
        ident.cell(row=row, column=2, value=values[key])
    at = 1
    for ws, inputs in form_sheets:
        digests = fit_rows(ws, HEADER_ROW, inputs)  # heights fitted, and what the locked cells hold
        for first in range(0, len(digests), DIGEST_ROWS):
            ident.cell(row=at, column=DIGEST_COLUMN, value=ws.title)
            ident.cell(row=at, column=DIGEST_COLUMN + 1, value=first + 1)
            ident.cell(row=at, column=DIGEST_COLUMN + 2, value="|".join(digests[first : first + DIGEST_ROWS]))
            at += 1
    ident.sheet_state = "veryHidden"
    ident.protection.sheet = True
    for ws in (wb[INSTRUCTIONS_SHEET], *(ws for ws, _ in form_sheets)):
        print_setup(ws, repeat=ws.title != INSTRUCTIONS_SHEET)
    wb.security.lockStructure = True  # sheets cannot be renamed, moved, shown or deleted
    wb.active = 0
    wb.properties.creator = "stiplan"
    return reproducible_bytes(wb)


# --- sheets --------------------------------------------------------------------------------


def cell_digest(value: object) -> str:
    """A locked cell's content as the reader sees it (`cell_text`), hashed short: enough to tell an
    accidental edit (the log, not this, tells a forged form)."""
    text = cell_text(value)
    if text is None:
        return EMPTY_DIGEST
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_WIDTH]


EMPTY_DIGEST = hashlib.sha256(b"").hexdigest()[:DIGEST_WIDTH]


def row_digests(cells: tuple[Any, ...], row: int, inputs: tuple[int, ...]) -> str:
    """One row's locked cells, digest by digest (INPUT_MARK for an input cell of a data row)."""
    return "".join(
        INPUT_MARK if row >= FIRST_ROW and col in inputs else cell_digest(value)
        for col, value in enumerate(cells, start=1)
    )


def print_setup(ws: Any, *, repeat: bool) -> None:
    """Landscape A4, every column on the page's width (as many pages down as needed), the column
    headers repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if repeat:
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def lines_needed(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide: each paragraph over
    the characters a line holds (one fewer than the width, for the cell's margins), rounded up."""
    per_line = max(1, int(width) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def fit_rows(ws: Any, first_row: int, inputs: tuple[int, ...] = ()) -> list[str]:
    """Wrap every cell from `first_row` on whose text is longer than its column, and give each
    row the height its longest text needs (only those cells get a style: setting one costs).
    In the same pass, every row's digests (`row_digests`, `inputs` its input columns); a row
    before `first_row` holds a text in column A at most (a title, a note)."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    wrap = Alignment(wrap_text=True, vertical="top")
    widths = {c: ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, ws.max_column + 1)}
    digests = []
    for n in range(1, first_row):  # read, not iterated: iterating a sheet being written adds empty cells
        value = ws.cell(row=n, column=1).value
        digests.append(cell_digest(value) if value is not None else "")
    for n, row in enumerate(ws.iter_rows(min_row=first_row), start=first_row):
        lines = 1
        for cell in row:
            value = cell.value
            if value is None:
                continue
            text = str(value)
            if len(text) > widths[cell.column] - 1 or "\n" in text:
                needed = lines_needed(text, widths[cell.column])
                if needed > 1:
                    cell.alignment = wrap
                    lines = max(lines, needed)
        if lines > 1:
            ws.row_dimensions[n].height = LINE_HEIGHT * lines
        digests.append(row_digests(tuple(c.value for c in row), n, inputs))
    return digests


def owed_counts(owed: C.Owed) -> str:
    """The agency's own share, in words that read as counts: '3 chỉ tiêu, 12 nhiệm vụ chủ trì'."""
    parts = [
        f"{len(owed.indicators)} chỉ tiêu" if owed.indicators else "không có chỉ tiêu",
        f"{len(owed.tasks)} nhiệm vụ chủ trì" if owed.tasks else "không có nhiệm vụ chủ trì",
    ]
    if owed.backlog:
        years = ", ".join(f"năm {y}: {n}" for y, n in owed.backlog_counts().items())
        parts.append(f"{len(owed.backlog)} báo cáo bổ sung các năm trước ({years})")
    if owed.joined:
        parts.append(f"{len(owed.joined)} nhiệm vụ phối hợp (để tham khảo)")
    return "Biểu này gồm: " + ", ".join(parts) + "."


NOTHING_OWED = "Cơ quan không có {what} nào phải báo cáo trong năm {year}: không cần điền trang này."


def _instructions(ws: Any, plans: Plans, owed: C.Owed, ctx: FormContext, form_id: str) -> None:
    from openpyxl.styles import Alignment, Font

    def named(view: Dataset) -> str:
        plan = view.plan()
        return f"{plan.title.vi} ({V.document_name(plan.type, plan.decision, 'vi')} ngày {vi_date(plan.date)})"

    if plans.joint:  # one form for several plans: each named, each period when they differ
        heading = [("Biểu chung, hỏi một lần những gì cơ quan báo cáo theo các văn bản sau:", False)]
        heading += [(f"- {named(view)}", False) for view in plans.views.values()]
    else:
        heading = [(named(view), False) for view in plans.views.values()]
    periods = {p: ctx.periods[p] for p in plans.views}
    if len(set(periods.values())) == 1:
        start, end = next(iter(periods.values()))
        period_lines = [(f"Kỳ báo cáo: từ ngày {vi_date(start)} đến ngày {vi_date(end)}", False)]
    else:
        period_lines = [
            (f"Kỳ báo cáo theo {plans.labels[p]}: từ ngày {vi_date(start)} đến ngày {vi_date(end)}", False)
            for p, (start, end) in periods.items()
        ]
    lines = [
        (f"BIỂU THU THẬP SỐ LIỆU VÀ BÁO CÁO NĂM {ctx.year}", True),
        *heading,
        ("", False),
        (f"Cơ quan báo cáo: {owed.agency.name.vi}", True),
        *period_lines,
        (f"Hạn gửi lại: {vi_date(ctx.deadline)}, gửi {ctx.collector}", True),
        (owed_counts(owed), True),
        *dict.fromkeys(line for view in plans.views.values() for line in _scope_rule(view, ctx.year)),
        ("", False),
        ("Cách điền:", True),
        *_steps(owed, ctx.year, joint=plans.joint),
        ("", False),
        (f"Mã biểu: {form_id}", False),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 110
    fit_rows(ws, 1)
    ws.protection.sheet = True


def _steps(owed: C.Owed, year: int, *, joint: bool = False) -> list[tuple[str, bool]]:
    """How to fill in the form, only for the sheets the agency has something on, numbered in turn."""
    steps = ["Chỉ điền vào các ô nền vàng; các ô khác đã được khóa."]
    if owed.indicators:
        steps.append(
            f"Trang '{INDICATOR_SHEET}': ghi số liệu năm {year} của từng chỉ tiêu (số thập phân viết 1,8 "
            "hoặc 1.8), phạm vi số liệu, văn bản nguồn (số, ngày, cơ quan ban hành) và ghi chú nếu có. "
            "Chỉ tiêu xếp hạng ghi cả tổng số đơn vị được xếp hạng. Chưa có số liệu thì để trống, không ước tính."
        )
    if owed.tasks:
        steps.append(
            f"Trang '{TASK_SHEET}': chọn tình trạng năm {year} của từng nhiệm vụ trong danh sách (cột 'Số TT' là "
            "số thứ tự của nhiệm vụ trong Kế hoạch, không phải số lượng), ghi số văn bản báo cáo, ngày văn bản "
            "(ngày/tháng/năm, ví dụ 10/12/2026) và ghi chú."
            + (f" Số TT đánh riêng theo từng văn bản, ghi ở cột '{PLAN_COLUMN}'." if joint else "")
        )
    if owed.backlog:
        steps.append(
            f"Trang '{BACKLOG_SHEET}': các năm trước chưa có báo cáo tình trạng của nhiệm vụ; mỗi dòng là một "
            "nhiệm vụ trong một năm (cột 'Năm báo cáo'). Chọn tình trạng của nhiệm vụ trong năm đó, ghi số và "
            "ngày văn bản báo cáo như trang nhiệm vụ năm nay."
        )
    if owed.joined:
        steps.append(
            f"Trang '{JOINED_SHEET}' chỉ để tham khảo: cơ quan chủ trì báo cáo tình trạng các nhiệm vụ này; "
            "kết quả phối hợp gửi cơ quan chủ trì."
        )
    empty = [name for name, rows in ((INDICATOR_SHEET, owed.indicators), (TASK_SHEET, owed.tasks)) if not rows]
    if empty:
        steps.append("Không cần điền trang " + " và trang ".join(f"'{name}'" for name in empty) + ".")
    steps.append("Không đổi tên tệp, không thêm, xóa hay sắp xếp lại dòng; gửi lại đúng tệp này.")
    return [(f"{n}. {text}", False) for n, text in enumerate(steps, start=1)]


def _scope_rule(ds: Dataset, year: int) -> list[tuple[str, bool]]:
    """The line that tells the clerk to name each figure's territory, once the plan's own is gone."""
    end = ds.plan().jurisdiction_end
    if end is None or year < end.date.year:
        return []
    return [
        (
            f"Từ ngày {vi_date(end.date)} mỗi số liệu phải ghi rõ phạm vi (chọn trong danh sách ở cột "
            f"'Phạm vi số liệu'). Cột 'Phạm vi được đánh giá năm {year}' ghi phạm vi mà chỉ tiêu được đánh giá; "
            "số liệu của phạm vi khác phải ghi lý do ở cột 'Ghi chú'.",
            True,
        )
    ]


def _header(ws: Any, title: str, note: str, headers: list[tuple[str, int, bool]]) -> None:
    """Title in row 1, a note in row 2, column headers in HEADER_ROW; input columns shaded."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.cell(row=1, column=1, value=title).font = Font(bold=True)
    ws.cell(row=2, column=1, value=note)
    for col, (text, width, is_input) in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor=INPUT_FILL if is_input else HEADER_FILL)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=3)
    ws.protection.sheet = True


def _input(ws: Any, row: int, col: int, number_format: str | None = None) -> None:
    from openpyxl.styles import PatternFill, Protection

    cell = ws.cell(row=row, column=col)
    cell.protection = Protection(locked=False)
    cell.fill = PatternFill("solid", fgColor=INPUT_FILL)
    if number_format:
        cell.number_format = number_format


def _validation(ws: Any, ref: str, kind: str, *, formula1: str | None, formula2: str | None, error: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind == "list":
        dv = DataValidation(type="list", formula1=formula1, allow_blank=True)
    elif formula1 is not None and formula2 is not None:
        dv = DataValidation(type=kind, operator="between", formula1=formula1, formula2=formula2, allow_blank=True)
    elif formula1 is not None:
        dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=formula1, allow_blank=True)
    else:
        dv = DataValidation(type=kind, allow_blank=True)
    dv.error, dv.errorTitle, dv.showErrorMessage = error, "Giá trị không hợp lệ", True
    ws.add_data_validation(dv)
    dv.add(ref)


def _dropdown(ws: Any, column: int, rows: int, source: str) -> None:
    """A dropdown over a column's data rows, its words read from the hidden lists sheet."""
    from openpyxl.utils import get_column_letter

    if rows:
        col = get_column_letter(column)
        ref = f"{col}{FIRST_ROW}:{col}{FIRST_ROW + rows - 1}"
        _validation(ws, ref, "list", formula1=source, formula2=None, error="Chọn trong danh sách")


def _prior_value(ds: Dataset, ind: Indicator, year: int) -> Any:
    """An earlier year's figure for reference: the number, '18/63' for a rank, and the scope
    of each figure when the year holds figures for several scopes."""
    figures = ds.figures(ind.id, year)
    shown = []
    for fig in figures:
        value: Any = int(fig.value) if float(fig.value).is_integer() else fig.value
        if fig.of is not None:
            value = f"{value}/{fig.of}"
        shown.append(value)
    if len(figures) > 1:
        return "; ".join(f"{v} ({f.scope or ds.own_scope(ind)})" for v, f in zip(shown, figures, strict=True))
    return shown[0] if shown else None


def _indicators(ws: Any, plans: Plans, owed: C.Owed, ctx: FormContext, scope_list: str) -> Any:
    """One row per indicator asked, once even when several plans of a joint form target it: its
    scope and earlier figures as the first of them judges it, and (joint form) the plans' names."""
    from openpyxl.utils import get_column_letter

    years = [ctx.year - k for k in range(PRIOR_YEARS, 0, -1)]
    headers = [("Mã chỉ tiêu", 24, False), ("Chỉ tiêu", 60, False), ("Đơn vị", 14, False)]
    headers += [(f"Năm {y}", 10, False) for y in years]
    headers += [
        (f"Số liệu năm {ctx.year}", 14, True),
        ("Tổng số được xếp hạng", 12, True),
        ("Phạm vi số liệu", 30, True),
        ("Văn bản nguồn (số, ngày, cơ quan)", 40, True),
        ("Ghi chú", 30, True),
        (f"Phạm vi được đánh giá năm {ctx.year}", 36, False),
    ]
    if plans.joint:
        headers.append(("Chỉ tiêu theo văn bản", 30, False))
    indicators = owed.indicators
    plans_of = owed.indicator_plans()
    note = "Số liệu các năm trước để đối chiếu (đã ghi nhận)."
    if not indicators:
        note = NOTHING_OWED.format(what="chỉ tiêu", year=ctx.year)
    _header(ws, f"CHỈ TIÊU - SỐ LIỆU NĂM {ctx.year}", note, headers)
    for row, ind in enumerate(indicators, start=FIRST_ROW):
        ds = plans.views[plans_of[ind.id][0]]
        if plans.joint:
            ws.cell(row=row, column=IND_PLANS, value="; ".join(plans.labels[p] for p in plans_of[ind.id]))
        ws.cell(row=row, column=IND_ID, value=ind.id)
        ws.cell(row=row, column=IND_NAME, value=ind.name.vi).data_type = "s"
        ws.cell(row=row, column=IND_UNIT, value=V.UNITS[ind.unit].pick(FORM_LANG))
        ws.cell(row=row, column=IND_JUDGED, value=judged_on_text(ds, ind, ctx.year)).data_type = "s"
        for k, y in enumerate(years):
            ws.cell(row=row, column=IND_PRIOR + k, value=_prior_value(ds, ind, y))
        for col in IND_INPUTS:
            _input(ws, row, col, "@" if col in (IND_SOURCE, IND_NOTE, IND_SCOPE) else None)
        kind, low, high, message = VALUE_RULES.get(ind.unit, ("decimal", None, None, "Một số"))
        _validation(ws, f"{get_column_letter(IND_VALUE)}{row}", kind, formula1=low, formula2=high, error=message)
        if ind.unit == "rank":
            ref = f"{get_column_letter(IND_OF)}{row}"
            _validation(ws, ref, "whole", formula1="1", formula2=None, error="Số nguyên, từ 1 trở lên")
    _dropdown(ws, IND_SCOPE, len(indicators), scope_list)
    return ws


def judged_on_text(ds: Dataset, ind: Indicator, year: int) -> str:
    """What the row says of its scope: the one the indicator is judged on in `year` (the plan's
    decision once its territory ended) and that another scope's figure needs a reason; or that no
    decision says it yet, so a figure is recorded but not judged."""
    scope = scope_rules.scope_in_force(ds, ind, year)
    if scope is None:
        end = ds.judging_plan(ind).jurisdiction_end
        since = f" sau ngày {vi_date(end.date)}" if end is not None else ""
        return (
            f"Chưa có quyết định về phạm vi đánh giá{since}: số liệu được ghi nhận, chưa dùng để đánh giá. "
            "Chọn đúng phạm vi của số liệu."
        )
    name = ds.scope_names(FORM_LANG).get(scope, scope)
    return f"{name}. Số liệu của phạm vi khác phải ghi lý do ở cột 'Ghi chú'."


def _numbering_note(ds: Dataset) -> str:
    """Where the task numbers come from, in the plan's own words ('Phụ lục 1 của Quyết định số …')."""
    plan = ds.plan()
    appendix = ds.tasks.appendix if ds.tasks is not None and ds.tasks.appendix else "danh mục nhiệm vụ"
    return f"Số TT theo {appendix} của {V.document_name(plan.type, plan.decision, FORM_LANG)}."


def _last_state(states: dict[int, TaskState], task_id: int) -> str:
    state = states.get(task_id)
    if state is None or state.status is None:
        return V.TASK_WORDS.pick("no_report", FORM_LANG)
    return f"{V.TASK_WORDS.pick(state.status, FORM_LANG)} (năm {state.status_year})"


def _tasks(
    ws: Any,
    plans: Plans,
    owed: C.Owed,
    ctx: FormContext,
    states: dict[str, dict[int, TaskState]],
    state_list: str,
) -> Any:

    headers = [
        ("Số TT", 7, False),
        ("Nhiệm vụ", 60, False),
        ("Thời gian thực hiện", 20, False),
        ("Tình trạng đã báo cáo", 22, False),
        (f"Tình trạng năm {ctx.year}", 20, True),
        ("Số văn bản báo cáo", 22, True),
        ("Ngày văn bản", 14, True),
        ("Ghi chú", 30, True),
        ("Cơ quan được giao trong Kế hoạch (nếu khác)", 30, False),
    ]
    if plans.joint:
        headers.append((PLAN_COLUMN, 24, False))
    tasks = owed.tasks
    listed = dict.fromkeys(p for p, _ in tasks)
    note = " ".join(_numbering_note(plans.views[p]) for p in listed) if tasks else ""
    _header(
        ws,
        f"NHIỆM VỤ CHỦ TRÌ - TÌNH TRẠNG NĂM {ctx.year}",
        note or NOTHING_OWED.format(what="nhiệm vụ chủ trì", year=ctx.year),
        headers,
    )
    for row, (plan, task_id) in enumerate(tasks, start=FIRST_ROW):
        ds = plans.views[plan]
        task = _task_row(ws, ds, row, task_id, _last_state(states[plan], task_id), plans.labels.get(plan), TASK_PLAN)
        lead = ds.agency_id(task.lead)
        if lead != owed.agency.id:  # a task of an agency this one succeeded
            names = ds.agency_names(FORM_LANG)
            ws.cell(row=row, column=TASK_NOTE + 1, value=names.get(lead, lead)).data_type = "s"
    _report_checks(ws, len(tasks), ctx, state_list)
    return ws


def _task_row(ws: Any, ds: Dataset, row: int, task_id: int, fourth: object, label: str | None, column: int) -> Any:
    """A task's row of the task or backlog sheet: number, title, timeframe, `fourth` in column D
    (the last reported state, or the year asked), the input cells, and on a joint form its plan's
    `label` in `column`; the task."""
    from openpyxl.styles import Alignment

    task = ds.task(task_id)
    assert task is not None  # who_owes and missing_reports list the plan's own tasks
    ws.cell(row=row, column=TASK_ID, value=task.id)
    title = ws.cell(row=row, column=TASK_TITLE, value=task.title.vi)
    title.data_type = "s"
    title.alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(row=row, column=TASK_TIMEFRAME, value=task.timeframe.text).data_type = "s"
    ws.cell(row=row, column=TASK_LAST, value=fourth)
    if label is not None:
        ws.cell(row=row, column=column, value=label).data_type = "s"
    for col in TASK_INPUTS:
        fmt = "dd/mm/yyyy" if col == TASK_DATE else "@" if col in (TASK_DOC, TASK_NOTE) else None
        _input(ws, row, col, fmt)
    return task


def _report_checks(ws: Any, rows: int, ctx: FormContext, state_list: str) -> None:
    """The dropdown of states and the check of the report's date over a task sheet's rows."""
    from openpyxl.utils import get_column_letter

    _dropdown(ws, TASK_STATE, rows, state_list)
    if rows:
        col = get_column_letter(TASK_DATE)
        _validation(
            ws,
            f"{col}{FIRST_ROW}:{col}{FIRST_ROW + rows - 1}",
            "date",
            formula1="DATE(2000,1,1)",
            formula2=f"DATE({ctx.year + 1},12,31)",
            error="Ngày/tháng/năm, ví dụ 10/12/2026",
        )


def _backlog(ws: Any, plans: Plans, backlog: list[tuple[str, int, int]], ctx: FormContext, state_list: str) -> Any:
    """One row per task and past year whose report is missing: the task sheet's columns, the
    year locked in column D, the same dropdown of states and the same input cells."""

    headers = [
        ("Số TT", 7, False),
        ("Nhiệm vụ", 60, False),
        ("Thời gian thực hiện", 20, False),
        ("Năm báo cáo", 12, False),
        ("Tình trạng trong năm", 20, True),
        ("Số văn bản báo cáo", 22, True),
        ("Ngày văn bản", 14, True),
        ("Ghi chú", 30, True),
    ]
    if plans.joint:
        headers.append((PLAN_COLUMN, 24, False))
    years = sorted({y for _, _, y in backlog})
    numbering = " ".join(_numbering_note(plans.views[p]) for p in dict.fromkeys(p for p, _, _ in backlog))
    title = f"BÁO CÁO BỔ SUNG CÁC NĂM TRƯỚC ({', '.join(map(str, years))})"
    note = (
        f"Các năm này chưa có báo cáo tình trạng của nhiệm vụ. {numbering} "
        f"Tình trạng năm {ctx.year} ghi ở trang '{TASK_SHEET}'."
    )
    _header(ws, title, note, headers)
    for row, (plan, task_id, year) in enumerate(backlog, start=FIRST_ROW):
        _task_row(ws, plans.views[plan], row, task_id, year, plans.labels.get(plan), BACKLOG_PLAN)
    _report_checks(ws, len(backlog), ctx, state_list)
    return ws


def _joined(ws: Any, plans: Plans, joined: list[tuple[str, int]], states: dict[str, dict[int, TaskState]]) -> Any:
    headers = [
        ("Số TT", 7, False),
        ("Nhiệm vụ", 60, False),
        ("Cơ quan chủ trì", 30, False),
        ("Thời gian thực hiện", 20, False),
        ("Tình trạng đã báo cáo", 22, False),
    ]
    if plans.joint:
        headers.append((PLAN_COLUMN, 24, False))
    note = "Cơ quan chủ trì báo cáo tình trạng các nhiệm vụ này."
    if not joined:
        note = "Cơ quan không phối hợp thực hiện nhiệm vụ nào: trang này để trống."
    _header(ws, "NHIỆM VỤ PHỐI HỢP (để tham khảo)", note, headers)
    for row, (plan, task_id) in enumerate(joined, start=FIRST_ROW):
        ds = plans.views[plan]
        names = ds.agency_names(FORM_LANG)
        task = ds.task(task_id)
        assert task is not None
        lead = states[plan][task_id].lead if task_id in states[plan] else task.lead
        if plan in plans.labels:
            ws.cell(row=row, column=JOINED_PLAN, value=plans.labels[plan]).data_type = "s"
        ws.cell(row=row, column=1, value=task.id)
        ws.cell(row=row, column=2, value=task.title.vi).data_type = "s"
        ws.cell(row=row, column=3, value=names.get(lead, lead)).data_type = "s"
        ws.cell(row=row, column=4, value=task.timeframe.text).data_type = "s"
        ws.cell(row=row, column=5, value=_last_state(states[plan], task_id))
    return ws


# --- reading a returned form ---------------------------------------------------------------


def read_form(
    ds: Dataset,
    path: Path,
    *,
    year: int | None,
    log_for: Callable[[int], Log] | None = None,
) -> Submission:
    """A returned form: its identity checked against the data and the log, then every input cell."""
    sub = Submission(path, path.name, "form")
    try:
        raw = read_bounded(sub)
        if raw is None:
            return sub
        check_archive(raw, sheets=True)
        import_openpyxl()
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(raw), data_only=True, read_only=True)  # 5× faster; cells only
    except MissingDependency as exc:
        sub.problems.append(P.FormUnreadable.at(sub.name, message=str(exc)))
        return sub
    except TooLarge as exc:
        sub.problems.append(P.FormUnreadable.at(sub.name, message=f"the workbook is too large once opened: {exc}"))
        return sub
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        sub.problems.append(P.FormUnreadable.at(sub.name, message=f"not an Excel workbook ({type(exc).__name__})"))
        return sub
    sub.digest = files.digest(raw)
    try:  # read-only mode parses each sheet lazily, as its rows are read: a broken sheet fails here
        return _read_opened(ds, sub, wb, year=year, log_for=log_for)
    except TooLarge as exc:
        sub.problems = [P.FormUnreadable.at(sub.name, message=f"the workbook is too large once opened: {exc}")]
        return sub
    except Exception as exc:  # as when opening: openpyxl raises many kinds for a damaged sheet
        sub.problems = [P.FormUnreadable.at(sub.name, message=f"a sheet cannot be read ({type(exc).__name__})")]
        return sub


def _read_opened(
    ds: Dataset, sub: Submission, wb: Any, *, year: int | None, log_for: Callable[[int], Log] | None
) -> Submission:
    """The form's identity checked against the data and the log, then every input cell."""
    if ID_SHEET not in wb.sheetnames:
        sub.problems.append(P.FormUnreadable.at(sub.name, message="not a stiplan collection form (no form identity)"))
        return sub
    id_rows = list(wb[ID_SHEET].iter_rows(min_row=1, max_row=3 * MAX_ROWS, max_col=DIGEST_COLUMN + 2, values_only=True))
    ident = {cell_text(r[0]): r[1] for r in id_rows[:10] if r}
    where = f"{sub.name}!{ID_SHEET}"
    try:
        version, form_year = int(str(ident.get("format"))), int(str(ident.get("year")))
    except ValueError:
        sub.problems.append(P.FormUnreadable.at(where, message="the form's identity is damaged"))
        return sub
    sub.form, sub.agency, sub.year = cell_text(ident.get("form")), cell_text(ident.get("agency")), form_year
    plan_ids = tuple(str(cell_text(ident.get("plan")) or "").split())  # a joint form: several
    unknown = [p for p in plan_ids if p not in ds.plan_ids]
    if version != C.FORM_VERSION:
        sub.problems.append(
            P.FormUnreadable.at(where, message=f"form layout {version} is not the one this stiplan reads")
        )
    elif unknown or not plan_ids:
        found = " ".join(unknown) or str(cell_text(ident.get("plan")))
        sub.problems.append(P.FormOtherPlan.at(where, found=found, expected=", ".join(ds.plan_ids)))
    elif year is not None and form_year != year:
        hint = intake.other_year_hint(form_year, year)
        sub.problems.append(P.FormOtherYear.at(where, found=form_year, expected=year, hint=hint))
    if sub.problems:
        return sub
    plans = Plans.of(ds, plan_ids)  # a form speaks for the plans it names (of a folder of several)
    ds = plans.views[plan_ids[0]]
    if sub.agency is None or ds.agency(sub.agency) is None:
        sub.problems.append(P.UnknownAgency.at(where, id=sub.agency, agencies="agencies.yaml"))
        return sub
    sheets, whole = {}, {}
    names: tuple[str, ...] = (INDICATOR_SHEET, TASK_SHEET, JOINED_SHEET)
    if BACKLOG_SHEET in wb.sheetnames:  # a form with no backlog has no such sheet
        names += (BACKLOG_SHEET,)
    for name in names:
        if name not in wb.sheetnames:
            sub.problems.append(P.FormTampered.at(sub.name, form=sub.form, message=f"sheet {name!r} is missing"))
            return sub
        whole[name] = list(wb[name].iter_rows(min_row=1, max_row=FIRST_ROW + MAX_ROWS, values_only=True))
        sheets[name] = _rows(whole[name])
    by_label = {label: p for p, label in plans.labels.items()}

    def plan_of(row: tuple[Any, ...], column: int) -> str | None:
        """The plan a task row belongs to: the form's one plan, or the one its plan column names."""
        return by_label.get(str(cell_text(row[column - 1]))) if plans.joint else plan_ids[0]

    indicator_ids = tuple(str(cell_text(r[IND_ID - 1])) for r in sheets[INDICATOR_SHEET])
    task_rows = [(plan_of(r, TASK_PLAN), cell_int(r[TASK_ID - 1])) for r in sheets[TASK_SHEET]]
    joined_rows = [(plan_of(r, JOINED_PLAN), cell_int(r[0])) for r in sheets[JOINED_SHEET]]
    backlog_rows = [
        (plan_of(r, BACKLOG_PLAN), cell_int(r[TASK_ID - 1]), cell_int(r[BACKLOG_YEAR - 1]))
        for r in sheets.get(BACKLOG_SHEET, [])
    ]
    tasks = tuple((p, t) for p, t in task_rows if p is not None and t is not None)
    joined = tuple((p, t) for p, t in joined_rows if p is not None and t is not None)
    backlog = tuple((p, t, y) for p, t, y in backlog_rows if p is not None and t is not None and y is not None)
    spec = C.FormSpec(plan_ids, form_year, sub.agency, indicator_ids, tasks, joined, backlog)
    damaged = (len(tasks), len(joined), len(backlog)) != (len(task_rows), len(joined_rows), len(backlog_rows))
    if spec.form_id != sub.form or damaged:
        message = "its rows or its identity were changed after it was sent; send the agency a new form"
        sub.problems.append(P.FormTampered.at(sub.name, form=sub.form, message=message))
        return sub
    refused = identity_problem(log_for(form_year), sub.name, sub.form, sub.agency) if log_for is not None else None
    if refused is not None:
        sub.problems.append(refused)
        return sub
    sub.problems += changed_cells(sub, whole, id_rows)
    provenance: dict[str, object] = {"reported_by": sub.agency, "form": sub.form}
    n_rows = len(sheets[INDICATOR_SHEET])
    value_cells = wb[INDICATOR_SHEET].iter_rows(
        min_row=FIRST_ROW, max_row=FIRST_ROW + n_rows - 1, min_col=IND_VALUE, max_col=IND_VALUE
    )
    formats = [str(cells[0].number_format) for cells in value_cells] if n_rows else []
    plans_of: dict[str, str] = {}  # indicator → the plan its row was written through (`_indicators`)
    for p, view in plans.views.items():
        for ind in view.targets.indicators:
            plans_of.setdefault(ind.id, p)
    for r in sheets[INDICATOR_SHEET] if plans.joint else ():  # the first plan its locked plans cell names
        first = by_label.get(str(cell_text(r[IND_PLANS - 1]) or "").split("; ")[0])
        if first is not None and str(cell_text(r[IND_ID - 1])) in plans_of:
            plans_of[str(cell_text(r[IND_ID - 1]))] = first
    _form_indicators(plans, plans_of, sub, sheets[INDICATOR_SHEET], provenance, formats)
    _form_tasks(ds, sub, sheets[TASK_SHEET], [p for p, _ in tasks], provenance)
    if BACKLOG_SHEET in sheets:
        _form_tasks(ds, sub, sheets[BACKLOG_SHEET], [p for p, _, _ in backlog], provenance, sheet=BACKLOG_SHEET)
    return sub


ROW_WIDTH = IND_PLANS
"""The columns of a form sheet's row the reader looks at: every sheet's widest, the indicator sheet."""


def _rows(whole: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The data rows of a form sheet (all its rows from row 1): from FIRST_ROW to the first row with no id."""
    out = []
    for row in whole[FIRST_ROW - 1 :]:
        if not row or cell_text(row[0]) is None:
            break
        out.append(tuple(row[:ROW_WIDTH]) + (None,) * (ROW_WIDTH - len(row)))
    return out


ESTIMATE = re.compile(r"\b(uoc|uoc tinh|uoc thuc hien|estimate[ds]?|estimated|est)\b")
"""An estimate mark, accents and case ignored ('(ước)', 'Ước tính', 'estimate'): a form asks for
published figures, and an estimate recorded as one is silent loss of the truth."""


def is_estimate(value: object) -> bool:
    text = cell_text(value)
    return text is not None and ESTIMATE.search(fold(text)) is not None


def changed_cells(
    sub: Submission, whole: dict[str, list[tuple[Any, ...]]], id_rows: list[tuple[Any, ...]]
) -> list[P.Problem]:
    """Every locked cell whose content is not what the form was written with (by the digests in
    its identity), and every value outside the form's cells; an estimate mark as such. A form
    written before the digests existed has none, and is not checked."""
    from openpyxl.utils import get_column_letter

    digests: dict[tuple[str, int], str] = {}
    for r in id_rows:
        if len(r) > DIGEST_COLUMN + 1 and cell_text(r[DIGEST_COLUMN - 1]) and cell_int(r[DIGEST_COLUMN]) is not None:
            sheet, first = str(cell_text(r[DIGEST_COLUMN - 1])), int(str(cell_int(r[DIGEST_COLUMN])))
            for k, row in enumerate(str(r[DIGEST_COLUMN + 1] or "").split("|")):
                digests[(sheet, first + k)] = row
    if not digests:
        return []
    found = []
    for sheet, rows in whole.items():
        header = rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else ()
        for n, cells in enumerate(rows, start=1):
            expected = digests.get((sheet, n), "")
            for col, value in enumerate(cells, start=1):
                want = expected[(col - 1) * DIGEST_WIDTH : col * DIGEST_WIDTH]
                if want == INPUT_MARK or (not want and cell_text(value) is None) or cell_digest(value) == want:
                    continue
                title = cell_text(header[col - 1]) if col - 1 < len(header) else None
                where = f"{sub.name}!{sheet}!{get_column_letter(col)}{n}"
                kind = P.FormEstimate if is_estimate(value) else P.FormCellChanged
                found.append(at_cell(kind, where, sheet=sheet, title=title or "", found=str(cell_text(value) or "")))
    return found


def _cell(sub: Submission, sheet: str, row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{sub.name}!{sheet}!{get_column_letter(col)}{row}"


def _form_indicators(
    plans: Plans,
    plans_of: dict[str, str],
    sub: Submission,
    rows: list[tuple[Any, ...]],
    provenance: dict[str, object],
    formats: list[str],
) -> None:
    """The figures of the indicator sheet, each row read through the first of the form's plans
    that targets its indicator (its scopes, the scope it is judged on), as it was written."""
    for n, row in enumerate(rows):
        r = FIRST_ROW + n
        ind_id = str(cell_text(row[IND_ID - 1]))
        if ind_id not in plans_of or all(cell_text(row[c - 1]) is None for c in IND_INPUTS):
            continue  # an indicator no longer in the plan was caught by the form id; blank: no data yet
        ds = plans.views[plans_of[ind_id]]
        ind = ds.indicator(ind_id)
        assert ind is not None
        check = Checker(ds, sub.problems)

        def at(col: int, r: int = r) -> str:
            return _cell(sub, INDICATOR_SHEET, r, col)

        if cell_text(row[IND_VALUE - 1]) is None:
            sub.problems.append(at_cell(P.MissingField, at(IND_VALUE), field="value"))
            continue
        marked = [c for c in (IND_VALUE, IND_SOURCE, IND_NOTE) if is_estimate(row[c - 1])]
        if marked:  # an estimate is not a published figure: never recorded as one
            title = {IND_VALUE: f"Số liệu năm {sub.year}", IND_SOURCE: "Văn bản nguồn", IND_NOTE: "Ghi chú"}
            sub.problems += [
                at_cell(
                    P.FormEstimate,
                    at(c),
                    sheet=INDICATOR_SHEET,
                    title=title[c],
                    found=str(cell_text(row[c - 1])),
                )
                for c in marked
            ]
            continue
        of = check.of(ind, row[IND_OF - 1], at(IND_OF))
        value = check.value(ind, row[IND_VALUE - 1], at(IND_VALUE), of, percent_format="%" in formats[n])
        scope = check.scope(row[IND_SCOPE - 1], at(IND_SCOPE))
        note = cell_text(row[IND_NOTE - 1])
        sub.problems += _scope_problems(ds, ind, int(sub.year or 0), scope, note, at)
        source = check.source(row[IND_SOURCE - 1], at(IND_SOURCE), f"indicator {ind.id}")
        fields = {
            "value": value,
            "of": of,
            "source": source,
            "scope": scope,
            "note": note,
            **provenance,
        }
        sub.entries.append(Entry("indicators", ind.id, int(sub.year or 0), fields, at(IND_VALUE)))


def _scope_problems(
    ds: Dataset, ind: Indicator, year: int, scope: str | None, note: str | None, at: Callable[[int], str]
) -> list[P.Problem]:
    """A scope the form did not offer for its year (the ended territory, pasted in), or a figure of
    another scope than the one the indicator is judged on with no reason in the note column."""
    if scope is None:
        return []
    names = ds.scope_names(FORM_LANG)
    offered = scope_rules.offered(ds.plan(), year)
    if scope not in offered:
        choices = "; ".join(names[s] for s in offered)
        return [at_cell(P.FormScopeNotOffered, at(IND_SCOPE), scope=names[scope], year=year, choices=choices)]
    judged = scope_rules.scope_in_force(ds, ind, year)
    if judged is not None and scope != judged and note is None:
        return [
            at_cell(
                P.FormScopeWithoutReason,
                at(IND_NOTE),
                scope=names[scope],
                judged=names.get(judged, judged),
                title="Ghi chú",
            )
        ]
    return []


def _form_tasks(
    ds: Dataset,
    sub: Submission,
    rows: list[tuple[Any, ...]],
    plans: list[str],
    provenance: dict[str, object],
    *,
    sheet: str = TASK_SHEET,
) -> None:
    """The task reports of the task sheet (the form's year) or of the backlog sheet (each row's
    own year, in its locked column): an entry per filled row, for the year it reports on, and
    the plan it belongs to (`plans`, row by row)."""
    check = Checker(ds, sub.problems)
    for n, (row, plan) in enumerate(zip(rows, plans, strict=True)):
        r = FIRST_ROW + n
        task_id = cell_int(row[TASK_ID - 1])
        if task_id is None or all(cell_text(row[c - 1]) is None for c in TASK_INPUTS):
            continue

        def at(col: int, r: int = r) -> str:
            return _cell(sub, sheet, r, col)

        year = int(sub.year or 0) if sheet == TASK_SHEET else int(str(cell_int(row[BACKLOG_YEAR - 1])))
        status = check.state(row[TASK_STATE - 1], at(TASK_STATE))
        source = check.source(row[TASK_DOC - 1], at(TASK_DOC), f"task {task_id}")
        day = check.date(row[TASK_DATE - 1], at(TASK_DATE))
        fields = {
            "status": status,
            "source": source,
            "date": day.isoformat() if day else None,
            "note": cell_text(row[TASK_NOTE - 1]),
            **provenance,
        }
        sub.entries.append(task_entry(plan, task_id, year, fields, at(TASK_STATE)))


def task_entry(plan: str, task_id: int, year: int, fields: dict[str, object], where: str) -> Entry:
    """A task report read from a form, for the task-report writer: every form row carries its
    plan (a joint form's task numbers are each plan's own), and the report is written under it."""
    return Entry("tasks", task_id, year, fields, where, plan=plan)
