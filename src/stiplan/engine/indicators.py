"""A loaded dataset → one status per indicator and milestone, with scope kept honest.

Scope policy: only actuals whose scope is the indicator's own (by default the plan's
jurisdiction) feed the arithmetic. A figure for another scope — a national reference value,
or a figure for the merged Phú Thọ province — is kept beside the result and flagged in every
output, but never silently mixed into a provincial series.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from stiplan.engine import progress
from stiplan.models import Indicator, Target
from stiplan.store.reading import Dataset


@dataclass(frozen=True)
class Point:
    """One recorded actual, as the renderers show it."""

    year: int
    value: float
    of: int | None
    source: str
    scope: str
    note: str | None
    in_scope: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "value": self.value,
            "of": self.of,
            "source": self.source,
            "scope": self.scope,
            "note": self.note,
            "in_scope": self.in_scope,
        }


@dataclass(frozen=True)
class Milestone:
    target: Target
    assessment: progress.Assessment


@dataclass(frozen=True)
class IndicatorStatus:
    indicator: Indicator
    scope: str
    points: tuple[Point, ...]
    milestones: tuple[Milestone, ...]

    @property
    def series(self) -> tuple[Point, ...]:
        """The in-scope figures, the only ones the arithmetic uses."""
        return tuple(p for p in self.points if p.in_scope)

    @property
    def other_scope(self) -> tuple[Point, ...]:
        return tuple(p for p in self.points if not p.in_scope)

    @property
    def latest(self) -> Point | None:
        series = self.series
        return series[-1] if series else None

    def milestone(self, year: int) -> Milestone | None:
        return next((m for m in self.milestones if m.target.year == year), None)

    def to_dict(self) -> dict[str, object]:
        ind = self.indicator
        return {
            "id": ind.id,
            "name": {"vi": ind.name.vi, "en": ind.name.en},
            "unit": ind.unit,
            "direction": ind.direction,
            "scope": self.scope,
            "clause": ind.source.clause,
            "points": [p.to_dict() for p in self.points],
            "other_scope_points": len(self.other_scope),
            "milestones": [
                {"target": m.target.model_dump(exclude_none=True), **m.assessment.to_dict()} for m in self.milestones
            ],
        }


def engine_target(target: Target) -> progress.Target:
    """The engine's own target type (it has no use for the note)."""
    return progress.Target(
        year=target.year,
        kind=target.kind,
        value=target.value,
        tolerance=target.tolerance,
        min=target.min,
        max=target.max,
        factor=target.factor,
        baseline_year=target.baseline_year,
    )


def points_of(ds: Dataset, indicator: Indicator, as_of: int | None = None) -> tuple[Point, ...]:
    """Every actual recorded for the indicator (up to `as_of` when given), by year."""
    own = indicator.scope or ds.targets.plan.jurisdiction
    points = []
    for year in sorted(ds.actuals):
        if as_of is not None and year > as_of:
            continue
        actual = ds.actuals[year].indicators.get(indicator.id)
        if actual is None:
            continue
        scope = actual.scope or own  # an actual without a scope measures the indicator's own
        points.append(
            Point(
                year=year,
                value=actual.value,
                of=actual.of,
                source=actual.source,
                scope=scope,
                note=actual.note,
                in_scope=scope == own,
            )
        )
    return tuple(points)


UNIT_BOUNDS: dict[str, tuple[float | None, float | None]] = {
    "percent": (0, 100),
    "rank": (1, None),
    "count": (0, None),
    "per_10k_people": (0, None),
    "index": (0, 1),
}
"""What a unit can take; a projection at the observed rate is held inside these bounds."""


def bounded_projection(a: progress.Assessment, unit: str) -> progress.Assessment:
    """Keep the projected value possible for its unit (a rank cannot go below 1).

    Compound growth happily projects rank 0.21 or a share of 130 %; the bound is shown
    instead, and the unbounded figure stays in the components for whoever redoes the maths.
    """
    low, high = UNIT_BOUNDS.get(unit, (None, None))
    p = a.projected
    if p is None or not ((low is not None and p < low) or (high is not None and p > high)):
        return a
    bounded = low if low is not None and p < low else high
    return dataclasses.replace(a, projected=bounded, components={**a.components, "projected_unbounded": p})


def assess_indicator(ds: Dataset, indicator: Indicator, as_of: int) -> IndicatorStatus:
    points = points_of(ds, indicator)
    series = [progress.Observation(year=p.year, value=p.value) for p in points if p.in_scope]
    milestones = tuple(
        Milestone(
            target=t,
            assessment=bounded_projection(
                progress.assess(indicator.direction, engine_target(t), series, as_of), indicator.unit
            ),
        )
        for t in sorted(indicator.targets, key=lambda t: t.year)
    )
    return IndicatorStatus(
        indicator=indicator,
        scope=indicator.scope or ds.targets.plan.jurisdiction,
        points=points,
        milestones=milestones,
    )


def assess_dataset(ds: Dataset, as_of: int, only: Iterable[str] | None = None) -> list[IndicatorStatus]:
    """Every indicator (or those in `only`, in the plan's order) assessed as of `as_of`."""
    wanted = set(only) if only is not None else None
    return [assess_indicator(ds, ind, as_of) for ind in ds.targets.indicators if wanted is None or ind.id in wanted]


def status_counts(statuses: Iterable[IndicatorStatus], milestone: int) -> Counter[str]:
    """How many indicators have each status at one milestone (those without a target there are skipped)."""
    counts: Counter[str] = Counter()
    for st in statuses:
        m = st.milestone(milestone)
        if m is not None:
            counts[m.assessment.status] += 1
    return counts
