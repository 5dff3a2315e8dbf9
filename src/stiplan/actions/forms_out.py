"""`stiplan collect forms`: one Excel form per agency that owes figures or task reports for a
year, written into a folder, and the forms sent logged in `collection/YEAR.yaml`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from stiplan.actions.collection_form import FormContext, workbook_bytes
from stiplan.actions.form_identity import read_round_log
from stiplan.actions.writing import UsageRefused, clean_dataset, write_checked
from stiplan.engine import collection as C
from stiplan.engine.agencies import AgencyNotFound, resolve_agency
from stiplan.engine.asof import reporting_period
from stiplan.engine.tasks import task_states
from stiplan.models import Agency, CollectionEvent
from stiplan.problems import Problem, Refusal
from stiplan.store import files
from stiplan.store.collection_log import appended_log_text
from stiplan.store.dataset import UnknownPlan
from stiplan.store.xlsx import MissingDependency


@dataclass(frozen=True)
class FormOut:
    """One agency's form: where it goes and how much it asks for (every plan's share together)."""

    agency: Agency
    path: Path
    indicators: int
    tasks: int


@dataclass
class FormsOut:
    """What `send_forms` wrote (or, in a dry run, would write), or why it stopped."""

    year: int
    forms: list[FormOut] = field(default_factory=list)
    events: list[CollectionEvent] = field(default_factory=list)
    """The `sent` events logged (a form the log already records as sent is not logged again)."""
    log_display: str = ""
    log_diff: str = ""
    unassigned_indicators: list[str] = field(default_factory=list)
    """Indicators no agency is asked for."""
    collective_tasks: list[int] = field(default_factory=list)
    """Tasks led by a collective ('các sở, ngành'), to which no form can go."""
    ended_tasks: list[int] = field(default_factory=list)
    """Tasks of an agency that no longer exists, its successor unknown: no form can go to it."""
    problems: list[Problem] = field(default_factory=list)
    written: bool = False
    logged: bool = False
    refused: Refusal | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None


def send_forms(
    root: Path,
    year: int,
    out: Path,
    *,
    deadline: dt.date | None = None,
    sent: dt.date | None = None,
    agency: str | None = None,
    dry_run: bool = False,
    plan_id: str | None = None,
    backlog: bool = True,
) -> FormsOut:
    """Write the forms of `year` into `out` (created if missing) and log them as sent on `sent`
    (default: today), due back on `deadline` (default: the plan's, when it sets one).

    `agency`: only the form of the agency this id, name or spelling names; `plan_id`: the one
    plan the forms are for; without it, every plan of the folder, and each agency gets one joint
    form holding what it owes to each (they must name the same collector; the deadline is the
    earliest any plan sets, unless `deadline` is given); `backlog`: ask, on their own sheet,
    for the missing reports of past years of the tasks each agency leads (when any). Raises UsageRefused
    when there is no deadline or `agency` names no agency (or several)."""
    result = FormsOut(year)
    whole, result.problems = clean_dataset(root)
    if whole is None:
        result.refused = Refusal("data_has_errors")
        return result
    try:  # the plan named, else every plan of the folder: one joint form per agency
        plan_ids = whole.select_plans(plan_id)
    except UnknownPlan as exc:
        raise UsageRefused(exc.refusal, "--plan") from None
    plans = [whole.plan(p) for p in plan_ids]
    try:
        collector = C.round_collector(plans)
    except C.SeveralCollectors as exc:
        raise UsageRefused(exc.refusal, "--plan") from None
    due = deadline or C.round_deadline(plans, year)
    if due is None:
        raise UsageRefused(Refusal("no_deadline"), "--deadline")
    collection = C.who_owes_folder(whole, year, plan_ids)
    if not backlog:  # and an agency that owed only past years' reports is sent nothing
        for owed in collection.owed:
            owed.without_backlog()
        collection.owed = [o for o in collection.owed if o.expected]
    if agency is not None:
        try:
            wanted = resolve_agency(whole.agency_list, agency)
        except AgencyNotFound as exc:
            raise UsageRefused(exc.refusal, "--agency") from None
        collection.owed = [o for o in collection.owed if o.agency.id == wanted.id]
    result.unassigned_indicators = list(collection.unassigned_indicators)
    result.collective_tasks = list(collection.collective_tasks)
    result.ended_tasks = list(collection.ended_tasks)
    if not collection.owed:
        if agency is None:
            result.refused = Refusal("nobody_owes", {"year": year})
        else:
            result.refused = Refusal("agency_owes_nothing", {"agency": agency, "year": year})
        return result
    back_to = whole.agency(collector) if collector else None
    context = FormContext(
        year=year,
        periods={p.id: reporting_period(p, year) for p in plans},
        deadline=due,
        collector=back_to.name.vi if back_to else (collector or "cơ quan tổng hợp"),
    )
    states = {  # each plan's tasks as of its own period's end
        p.id: {s.id: s for s in task_states(whole.for_plan(p.id), reporting_period(p, year)[1])} for p in plans
    }
    names = {o.agency.id: C.form_file_name(o.agency, year) for o in collection.owed}
    result.forms = [
        FormOut(o.agency, out / names[o.agency.id], len(o.indicators), len(o.tasks)) for o in collection.owed
    ]
    log = read_round_log(result, root, year)
    if log is None:
        return result
    result.events = C.sent_events(collection, log, sent or dt.date.today(), due, names)
    new_log = appended_log_text(log, result.events) if result.events else None
    if new_log is not None:
        result.log_diff = files.unified_diff(log.text or "", new_log, log.display)
    if dry_run:
        return result
    try:
        files.output_folder(out)  # never where the data is read
        # Each form is replaced atomically but not fsynced: the forms are outputs the same data
        # make again byte for byte, and a crash that lost one is mended by running the command
        # again (the log then has nothing to add). What must survive is the log, written
        # durably below, once. Two fsyncs per form were half of the command's time.
        for owed, form in zip(collection.owed, result.forms, strict=True):
            files.write_output(form.path, workbook_bytes(whole, owed, context, states), durable=False)
        result.written = True
        if new_log is not None:
            refused = write_checked(root, log.path, new_log, log.digest, before=whole)
            if refused:
                result.problems = refused
                result.refused = Refusal("forms_not_logged", {"path": log.display})
                return result
            result.logged = True
    except MissingDependency as exc:
        result.refused = Refusal("missing_dependency", {"detail": exc})
    except (OSError, files.EditError) as exc:
        result.refused = Refusal("cannot_write_forms", {"detail": getattr(exc, "strerror", None) or exc})
    return result
