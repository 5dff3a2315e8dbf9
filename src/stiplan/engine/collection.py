"""The yearly collection round: who owes what, what a form holds, and the log of forms.

Three questions, answered from the data alone so that forms, import and status agree:

- *Who owes what* for a year: the indicators an agency provides (an indicator's own
  `reported_by`, else the plan's `collector`) and the tasks it leads that are still to report
  that year (`recording.tasks_to_report`, the same list the new-year form carries). Tasks it
  joins are shown on its form for reference only: the lead answers for a task's status.
- *What a form is*: plan, year, agency and the rows it asks for, in order. Its id is a hash
  of exactly that, so an import can tell which form it reads and whether rows were changed.
- *What happened*: `collection/YEAR.yaml` logs forms sent, received and sent back
  (`store.collection_log` reads and appends it); `round_status` reads it against what is owed.

The plan's reporting settings and the agencies' successions reach the round through
`asof.reporting_period`, `default_deadline` and `accountable` only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from stiplan.engine.agencies import accountable_on
from stiplan.engine.asof import reporting_period
from stiplan.engine.tasks import tasks_to_report
from stiplan.models import Agency, CollectionEvent, Indicator, LoggedProblem, Plan
from stiplan.store.collection_log import Log
from stiplan.store.dataset import Dataset

FORM_VERSION = 1
"""Bumped when the form's layout changes, so an import refuses a form it cannot read."""

NOT_ASKED_KINDS = frozenset({"collective"})
"""Agency kinds no form can go to ('các sở, ban, ngành' is not an addressee)."""


# --- the plan's reporting settings, and who answers on a day ---------------------------------


def default_deadline(plan: Plan, year: int) -> dt.date | None:
    """The date forms are due back when the plan sets one. Decree 09/2019/NĐ-CP leaves the
    deadline to each reporting regime; a plan that sets none leaves it to the Department."""
    return None


def accountable(ds: Dataset, agency_id: str, day: dt.date) -> str:
    """The agency answering on `day` for duties given to `agency_id`: an alias resolved to its
    id, then the successions in force by that day followed (a merged department's duties go
    to the department that absorbed it, from the day of the merger), as every view that names who is accountable does."""
    return accountable_on(ds.agencies_by_id, ds.agency_id(agency_id), day).agency


# --- who owes what -------------------------------------------------------------------------


def provider(plan: Plan, indicator: Indicator) -> str | None:
    """The agency asked for an indicator's figure, or None when nobody is (no collector either)."""
    ref = indicator.reported_by or plan.collector
    return ref.agency if ref is not None else None


@dataclass(frozen=True)
class FormSpec:
    """What one form asks for; its id is a hash of all of it."""

    plan: str
    year: int
    agency: str
    indicators: tuple[str, ...]
    tasks: tuple[int, ...]
    joined: tuple[int, ...]
    backlog: tuple[tuple[int, int], ...] = ()
    """(task, year) of the past years' reports the form asks for (the backlog sheet)."""

    @property
    def form_id(self) -> str:
        payload: dict[str, object] = {
            "version": FORM_VERSION,
            "plan": self.plan,
            "year": self.year,
            "agency": self.agency,
            "indicators": list(self.indicators),
            "tasks": list(self.tasks),
            "joined": list(self.joined),
        }
        if self.backlog:  # a form without a backlog keeps the id it had before backlogs existed
            payload["backlog"] = [list(pair) for pair in self.backlog]
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Owed:
    """One agency's share of a year's collection."""

    agency: Agency
    indicators: list[Indicator] = field(default_factory=list)
    tasks: list[int] = field(default_factory=list)
    """Tasks it leads that are still to report this year, in the plan's order."""
    joined: list[int] = field(default_factory=list)
    """Tasks it cooperates on (for reference: the lead reports them)."""
    backlog: list[tuple[int, int]] = field(default_factory=list)
    """(task, year): reports of past years of the plan missing for tasks it leads, by year then
    the plan's order (`backlog`); asked on the form's own sheet unless the round leaves it out."""

    def spec(self, plan_id: str, year: int) -> FormSpec:
        return FormSpec(
            plan_id,
            year,
            self.agency.id,
            tuple(i.id for i in self.indicators),
            tuple(self.tasks),
            tuple(self.joined),
            tuple(self.backlog),
        )

    def backlog_counts(self) -> dict[int, int]:
        """Past years' reports owed, per year."""
        counts: dict[int, int] = {}
        for _, year in self.backlog:
            counts[year] = counts.get(year, 0) + 1
        return counts

    @property
    def expected(self) -> int:
        return len(self.indicators) + len(self.tasks)


@dataclass
class Collection:
    """Who owes what for one year, and what nobody can be asked for."""

    year: int
    day: dt.date
    """The date agencies are resolved on (the end of the reporting period)."""
    owed: list[Owed]
    unassigned_indicators: list[str] = field(default_factory=list)
    collective_tasks: dict[int, str] = field(default_factory=dict)
    """Tasks led by a collective ('các sở, ngành'): task id → that collective's id."""
    ended_tasks: dict[int, str] = field(default_factory=dict)
    """Tasks whose accountable agency had ceased to exist by the period's end with no successor
    known (`ended` in agencies.yaml): task id → that agency's id. No form can go to it."""


def _gone(agency: Agency | None, day: dt.date) -> bool:
    """Whether the agency had ceased to exist by `day` (its successor, if any, is a succession
    and already followed by `accountable`)."""
    return agency is not None and agency.ended is not None and agency.ended.date <= day


def missing_reports(ds: Dataset, year: int) -> list[tuple[int, int]]:
    """(task, year) for every past year of the plan before `year` whose report is missing: the
    tasks that year's report covered (`tasks_to_report`: started, not cancelled or done before,
    a yearly task within its years) with nothing recorded for them that year."""
    first = ds.plan().period.start
    out = []
    for past in range(first, year):
        out += [(task.id, past) for task in tasks_to_report(ds, past) if past not in ds.task_reports(task.id)]
    return out


def who_owes(ds: Dataset, year: int) -> Collection:
    """Per agency, what it owes for `year` (and the backlog of its tasks' past years' reports):
    the agencies in agencies.yaml order."""
    day = reporting_period(ds.plan(), year)[1]
    agencies = ds.agencies_by_id
    by_id: dict[str, Owed] = {}
    result = Collection(year, day, [])

    def slot(agency_id: str) -> Owed | None:
        agency = agencies.get(accountable(ds, agency_id, day))
        if agency is None or agency.kind in NOT_ASKED_KINDS or _gone(agency, day):
            return None
        return by_id.setdefault(agency.id, Owed(agency))

    for ind in ds.targets.indicators:
        who = provider(ds.plan(), ind)
        owed = slot(who) if who is not None else None
        if owed is None:
            result.unassigned_indicators.append(ind.id)
        else:
            owed.indicators.append(ind)
    due = tasks_to_report(ds, year)
    for task in due:
        owed = slot(task.lead)
        if owed is None:
            who = accountable(ds, task.lead, day)
            nobody = result.ended_tasks if _gone(agencies.get(who), day) else result.collective_tasks
            nobody[task.id] = who
        else:
            owed.tasks.append(task.id)
    for task_id, past in missing_reports(ds, year):
        missing = ds.task(task_id)
        owed = slot(missing.lead) if missing is not None else None
        if owed is not None:  # a collective's backlog has no addressee, as its current report
            owed.backlog.append((task_id, past))
    for task in due:
        for coop in task.cooperating:
            agency_id = accountable(ds, coop, day)
            if agency_id in by_id and task.id not in by_id[agency_id].tasks + by_id[agency_id].joined:
                by_id[agency_id].joined.append(task.id)
    order = list(agencies)
    result.owed = sorted(by_id.values(), key=lambda o: order.index(o.agency.id))
    return result


def slug(text: str) -> str:
    """'Ban Quản lý Khu X' → 'ban-quan-ly-khu-x': an ASCII file name a clerk can still read."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "agency"


def form_file_name(agency: Agency, year: int) -> str:
    """'so-tai-chinh-dof-2026.xlsx': the name a clerk reads, then the agency's id, which makes it
    unique (two names that differ only in their diacritics fold to the same words). No two
    agencies of a round can share a file: ids are unique and lower case (so a case-insensitive
    file system keeps them apart too), and an id holds no hyphen, so the id and the year after
    the last two hyphens cannot run into the folded name."""
    return f"{slug(agency.name.vi)}-{agency.id}-{year}.xlsx"


# --- who has answered ----------------------------------------------------------------------


@dataclass
class AgencyStatus:
    """One agency's standing in a year's round."""

    owed: Owed
    sent: CollectionEvent | None
    """The last form sent to it."""
    received: CollectionEvent | None
    """The last form received from it."""
    missing: list[str]
    """What it owes that is not recorded yet: indicator ids and 'task N'."""
    state: str
    """not_sent, waiting, late, on_time, received_late."""
    open_problems: int
    """Problems of the last form received, while no clean one has come back."""
    returned: CollectionEvent | None = None
    """The last time its form was sent back for correction (while no clean one has come back)."""
    problems: tuple[LoggedProblem, ...] = ()
    """The open problems themselves (cell, column, message), as the log keeps them."""
    backlog: dict[int, int] = field(default_factory=dict)
    """Past years' task reports still missing (the backlog still open), per year."""

    @property
    def deadline(self) -> dt.date | None:
        return self.sent.deadline if self.sent else None


def who_owes_folder(ds: Dataset, year: int) -> Collection:
    """`who_owes` of every plan of the folder, per agency once: an indicator two plans target is
    owed once (figures are shared); the agencies in agencies.yaml order."""
    parts = [who_owes(view, year) for view in ds.each_plan()]
    if len(parts) == 1:
        return parts[0]
    merged: dict[str, Owed] = {}
    for part in parts:
        for owed in part.owed:
            into = merged.setdefault(owed.agency.id, Owed(owed.agency))
            into.indicators += [i for i in owed.indicators if i.id not in {j.id for j in into.indicators}]
            into.tasks += [t for t in owed.tasks if t not in into.tasks]
            into.joined += [t for t in owed.joined if t not in into.joined]
            into.backlog += [b for b in owed.backlog if b not in into.backlog]
    order = list(ds.agencies_by_id)
    owed_anywhere = {i.id for o in merged.values() for i in o.indicators}
    return Collection(
        year,
        max(p.day for p in parts),
        sorted(merged.values(), key=lambda o: order.index(o.agency.id)),
        list(dict.fromkeys(i for p in parts for i in p.unassigned_indicators if i not in owed_anywhere)),
        {k: v for p in parts for k, v in p.collective_tasks.items()},
        {k: v for p in parts for k, v in p.ended_tasks.items()},
    )


def round_status(ds: Dataset, year: int, log: Log, day: dt.date) -> list[AgencyStatus]:
    """Per agency that owes something (across every plan of the folder): sent, received, on time
    or late, open problems, missing."""
    actuals = ds.actuals.get(year)
    recorded_ind = set(actuals.indicators) if actuals else set()
    # A task number recorded for this year under any plan of the folder (`Owed.tasks` are numbers).
    recorded_tasks = {t for tasks in ds.reports_by_plan.values() for t, years in tasks.items() if year in years}
    out = []
    for owed in who_owes_folder(ds, year).owed:
        sent = log.sent(owed.agency.id)
        last_sent = sent[-1] if sent else None
        received = [e for e in log.events if e.kind == "received" and e.agency == owed.agency.id]
        returned = [e for e in log.events if e.kind == "returned" and e.agency == owed.agency.id]
        last_received = received[-1] if received else None
        missing = [i.id for i in owed.indicators if i.id not in recorded_ind]
        missing += [f"task {t}" for t in owed.tasks if t not in recorded_tasks]
        deadline = last_sent.deadline if last_sent else None
        clean = [e for e in received if not e.problems]
        if last_sent is None:
            state = "not_sent"
        elif clean:
            first = clean[0].date
            state = "on_time" if deadline is None or first <= deadline else "received_late"
        elif deadline is not None and day > deadline:
            state = "late"
        else:
            state = "waiting"
        open_problems = last_received.problems or 0 if last_received is not None and not clean else 0
        last_returned = returned[-1] if returned and not clean else None
        found = tuple(last_received.found or ()) if open_problems and last_received is not None else ()
        out.append(
            AgencyStatus(
                owed,
                last_sent,
                last_received,
                missing,
                state,
                open_problems,
                last_returned,
                found,
                owed.backlog_counts(),
            )
        )
    return out


def sent_events(
    ds: Dataset, collection: Collection, log: Log, day: dt.date, deadline: dt.date, names: dict[str, str]
) -> list[CollectionEvent]:
    """A `sent` event per form, except a form the log already records as sent (re-running
    `collect forms` on unchanged data writes the same files and logs nothing new)."""
    out = []
    for owed in collection.owed:
        spec = owed.spec(ds.plan().id, collection.year)
        already = any(e.form == spec.form_id and e.deadline == deadline for e in log.sent(owed.agency.id))
        if already:
            continue
        out.append(
            CollectionEvent(
                kind="sent",
                date=day,
                agency=owed.agency.id,
                form=spec.form_id,
                file=names[owed.agency.id],
                deadline=deadline,
                indicators=len(owed.indicators),
                tasks=len(owed.tasks),
                backlog=owed.backlog_counts() or None,
            )
        )
    return out


@dataclass(frozen=True)
class SendBack:
    """What a send-back note says: to whom, about which form, each problem, and by when."""

    collector: str
    """The agency the forms go back to (the Department), by its name."""
    agency: str
    year: int
    form_file: str
    form: str
    received: dt.date | None
    problems: tuple[LoggedProblem, ...]
    note: str | None
    deadline: dt.date | None
    day: dt.date
