"""`stiplan tasks`: the plan's tasks with their latest status, who leads them, and who is late."""

import io
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from stiplan.cli.options import (
    ROW_LIMIT,
    AllOpt,
    AsOfOpt,
    DataOpt,
    Lang,
    LangOpt,
    PlanOpt,
    as_of_or_today,
    judging_day,
    plan_ids,
)
from stiplan.cli.options import agency_id as resolve_agency_option
from stiplan.cli.renderers import RenderContext, Renderers, format_names, format_option, render
from stiplan.cli.root import app, json_envelope, load_or_exit

if TYPE_CHECKING:
    import datetime as dt

    from stiplan.engine.asof import AsOf
    from stiplan.lang import Lang as Said
    from stiplan.models import Plan
    from stiplan.store.dataset import Dataset


class RoleChoice(str, Enum):
    lead = "lead"
    cooperating = "cooperating"
    any = "any"


class ByChoice(str, Enum):
    agency = "agency"


class PlanTasks(NamedTuple):
    """One plan's tasks as `tasks` shows them: none assigned, the filtered states, or (with
    --by agency) the tallies of who is accountable for them."""

    ds: "Dataset"
    day: "dt.date"
    names: dict[str, str]
    states: list[Any]
    tallies: list[Any] | None = None
    assigned: bool = True


class TasksModel(NamedTuple):
    """What `tasks` computed: every plan of the folder chosen, and those shown with tasks."""

    root: Path
    as_of: "AsOf | None"
    chosen: list["Dataset"]
    plans: list[PlanTasks]

    @property
    def grouped(self) -> bool:
        return len(self.chosen) > 1

    def unlisted(self) -> list["Dataset"]:
        """Plans of the folder that assign no tasks, named too so that none goes unmentioned."""
        shown = {p.ds.plan().id for p in self.plans}
        return [v for v in self.chosen if v.plan().id not in shown]


def _tasks_text(m: TasksModel, ctx: RenderContext) -> None:
    from rich.text import Text

    from stiplan.views import plans as grouping
    from stiplan.views import tasks as taskview
    from stiplan.views.terminal import console as safe_console

    lang: Said = ctx.lang.value
    for p in m.plans:
        if m.grouped:
            safe_console().print(Text(grouping.heading(p.ds.plan(), lang), style="bold underline"))
        if not p.assigned:
            typer.echo(taskview.no_tasks(lang))
        elif p.tallies is not None:
            taskview.print_tallies(safe_console(), p.tallies, p.names, p.day, len(p.states), lang)
        else:
            limit = None if ctx.all_rows else ROW_LIMIT
            taskview.print_states(safe_console(), p.states, p.names, p.day, lang, limit=limit)
    for v in m.unlisted() if m.grouped else []:
        safe_console().print(Text(grouping.heading(v.plan(), lang), style="bold underline"))
        safe_console().print(Text(grouping.WORDS.pick("no_tasks", lang)))


def _plan_json(p: PlanTasks, ctx: RenderContext, out: io.StringIO | None) -> None:
    from stiplan.views import tasks as taskview

    write = out.write if out is not None else sys.stdout.write
    envelope = json_envelope(p.ds.root, ctx.lang, year=p.day.year, day=p.day)
    if not p.assigned:
        sys.stdout.write(taskview.states_json([], {}, envelope, ctx.lang.value))
    elif p.tallies is not None:
        write(taskview.tallies_json(p.tallies, p.names, envelope, len(p.states), ctx.lang.value))
    else:
        write(taskview.states_json(p.states, p.names, envelope, ctx.lang.value))


def _plan_csv(p: PlanTasks, ctx: RenderContext, out: io.StringIO | None) -> None:
    from stiplan.views import tasks as taskview

    if not p.assigned:
        taskview.write_states_csv([], {}, p.day, ctx.lang.value)
    elif p.tallies is not None:
        taskview.write_tallies_csv(p.tallies, p.names, p.day, ctx.lang.value, out)
    else:
        taskview.write_states_csv(p.states, p.names, p.day, ctx.lang.value, out)


def _captured(
    one: Callable[[PlanTasks, RenderContext, io.StringIO | None], None], p: PlanTasks, ctx: RenderContext
) -> tuple["Plan", str]:
    """One plan's output in `one`'s format, kept to be grouped with the others'."""
    out = io.StringIO()
    one(p, ctx, out)
    return p.ds.plan(), out.getvalue()


def _tasks_json(m: TasksModel, ctx: RenderContext) -> None:
    if not m.grouped:
        _plan_json(m.plans[0], ctx, None)
        return
    from stiplan.views import plans as grouping

    outputs = [_captured(_plan_json, p, ctx) for p in m.plans]
    day = judging_day(as_of_or_today(m.as_of), m.plans[0].ds.plan())
    envelope = json_envelope(m.root, ctx.lang, year=day.year, day=day)
    sys.stdout.write(grouping.regrouped_json(envelope, outputs, without=[v.plan() for v in m.unlisted()]))


def _tasks_csv(m: TasksModel, ctx: RenderContext) -> None:
    if not m.grouped:
        _plan_csv(m.plans[0], ctx, None)
        return
    from stiplan.views import plans as grouping

    sys.stdout.write(grouping.grouped_csv([_captured(_plan_csv, p, ctx) for p in m.plans]))


TASKS_FORMATS: Renderers[TasksModel] = {"text": _tasks_text, "json": _tasks_json, "csv": _tasks_csv}
"""`tasks --format`: a table for people, or the same rows for programs."""
if TYPE_CHECKING:
    TasksFormat = str
else:
    TasksFormat = format_names(TASKS_FORMATS)


@app.command("tasks")
def tasks_command(
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
    as_of: AsOfOpt = None,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            help="Only tasks of this agency: id, name or any spelling, accents and case ignored.",
            show_default=False,
        ),
    ] = None,
    role: Annotated[
        RoleChoice, typer.Option("--role", help="With --agency: as lead, as cooperating agency, or either.")
    ] = RoleChoice.any,
    late: Annotated[bool, typer.Option("--late", help="Only late tasks: reported, not done, past their end.")] = False,
    no_report: Annotated[
        bool, typer.Option("--no-report", help="Only tasks with a year that should have a report and has none.")
    ] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", hidden=True, help="Replaced by --late and --no-report.")
    ] = False,
    due: Annotated[
        int | None,
        typer.Option(
            "--due", help="Only tasks due in this year (yearly tasks: every year they run).", show_default=False
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Only tasks in this state: not_started, in_progress, done, cancelled (the latest report), no_report.",
            show_default=False,
        ),
    ] = None,
    part: Annotated[
        str | None,
        typer.Option("--part", help="Only tasks of this part of the appendix (A or B).", show_default=False),
    ] = None,
    group: Annotated[
        str | None, typer.Option("--group", help="Only tasks of this group (I, II, III ...).", show_default=False)
    ] = None,
    by: Annotated[
        ByChoice | None,
        typer.Option(
            "--by",
            help="agency: per agency responsible on the date, counts as lead and as cooperating agency.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[TasksFormat, format_option("text (a table), json or csv.")] = "text",
    all_rows: AllOpt = False,
    plan: PlanOpt = None,
) -> None:
    """List the plan's tasks: who answers for each on the date, its latest reported state,
    the years whose report is missing, and whether it is late.

    No report: a year whose reporting period has closed has no report. Late: reported, not
    done, and past its end. The two are never merged. Agencies reorganised since the plan are
    shown as their successor on the date, with whom it succeeded. With --by agency: who is
    accountable for what. The date judged on is printed.

    Example: stiplan tasks --as-of 2026 --no-report --by agency
    """
    if overdue:
        from stiplan.cli.options import WordedParameter
        from stiplan.views.usage import USAGE

        raise WordedParameter(USAGE["overdue_replaced"], param_hint="--overdue")
    from stiplan.vocabulary import TASK_STATE_CODES

    if status is not None and status not in TASK_STATE_CODES:
        from stiplan.cli.options import WordedParameter
        from stiplan.views.usage import USAGE

        codes = ", ".join(TASK_STATE_CODES)
        raise WordedParameter(USAGE.term("not_a_state", status=repr(status), codes=codes), param_hint="--status")
    whole = load_or_exit(data)
    chosen = [whole.for_plan(p) for p in plan_ids(whole, plan)]
    views = [v for v in chosen if v.tasks is not None and v.tasks.tasks]
    if not views:  # no plan assigns tasks: the first says so (valid for what it has), exit 0
        views = chosen[:1]
    plans = [_plan_tasks(ds, lang, as_of, agency, role, late, no_report, due, status, part, group, by) for ds in views]
    render(TASKS_FORMATS, format, TasksModel(whole.root, as_of, chosen, plans), RenderContext(lang, all_rows=all_rows))


def _plan_tasks(
    ds: "Dataset",
    lang: Lang,
    as_of: "AsOf | None",
    agency: str | None,
    role: RoleChoice,
    late: bool,
    no_report: bool,
    due: int | None,
    status: str | None,
    part: str | None,
    group: str | None,
    by: "ByChoice | None",
) -> PlanTasks:
    """One plan's tasks, filtered as asked (a usage error for a part, group or agency it lacks)."""
    from stiplan.engine import tasks as T
    from stiplan.views import tasks as taskview

    day = judging_day(as_of_or_today(as_of), ds.targets.plan)
    if ds.tasks is None or not ds.tasks.tasks:
        return PlanTasks(ds, day, {}, [], assigned=False)  # valid for what it has: said, and a success
    parts = {p.id.casefold() for p in ds.tasks.parts}
    if part is not None and part.casefold() not in parts:
        from stiplan.cli.options import WordedParameter
        from stiplan.views.usage import USAGE

        known_parts = ", ".join(p.id for p in ds.tasks.parts)
        raise WordedParameter(USAGE.term("no_part", part=repr(part), parts=known_parts), param_hint="--part")
    labels = ds.group_labels()
    if group is not None:
        known = {g.id.casefold() for p in ds.tasks.parts for g in p.groups} | {v.casefold() for v in labels.values()}
        if group.casefold() not in known:
            group_ids = sorted({g.id for p in ds.tasks.parts for g in p.groups})
            from stiplan.cli.options import WordedParameter
            from stiplan.views.usage import USAGE

            groups = ", ".join(group_ids)
            raise WordedParameter(USAGE.term("no_group", group=repr(group), groups=groups), param_hint="--group")
    agency_id = resolve_agency_option(ds, agency) if agency is not None else None
    names = {a.id: a.name.pick(lang.value) for a in (ds.agencies.agencies if ds.agencies else [])}
    all_states = T.task_states(ds, day)
    if agency_id is not None:
        for notice in taskview.succession_notices(all_states, agency_id, names, lang.value):
            typer.echo(f"stiplan: {notice}", err=True)

    states = T.filter_states(
        all_states,
        agency=agency_id,
        role=role.value,
        late=late,
        no_report=no_report,
        due=due,
        status=status,
        part=part,
        group=group,
        groups=labels,
    )
    if by is not ByChoice.agency:
        return PlanTasks(ds, day, names, states)
    tallies = T.accountability(states, only=[agency_id] if agency_id else None)
    if agency_id and role is not RoleChoice.any:
        for t in tallies:  # the other role's column would count tasks the filter dropped
            setattr(t, "cooperating" if role is RoleChoice.lead else "lead", T.Tally())
    return PlanTasks(ds, day, names, states, tallies)
