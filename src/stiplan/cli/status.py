"""`stiplan status` and `stiplan show`: where every indicator stands against its targets."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stiplan.cli.options import (
    ROW_LIMIT,
    AllOpt,
    AsOfOpt,
    BaseYearOpt,
    DataOpt,
    Lang,
    LangOpt,
    ShowFormat,
    ShowFormatOpt,
    StatusName,
    TableFormat,
    TableFormatOpt,
    as_of_or_today,
)
from stiplan.cli.root import EXIT_USAGE, app, fail, json_envelope, load_or_exit

if TYPE_CHECKING:
    from rich.console import Console


def console() -> "Console":
    """stdout console; rich turns colour off when stdout is not a terminal or NO_COLOR is set."""
    from stiplan.views.terminal import console as safe_console

    return safe_console()


@app.command()
def status(
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
    as_of: AsOfOpt = None,
    milestone: Annotated[
        int | None, typer.Option("--milestone", help="Only this milestone year (e.g. 2025).", show_default=False)
    ] = None,
    indicator: Annotated[
        list[str] | None,
        typer.Option("--indicator", "-i", help="Only this indicator id (repeatable).", show_default=False),
    ] = None,
    status_filter: Annotated[
        StatusName | None,
        typer.Option("--status", help="Only indicators with this status at a shown milestone.", show_default=False),
    ] = None,
    format: TableFormatOpt = TableFormat.text,
    base_year: BaseYearOpt = None,
    all_rows: AllOpt = False,
) -> None:
    """How far every indicator is from its 2025 and 2030 targets, and whether it is on track.

    A milestone before the as-of year is a verdict on that year's figure (achieved, missed,
    no data); a later one is a forecast from the trend. Figures of another scope (national,
    or the merged province) are shown but never used in the arithmetic.

    Example: stiplan status --lang en --milestone 2030 --format json
    """
    from stiplan.engine.indicators import assess_dataset
    from stiplan.store.reading import display_path
    from stiplan.views import status as render

    ds = load_or_exit(data)
    year = as_of_or_today(as_of).year
    milestones = ds.target_years()
    if milestone is not None:
        if milestone not in milestones:
            fail(f"--milestone {milestone}: the plan sets targets for {', '.join(map(str, milestones))}", EXIT_USAGE)
        milestones = [milestone]
    known = {i.id for i in ds.targets.indicators}
    for ident in indicator or []:
        if ident not in known:
            from stiplan.problems import closest

            hint = closest(ident, known)
            fail(f"--indicator {ident!r} is not an indicator{'; ' + hint if hint else ''}", EXIT_USAGE)
    statuses = assess_dataset(ds, year, only=indicator or None, base_year=base_year)
    from stiplan.views.i18n import base_year_info

    base = base_year_info(ds.targets.plan, base_year)
    if status_filter is not None:
        statuses = [
            st
            for st in statuses
            if any(m.assessment.status == status_filter.value for m in st.milestones if m.target.year in milestones)
        ]
    where = display_path(ds.root)
    if format is TableFormat.json:
        envelope = json_envelope(ds.root, lang, year=year, day=as_of_or_today(as_of).on(ds.plan()))
        sys.stdout.write(render.as_json(statuses, envelope, milestones=milestones, base=base, goals=ds.targets.goals))
    elif format is TableFormat.csv:
        sys.stdout.write(render.as_csv(statuses, milestones))
    else:
        plan = ds.targets.plan
        other = {sc.id: sc.name.pick(lang.value) for sc in plan.scopes if sc.id != plan.jurisdiction}
        render.print_status(
            console(),
            statuses,
            milestones,
            lang=lang.value,
            as_of=year,
            data_dir=where,
            other_scopes=other,
            base=base,
            limit=None if all_rows else ROW_LIMIT,
            goals=ds.targets.goals,
            indicator_total=len(ds.targets.indicators),
        )


@app.command()
def show(
    indicator: Annotated[str, typer.Argument(help="Indicator id, e.g. dti_rank.", show_default=False)],
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
    as_of: AsOfOpt = None,
    base_year: BaseYearOpt = None,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            metavar="FILE.png",
            help="Also draw the indicator's chart into this PNG file.",
            show_default=False,
        ),
    ] = None,
    format: ShowFormatOpt = ShowFormat.text,
) -> None:
    """One indicator in depth: its clause and verbatim sentence, the readings chosen, every
    actual with its source and scope, and the status computation step by step.

    Example: stiplan show dti_rank --lang en --chart dti.png
    Example: stiplan show dti_rank --format json
    """
    from stiplan.engine.indicators import assess_indicator
    from stiplan.problems import closest
    from stiplan.views import show as show_view

    ds = load_or_exit(data)
    year = as_of_or_today(as_of).year
    found = next((i for i in ds.targets.indicators if i.id == indicator), None)
    goal = next((g for g in ds.targets.goals if g.id == indicator), None)
    if goal is not None:
        if format is ShowFormat.json:
            envelope = json_envelope(ds.root, lang, year=year, day=as_of_or_today(as_of).on(ds.plan()))
            sys.stdout.write(show_view.goal_json(goal, envelope))
        else:
            show_view.print_goal(console(), goal, lang=lang.value)
        return
    if found is None:
        known = [i.id for i in ds.targets.indicators] + [g.id for g in ds.targets.goals]
        hint = closest(indicator, known)
        fail(
            f"{indicator!r} is not an indicator{'; ' + hint if hint else ''}",
            EXIT_USAGE,
            hint=f"the indicators are {', '.join(known)} ('stiplan status' shows their names)",
        )
    names = {sc.id: sc.name.pick(lang.value) for sc in ds.targets.plan.scopes}
    from stiplan.views.i18n import base_year_info

    assessed = assess_indicator(ds, found, year, base_year)
    base_info = base_year_info(ds.plan(), base_year)
    if format is ShowFormat.json:
        envelope = json_envelope(ds.root, lang, year=year, day=as_of_or_today(as_of).on(ds.plan()))
        sys.stdout.write(show_view.as_json(assessed, envelope, lang=lang.value, as_of=year, base=base_info))
    else:
        show_view.print_show(console(), assessed, lang=lang.value, as_of=year, scope_names=names, base=base_info)
    if chart is not None:
        from stiplan.cli.report import write_file
        from stiplan.views.charts import draw_png

        base = ds.series_start(base_year=base_year)
        png = draw_png(assessed, lang=lang.value, base_year=base, as_of=year)
        write_file(chart, png)
        typer.echo(f"stiplan: wrote {chart}", err=True)
