"""Figures as people type them: '18', '22.87' and the Vietnamese '22,87'.

The one parser of a typed figure: `record VALUE`, a form's cell typed as text and a CSV cell
all read through it. Standard library only, the rule of `dataformat.float_problem` and the
`Refusal` of `problems` (the words of which are the views').
"""

from __future__ import annotations

import re

from stiplan.dataformat import MAX_MAGNITUDE, float_problem
from stiplan.problems import Refusal, Refused


def parse_value(text: str) -> int | float:
    """A figure as typed: '18' → 18, '22.87' → 22.87, and the Vietnamese '22,87' → 22.87.

    Raises NotANumber (a ValueError) for anything else (thousands separators are refused, since
    '1.234' would be ambiguous between the two styles), BadNumber for a number no figure can be.
    """
    raw = text.strip()
    if re.fullmatch(r"[+-]?\d+", raw):
        if len(raw.lstrip("+-0")) > 19 or abs(int(raw)) > MAX_MAGNITUDE:
            raise BadNumber(text, f"is beyond ±{MAX_MAGNITUDE:.0e}")
        return int(raw)
    if re.fullmatch(r"[+-]?\d+,\d+", raw):
        raw = raw.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", raw):
        raise NotANumber(Refusal("not_a_number", {"text": text}))
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


class NotANumber(Refused, ValueError):
    """Text that is no figure at all ('abc', '1.234,5'): the command says how to write one."""
