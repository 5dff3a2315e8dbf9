"""Figures as people type them: '18', '22.87' and the Vietnamese '22,87'.

The one parser of a typed figure: `record VALUE`, a form's cell typed as text and a CSV cell
all read through it. Standard library only (and the rule of `dataformat.float_problem`).
"""

from __future__ import annotations

import re

from stiplan.dataformat import MAX_MAGNITUDE, float_problem


def parse_value(text: str) -> int | float:
    """A figure as typed: '18' → 18, '22.87' → 22.87, and the Vietnamese '22,87' → 22.87.

    Raises ValueError for anything else (thousands separators are refused, since '1.234'
    would be ambiguous between the two styles).
    """
    raw = text.strip()
    if re.fullmatch(r"[+-]?\d+", raw):
        if len(raw.lstrip("+-0")) > 19 or abs(int(raw)) > MAX_MAGNITUDE:
            raise BadNumber(text, f"is beyond ±{MAX_MAGNITUDE:.0e}")
        return int(raw)
    if re.fullmatch(r"[+-]?\d+,\d+", raw):
        raw = raw.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", raw):
        raise ValueError(f"{text!r} is not a number (write 22.87 or 22,87)")
    value = float(raw)
    reason = float_problem(raw, value)
    if reason is not None:
        raise BadNumber(text, reason)
    return int(value) if value.is_integer() and "." not in raw and "e" not in raw.lower() else value


class BadNumber(ValueError):
    """A figure written as a number that cannot be one (`dataformat.float_problem`): `bad-number`."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"{text!r} {reason}")
        self.text, self.reason = text, reason
