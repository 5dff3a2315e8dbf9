"""The pace arithmetic of the progress method: growth rates, the ratio R and its status band.

Pure functions of numbers (no records, no I/O), so that every rate and ratio the CLI prints
can be redone by hand from the base, latest and target figures ``progress.assess`` passes in.
``observed``/``required`` are compound yearly growth rates when ``method == "growth"`` and
slopes in indicator units per year when ``method == "linear"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

from stiplan.engine.approx import ge

Method = Literal["growth", "linear"]

ON_TRACK: Final[float] = 0.95
"""R at or above this: the observed pace reaches the target on time (with slack)."""
ACCELERATE: Final[float] = 0.6
"""R in [ACCELERATE, ON_TRACK): moving the right way, but too slowly."""
DETERIORATE: Final[float] = 0.0
"""R below this: moving away from the target."""


def growth_rate(v1: float, v0: float, t1: int, t0: int) -> float | None:
    """Compound yearly growth (v1/v0)^(1/(t1-t0)) - 1; None where undefined."""
    if t1 == t0 or v0 == 0:
        return None
    q = v1 / v0
    if not q > 0 or not math.isfinite(q):
        return None
    try:
        g = q ** (1.0 / (t1 - t0)) - 1.0
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    return g if math.isfinite(g) else None


def classify_ratio(ratio: float) -> str:
    """Forecast status band for R (limits inclusive, up to float noise)."""
    if math.isnan(ratio):
        raise ValueError("ratio is NaN")
    if ge(ratio, ON_TRACK):
        return "on_track"
    if ge(ratio, ACCELERATE):
        return "needs_acceleration"
    if ge(ratio, DETERIORATE):
        return "limited_progress"
    return "deteriorating"


@dataclass(frozen=True)
class Trend:
    """Pace figures from base to latest, extrapolated to the milestone."""

    method: Method
    s: int
    observed: float
    required: float
    ratio: float
    projected: float | None


def trend_of(d: int, t0: int, y0: float, t: int, yt: float, T: int, tv: float) -> Trend:
    """Compute R by the growth form when base, latest and target share one sign, else linearly.

    A series negative throughout takes the growth form with s = -1 (Open SDG's sdg-build), so
    a series and its mirror image (values negated, direction reversed) get the same R. Only a
    zero or a change of sign needs the linear form. Requires t0 < t <= T. The linear form also
    covers TV == y0 (required pace 0): R is 0 without movement, else +-inf by d * movement.
    """
    s = -1 if y0 < 0 else 1
    if (y0 > 0 and yt > 0 and tv > 0) or (y0 < 0 and yt < 0 and tv < 0):
        observed = growth_rate(yt, y0, t, t0)
        required = growth_rate(tv, y0, T, t0)
        if observed is not None and required is not None and required != 0:
            ratio = d * s * observed / abs(required)
            if math.isfinite(ratio):
                try:
                    projected: float | None = yt * (1.0 + observed) ** (T - t)
                except OverflowError:
                    projected = None
                if projected is not None and not math.isfinite(projected):
                    projected = None
                return Trend("growth", s, observed, required, ratio, projected)
    slope = (yt - y0) / (t - t0)
    required_slope = (tv - y0) / (T - t0)
    if required_slope == 0:
        ratio = 0.0 if slope == 0 else math.copysign(math.inf, d * slope)
    else:
        ratio = d * slope / abs(required_slope)
    projected_lin = yt + slope * (T - t)
    return Trend(
        "linear",
        s,
        slope,
        required_slope,
        ratio,
        projected_lin if math.isfinite(projected_lin) else None,
    )
