"""Comparisons that count two floats equal up to float noise.

A threshold computed as ``0.1 + 0.2`` must be met by ``0.3``, and a ratio that is 0.95 by
hand must count as "on track"; so the progress method compares thresholds (``progress``) and
the status-band limits (``trend``) with these, never with the bare operators. The tolerance is
float noise only (``math.isclose`` with ``REL_TOL``/``ABS_TOL``), not a substantive margin.
"""

from __future__ import annotations

import math
from typing import Final

REL_TOL: Final[float] = 1e-9
"""Relative tolerance under which two floats count as equal (float noise only)."""
ABS_TOL: Final[float] = 1e-12
"""Absolute tolerance used alongside REL_TOL, for values near zero."""


def close(a: float, b: float) -> bool:
    """Equal up to float noise (not a substantive tolerance)."""
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def ge(a: float, b: float) -> bool:
    """a >= b, or equal up to float noise."""
    return a >= b or close(a, b)


def le(a: float, b: float) -> bool:
    """a <= b, or equal up to float noise."""
    return a <= b or close(a, b)


def gt(a: float, b: float) -> bool:
    """a > b by more than float noise."""
    return a > b and not close(a, b)


def lt(a: float, b: float) -> bool:
    """a < b by more than float noise."""
    return a < b and not close(a, b)
