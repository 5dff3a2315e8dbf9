"""A loaded dataset → one status per indicator and milestone, with scope and frame kept honest.

Scope policy: only actuals whose scope is the one in force for their year feed the arithmetic:
the indicator's own (by default the plan's jurisdiction) and, once that territory ended, the
scope the Department decided (`engine.scopes`; none decided: no later figure counts). A figure for another scope — a national reference value,
or a figure for a province formed by a merger — is kept beside the result and flagged in every
output, but never silently mixed into a provincial series. Likewise a figure on the other
side of a declared series break (a DTI rank among the 34 merged provinces) is shown, never
set against a target written for the 63. Base year: the plan's declared one, unless a target
names its own or the caller asks for another (`base_year`, a sensitivity check).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from stiplan import vocabulary
from stiplan.engine import progress, scopes
from stiplan.lang import Lang
from stiplan.models import Indicator, Target, source_text
from stiplan.store.dataset import Dataset


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
    frame: str | None = None
    in_frame: bool = True
    source_en: str | None = None
    """The source's English text, when recorded (`source_in`)."""

    def source_in(self, lang: Lang) -> str:
        """The source in a report's language (`models.source_text`)."""
        return source_text(self.source, self.source_en, lang)

    decided: bool = True
    """False: the plan's territory had ended by the figure's year and no decision says which scope counts."""
    in_series: bool = True
    """False: a scope decision with a series break starts after the figure's year."""

    @property
    def comparable(self) -> bool:
        """Of the scope in force for its year, in the current series, on the target's side of every break."""
        return self.in_scope and self.in_frame and self.in_series

    @property
    def left_out(self) -> str | None:
        """Why the figure stays out of the arithmetic (a code of vocabulary.LEFT_OUT), if it does."""
        if not self.decided:
            return "undecided_scope"
        if not self.in_scope:
            return "other_scope"
        if not self.in_series:
            return "before_scope_break"
        return None if self.in_frame else "other_frame"

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "value": self.value,
            "of": self.of,
            "source": self.source,
            "scope": self.scope,
            "frame": self.frame,
            "note": self.note,
            "in_scope": self.in_scope,
            "comparable": self.comparable,
            "left_out": self.left_out,
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
    base_year: int | None = None
    base_year_origin: str | None = None
    """'plan' (the plan's declared base year), 'default' (stiplan's reading: the last year before
    the plan's period, the plan declaring none) or 'override' (--base-year, a sensitivity check)."""
    frame: str | None = None

    @property
    def series(self) -> tuple[Point, ...]:
        """The comparable figures, the only ones the arithmetic can use."""
        return tuple(p for p in self.points if p.comparable)

    @property
    def other_scope(self) -> tuple[Point, ...]:
        """Figures shown beside the series, flagged: another scope or another frame."""
        return tuple(p for p in self.points if not p.comparable)

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
            "frame": self.frame,
            "clause": ind.source.clause,
            "base_year": self.base_year,
            "base_year_origin": self.base_year_origin,
            "points": [p.to_dict() for p in self.points],
            "other_scope_points": len(self.other_scope),
            "milestones": [
                {"target": m.target.model_dump(mode="json", exclude_none=True), **m.assessment.to_dict()}
                for m in self.milestones
            ],
        }


def base_origin(declared: bool, override: bool) -> str:
    """Where the base year in force comes from: 'override' (--base-year), 'plan' or 'default'."""
    return "override" if override else "plan" if declared else "default"


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
        period_start=target.period_start,
    )


def indicator_frame(indicator: Indicator) -> str | None:
    """The frame the targets are set in: declared, else the one before the first break."""
    if indicator.frame is not None:
        return indicator.frame
    return indicator.breaks[0].before if indicator.breaks else None


def frame_of(indicator: Indicator, year: int, stated: str | None) -> str | None:
    """A figure's frame: the one it states, else the one in force in its year."""
    if stated is not None:
        return stated
    frame = indicator_frame(indicator)
    for brk in sorted(indicator.breaks, key=lambda b: b.year):
        if year >= brk.year:
            frame = brk.after
    return frame


def series_end(indicator: Indicator) -> progress.SeriesEnd | None:
    """Where the targets' frame stops being published (a break's `before_ends`), if it does."""
    frame = indicator_frame(indicator)
    ends = [(y, b.after) for b in indicator.breaks if b.before == frame and (y := b.before_ends) is not None]
    return progress.SeriesEnd(*min(ends)) if ends else None


def points_of(
    ds: Dataset, indicator: Indicator, as_of: int | None = None, *, judged_as_of: int | None = None
) -> tuple[Point, ...]:
    """Every figure recorded for the indicator (up to `as_of` when given), by year then scope.

    A figure without a scope measures the indicator's own (the checks refuse that after the
    plan's jurisdiction ended). Only a figure of the scope in force for its year counts
    (`scopes.scope_in_force`: the Department's decision once the territory ended), and, after a
    decision with a series break in force by `judged_as_of`, only from the break on. The
    counted scope comes first within a year.
    """
    own = ds.own_scope(indicator)
    target_frame = indicator_frame(indicator)
    start = scopes.series_start(
        ds.judging_plan(indicator), indicator, judged_as_of if judged_as_of is not None else as_of
    )
    points = []
    for year in sorted(ds.actuals):
        if as_of is not None and year > as_of:
            continue
        in_force = scopes.scope_in_force(ds, indicator, year)
        year_points = []
        for actual in ds.figures(indicator.id, year):
            scope = actual.scope or own
            frame = frame_of(indicator, year, actual.frame)
            year_points.append(
                Point(
                    year=year,
                    value=actual.value,
                    of=actual.of,
                    source=actual.source,
                    source_en=actual.source_en,
                    scope=scope,
                    note=actual.note,
                    in_scope=scope == in_force,
                    frame=frame,
                    in_frame=frame == target_frame,
                    decided=in_force is not None,
                    in_series=start is None or year >= start,
                )
            )
        points += sorted(year_points, key=lambda p: (not p.in_scope, p.scope))
    return tuple(points)


def bounded_projection(a: progress.Assessment, unit: str) -> progress.Assessment:
    """Keep the projected value possible for its unit (a rank cannot go below 1).

    Compound growth happily projects rank 0.21 or a share of 130 %; the bound is shown
    instead, and the unbounded figure stays in the components for whoever redoes the maths.
    """
    rule = vocabulary.UNITS.get(unit)
    low, high = (rule.low, rule.high) if rule else (None, None)
    p = a.projected
    if p is None or not ((low is not None and p < low) or (high is not None and p > high)):
        return a
    bounded = low if low is not None and p < low else high
    return dataclasses.replace(a, projected=bounded, components={**a.components, "projected_unbounded": p})


def assess_indicator(ds: Dataset, indicator: Indicator, as_of: int, base_year: int | None = None) -> IndicatorStatus:
    """Assess every milestone; `base_year` replaces the plan's declared one (sensitivity check)."""
    points = points_of(ds, indicator, judged_as_of=as_of)
    series = [progress.Observation(year=p.year, value=p.value) for p in points if p.comparable]
    left_out = [
        progress.LeftOut(p.year, p.value, p.left_out or "", p.frame if p.left_out == "other_frame" else p.scope)
        for p in points
        if not p.comparable
    ]
    plan = ds.plan()
    used = base_year if base_year is not None else plan.base_year_in_force()
    origin = base_origin(plan.base_year is not None, base_year is not None)
    milestones = tuple(
        Milestone(
            target=t,
            assessment=bounded_projection(
                progress.assess(
                    indicator.direction,
                    engine_target(t),
                    series,
                    as_of,
                    used,
                    left_out=left_out,
                    base_origin=origin,
                    series_end=series_end(indicator),
                ),
                indicator.unit,
            ),
        )
        for t in sorted(indicator.targets, key=lambda t: t.year)
    )
    return IndicatorStatus(
        indicator=indicator,
        scope=ds.own_scope(indicator),
        points=points,
        milestones=milestones,
        base_year=used,
        base_year_origin=origin,
        frame=indicator_frame(indicator),
    )


def assess_dataset(
    ds: Dataset, as_of: int, only: Iterable[str] | None = None, *, base_year: int | None = None
) -> list[IndicatorStatus]:
    """Every indicator (or those in `only`, in the plan's order) assessed as of `as_of`."""
    wanted = set(only) if only is not None else None
    return [
        assess_indicator(ds, ind, as_of, base_year)
        for ind in ds.targets.indicators
        if wanted is None or ind.id in wanted
    ]


def status_counts(statuses: Iterable[IndicatorStatus], milestone: int) -> Counter[str]:
    """How many indicators have each status at one milestone (those without a target there are skipped)."""
    counts: Counter[str] = Counter()
    for st in statuses:
        m = st.milestone(milestone)
        if m is not None:
            counts[m.assessment.status] += 1
    return counts
