"""Read what comes back: the entries of returned files, every cell checked, and long-form CSV.

Excel's own validations are bypassed by paste and are not enforced by the libraries that
read the file, so every cell is checked again here, with the rules `validate` applies (the
unit's bounds of `vocabulary.value_in_range`, a source for every entry, known states and
scopes). Values are parsed as the Department writes them (1,8 and 1.8; 10/12/2026 and
2026-12-10), by the one parser of each (`engine.numbers`, `engine.asof`). A problem is located
by file, sheet and cell (`so-tai-chinh-dof-2026.xlsx!Chỉ tiêu!G5`), or by CSV line and column. The
returned forms themselves are read by `collection_form`, with the layout they were written in.
Nothing here writes: `importing` does, through the guarded write path.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from stiplan import problems as P
from stiplan import vocabulary as V
from stiplan.dataformat import float_problem
from stiplan.engine.asof import parse_day
from stiplan.engine.numbers import BadNumber, parse_value
from stiplan.lang import Term, Words
from stiplan.models import Indicator
from stiplan.store import files
from stiplan.store.dataset import Dataset, UnknownPlan
from stiplan.store.limits import MAX_CELL_CHARS
from stiplan.text import fold

MAX_ROWS = 5000
"""Rows read per sheet or CSV: far above any plan, far below a runaway file."""
MAX_BYTES = 10 * 1024 * 1024
"""A returned form is some 10-50 KB; anything past this is not one (and could be a zip bomb)."""


@dataclass
class Entry:
    """One figure or task report to record, and the cell it came from."""

    section: Literal["indicators", "tasks"]
    key: str | int
    year: int
    fields: dict[str, object]
    where: str
    """Where to point a problem about it: 'file!sheet!G5' or 'file.csv:3:4'."""
    plan: str | None = None
    """A task report's plan (task numbers are each plan's own): the plan of the form it came
    from, or of the CSV row; None: the only plan that lists tasks (`Dataset.tasks_plan`)."""

    @property
    def what(self) -> str:
        return f"{'indicator' if self.section == 'indicators' else 'task'} {self.key}, {self.year}"

    def what_words(self, ds: Dataset) -> Term:
        """What the entry is, in both languages: a clerk knows an indicator by its name, not its id."""
        if self.section == "indicators":
            ind = ds.indicator(str(self.key))
            name = ind.name.vi if ind is not None else str(self.key)
            return Term(f"số liệu năm {self.year} của chỉ tiêu “{name}”", self.what)
        return Term(f"báo cáo năm {self.year} của nhiệm vụ số {self.key}", self.what)


@dataclass
class Submission:
    """One file to import: what it says it is, its entries, and its own problems."""

    path: Path
    name: str
    kind: Literal["form", "csv"]
    digest: str = ""
    agency: str | None = None
    form: str | None = None
    year: int | None = None
    entries: list[Entry] = field(default_factory=list)
    problems: list[P.Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not P.has_errors(self.problems)


def split_where(where: str) -> tuple[str, int | None, int | None]:
    """'file!sheet!cell' → (it, None, None); 'file.csv:LINE:COL' → (file.csv, LINE, COL)."""
    parts = where.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return parts[0], int(parts[1]), int(parts[2])
    return where, None, None


def at_cell(kind: type[P.Kind], where: str, **params: Any) -> P.Problem:
    """A problem at 'file!sheet!cell' (no line) or 'file.csv:LINE:COL'; a `field` named by its
    key is worded as the clerk knows it ('value' → 'số liệu')."""
    named = params.get("field")
    if isinstance(named, str) and named in FIELDS:
        params["field"] = FIELDS[named]
    return kind.at(*split_where(where), **params)


# --- what a clerk reads -----------------------------------------------------------------

FIELDS = Words(
    value=Term("số liệu", "value"),
    of=Term("tổng số được xếp hạng", "of"),
    scope=Term("phạm vi số liệu", "scope"),
    source=Term("văn bản nguồn", "source"),
    note=Term("ghi chú", "note"),
    status=Term("tình trạng", "status"),
    date=Term("ngày văn bản", "date"),
    year=Term("năm", "year"),
    frame=Term("khung so sánh", "frame"),
    reported_by=Term("cơ quan báo cáo", "reported_by"),
    form=Term("mã biểu", "form"),
)
"""An entry's fields as a clerk knows them (the form's columns), for problems and changes."""


def field_words(name: str) -> Term:
    """A field's words; a field without any (a new one) as its own name in both languages."""
    return FIELDS.get(name) or Term(name, name)


def rule_words(unit: str) -> Term:
    """`vocabulary.UNITS`' rule of a unit, in both languages (the form's and the data's checks say it alike)."""
    return V.UNITS[unit].rule


# --- parsing one cell ----------------------------------------------------------------------


def cell_text(value: object) -> str | None:
    """A cell as text, None when blank ('' and spaces count as blank)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def cell_int(value: object) -> int | None:
    """A cell holding a whole number (an id, a year), or None."""
    try:
        return int(str(cell_text(value)))
    except ValueError:
        return None


def _number(value: object) -> int | float:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        reason = float_problem(str(value), float(value))
        if reason is not None:
            raise BadNumber(str(value), reason)
        return int(value) if float(value).is_integer() else float(value)
    return parse_value(str(value))


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_day(str(value))


def state_codes() -> dict[str, str]:
    """Every way to write a reported status → its code: the code itself and its words."""
    out = {}
    for rule in V.TASK_STATES:
        if rule.code in V.TASK_STATUSES:
            for word in (rule.code, rule.code.replace("_", " "), rule.vi, rule.en, *rule.former):
                out[fold(word)] = rule.code
    return out


STATE_CHOICES = ", ".join(V.TASK_WORDS.pick(code, "vi") for code in V.TASK_STATUSES)
"""The statuses as the form's dropdown offers them (a clerk's words), for a hint."""


class Checker:
    """Checks the cells of one row, collecting problems, returning parsed values."""

    def __init__(self, ds: Dataset, out: list[P.Problem]) -> None:
        self.ds, self.out = ds, out
        self.states = state_codes()

    def value(
        self, ind: Indicator, raw: object, where: str, of: int | None, *, percent_format: bool = False
    ) -> int | float | None:
        """`percent_format`: the cell is formatted as a percentage, so Excel stored 22,87 % as 0.2287."""
        text = cell_text(raw)
        if ind.unit == "percent" and isinstance(raw, str) and text is not None and text.endswith("%"):
            raw = text[:-1].strip()  # '22,87 %' typed into a text cell
        try:
            number = _number(raw)
            if ind.unit == "percent" and percent_format and isinstance(raw, (int, float)):
                number = _number(round(number * 100, 10))
        except BadNumber as exc:
            self.out.append(at_cell(P.BadNumber, where, text=exc.text, reason=exc.reason))
            return None
        except ValueError:
            message = Term(
                f"{cell_text(raw)!r} không phải là số (viết 1,8 hoặc 1.8)",
                f"{cell_text(raw)!r} is not a number (write 1,8 or 1.8)",
            )
            self.out.append(at_cell(P.WrongType, where, field=FIELDS["value"], message=message))
            return None
        if not V.value_in_range(ind.unit, number, of):
            unit = Term(V.UNITS[ind.unit].vi, ind.unit)
            self.out.append(at_cell(P.ValueOutOfRange, where, value=number, unit=unit, rule=rule_words(ind.unit)))
            return None
        return number

    def of(self, ind: Indicator, raw: object, where: str) -> int | None:
        if cell_text(raw) is None:
            return None
        try:
            number = _number(raw)
        except ValueError:
            number = -1
        if ind.unit != "rank":
            message = Term("chỉ ghi ở chỉ tiêu xếp hạng; để trống ô này", "only rank indicators take 'of'")
            self.out.append(at_cell(P.InvalidValue, where, field=FIELDS["of"], message=message))
        elif not isinstance(number, int) or number < 1:
            text = cell_text(raw)
            message = Term(f"{text!r} không phải số nguyên từ 1 trở lên", f"{text!r} is not a whole number ≥ 1")
            self.out.append(at_cell(P.InvalidValue, where, field=FIELDS["of"], message=message))
        else:
            return number
        return None

    def scope(self, raw: object, where: str) -> str | None:
        text = cell_text(raw)
        if text is None:
            return None
        scope = self.ds.scope_named(text)
        if scope is None:
            scopes = self.ds.plan().scopes
            hint = Term(
                "chọn trong danh sách: " + "; ".join(s.name.vi for s in scopes),
                f"use one of {', '.join(s.id for s in scopes)}",
            )
            self.out.append(at_cell(P.UnknownScope, where, id=text, hint=hint))
        return scope

    def state(self, raw: object, where: str) -> str | None:
        text = cell_text(raw)
        code = self.states.get(fold(text)) if text else None
        if code is None:
            hint = Term("chọn trong danh sách: " + STATE_CHOICES, "choose from the list: " + STATE_CHOICES)
            self.out.append(at_cell(P.UnknownStatus, where, status=text or "", hint=hint))
        return code

    def date(self, raw: object, where: str) -> dt.date | None:
        if cell_text(raw) is None:
            return None
        try:
            return _day(raw)
        except ValueError:
            text = cell_text(raw)
            message = Term(
                f"{text!r} không phải là ngày (viết ngày/tháng/năm, ví dụ 10/12/2026)",
                f"{text!r} is not a date (write 10/12/2026)",
            )
            self.out.append(at_cell(P.InvalidValue, where, field=FIELDS["date"], message=message))
            return None

    def source(self, raw: object, where: str, what: str | Term) -> str | None:
        text = cell_text(raw)
        if text is None:
            self.out.append(at_cell(P.MissingSource, where, what=_what_words(what)))
        return text


def _what_words(what: str | Term) -> Term:
    """'indicator grdp_growth' / 'task 5' as a clerk reads it: 'số liệu này' / 'nhiệm vụ số 5'."""
    if isinstance(what, Term):
        return what
    kind, _, key = what.partition(" ")
    return Term(f"nhiệm vụ số {key}" if kind == "task" else "số liệu này", what)


def _unreadable(english: str) -> Term:
    return Term("không đọc được tệp; hãy gửi lại đúng tệp biểu đã nhận", english)


def _delimiter_hint(text: str) -> Term | None:
    """A CSV whose first line splits on ';' (Excel's CSV where a comma is the decimal mark)."""
    first = text.splitlines()[0] if text else ""
    if ";" not in first or first.count(";") <= first.count(","):
        return None
    return Term(
        "các cột của tệp được phân cách bằng dấu chấm phẩy (;); hãy lưu lại dưới dạng CSV phân cách bằng dấu phẩy (,)",
        "its columns are separated by semicolons (;); save it again as a comma-separated CSV",
    )


def other_year_hint(found: int, expected: int) -> Term:
    """What to do with a form of another round: send this round's form again, never record its
    answers under the other year (a 2026 clerk's figures would stand as the 2025 ones)."""
    return Term(
        f"cơ quan cần điền và gửi lại biểu năm {expected} mà Sở đã gửi; số liệu trên biểu năm {found} không được nhận",
        f"ask the agency to fill in and send back the {expected} form it was sent; "
        f"nothing on the {found} form is recorded",
    )


def unreadable_words(problem: P.Problem) -> P.Problem:
    """A form-unreadable problem worded by a reader in English only, with what a clerk does about it."""
    if problem.code != P.FormUnreadable.code or problem.text("vi") != problem.message:
        return problem
    return P.FormUnreadable.at(
        problem.path, problem.line, problem.column, hint=problem.hint, message=_unreadable(problem.message)
    )


def read_bounded(sub: Submission) -> bytes | None:
    """The file's bytes, or None (with the problem noted) when it is too large to be one of
    ours or not a regular file (a named pipe is refused, not waited on)."""
    from stiplan.store.safefile import UnsafeFile, read_regular

    try:
        return read_regular(sub.path, MAX_BYTES)
    except UnsafeFile as exc:
        if exc.reason == UnsafeFile.TOO_LARGE:
            sub.problems.append(P.FileTooLarge.at(sub.name, size=exc.size, limit=MAX_BYTES))
        else:
            sub.problems.append(P.FormUnreadable.at(sub.name, message=_unreadable(f"cannot read it: {exc}")))
        return None


# --- CSV in the export's long form ---------------------------------------------------------

ALIASES = {"status_year": "year", "status_source": "source", "state": "status"}
"""Columns of `stiplan export`'s tasks table read as the long form's."""


def read_csv(ds: Dataset, path: Path) -> Submission:
    """indicator,year,value,of,scope,source,note or task,year,status,source,date,note (extra columns ignored)."""
    sub = Submission(path, path.name, "csv")
    try:
        read = read_bounded(sub)
        if read is None:
            return sub
        raw = read
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        message = _unreadable(f"cannot read it: {exc.strerror or exc}")
        sub.problems.append(P.FormUnreadable.at(sub.name, message=message))
        return sub
    except UnicodeDecodeError as exc:
        sub.problems.append(P.NotUtf8.at(sub.name, byte=f"0x{raw[exc.start]:02x}"))
        return sub
    sub.digest = files.digest(raw)
    rows = csv_rows(sub, text)
    header = [ALIASES.get(h.strip(), h.strip()) for h in next(rows, (1, []))[1]]
    section = "indicators" if "indicator" in header else "tasks" if "task" in header else None
    needed = (
        ("indicator", "year", "value", "source") if section == "indicators" else ("task", "year", "status", "source")
    )
    missing = [c for c in needed if c not in header]
    if section is None or missing:
        message = Term(
            "tệp CSV cần các cột indicator,year,value,source hoặc task,year,status,source",
            "a CSV needs the columns indicator,year,value,source or task,year,status,source",
        )
        hint = _delimiter_hint(text)
        sub.problems.append(P.FormUnreadable.at(f"{sub.name}:1:1", message=message, hint=hint))
        return sub
    col = {name: header.index(name) for name in header[::-1]}
    check = Checker(ds, sub.problems)
    for line, cells in rows:

        def get(name: str, cells: list[str] = cells) -> str | None:
            i = col.get(name)
            return cell_text(cells[i]) if i is not None and i < len(cells) else None

        def at(name: str, line: int = line) -> str:
            return f"{sub.name}:{line}:{col.get(name, 0) + 1}"

        if not any(c.strip() for c in cells):
            continue
        year_text = get("year")
        if year_text is None and section == "tasks":
            continue  # the export's row of a task nobody has reported on
        year = cell_int(year_text)
        if year is None or not 1900 <= year <= 2200:
            message = Term(f"{year_text!r} không phải là năm", f"{year_text!r} is not a year")
            sub.problems.append(at_cell(P.InvalidValue, at("year"), field="year", message=message))
            continue
        if section == "indicators":
            _csv_actual(ds, sub, check, get, at, year)
        else:
            _csv_task(sub, check, get, at, year, ds)
    return sub


def csv_rows(sub: Submission, text: str) -> Iterator[tuple[int, list[str]]]:
    """(line the row starts on, cells) of each row, parsed by the stdlib's strict dialect.

    Stops at the first row that breaks the format, noting a located problem: a quote left open
    (which would otherwise swallow every row after it into one cell), a character after a
    closing quote, a cell longer than MAX_CELL_CHARS, more than MAX_ROWS rows.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines = text.splitlines()
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            sub.problems.append(_csv_error(sub, lines, start, reader.line_num, str(exc)))
            return
        if start > MAX_ROWS + 1:
            sub.problems.append(P.TooManyRows.at(sub.name, start, limit=MAX_ROWS))
            return
        long = next((i for i, c in enumerate(cells) if len(c) > MAX_CELL_CHARS), None)
        if long is not None:
            message = Term(
                f"một ô chứa {len(cells[long])} ký tự, vượt giới hạn {MAX_CELL_CHARS}",
                f"a cell holds {len(cells[long])} characters; the limit is {MAX_CELL_CHARS}",
            )
            sub.problems.append(at_cell(P.FormUnreadable, f"{sub.name}:{start}:{long + 1}", message=message))
            return
        yield start, cells


def _csv_error(sub: Submission, lines: list[str], start: int, end: int, reason: str) -> P.Problem:
    """The located problem of a row the csv module refused: where its open quote is."""
    if "field larger than field limit" in reason:
        message = Term(
            f"một ô chứa hơn 131072 ký tự, vượt giới hạn {MAX_CELL_CHARS}",
            f"a cell holds more than 131072 characters; the limit is {MAX_CELL_CHARS}",
        )
        return at_cell(P.FormUnreadable, f"{sub.name}:{start}:1", message=message)
    row = lines[start - 1] if 0 < start <= len(lines) else ""
    col = row.rfind('"') + 1 if "end of data" in reason else row.find('"') + 1
    if "end of data" in reason:
        message = Term(
            f'dấu nháy kép (") mở ở đây không được đóng, nên các dòng {start}-{end} sẽ bị đọc thành một ô',
            f'the quote (") opened here is never closed, so rows {start}-{end} would read as one cell',
        )
    else:
        message = Term(
            f'một ô trong dấu nháy kép phải kết thúc ngay sau dấu nháy đóng ("): {reason}',
            f'a quoted cell must end at its closing quote ("): {reason}',
        )
    return at_cell(P.FormUnreadable, f"{sub.name}:{start}:{col or 1}", message=message)


def _csv_actual(ds: Dataset, sub: Submission, check: Checker, get: Any, at: Any, year: int) -> None:
    ind = ds.indicator(get("indicator") or "")
    if ind is None:
        hint = P.closest_term(get("indicator") or "", ds.indicator_ids)
        sub.problems.append(
            at_cell(P.UnknownIndicator, at("indicator"), id=get("indicator"), targets="targets.yaml", hint=hint)
        )
        return
    if get("value") is None:
        sub.problems.append(at_cell(P.MissingField, at("value"), field="value"))
        return
    of = check.of(ind, get("of"), at("of"))
    fields = {
        "value": check.value(ind, get("value"), at("value"), of),
        "of": of,
        "source": check.source(get("source"), at("source"), f"indicator {ind.id}"),
        "scope": check.scope(get("scope"), at("scope")),
        "note": get("note"),
    }
    sub.entries.append(Entry("indicators", ind.id, year, fields, at("value")))


def _csv_task(sub: Submission, check: Checker, get: Any, at: Any, year: int, ds: Dataset) -> None:
    """A task row: its plan (the `plan` column, as `stiplan export` writes it for a folder of
    several plans; else the only plan that lists tasks) and the plan's own task number."""
    try:
        plan = ds.tasks_plan(get("plan"))
    except UnknownPlan:
        ids = ", ".join(ds.task_plans or ds.plan_ids)
        message = Term(
            f"không rõ nhiệm vụ thuộc kế hoạch nào: ghi vào cột plan một trong các mã {ids}",
            f"which plan the task is of is not clear: write one of the ids {ids} in the plan column",
        )
        sub.problems.append(at_cell(P.InvalidValue, at("plan"), field="plan", message=message))
        return
    task_id = cell_int(get("task"))
    if task_id not in ds.task_ids_by_plan.get(plan, frozenset()):
        sub.problems.append(at_cell(P.UnknownTask, at("task"), id=get("task"), tasks="tasks.yaml"))
        return
    day = check.date(get("date"), at("date"))
    fields = {
        "status": check.state(get("status"), at("status")),
        "source": check.source(get("source"), at("source"), f"task {task_id}"),
        "date": day.isoformat() if day else None,
        "note": get("note"),
    }
    sub.entries.append(Entry("tasks", int(task_id), year, fields, at("status"), plan=plan))
