"""The yearly collection round: who owes what, what a form holds, and the log of forms.

Three questions, answered from the data alone so that forms, import and status agree:

- *Who owes what* for a year: the indicators an agency provides (an indicator's own
  `reported_by`, else the plan's `collector`) and the tasks it leads that are still to report
  that year (`recording.tasks_to_report`, the same list the new-year form carries). Tasks it
  joins are shown on its form for reference only: the lead answers for a task's status.
- *What a form is*: plan, year, agency and the rows it asks for, in order. Its id is a hash
  of exactly that, so an import can tell which form it reads and whether rows were changed.
- *What happened*: `collection/YEAR.yaml` logs forms sent, received and sent back. It is
  appended to (never rewritten), through the same atomic, hash-guarded write as the actuals.

The plan's reporting settings and the agencies' successions reach the round through
`reporting_cutoff`, `default_deadline` and `accountable` only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stiplan import problems as P
from stiplan.engine.asof import plan_cutoff
from stiplan.models import Agency, CollectionEvent, CollectionFile, Indicator, Plan
from stiplan.store import files, reading
from stiplan.store.reading import Dataset

FORM_VERSION = 1
"""Bumped when the form's layout changes, so an import refuses a form it cannot read."""

NOT_ASKED_KINDS = frozenset({"collective"})
"""Agency kinds no form can go to ('các sở, ban, ngành' is not an addressee)."""


# --- the plan's reporting settings, and who answers on a day ---------------------------------


def reporting_cutoff(plan: Plan) -> tuple[int, int]:
    """Month and day the reporting year closes on (the plan's cut-off; see engine.asof)."""
    return plan_cutoff(plan)


def reporting_period(plan: Plan, year: int) -> tuple[dt.date, dt.date]:
    """First and last day a `year` report covers: the day after last year's cut-off to this one's."""
    month, day = reporting_cutoff(plan)
    return dt.date(year - 1, month, day) + dt.timedelta(days=1), dt.date(year, month, day)


def default_deadline(plan: Plan, year: int) -> dt.date | None:
    """The date forms are due back when the plan sets one. Decree 09/2019/NĐ-CP leaves the
    deadline to each reporting regime and Plan 843 sets none, so the Department gives it."""
    return None


def accountable(ds: Dataset, agency_id: str, day: dt.date) -> str:
    """The agency answering on `day` for duties given to `agency_id`: an alias resolved to its
    id, then the successions in force by that day followed (Sở Kế hoạch và Đầu tư's duties go
    to Sở Tài chính from 1/3/2025), as every view that names who is accountable does."""
    from stiplan.engine.agencies import accountable_on, agencies_by_id, agency_alias_map

    return accountable_on(agencies_by_id(ds), agency_alias_map(ds).get(agency_id, agency_id), day).agency


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

    @property
    def form_id(self) -> str:
        payload = {
            "version": FORM_VERSION,
            "plan": self.plan,
            "year": self.year,
            "agency": self.agency,
            "indicators": list(self.indicators),
            "tasks": list(self.tasks),
            "joined": list(self.joined),
        }
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

    def spec(self, plan_id: str, year: int) -> FormSpec:
        return FormSpec(
            plan_id, year, self.agency.id, tuple(i.id for i in self.indicators), tuple(self.tasks), tuple(self.joined)
        )

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


def who_owes(ds: Dataset, year: int) -> Collection:
    """Per agency, what it owes for `year`: the agencies in agencies.yaml order."""
    from stiplan.engine.recording import tasks_to_report

    day = reporting_period(ds.targets.plan, year)[1]
    agencies = {a.id: a for a in ds.agencies.agencies} if ds.agencies else {}
    by_id: dict[str, Owed] = {}
    result = Collection(year, day, [])

    def slot(agency_id: str) -> Owed | None:
        agency = agencies.get(accountable(ds, agency_id, day))
        if agency is None or agency.kind in NOT_ASKED_KINDS:
            return None
        return by_id.setdefault(agency.id, Owed(agency))

    for ind in ds.targets.indicators:
        who = provider(ds.targets.plan, ind)
        owed = slot(who) if who is not None else None
        if owed is None:
            result.unassigned_indicators.append(ind.id)
        else:
            owed.indicators.append(ind)
    due = tasks_to_report(ds, year)
    for task in due:
        owed = slot(task.lead)
        if owed is None:
            result.collective_tasks[task.id] = accountable(ds, task.lead, day)
        else:
            owed.tasks.append(task.id)
    for task in due:
        for coop in task.cooperating:
            agency_id = accountable(ds, coop, day)
            if agency_id in by_id and task.id not in by_id[agency_id].tasks + by_id[agency_id].joined:
                by_id[agency_id].joined.append(task.id)
    order = list(agencies)
    result.owed = sorted(by_id.values(), key=lambda o: order.index(o.agency.id))
    return result


def slug(text: str) -> str:
    """'Sở Tài chính' → 'so-tai-chinh': an ASCII file name a clerk can still read."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "agency"


def form_file_name(agency: Agency, year: int) -> str:
    return f"{slug(agency.name.vi)}-{year}.xlsx"


# --- the collection log --------------------------------------------------------------------


def log_path(root: Path, year: int) -> Path:
    return Path(root) / "collection" / f"{year}.yaml"


@dataclass
class Log:
    """A year's collection log as read: its events, and what an append needs to guard the write."""

    path: Path
    display: str
    year: int
    events: list[CollectionEvent]
    text: str | None
    """None: the file does not exist yet."""
    digest: str | None
    problems: list[P.Problem] = field(default_factory=list)

    def sent(self, agency: str) -> list[CollectionEvent]:
        return [e for e in self.events if e.kind == "sent" and e.agency == agency]

    def latest_form(self, agency: str) -> str | None:
        """The id of the last form sent to `agency`, which any earlier one is superseded by."""
        sent = self.sent(agency)
        return sent[-1].form if sent else None


def read_log(root: Path, year: int, *, text: str | None = None) -> Log:
    """Read `collection/YEAR.yaml` against its schema, as safely as every data file (a regular
    file inside the data folder, bounded); a missing file is an empty log."""
    from stiplan.store.safefile import MAX_BYTES, UnsafeFile, read_regular
    from stiplan.store.yamlread import read_yaml, unsafe_problem

    path = log_path(root, year)
    display = reading.display_path(path)
    log = Log(path, display, year, [], None, None)
    if text is None:
        try:
            raw = read_regular(path, MAX_BYTES, root=Path(root))
        except UnsafeFile as exc:
            if exc.reason != UnsafeFile.MISSING:
                log.problems.append(unsafe_problem(exc, display, MAX_BYTES))
            return log
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            log.problems.append(P.NotUtf8.at(display, byte=f"0x{raw[exc.start]:02x}"))
            return log
        log.digest = files.digest(raw)
    located, found = read_yaml(path, display, text=text)
    log.problems += found
    if located is None:
        return log
    log.text = text
    model = reading.validate_model(located, CollectionFile, log.problems)
    if model is not None:
        log.events = list(model.events)
        if model.year != year:
            log.problems.append(P.YearMismatch.at(display, year=model.year, name=path.name))
    return log


def dataset_log(ds: Dataset, year: int) -> Log | None:
    """The year's collection log as loaded with the rest of the data folder (and checked by
    `validate`); None when no round was logged for that year."""
    model = ds.collection.get(year)
    if model is None:
        return None
    path = log_path(ds.root, year)
    return Log(path, reading.display_path(path), year, list(model.events), None, None)


def log_header(year: int) -> str:
    return (
        f"# Collection of the {year} figures and task reports: forms sent, received and sent back.\n"
        "# Appended to by 'stiplan collect forms' and 'stiplan import'; see stiplan's docs/collection-round.md.\n"
        f"year: {year}\n"
        "events:\n"
    )


def event_text(event: CollectionEvent) -> str:
    """One event as a block list item, fields in the model's order, empty ones left out."""
    from stiplan.store.yamltext import quote

    lines: list[str] = []
    for name, value in event.model_dump(exclude_none=True).items():
        if isinstance(value, (dt.date, int)) or (name in ("kind", "agency") and isinstance(value, str)):
            rendered = value.isoformat() if isinstance(value, dt.date) else str(value)
        else:
            rendered = quote(str(value))
        lines.append(f"{'  - ' if not lines else '    '}{name}: {rendered}\n")
    return "".join(lines)


def appended_log_text(log: Log, events: Sequence[CollectionEvent]) -> str:
    """The log's text with `events` added at the end (a new file starts with its header)."""
    text = log.text if log.text is not None else log_header(log.year)
    if not text.endswith("\n"):
        text += "\n"
    if re.search(r"^events:\s*\[\s*\]\s*$", text, flags=re.M):
        text = re.sub(r"^events:\s*\[\s*\]\s*$", "events:", text, flags=re.M)
    return text + "".join(event_text(e) for e in events)


def check_log(root: Path, log: Log, text: str) -> list[P.Problem]:
    """What `validate` would say of the data folder with the log as it would be."""
    from stiplan.engine import loading

    return loading.load_dataset(Path(root), overrides={log.path: text}).problems


def write_log(root: Path, log: Log, new_text: str) -> list[P.Problem]:
    """Check the data with the new log, then write it atomically if it is unchanged since
    read. Returns the problems that refused the write (nothing was written then)."""
    found = [p for p in check_log(root, log, new_text) if p.severity == "error"]
    if found:
        return found
    log.path.parent.mkdir(parents=True, exist_ok=True)
    files.atomic_write(log.path, new_text.encode("utf-8"), expected_digest=log.digest)
    return []


# --- the form's layout (shared by the writer in views.forms and the reader in engine.intake) --

INSTRUCTIONS_SHEET = "Hướng dẫn"
INDICATOR_SHEET = "Chỉ tiêu"
TASK_SHEET = "Nhiệm vụ chủ trì"
JOINED_SHEET = "Nhiệm vụ phối hợp"
LISTS_SHEET = "Danh mục"
ID_SHEET = "stiplan"
"""Hidden sheet holding the form's identity: key in column A, value in column B."""
ID_KEYS = ("format", "plan", "year", "agency", "form")

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
PRIOR_YEARS = 3
"""How many earlier years' figures an indicator row shows for reference."""

# Indicator sheet: A id, B name, C unit, D..F earlier years, then the input cells.
IND_ID, IND_NAME, IND_UNIT, IND_PRIOR = 1, 2, 3, 4
IND_VALUE = IND_PRIOR + PRIOR_YEARS
IND_OF, IND_SCOPE, IND_SOURCE, IND_NOTE = IND_VALUE + 1, IND_VALUE + 2, IND_VALUE + 3, IND_VALUE + 4
IND_INPUTS = (IND_VALUE, IND_OF, IND_SCOPE, IND_SOURCE, IND_NOTE)

# Task sheet: A id, B title, C timeframe, D last reported state, then the input cells.
TASK_ID, TASK_TITLE, TASK_TIMEFRAME, TASK_LAST = 1, 2, 3, 4
TASK_STATE, TASK_DOC, TASK_DATE, TASK_NOTE = 5, 6, 7, 8
TASK_INPUTS = (TASK_STATE, TASK_DOC, TASK_DATE, TASK_NOTE)


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

    @property
    def deadline(self) -> dt.date | None:
        return self.sent.deadline if self.sent else None


def round_status(ds: Dataset, year: int, log: Log, day: dt.date) -> list[AgencyStatus]:
    """Per agency that owes something: sent, received, on time or late, open problems, missing."""
    actuals = ds.actuals.get(year)
    recorded_ind = set(actuals.indicators) if actuals else set()
    recorded_tasks = set(actuals.tasks) if actuals else set()
    out = []
    for owed in who_owes(ds, year).owed:
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
        out.append(AgencyStatus(owed, last_sent, last_received, missing, state, open_problems, last_returned))
    return out


def sent_events(
    ds: Dataset, collection: Collection, log: Log, day: dt.date, deadline: dt.date, names: dict[str, str]
) -> list[CollectionEvent]:
    """A `sent` event per form, except a form the log already records as sent (re-running
    `collect forms` on unchanged data writes the same files and logs nothing new)."""
    out = []
    for owed in collection.owed:
        spec = owed.spec(ds.targets.plan.id, collection.year)
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
            )
        )
    return out
