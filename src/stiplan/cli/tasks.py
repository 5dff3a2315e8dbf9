"""`stiplan tasks`: the plan's tasks with their latest status, who leads them, and who is late."""

import io
import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from stiplan.cli.options import (
    ROW_LIMIT,
    AllOpt,
    AsOfOpt,
    DataOpt,
    Lang,
    LangOpt,
    PlanOpt,
    TableFormat,
    TableFormatOpt,
    as_of_or_today,
    judging_day,
    plan_ids,
)
from stiplan.cli.options import agency_id as resolve_agency_option
from stiplan.cli.root import app, json_envelope, load_or_exit

if TYPE_CHECKING:
    from stiplan.engine.asof import AsOf
    from stiplan.models import Plan
    from stiplan.store.dataset import Dataset


class RoleChoice(str, Enum):
    lead = "lead"
    cooperating = "cooperating"
    any = "any"


class ByChoice(str, Enum):
    agency = "agency"


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
    format: TableFormatOpt = TableFormat.text,
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
    from stiplan.views.terminal import console as safe_console

    if overdue:
        raise typer.BadParameter(
            "--overdue mixed missing reports with lateness and was replaced: use --late (reported, not done, "
            "past its end) and/or --no-report (a year without a report)",
            param_hint="--overdue",
        )
    from stiplan.vocabulary import TASK_STATE_CODES

    if status is not None and status not in TASK_STATE_CODES:
        codes = ", ".join(TASK_STATE_CODES)
        raise typer.BadParameter(f"{status!r} is not a state; use one of {codes}", param_hint="--status")
    whole = load_or_exit(data)
    chosen = [whole.for_plan(p) for p in plan_ids(whole, plan)]
    views = [v for v in chosen if v.tasks is not None and v.tasks.tasks]
    if not views:  # no plan assigns tasks: the first says so (valid for what it has), exit 0
        views = chosen[:1]
    shown = {v.plan().id for v in views}
    grouped = len(chosen) > 1
    outputs: list[tuple[Plan, str]] = []
    for ds in views:
        out = io.StringIO() if grouped and format is not TableFormat.text else None
        if grouped and format is TableFormat.text:
            from rich.text import Text

            from stiplan.views.plans import heading

            safe_console().print(Text(heading(ds.plan(), lang.value), style="bold underline"))
        _plan_tasks(ds, lang, as_of, agency, role, late, no_report, due, status, part, group, by, format, all_rows, out)
        if out is not None:
            outputs.append((ds.plan(), out.getvalue()))
    if grouped and format is TableFormat.text:
        from rich.text import Text

        from stiplan.views import plans as grouping

        for v in chosen:
            if v.plan().id not in shown:  # named too, so that no plan of the folder goes unmentioned
                safe_console().print(Text(grouping.heading(v.plan(), lang.value), style="bold underline"))
                safe_console().print(Text(grouping.WORDS.pick("no_tasks", lang.value)))
    if grouped and format is not TableFormat.text:
        from stiplan.views import plans as grouping

        listed = [v.plan() for v in chosen if v.plan().id not in shown]
        if format is TableFormat.json:
            day = judging_day(as_of_or_today(as_of), views[0].plan())
            envelope = json_envelope(whole.root, lang, year=day.year, day=day)
            sys.stdout.write(grouping.regrouped_json(envelope, outputs, without=listed))
        else:
            sys.stdout.write(grouping.grouped_csv(outputs))


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
    format: TableFormat,
    all_rows: bool,
    out: io.StringIO | None,
) -> None:
    """One plan's tasks, as `tasks` prints them for a folder of one plan (into `out` when given)."""
    from stiplan.engine import tasks as T
    from stiplan.views import tasks as taskview
    from stiplan.views.terminal import console as safe_console

    write = out.write if out is not None else sys.stdout.write
    day = judging_day(as_of_or_today(as_of), ds.targets.plan)
    if ds.tasks is None or not ds.tasks.tasks:
        # a plan that assigns no tasks is valid for what it has: say so, and succeed
        if format is TableFormat.text:
            typer.echo(taskview.no_tasks(lang.value))
        elif format is TableFormat.json:
            envelope = json_envelope(ds.root, lang, year=day.year, day=day)
            sys.stdout.write(taskview.states_json([], {}, envelope, lang.value))
        else:
            taskview.write_states_csv([], {}, day, lang.value)
        return
    parts = {p.id.casefold() for p in ds.tasks.parts}
    if part is not None and part.casefold() not in parts:
        raise typer.BadParameter(
            f"no part {part!r}; the parts are {', '.join(p.id for p in ds.tasks.parts)}", param_hint="--part"
        )
    labels = ds.group_labels()
    if group is not None:
        known = {g.id.casefold() for p in ds.tasks.parts for g in p.groups} | {v.casefold() for v in labels.values()}
        if group.casefold() not in known:
            group_ids = sorted({g.id for p in ds.tasks.parts for g in p.groups})
            raise typer.BadParameter(f"no group {group!r}; the groups are {', '.join(group_ids)}", param_hint="--group")
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
    if by is ByChoice.agency:
        tallies = T.accountability(states, only=[agency_id] if agency_id else None)
        if agency_id and role is not RoleChoice.any:
            for t in tallies:  # the other role's column would count tasks the filter dropped
                setattr(t, "cooperating" if role is RoleChoice.lead else "lead", T.Tally())
        if format is TableFormat.json:
            envelope = json_envelope(ds.root, lang, year=day.year, day=day)
            write(taskview.tallies_json(tallies, names, envelope, len(states), lang.value))
        elif format is TableFormat.csv:
            taskview.write_tallies_csv(tallies, names, day, lang.value, out)
        else:
            taskview.print_tallies(safe_console(), tallies, names, day, len(states), lang.value)
    elif format is TableFormat.json:
        envelope = json_envelope(ds.root, lang, year=day.year, day=day)
        write(taskview.states_json(states, names, envelope, lang.value))
    elif format is TableFormat.csv:
        taskview.write_states_csv(states, names, day, lang.value, out)
    else:
        taskview.print_states(safe_console(), states, names, day, lang.value, limit=None if all_rows else ROW_LIMIT)
