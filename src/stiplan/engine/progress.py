"""Progress assessment of one indicator against one milestone target.

Implements the Open SDG / Statistics Canada progress measure: a target is
resolved to a threshold value TV, a past milestone gets a verdict on that
year's value, and a future milestone gets a forecast status from the ratio R
of the observed pace to the pace required to reach TV on time. This module
holds the records, what meeting a target means and ``assess``; the pace
arithmetic (growth rates, R, the status bands) is in ``trend``, and the
float-noise comparisons in ``approx``.

The module is pure (standard library only, no I/O, no global state) so that
every number the CLI prints can be recomputed from the inputs it is given;
``Assessment.components`` carries each intermediate value for that purpose.

Conventions chosen here (see the docstrings for the reasons):

* ``observed_rate``/``required_rate`` are compound yearly growth rates when
  ``method == "growth"`` and slopes in indicator units per year when
  ``method == "linear"`` (see ``trend``).
* Comparisons against a threshold, and against the status-band limits, treat
  values equal up to float noise (``approx``: ``math.isclose`` with
  ``REL_TOL``/``ABS_TOL``) as equal, so a threshold computed as ``0.1 + 0.2``
  is met by ``0.3`` and a ratio that is 0.95 by hand is "on_track".
* ``Assessment.to_dict`` writes infinite floats as the strings ``"inf"`` and
  ``"-inf"`` (the sign matters: R = -inf means "moving away from a target that
  was level with the base"), and NaN as ``None``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from stiplan import vocabulary
from stiplan.engine.approx import ge, gt, le, lt
from stiplan.engine.trend import ACCELERATE, DETERIORATE, ON_TRACK, Method, Trend, classify_ratio, trend_of
from stiplan.vocabulary import Direction, TargetKind

Mode = Literal["verdict", "forecast"]

# --- constants -------------------------------------------------------------

TARGET_KINDS: Final[tuple[str, ...]] = get_args(TargetKind)


# --- inputs ----------------------------------------------------------------


def _require_finite(name: str, x: float | None) -> None:
    """Reject NaN/inf early: they would silently poison every comparison."""
    if x is not None and not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {x!r}")


@dataclass(frozen=True)
class Target:
    """One milestone commitment of an indicator, as written in the plan.

    Validated on construction so that ``assess`` never meets a target it
    cannot interpret (a malformed target is a plan-encoding error, not data).
    """

    year: int
    kind: TargetKind
    value: float | None = None
    tolerance: float | None = None
    min: float | None = None
    max: float | None = None
    factor: float | None = None
    baseline_year: int | None = None
    period_start: int | None = None

    def __post_init__(self) -> None:
        """Check that the fields the kind needs are present and sane."""
        if self.kind not in TARGET_KINDS:
            raise ValueError(f"unknown target kind {self.kind!r}")
        for name in ("value", "tolerance", "min", "max", "factor"):
            _require_finite(name, getattr(self, name))
        if "value" in vocabulary.KINDS[self.kind].needs and self.value is None:
            raise ValueError(f"target kind {self.kind!r} needs 'value'")
        if self.kind == "about" and (self.tolerance is None or self.tolerance < 0):
            raise ValueError("target kind 'about' needs a tolerance >= 0")
        if self.kind == "rank_within" and self.value is not None and self.value <= 0:
            raise ValueError("rank_within needs a positive N")
        if self.kind in ("range", "average_growth_range"):
            if self.min is None or self.max is None:
                raise ValueError(f"target kind {self.kind!r} needs 'min' and 'max'")
            if self.min > self.max:
                raise ValueError("range target has min > max")
        if self.kind == "multiple_of_baseline" and self.factor is None:
            raise ValueError("target kind 'multiple_of_baseline' needs 'factor'")
        if self.kind in vocabulary.PERIOD_KINDS and (self.period_start is None or self.period_start > self.year):
            raise ValueError(f"target kind {self.kind!r} needs a period_start no later than its year")


@dataclass(frozen=True)
class Observation:
    """One actual value of the indicator for one year."""

    year: int
    value: float

    def __post_init__(self) -> None:
        """Reject non-finite values: a gap must be absent, never NaN."""
        _require_finite("value", self.value)


@dataclass(frozen=True)
class LeftOut:
    """A recorded figure kept out of the arithmetic, and why (a code of vocabulary.LEFT_OUT).

    The caller leaves out figures of another scope or across a series break; the engine
    itself leaves out figures before the base year. All are listed in the components.
    """

    year: int
    value: float
    reason: str
    detail: str | None = None


@dataclass(frozen=True)
class SeriesEnd:
    """The comparable series stops: its frame's last published year and the frame that follows.

    A target whose milestone comes after ``year`` can no longer be judged on a comparable
    figure (a ranking no longer published); the figures of ``successor`` are another frame.
    """

    year: int
    successor: str | None = None


# --- output ----------------------------------------------------------------


def _json_float(x: float) -> float | str | None:
    """Map a float to JSON: finite as is, +-inf as "inf"/"-inf", NaN as None."""
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _jsonable(x: object) -> object:
    """Recursively convert a components value into JSON-safe primitives."""
    if isinstance(x, bool) or x is None or isinstance(x, (int, str)):
        return x
    if isinstance(x, float):
        return _json_float(x)
    if isinstance(x, Observation):
        return {"year": x.year, "value": _json_float(float(x.value))}
    if isinstance(x, LeftOut):
        return {"year": x.year, "value": _json_float(float(x.value)), "reason": x.reason, "detail": x.detail}
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    return str(x)


@dataclass(frozen=True)
class Assessment:
    """Result of assessing one indicator against one milestone.

    ``latest`` is the observation the status is judged on: the milestone-year
    value for a verdict, the latest value at or before ``as_of`` for a
    forecast (``components["latest_available_*"]`` always holds the latter).
    """

    milestone: int
    mode: Mode
    status: str
    reason: str | None
    met: bool | None
    threshold: float | None
    base: Observation | None
    latest: Observation | None
    ratio: float | None
    method: Method | None
    observed_rate: float | None
    required_rate: float | None
    gap: float | None
    share_covered: float | None
    required_yearly_change: float | None
    projected: float | None
    components: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """JSON-serialisable copy (inf -> "inf"/"-inf", NaN -> None)."""
        return {
            "milestone": self.milestone,
            "mode": self.mode,
            "status": self.status,
            "reason": self.reason,
            "met": self.met,
            "threshold": _jsonable(self.threshold),
            "base": _jsonable(self.base),
            "latest": _jsonable(self.latest),
            "ratio": _jsonable(self.ratio),
            "method": self.method,
            "observed_rate": _jsonable(self.observed_rate),
            "required_rate": _jsonable(self.required_rate),
            "gap": _jsonable(self.gap),
            "share_covered": _jsonable(self.share_covered),
            "required_yearly_change": _jsonable(self.required_yearly_change),
            "projected": _jsonable(self.projected),
            "components": _jsonable(self.components),
        }


# --- small pure helpers ----------------------------------------------------


def direction_sign(direction: Direction) -> int:
    """d = +1 for increase, -1 for decrease; rejects anything else."""
    if direction == "increase":
        return 1
    if direction == "decrease":
        return -1
    raise ValueError(f"direction must be 'increase' or 'decrease', got {direction!r}")


def check_compatible(direction: Direction, target: Target) -> None:
    """Refuse kind/direction pairs whose R would reward the wrong movement."""
    direction_sign(direction)
    wanted = vocabulary.KIND_DIRECTION.get(target.kind)
    if wanted is not None and wanted != direction:
        raise ValueError(f"target kind {target.kind!r} requires direction {wanted!r}, got {direction!r}")


def base_year_for(target: Target, baseline_year: int | None) -> int | None:
    """The base year in force: the target's own, else the indicator's."""
    return target.baseline_year if target.baseline_year is not None else baseline_year


def _index(series: Sequence[Observation]) -> dict[int, Observation]:
    """Year -> observation; a repeated year is a caller bug, so it is refused."""
    by_year: dict[int, Observation] = {}
    for obs in series:
        if obs.year in by_year:
            raise ValueError(f"more than one observation for year {obs.year}")
        by_year[obs.year] = obs
    return by_year


def resolve_threshold(
    direction: Direction,
    target: Target,
    series: Sequence[Observation],
    baseline_year: int | None = None,
) -> float | None:
    """Threshold TV of the target; None when the baseline value it needs is absent.

    For a range, TV is the end reached first in the good direction (``min``
    for increase, ``max`` for decrease): that end is the commitment.
    """
    d = direction_sign(direction)
    kind = target.kind
    if kind == "range":
        assert target.min is not None and target.max is not None
        return target.min if d > 0 else target.max
    if kind in vocabulary.GROWTH_KINDS:
        year = base_year_for(target, baseline_year)
        used = sorted((o for o in series if year is None or o.year >= year), key=lambda o: o.year)
        return growth_threshold(direction, target, used[0] if used else None)
    if kind in vocabulary.RELATIVE_KINDS:
        year = base_year_for(target, baseline_year)
        base = _index(series).get(year) if year is not None else None
        if base is None:
            return None
        if kind == "multiple_of_baseline":
            assert target.factor is not None
            return target.factor * base.value
        assert target.value is not None
        return base.value + target.value
    assert target.value is not None
    return target.value


def committed_rate(direction: Direction, target: Target) -> float:
    """The yearly rate an average-growth target commits to, as a fraction: its value, or for a
    range the end reached first in the good direction (16 of '16–18%/năm' when higher is better)."""
    if target.kind == "average_growth_range":
        assert target.min is not None and target.max is not None
        rate = target.min if direction_sign(direction) > 0 else target.max
    else:
        assert target.value is not None
        rate = target.value
    return rate / 100


def growth_threshold(direction: Direction, target: Target, base: Observation | None) -> float | None:
    """TV of an average-growth target: the implied path y0 · (1 + r)^(T − t0) at the target year.

    The required compound rate from the base to TV is then r itself, so the ratio R of the
    method is the observed compound rate over the plan's rate. None without a positive base (a
    rate of growth of zero or of a negative value means nothing).
    """
    if base is None or base.value <= 0 or base.year >= target.year:
        return None
    return base.value * (1 + committed_rate(direction, target)) ** (target.year - base.year)


def is_met(direction: Direction, target: Target, threshold: float, value: float) -> bool:
    """Whether ``value`` satisfies ``target`` whose threshold resolved to ``threshold``.

    ``above``/``below`` are strict (exactly at TV is not met); ``about`` is met
    within the tolerance or anywhere beyond TV in the good direction; range,
    multiple and increment targets are met at TV or beyond in the good direction.
    """
    d = direction_sign(direction)
    kind = target.kind
    if kind == "at_least":
        return ge(value, threshold)
    if kind == "above":
        return gt(value, threshold)
    if kind in ("at_most", "rank_within"):
        return le(value, threshold)
    if kind == "below":
        return lt(value, threshold)
    if kind == "about":
        assert target.tolerance is not None
        return le(abs(value - threshold), target.tolerance) or d * (value - threshold) > 0
    # range, multiple_of_baseline, increment_over_baseline
    return ge(d * value, d * threshold)


def exceeds_range(direction: Direction, target: Target, value: float) -> bool | None:
    """True when a range target is overshot in the good direction (still met)."""
    if target.kind != "range":
        return None
    assert target.min is not None and target.max is not None
    if direction_sign(direction) > 0:
        return gt(value, target.max)
    return lt(value, target.min)


# --- main entry ------------------------------------------------------------


def _base_of(used: Sequence[Observation], base_year: int | None) -> tuple[Observation | None, str | None]:
    """Open SDG's rule: the figure of the base year, else the first figure after it."""
    if not used:
        return None, None
    if base_year is None:
        return used[0], "earliest_observation"
    return used[0], "base_year_figure" if used[0].year == base_year else "first_figure_after_base_year"


def assess(
    direction: Direction,
    target: Target,
    series: Sequence[Observation],
    as_of: int,
    baseline_year: int | None = None,
    *,
    left_out: Sequence[LeftOut] = (),
    base_origin: str = "plan",
    series_end: SeriesEnd | None = None,
) -> Assessment:
    """Assess ``series`` (the comparable figures only) against ``target`` as of year ``as_of``.

    The base year in force is the target's own ``baseline_year``, else ``baseline_year`` (the
    plan's declared base year), or ``baseline_year`` for every target when ``base_origin`` is
    "override" (a sensitivity check). Figures
    before it are left out of the arithmetic and listed; with no base year at all the earliest
    figure is the base. ``left_out`` lists the figures the caller kept out (another scope, the
    other side of a series break): they never enter the arithmetic, but when they are all there
    is the status is "not_comparable" rather than "no_data".

    A milestone before ``as_of`` gets a verdict on that year's figure only; otherwise a figure
    of the milestone year gives a direct verdict, a target met by an earlier figure is
    "target_reached" (not a final "achieved"), and else a forecast from the base-to-latest
    pace. Raises ValueError only for malformed arguments (bad direction, kind/direction
    conflict, duplicate years); any data situation yields a status, with a reason code when
    the data do not allow a judgement.

    ``series_end``: the comparable series is no longer published after its year. A milestone
    later than that is "not_assessable" (reason "series_ended"), neither forecast nor left
    "no data": no comparable figure can ever judge it. The trend of the last comparable figures
    is kept in ``components["reference"]`` for reference only, and the number of figures of the
    frame that follows in ``components["successor_figures"]``.
    """
    d = direction_sign(direction)
    check_compatible(direction, target)
    by_year = _index(series)
    ordered = sorted(by_year.values(), key=lambda o: o.year)
    T = target.year
    mode: Mode = "verdict" if as_of > T else "forecast"
    if base_origin == "override" and baseline_year is not None:
        # A sensitivity check moves the trend's base for every target; a relative target's
        # threshold still reads its own baseline year.
        base_year: int | None = baseline_year
        origin: str | None = "override"
    else:
        base_year = base_year_for(target, baseline_year)
        origin = "target" if target.baseline_year is not None else (base_origin if baseline_year is not None else None)
    known = [o for o in ordered if o.year <= as_of]
    before_base = [o for o in known if base_year is not None and o.year < base_year]
    used = [o for o in known if base_year is None or o.year >= base_year]
    latest_available = known[-1] if known else None
    base, base_rule = _base_of(used, base_year)
    baseline_obs = by_year.get(target.baseline_year) if target.baseline_year is not None else None
    tv = (
        growth_threshold(direction, target, base)
        if target.kind in vocabulary.GROWTH_KINDS
        else resolve_threshold(direction, target, series, baseline_year)
    )
    dropped = [LeftOut(o.year, o.value, "before_base_year") for o in before_base]
    dropped += sorted((x for x in left_out if x.year <= as_of), key=lambda x: x.year)

    comp: dict[str, object] = {
        "kind": target.kind,
        "direction": direction,
        "d": d,
        "s": None,
        "as_of": as_of,
        "mode": mode,
        "T": T,
        "TV": tv,
        "value": target.value,
        "tolerance": target.tolerance,
        "min": target.min,
        "max": target.max,
        "factor": target.factor,
        "increment": target.value if target.kind == "increment_over_baseline" else None,
        "rate": committed_rate(direction, target) if target.kind in vocabulary.GROWTH_KINDS else None,
        "base_year": base_year,
        "base_year_origin": origin,
        "baseline_year": target.baseline_year,
        "baseline_value": baseline_obs.value if baseline_obs is not None else None,
        "base_rule": base_rule,
        "t0": base.year if base is not None else None,
        "y0": base.value if base is not None else None,
        "t": None,
        "yt": None,
        "latest_available_year": latest_available.year if latest_available else None,
        "latest_available_value": latest_available.value if latest_available else None,
        "left_out": dropped,
        "method": None,
        "observed_rate": None,
        "required_rate": None,
        "ratio": None,
        "exceeds_range": None,
        "thresholds": {
            "on_track": ON_TRACK,
            "needs_acceleration": ACCELERATE,
            "limited_progress": DETERIORATE,
        },
    }

    def result(
        status: str,
        reason: str | None = None,
        *,
        met: bool | None = None,
        judged: Observation | None = None,
        trend: Trend | None = None,
    ) -> Assessment:
        """Assemble the Assessment, deriving gap/share/required change/projection."""
        gap = share = ryc = None
        if judged is not None and tv is not None:
            comp["t"], comp["yt"] = judged.year, judged.value
            gap = d * (tv - judged.value)
            if base is not None and base.year <= judged.year and tv != base.value:
                share = (judged.value - base.value) / (tv - base.value)
            if mode == "forecast" and judged.year < T:
                ryc = (tv - judged.value) / (T - judged.year)
            comp["exceeds_range"] = exceeds_range(direction, target, judged.value)
        if trend is not None:
            comp.update(
                s=trend.s,
                method=trend.method,
                observed_rate=trend.observed,
                required_rate=trend.required,
                ratio=trend.ratio,
            )
        return Assessment(
            milestone=T,
            mode=mode,
            status=status,
            reason=reason,
            met=met,
            threshold=tv,
            base=base,
            latest=judged,
            ratio=trend.ratio if trend else None,
            method=trend.method if trend else None,
            observed_rate=trend.observed if trend else None,
            required_rate=trend.required if trend else None,
            gap=gap,
            share_covered=share,
            required_yearly_change=ryc,
            projected=trend.projected if trend else None,
            components=comp,
        )

    def missing(years: Sequence[int] | None) -> Assessment:
        """No comparable figure: "not comparable" when the left-out ones are all there is."""
        others = [x for x in left_out if x.year <= as_of and (years is None or x.year in years)]
        if not others:
            return result("no_data", "no_value_for_milestone_year" if years is not None else "no_observations")
        only_frame = all(x.reason == "other_frame" for x in others)
        return result("not_comparable", "other_frame_only" if only_frame else "other_scope_only")

    if series_end is not None and series_end.year < T:
        return _series_ended(d, target, used, base, tv, series_end, left_out, as_of, result, comp)

    if target.kind in vocabulary.PERIOD_KINDS:
        return _period(direction, target, known, as_of, result, missing, comp)

    at_T = by_year.get(T) if as_of >= T else None
    if mode == "verdict" or at_T is not None:
        # A passed milestone, or a figure of the milestone year itself: a direct verdict.
        if at_T is None:
            return missing([T])
        if tv is None:
            return result("insufficient_data", "baseline_missing")
        met = is_met(direction, target, tv, at_T.value)
        return result("achieved" if met else "missed", met=met, judged=at_T)

    # Forecast.
    if not known:
        return missing(None)
    if tv is None:
        return result("insufficient_data", "baseline_missing")
    if base is None:
        return result("insufficient_data", "no_figure_from_base_year")
    latest = used[-1]
    met = is_met(direction, target, tv, latest.value)
    trend: Trend | None = None
    gap_reason: str | None = None
    if base.year == latest.year:
        gap_reason = "single_point"
    else:
        trend = trend_of(d, base.year, base.value, latest.year, latest.value, T, tv)
        if math.isnan(trend.ratio):
            gap_reason, trend = "not_computable", None
    if met:
        return result("target_reached", met=True, judged=latest, trend=trend)
    if trend is None:
        return result("insufficient_data", gap_reason, met=False, judged=latest)
    return result(classify_ratio(trend.ratio), met=False, judged=latest, trend=trend)


def _series_ended(
    d: int,
    target: Target,
    used: Sequence[Observation],
    base: Observation | None,
    tv: float | None,
    end: SeriesEnd,
    left_out: Sequence[LeftOut],
    as_of: int,
    result: Callable[..., Assessment],
    comp: dict[str, object],
) -> Assessment:
    """'not_assessable': the milestone comes after the last year of the comparable series.

    The last comparable pace (base to latest figure, as a forecast would compute it) is kept in
    the components under "reference", never as the assessment's own ratio or projection, so
    that no output can present it as a forecast.
    """
    successor = [x for x in left_out if x.reason == "other_frame" and x.detail == end.successor and x.year <= as_of]
    comp.update(series_end=end.year, successor_frame=end.successor, successor_figures=len(successor))
    latest = used[-1] if used else None
    reference: dict[str, object] | None = None
    if base is not None and latest is not None and tv is not None and base.year < latest.year:
        trend = trend_of(d, base.year, base.value, latest.year, latest.value, target.year, tv)
        if not math.isnan(trend.ratio):
            reference = {
                "t0": base.year,
                "y0": base.value,
                "t": latest.year,
                "yt": latest.value,
                "method": trend.method,
                "observed_rate": trend.observed,
                "required_rate": trend.required,
                "ratio": trend.ratio,
            }
    comp["reference"] = reference
    return result("not_assessable", "series_ended")


def _period(
    direction: Direction,
    target: Target,
    known: Sequence[Observation],
    as_of: int,
    result: Callable[..., Assessment],
    missing: Callable[[Sequence[int] | None], Assessment],
    comp: dict[str, object],
) -> Assessment:
    """A target over the years period_start..year: an average over the period, or a level kept
    every year of it. Only the comparable figures of those years count.

    average_over_period: with every year's figure in (the milestone passed, or its year's figure
    recorded), the mean meets the value or not. Before that the running mean is the series: met
    already → 'target_reached'; else the method's ratio R on the running mean from its first to
    its latest year, against the value at the target year.
    keep_at_least / keep_above / keep_at_most / keep_below: a year that falls short breaks the commitment for good
    ('missed'); every year recorded and met once the period is over → 'achieved'; before that,
    every year so far met → 'on_track'. A year without a figure is listed, never assumed.
    """
    assert target.period_start is not None and target.value is not None
    d = direction_sign(direction)
    start, T, tv = target.period_start, target.year, target.value
    years = list(range(start, T + 1))
    inside = [o for o in known if start <= o.year <= T]
    due = [y for y in years if y <= as_of]
    absent = [y for y in due if y not in {o.year for o in inside}]
    comp.update(period_start=start, period_years=len(years), period_missing=absent)
    if not inside:
        return missing(due or None)
    complete = not [y for y in years if y not in {o.year for o in inside}]
    if target.kind == "average_over_period":
        mean = sum(o.value for o in inside) / len(inside)
        sums = list(itertools.accumulate(o.value for o in inside))
        running = [Observation(o.year, sums[k] / (k + 1)) for k, o in enumerate(inside)]
        comp.update(period_mean=mean)
        latest = running[-1]
        if complete:
            met = ge(d * mean, d * tv)
            return result("achieved" if met else "missed", met=met, judged=latest)
        if as_of > T:
            return result("insufficient_data", "period_incomplete", judged=latest)
        if ge(d * mean, d * tv):
            return result("target_reached", met=True, judged=latest)
        if len(running) < 2:
            return result("insufficient_data", "single_point", met=False, judged=latest)
        trend = trend_of(d, running[0].year, running[0].value, latest.year, latest.value, T, tv)
        if math.isnan(trend.ratio):
            return result("insufficient_data", "not_computable", met=False, judged=latest)
        return result(classify_ratio(trend.ratio), met=False, judged=latest, trend=trend)
    strict = target.kind in ("keep_above", "keep_below")
    short = [o for o in inside if not (gt(d * o.value, d * tv) if strict else ge(d * o.value, d * tv))]
    comp.update(period_short=[o.year for o in short])
    if short:
        return result("missed", met=False, judged=short[0])
    if complete:
        return result("achieved", met=True, judged=inside[-1])
    if as_of > T:
        return result("insufficient_data", "period_incomplete", judged=inside[-1])
    return result("on_track", met=True, judged=inside[-1])
