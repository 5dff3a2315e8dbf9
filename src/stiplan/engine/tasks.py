"""Task tracking: reported states, missing reports, lateness, and who is accountable on a date.

Pure computation over a loaded `Dataset`; `stiplan tasks`, the memo's task section and the
export's task rows all call it, so the rules live in one place only. A task is judged on one
date (`day`); a year's reporting period ends on the plan's cut-off (14/12 under Decree
09/2019/NĐ-CP), see `stiplan.engine.asof`.

- **Reported state**: the status in the latest actuals year (up to the judging year) that
  reports the task: not started, in progress, done, cancelled.
- **No report**: a year that should have a report has none. A year should have one once its
  reporting period has closed (the judging date is on or after its cut-off), from the plan's
  first year (a plan signed in 2023 cannot ask for 2018's report) to the task's end (an open end
  is the plan's last year): every such year for a yearly task, until a year reported cancelled;
  for a one-off task, every year of its timeframe while it is open (until a year reported done
  or cancelled). The missing years are listed.
- **Late**: reported, the latest status neither done nor cancelled, and the task's end year is
  over (the judging date is after the end year's cut-off). A task with no report at all is
  never late: it is "no report". The two are separate flags, never merged.
- **Accountable**: the lead agency, followed through the successions in force on the judging
  date (`stiplan.engine.agencies.accountable_on`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from stiplan.engine.agencies import Accountable, accountable_on
from stiplan.engine.asof import cutoff_date
from stiplan.models import Task, TaskReport
from stiplan.store.dataset import Dataset
from stiplan.vocabulary import CLOSING, TASK_STATE_CODES

Role = Literal["lead", "cooperating", "any"]


# --- per-task state ------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskState:
    """One task on a date: what was last reported, which reports are missing, whether it is late."""

    task: Task
    lead: str
    """Lead agency id as the plan names it (an alias in tasks.yaml resolved to its id)."""
    cooperating: tuple[str, ...]
    lead_now: Accountable
    """Who answers for the lead's duties on the judging date, and through which successions."""
    cooperating_now: tuple[Accountable, ...]
    status: str | None
    """Latest reported status; None when nothing was reported."""
    status_year: int | None
    report: TaskReport | None
    start: int | None
    end: int
    """Last year of the timeframe; an open end is the plan's last year."""
    missing_years: tuple[int, ...] = ()
    """Years that should have a report and have none."""
    late: bool = False

    @property
    def id(self) -> int:
        return self.task.id

    @property
    def reported(self) -> bool:
        return self.status is not None

    @property
    def state(self) -> str:
        return self.status if self.status is not None else "no_report"

    @property
    def no_report(self) -> bool:
        return bool(self.missing_years)

    @property
    def accountable(self) -> str:
        return self.lead_now.agency

    def due_in(self, year: int) -> bool:
        """One-off tasks are due in their end year; yearly tasks in every year they run."""
        if self.task.timeframe.yearly:
            return (self.start is None or self.start <= year) and year <= self.end
        return year == self.end


def owed_years(ds: Dataset, task: Task, reports: dict[int, TaskReport], day: dt.date) -> list[int]:
    """The years that should have a report of `task` on `day` (see the module docstring)."""
    plan = ds.plan()
    tf = task.timeframe
    end = tf.end if tf.end is not None else plan.period.end
    first = max(tf.start if tf.start is not None else end, plan.period.start)
    closing = {"cancelled"} if tf.yearly else CLOSING
    owed = []
    for year in range(first, end + 1):
        if day < cutoff_date(plan, year):
            break
        owed.append(year)
        if year in reports and reports[year].status in closing:
            break
    return owed


def task_state(ds: Dataset, task: Task, day: dt.date) -> TaskState:
    """The state of one task on `day` (see the module docstring for the rules)."""
    plan = ds.plan()
    tf = task.timeframe
    end = tf.end if tf.end is not None else plan.period.end
    reports = ds.task_reports(task.id, up_to=day.year)
    latest_year = max(reports) if reports else None
    report = reports[latest_year] if latest_year is not None else None
    status = report.status if report is not None else None
    missing = tuple(y for y in owed_years(ds, task, reports, day) if y not in reports)
    late = status is not None and status not in CLOSING and day > cutoff_date(plan, end)
    lead = ds.agency_id(task.lead)
    cooperating = tuple(dict.fromkeys(ds.agency_id(c) for c in task.cooperating))
    by_id = ds.agencies_by_id
    return TaskState(
        task=task,
        lead=lead,
        cooperating=cooperating,
        lead_now=accountable_on(by_id, lead, day),
        cooperating_now=tuple(accountable_on(by_id, c, day) for c in cooperating),
        status=status,
        status_year=latest_year,
        report=report,
        start=tf.start,
        end=end,
        missing_years=missing,
        late=late,
    )


def tasks_to_report(ds: Dataset, year: int) -> list[Task]:
    """The tasks a `year` report still covers, in the plan's order: those whose latest status
    (in the years before) is not `cancelled`, that have started by `year`; a yearly task for
    each year it runs, a one-off task until it is reported `done`. The new-year form and the
    collection forms list exactly these."""
    plan_end = ds.plan().period.end
    out = []
    for task in ds.task_list:
        reports = ds.task_reports(task.id, before=year)
        latest = reports[max(reports)].status if reports else None
        tf = task.timeframe
        if latest == "cancelled" or (tf.start is not None and tf.start > year):
            continue
        if tf.yearly:
            if year <= (tf.end if tf.end is not None else plan_end):
                out.append(task)
        elif latest != "done":
            out.append(task)
    return out


def task_states(ds: Dataset, day: dt.date) -> list[TaskState]:
    """Every task's state on `day`, in the plan's order."""
    return [task_state(ds, t, day) for t in ds.task_list]


def filter_states(
    states: Iterable[TaskState],
    *,
    agency: str | None = None,
    role: Role = "any",
    late: bool = False,
    no_report: bool = False,
    due: int | None = None,
    status: str | None = None,
    part: str | None = None,
    group: str | None = None,
    groups: dict[tuple[str, str], str] | None = None,
) -> list[TaskState]:
    """The states that pass every filter given. `agency` is an agency id (see `find_agencies`);
    it matches the agency the plan names and every agency that succeeded it by the date.

    `late` and `no_report` together keep tasks that are either. `group` matches a group's id or
    the label the source prints (`groups` maps (part, id) → label). `status` matches the
    headline state (`no_report`: nothing reported at all).
    """
    out = []
    for s in states:
        if agency is not None and not has_role(s, agency, role):
            continue
        if (late or no_report) and not ((late and s.late) or (no_report and s.no_report)):
            continue
        if due is not None and not s.due_in(due):
            continue
        if status is not None and s.state != status:
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
    """Whether `agency` (as the plan names it, or a successor by the date) has the role."""
    lead = agency in state.lead_now.chain
    coop = any(agency in c.chain for c in state.cooperating_now)
    return lead if role == "lead" else coop if role == "cooperating" else lead or coop


# --- accountability ------------------------------------------------------------------------

TALLY_KEYS: tuple[str, ...] = (*TASK_STATE_CODES, "late", "missing", "total")


@dataclass
class Tally:
    """Counts of tasks in one role. The five states partition the tasks; `late` (reported, past
    its end, not done) and `missing` (some year without a report) overlap them."""

    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    cancelled: int = 0
    no_report: int = 0
    late: int = 0
    missing: int = 0
    total: int = 0

    def add(self, state: TaskState) -> None:
        setattr(self, state.state, getattr(self, state.state) + 1)
        self.late += state.late
        self.missing += state.no_report
        self.total += 1

    def to_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in TALLY_KEYS}


@dataclass
class AgencyTally:
    """One agency's tasks as lead and as cooperating agency, on the judging date."""

    agency: str
    lead: Tally = field(default_factory=Tally)
    cooperating: Tally = field(default_factory=Tally)
    succeeded: dict[str, Accountable] = field(default_factory=dict)
    """Agencies the plan names whose tasks this one answers for by succession, with the chain."""


def accountability(states: Iterable[TaskState], only: Iterable[str] | None = None) -> list[AgencyTally]:
    """Per accountable agency (on the judging date), counts as lead and as cooperating agency.

    Sorted by late as lead, then missing reports as lead, then the same as cooperating agency,
    then total as lead, then id. `only` keeps the agencies whose chain holds one of these ids
    (e.g. the one `--agency` named, old name or new).
    """
    keep = set(only) if only is not None else None
    by_id: dict[str, AgencyTally] = {}
    for s in states:
        pairs = [(s.lead_now, "lead")] + [(c, "cooperating") for c in s.cooperating_now]
        for acc, role in pairs:
            if keep is not None and not keep & set(acc.chain):
                continue
            tally = by_id.setdefault(acc.agency, AgencyTally(acc.agency))
            if acc.hops:
                tally.succeeded.setdefault(acc.original, acc)
            getattr(tally, role).add(s)
    return sorted(
        by_id.values(),
        key=lambda t: (
            -t.lead.late,
            -t.lead.missing,
            -t.cooperating.late,
            -t.cooperating.missing,
            -t.lead.total,
            t.agency,
        ),
    )
