"""Figures as people type them: '18', '22.87' and the Vietnamese '22,87'.

The one parser of a typed figure: `record VALUE`, a form's cell typed as text and a CSV cell
all read through it. Standard library only.
"""

from __future__ import annotations

import re


def parse_value(text: str) -> int | float:
    """A figure as typed: '18' → 18, '22.87' → 22.87, and the Vietnamese '22,87' → 22.87.

    Raises ValueError for anything else (thousands separators are refused, since '1.234'
    would be ambiguous between the two styles).
    """
    raw = text.strip()
    if re.fullmatch(r"[+-]?\d+", raw):
        return int(raw)
    if re.fullmatch(r"[+-]?\d+,\d+", raw):
        raw = raw.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", raw):
        raise ValueError(f"{text!r} is not a number (write 22.87 or 22,87)")
    value = float(raw)
    return int(value) if value.is_integer() and "." not in raw and "e" not in raw.lower() else value
