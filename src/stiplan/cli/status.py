"""`stiplan status` and `stiplan show`: where every indicator stands against its targets."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

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
    StatusName,
    as_of_or_today,
    plan_ids,
    plan_view,
)
from stiplan.cli.renderers import RenderContext, Renderers, format_names, format_option, render
from stiplan.cli.root import EXIT_USAGE, app, fail, json_envelope, load_or_exit

if TYPE_CHECKING:
    from rich.console import Console

    from stiplan.engine.asof import AsOf
    from stiplan.lang import Term
    from stiplan.models import Plan


def console() -> "Console":
    """stdout console; rich turns colour off when stdout is not a terminal or NO_COLOR is set."""
    from stiplan.views.terminal import console as safe_console

    return safe_console()


class StatusModel(NamedTuple):
    """What `status` computed: for each plan shown, its milestones, statuses and base-year
    reading, with the goals and the indicator count its table footer names."""

    root: Path
    when: "AsOf"
    parts: list[tuple["Plan", list[int], list[Any], Any]]
    goals: dict[str, Any]
    totals: dict[str, int]

    @property
    def grouped(self) -> bool:
        return len(self.parts) > 1


def _status_text(m: StatusModel, ctx: RenderContext) -> None:
    from stiplan.store.reading import display_path
    from stiplan.views import plans as grouping
    from stiplan.views import status as view
    from stiplan.vocabulary import plan_word

    out = console()
    for p, ms, st, b in m.parts:
        if m.grouped:
            from rich.text import Text

            out.print(Text(grouping.heading(p, ctx.lang.value), style="bold underline"))
        other = {sc.id: sc.name.pick(ctx.lang.value) for sc in p.scopes if sc.id != p.jurisdiction}
        view.print_status(
            out,
            st,
            ms,
            lang=ctx.lang.value,
            as_of=m.when.year,
            data_dir=display_path(m.root),
            other_scopes=other,
            base=b,
            limit=None if ctx.all_rows else ROW_LIMIT,
            goals=m.goals[p.id],
            indicator_total=m.totals[p.id],
            plan_word=plan_word(p.title.vi, p.type, ctx.lang.value),
        )


def _status_json(m: StatusModel, ctx: RenderContext) -> None:
    from stiplan.views import plans as grouping
    from stiplan.views import status as view
    from stiplan.views.envelope import dump

    days = {m.when.on(p) for p, *_ in m.parts}
    envelope = json_envelope(m.root, ctx.lang, year=m.when.year, day=days.pop() if len(days) == 1 else None)
    bodies = [(p, view.json_body(st, milestones=ms, base=b, goals=m.goals[p.id])) for p, ms, st, b in m.parts]
    sys.stdout.write(grouping.grouped_json(envelope, bodies) if m.grouped else dump(envelope, bodies[0][1]))


def _status_csv(m: StatusModel, ctx: RenderContext) -> None:
    from stiplan.views import plans as grouping
    from stiplan.views import status as view

    tables = [(p, view.as_csv(st, ms)) for p, ms, st, _ in m.parts]
    sys.stdout.write(grouping.grouped_csv(tables) if m.grouped else tables[0][1])


STATUS_FORMATS: Renderers[StatusModel] = {"text": _status_text, "json": _status_json, "csv": _status_csv}
"""`status --format`: a table for people, or the same rows for programs."""
if TYPE_CHECKING:
    StatusFormat = str
else:
    StatusFormat = format_names(STATUS_FORMATS)


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
    format: Annotated[StatusFormat, format_option("text (a table), json or csv.")] = "text",
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
    from stiplan.views.i18n import base_year_info

    ds = load_or_exit(data)
    when = as_of_or_today(as_of)
    year = when.year
    views = [plan_view(ds, p, when) for p in plan_ids(ds, plan)]
    every_milestone = sorted({y for v in views for y in v.target_years()})
    if milestone is not None and milestone not in every_milestone:
        from stiplan.cli.options import run_lang, said

        years = ", ".join(map(str, every_milestone))
        fail(said("milestone_not_set", run_lang(), milestone=milestone, years=years), EXIT_USAGE)
    known = set(ds.indicator_ids)
    for ident in indicator or []:
        if ident not in known:
            from stiplan.cli.options import run_lang, said
            from stiplan.problems import closest_term

            near = closest_term(ident, known)
            fail(said("not_an_indicator_option", run_lang(), ident=repr(ident), near=_near(near)), EXIT_USAGE)
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
    model = StatusModel(ds.root, when, parts, p_goals, p_total)
    render(STATUS_FORMATS, format, model, RenderContext(lang, all_rows=all_rows))


class ShowModel(NamedTuple):
    """What `show` computed: a goal (its plan and itself), or the indicator assessed in each
    plan that holds it (the plan's view, the indicator, its assessment, the base-year reading)."""

    root: Path
    when: "AsOf"
    goal: tuple["Plan", Any] | None
    items: list[tuple[Any, Any, Any, Any]]


def _show_text(m: ShowModel, ctx: RenderContext) -> None:
    from stiplan.views import amendments
    from stiplan.views import show as view

    if m.goal is not None:
        view.print_goal(console(), m.goal[1], lang=ctx.lang.value)
        return
    for ds, found, assessed, base_info in m.items:
        out = console()
        if len(m.items) > 1:
            from rich.text import Text

            from stiplan.views.plans import heading

            out.print(Text(heading(ds.plan(), ctx.lang.value), style="bold underline"))
        names = {sc.id: sc.name.pick(ctx.lang.value) for sc in ds.plan().scopes}
        view.print_show(out, assessed, lang=ctx.lang.value, as_of=m.when.year, scope_names=names, base=base_info)
        for line in amendments.notes(ds, found, ctx.lang.value):
            out.print(line, markup=False, highlight=False)


def _show_json(m: ShowModel, ctx: RenderContext) -> None:
    from stiplan.views import amendments
    from stiplan.views import show as view
    from stiplan.views.envelope import dump
    from stiplan.views.plans import grouped_json

    year = m.when.year
    if m.goal is not None:
        owner, goal = m.goal
        sys.stdout.write(view.goal_json(goal, json_envelope(m.root, ctx.lang, year=year, day=m.when.on(owner))))
        return
    bodies = []
    for ds, found, assessed, base_info in m.items:
        bodies.append((ds.plan(), view.json_body(assessed, lang=ctx.lang.value, as_of=year, base=base_info)))
        bodies[-1][1]["amendments"] = amendments.to_dict(ds, found)
    day = m.when.on(m.items[0][0].plan()) if len(m.items) == 1 else None
    envelope = json_envelope(m.root, ctx.lang, year=year, day=day)
    sys.stdout.write(grouped_json(envelope, bodies) if len(bodies) > 1 else dump(envelope, bodies[0][1]))


SHOW_FORMATS: Renderers[ShowModel] = {"text": _show_text, "json": _show_json}
"""`show --format`: the indicator for people, or the same facts and steps for programs."""
if TYPE_CHECKING:
    ShowFormat = str
else:
    ShowFormat = format_names(SHOW_FORMATS)


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
    format: Annotated[ShowFormat, format_option("text (for people) or json.")] = "text",
    plan: PlanOpt = None,
) -> None:
    """One indicator in depth: its clause and verbatim sentence, the readings chosen, every
    actual with its source and scope, and the status computation step by step.

    Example: stiplan show dti_rank --lang en --chart dti.png
    Example: stiplan show dti_rank --format json
    """
    from stiplan.engine.indicators import assess_indicator
    from stiplan.problems import Refusal, closest_term

    ds = load_or_exit(data)
    when = as_of_or_today(as_of)
    year = when.year
    chosen = plan_ids(ds, plan)
    views = [plan_view(ds, p, when) for p in chosen if any(i.id == indicator for i in ds.plan_indicators(p))]
    goals = [(p, g) for p in chosen for g in ds.for_plan(p).targets.goals if g.id == indicator]
    if not views and goals:
        owner, goal = goals[0]
        model = ShowModel(ds.root, when, (ds.for_plan(owner).plan(), goal), [])
        render(SHOW_FORMATS, format, model, RenderContext(lang))
        return
    if not views:
        known = [i.id for p in chosen for i in ds.plan_indicators(p)]
        known += [g.id for p in chosen for g in ds.for_plan(p).targets.goals]
        from stiplan.cli.options import run_lang, said

        said_in, of_plan = run_lang(), Refusal("of_plan", {"plan": plan}) if plan else ""
        near = _near(closest_term(indicator, known))
        fail(
            said("not_an_indicator_of", said_in, indicator=repr(indicator), of_plan=of_plan, near=near),
            EXIT_USAGE,
            hint=said("indicators_are", said_in, known=", ".join(dict.fromkeys(known))),
        )
    from stiplan.views.i18n import base_year_info

    items = []
    for view in views:
        found = view.indicator(indicator)
        assert found is not None
        items.append(
            (view, found, assess_indicator(view, found, year, base_year), base_year_info(view.plan(), base_year))
        )
    render(SHOW_FORMATS, format, ShowModel(ds.root, when, None, items), RenderContext(lang))
    if chart is not None:
        from stiplan.cli.report import write_file
        from stiplan.views.charts import draw_png

        view, _, assessed, _ = items[0]
        base = view.series_start(base_year=base_year)
        png = draw_png(assessed, lang=lang.value, base_year=base, as_of=year)
        write_file(chart, png)
        from stiplan.cli.options import run_lang
        from stiplan.views.usage import USAGE

        typer.echo(f"stiplan: {USAGE.pick('wrote', run_lang(), path=chart)}", err=True)


def _near(found: "Term | None") -> "Term | str":
    """'; did you mean …?' after a refusal, in each language, or nothing."""
    from stiplan.lang import Term

    return Term(f"; {found.vi}", f"; {found.en}") if found is not None else ""
