"""`stiplan export`: indicators, actuals and tasks as CSV, JSON or an Excel workbook."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from stiplan.cli.options import (
    AsOfOpt,
    DataOpt,
    ExcelBomOpt,
    ExportFormat,
    ExportFormatOpt,
    Lang,
    LangOpt,
    PlanOpt,
    as_of_or_today,
    judging_day,
    plan_ids,
    plan_view,
)
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, fail, json_envelope, load_or_exit


class TableName(str, Enum):
    indicators = "indicators"
    actuals = "actuals"
    tasks = "tasks"


@app.command()
def export(
    format: ExportFormatOpt,
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
    from stiplan.store.files import EditError
    from stiplan.store.xlsx import MissingDependency
    from stiplan.views import export as ex

    if excel_bom and format is not ExportFormat.csv:
        fail("--excel-bom applies to --format csv only", EXIT_USAGE)
    only = [t.value for t in table] if table else None
    if format is ExportFormat.csv and out is None and (only is None or len(only) != 1):
        fail("csv writes one file per table: give -o FOLDER, or one --table to print it", EXIT_USAGE)
    if format is ExportFormat.xlsx and out is None:
        fail("an xlsx workbook is a file: give -o FILE.xlsx", EXIT_USAGE)
    ds = load_or_exit(data)
    when = as_of_or_today(as_of)
    year = when.year
    views = [plan_view(ds, p, when) for p in plan_ids(ds, plan)]
    task_day = judging_day(when, views[0].plan())
    parts = [
        (v.plan(), ex.build_tables(v, year, lang.value, only, task_day=judging_day(when, v.plan()))) for v in views
    ]
    tables = parts[0][1] if len(parts) == 1 else ex.merge_plans([(p.id, t) for p, t in parts])
    try:
        if format is ExportFormat.json:
            envelope = json_envelope(ds.root, lang, year=year, day=task_day)
            if len(parts) == 1:
                text = ex.to_json(tables, envelope)
            else:
                from stiplan.views.plans import grouped_json

                text = grouped_json(envelope, [(p, {t.name: list(t.rows) for t in ts}) for p, ts in parts])
            if out is None:
                sys.stdout.write(text)
                return
            ex.write_file(out, text.encode("utf-8"))
            written = [out]
        elif format is ExportFormat.csv:
            if out is None:
                sys.stdout.write(ex.to_csv(tables[0]))
                return
            written = ex.write_csv(tables, out, excel_bom=excel_bom)
        else:
            assert out is not None  # refused above: an xlsx workbook needs -o
            written = [ex.write_xlsx(tables, out, lang.value)]
    except MissingDependency as exc:
        fail(str(exc), EXIT_DATA)
    except BrokenPipeError:
        raise  # the reader of stdout left (`| head`): the entry point stops quietly
    except (OSError, EditError) as exc:
        fail(f"cannot write {out}: {getattr(exc, 'strerror', None) or exc}", EXIT_DATA)
    for path in written:
        typer.echo(f"wrote {path}", err=True)
