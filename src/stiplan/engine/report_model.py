"""The report's content as numbers, ids, dates and states, computed once.

The markdown memo, the Word report and `report --format json` all render this model; none of
them counts, sorts or numbers anything itself, so the three agree number for number. Pure: no
words (those are the renderers'), no I/O beyond the loaded dataset.

- verdict counts per milestone, with the missed, at-risk and unjudged indicators named by id;
- each indicator's row: every figure (with its source number), and per milestone the target in
  force, the figure judged, the gap in the indicator's unit, the share of the target reached
  where meaningful, the status and its reason;
- the tasks by state and by the agency responsible on the judging date, with the late ones
  (reported, past their end, not done), the unreported ones (nothing ever reported) and those
  missing the report of a closed year, by agency;
- the year's collection round, when one was logged;
- the sources, each distinct text numbered once, in the order of the indicator table, in the
  report's language (`models.source_text`: a Vietnamese report prints the source as written, an
  English one its `source_en` when recorded).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from stiplan.engine.agencies import Accountable
from stiplan.engine.asof import AsOf
from stiplan.engine.indicators import IndicatorStatus, Milestone, Point
from stiplan.engine.tasks import TaskState, task_states
from stiplan.lang import DATA_LANG, Lang
from stiplan.store.dataset import Dataset
from stiplan.vocabulary import STATUSES, TASK_STATE_CODES

AT_RISK = ("needs_acceleration", "limited_progress", "deteriorating")
"""Forecast statuses that say a target will not be met at the present pace."""
UNJUDGED = ("no_data", "insufficient_data", "not_comparable")
"""Statuses that say the figures do not allow a judgement."""


class Sources:
    """Numbered sources, one number per distinct text, in order of first use. A source typed
    twice with other spacing is one source, kept as first written."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.first: list[str] = []

    def ref(self, source: str) -> int:
        key = " ".join(source.split())
        if key not in self.numbers:
            self.numbers[key] = len(self.first) + 1
            self.first.append(source)
        return self.numbers[key]

    def texts(self) -> tuple[str, ...]:
        return tuple(self.first)


@dataclass(frozen=True)
class Figure:
    """One recorded figure with the number of its source."""

    point: Point
    source: int

    @property
    def year(self) -> int:
        return self.point.year

    def to_dict(self) -> dict[str, Any]:
        p = self.point
        return {
            "year": p.year,
            "value": p.value,
            "of": p.of,
            "source": self.source,
            "scope": p.scope,
            "frame": p.frame,
            "comparable": p.comparable,
            "left_out": p.left_out,
        }


def share_of_target(m: Milestone, value: float | None, direction: str) -> float | None:
    """How much of the target a figure reaches: value/target, or target/value when lower is
    better (rank 18 against 'top 15' reaches 15/18 = 83 %); None where a share means nothing
    (no threshold, or a zero or negative level)."""
    threshold = m.assessment.threshold
    if m.target.kind == "range" and m.target.min is not None:
        threshold = m.target.min
    if value is None or threshold is None or value <= 0 or threshold <= 0:
        return None
    return threshold / value if direction == "decrease" else value / threshold


@dataclass(frozen=True)
class TargetResult:
    """One milestone of one indicator: the target in force and what the figures say of it."""

    milestone: Milestone
    judged: Figure | None
    """The figure the status rests on: the milestone year's for a verdict, the latest for a forecast."""
    share: float | None

    @property
    def year(self) -> int:
        return self.milestone.target.year

    @property
    def status(self) -> str:
        return self.milestone.assessment.status

    @property
    def gap(self) -> float | None:
        """In the indicator's unit; positive: short of the target."""
        return self.milestone.assessment.gap

    def to_dict(self) -> dict[str, Any]:
        a = self.milestone.assessment
        return {
            "year": self.year,
            "target": self.milestone.target.model_dump(mode="json", exclude_none=True),
            "threshold": a.threshold,
            "mode": a.mode,
            "status": a.status,
            "reason": a.reason,
            "met": a.met,
            "judged": self.judged.to_dict() if self.judged else None,
            "gap": a.gap,
            "share_of_target": self.share,
        }


@dataclass(frozen=True)
class IndicatorRow:
    n: int
    status: IndicatorStatus
    figures: tuple[Figure, ...]
    """Every figure recorded, by year (the plan's scope first within a year)."""
    targets: tuple[TargetResult, ...]

    @property
    def id(self) -> str:
        return self.status.indicator.id

    def in_year(self, year: int) -> list[Figure]:
        return [f for f in self.figures if f.year == year]

    def target(self, year: int) -> TargetResult | None:
        return next((t for t in self.targets if t.year == year), None)

    def figure_of(self, point: Point | None) -> Figure | None:
        return next((f for f in self.figures if f.point is point), None)

    def to_dict(self) -> dict[str, Any]:
        ind = self.status.indicator
        return {
            "n": self.n,
            "id": ind.id,
            "unit": ind.unit,
            "direction": ind.direction,
            "scope": self.status.scope,
            "clause": ind.source.clause,
            "figures": [f.to_dict() for f in self.figures],
            "targets": [t.to_dict() for t in self.targets],
        }


@dataclass(frozen=True)
class MilestoneSummary:
    year: int
    mode: str
    """'verdict' for a milestone before the as-of year, else 'forecast'."""
    counts: dict[str, int]
    """Status → indicators with a target that year, in the order of `vocabulary.STATUSES`, zeros left out."""
    missed: tuple[str, ...]
    at_risk: tuple[str, ...]
    unjudged: tuple[str, ...]
    """Indicators whose figures do not allow a judgement (no figure, too few, not comparable)."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "mode": self.mode,
            "total": self.total,
            "counts": self.counts,
            "missed": list(self.missed),
            "at_risk": list(self.at_risk),
            "unjudged": list(self.unjudged),
        }


@dataclass(frozen=True)
class AgencyTasks:
    """The tasks an agency answers for as lead on the judging date."""

    agency: str
    total: int
    states: dict[str, int]
    """Reported state (or no_report) → tasks, in the order of `vocabulary.TASK_STATE_CODES`."""
    late: tuple[int, ...]
    unreported: tuple[int, ...]
    """Tasks with no report at all."""
    missing: tuple[int, ...]
    """Tasks lacking the report of at least one closed year (reported ones included)."""
    succeeded: tuple[Accountable, ...]
    """The plan's lead agencies whose tasks this one answers for by succession."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "total": self.total,
            "states": self.states,
            "late": list(self.late),
            "unreported": list(self.unreported),
            "missing": list(self.missing),
            "succeeded": [acc.original for acc in self.succeeded],
        }


@dataclass(frozen=True)
class TaskSummary:
    items: tuple[TaskState, ...]
    states: dict[str, int]
    late: tuple[int, ...]
    unreported: tuple[int, ...]
    missing: tuple[int, ...]
    by_agency: tuple[AgencyTasks, ...]
    """Most late first, then most unreported, most missing, most tasks, then id: one order everywhere."""

    @property
    def total(self) -> int:
        return len(self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "states": self.states,
            "late": list(self.late),
            "unreported": list(self.unreported),
            "missing": list(self.missing),
            "by_agency": [a.to_dict() for a in self.by_agency],
            "tasks": [
                {
                    "id": s.id,
                    "lead": s.lead,
                    "accountable": s.accountable,
                    "state": s.state,
                    "status_year": s.status_year,
                    "late": s.late,
                    "missing_years": list(s.missing_years),
                }
                for s in self.items
            ],
        }


@dataclass(frozen=True)
class RoundAgency:
    agency: str
    state: str
    """`engine.collection` states: not_sent, waiting, late, on_time, received_late."""
    deadline: dt.date | None
    returned: bool
    """Its form was sent back for correction and no clean one has come back."""


@dataclass(frozen=True)
class CollectionRound:
    year: int
    agencies: tuple[RoundAgency, ...]

    def with_state(self, state: str) -> list[RoundAgency]:
        return [a for a in self.agencies if a.state == state]

    @property
    def returned(self) -> list[RoundAgency]:
        return [a for a in self.agencies if a.returned and a.state != "late"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "agencies": [
                {
                    "agency": a.agency,
                    "state": a.state,
                    "deadline": a.deadline.isoformat() if a.deadline else None,
                    "returned": a.returned,
                }
                for a in self.agencies
            ],
        }


@dataclass(frozen=True)
class ReportModel:
    as_of: int
    on: dt.date
    """The day tasks are judged on."""
    base_year: int
    years: tuple[int, ...]
    """The years of the indicator table: the base year to the as-of year."""
    milestones: tuple[MilestoneSummary, ...]
    indicators: tuple[IndicatorRow, ...]
    no_figures: tuple[str, ...]
    """Indicators with no figure recorded at all."""
    only_other: tuple[str, ...]
    """Indicators whose only figures are not comparable (another scope or series)."""
    tasks: TaskSummary
    round: CollectionRound | None
    sources: tuple[str, ...]
    """Source n is `sources[n - 1]`."""

    def indicator(self, id: str) -> IndicatorRow:
        return self._rows_by_id[id]

    @functools.cached_property
    def _rows_by_id(self) -> dict[str, IndicatorRow]:
        """Each indicator's row by its id (the first, as a scan finds it), built once: the report
        asks for every row by id, and a scan each time made it quadratic in the indicators."""
        return {r.id: r for r in reversed(self.indicators)}

    def milestone(self, year: int) -> MilestoneSummary | None:
        return next((m for m in self.milestones if m.year == year), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "judged_on": self.on.isoformat(),
            "base_year": self.base_year,
            "years": list(self.years),
            "milestones": [m.to_dict() for m in self.milestones],
            "indicators": [r.to_dict() for r in self.indicators],
            "no_figures": list(self.no_figures),
            "only_other": list(self.only_other),
            "tasks": self.tasks.to_dict(),
            "collection_round": self.round.to_dict() if self.round else None,
            "sources": [{"n": n, "text": text} for n, text in enumerate(self.sources, start=1)],
        }


def judged_point(st: IndicatorStatus, m: Milestone) -> Point | None:
    """The recorded figure a milestone's status rests on (a forecast with no trend yet: the latest)."""
    a = m.assessment
    if a.latest is not None:
        return next((p for p in st.series if p.year == a.latest.year), None)
    if a.mode == "forecast":
        return st.latest
    return None


def percent_of_target(st: IndicatorStatus, m: Milestone) -> float | None:
    """The share of the milestone's target the judged figure reaches, in percent (one decimal), as
    the report's "% mục tiêu" column prints it; None where a share means nothing."""
    point = judged_point(st, m)
    share = share_of_target(m, point.value if point else None, st.indicator.direction)
    return None if share is None else round(share * 100, 1)


def _indicator_rows(statuses: Sequence[IndicatorStatus], sources: Sources, lang: Lang) -> tuple[IndicatorRow, ...]:
    rows = []
    for n, st in enumerate(statuses, start=1):
        figures = tuple(Figure(p, sources.ref(p.source_in(lang))) for p in st.points)
        by_point = {id(f.point): f for f in figures}
        targets = []
        for m in st.milestones:
            point = judged_point(st, m)
            share = share_of_target(m, point.value if point else None, st.indicator.direction)
            targets.append(TargetResult(m, by_point.get(id(point)) if point else None, share))
        rows.append(IndicatorRow(n, st, figures, tuple(targets)))
    for st in statuses:  # the breaks' sources follow the figures'
        for brk in st.indicator.breaks:
            sources.ref(brk.source)
    return tuple(rows)


def _milestones(statuses: Sequence[IndicatorStatus], years: Sequence[int], as_of: int) -> tuple[MilestoneSummary, ...]:
    out = []
    for year in years:
        found = [(st.indicator.id, m.assessment.status) for st in statuses if (m := st.milestone(year)) is not None]
        counts = Counter(status for _, status in found)
        out.append(
            MilestoneSummary(
                year=year,
                mode="verdict" if year < as_of else "forecast",
                counts={s: counts[s] for s in STATUSES if counts[s]},
                missed=tuple(i for i, s in found if s == "missed"),
                at_risk=tuple(i for i, s in found if s in AT_RISK),
                unjudged=tuple(i for i, s in found if s in UNJUDGED),
            )
        )
    return tuple(out)


def _tasks(states: Sequence[TaskState]) -> TaskSummary:
    def ids(items: Sequence[TaskState]) -> tuple[int, ...]:
        return tuple(s.id for s in items)

    by: dict[str, list[TaskState]] = {}
    for s in states:
        by.setdefault(s.accountable, []).append(s)
    agencies = []
    for agency, mine in by.items():
        counts = Counter(s.state for s in mine)
        succeeded = {s.lead_now.original: s.lead_now for s in mine if s.lead_now.hops}
        agencies.append(
            AgencyTasks(
                agency=agency,
                total=len(mine),
                states={code: counts[code] for code in TASK_STATE_CODES},
                late=ids([s for s in mine if s.late]),
                unreported=ids([s for s in mine if not s.reported]),
                missing=ids([s for s in mine if s.no_report]),
                succeeded=tuple(succeeded.values()),
            )
        )
    agencies.sort(key=lambda a: (-len(a.late), -len(a.unreported), -len(a.missing), -a.total, a.agency))
    counts = Counter(s.state for s in states)
    return TaskSummary(
        items=tuple(states),
        states={code: counts[code] for code in TASK_STATE_CODES},
        late=ids([s for s in states if s.late]),
        unreported=ids([s for s in states if not s.reported]),
        missing=ids([s for s in states if s.no_report]),
        by_agency=tuple(agencies),
    )


def _round(ds: Dataset, year: int, on: dt.date) -> CollectionRound | None:
    from stiplan.store.collection_log import dataset_log

    log = dataset_log(ds, year)
    if log is None:
        return None
    from stiplan.engine import collection as C  # only when a round was logged

    return CollectionRound(
        year,
        tuple(
            RoundAgency(s.owed.agency.id, s.state, s.deadline, s.returned is not None)
            for s in C.round_status(ds, year, log, on)
        ),
    )


def build_model(
    ds: Dataset,
    statuses: Sequence[IndicatorStatus],
    *,
    as_of: int,
    day: dt.date | None = None,
    base_year: int | None = None,
    lang: Lang = DATA_LANG,
) -> ReportModel:
    """The report's content as of `as_of` (tasks judged on `day`, default the plan's cut-off);
    `base_year` starts the table where a --base-year check starts its trends; the sources are in
    `lang`, the report's language (the one thing of the model that is text)."""
    on = AsOf(as_of, day).on(ds.plan())
    base = ds.series_start(base_year=base_year)
    sources = Sources()
    rows = _indicator_rows(statuses, sources, lang)
    return ReportModel(
        as_of=as_of,
        on=on,
        base_year=base,
        years=tuple(range(base, as_of + 1)),
        milestones=_milestones(statuses, ds.target_years(), as_of),
        indicators=rows,
        no_figures=tuple(st.indicator.id for st in statuses if not st.points),
        only_other=tuple(st.indicator.id for st in statuses if st.points and not st.series),
        tasks=_tasks(task_states(ds, on)),
        round=_round(ds, as_of, on),
        sources=sources.texts(),
    )
