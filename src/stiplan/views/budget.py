"""The budget paragraph of a report: the plan's funds allocated and disbursed, year by year.

Printed only from figures a source gives (`TargetsFile.budget`); a year with one figure shows
that one, and the share disbursed only where both are known. Nothing recorded: no paragraph
(`budget_paragraph` returns None, and the report marks the place or leaves it out).
"""

from __future__ import annotations

from collections.abc import Sequence

from stiplan import lang as L
from stiplan.lang import Lang, Term, Words
from stiplan.models import BudgetYear, source_text
from stiplan.views.i18n import dates_in_text

WORDS = Words(
    opening=Term("Kinh phí thực hiện Kế hoạch: {years}.", "Funds for the plan: {years}."),
    year=Term("năm {year} {parts} (nguồn: {source})", "{year}: {parts} (source: {source})"),
    allocated=Term("bố trí {amount} triệu đồng", "{amount} million VND allocated"),
    disbursed=Term("giải ngân {amount} triệu đồng", "{amount} million VND disbursed"),
    share=Term("đạt {share} kinh phí bố trí", "{share} of the allocation"),
    comma=Term(", ", ", "),
    years=Term("; ", "; "),
)


def _year(entry: BudgetYear, lang: Lang) -> str:
    parts = []
    if entry.allocated is not None:
        parts.append(WORDS.pick("allocated", lang, amount=L.number(entry.allocated, lang)))
    if entry.disbursed is not None:
        parts.append(WORDS.pick("disbursed", lang, amount=L.number(entry.disbursed, lang)))
    if entry.allocated and entry.disbursed is not None:
        parts.append(WORDS.pick("share", lang, share=L.percent(entry.disbursed / entry.allocated, lang)))
    source = dates_in_text(source_text(entry.source, entry.source_en, lang), lang)
    return WORDS.pick("year", lang, year=entry.year, parts=WORDS.pick("comma", lang).join(parts), source=source)


def budget_paragraph(budget: Sequence[BudgetYear], lang: Lang, *, as_of: int) -> str | None:
    """The report's budget paragraph for the years up to `as_of`, oldest first; None when no
    year up to then is recorded."""
    years = sorted((b for b in budget if b.year <= as_of), key=lambda b: b.year)
    if not years:
        return None
    return WORDS.pick("opening", lang, years=WORDS.pick("years", lang).join(_year(b, lang) for b in years))
