"""Task tracking: latest status, overdue, agency look-up and who is accountable for what.

Pure computation over a loaded `Dataset`; `stiplan tasks` and the memo's task section both
call it, so the overdue rule lives in one place only.

The rules (as of a date; only actuals files of years up to the as-of year count):

- The *latest status* of a task is the status in the latest actuals year that reports it.
  A task nobody has reported on counts as not started (and is flagged `reported: false`).
- A *cancelled* task (latest status `cancelled`) is never overdue.
- A one-off task is *overdue* when its end year has passed (as-of year > end year) and its
  latest status is not `done`. An open end (`end: null`) means the plan's last year.
- A *yearly* task owes a report for every year from its start year — but no earlier than the
  plan's first year: a plan signed in 2023 cannot ask for 2018's report — to the year before
  the as-of year (capped at its end year, or the plan's last year). A year with no report, or
  with a `not_started` report, is an overdue year; the task is overdue when it has one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from stiplan.engine.agencies import agency_alias_map
from stiplan.models import Task, TaskReport
from stiplan.store.reading import Dataset

Role = Literal["lead", "cooperating", "any"]
STATUSES: tuple[str, ...] = ("not_started", "in_progress", "done", "cancelled")
KEPT_UP: frozenset[str] = frozenset({"in_progress", "done"})
"""Statuses that discharge a yearly task's duty for that year."""


# --- per-task state ------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskState:
    """One task as of a date: what was last reported and whether it is late."""

    task: Task
    lead: str
    """Lead agency id (an alias in tasks.yaml is resolved to its id)."""
    cooperating: tuple[str, ...]
    status: str
    """Latest recorded status; `not_started` when nothing was reported."""
    reported: bool
    status_year: int | None
    """The actuals year the latest status comes from."""
    report: TaskReport | None
    start: int | None
    end: int
    """Last year of the timeframe; an open end is the plan's last year."""
    overdue: bool
    overdue_years: tuple[int, ...] = ()
    """Yearly tasks: the past years with no report (or a not_started one)."""

    @property
    def id(self) -> int:
        return self.task.id

    def due_in(self, year: int) -> bool:
        """One-off tasks are due in their end year; yearly tasks in every year they run."""
        if self.task.timeframe.yearly:
            return (self.start is None or self.start <= year) and year <= self.end
        return year == self.end


def task_reports(ds: Dataset, task_id: int, up_to: int | None = None) -> dict[int, TaskReport]:
    """Every report of one task, by year (only years up to `up_to` when given)."""
    return {
        year: actuals.tasks[task_id]
        for year, actuals in sorted(ds.actuals.items())
        if task_id in actuals.tasks and (up_to is None or year <= up_to)
    }


def task_state(ds: Dataset, task: Task, as_of: dt.date, *, aliases: dict[str, str] | None = None) -> TaskState:
    """The state of one task on `as_of` (see the module docstring for the rules)."""
    aliases = agency_alias_map(ds) if aliases is None else aliases
    plan_end = ds.targets.plan.period.end
    tf = task.timeframe
    end = tf.end if tf.end is not None else plan_end
    reports = task_reports(ds, task.id, up_to=as_of.year)
    latest_year = max(reports) if reports else None
    report = reports[latest_year] if latest_year is not None else None
    status = report.status if report is not None else "not_started"

    overdue_years: tuple[int, ...] = ()
    if status == "cancelled":
        overdue = False
    elif tf.yearly:
        plan_start = ds.targets.plan.period.start
        first = max(tf.start, plan_start) if tf.start is not None else plan_start
        last = min(as_of.year - 1, end)
        overdue_years = tuple(y for y in range(first, last + 1) if y not in reports or reports[y].status not in KEPT_UP)
        overdue = bool(overdue_years)
    else:
        overdue = as_of.year > end and status != "done"

    return TaskState(
        task=task,
        lead=aliases.get(task.lead, task.lead),
        cooperating=tuple(dict.fromkeys(aliases.get(c, c) for c in task.cooperating)),
        status=status,
        reported=report is not None,
        status_year=latest_year,
        report=report,
        start=tf.start,
        end=end,
        overdue=overdue,
        overdue_years=overdue_years,
    )


def task_states(ds: Dataset, as_of: dt.date) -> list[TaskState]:
    """Every task's state on `as_of`, in the plan's order."""
    if ds.tasks is None:
        return []
    aliases = agency_alias_map(ds)
    return [task_state(ds, t, as_of, aliases=aliases) for t in ds.tasks.tasks]


def filter_states(
    states: Iterable[TaskState],
    *,
    agency: str | None = None,
    role: Role = "any",
    overdue: bool = False,
    due: int | None = None,
    status: str | None = None,
    part: str | None = None,
    group: str | None = None,
    groups: dict[tuple[str, str], str] | None = None,
) -> list[TaskState]:
    """The states that pass every filter given. `agency` is an agency id (see `find_agencies`).

    `group` matches a group's id or the label the source prints (`groups` maps
    (part, id) → label). `status` matches the latest status; `not_started` includes tasks
    nobody has reported on.
    """
    out = []
    for s in states:
        if agency is not None and not has_role(s, agency, role):
            continue
        if overdue and not s.overdue:
            continue
        if due is not None and not s.due_in(due):
            continue
        if status is not None and s.status != status:
            continue
        if part is not None and s.task.part.casefold() != part.casefold():
            continue
        if group is not None:
            names = {s.task.group.casefold()}
            label = (groups or {}).get((s.task.part, s.task.group))
            if label:
                names.add(label.casefold())
            if group.casefold() not in names:
                continue
        out.append(s)
    return out


def has_role(state: TaskState, agency: str, role: Role) -> bool:
    lead = state.lead == agency
    coop = agency in state.cooperating
    return lead if role == "lead" else coop if role == "cooperating" else lead or coop


def group_labels(ds: Dataset) -> dict[tuple[str, str], str]:
    """(part, group id) → the label the source prints, where it differs from the id."""
    if ds.tasks is None:
        return {}
    return {(p.id, g.id): g.label for p in ds.tasks.parts for g in p.groups if g.label}


# --- accountability ------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts of tasks in one role. `not_started` includes unreported tasks; `overdue`
    overlaps the others (an overdue task is also in progress or not started)."""

    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    cancelled: int = 0
    overdue: int = 0
    total: int = 0

    def add(self, state: TaskState) -> None:
        setattr(self, state.status, getattr(self, state.status) + 1)
        self.overdue += state.overdue
        self.total += 1

    def to_dict(self) -> dict[str, int]:
        return {
            "done": self.done,
            "in_progress": self.in_progress,
            "not_started": self.not_started,
            "cancelled": self.cancelled,
            "overdue": self.overdue,
            "total": self.total,
        }


@dataclass
class AgencyTally:
    """One agency's tasks as lead and as cooperating agency."""

    agency: str
    lead: Tally = field(default_factory=Tally)
    cooperating: Tally = field(default_factory=Tally)

    @property
    def overdue(self) -> int:
        return self.lead.overdue + self.cooperating.overdue


def accountability(states: Iterable[TaskState], only: Iterable[str] | None = None) -> list[AgencyTally]:
    """Per agency, counts by status as lead and as cooperating agency, most overdue first.

    Sorted by overdue as lead, then overdue as cooperating agency, then total as lead, then
    id. `only` restricts the agencies listed (e.g. the one `--agency` named).
    """
    keep = set(only) if only is not None else None
    by_id: dict[str, AgencyTally] = {}
    for s in states:
        for agency, role in [(s.lead, "lead")] + [(c, "cooperating") for c in s.cooperating]:
            if keep is not None and agency not in keep:
                continue
            tally = by_id.setdefault(agency, AgencyTally(agency))
            getattr(tally, role).add(s)
    return sorted(
        by_id.values(),
        key=lambda t: (-t.lead.overdue, -t.cooperating.overdue, -t.lead.total, t.agency),
    )
