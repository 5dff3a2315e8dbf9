"""The data format: which layout of the data files this stiplan reads.

Every data file may say which layout it is written in with a top-level `format: N`; a file
that says nothing is format 1, the layout of the first releases. `FORMAT` is the one place
that names the newest format this stiplan reads. A file of a newer format is refused with a
located error naming both numbers (a newer layout read by an older stiplan would be
misunderstood, or its new fields reported as typos); the Department upgrades stiplan.

When the layout changes, bump `FORMAT`, and either read the older format as it is or give
stiplan a migration that rewrites an old folder (`is_newer` stays the only gate).
"""

from __future__ import annotations

FIELD = "format"
"""The top-level key a data file states its format with."""

FORMAT = 1
"""The newest data format this stiplan reads (and the one it writes)."""

ABSENT = 1
"""The format of a file that states none: the layout before formats were numbered."""


def stated(data: object) -> object:
    """The `format:` a file's top-level mapping states, ABSENT when it states none."""
    if isinstance(data, dict) and FIELD in data:
        return data[FIELD]
    return ABSENT


def is_newer(found: object) -> bool:
    """True when `found` is a format number newer than this stiplan reads. Anything that is
    not a whole number is left to the schema, which says what the field takes."""
    return isinstance(found, int) and not isinstance(found, bool) and found > FORMAT


# --- numbers ---------------------------------------------------------------------------------

MAX_MAGNITUDE = 1e18
"""Larger than any figure a plan holds (a national GDP in đồng is about 1e16)."""


def float_problem(text: str, value: float) -> str | None:
    """Why the float `value`, read from `text`, cannot be a figure (the reason of a `bad-number`),
    or None. The one rule for a YAML scalar, a typed `record VALUE`, a form's cell and a CSV cell:
    finite, within ±MAX_MAGNITUDE, and not a non-zero number so small it became 0 (1e-400)."""
    import math

    if not math.isfinite(value):
        return "is not a finite number"
    if abs(value) > MAX_MAGNITUDE:
        return f"is beyond ±{MAX_MAGNITUDE:.0e}"
    if value == 0 and any(ch in "123456789" for ch in text.lower().split("e")[0]):
        return "is too small to be told from 0"
    return None
