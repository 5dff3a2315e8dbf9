"""Dates as people type them, and the date a command judges at, the same in every command.

One parser reads every date an option or a form cell gives: ISO (2026-12-20), the Vietnamese
day/month/year (20/12/2026) and, where the caller allows it, `today`. A judging date
(`--as-of`) may also be a bare year, which means the plan's reporting cut-off of that year (an
annual report under Decree 09/2019/NĐ-CP covers 15/12 of the previous year to 14/12), so
`status`, `tasks`, `report` and `export` judge on one date for the same arguments. The cut-off
is plan data; this module only knows how to apply it. Standard library only: `stiplan --help`
imports it, so a date it refuses is a key and its parameters (`BadDate`), which the command
words in its language (`views.usage.USAGE`), never prose of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from stiplan.models import Plan

_YEAR = re.compile(r"\d{4}")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
YEARS: Final[tuple[int, int]] = (1900, 2200)
"""The years a typed date may fall in: anything else is a typo, not a plan."""
EXAMPLES: Final[tuple[str, str]] = ("2026-12-20", "20/12/2026")
"""A date as it may be written (ISO, day/month/year), as every message about a date shows it."""
FORMS: Final[str] = f"{EXAMPLES[0]} or {EXAMPLES[1]}"
"""How a date may be written, as an option's help says it."""

DEFAULT_CUTOFF: Final[tuple[int, int]] = (12, 31)
"""Month and day a year ends on for a plan that declares no reporting cut-off."""


def parse_day(text: str, *, today: dt.date | None = None) -> dt.date:
    """'2026-12-20' or '20/12/2026'; 'today' too when `today` is given (the caller's clock,
    so this stays a pure function). BadDate (a ValueError) otherwise."""
    value = _day(text, today)
    if value is None:
        raise BadDate("date_not_a_date_or_today" if today is not None else "date_not_a_date", text)
    return value


class BadDate(ValueError):
    """A date or judging year refused: `key` is a key of the usage words (`views.usage.USAGE`)
    and `params` what they are built from (the text as typed, the examples, the plausible years);
    the exception's own text is the key."""

    def __init__(self, key: str, text: str) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, object] = {
            "text": text,
            "iso": EXAMPLES[0],
            "dmy": EXAMPLES[1],
            "first": YEARS[0],
            "last": YEARS[1],
        }


def _day(text: str, today: dt.date | None) -> dt.date | None:
    """The date `text` writes; None when it is not written as a date at all; BadDate for a
    date the calendar lacks (31/2/2025) or an implausible year."""
    raw = text.strip()
    if today is not None and raw.casefold() == "today":
        return today
    iso, dmy = _ISO.fullmatch(raw), _DMY.fullmatch(raw)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif dmy:
        day, month, year = (int(g) for g in dmy.groups())
    else:
        return None
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise BadDate("date_not_existing", text) from None
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise BadDate("date_implausible", text)
    return value


@dataclass(frozen=True)
class AsOf:
    """A judging date: a year, and the exact day when one was given."""

    year: int
    day: dt.date | None = None
    """None: the plan's reporting cut-off in `year` (see `on`)."""

    def on(self, plan: Plan | None) -> dt.date:
        """The day judged on: the day given, else the plan's reporting cut-off of the year."""
        return self.day if self.day is not None else cutoff_date(plan, self.year)


def parse_as_of(text: str, *, today: dt.date | None = None) -> AsOf:
    """'2026' → the 2026 cut-off; a date (`parse_day`) → that day. BadDate (a ValueError) otherwise."""
    raw = text.strip()
    if _YEAR.fullmatch(raw):
        year = int(raw)
        if not YEARS[0] <= year <= YEARS[1]:
            raise BadDate("year_implausible", text)
        return AsOf(year)
    day = _day(raw, today)
    if day is None:
        raise BadDate("as_of_not_a_date_or_today" if today is not None else "as_of_not_a_date", text)
    return AsOf(day.year, day)


def today() -> AsOf:
    """The default judging date: today (so the year is the current one)."""
    day = dt.date.today()
    return AsOf(day.year, day)


def plan_cutoff(plan: Plan | None) -> tuple[int, int]:
    """(month, day) of the plan's reporting cut-off; DEFAULT_CUTOFF when it declares none."""
    if plan is None or plan.reporting is None:
        return DEFAULT_CUTOFF
    return plan.reporting.cutoff.month, plan.reporting.cutoff.day


def cutoff_date(plan: Plan | None, year: int) -> dt.date:
    """The last day of `year`'s reporting period (14/12/YEAR under Decree 09/2019/NĐ-CP)."""
    month, day = plan_cutoff(plan)
    return dt.date(year, month, day)


def reporting_period(plan: Plan, year: int) -> tuple[dt.date, dt.date]:
    """First and last day a `year` report covers: the day after last year's cut-off to this one's."""
    return cutoff_date(plan, year - 1) + dt.timedelta(days=1), cutoff_date(plan, year)
