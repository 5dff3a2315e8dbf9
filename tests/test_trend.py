"""Tests for stiplan.engine.trend, the pace arithmetic of the progress method.

Expected values are the method's own band limits and rates worked out by hand, never the
code's output; the same arithmetic seen through ``assess`` is tested in test_progress.py.
"""

from __future__ import annotations

import math

import pytest

from stiplan.engine.trend import ACCELERATE, DETERIORATE, ON_TRACK, classify_ratio, growth_rate


def test_classify_ratio_limits_are_inclusive() -> None:
    assert (ON_TRACK, ACCELERATE, DETERIORATE) == (0.95, 0.6, 0.0)
    assert classify_ratio(0.95) == "on_track"
    assert classify_ratio(0.9499) == "needs_acceleration"
    assert classify_ratio(0.6) == "needs_acceleration"
    assert classify_ratio(0.5999) == "limited_progress"
    assert classify_ratio(0.0) == "limited_progress"
    assert classify_ratio(-1e-6) == "deteriorating"
    assert classify_ratio(math.inf) == "on_track"
    assert classify_ratio(-math.inf) == "deteriorating"


def test_growth_rate_helper() -> None:
    assert growth_rate(121, 100, 2022, 2020) == pytest.approx(0.1)  # 1.21^(1/2) - 1
    assert growth_rate(5, 0, 2022, 2020) is None
    assert growth_rate(5, -5, 2022, 2020) is None
    assert growth_rate(5, 5, 2020, 2020) is None
