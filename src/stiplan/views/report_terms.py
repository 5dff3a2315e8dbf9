"""The official report's questions to the engine and the vocabulary, asked in ONE place.

The verdict words, task states, agency successions, clause wording and the base year are being
reworked elsewhere (issue #9). The report asks each question through one small function here,
so switching to that work is a change in this file only; nothing here decides what a status
means, it only reads what the engine and `i18n` already say.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from stiplan import vocabulary as V
from stiplan.views import i18n
from stiplan.views.i18n import Lang

if TYPE_CHECKING:
    from stiplan.engine.indicators import Milestone, Point
    from stiplan.engine.tasks import TaskState
    from stiplan.models import SourceRef
    from stiplan.store.dataset import Dataset


def t(lang: Lang, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


# --- dates ---------------------------------------------------------------------------------

_MONTHS_EN = [
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
]


def short_date(day: dt.date, lang: Lang) -> str:
    """15/01/2026 and 01/7/2025 (Decree 30/2020: a leading zero for days < 10 and months 1, 2)."""
    if lang == "vi":
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return f"{day.day:02d}/{month}/{day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def long_date(day: dt.date | None, lang: Lang, year: int) -> str:
    """'ngày 15 tháng 01 năm 2026'; without a day, blanks for the signing date to be written in."""
    if lang == "vi":
        if day is None:
            return f"ngày      tháng      năm {year}"
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return f"ngày {day.day:02d} tháng {month} năm {day.year}"
    if day is None:
        return f"…… {year}"
    return short_date(day, lang)


_ISO_DAY = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])-([0-2]\d|3[01])\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])(?![\d-])")


def dates_in_text(text: str, lang: Lang) -> str:
    """ISO dates inside a source's free text, written in the report's style (2023-07-12 → 12/7/2023).

    Only the date notation changes; the words of a source are the data's and stay as written.
    """

    def day(m: re.Match[str]) -> str:
        try:
            return short_date(dt.date(int(m[1]), int(m[2]), int(m[3])), lang)
        except ValueError:
            return m[0]

    def month(m: re.Match[str]) -> str:
        mon = int(m[2])
        if lang == "vi":
            return f"tháng {mon:02d}/{m[1]}" if mon < 3 else f"tháng {mon}/{m[1]}"
        return f"{_MONTHS_EN[mon - 1]} {m[1]}"

    return _ISO_MONTH.sub(month, _ISO_DAY.sub(day, text))


# --- indicators ----------------------------------------------------------------------------


def base_year(ds: Dataset) -> int:
    """The year the yearly series starts: the plan's declared base year, else the earliest
    baseline year its targets name, else the plan's first year."""
    declared = i18n.base_year_info(ds.targets.plan, None).used
    if declared is not None:
        return declared
    plan = ds.targets.plan
    years = [tg.baseline_year for ind in ds.targets.indicators for tg in ind.targets if tg.baseline_year]
    return min(years) if years else plan.period.start


def base_year_info(ds: Dataset, override: int | None) -> i18n.BaseYearInfo:
    """The base year in force, and the sentence every output prints about it."""
    return i18n.base_year_info(ds.targets.plan, override)


def milestone_word(m: Milestone, lang: Lang) -> str:
    """The status word of one milestone, with the reason when the data is short."""
    a = m.assessment
    text = i18n.status_words(a, lang)
    if a.status in ("insufficient_data", "not_comparable") and a.reason:
        text += f" ({V.REASONS.pick_or(a.reason, lang)})"
    return text


def milestone_code(m: Milestone) -> str:
    return m.assessment.status


def no_figure(status: str) -> bool:
    """Whether a status says the figures are missing (not a verdict on progress)."""
    return status in ("no_data", "insufficient_data", "not_comparable")


def clause_text(source: SourceRef, lang: Lang) -> str:
    """How the report names the clause that sets an indicator ('điểm e khoản 2 Mục II')."""
    return i18n.clause_text(source, lang)


def unit_word(unit: str, lang: Lang) -> str:
    return i18n.unit_word(unit, lang)


def comparable(point: Point) -> bool:
    """Whether a figure enters the arithmetic (the plan's scope, the target's side of every break)."""
    return point.comparable


# --- tasks ---------------------------------------------------------------------------------

TASK_STATES: tuple[str, ...] = ("done", "in_progress", "not_started", "cancelled", "no_report")
"""The states a task is counted under, in the order the report lists them (the engine's STATES)."""


def task_states(ds: Dataset, on: dt.date) -> list[TaskState]:
    from stiplan.engine.tasks import task_states as states

    return states(ds, on)


def task_state(state: TaskState) -> str:
    """One of TASK_STATES: the latest reported state, or `no_report` when none was reported."""
    return state.state


def is_late(state: TaskState) -> bool:
    return state.late


def missing_years(state: TaskState) -> tuple[int, ...]:
    """Past years that should have a report of the task and have none."""
    return state.missing_years


def task_state_word(code: str, lang: Lang) -> str:
    """The word of a state (TASK_STATES), or of the flags `late` and `missing`."""
    return V.TASK_WORDS.pick(code, lang)


def _names(ds: Dataset, lang: Lang) -> dict[str, str]:
    agencies = ds.agencies.agencies if ds.agencies else []
    return {a.id: (a.name.vi if lang == "vi" else a.name.en) for a in agencies}


def agency_name(ds: Dataset, agency_id: str, lang: Lang) -> str:
    return _names(ds, lang).get(agency_id, agency_id)


def accountable_agency(ds: Dataset, state: TaskState, lang: Lang) -> str:
    """'Sở Tài chính (kế thừa Sở Kế hoạch và Đầu tư từ 01/3/2025)': who answers on the judging
    date for the task's lead agency, and whom it succeeded."""
    return i18n.accountable_text(state.lead_now, _names(ds, lang), lang)


def accountable_id(state: TaskState) -> str:
    return state.accountable


def agency_row_label(ds: Dataset, agency_id: str, states: Sequence[TaskState], lang: Lang) -> str:
    """An accountable agency as a row of the table by agency: its name, and every agency it
    answers for through a succession (its tasks are counted under it)."""
    names = _names(ds, lang)
    notes = dict.fromkeys(
        i18n.succession_note(s.lead_now, names, lang) for s in states if s.accountable == agency_id and s.lead_now.hops
    )
    name = names.get(agency_id, agency_id)
    return f"{name} ({'; '.join(notes)})" if notes else name


def reorganised_agencies(ds: Dataset, states: Sequence[TaskState], lang: Lang) -> list[str]:
    """One sentence per lead agency of the plan whose tasks a successor now answers for."""
    names = _names(ds, lang)
    seen: dict[str, str] = {}
    for s in states:
        acc = s.lead_now
        if acc.hops and acc.original not in seen:
            seen[acc.original] = t(
                lang,
                f"{names.get(acc.original, acc.original)} đã được sắp xếp lại; nhiệm vụ do cơ quan này chủ trì "
                f"nay thuộc trách nhiệm của {i18n.accountable_text(acc, names, lang)}.",
                f"{names.get(acc.original, acc.original)} was reorganised; the tasks it led are now the duty of "
                f"{i18n.accountable_text(acc, names, lang)}.",
            )
    return list(seen.values())


def report_reference(state: TaskState, lang: Lang) -> str:
    """The latest report of a task: its year, document and date, as the appendix cites it."""
    rep = state.report
    if rep is None or state.status_year is None:
        return "—"
    text = f"{state.status_year}: {dates_in_text(rep.source, lang)}"
    if rep.date is not None:
        text += f" ({short_date(rep.date, lang)})"
    return text


def judging_date(ds: Dataset, year: int, day: dt.date | None = None) -> dt.date:
    """The one date tasks are judged on: the day given, else the plan's reporting cut-off of `year`."""
    from stiplan.engine.asof import AsOf

    return AsOf(year, day).on(ds.plan())
