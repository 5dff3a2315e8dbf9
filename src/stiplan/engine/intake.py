"""Read what comes back: returned collection forms (.xlsx) and long-form CSV files.

Excel's own validations are bypassed by paste and are not enforced by the libraries that
read the file, so every cell is checked again here, with the rules `validate` applies
(`checks.value_in_range`, a source for every entry, known states and scopes). Values are
parsed as the Department writes them (1,8 and 1.8; 10/12/2026 and 2026-12-10). A problem
is located by file, sheet and cell (`so-tai-chinh-2026.xlsx!Chỉ tiêu!G5`), or by CSV line
and column. Nothing here writes: `engine.importing` does, through the guarded write path.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from stiplan import problems as P
from stiplan.engine import collection as C
from stiplan.engine.checks import RANGE_RULES, value_in_range
from stiplan.engine.recording import parse_date, parse_value
from stiplan.models import Indicator
from stiplan.store import files
from stiplan.store.reading import Dataset
from stiplan.store.xlsx import import_openpyxl

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

    @property
    def what(self) -> str:
        return f"{'indicator' if self.section == 'indicators' else 'task'} {self.key}, {self.year}"


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


def _at(kind: type[P.Kind], where: str, **params: Any) -> P.Problem:
    """A problem at 'file!sheet!cell' (no line) or 'file.csv:LINE:COL'."""
    return kind.at(*split_where(where), **params)


# --- parsing one cell ----------------------------------------------------------------------


def _text(value: object) -> str | None:
    """A cell as text, None when blank ('' and spaces count as blank)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _number(value: object) -> int | float:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else float(value)
    return parse_value(str(value))


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value))


def _fold(text: str) -> str:
    from stiplan.engine.agencies import normalise

    return normalise(text)


StateWords = Mapping[str, Mapping[str, str]]
"""State code → its words by language (views.i18n.TASK_STATUS_LABELS), handed in by the caller:
the words live with the views, and the engine does not import them."""


def state_codes(words: StateWords | None) -> dict[str, str]:
    """Every way to write a state → its code: the code itself and each of its words."""
    from stiplan.engine.tasks import STATUSES

    out = {}
    for code in STATUSES:
        for word in (code, code.replace("_", " "), *(words or {}).get(code, {}).values()):
            out[_fold(word)] = code
    return out


def scope_codes(ds: Dataset) -> dict[str, str]:
    """A scope's id or either of its names → its id."""
    out = {}
    for s in ds.targets.plan.scopes:
        for word in (s.id, s.name.vi, s.name.en):
            out[_fold(word)] = s.id
    return out


class _Checker:
    """Checks the cells of one row, collecting problems, returning parsed values."""

    def __init__(self, ds: Dataset, out: list[P.Problem], words: StateWords | None = None) -> None:
        self.ds, self.out = ds, out
        self.states, self.scopes = state_codes(words), scope_codes(ds)
        self.choices = [w.get("vi", c) for c, w in (words or {}).items() if c in self.states.values()]

    def value(
        self, ind: Indicator, raw: object, where: str, of: int | None, *, percent_format: bool = False
    ) -> int | float | None:
        """`percent_format`: the cell is formatted as a percentage, so Excel stored 22,87 % as 0.2287."""
        text = _text(raw)
        if ind.unit == "percent" and isinstance(raw, str) and text is not None and text.endswith("%"):
            raw = text[:-1].strip()  # '22,87 %' typed into a text cell
        try:
            number = _number(raw)
            if ind.unit == "percent" and percent_format and isinstance(raw, (int, float)):
                number = _number(round(number * 100, 10))
        except ValueError:
            self.out.append(
                _at(P.WrongType, where, field="value", message=f"{_text(raw)!r} is not a number (write 1,8 or 1.8)")
            )
            return None
        if not value_in_range(ind.unit, number, of):
            self.out.append(_at(P.ValueOutOfRange, where, value=number, unit=ind.unit, rule=RANGE_RULES[ind.unit]))
            return None
        return number

    def of(self, ind: Indicator, raw: object, where: str) -> int | None:
        if _text(raw) is None:
            return None
        try:
            number = _number(raw)
        except ValueError:
            number = -1
        if ind.unit != "rank":
            self.out.append(_at(P.InvalidValue, where, field="of", message="only rank indicators take 'of'"))
        elif not isinstance(number, int) or number < 1:
            self.out.append(_at(P.InvalidValue, where, field="of", message=f"{_text(raw)!r} is not a whole number ≥ 1"))
        else:
            return number
        return None

    def scope(self, raw: object, where: str) -> str | None:
        from stiplan.engine.recording import resolve_scope

        text = _text(raw)
        if text is None:
            return None
        scope = self.scopes.get(_fold(text)) or resolve_scope(self.ds, text)
        if scope is None:
            ids = [s.id for s in self.ds.targets.plan.scopes]
            self.out.append(_at(P.UnknownScope, where, id=text, hint=f"use one of {', '.join(ids)}"))
        return scope

    def state(self, raw: object, where: str) -> str | None:
        text = _text(raw)
        code = self.states.get(_fold(text)) if text else None
        if code is None:
            hint = "choose from the list: " + ", ".join(self.choices or sorted(set(self.states.values())))
            self.out.append(_at(P.UnknownStatus, where, status=text or "", hint=hint))
        return code

    def date(self, raw: object, where: str) -> dt.date | None:
        if _text(raw) is None:
            return None
        try:
            return _day(raw)
        except ValueError:
            self.out.append(
                _at(P.InvalidValue, where, field="date", message=f"{_text(raw)!r} is not a date (write 10/12/2026)")
            )
            return None

    def source(self, raw: object, where: str, what: str) -> str | None:
        text = _text(raw)
        if text is None:
            self.out.append(_at(P.MissingSource, where, what=what))
        return text


# --- forms ---------------------------------------------------------------------------------


def _read_bounded(sub: Submission) -> bytes | None:
    """The file's bytes, or None (with the problem noted) when it is too large to be one of
    ours or not a regular file (a named pipe is refused, not waited on)."""
    from stiplan.store.safefile import UnsafeFile, read_regular

    try:
        return read_regular(sub.path, MAX_BYTES)
    except UnsafeFile as exc:
        if exc.reason == UnsafeFile.TOO_LARGE:
            sub.problems.append(P.FileTooLarge.at(sub.name, size=exc.size, limit=MAX_BYTES))
        else:
            sub.problems.append(P.FormUnreadable.at(sub.name, message=f"cannot read it: {exc}"))
        return None


def read_form(
    ds: Dataset,
    path: Path,
    *,
    year: int | None,
    log_for: Callable[[int], C.Log] | None = None,
    words: StateWords | None = None,
) -> Submission:
    """A returned form: its identity checked against the data and the log, then every input cell."""
    sub = Submission(path, path.name, "form")
    try:
        raw = _read_bounded(sub)
        if raw is None:
            return sub
        import_openpyxl()
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(raw), data_only=True)
    except ImportError:
        sub.problems.append(P.FormUnreadable.at(sub.name, message="reading forms needs openpyxl: pip install openpyxl"))
        return sub
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        sub.problems.append(P.FormUnreadable.at(sub.name, message=f"not an Excel workbook ({type(exc).__name__})"))
        return sub
    sub.digest = files.digest(raw)
    if C.ID_SHEET not in wb.sheetnames:
        sub.problems.append(P.FormUnreadable.at(sub.name, message="not a stiplan collection form (no form identity)"))
        return sub
    ident = {_text(r[0]): r[1] for r in wb[C.ID_SHEET].iter_rows(min_row=1, max_row=10, max_col=2, values_only=True)}
    where = f"{sub.name}!{C.ID_SHEET}"
    try:
        version, form_year = int(str(ident.get("format"))), int(str(ident.get("year")))
    except ValueError:
        sub.problems.append(P.FormUnreadable.at(where, message="the form's identity is damaged"))
        return sub
    sub.form, sub.agency, sub.year = _text(ident.get("form")), _text(ident.get("agency")), form_year
    plan = _text(ident.get("plan"))
    if version != C.FORM_VERSION:
        sub.problems.append(
            P.FormUnreadable.at(where, message=f"form layout {version} is not the one this stiplan reads")
        )
    elif plan != ds.targets.plan.id:
        sub.problems.append(P.FormOtherPlan.at(where, found=plan, expected=ds.targets.plan.id))
    elif year is not None and form_year != year:
        hint = f"pass --year {form_year} to import it into {form_year}"
        sub.problems.append(P.FormOtherYear.at(where, found=form_year, expected=year, hint=hint))
    if sub.problems:
        return sub
    agencies = {a.id for a in ds.agencies.agencies} if ds.agencies else set()
    if sub.agency not in agencies:
        sub.problems.append(P.UnknownAgency.at(where, id=sub.agency, agencies="agencies.yaml"))
        return sub
    sheets = {}
    for name in (C.INDICATOR_SHEET, C.TASK_SHEET, C.JOINED_SHEET):
        if name not in wb.sheetnames:
            sub.problems.append(P.FormTampered.at(sub.name, form=sub.form, message=f"sheet {name!r} is missing"))
            return sub
        sheets[name] = _rows(wb[name])
    indicator_ids = tuple(str(_text(r[C.IND_ID - 1])) for r in sheets[C.INDICATOR_SHEET])
    task_ids = tuple(_int(r[C.TASK_ID - 1]) for r in sheets[C.TASK_SHEET])
    joined = tuple(_int(r[0]) for r in sheets[C.JOINED_SHEET])
    spec = C.FormSpec(ds.targets.plan.id, form_year, str(sub.agency), indicator_ids, task_ids, joined)  # type: ignore[arg-type]
    if spec.form_id != sub.form:
        message = "its rows or its identity were changed after it was sent; send the agency a new form"
        sub.problems.append(P.FormTampered.at(sub.name, form=sub.form, message=message))
        return sub
    latest = log_for(form_year).latest_form(str(sub.agency)) if log_for is not None else None
    if latest is not None and latest != sub.form:
        sub.problems.append(P.FormStale.at(sub.name, form=sub.form, latest=latest, agency=sub.agency))
        return sub
    provenance: dict[str, object] = {"reported_by": sub.agency, "form": sub.form}
    formats = [
        str(wb[C.INDICATOR_SHEET].cell(row=C.FIRST_ROW + n, column=C.IND_VALUE).number_format)
        for n in range(len(sheets[C.INDICATOR_SHEET]))
    ]
    _form_indicators(ds, sub, sheets[C.INDICATOR_SHEET], provenance, formats)
    _form_tasks(ds, sub, sheets[C.TASK_SHEET], provenance, words)
    return sub


def _int(value: object) -> int | None:
    try:
        return int(str(_text(value)))
    except ValueError:
        return None


def _rows(ws: Any) -> list[tuple[Any, ...]]:
    """The data rows of a form sheet: from FIRST_ROW to the first row with no id."""
    out = []
    for row in ws.iter_rows(min_row=C.FIRST_ROW, max_row=C.FIRST_ROW + MAX_ROWS, max_col=12, values_only=True):
        if _text(row[0]) is None:
            break
        out.append(tuple(row) + (None,) * (12 - len(row)))
    return out


def _cell(sub: Submission, sheet: str, row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{sub.name}!{sheet}!{get_column_letter(col)}{row}"


def _form_indicators(
    ds: Dataset, sub: Submission, rows: list[tuple[Any, ...]], provenance: dict[str, object], formats: list[str]
) -> None:
    check = _Checker(ds, sub.problems)
    indicators = {i.id: i for i in ds.targets.indicators}
    for n, row in enumerate(rows):
        r = C.FIRST_ROW + n
        ind = indicators.get(str(_text(row[C.IND_ID - 1])))
        if ind is None or all(_text(row[c - 1]) is None for c in C.IND_INPUTS):
            continue  # an indicator no longer in the plan was caught by the form id; blank: no data yet

        def at(col: int, r: int = r) -> str:
            return _cell(sub, C.INDICATOR_SHEET, r, col)

        if _text(row[C.IND_VALUE - 1]) is None:
            sub.problems.append(_at(P.MissingField, at(C.IND_VALUE), field="value"))
            continue
        of = check.of(ind, row[C.IND_OF - 1], at(C.IND_OF))
        value = check.value(ind, row[C.IND_VALUE - 1], at(C.IND_VALUE), of, percent_format="%" in formats[n])
        scope = check.scope(row[C.IND_SCOPE - 1], at(C.IND_SCOPE))
        source = check.source(row[C.IND_SOURCE - 1], at(C.IND_SOURCE), f"indicator {ind.id}")
        fields = {
            "value": value,
            "of": of,
            "source": source,
            "scope": scope,
            "note": _text(row[C.IND_NOTE - 1]),
            **provenance,
        }
        sub.entries.append(Entry("indicators", ind.id, int(sub.year or 0), fields, at(C.IND_VALUE)))


def _form_tasks(
    ds: Dataset, sub: Submission, rows: list[tuple[Any, ...]], provenance: dict[str, object], words: StateWords | None
) -> None:
    check = _Checker(ds, sub.problems, words)
    for n, row in enumerate(rows):
        r = C.FIRST_ROW + n
        task_id = _int(row[C.TASK_ID - 1])
        if task_id is None or all(_text(row[c - 1]) is None for c in C.TASK_INPUTS):
            continue

        def at(col: int, r: int = r) -> str:
            return _cell(sub, C.TASK_SHEET, r, col)

        status = check.state(row[C.TASK_STATE - 1], at(C.TASK_STATE))
        source = check.source(row[C.TASK_DOC - 1], at(C.TASK_DOC), f"task {task_id}")
        day = check.date(row[C.TASK_DATE - 1], at(C.TASK_DATE))
        fields = {
            "status": status,
            "source": source,
            "date": day.isoformat() if day else None,
            "note": _text(row[C.TASK_NOTE - 1]),
            **provenance,
        }
        sub.entries.append(Entry("tasks", task_id, int(sub.year or 0), fields, at(C.TASK_STATE)))


# --- CSV in the export's long form ---------------------------------------------------------

ALIASES = {"status_year": "year", "status_source": "source", "state": "status"}
"""Columns of `stiplan export`'s tasks table read as the long form's."""


def read_csv(ds: Dataset, path: Path, words: StateWords | None = None) -> Submission:
    """indicator,year,value,of,scope,source,note or task,year,status,source,date,note (extra columns ignored)."""
    sub = Submission(path, path.name, "csv")
    try:
        read = _read_bounded(sub)
        if read is None:
            return sub
        raw = read
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        sub.problems.append(P.FormUnreadable.at(sub.name, message=f"cannot read it: {exc.strerror or exc}"))
        return sub
    except UnicodeDecodeError as exc:
        sub.problems.append(P.NotUtf8.at(sub.name, byte=f"0x{raw[exc.start]:02x}"))
        return sub
    sub.digest = files.digest(raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [ALIASES.get(h.strip(), h.strip()) for h in next(reader, [])]
    section = "indicators" if "indicator" in header else "tasks" if "task" in header else None
    needed = (
        ("indicator", "year", "value", "source") if section == "indicators" else ("task", "year", "status", "source")
    )
    missing = [c for c in needed if c not in header]
    if section is None or missing:
        message = "a CSV needs the columns indicator,year,value,source or task,year,status,source"
        sub.problems.append(P.FormUnreadable.at(f"{sub.name}:1:1", message=message))
        return sub
    col = {name: header.index(name) for name in header[::-1]}
    indicators = {i.id: i for i in ds.targets.indicators}
    tasks = {t.id for t in ds.tasks.tasks} if ds.tasks else set()
    check = _Checker(ds, sub.problems, words)
    for cells in reader:
        line = reader.line_num
        if line > MAX_ROWS:
            sub.problems.append(P.FileTooLarge.at(sub.name, line, size=f"more than {MAX_ROWS} rows", limit=MAX_ROWS))
            break

        def get(name: str, cells: list[str] = cells) -> str | None:
            i = col.get(name)
            return _text(cells[i]) if i is not None and i < len(cells) else None

        def at(name: str, line: int = line) -> str:
            return f"{sub.name}:{line}:{col.get(name, 0) + 1}"

        if not any(c.strip() for c in cells):
            continue
        year_text = get("year")
        if year_text is None and section == "tasks":
            continue  # the export's row of a task nobody has reported on
        year = _int(year_text)
        if year is None or not 1900 <= year <= 2200:
            sub.problems.append(_at(P.InvalidValue, at("year"), field="year", message=f"{year_text!r} is not a year"))
            continue
        if section == "indicators":
            _csv_actual(ds, sub, check, get, at, year, indicators)
        else:
            _csv_task(sub, check, get, at, year, tasks, ds)
    return sub


def _csv_actual(ds: Dataset, sub: Submission, check: _Checker, get: Any, at: Any, year: int, indicators: dict) -> None:
    ind = indicators.get(get("indicator") or "")
    if ind is None:
        hint = P.closest(get("indicator") or "", indicators)
        sub.problems.append(
            _at(P.UnknownIndicator, at("indicator"), id=get("indicator"), targets="targets.yaml", hint=hint)
        )
        return
    if get("value") is None:
        sub.problems.append(_at(P.MissingField, at("value"), field="value"))
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


def _csv_task(sub: Submission, check: _Checker, get: Any, at: Any, year: int, tasks: set[int], ds: Dataset) -> None:
    task_id = _int(get("task"))
    if task_id not in tasks:
        sub.problems.append(_at(P.UnknownTask, at("task"), id=get("task"), tasks="tasks.yaml"))
        return
    day = check.date(get("date"), at("date"))
    fields = {
        "status": check.state(get("status"), at("status")),
        "source": check.source(get("source"), at("source"), f"task {task_id}"),
        "date": day.isoformat() if day else None,
        "note": get("note"),
    }
    sub.entries.append(Entry("tasks", int(task_id), year, fields, at("status")))


def read_file(
    ds: Dataset, path: Path, *, year: int | None, log_for: Callable[[int], C.Log], words: StateWords | None = None
) -> Submission:
    """A form or a CSV, by its name's ending."""
    if path.suffix.lower() == ".csv":
        return read_csv(ds, path, words)
    return read_form(ds, path, year=year, log_for=log_for, words=words)
