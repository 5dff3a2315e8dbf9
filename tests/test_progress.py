"""Tests for stiplan.engine.progress.

Every expected number is worked out by hand from the inputs (as an explicit
expression or in a comment), never copied from the code's output.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from stiplan.engine.progress import (
    Assessment,
    Observation,
    Target,
    assess,
    is_met,
    resolve_threshold,
)
from stiplan.vocabulary import REASONS, STATUSES


def _left_out(a: Any) -> list[Any]:
    """The figures an assessment kept out of the arithmetic (a list in its components)."""
    left = a.components["left_out"]
    assert isinstance(left, list)
    return left


def obs(pairs: dict[int, float]) -> list[Observation]:
    """Build a series from {year: value}."""
    return [Observation(y, v) for y, v in pairs.items()]


DTI = obs({2020: 55, 2021: 12, 2022: 18})


# --- the real example: DTI provincial rank (lower is better) ----------------


def test_dti_rank_2030_forecast_on_track_with_all_numbers() -> None:
    a = assess("decrease", Target(2030, "rank_within", value=15), DTI, as_of=2026)
    assert a.mode == "forecast"
    assert a.base == Observation(2020, 55)
    assert a.latest == Observation(2022, 18)
    assert a.threshold == 15
    assert a.met is False  # rank 18 is not within the top 15
    assert a.method == "growth"  # 55, 18, 15 all positive
    observed = (18 / 55) ** (1 / 2) - 1  # 2020 -> 2022: two years
    required = (15 / 55) ** (1 / 10) - 1  # 2020 -> 2030: ten years
    assert a.observed_rate == pytest.approx(observed)
    assert a.required_rate == pytest.approx(required)
    expected_r = -1 * observed / abs(required)  # d = -1, s = +1
    assert a.ratio == pytest.approx(expected_r)
    assert 3.4 < expected_r < 3.6  # ~3.5 as stated in the brief
    assert a.status == "on_track"
    assert a.reason is None
    # gap = d*(TV - latest) = -1*(15 - 18) = 3 ranks still to climb
    assert a.gap == pytest.approx(3.0)
    # share covered = (18 - 55)/(15 - 55) = -37/-40 = 0.925
    assert a.share_covered == pytest.approx(37 / 40)
    # required yearly change = (15 - 18)/(2030 - 2022) = -3/8
    assert a.required_yearly_change == pytest.approx(-3 / 8)
    # projected = 18 * (1 + observed)^(2030-2022) = 18 * ((18/55)^(1/2))^8 = 18*(18/55)^4
    assert a.projected == pytest.approx(18 * (18 / 55) ** 4)
    c = a.components
    assert (c["t0"], c["y0"], c["t"], c["yt"], c["T"], c["TV"]) == (2020, 55, 2022, 18, 2030, 15)
    assert (c["d"], c["s"], c["kind"], c["direction"]) == (-1, 1, "rank_within", "decrease")
    assert c["thresholds"] == {"on_track": 0.95, "needs_acceleration": 0.6, "limited_progress": 0.0}


def test_dti_rank_2025_verdict_without_2025_value_is_no_data() -> None:
    a = assess("decrease", Target(2025, "rank_within", value=20), DTI, as_of=2026)
    assert a.mode == "verdict"
    assert a.status == "no_data"
    assert a.reason == "no_value_for_milestone_year"
    assert a.met is None
    assert a.latest is None
    # the latest value that does exist is still reported for context
    assert a.components["latest_available_year"] == 2022
    assert a.components["latest_available_value"] == 18


def test_rank_worsening_is_deteriorating() -> None:
    a = assess("decrease", Target(2030, "rank_within", value=10), obs({2020: 20, 2022: 30}), as_of=2023)
    observed = (30 / 20) ** (1 / 2) - 1  # ~ +0.2247: rank number growing = worse
    required = (10 / 20) ** (1 / 10) - 1  # ~ -0.0670
    assert a.ratio == pytest.approx(-1 * observed / abs(required))  # ~ -3.35
    assert a.status == "deteriorating"
    assert a.gap == pytest.approx(-1 * (10 - 30))  # 20 ranks short


# --- threshold kinds ----------------------------------------------------------


RANGE = Target(2030, "range", min=20, max=30)


def test_range_inside_is_achieved() -> None:
    a = assess("increase", RANGE, obs({2020: 10, 2024: 25}), as_of=2025)
    assert a.threshold == 20  # increase: the lower end is the commitment
    assert (a.status, a.met) == ("target_reached", True)
    assert a.components["exceeds_range"] is False


def test_range_above_max_on_increase_is_still_met_and_flagged() -> None:
    a = assess("increase", RANGE, obs({2020: 10, 2024: 35}), as_of=2025)
    assert (a.status, a.met) == ("target_reached", True)
    assert a.components["exceeds_range"] is True


def test_range_below_is_forecast_against_lower_end() -> None:
    a = assess("increase", RANGE, obs({2020: 10, 2024: 14}), as_of=2025)
    assert a.met is False
    observed = (14 / 10) ** (1 / 4) - 1  # ~0.0878
    required = (20 / 10) ** (1 / 10) - 1  # ~0.0718
    assert a.ratio == pytest.approx(observed / required)  # ~1.22
    assert a.status == "on_track"
    assert a.components["exceeds_range"] is False


def test_range_on_decrease_indicator_uses_upper_end() -> None:
    # "reduce to 5-7 %": reaching 7 fulfils the commitment; going below 5 overshoots.
    t = Target(2030, "range", min=5, max=7)
    assert resolve_threshold("decrease", t, []) == 7
    assert is_met("decrease", t, 7, 7.0) is True
    assert is_met("decrease", t, 7, 7.5) is False
    a = assess("decrease", t, obs({2020: 10, 2024: 4}), as_of=2025)
    assert (a.status, a.components["exceeds_range"]) == ("target_reached", True)


ABOUT = Target(2030, "about", value=50, tolerance=2)


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("increase", 48.5, True),  # |48.5-50| = 1.5 <= 2
        ("increase", 48.0, True),  # |48-50| = 2 <= 2: the floor TV - tol
        ("increase", 47.0, False),  # |47-50| = 3 > 2, and below TV
        ("increase", 60.0, True),  # beyond TV in the good direction
        ("decrease", 52.0, True),  # within tolerance above
        ("decrease", 53.0, False),  # 3 > 2 and on the bad side
        ("decrease", 40.0, True),  # beyond TV in the good (downward) direction
    ],
)
def test_about_is_met(direction: str, value: float, expected: bool) -> None:
    assert is_met(direction, ABOUT, 50, value) is expected  # type: ignore[arg-type]


def test_about_assessments() -> None:
    within = assess("increase", ABOUT, obs({2020: 40, 2024: 48.5}), as_of=2025)
    assert (within.status, within.met) == ("target_reached", True)
    # gap is measured to TV itself: 1*(50 - 48.5) = 1.5 even though met
    assert within.gap == pytest.approx(1.5)
    above = assess("increase", ABOUT, obs({2020: 40, 2024: 60}), as_of=2025)
    assert (above.status, above.met) == ("target_reached", True)
    below = assess("increase", ABOUT, obs({2020: 40, 2024: 47}), as_of=2025)
    assert below.met is False
    # growth form, trend toward TV = 50 (not the floor 48)
    expected = ((47 / 40) ** (1 / 4) - 1) / abs((50 / 40) ** (1 / 10) - 1)
    assert below.ratio == pytest.approx(expected)
    assert below.status == "on_track"  # ~1.79


def test_strict_above_vs_at_least_at_exactly_the_target() -> None:
    above = Target(2030, "above", value=50)
    at_least = Target(2030, "at_least", value=50)
    assert is_met("increase", above, 50, 50.0) is False
    assert is_met("increase", at_least, 50, 50.0) is True
    assert is_met("increase", above, 50, 50.5) is True
    series = obs({2020: 40, 2024: 50})
    assert assess("increase", at_least, series, as_of=2025).status == "target_reached"
    a = assess("increase", above, series, as_of=2025)
    assert a.met is False and a.status != "achieved"


def test_strict_below_vs_at_most_at_exactly_the_target() -> None:
    assert is_met("decrease", Target(2030, "below", value=5), 5, 5.0) is False
    assert is_met("decrease", Target(2030, "at_most", value=5), 5, 5.0) is True
    assert is_met("decrease", Target(2030, "below", value=5), 5, 4.9) is True


def test_comparisons_ignore_float_noise_only() -> None:
    # TV = 0.1 + 0.2 = 0.30000000000000004 in binary floating point; 0.3 meets it.
    t = Target(2030, "increment_over_baseline", value=0.2, baseline_year=2020)
    tv = resolve_threshold("increase", t, obs({2020: 0.1}))
    assert tv is not None and tv != 0.3
    assert is_met("increase", t, tv, 0.3) is True
    assert is_met("increase", t, tv, 0.29) is False


# --- relative targets ------------------------------------------------------------


DOUBLE_2020 = Target(2030, "multiple_of_baseline", factor=2, baseline_year=2020)


def test_multiple_of_baseline_with_baseline_present() -> None:
    a = assess("increase", DOUBLE_2020, obs({2020: 10, 2023: 14}), as_of=2025)
    assert a.threshold == pytest.approx(20)  # 2 * 10
    assert a.components["baseline_value"] == 10
    assert a.base == Observation(2020, 10)
    observed = (14 / 10) ** (1 / 3) - 1  # ~0.1187
    required = (20 / 10) ** (1 / 10) - 1  # ~0.0718
    assert a.ratio == pytest.approx(observed / required)  # ~1.65
    assert a.status == "on_track"


def test_multiple_of_baseline_with_baseline_missing() -> None:
    a = assess("increase", DOUBLE_2020, obs({2021: 12, 2023: 14}), as_of=2025)
    assert (a.status, a.reason) == ("insufficient_data", "baseline_missing")
    assert a.components["baseline_year"] == 2020
    assert a.threshold is None and a.met is None and a.gap is None


def test_relative_target_falls_back_to_indicator_baseline_year() -> None:
    t = Target(2030, "multiple_of_baseline", factor=2)  # no own baseline year
    a = assess("increase", t, obs({2019: 5, 2020: 10, 2023: 14}), as_of=2025, baseline_year=2020)
    assert a.threshold == pytest.approx(20)  # 2 * value in 2020, not 2 * 5
    assert a.base == Observation(2020, 10)
    none = assess("increase", t, obs({2019: 5, 2023: 14}), as_of=2025)
    assert (none.status, none.reason) == ("insufficient_data", "baseline_missing")


def test_verdict_with_milestone_value_but_no_baseline_is_baseline_missing() -> None:
    t = Target(2023, "multiple_of_baseline", factor=2, baseline_year=2020)
    a = assess("increase", t, obs({2021: 12, 2023: 30}), as_of=2025)
    assert (a.mode, a.status, a.reason) == ("verdict", "insufficient_data", "baseline_missing")
    neither = assess("increase", t, obs({2021: 12, 2022: 30}), as_of=2025)
    assert (neither.status, neither.reason) == ("no_data", "no_value_for_milestone_year")


def test_increment_from_zero_baseline_uses_linear_form() -> None:
    t = Target(2030, "increment_over_baseline", value=10, baseline_year=2020)
    a = assess("increase", t, obs({2020: 0, 2023: 2}), as_of=2025)
    assert a.threshold == 10  # 0 + 10
    assert a.method == "linear"  # y0 = 0 rules out the growth form
    observed_slope = (2 - 0) / (2023 - 2020)  # 2/3 per year
    required_slope = (10 - 0) / (2030 - 2020)  # 1 per year
    assert a.observed_rate == pytest.approx(observed_slope)
    assert a.required_rate == pytest.approx(required_slope)
    assert a.ratio == pytest.approx(observed_slope / required_slope)  # 0.667
    assert a.status == "needs_acceleration"
    # linear projection: 2 + (2/3)*(2030-2023) = 2 + 14/3
    assert a.projected == pytest.approx(2 + 14 / 3)
    assert a.gap == pytest.approx(10 - 2)
    assert a.share_covered == pytest.approx((2 - 0) / (10 - 0))
    assert a.required_yearly_change == pytest.approx((10 - 2) / (2030 - 2023))


# --- data gaps ---------------------------------------------------------------------


def test_single_point_is_insufficient_data() -> None:
    a = assess("decrease", Target(2030, "rank_within", value=15), obs({2022: 18}), as_of=2026)
    assert (a.status, a.reason) == ("insufficient_data", "single_point")
    assert a.ratio is None and a.method is None and a.projected is None
    assert a.gap == pytest.approx(3)  # still computable: -1*(15-18)
    assert a.required_yearly_change == pytest.approx((15 - 18) / (2030 - 2022))


def test_single_point_already_meeting_target_is_achieved() -> None:
    a = assess("increase", Target(2030, "at_least", value=5), obs({2023: 5}), as_of=2025)
    assert (a.status, a.reason, a.met) == ("target_reached", None, True)
    assert a.ratio is None


def test_no_data() -> None:
    a = assess("increase", Target(2030, "at_least", value=5), [], as_of=2025)
    assert (a.status, a.reason) == ("no_data", "no_observations")
    assert a.base is None and a.latest is None and a.met is None
    # values only after as_of are not known yet
    later = assess("increase", Target(2030, "at_least", value=5), obs({2026: 3}), as_of=2025)
    assert (later.status, later.reason) == ("no_data", "no_observations")


def test_baseline_later_than_latest() -> None:
    series = obs({2020: 10, 2022: 12, 2024: 15})
    t = Target(2030, "at_least", value=20)
    a = assess("increase", t, series, as_of=2023, baseline_year=2024)
    # As of 2023 the only figures (2020, 2022) are before the base year 2024: none may be used.
    assert a.base is None
    assert (a.status, a.reason) == ("insufficient_data", "no_figure_from_base_year")
    assert [(x.year, x.reason) for x in _left_out(a)] == [
        (2020, "before_base_year"),
        (2022, "before_base_year"),
    ]
    same = assess("increase", t, series, as_of=2023, baseline_year=2022)
    assert (same.status, same.reason) == ("insufficient_data", "single_point")


def test_indicator_baseline_year_absent_falls_back_to_earliest() -> None:
    a = assess(
        "increase", Target(2030, "at_least", value=20), obs({2021: 10, 2023: 12}), as_of=2025, baseline_year=2020
    )
    # No 2020 figure: the base is the first figure after the base year (Open SDG's rule).
    assert a.base == Observation(2021, 10)
    assert a.components["base_rule"] == "first_figure_after_base_year"


def test_observations_after_as_of_are_ignored_for_latest_and_order_is_irrelevant() -> None:
    series = [Observation(2027, 99), Observation(2024, 14), Observation(2020, 10)]
    a = assess("increase", Target(2030, "at_least", value=20), series, as_of=2025)
    assert a.latest == Observation(2024, 14)
    assert a.ratio == pytest.approx(((14 / 10) ** (1 / 4) - 1) / ((20 / 10) ** (1 / 10) - 1))


# --- verdict vs forecast ------------------------------------------------------------


def test_verdict_achieved_and_missed_use_only_the_milestone_year() -> None:
    t = Target(2025, "at_least", value=20)
    # 2025 meets it; 2026 falls back below, which does not matter for the verdict
    hit = assess("increase", t, obs({2020: 10, 2025: 21, 2026: 15}), as_of=2027)
    assert (hit.mode, hit.status, hit.met) == ("verdict", "achieved", True)
    assert hit.latest == Observation(2025, 21)
    assert hit.gap == pytest.approx(20 - 21)  # -1: surplus
    assert hit.share_covered == pytest.approx((21 - 10) / (20 - 10))
    assert hit.required_yearly_change is None and hit.ratio is None
    # 2025 misses it even though 2026 would have met it
    miss = assess("increase", t, obs({2020: 10, 2025: 18, 2026: 25}), as_of=2027)
    assert (miss.status, miss.met) == ("missed", False)
    assert miss.gap == pytest.approx(20 - 18)
    none = assess("increase", t, obs({2020: 10, 2024: 19, 2026: 25}), as_of=2027)
    assert (none.status, none.reason) == ("no_data", "no_value_for_milestone_year")


def test_milestone_in_as_of_year_is_a_forecast() -> None:
    a = assess("increase", Target(2025, "at_least", value=20), obs({2020: 10, 2024: 12}), as_of=2025)
    assert a.mode == "forecast"
    observed = (12 / 10) ** (1 / 4) - 1
    required = (20 / 10) ** (1 / 5) - 1
    assert a.ratio == pytest.approx(observed / required)  # ~0.31
    assert a.status == "limited_progress"
    assert a.required_yearly_change == pytest.approx((20 - 12) / (2025 - 2024))


def test_achieved_so_far_still_reports_the_pace() -> None:
    a = assess("increase", Target(2030, "at_least", value=20), obs({2020: 10, 2024: 25}), as_of=2025)
    assert (a.status, a.met) == ("target_reached", True)  # met by a 2024 figure: not a final verdict before 2030
    assert a.ratio == pytest.approx(((25 / 10) ** (1 / 4) - 1) / ((20 / 10) ** (1 / 10) - 1))


# --- status bands (linear form: y0 = 0, TV = 100 over 10 years = 10/yr required) -----


@pytest.mark.parametrize(
    ("y2022", "expected_r", "status"),
    [
        (19.0, 9.5 / 10, "on_track"),  # R exactly 0.95
        (18.9, 9.45 / 10, "needs_acceleration"),  # just under 0.95
        (12.0, 6 / 10, "needs_acceleration"),  # R exactly 0.6
        (11.9, 5.95 / 10, "limited_progress"),  # just under 0.6
        (0.0, 0.0, "limited_progress"),  # R exactly 0: no movement
        (-2.0, -1 / 10, "deteriorating"),  # slope -1/yr
    ],
)
def test_status_band_boundaries(y2022: float, expected_r: float, status: str) -> None:
    a = assess("increase", Target(2030, "at_least", value=100), obs({2020: 0, 2022: y2022}), as_of=2023)
    assert a.method == "linear"
    assert a.ratio == pytest.approx(expected_r)
    assert a.status == status


def test_target_level_with_base_but_not_met_uses_infinite_or_zero_ratio() -> None:
    t = Target(2030, "above", value=50)
    # y0 = TV = 50, required pace 0; moving down by 1/yr -> R = -inf
    down = assess("increase", t, obs({2020: 50, 2022: 48}), as_of=2023)
    assert down.method == "linear"
    assert down.ratio == -math.inf
    assert down.status == "deteriorating"
    assert down.share_covered is None  # TV == y0
    flat = assess("increase", t, obs({2020: 50, 2022: 50}), as_of=2023)
    assert flat.ratio == 0.0 and flat.status == "limited_progress"


def test_negative_values_use_linear_form() -> None:
    # a balance going from -10 to -4 toward a target of at least 2
    a = assess("increase", Target(2030, "at_least", value=2), obs({2020: -10, 2023: -4}), as_of=2025)
    assert a.method == "linear"
    assert a.ratio == pytest.approx(((-4 + 10) / 3) / abs((2 + 10) / 10))  # 2 / 1.2
    assert a.components["s"] == -1


# --- output and validation ------------------------------------------------------------


def test_to_dict_round_trips_through_json() -> None:
    cases = [
        assess("decrease", Target(2030, "rank_within", value=15), DTI, as_of=2026),
        assess("decrease", Target(2025, "rank_within", value=20), DTI, as_of=2026),
        assess("increase", Target(2030, "above", value=50), obs({2020: 50, 2022: 48}), as_of=2023),  # ratio = -inf
        assess("increase", RANGE, obs({2020: 10, 2024: 35}), as_of=2025),
    ]
    for a in cases:
        d = a.to_dict()
        text = json.dumps(d, allow_nan=False)
        assert json.loads(text) == d
    dti = cases[0].to_dict()
    assert dti["base"] == {"year": 2020, "value": 55}
    assert dti["status"] == "on_track"
    assert cases[2].to_dict()["ratio"] == "-inf"
    components = cases[2].to_dict()["components"]
    assert isinstance(components, dict) and components["ratio"] == "-inf"


def test_statuses_and_reasons_vocabulary() -> None:
    assert STATUSES == (
        "achieved",
        "target_reached",
        "on_track",
        "needs_acceleration",
        "limited_progress",
        "deteriorating",
        "missed",
        "not_assessable",
        "not_comparable",
        "insufficient_data",
        "no_data",
    )
    assert set(REASONS) >= {
        "no_observations",
        "no_value_for_milestone_year",
        "baseline_missing",
        "baseline_after_latest",
        "single_point",
    }


def test_assessment_is_frozen() -> None:
    a = assess("increase", Target(2030, "at_least", value=5), [], as_of=2025)
    assert isinstance(a, Assessment)
    with pytest.raises(AttributeError):
        a.status = "on_track"  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "at_least"},  # no value
        {"kind": "about", "value": 5},  # no tolerance
        {"kind": "range", "min": 5},  # no max
        {"kind": "range", "min": 7, "max": 5},  # min > max
        {"kind": "multiple_of_baseline", "baseline_year": 2020},  # no factor
        {"kind": "rank_within", "value": 0},
        {"kind": "at_least", "value": math.nan},
        {"kind": "bogus", "value": 1},
    ],
)
def test_malformed_targets_are_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Target(2030, **kwargs)  # type: ignore[arg-type]


def test_malformed_arguments_are_rejected() -> None:
    with pytest.raises(ValueError):
        Observation(2020, math.inf)
    with pytest.raises(ValueError):  # duplicate year
        assess("increase", Target(2030, "at_least", value=5), [Observation(2020, 1), Observation(2020, 2)], as_of=2025)
    with pytest.raises(ValueError):  # rank is lower-is-better
        assess("increase", Target(2030, "rank_within", value=5), [], as_of=2025)
    with pytest.raises(ValueError):
        assess("sideways", Target(2030, "at_least", value=5), [], as_of=2025)  # type: ignore[arg-type]
