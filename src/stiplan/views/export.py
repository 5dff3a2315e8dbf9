"""The data as tables for colleagues' spreadsheets and for other programs: CSV, JSON, XLSX.

Three tables: indicators (one row per milestone target, with its status), actuals in long
form (one row per indicator and year), and tasks (with agencies and latest status). Columns
are the same in every format; codes (`unit`, `status`) are stable, labels (`status_label`,
names) follow the language. Output is deterministic: the same data gives the same bytes, so
an export can be committed or compared.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from stiplan import vocabulary as V
from stiplan.engine.asof import cutoff_date
from stiplan.lang import Bilingual, Lang, Term, Words
from stiplan.store.dataset import Dataset
from stiplan.store.files import output_folder, write_output
from stiplan.store.xlsx import import_openpyxl, reproducible_bytes
from stiplan.views import i18n
from stiplan.views.envelope import Envelope, dump

Kind = Literal["text", "int", "number", "bool", "list"]


@dataclass(frozen=True)
class Column(Bilingual):
    """A column: its key (the CSV header), its header in each language, the kind of its values."""

    key: str
    vi: str
    en: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Table:
    name: str
    title: Term
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Any], ...]


INDICATOR_COLUMNS = (
    Column("indicator", "Mã chỉ tiêu", "Indicator id"),
    Column("name", "Chỉ tiêu", "Indicator"),
    Column("unit", "Đơn vị", "Unit"),
    Column("direction", "Chiều tốt", "Better when"),
    Column("clause", "Điều khoản", "Clause"),
    Column("milestone", "Mốc", "Milestone", "int"),
    Column("target_kind", "Loại mục tiêu", "Target kind"),
    Column("target", "Mục tiêu", "Target"),
    Column("threshold", "Ngưỡng", "Threshold", "number"),
    Column("basis_year", "Năm số liệu", "Year of figure", "int"),
    Column("basis_value", "Số liệu đánh giá", "Figure assessed", "number"),
    Column("gap", "Còn thiếu", "Gap", "number"),
    Column("percent_of_target", "% mục tiêu", "% of target", "number"),
    Column("status", "Mã đánh giá", "Status code"),
    Column("status_label", "Đánh giá", "Status"),
    Column("base_year", "Năm gốc", "Base year", "int"),
    Column("base_value", "Số liệu năm gốc", "Base figure", "number"),
    Column("method", "Cách tính", "Method"),
    Column("reading", "Cách đọc của stiplan", "stiplan's reading"),
)

ACTUAL_COLUMNS = (
    Column("indicator", "Mã chỉ tiêu", "Indicator id"),
    Column("name", "Chỉ tiêu", "Indicator"),
    Column("year", "Năm", "Year", "int"),
    Column("value", "Giá trị", "Value", "number"),
    Column("of", "Trên tổng số", "Out of", "int"),
    Column("unit", "Đơn vị", "Unit"),
    Column("scope", "Phạm vi", "Scope"),
    Column("source", "Nguồn", "Source"),
    Column("note", "Ghi chú", "Note"),
    Column("frame", "Chuỗi số liệu", "Frame"),
    Column("comparable", "Dùng để tính", "Used in arithmetic", "bool"),
    Column("left_out", "Lý do không dùng", "Why left out"),
)

TASK_COLUMNS = (
    Column("task", "Số TT", "Task", "int"),
    Column("part", "Phần", "Part"),
    Column("group", "Nhóm", "Group"),
    Column("title", "Nhiệm vụ", "Title"),
    Column("lead", "Mã cơ quan chủ trì (theo kế hoạch)", "Lead id (as the plan names it)"),
    Column("lead_name", "Cơ quan chủ trì (theo kế hoạch)", "Lead agency (as the plan names it)"),
    Column("accountable", "Mã cơ quan chịu trách nhiệm", "Accountable id"),
    Column("accountable_name", "Cơ quan chịu trách nhiệm", "Accountable agency"),
    Column("cooperating", "Mã cơ quan phối hợp", "Cooperating ids", "list"),
    Column("cooperating_names", "Cơ quan phối hợp", "Cooperating agencies", "list"),
    Column("timeframe", "Thời gian", "Timeframe"),
    Column("start", "Năm bắt đầu", "Start", "int"),
    Column("end", "Năm kết thúc", "End", "int"),
    Column("yearly", "Hằng năm", "Yearly", "bool"),
    Column("status", "Mã tình trạng", "Status code"),
    Column("status_label", "Tình trạng", "Status"),
    Column("status_year", "Năm báo cáo", "Reported in", "int"),
    Column("status_source", "Nguồn báo cáo", "Status source"),
    Column("missing_years", "Năm thiếu báo cáo", "Years without a report", "list"),
    Column("late", "Trễ hạn", "Late", "bool"),
    Column("as_of", "Tính đến ngày", "As of"),
)

TABLE_TITLES = Words(
    indicators=Term("Chỉ tiêu", "Indicators"),
    actuals=Term("Số liệu thực tế", "Actuals"),
    tasks=Term("Nhiệm vụ", "Tasks"),
)
TABLES = tuple(TABLE_TITLES)

LIST_SEPARATOR = "; "


# --- building the tables -------------------------------------------------------------------


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def indicator_rows(ds: Dataset, as_of: int, lang: Lang) -> list[dict[str, Any]]:
    """One row per indicator and milestone target (one row with no target for an indicator without any)."""
    from stiplan.engine.indicators import assess_dataset
    from stiplan.engine.report_model import percent_of_target

    rows = []
    for st in assess_dataset(ds, as_of):
        ind = st.indicator
        base: dict[str, Any] = {
            "indicator": ind.id,
            "name": ind.name.pick(lang),
            "unit": ind.unit,
            "direction": ind.direction,
            "clause": i18n.clause_text(ind.source, lang),
        }
        if not st.milestones:
            rows.append({**base})
        for m in st.milestones:
            a = m.assessment
            rows.append(
                {
                    **base,
                    "milestone": m.target.year,
                    "target_kind": m.target.kind,
                    "target": i18n.describe_target(m.target, ind.unit, lang, a.threshold),
                    "threshold": _finite(a.threshold),
                    "base_year": a.base.year if a.base else None,
                    "base_value": a.base.value if a.base else None,
                    "basis_year": a.latest.year if a.latest else None,
                    "basis_value": a.latest.value if a.latest else None,
                    "gap": _finite(a.gap),
                    "percent_of_target": percent_of_target(st, m),
                    "method": a.method,
                    "reading": i18n.tolerance_note(m.target, ind.unit, lang),
                    "status": a.status,
                    "status_label": i18n.status_words(a, lang),
                }
            )
    return rows


def actual_rows(ds: Dataset, lang: Lang) -> list[dict[str, Any]]:
    """Every recorded figure, by indicator (in the plan's order), year, then scope.

    `scope` is the jurisdiction the figure covers: the actual's own scope when it states one,
    else the indicator's (else the plan's jurisdiction), so that every row says it explicitly.
    `comparable` says whether the arithmetic may use it; `left_out` why not (another scope,
    the other side of a series break).
    """
    from stiplan.engine.indicators import points_of

    rows = []
    for ind in ds.targets.indicators:
        for p in points_of(ds, ind):
            rows.append(
                {
                    "indicator": ind.id,
                    "name": ind.name.pick(lang),
                    "year": p.year,
                    "value": p.value,
                    "of": p.of,
                    "unit": ind.unit,
                    "scope": p.scope,
                    "frame": p.frame,
                    "comparable": p.comparable,
                    "left_out": V.LEFT_OUT.pick(p.left_out, lang) if p.left_out else None,
                    "source": p.source,
                    "note": p.note,
                }
            )
    return rows


def task_rows(ds: Dataset, day: dt.date, lang: Lang) -> list[dict[str, Any]]:
    """One row per task, judged on `day` by stiplan.engine.tasks (the same rules as `stiplan tasks`)."""
    from stiplan.engine import tasks

    names = ds.agency_names(lang)
    rows = []
    for st in tasks.task_states(ds, day):
        task, tf = st.task, st.task.timeframe
        rows.append(
            {
                "task": task.id,
                "part": task.part,
                "group": task.group,
                "title": task.title.pick(lang),
                "lead": st.lead,
                "lead_name": names.get(st.lead, st.lead),
                "accountable": st.accountable,
                "accountable_name": i18n.accountable_text(st.lead_now, names, lang),
                "cooperating": list(st.cooperating),
                "cooperating_names": [names.get(c, c) for c in st.cooperating],
                "timeframe": tf.text,
                "start": tf.start,
                "end": tf.end,
                "yearly": tf.yearly,
                "status": st.state,
                "status_label": V.TASK_WORDS.pick(st.state, lang),
                "status_year": st.status_year,
                "status_source": st.report.source if st.report else None,
                "missing_years": list(st.missing_years),
                "late": st.late,
                "as_of": day.isoformat(),
            }
        )
    return rows


def build_tables(
    ds: Dataset, as_of: int, lang: Lang, only: Sequence[str] | None = None, task_day: dt.date | None = None
) -> list[Table]:
    """The export's tables, in a fixed order (indicators, actuals, tasks), or only those named.

    Tasks are judged on `task_day` (default: the plan's reporting cut-off of `as_of`)."""
    day = task_day or cutoff_date(ds.plan(), as_of)
    wanted = list(TABLES) if not only else [t for t in TABLES if t in only]
    builders = {
        "indicators": (INDICATOR_COLUMNS, lambda: indicator_rows(ds, as_of, lang)),
        "actuals": (ACTUAL_COLUMNS, lambda: actual_rows(ds, lang)),
        "tasks": (TASK_COLUMNS, lambda: task_rows(ds, day, lang)),
    }
    out = []
    for name in wanted:
        columns, build = builders[name]
        rows = tuple({c.key: row.get(c.key) for c in columns} for row in build())
        out.append(Table(name, TABLE_TITLES[name], columns, rows))
    return out


PLAN_COLUMN = Column("plan", "Kế hoạch", "Plan")
PLANS_COLUMN = Column("plans", "Kế hoạch", "Plans", "list")


def merge_plans(parts: Sequence[tuple[str, Sequence[Table]]]) -> list[Table]:
    """Several plans' tables as one set (CSV, XLSX): the plan's id first in each row of a plan's
    own table; an indicator's figures (shared by the plans) once, with the plans that target it."""
    out = []
    for n, first in enumerate(parts[0][1] if parts else []):
        if first.name == "actuals":
            plans_of: dict[str, list[str]] = {}
            rows: dict[tuple[object, ...], dict[str, Any]] = {}
            for plan_id, tables in parts:
                for row in tables[n].rows:
                    ids = plans_of.setdefault(str(row["indicator"]), [])
                    if plan_id not in ids:
                        ids.append(plan_id)
                    rows.setdefault(tuple(row.values()), dict(row))
            merged = tuple({PLANS_COLUMN.key: plans_of[str(r["indicator"])], **r} for r in rows.values())
            out.append(Table(first.name, first.title, (PLANS_COLUMN, *first.columns), merged))
        else:
            merged = tuple({PLAN_COLUMN.key: plan_id, **r} for plan_id, tables in parts for r in tables[n].rows)
            out.append(Table(first.name, first.title, (PLAN_COLUMN, *first.columns), merged))
    return out


# --- writing -------------------------------------------------------------------------------


def to_json(tables: Sequence[Table], envelope: Envelope) -> str:
    return dump(envelope, {t.name: list(t.rows) for t in tables})


def csv_cell(value: Any) -> str:
    """Numbers in the C locale (18, 46.11), booleans as true/false, lists joined by '; ',
    nothing for a missing value."""
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralise(LIST_SEPARATOR.join(map(str, value)))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return (str(int(value)) if value.is_integer() else repr(value)) if isinstance(value, float) else str(value)
    return neutralise(str(value))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula gets a leading `'` (OWASP's advice).

    Numbers are written as numbers above and never reach this; only text does.
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(table: Table) -> str:
    """One table as RFC 4180 CSV (CRLF line ends), with the columns' keys as the header."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(row[c.key]) for c in table.columns])
    return buf.getvalue()


def write_csv(tables: Sequence[Table], folder: Path, *, excel_bom: bool = False) -> list[Path]:
    """`<table>.csv` per table in `folder` (created if missing); UTF-8, with a BOM for Excel if asked."""
    output_folder(folder)
    written = []
    for t in tables:
        path = folder / f"{t.name}.csv"
        write_output(path, to_csv(t).encode("utf-8-sig" if excel_bom else "utf-8"))
        written.append(path)
    return written


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WIDTH = (8, 60)


def xlsx_bytes(tables: Sequence[Table], lang: Lang) -> bytes:
    """A workbook with one sheet per table: headers in `lang`, header row frozen and filtered,
    column widths set, numbers as numbers and years as integers."""
    import_openpyxl()
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for t in tables:
        ws = wb.create_sheet(title=t.title.pick(lang)[:31])
        widths = []
        for col, c in enumerate(t.columns, start=1):
            cell = ws.cell(row=1, column=col, value=c.pick(lang))
            cell.font = bold
            cell.alignment = Alignment(vertical="top")
            widths.append(len(c.pick(lang)))
        for r, row in enumerate(t.rows, start=2):
            for col, c in enumerate(t.columns, start=1):
                value = _xlsx_value(row[c.key], c.kind)
                if value is None and c.kind != "int":
                    continue  # an empty cell with no format: openpyxl would not write it anyway
                cell = ws.cell(row=r, column=col, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with '=' (never a formula)
                if c.kind == "int":
                    cell.number_format = "0"
                if value is not None:
                    widths[col - 1] = max(widths[col - 1], len(str(value)))
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, _WIDTH[0]), _WIDTH[1])
        ws.freeze_panes = "A2"
        if t.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(t.columns))}{len(t.rows) + 1}"
    wb.properties.creator = "stiplan"
    return reproducible_bytes(wb)


def _xlsx_value(value: Any, kind: Kind) -> Any:
    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind == "number":
        return int(value) if float(value).is_integer() else float(value)
    if kind == "bool":
        return bool(value)
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(map(str, value))
    return _ILLEGAL_XML.sub("", str(value)) or None


def write_xlsx(tables: Sequence[Table], path: Path, lang: Lang) -> Path:
    write_file(path, xlsx_bytes(tables, lang))
    return path


def write_file(path: Path, data: bytes) -> None:
    """One output file: its folder made if missing, then written by `files.write_output`."""
    if not path.parent.exists():
        output_folder(path.parent)
    write_output(path, data)
