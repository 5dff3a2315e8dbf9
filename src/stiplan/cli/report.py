"""`stiplan report`: the markdown memo, in Vietnamese by default."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from stiplan.cli.app import EXIT_DATA, EXIT_USAGE, app, fail, load_or_exit
from stiplan.cli.options import AsOfOpt, BaseYearOpt, DataOpt, Lang, LangOpt, OutputOpt, as_of_or_today, judging_day


def _parse_date(value: str) -> dt.date:
    if value == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--date {value!r}: use YYYY-MM-DD or 'today'", EXIT_USAGE)


@app.command()
def report(
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
    as_of: AsOfOpt = None,
    output: OutputOpt = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Print a report date: YYYY-MM-DD or 'today'. Default: none, so the output is reproducible.",
            show_default=False,
        ),
    ] = None,
    base_year: BaseYearOpt = None,
) -> None:
    """The memo: summary, indicator tables per milestone, tasks, scope notes and numbered
    sources, as GitHub-flavoured markdown that pandoc turns into a .docx.

    Example: stiplan report --lang vi -o memo.md
    """
    from stiplan.engine.indicators import assess_dataset
    from stiplan.views.report import render_memo

    report_date = _parse_date(date) if date is not None else None
    ds = load_or_exit(data)
    when = as_of_or_today(as_of)
    text = render_memo(
        ds,
        assess_dataset(ds, when.year, base_year=base_year),
        as_of=when.year,
        lang=lang.value,
        date=report_date,
        task_day=judging_day(when, ds.targets.plan),
        base_year=base_year,
    )
    if output is None:
        sys.stdout.write(text)
        return
    from stiplan.store.files import EditError, write_output

    try:
        write_output(output, text.encode("utf-8"))
    except (OSError, EditError) as exc:
        fail(f"could not write {output}: {exc}", EXIT_DATA)
    typer.echo(f"stiplan: wrote {output}", err=True)
