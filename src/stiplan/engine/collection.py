"""The yearly collection round: who owes what, what a form holds, and the log of forms.

Three questions, answered from the data alone so that forms, import and status agree:

- *Who owes what* for a year: the indicators an agency provides (an indicator's own
  `reported_by`, else the plan's `collector`) and the tasks it leads that are still to report
  that year (`recording.tasks_to_report`, the same list the new-year form carries). Tasks it
  joins are shown on its form for reference only: the lead answers for a task's status.
- *What a form is*: plan, year, agency and the rows it asks for, in order. Its id is a hash
  of exactly that, so an import can tell which form it reads and whether rows were changed.
  In a folder of several plans an agency gets one joint form (`who_owes_folder`): its share of
  each plan, an indicator two plans target asked once, each task row with its plan.
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
from collections.abc import Sequence
from dataclasses import dataclass, field

from stiplan import problems as P
from stiplan.engine.agencies import accountable_on
from stiplan.engine.asof import reporting_period
from stiplan.engine.tasks import tasks_to_report
from stiplan.models import Agency, CollectionEvent, Indicator, LoggedProblem, Plan, task_key
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


def round_deadline(plans: Sequence[Plan], year: int) -> dt.date | None:
    """The date a round's forms are due back by the plans' own settings: the earliest any of them
    sets (a joint form answers every plan it holds, so it is due when the first of them wants
    it); None when none sets one."""
    dates = [d for d in (default_deadline(p, year) for p in plans) if d is not None]
    return min(dates) if dates else None


class SeveralCollectors(P.Refused, ValueError):
    """Plans of one round collected by different agencies: a form goes back to one of them."""


def round_collector(plans: Sequence[Plan]) -> str | None:
    """The agency a round's forms go back to: the collector the plans name (a plan naming none
    leaves it to the others; None: no plan names one). Raises SeveralCollectors, naming each
    plan's, when they name different ones: a joint form has one addressee, so each plan's
    forms are then written on their own."""
    found = {p.id: p.collector.agency if p.collector else None for p in plans}
    if len({who for who in found.values() if who}) > 1:
        raise SeveralCollectors(P.Refusal("several_collectors", {"collectors": found}))
    return next((who for who in found.values() if who), None)


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
    """What one form asks for; its id is a hash of all of it. A form speaks for one plan or, in a
    folder of several, jointly for the plans the agency owes something to (`plans`): its task
    rows then name their plan, since task numbers are each plan's own."""

    plans: tuple[str, ...]
    year: int
    agency: str
    indicators: tuple[str, ...]
    tasks: tuple[tuple[str, int], ...]
    """(plan, task) of each row of the task sheet."""
    joined: tuple[tuple[str, int], ...]
    backlog: tuple[tuple[str, int, int], ...] = ()
    """(plan, task, year) of the past years' reports the form asks for (the backlog sheet)."""

    @property
    def form_id(self) -> str:
        payload: dict[str, object]
        if len(self.plans) == 1:  # the one-plan form keeps the id it always had: old logs still verify
            payload = {
                "version": FORM_VERSION,
                "plan": self.plans[0],
                "year": self.year,
                "agency": self.agency,
                "indicators": list(self.indicators),
                "tasks": [t for _, t in self.tasks],
                "joined": [t for _, t in self.joined],
            }
            if self.backlog:  # a form without a backlog keeps the id it had before backlogs existed
                payload["backlog"] = [[t, y] for _, t, y in self.backlog]
        else:
            payload = {
                "version": FORM_VERSION,
                "plans": list(self.plans),
                "year": self.year,
                "agency": self.agency,
                "indicators": list(self.indicators),
                "tasks": [list(pair) for pair in self.tasks],
                "joined": [list(pair) for pair in self.joined],
                "backlog": [list(triple) for triple in self.backlog],
            }
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Share:
    """One agency's share of one plan's round."""

    plan: str
    indicators: list[Indicator] = field(default_factory=list)
    tasks: list[int] = field(default_factory=list)
    """Tasks it leads that are still to report this year, in the plan's order."""
    joined: list[int] = field(default_factory=list)
    """Tasks it cooperates on (for reference: the lead reports them)."""
    backlog: list[tuple[int, int]] = field(default_factory=list)
    """(task, year): reports of past years of the plan missing for tasks it leads, by year then
    the plan's order (`backlog`); asked on the form's own sheet unless the round leaves it out."""


@dataclass
class Owed:
    """One agency's share of a year's collection: what its one form asks, across the plans of
    the round (`shares`, in the folder's order; one share for a one-plan round). An indicator two
    plans target is asked once (figures are shared); tasks stay each plan's own."""

    agency: Agency
    shares: list[Share] = field(default_factory=list)

    def share(self, plan_id: str) -> Share:
        found = next((s for s in self.shares if s.plan == plan_id), None)
        if found is None:
            found = Share(plan_id)
            self.shares.append(found)
        return found

    @property
    def plans(self) -> tuple[str, ...]:
        return tuple(s.plan for s in self.shares)

    @property
    def indicators(self) -> list[Indicator]:
        """Every indicator asked, once, in the order of the first plan asking it."""
        seen: dict[str, Indicator] = {}
        for share in self.shares:
            for ind in share.indicators:
                seen.setdefault(ind.id, ind)
        return list(seen.values())

    def indicator_plans(self) -> dict[str, list[str]]:
        """Indicator id → the plans of this form that target it."""
        out: dict[str, list[str]] = {}
        for share in self.shares:
            for ind in share.indicators:
                out.setdefault(ind.id, []).append(share.plan)
        return out

    @property
    def tasks(self) -> list[tuple[str, int]]:
        return [(s.plan, t) for s in self.shares for t in s.tasks]

    @property
    def joined(self) -> list[tuple[str, int]]:
        return [(s.plan, t) for s in self.shares for t in s.joined]

    @property
    def backlog(self) -> list[tuple[str, int, int]]:
        return [(s.plan, t, y) for s in self.shares for t, y in s.backlog]

    def without_backlog(self) -> None:
        for share in self.shares:
            share.backlog = []

    def spec(self, year: int) -> FormSpec:
        return FormSpec(
            self.plans,
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
        for _, _, year in self.backlog:
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

    plan_id = ds.plan().id

    def slot(agency_id: str) -> Share | None:
        agency = agencies.get(accountable(ds, agency_id, day))
        if agency is None or agency.kind in NOT_ASKED_KINDS or _gone(agency, day):
            return None
        return by_id.setdefault(agency.id, Owed(agency)).share(plan_id)

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
            share = by_id[agency_id].share(plan_id) if agency_id in by_id else None
            if share is not None and task.id not in share.tasks + share.joined:
                share.joined.append(task.id)
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


def who_owes_folder(ds: Dataset, year: int, plan_ids: list[str] | None = None) -> Collection:
    """`who_owes` of every plan of the folder (or of `plan_ids`), per agency once: one form each,
    holding its share of every plan; an indicator two plans target is owed once (figures are
    shared). The agencies in agencies.yaml order."""
    parts = [who_owes(ds.for_plan(p), year) for p in (plan_ids or ds.plan_ids)]
    if len(parts) == 1:
        return parts[0]
    merged: dict[str, Owed] = {}
    for part in parts:
        for owed in part.owed:
            merged.setdefault(owed.agency.id, Owed(owed.agency)).shares += owed.shares
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
    # (plan, task number) reported for this year: task numbers are each plan's own.
    recorded_tasks = {
        (plan_id, t) for plan_id, tasks in ds.reports_by_plan.items() for t, years in tasks.items() if year in years
    }
    one_list = len(ds.task_plans) <= 1
    out = []
    for owed in who_owes_folder(ds, year).owed:
        sent = log.sent(owed.agency.id)
        last_sent = sent[-1] if sent else None
        received = [e for e in log.events if e.kind == "received" and e.agency == owed.agency.id]
        returned = [e for e in log.events if e.kind == "returned" and e.agency == owed.agency.id]
        last_received = received[-1] if received else None
        missing = [i.id for i in owed.indicators if i.id not in recorded_ind]
        # a task as its report would be keyed: the bare number while at most one plan lists tasks
        missing += [f"task {t if one_list else task_key(p, t)}" for p, t in owed.tasks if (p, t) not in recorded_tasks]
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
    collection: Collection, log: Log, day: dt.date, deadline: dt.date, names: dict[str, str]
) -> list[CollectionEvent]:
    """A `sent` event per form, except a form the log already records as sent (re-running
    `collect forms` on unchanged data writes the same files and logs nothing new)."""
    out = []
    for owed in collection.owed:
        spec = owed.spec(collection.year)
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
