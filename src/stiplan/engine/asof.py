"""The date a command judges at: `--as-of YYYY` or `--as-of YYYY-MM-DD`, the same in every command.

A bare year means the plan's reporting cut-off of that year (an annual report under Decree
09/2019/NĐ-CP covers 15/12 of the previous year to 14/12), so `status`, `tasks`, `report` and
`export` judge on one date for the same arguments. The cut-off is plan data; this module only
knows how to apply it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stiplan.models import Plan

_YEAR = re.compile(r"\d{4}")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
YEARS = (1900, 2200)
"""The years an as-of date may fall in: anything else is a typo, not a plan."""

DEFAULT_CUTOFF: tuple[int, int] = (12, 31)
"""Month and day a year ends on for a plan that declares no reporting cut-off."""


def plan_cutoff(plan: Plan) -> tuple[int, int]:
    """(month, day) of the plan's reporting cut-off; DEFAULT_CUTOFF when it declares none."""
    if plan.reporting is None:
        return DEFAULT_CUTOFF
    return plan.reporting.cutoff.month, plan.reporting.cutoff.day


def cutoff_date(plan: Plan, year: int) -> dt.date:
    """The last day of `year`'s reporting period (14/12/YEAR under Decree 09/2019/NĐ-CP)."""
    return AsOf(year).date(plan_cutoff(plan))


@dataclass(frozen=True)
class AsOf:
    """A judging date: a year, and the exact day when one was given."""

    year: int
    day: dt.date | None = None
    """None: the plan's reporting cut-off in `year` (see `date`)."""

    def date(self, cutoff: tuple[int, int] | None = None) -> dt.date:
        """The exact date: the day given, else the cut-off (month, day) of the year."""
        if self.day is not None:
            return self.day
        month, day = cutoff or DEFAULT_CUTOFF
        return dt.date(self.year, month, day)


def parse_as_of(text: str) -> AsOf:
    """'2026' → the 2026 cut-off; '2026-12-20' → that day. ValueError says what is accepted."""
    text = text.strip()
    if _YEAR.fullmatch(text):
        year = int(text)
        if not YEARS[0] <= year <= YEARS[1]:
            raise ValueError(f"{text!r} is not a plausible year (expected {YEARS[0]}–{YEARS[1]})")
        return AsOf(year)
    match = _DATE.fullmatch(text)
    if match:
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise ValueError(f"{text!r} is not a date that exists") from None
        if not YEARS[0] <= day.year <= YEARS[1]:
            raise ValueError(f"{text!r} is not a plausible date (expected a year {YEARS[0]}–{YEARS[1]})")
        return AsOf(day.year, day)
    raise ValueError(f"{text!r} is neither a year (YYYY) nor a date (YYYY-MM-DD)")


def today() -> AsOf:
    """The default: today's date (so the year is the current one)."""
    day = dt.date.today()
    return AsOf(day.year, day)
