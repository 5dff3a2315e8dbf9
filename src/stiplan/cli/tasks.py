"""`stiplan tasks`: the plan's tasks with their latest status, who leads them, and who is late."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from stiplan.cli.app import EXIT_USAGE, DataOpt, Lang, LangOpt, app, load_or_exit

if TYPE_CHECKING:
    import datetime as dt

    from stiplan.store.reading import Dataset


class TaskFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class RoleChoice(str, Enum):
    lead = "lead"
    cooperating = "cooperating"
    any = "any"


class ByChoice(str, Enum):
    agency = "agency"


def _parse_as_of(value: str | None) -> dt.date:
    import datetime as dt

    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2026-01-31", param_hint="--as-of"
        ) from None


def _resolve_agency(ds: Dataset, query: str) -> str:
    from stiplan.engine.agencies import find_agencies, suggest_agencies

    agencies = ds.agencies.agencies if ds.agencies else []
    found = find_agencies(agencies, query)
    if len(found) == 1:
        return found[0].id
    if found:
        listed = ", ".join(f"{a.id} ({a.name.vi})" for a in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise typer.BadParameter(
            f"{query!r} names more than one agency: {listed}{more}; be more specific", param_hint="--agency"
        )
    close = suggest_agencies(agencies, query)
    hint = "; did you mean " + ", ".join(f"{a.id} ({a.name.vi})" for a in close) + "?" if close else ""
    raise typer.BadParameter(f"no agency is called {query!r}{hint}", param_hint="--agency")


@app.command("tasks")
def tasks_command(
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge overdue as of this date (YYYY-MM-DD). Default: today.", show_default=False),
    ] = None,
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
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue tasks.")] = False,
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
            help="Only tasks whose latest status is this: not_started, in_progress, done, cancelled.",
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
            help="agency: per agency, counts as lead and as cooperating agency, most overdue first.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[TaskFormat, typer.Option("--format", "-f", help="table, json or csv.")] = TaskFormat.table,
) -> None:
    """List the plan's tasks: lead agency, timeframe, latest status, overdue or not.

    A one-off task is overdue once its end year has passed without 'done'; a yearly task
    is overdue when a past year has no report (or a not_started one); a cancelled task is
    never overdue. With --by agency: who is accountable for what, most overdue first.

    Example: stiplan tasks --overdue --by agency
    """
    from stiplan.engine import tasks as T
    from stiplan.models import TASK_STATUSES
    from stiplan.views import tasks as taskview
    from stiplan.views.terminal import console as safe_console

    day = _parse_as_of(as_of)
    if status is not None and status not in TASK_STATUSES:
        raise typer.BadParameter(
            f"{status!r} is not a status; use one of {', '.join(TASK_STATUSES)}", param_hint="--status"
        )
    ds = load_or_exit(data)
    if ds.tasks is None:
        typer.echo("stiplan: this data folder has no tasks.yaml", err=True)
        raise typer.Exit(EXIT_USAGE)
    parts = {p.id.casefold() for p in ds.tasks.parts}
    if part is not None and part.casefold() not in parts:
        raise typer.BadParameter(
            f"no part {part!r}; the parts are {', '.join(p.id for p in ds.tasks.parts)}", param_hint="--part"
        )
    labels = T.group_labels(ds)
    if group is not None:
        known = {g.id.casefold() for p in ds.tasks.parts for g in p.groups} | {v.casefold() for v in labels.values()}
        if group.casefold() not in known:
            names = sorted({g.id for p in ds.tasks.parts for g in p.groups})
            raise typer.BadParameter(f"no group {group!r}; the groups are {', '.join(names)}", param_hint="--group")
    agency_id = _resolve_agency(ds, agency) if agency is not None else None

    states = T.filter_states(
        T.task_states(ds, day),
        agency=agency_id,
        role=role.value,  # type: ignore[arg-type]
        overdue=overdue,
        due=due,
        status=status,
        part=part,
        group=group,
        groups=labels,
    )
    names = {a.id: (a.name.vi if lang is Lang.vi else a.name.en) for a in (ds.agencies.agencies if ds.agencies else [])}
    if by is ByChoice.agency:
        tallies = T.accountability(states, only=[agency_id] if agency_id else None)
        if agency_id and role is not RoleChoice.any:
            for t in tallies:  # the other role's column would count tasks the filter dropped
                setattr(t, "cooperating" if role is RoleChoice.lead else "lead", T.Tally())
        if format is TaskFormat.json:
            sys.stdout.write(taskview.tallies_json(tallies, names, day, len(states)))
        elif format is TaskFormat.csv:
            taskview.write_tallies_csv(tallies, names)
        else:
            taskview.print_tallies(safe_console(), tallies, names, day, len(states), lang.value)
    elif format is TaskFormat.json:
        sys.stdout.write(taskview.states_json(states, names, day))
    elif format is TaskFormat.csv:
        taskview.write_states_csv(states, lang.value)
    else:
        taskview.print_states(safe_console(), states, names, day, lang.value)
