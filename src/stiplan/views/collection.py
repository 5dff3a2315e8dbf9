"""`stiplan collect status`: who owes what, as text, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from stiplan import lang as L
from stiplan.engine.collection import AgencyStatus, Collection, SendBack
from stiplan.lang import Lang, Term, Words
from stiplan.models import LoggedProblem
from stiplan.views.envelope import Envelope, dump

STATE_WORDS = Words(
    not_sent=Term("chưa gửi biểu", "form not sent"),
    waiting=Term("đang chờ", "waiting"),
    late=Term("quá hạn, chưa nhận", "late: not received"),
    on_time=Term("đã nhận, đúng hạn", "received on time"),
    received_late=Term("đã nhận, muộn", "received late"),
)
"""The round's states, in the words `collect status` prints."""

WORDS = Words(
    title=Term("Thu thập số liệu năm {year}, tính đến ngày {day}:", "Collection {year}, as of {day}:"),
    expected=Term("{n} mục phải báo cáo", "{n} expected"),
    due=Term("hạn {day}", "due {day}"),
    received=Term("nhận {day}", "received {day}"),
    problems=Term("{n} lỗi chưa sửa", "{n} open problem(s)"),
    returned=Term("trả lại {day}", "sent back {day}"),
    missing=Term("{n} mục chưa ghi nhận", "{n} not recorded"),
    backlog=Term("còn thiếu báo cáo các năm trước: {years}", "past years' task reports still missing: {years}"),
    answered=Term("{k}/{n} cơ quan đã gửi báo cáo.", "{k} of {n} agencies have answered."),
    not_asked=Term("Không giao cho cơ quan nào: {ids}", "Not asked of any agency: {ids}"),
    collective=Term(
        "Nhiệm vụ do một nhóm cơ quan chủ trì, không gửi biểu ({n} nhiệm vụ): số {ids}",
        "Tasks led by a collective, no form sent ({n}): no. {ids}",
    ),
    ended=Term(
        "Nhiệm vụ do cơ quan không còn hoạt động chủ trì, chưa rõ cơ quan kế thừa, không gửi biểu "
        "({n} nhiệm vụ): số {ids}",
        "Tasks led by an agency that no longer exists, its successor unknown, no form sent ({n}): no. {ids}",
    ),
)

SENDING = Words(
    wrote=Term(
        "đã ghi {path}: {agency} ({indicators} chỉ tiêu, {tasks} nhiệm vụ)",
        "wrote {path}: {agency} ({indicators} indicator(s), {tasks} task(s))",
    ),
    logged=Term("đã ghi nhận {n} biểu đã gửi vào {log}", "logged {n} form(s) sent in {log}"),
    return_preview=Term("{path}: {agency}, {n} lỗi cần sửa", "{path}: {agency}, {n} problem(s) to correct"),
    return_wrote=Term("đã ghi {path}: {n} lỗi cần sửa", "wrote {path}: {n} problem(s) to correct"),
    return_logged=Term(
        "đã ghi nhận vào {log}: biểu {form} đã trả lại cho {agency}",
        "logged in {log}: form {form} sent back to {agency}",
    ),
    unassigned=Term(
        "không có cơ quan cung cấp cho {n} chỉ tiêu (không có reported_by, và cơ quan tổng hợp của kế hoạch "
        "không phải là cơ quan có thể gửi biểu): {ids}",
        "no collector for {n} indicator(s) (no reported_by, and the plan's collector is not an agency "
        "that can be asked): {ids}",
    ),
)
"""What `collect forms` and `collect return` tell the Department's operator about the forms
they wrote."""


def sending_lines(key: str, lang: Lang, **params: object) -> str:
    """One line of `collect forms`' summary in the chosen language."""
    return SENDING.pick(key, lang, **params)


def collective_line(task_ids: Sequence[int], lang: Lang, *, key: str = "collective") -> str:
    """Tasks no form can go to, by number (never read as a count), as `collect status` words them:
    led by a collective, or (`key="ended"`) by an agency that no longer exists."""
    ids = ", ".join(str(t) for t in sorted(task_ids))
    return WORDS.pick(key, lang, n=len(task_ids), ids=ids)


COLUMNS = (
    "agency",
    "name",
    "indicators",
    "tasks",
    "expected",
    "sent",
    "deadline",
    "received",
    "state",
    "open_problems",
    "returned",
    "missing",
    "problems",
    "backlog",
)


def _row(s: AgencyStatus) -> dict[str, Any]:
    return {
        "agency": s.owed.agency.id,
        "name": s.owed.agency.name.vi,
        "indicators": len(s.owed.indicators),
        "tasks": len(s.owed.tasks),
        "expected": s.owed.expected,
        "sent": s.sent.date.isoformat() if s.sent else None,
        "deadline": s.deadline.isoformat() if s.deadline else None,
        "received": s.received.date.isoformat() if s.received else None,
        "state": s.state,
        "open_problems": s.open_problems,
        "returned": s.returned.date.isoformat() if s.returned else None,
        "missing": list(s.missing),
        "problems": [p.model_dump(exclude_none=True) for p in s.problems],
        "backlog": {str(year): n for year, n in s.backlog.items()},
    }


def backlog_words(s: AgencyStatus) -> str:
    """'2023: 3; 2024: 5': the past years' task reports still missing, per year."""
    return "; ".join(f"{year}: {n}" for year, n in sorted(s.backlog.items()))


def problem_line(p: LoggedProblem) -> str:
    """'Chỉ tiêu!G8 (Số liệu năm 2026): …' — where on the form, and what to fix."""
    column = f" ({p.column})" if p.column else ""
    return f"{p.where}{column}: {p.message}"


def to_json(rows: Sequence[AgencyStatus], collection: Collection, envelope: Envelope) -> str:
    body = {
        "year": collection.year,
        "agencies": [_row(s) for s in rows],
        "not_asked": {
            "indicators": collection.unassigned_indicators,
            "tasks_led_by_collectives": sorted(collection.collective_tasks),
            "tasks_of_ended_agencies": sorted(collection.ended_tasks),
        },
    }
    return dump(envelope, body)


def to_csv(rows: Sequence[AgencyStatus], *, excel_bom: bool = False) -> str:
    """One row per agency; `excel_bom` starts it with a UTF-8 byte-order mark, without which
    Excel reads the Vietnamese names as Windows-1258."""
    buf = io.StringIO()
    if excel_bom:
        buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for s in rows:
        row = _row(s)
        row["missing"] = "; ".join(row["missing"])
        row["problems"] = "; ".join(problem_line(p) for p in s.problems)
        row["backlog"] = backlog_words(s)
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return buf.getvalue()


def to_text(rows: Sequence[AgencyStatus], collection: Collection, day: dt.date, lang: Lang = "vi") -> str:
    """One line per agency, the ones that have not answered first, then what nobody is asked for."""

    def w(key: str, **params: object) -> str:
        return WORDS.pick(key, lang, **params)

    def d(value: dt.date) -> str:
        return L.date(value, lang)

    order = {"late": 0, "waiting": 1, "not_sent": 2, "received_late": 3, "on_time": 4}
    lines = [w("title", year=collection.year, day=d(day))]
    for s in sorted(rows, key=lambda s: (order[s.state], -s.open_problems)):
        parts = [w("expected", n=s.owed.expected)]
        if s.deadline:
            parts.append(w("due", day=d(s.deadline)))
        if s.received:
            parts.append(w("received", day=d(s.received.date)))
        if s.open_problems:
            parts.append(w("problems", n=s.open_problems))
        if s.returned:
            parts.append(w("returned", day=d(s.returned.date)))
        if s.missing:
            parts.append(w("missing", n=len(s.missing)))
        if s.backlog:
            parts.append(w("backlog", years=backlog_words(s)))
        name = s.owed.agency.name.pick(lang)
        lines.append(f"  {name} ({s.owed.agency.id}): {STATE_WORDS.pick(s.state, lang)}; {', '.join(parts)}")
        lines += [f"    - {problem_line(p)}" for p in s.problems]
    pending = [s for s in rows if s.state in ("late", "waiting", "not_sent")]
    lines.append(w("answered", k=len(rows) - len(pending), n=len(rows)))
    if collection.unassigned_indicators:
        lines.append(w("not_asked", ids=", ".join(collection.unassigned_indicators)))
    if collection.collective_tasks:
        lines.append(collective_line(sorted(collection.collective_tasks), lang))
    if collection.ended_tasks:
        lines.append(collective_line(sorted(collection.ended_tasks), lang, key="ended"))
    return "\n".join(lines) + "\n"


# --- the send-back note --------------------------------------------------------------------

NOTE_SHEET = "Phiếu trả lại"
NOTE_HEADER_ROW = 8
"""The row of the problem table's column titles (the letterhead, title and letter above it)."""
NOTE_COLUMNS = (("STT", 6), ("Trang", 20), ("Ô", 8), ("Cột", 30), ("Nội dung cần chỉnh sửa", 90))


def place(problem: LoggedProblem) -> tuple[str, str]:
    """(sheet, cell) of a logged problem; ('', '') for a problem of the whole file."""
    sheet, _, cell = problem.where.rpartition("!")
    return (sheet, cell) if sheet else ("", "")


def sendback_workbook(note: SendBack) -> bytes:
    """The note an agency gets with its form sent back, in Vietnamese and an official tone:
    the letter, then one row per problem by sheet, cell and column title with what to fix."""
    from openpyxl.styles import Alignment, Font

    from stiplan.store.xlsx import import_openpyxl, reproducible_bytes

    openpyxl = import_openpyxl()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = NOTE_SHEET
    day = L.long_date(note.day, "vi", note.day.year)
    received = f"Ngày {L.date(note.received, 'vi')}, " if note.received else ""
    n = len(note.problems)
    if note.deadline is not None and note.deadline >= note.day:
        by = f"trước ngày {L.date(note.deadline, 'vi')}"
    else:
        by = "trong thời gian sớm nhất"
    letter = [
        (note.collector.upper(), True),
        (day, False),
        (f"PHIẾU ĐỀ NGHỊ CHỈNH SỬA BIỂU THU THẬP SỐ LIỆU NĂM {note.year}", True),
        (f"Kính gửi: {note.agency}", True),
        (
            f"{received}{note.collector} nhận được biểu “{note.form_file}” (mã biểu {note.form}) của Quý cơ quan. "
            + (
                f"Qua kiểm tra, biểu còn {n} nội dung cần chỉnh sửa như sau:"
                if n
                else "Qua kiểm tra, biểu cần được chỉnh sửa như ghi chú dưới đây."
            ),
            False,
        ),
        (f"Ghi chú: {note.note}" if note.note else "", False),
        (
            "Đề nghị Quý cơ quan chỉnh sửa ngay trên biểu đã nhận (không đổi tên tệp, không thêm, xóa hay sắp xếp "
            f"lại dòng) và gửi lại {note.collector} {by}. Trân trọng cảm ơn sự phối hợp của Quý cơ quan./.",
            False,
        ),
    ]
    for row, (text, bold) in enumerate(letter, start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        cell.font = Font(bold=bold)
        cell.alignment = Alignment(wrap_text=False, vertical="top")
    from openpyxl.utils import get_column_letter

    for col, (title, width) in enumerate(NOTE_COLUMNS, start=1):
        head = ws.cell(row=NOTE_HEADER_ROW, column=col, value=title)
        head.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for k, problem in enumerate(note.problems, start=1):
        sheet, cell_ref = place(problem)
        values = (k, sheet or note.form_file, cell_ref or None, problem.column, problem.message)
        for col, value in enumerate(values, start=1):
            out = ws.cell(row=NOTE_HEADER_ROW + k, column=col, value=value)
            out.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, str):
                out.data_type = "s"  # a message starting with '=' is text, never a formula
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{NOTE_HEADER_ROW}:{NOTE_HEADER_ROW}"
    wb.properties.creator = "stiplan"
    return reproducible_bytes(wb)
