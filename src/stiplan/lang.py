"""The one way stiplan speaks two languages: keyed word tables read with `pick`, and each
language's style of numbers and dates.

Every word a reader sees is a `Term` (Vietnamese, the plan's language, and English) kept in a
keyed table (`Words`), or a text of the data in both languages (`models.Text` and its kin);
either is read with `.pick(lang)`, which is defined once, in `Bilingual`. How each language
writes a number or a date (22,87 and 01/7/2025 in `vi`, as Decree 30/2020/NĐ-CP asks; 22.87
and 1 July 2025 in `en`) is a `Style`, also kept here. No other module asks which language it
writes in (tests/test_lang.py fails on `lang == "vi"`, a `[lang]` lookup or a `.vi if … else
.en`): a new language is a new column of the tables and a new `Style`, nothing else.

Standard library only: every layer, the vocabulary included, imports it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Final, Literal

Lang = Literal["vi", "en"]
LANGS: Final[tuple[Lang, ...]] = ("vi", "en")
DATA_LANG: Final[Lang] = "vi"
"""The language of a text the data or the settings give as one string (not `{vi: …, en: …}`)."""
"""The languages stiplan writes; Vietnamese, the plan's own, first and the default."""


def other(lang: Lang) -> Lang:
    """The other language (the name of an indicator is shown in both, the chosen one first)."""
    return next(x for x in LANGS if x != lang)


class Bilingual:
    """A text in Vietnamese (`vi`) and English (`en`); subclasses hold the two fields.

    `pick` gives the text in a language, else in the other one (an English title a plan does
    not give falls back to the Vietnamese), else "".
    """

    __slots__ = ()

    def pick(self, lang: Lang) -> str:
        first: str | None = getattr(self, lang)
        if first:
            return first
        return next((text for other in LANGS if (text := getattr(self, other))), "")


@dataclass(frozen=True, slots=True)
class Term(Bilingual):
    """One word, phrase or sentence template in both languages."""

    vi: str
    en: str


class Words(dict[str, Term]):
    """A keyed word table: key → `Term`. `pick(key, lang, **params)` fills a template's
    `{placeholders}` (only when parameters are given, so a word may hold braces)."""

    def pick(self, key: str, lang: Lang, **params: object) -> str:
        text = self[key].pick(lang)
        return text.format(**params) if params else text

    def term(self, key: str, **params: object) -> Term:
        """`key`'s row filled in every language, a `Term` among the parameters picked in the same
        one: a wording built below the views, which a view later picks in the run's language."""
        return Term(
            **{
                lang: self.pick(
                    key, lang, **{k: v.pick(lang) if isinstance(v, Bilingual) else v for k, v in params.items()}
                )
                for lang in LANGS
            }
        )

    def pick_or(self, key: str, lang: Lang) -> str:
        """The word of `key`, or the key itself when the table has none (a code not worded yet)."""
        term = self.get(key)
        return term.pick(lang) if term is not None else key


# --- numbers and dates ----------------------------------------------------------------------

MONTHS_EN: Final[tuple[str, ...]] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Style:
    """How a language writes numbers and dates.

    Date templates take {day} (1), {day2} (01), {mon} (the month, with a leading zero for
    January and February as Decree 30/2020/NĐ-CP asks: 01, 02, 3 … 12), {month} (its name)
    and {year}.
    """

    decimal: str
    thousands: str
    percent: str
    """What follows a percentage: ' %' (vi) or '%' (en)."""
    date: str
    day_month: str
    month_year: str
    long_date: str
    """The date line of an official document ('ngày 15 tháng 01 năm 2026')."""
    blank_date: str
    """The date line of a draft, left to be written in at signing ({year} only)."""


STYLES: Final[dict[Lang, Style]] = {
    "vi": Style(
        decimal=",",
        thousands=".",
        percent=" %",
        date="{day2}/{mon}/{year}",
        day_month="{day2}/{mon}",
        month_year="tháng {mon}/{year}",
        long_date="ngày {day2} tháng {mon} năm {year}",
        blank_date="ngày      tháng      năm {year}",
    ),
    "en": Style(
        decimal=".",
        thousands=",",
        percent="%",
        date="{day} {month} {year}",
        day_month="{day} {month}",
        month_year="{month} {year}",
        long_date="{day} {month} {year}",
        blank_date="…… {year}",
    ),
}


def _date_parts(year: int, month: int, day: int = 1) -> dict[str, object]:
    return {
        "day": day,
        "day2": f"{day:02d}",
        "mon": f"{month:02d}" if month <= 2 else str(month),
        "month": MONTHS_EN[month - 1],
        "year": year,
    }


def date(value: dt.date, lang: Lang) -> str:
    """18/4/2026, 01/7/2025, 15/01/2026 (vi); 18 April 2026 (en)."""
    return STYLES[lang].date.format(**_date_parts(value.year, value.month, value.day))


def day_month(month: int, day: int, lang: Lang) -> str:
    """A day of the year without the year: '14/12', '05/02' (vi) / '14 December' (en)."""
    return STYLES[lang].day_month.format(**_date_parts(2000, month, day))


def month_year(year: int, month: int, lang: Lang) -> str:
    """'tháng 01/2026', 'tháng 7/2023' (vi) / 'January 2026' (en)."""
    return STYLES[lang].month_year.format(**_date_parts(year, month))


def long_date(value: dt.date | None, lang: Lang, year: int) -> str:
    """'ngày 15 tháng 01 năm 2026'; without a day, the blanks a draft leaves for the signing date."""
    if value is None:
        return STYLES[lang].blank_date.format(year=year)
    return STYLES[lang].long_date.format(**_date_parts(value.year, value.month, value.day))


def number(value: float | None, lang: Lang, *, decimals: int | None = None, signed: bool = False) -> str:
    """A number in the language's style; at most two decimals unless `decimals` is given.

    Trailing zeros are dropped when `decimals` is None (0.70 → 0,7; 18.0 → 18); '—' for None,
    '∞' for an infinite value.
    """
    if value is None:
        return "—"
    if math.isinf(value):
        return ("−" if value < 0 else "+" if signed else "") + "∞"
    if decimals is None:
        text = f"{abs(value):,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{abs(value):,.{decimals}f}"
    if text in ("0", "0.00", "0.0") or not text:
        sign = ""
    else:
        sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    style = STYLES[lang]
    text = (text or "0").replace(",", "\0").replace(".", style.decimal).replace("\0", style.thousands)
    return sign + text


def percent(share: float | None, lang: Lang) -> str:
    """A share (0.5) as a percentage in the language's style: 50 % (vi) / 50% (en)."""
    if share is None:
        return "—"
    return number(share * 100, lang, decimals=1) + STYLES[lang].percent


def percent_sign(lang: Lang) -> str:
    """What follows a percentage in the language: ' %' or '%'."""
    return STYLES[lang].percent
