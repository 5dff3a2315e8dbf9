"""The collection form: one Excel workbook per agency, for a clerk who never opens a terminal.

Sheets: instructions (Vietnamese: period, deadline, how to fill in), the indicators the agency
provides (unit, earlier figures, cells for value, source, note), the tasks it leads (timeframe,
last reported state, cells for this year's state, report number, date, note), the tasks it
joins (for reference), a hidden sheet of dropdown lists and a hidden sheet naming the form
(plan, year, agency, form id). Only the input cells are unlocked; dropdowns and number checks
are data validations, which Excel enforces on typing but not on paste — the import checks
every cell again. The same data gives the same bytes (fixed timestamps, as `export` writes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from stiplan.engine import collection as C
from stiplan.engine.tasks import TaskState
from stiplan.models import Indicator
from stiplan.store.reading import Dataset
from stiplan.store.xlsx import import_openpyxl, reproducible_bytes
from stiplan.views import i18n
from stiplan.views.export import MissingDependency

INPUT_FILL = "FFF2CC"
"""Light yellow: the cells to fill in."""
HEADER_FILL = "D9E1F2"


@dataclass(frozen=True)
class FormContext:
    """What every form of one round shares."""

    year: int
    period: tuple[dt.date, dt.date]
    deadline: dt.date
    collector: str
    """Name of the agency the forms go back to."""


def vi_date(day: dt.date) -> str:
    return i18n.date(day, "vi")


def state_words() -> list[str]:
    """The Vietnamese words of the dropdown, in the order of the reported states."""
    from stiplan.engine.tasks import STATUSES

    return [i18n.label(i18n.TASK_STATUS_LABELS, s, "vi") for s in STATUSES]


VALUE_RULES: dict[str, tuple[str, str | None, str | None, str]] = {
    "percent": ("decimal", "0", "100", "Tỷ lệ phần trăm, từ 0 đến 100 (ví dụ 22,87)"),
    "rank": ("whole", "1", None, "Thứ hạng: số nguyên từ 1 trở lên"),
    "count": ("whole", "0", None, "Số lượng: số nguyên từ 0 trở lên"),
    "per_10k_people": ("decimal", "0", None, "Số người trên một vạn dân: từ 0 trở lên"),
    "index": ("decimal", "0", "1", "Chỉ số từ 0 đến 1"),
}
"""Excel's check of a unit, as `checks.value_in_range` allows: type, minimum, maximum, and the
message (in Vietnamese) a clerk sees when typing something else."""


def workbook_bytes(ds: Dataset, owed: C.Owed, ctx: FormContext, states: dict[int, TaskState]) -> bytes:
    """The workbook for one agency's share of the round."""
    try:
        import_openpyxl()
        from openpyxl import Workbook
    except ImportError:
        raise MissingDependency("collection forms need openpyxl: pip install openpyxl") from None

    spec = owed.spec(ds.targets.plan.id, ctx.year)
    wb = Workbook()
    wb.remove(wb.active)
    _instructions(wb.create_sheet(C.INSTRUCTIONS_SHEET), ds, owed, ctx, spec.form_id)
    lists = wb.create_sheet(C.LISTS_SHEET)
    words = state_words()
    scopes = [s.name.vi for s in ds.targets.plan.scopes]
    for row, word in enumerate(words, start=1):
        lists.cell(row=row, column=1, value=word)
    for row, name in enumerate(scopes, start=1):
        lists.cell(row=row, column=2, value=name).data_type = "s"
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    state_list = f"'{C.LISTS_SHEET}'!$A$1:$A${len(words)}"
    scope_list = f"'{C.LISTS_SHEET}'!$B$1:$B${len(scopes)}"
    _indicators(wb.create_sheet(C.INDICATOR_SHEET), ds, owed.indicators, ctx, scope_list)
    _tasks(wb.create_sheet(C.TASK_SHEET), ds, owed.agency.id, owed.tasks, ctx, states, state_list)
    _joined(wb.create_sheet(C.JOINED_SHEET), ds, owed.joined, states)
    ident = wb.create_sheet(C.ID_SHEET)
    values = {"format": C.FORM_VERSION, "plan": spec.plan, "year": spec.year, "agency": spec.agency}
    values["form"] = spec.form_id
    for row, key in enumerate(C.ID_KEYS, start=1):
        ident.cell(row=row, column=1, value=key)
        ident.cell(row=row, column=2, value=values[key])
    ident.sheet_state = "veryHidden"
    ident.protection.sheet = True
    wb.security.lockStructure = True  # sheets cannot be renamed, moved, shown or deleted
    wb.active = 0
    wb.properties.creator = "stiplan"
    return reproducible_bytes(wb)


# --- sheets --------------------------------------------------------------------------------


def _instructions(ws: Any, ds: Dataset, owed: C.Owed, ctx: FormContext, form_id: str) -> None:
    from openpyxl.styles import Alignment, Font

    plan = ds.targets.plan
    start, end = ctx.period
    lines = [
        (f"BIỂU THU THẬP SỐ LIỆU VÀ BÁO CÁO NĂM {ctx.year}", True),
        (f"{plan.title.vi} ({plan.decision} ngày {vi_date(plan.date)})", False),
        ("", False),
        (f"Cơ quan báo cáo: {owed.agency.name.vi}", True),
        (f"Kỳ báo cáo: từ ngày {vi_date(start)} đến ngày {vi_date(end)}", False),
        (f"Hạn gửi lại: {vi_date(ctx.deadline)}, gửi {ctx.collector}", True),
        *_scope_rule(ds, ctx.year),
        ("", False),
        ("Cách điền:", True),
        ("1. Chỉ điền vào các ô nền vàng; các ô khác đã được khóa.", False),
        (
            f"2. Trang '{C.INDICATOR_SHEET}': ghi số liệu năm {ctx.year} của từng chỉ tiêu (số thập phân viết 1,8 "
            "hoặc 1.8), phạm vi số liệu, văn bản nguồn (số, ngày, cơ quan ban hành) và ghi chú nếu có. "
            "Chỉ tiêu xếp hạng ghi cả tổng số đơn vị được xếp hạng. Chưa có số liệu thì để trống, không ước tính.",
            False,
        ),
        (
            f"3. Trang '{C.TASK_SHEET}': chọn tình trạng năm {ctx.year} của từng nhiệm vụ trong danh sách, ghi số "
            "văn bản báo cáo, ngày văn bản (ngày/tháng/năm, ví dụ 10/12/2026) và ghi chú.",
            False,
        ),
        (
            f"4. Trang '{C.JOINED_SHEET}' chỉ để tham khảo: cơ quan chủ trì báo cáo tình trạng các nhiệm vụ này; "
            "kết quả phối hợp gửi cơ quan chủ trì.",
            False,
        ),
        ("5. Không đổi tên tệp, không thêm, xóa hay sắp xếp lại dòng; gửi lại đúng tệp này.", False),
        ("", False),
        (f"Mã biểu: {form_id}", False),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


def _scope_rule(ds: Dataset, year: int) -> list[tuple[str, bool]]:
    """The line that tells the clerk to name each figure's territory, once the plan's own is gone."""
    end = ds.targets.plan.jurisdiction_end
    if end is None or year < end.date.year:
        return []
    return [
        (
            f"Từ ngày {vi_date(end.date)} mỗi số liệu phải ghi rõ phạm vi (chọn trong danh sách ở cột "
            "'Phạm vi số liệu'); số liệu của phạm vi khác chỉ tiêu cần ghi chú lý do.",
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
        cell = ws.cell(row=C.HEADER_ROW, column=col, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor=INPUT_FILL if is_input else HEADER_FILL)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=C.FIRST_ROW, column=3)
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
        ref = f"{col}{C.FIRST_ROW}:{col}{C.FIRST_ROW + rows - 1}"
        _validation(ws, ref, "list", formula1=source, formula2=None, error="Chọn trong danh sách")


def _prior_value(ds: Dataset, ind: Indicator, year: int) -> Any:
    """An earlier year's figure for reference: the number, '18/63' for a rank, and the scope
    of each figure when the year holds figures for several scopes."""
    actuals = ds.actuals.get(year)
    figures = actuals.figures(ind.id) if actuals else []
    shown = []
    for fig in figures:
        value: Any = int(fig.value) if float(fig.value).is_integer() else fig.value
        if fig.of is not None:
            value = f"{value}/{fig.of}"
        shown.append(value)
    if len(figures) > 1:
        return "; ".join(
            f"{v} ({f.scope or ind.scope or ds.targets.plan.jurisdiction})" for v, f in zip(shown, figures, strict=True)
        )
    return shown[0] if shown else None


def _indicators(ws: Any, ds: Dataset, indicators: list[Indicator], ctx: FormContext, scope_list: str) -> None:
    from openpyxl.utils import get_column_letter

    years = [ctx.year - k for k in range(C.PRIOR_YEARS, 0, -1)]
    headers = [("Mã chỉ tiêu", 24, False), ("Chỉ tiêu", 60, False), ("Đơn vị", 14, False)]
    headers += [(f"Năm {y}", 10, False) for y in years]
    headers += [
        (f"Số liệu năm {ctx.year}", 14, True),
        ("Tổng số được xếp hạng", 12, True),
        ("Phạm vi số liệu", 30, True),
        ("Văn bản nguồn (số, ngày, cơ quan)", 40, True),
        ("Ghi chú", 30, True),
    ]
    _header(ws, f"CHỈ TIÊU - SỐ LIỆU NĂM {ctx.year}", "Số liệu các năm trước để đối chiếu (đã ghi nhận).", headers)
    for row, ind in enumerate(indicators, start=C.FIRST_ROW):
        ws.cell(row=row, column=C.IND_ID, value=ind.id)
        ws.cell(row=row, column=C.IND_NAME, value=ind.name.vi).data_type = "s"
        ws.cell(row=row, column=C.IND_UNIT, value=i18n.label(i18n.UNIT_LABELS, ind.unit, "vi"))
        for k, y in enumerate(years):
            ws.cell(row=row, column=C.IND_PRIOR + k, value=_prior_value(ds, ind, y))
        for col in C.IND_INPUTS:
            _input(ws, row, col, "@" if col in (C.IND_SOURCE, C.IND_NOTE, C.IND_SCOPE) else None)
        kind, low, high, message = VALUE_RULES.get(ind.unit, ("decimal", None, None, "Một số"))
        _validation(ws, f"{get_column_letter(C.IND_VALUE)}{row}", kind, formula1=low, formula2=high, error=message)
        if ind.unit == "rank":
            ref = f"{get_column_letter(C.IND_OF)}{row}"
            _validation(ws, ref, "whole", formula1="1", formula2=None, error="Số nguyên, từ 1 trở lên")
    _dropdown(ws, C.IND_SCOPE, len(indicators), scope_list)


def _last_state(states: dict[int, TaskState], task_id: int) -> str:
    state = states.get(task_id)
    if state is None or state.status is None:
        return i18n.label(i18n.TASK_STATUS_LABELS, "no_report", "vi")
    return f"{i18n.label(i18n.TASK_STATUS_LABELS, state.status, 'vi')} (năm {state.status_year})"


def _tasks(
    ws: Any,
    ds: Dataset,
    agency: str,
    task_ids: list[int],
    ctx: FormContext,
    states: dict[int, TaskState],
    state_list: str,
) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

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
    _header(ws, f"NHIỆM VỤ CHỦ TRÌ - TÌNH TRẠNG NĂM {ctx.year}", "Số TT theo Phụ lục 1 của Kế hoạch.", headers)
    aliases = {alias: a.id for a in ds.agencies.agencies for alias in a.aliases} if ds.agencies else {}
    names = {a.id: a.name.vi for a in ds.agencies.agencies} if ds.agencies else {}
    tasks = {t.id: t for t in ds.tasks.tasks} if ds.tasks else {}
    for row, task_id in enumerate(task_ids, start=C.FIRST_ROW):
        task = tasks[task_id]
        ws.cell(row=row, column=C.TASK_ID, value=task.id)
        title = ws.cell(row=row, column=C.TASK_TITLE, value=task.title.vi)
        title.data_type = "s"
        title.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=row, column=C.TASK_TIMEFRAME, value=task.timeframe.text).data_type = "s"
        ws.cell(row=row, column=C.TASK_LAST, value=_last_state(states, task_id))
        lead = aliases.get(task.lead, task.lead)
        if lead != agency:  # a task of an agency this one succeeded
            ws.cell(row=row, column=C.TASK_NOTE + 1, value=names.get(lead, lead)).data_type = "s"
        for col in C.TASK_INPUTS:
            fmt = "dd/mm/yyyy" if col == C.TASK_DATE else "@" if col in (C.TASK_DOC, C.TASK_NOTE) else None
            _input(ws, row, col, fmt)
    _dropdown(ws, C.TASK_STATE, len(task_ids), state_list)
    if task_ids:
        col = get_column_letter(C.TASK_DATE)
        _validation(
            ws,
            f"{col}{C.FIRST_ROW}:{col}{C.FIRST_ROW + len(task_ids) - 1}",
            "date",
            formula1="DATE(2000,1,1)",
            formula2=f"DATE({ctx.year + 1},12,31)",
            error="Ngày/tháng/năm, ví dụ 10/12/2026",
        )


def _joined(ws: Any, ds: Dataset, task_ids: list[int], states: dict[int, TaskState]) -> None:
    headers = [
        ("Số TT", 7, False),
        ("Nhiệm vụ", 60, False),
        ("Cơ quan chủ trì", 30, False),
        ("Thời gian thực hiện", 20, False),
        ("Tình trạng đã báo cáo", 22, False),
    ]
    _header(ws, "NHIỆM VỤ PHỐI HỢP (để tham khảo)", "Cơ quan chủ trì báo cáo tình trạng các nhiệm vụ này.", headers)
    tasks = {t.id: t for t in ds.tasks.tasks} if ds.tasks else {}
    names = {a.id: a.name.vi for a in ds.agencies.agencies} if ds.agencies else {}
    for row, task_id in enumerate(task_ids, start=C.FIRST_ROW):
        task = tasks[task_id]
        lead = states[task_id].lead if task_id in states else task.lead
        ws.cell(row=row, column=1, value=task.id)
        ws.cell(row=row, column=2, value=task.title.vi).data_type = "s"
        ws.cell(row=row, column=3, value=names.get(lead, lead)).data_type = "s"
        ws.cell(row=row, column=4, value=task.timeframe.text).data_type = "s"
        ws.cell(row=row, column=5, value=_last_state(states, task_id))
