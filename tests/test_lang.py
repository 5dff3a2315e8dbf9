"""One language mechanism: keyed word tables read with `pick(lang)` (`stiplan.lang`), and no
module that asks which language it writes in.

A new language is then a new column of the tables and a new `Style`; an `if lang == "vi"`
anywhere else would be a place it silently falls back to English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stiplan import lang as L
from stiplan import vocabulary as V
from stiplan.lang import Term, Words

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "stiplan"

INLINE_BRANCH = re.compile(
    r"""\b(lang|lng)\s*[!=]=\s*["']"""  # lang == "vi"
    r"""|\bis\s+Lang\.(vi|en)\b"""  # lang is Lang.vi
    r"""|\[\s*(lang|lng)(\.value)?\s*\]"""  # table[lang]
    r"""|\.vi\s+if\b.*\belse\b.*\.en\b|\.en\s+if\b.*\belse\b.*\.vi\b"""  # x.vi if … else x.en
)


def branches(text: str) -> list[str]:
    return [f"{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1) if INLINE_BRANCH.search(line)]


def test_no_module_but_lang_branches_on_the_language() -> None:
    found = {
        str(path.relative_to(PACKAGE)): hits
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "lang.py" or path.parent != PACKAGE
        if (hits := branches(path.read_text(encoding="utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize(
    "line",
    [
        'return vi if lang == "vi" else en',
        "if lng != 'en':",
        "name = a.name.vi if lang is Lang.vi else a.name.en",
        "word = LABELS[lang]",
        "word = LABELS[lang.value]",
        "x = ind.name.en if english else ind.name.vi",
    ],
)
def test_the_rule_bites(line: str) -> None:
    assert branches(line)


def test_a_word_that_is_not_a_branch_passes() -> None:
    # The clerk's form is Vietnamese whatever --lang says: naming the field is not a branch.
    assert not branches("collector = back_to.name.vi if back_to else fallback")
    assert not branches('slang = "vi"')


def test_pick_fills_a_template_and_falls_back_to_the_other_language() -> None:
    words = Words(late=Term("Trễ hạn {n} năm", "{n} years late"), only_vi=Term("Chỉ có tiếng Việt", ""))
    assert words.pick("late", "vi", n=2) == "Trễ hạn 2 năm"
    assert words.pick("late", "en", n=2) == "2 years late"
    assert words.pick("only_vi", "en") == "Chỉ có tiếng Việt"  # an English text the source lacks
    assert Words(braces=Term("{x}", "{x}")).pick("braces", "en") == "{x}"  # no parameters: as written
    assert words.pick_or("unknown_code", "en") == "unknown_code"


def test_each_language_writes_dates_and_numbers_its_own_way() -> None:
    import datetime as dt

    # Decree 30/2020/NĐ-CP: a leading zero for days below 10 and for months 1 and 2.
    assert L.date(dt.date(2025, 7, 1), "vi") == "01/7/2025"
    assert L.date(dt.date(2026, 1, 15), "vi") == "15/01/2026"
    assert L.date(dt.date(2025, 7, 1), "en") == "1 July 2025"
    assert L.number(22.87, "vi") == "22,87"
    assert L.number(22.87, "en") == "22.87"


def test_task_states_are_worded_once() -> None:
    """Every state a task is counted under has its word in both languages, in the vocabulary only."""
    assert set(V.TASK_WORDS) == {*V.TASK_STATE_CODES, "late", "missing"}
    assert all(term.vi and term.en for term in V.TASK_WORDS.values())
    elsewhere = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if p.name != "vocabulary.py" and any(r.vi in p.read_text(encoding="utf-8") for r in V.TASK_STATES)
    ]
    assert elsewhere == []
