"""`stiplan export`: indicators, actuals and tasks as CSV, JSON or an Excel workbook."""

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from stiplan.cli.options import (
    AsOfOpt,
    DataOpt,
    ExcelBomOpt,
    Lang,
    LangOpt,
    PlanOpt,
    as_of_or_today,
    judging_day,
    plan_ids,
    plan_view,
    said,
)
from stiplan.cli.renderers import RenderContext, Renderers, format_names, format_option, render
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, fail, json_envelope, load_or_exit

if TYPE_CHECKING:
    import datetime as dt

    from stiplan.models import Plan


class TableName(str, Enum):
    indicators = "indicators"
    actuals = "actuals"
    tasks = "tasks"


class ExportModel(NamedTuple):
    """What `export` computed: each plan's tables, the tables written (one plan's, or every
    plan's merged), where to write them, and the year and day judged on."""

    root: Path
    year: int
    day: "dt.date"
    parts: list[tuple["Plan", list[Any]]]
    tables: list[Any]
    out: Path | None
    excel_bom: bool


def _wrote(path: Path, ctx: RenderContext) -> None:
    from stiplan.views.usage import USAGE

    typer.echo(USAGE.pick("wrote", ctx.lang.value, path=path), err=True)


def _export_csv(m: ExportModel, ctx: RenderContext) -> None:
    from stiplan.views import export as ex

    if m.out is None:
        sys.stdout.write(ex.to_csv(m.tables[0]))
        return
    for path in ex.write_csv(m.tables, m.out, excel_bom=m.excel_bom):
        _wrote(path, ctx)


def _export_json(m: ExportModel, ctx: RenderContext) -> None:
    from stiplan.views import export as ex

    envelope = json_envelope(m.root, ctx.lang, year=m.year, day=m.day)
    if len(m.parts) == 1:
        text = ex.to_json(m.tables, envelope)
    else:
        from stiplan.views.plans import grouped_json

        text = grouped_json(envelope, [(p, {t.name: list(t.rows) for t in ts}) for p, ts in m.parts])
    if m.out is None:
        sys.stdout.write(text)
        return
    ex.write_file(m.out, text.encode("utf-8"))
    _wrote(m.out, ctx)


def _export_xlsx(m: ExportModel, ctx: RenderContext) -> None:
    from stiplan.views import export as ex

    assert m.out is not None  # refused before: an xlsx workbook needs -o
    _wrote(ex.write_xlsx(m.tables, m.out, ctx.lang.value), ctx)


EXPORT_FORMATS: Renderers[ExportModel] = {"csv": _export_csv, "json": _export_json, "xlsx": _export_xlsx}
"""`export --format`: machine tables only, so no default."""
if TYPE_CHECKING:
    ExportFormat = str
else:
    ExportFormat = format_names(EXPORT_FORMATS)


@app.command()
def export(
    format: Annotated[
        ExportFormat,
        format_option("csv (one file per table), json or xlsx (one sheet per table).", show_default=False),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="csv: a folder; json, xlsx: a file. json (or csv with one --table) prints to stdout without it.",
            show_default=False,
        ),
    ] = None,
    table: Annotated[
        list[TableName] | None,
        typer.Option(
            "--table", "-t", help="Only this table: indicators, actuals or tasks (repeatable).", show_default=False
        ),
    ] = None,
    excel_bom: ExcelBomOpt = False,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
    plan: PlanOpt = None,
) -> None:
    """Export indicators (targets, statuses), actuals (long form) and tasks (agencies, latest status).

    CSV writes indicators.csv, actuals.csv and tasks.csv into the -o folder, with the columns'
    codes as headers; XLSX writes one sheet per table with headers in --lang. Numbers are
    numbers and years integers in every format; the same data always gives the same bytes.

    Example: stiplan export --format xlsx -o chi-tieu.xlsx --lang vi
    """
    from stiplan.store.files import EditError, why_not_written
    from stiplan.store.xlsx import MissingDependency
    from stiplan.views import export as ex

    if excel_bom and format != "csv":
        fail(said("bom_csv_only", lang.value), EXIT_USAGE)
    only = [t.value for t in table] if table else None
    if format == "csv" and out is None and (only is None or len(only) != 1):
        fail(said("csv_needs_folder", lang.value), EXIT_USAGE)
    if format == "xlsx" and out is None:
        fail(said("xlsx_needs_file", lang.value), EXIT_USAGE)
    ds = load_or_exit(data)
    when = as_of_or_today(as_of)
    year = when.year
    views = [plan_view(ds, p, when) for p in plan_ids(ds, plan)]
    task_day = judging_day(when, views[0].plan())
    parts = [
        (v.plan(), ex.build_tables(v, year, lang.value, only, task_day=judging_day(when, v.plan()))) for v in views
    ]
    tables = parts[0][1] if len(parts) == 1 else ex.merge_plans([(p.id, t) for p, t in parts])
    model = ExportModel(ds.root, year, task_day, parts, tables, out, excel_bom)
    try:
        render(EXPORT_FORMATS, format, model, RenderContext(lang))
    except MissingDependency as exc:
        fail(said("missing_dependency", lang.value, detail=exc), EXIT_DATA)
    except BrokenPipeError:
        raise  # the reader of stdout left (`| head`): the entry point stops quietly
    except (OSError, EditError) as exc:
        fail(said("cannot_write", lang.value, path=out, detail=why_not_written(exc)), EXIT_DATA)
