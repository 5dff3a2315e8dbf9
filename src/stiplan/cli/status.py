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
    MilestoneOpt,
    PlanOpt,
    ShowFormat,
    ShowFormatOpt,
    StatusName,
    TableFormat,
    TableFormatOpt,
    as_of_or_today,
    plan_ids,
    plan_view,
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
    milestone: MilestoneOpt = None,
    indicator: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator", "-i", metavar="ID", help="Only this indicator id (repeatable).", show_default=False
        ),
    ] = None,
    status_filter: Annotated[
        StatusName | None,
        typer.Option("--status", help="Only indicators with this status at a shown milestone.", show_default=False),
    ] = None,
    format: TableFormatOpt = TableFormat.text,
    base_year: BaseYearOpt = None,
    all_rows: AllOpt = False,
    plan: PlanOpt = None,
) -> None:
    """How far every indicator is from its targets (each milestone and every year a target is set for), and whether it is on track.

    A milestone before the as-of year is a verdict on that year's figure (achieved, missed,
    no data); a later one is a forecast from the trend. Figures of another scope (national,
    or the merged province) are shown but never used in the arithmetic.

    Example: stiplan status --lang en --milestone 2030 --format json
    """
    from stiplan.engine.indicators import assess_dataset
    from stiplan.store.reading import display_path
    from stiplan.views import plans as grouping
    from stiplan.views import status as render
    from stiplan.views.envelope import dump
    from stiplan.views.i18n import base_year_info

    ds = load_or_exit(data)
    when = as_of_or_today(as_of)
    year = when.year
    views = [plan_view(ds, p, when) for p in plan_ids(ds, plan)]
    every_milestone = sorted({y for v in views for y in v.target_years()})
    if milestone is not None and milestone not in every_milestone:
        fail(f"--milestone {milestone}: the plan sets targets for {', '.join(map(str, every_milestone))}", EXIT_USAGE)
    known = set(ds.indicator_ids)
    for ident in indicator or []:
        if ident not in known:
            from stiplan.problems import closest

            hint = closest(ident, known)
            fail(f"--indicator {ident!r} is not an indicator{'; ' + hint if hint else ''}", EXIT_USAGE)
    parts = []
    p_goals = {v.plan().id: v.targets.goals for v in views}
    p_total = {v.plan().id: len(v.targets.indicators) for v in views}
    for view in views:
        milestones = [y for y in view.target_years() if milestone is None or y == milestone]
        statuses = assess_dataset(view, year, only=indicator or None, base_year=base_year)
        if status_filter is not None:
            statuses = [
                st
                for st in statuses
                if any(m.assessment.status == status_filter.value for m in st.milestones if m.target.year in milestones)
            ]
        parts.append((view.plan(), milestones, statuses, base_year_info(view.plan(), base_year)))
    where = display_path(ds.root)
    grouped = len(parts) > 1
    if format is TableFormat.json:
        days = {when.on(p) for p, *_ in parts}
        envelope = json_envelope(ds.root, lang, year=year, day=days.pop() if len(days) == 1 else None)
        bodies = [(p, render.json_body(st, milestones=ms, base=b, goals=p_goals[p.id])) for p, ms, st, b in parts]
        sys.stdout.write(grouping.grouped_json(envelope, bodies) if grouped else dump(envelope, bodies[0][1]))
    elif format is TableFormat.csv:
        tables = [(p, render.as_csv(st, ms)) for p, ms, st, _ in parts]
        sys.stdout.write(grouping.grouped_csv(tables) if grouped else tables[0][1])
    else:
        out = console()
        for p, ms, st, b in parts:
            if grouped:
                from rich.text import Text

                out.print(Text(grouping.heading(p, lang.value), style="bold underline"))
            other = {sc.id: sc.name.pick(lang.value) for sc in p.scopes if sc.id != p.jurisdiction}
            render.print_status(
                out,
                st,
                ms,
                lang=lang.value,
                as_of=year,
                data_dir=where,
                other_scopes=other,
                base=b,
                limit=None if all_rows else ROW_LIMIT,
                goals=p_goals[p.id],
                indicator_total=p_total[p.id],
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
    plan: PlanOpt = None,
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
    when = as_of_or_today(as_of)
    year = when.year
    chosen = plan_ids(ds, plan)
    views = [plan_view(ds, p, when) for p in chosen if any(i.id == indicator for i in ds.plan_indicators(p))]
    goals = [(p, g) for p in chosen for g in ds.for_plan(p).targets.goals if g.id == indicator]
    if not views and goals:
        owner, goal = goals[0]
        if format is ShowFormat.json:
            envelope = json_envelope(ds.root, lang, year=year, day=when.on(ds.for_plan(owner).plan()))
            sys.stdout.write(show_view.goal_json(goal, envelope))
        else:
            show_view.print_goal(console(), goal, lang=lang.value)
        return
    if not views:
        known = [i.id for p in chosen for i in ds.plan_indicators(p)]
        known += [g.id for p in chosen for g in ds.for_plan(p).targets.goals]
        hint = closest(indicator, known)
        fail(
            f"{indicator!r} is not an indicator{' of plan ' + plan if plan else ''}{'; ' + hint if hint else ''}",
            EXIT_USAGE,
            hint=f"the indicators are {', '.join(dict.fromkeys(known))} ('stiplan status' shows their names)",
        )
    from stiplan.views import amendments
    from stiplan.views.i18n import base_year_info

    bodies = []
    for n, view in enumerate(views):
        found = view.indicator(indicator)
        assert found is not None
        assessed = assess_indicator(view, found, year, base_year)
        base_info = base_year_info(view.plan(), base_year)
        if format is ShowFormat.json:
            bodies.append((view.plan(), show_view.json_body(assessed, lang=lang.value, as_of=year, base=base_info)))
            bodies[-1][1]["amendments"] = amendments.to_dict(view, found)
        else:
            out = console()
            if len(views) > 1:
                from rich.text import Text

                from stiplan.views.plans import heading

                out.print(Text(heading(view.plan(), lang.value), style="bold underline"))
            names = {sc.id: sc.name.pick(lang.value) for sc in view.plan().scopes}
            show_view.print_show(out, assessed, lang=lang.value, as_of=year, scope_names=names, base=base_info)
            for line in amendments.notes(view, found, lang.value):
                out.print(line, markup=False, highlight=False)
        if chart is not None and n == 0:
            from stiplan.cli.report import write_file
            from stiplan.views.charts import draw_png

            base = view.series_start(base_year=base_year)
            png = draw_png(assessed, lang=lang.value, base_year=base, as_of=year)
            write_file(chart, png)
            typer.echo(f"stiplan: wrote {chart}", err=True)
    if bodies:
        from stiplan.views.envelope import dump
        from stiplan.views.plans import grouped_json

        envelope = json_envelope(ds.root, lang, year=year, day=when.on(views[0].plan()) if len(views) == 1 else None)
        sys.stdout.write(grouped_json(envelope, bodies) if len(bodies) > 1 else dump(envelope, bodies[0][1]))
