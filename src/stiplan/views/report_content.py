"""What the official report says, worked out once, before any layout.

The Word renderer (and anything else that lays the report out) reads this: the yearly
indicator table with its numbered sources (each source once), the task counts by state and by
lead agency, the shortcomings found in the data, and the task appendix. Rows are numbered
consecutively. All wording goes through `report_terms`, so the vocabulary lives elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from stiplan.engine.indicators import IndicatorStatus, Milestone
from stiplan.store.reading import Dataset
from stiplan.views import report_terms as R
from stiplan.views.i18n import Lang, number, target_text, with_unit
from stiplan.views.report_terms import t


class Sources:
    """Numbered sources, one number per distinct text, in order of first use."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def ref(self, source: str) -> int:
        key = " ".join(source.split())
        return self.numbers.setdefault(key, len(self.numbers) + 1)

    def entries(self) -> list[tuple[int, str]]:
        return [(n, text) for text, n in self.numbers.items()]


@dataclass(frozen=True)
class Figure:
    text: str
    ref: int
    in_scope: bool


@dataclass(frozen=True)
class IndicatorRow:
    n: int
    id: str
    name: str
    clause: str
    unit: str
    targets: dict[int, str]
    """Milestone year → the target as the plan states it."""
    figures: dict[int, list[Figure]]
    """Year → every figure of that year (the plan's scope first; several scopes may be recorded)."""
    share: dict[int, str]
    """Milestone year → the figure judged as a share of the target ('—' when not computable)."""
    verdicts: dict[int, str]


@dataclass(frozen=True)
class TaskRow:
    n: int
    id: int
    title: str
    agency: str
    timeframe: str
    report: str
    state: str
    late: bool


@dataclass
class ReportContent:
    lang: Lang
    as_of: int
    judged_on: dt.date
    base_year: int
    years: list[int]
    milestones: list[int]
    plan_line: str
    plan_short: str
    """The decision that issued the plan, as a subject line names it."""
    indicators: list[IndicatorRow]
    sources: list[tuple[int, str]]
    task_total: int
    task_counts: list[tuple[str, int]]
    late_count: int
    agency_header: list[str]
    agency_rows: list[list[str]]
    shortcomings: list[str]
    appendix: list[TaskRow]
    statuses: list[IndicatorStatus] = field(default_factory=list)
    base_sentence: str = ""
    """Which base year the trends use, and whether it is the plan's (a --base-year check is not)."""
    base_override: bool = False


def share_of_target(m: Milestone, value: float | None, direction: str) -> float | None:
    """How much of the target a figure reaches: value/target, or target/value when lower is
    better (rank 18 against 'top 15' reaches 15/18 = 83 %)."""
    threshold = m.assessment.threshold
    if m.target.kind == "range" and m.target.min is not None:
        threshold = m.target.min
    if value is None or threshold is None or value <= 0 or threshold <= 0:
        return None
    return threshold / value if direction == "decrease" else value / threshold


def _judged_value(st: IndicatorStatus, m: Milestone) -> float | None:
    a = m.assessment
    if a.latest is not None:
        return a.latest.value
    if a.mode == "forecast" and st.latest is not None:
        return st.latest.value
    return None


def _indicator_rows(
    ds: Dataset, statuses: Sequence[IndicatorStatus], years: list[int], lang: Lang, sources: Sources
) -> list[IndicatorRow]:
    rows = []
    for n, st in enumerate(statuses, start=1):
        ind = st.indicator
        figures: dict[int, list[Figure]] = {}
        for p in st.points:
            if p.year not in years:
                continue
            value = with_unit(p.value, ind.unit, lang) + (f"/{p.of}" if p.of else "")
            figure = Figure(value, sources.ref(R.dates_in_text(p.source, lang)), R.comparable(p))
            figures.setdefault(p.year, []).append(figure)
        targets, share, verdicts = {}, {}, {}
        for m in st.milestones:
            y = m.target.year
            targets[y] = target_text(m.target, ind.unit, lang, m.assessment.threshold)
            s = share_of_target(m, _judged_value(st, m), ind.direction)
            share[y] = "—" if s is None else number(s * 100, lang, decimals=1) + (" %" if lang == "vi" else "%")
            verdicts[y] = R.milestone_word(m, lang)
        rows.append(
            IndicatorRow(
                n=n,
                id=ind.id,
                name=ind.name.vi if lang == "vi" else ind.name.en,
                clause=R.clause_text(ind.source, lang),
                unit=R.unit_word(ind.unit, lang),
                targets=targets,
                figures=figures,
                share=share,
                verdicts=verdicts,
            )
        )
    return rows


def id_ranges(ids: Sequence[int]) -> str:
    """'1–5, 7, 9–12': task numbers as the reader counts them, runs shortened."""
    out: list[str] = []
    run: list[int] = []
    for n in sorted(ids):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
        run = [n]
    if run:
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(out)


def _shortcomings(
    ds: Dataset, statuses: Sequence[IndicatorStatus], states: list, as_of: int, on: dt.date, lang: Lang
) -> list[str]:
    """Sentences on what the data shows is missing or late, each naming what it is about."""
    out: list[str] = []

    def names(items: Sequence[IndicatorStatus]) -> str:
        return "; ".join(st.indicator.name.vi if lang == "vi" else st.indicator.name.en for st in items)

    none = [st for st in statuses if not st.points]
    if none:
        out.append(
            t(
                lang,
                f"{len(none)}/{len(statuses)} chỉ tiêu chưa có số liệu nào được công bố: {names(none)}.",
                f"{len(none)} of {len(statuses)} indicators have no published figure yet: {names(none)}.",
            )
        )
    other = [st for st in statuses if st.points and not st.series]
    if other:
        out.append(
            t(
                lang,
                f"{len(other)} chỉ tiêu chỉ có số liệu không so sánh được (phạm vi khác hoặc khác chuỗi số liệu, "
                f"không dùng để đánh giá): {names(other)}.",
                f"{len(other)} indicators have only figures that are not comparable (another scope or another "
                f"series, not used in the assessment): {names(other)}.",
            )
        )
    for year in ds.targets.plan.milestones:
        if year >= as_of:
            continue
        missing = [
            st
            for st in statuses
            if (m := st.milestone(year)) is not None and m.assessment.latest is None and m.assessment.mode == "verdict"
        ]
        if missing:
            out.append(
                t(
                    lang,
                    f"Mốc {year} đã qua nhưng {len(missing)} chỉ tiêu chưa có số liệu của năm {year} để đánh giá.",
                    f"Milestone {year} has passed but {len(missing)} indicators have no {year} figure to judge it on.",
                )
            )
    if states:
        unreported = [s for s in states if R.task_state(s) == "no_report"]
        if unreported:
            ids = id_ranges([s.id for s in unreported])
            out.append(
                t(
                    lang,
                    f"{len(unreported)}/{len(states)} nhiệm vụ chưa có báo cáo kết quả thực hiện (nhiệm vụ số {ids}).",
                    f"{len(unreported)} of {len(states)} tasks have no progress report (tasks {ids}).",
                )
            )
        gaps = [s for s in states if R.task_state(s) != "no_report" and R.missing_years(s)]
        if gaps:
            listed = "; ".join(f"{s.id} ({id_ranges(list(R.missing_years(s)))})" for s in gaps)
            out.append(
                t(
                    lang,
                    f"{len(gaps)} nhiệm vụ thiếu báo cáo của năm đã qua (nhiệm vụ số, năm thiếu): {listed}.",
                    f"{len(gaps)} tasks lack the report of a past year (task, years missing): {listed}.",
                )
            )
        late = [s for s in states if R.is_late(s)]
        if late:
            ids = id_ranges([s.id for s in late])
            out.append(
                t(
                    lang,
                    f"{len(late)} nhiệm vụ {R.task_state_word('late', lang).lower()} tính đến ngày {R.short_date(on, lang)} (nhiệm vụ số {ids}).",
                    f"{len(late)} tasks are late as of {R.short_date(on, lang)} (tasks {ids}).",
                )
            )
    out.extend(_collection_round(ds, as_of, on, lang))
    out.extend(R.reorganised_agencies(ds, states, lang))
    plan = ds.targets.plan
    for event in plan.history:
        if plan.date < event.date <= on:
            out.append(f"{R.short_date(event.date, lang)}: {event.event.vi if lang == 'vi' else event.event.en}")
    out.extend(note.vi if lang == "vi" else note.en for note in plan.notes)
    return out


def _collection_round(ds: Dataset, year: int, on: dt.date, lang: Lang) -> list[str]:
    """The year's collection round (collection/YEAR.yaml), when one was logged: the agencies
    past their deadline with no clean form back, those whose form was sent back for correction
    and has not come back, and those no form was sent to, each named."""
    from stiplan.engine import collection as C

    log = C.dataset_log(ds, year)
    if log is None:
        return []
    rows = C.round_status(ds, year, log, on)

    def named(items: Sequence[C.AgencyStatus], *, deadline: bool = False) -> str:
        def one(s: C.AgencyStatus) -> str:
            name = s.owed.agency.name.vi if lang == "vi" else s.owed.agency.name.en
            if deadline and s.deadline is not None:
                name += t(lang, f" (hạn {R.short_date(s.deadline, lang)})", f" (due {R.short_date(s.deadline, lang)})")
            return name

        return "; ".join(one(s) for s in items)

    day = R.short_date(on, lang)
    out: list[str] = []
    late = [s for s in rows if s.state == "late"]
    if late:
        out.append(
            t(
                lang,
                f"{len(late)}/{len(rows)} cơ quan đã quá hạn nhưng chưa gửi lại biểu thu thập số liệu năm {year} "
                f"(tính đến ngày {day}): {named(late, deadline=True)}.",
                f"{len(late)} of {len(rows)} agencies are past the deadline of the {year} collection forms "
                f"without a form back (as of {day}): {named(late, deadline=True)}.",
            )
        )
    returned = [s for s in rows if s.returned is not None and s.state != "late"]
    if returned:
        out.append(
            t(
                lang,
                f"{len(returned)} cơ quan có biểu năm {year} bị trả lại để sửa, chưa gửi lại: {named(returned)}.",
                f"{len(returned)} agencies had their {year} form sent back for correction and have not "
                f"returned it: {named(returned)}.",
            )
        )
    unsent = [s for s in rows if s.state == "not_sent"]
    if unsent:
        out.append(
            t(
                lang,
                f"Chưa gửi biểu thu thập số liệu năm {year} cho {len(unsent)} cơ quan phải báo cáo: {named(unsent)}.",
                f"The {year} collection form has not been sent to {len(unsent)} agencies that owe figures or "
                f"reports: {named(unsent)}.",
            )
        )
    return out


def build_content(
    ds: Dataset,
    statuses: Sequence[IndicatorStatus],
    *,
    as_of: int,
    lang: Lang,
    day: dt.date | None = None,
    base_year: int | None = None,
) -> ReportContent:
    """The report's content; `base_year` overrides the plan's (a --base-year sensitivity check)."""
    plan = ds.targets.plan
    on = R.judging_date(ds, as_of, day)
    base = base_year if base_year is not None else R.base_year(ds)
    base_info = R.base_year_info(ds, base_year)
    years = list(range(base, as_of + 1))
    sources = Sources()
    rows = _indicator_rows(ds, statuses, years, lang, sources)

    states = R.task_states(ds, on)
    counts = Counter(R.task_state(s) for s in states)
    late = sum(R.is_late(s) for s in states)
    task_counts = [(R.task_state_word(code, lang), counts[code]) for code in R.TASK_STATES]
    agency_header = [
        t(lang, "STT", "No."),
        t(lang, "Cơ quan chủ trì", "Lead agency"),
        t(lang, "Tổng số", "Total"),
        *(R.task_state_word(code, lang) for code in R.TASK_STATES),
        R.task_state_word("late", lang),
    ]
    by_agency: dict[str, Counter[str]] = {}
    for s in states:
        c = by_agency.setdefault(R.accountable_id(s), Counter())
        c[R.task_state(s)] += 1
        c["late"] += R.is_late(s)
        c["total"] += 1
    ordered = sorted(by_agency.items(), key=lambda kv: (-kv[1]["late"], -kv[1]["total"], kv[0]))
    agency_rows = [
        [
            str(n),
            R.agency_row_label(ds, agency, states, lang),
            str(c["total"]),
            *(str(c[code]) for code in R.TASK_STATES),
            str(c["late"]),
        ]
        for n, (agency, c) in enumerate(ordered, start=1)
    ]
    if agency_rows:
        agency_rows.append(
            ["", t(lang, "Tổng cộng", "Total"), str(len(states)), *(str(counts[c]) for c in R.TASK_STATES), str(late)]
        )
    appendix = [
        TaskRow(
            n=n,
            id=s.id,
            title=s.task.title.vi if lang == "vi" or not s.task.title.en else s.task.title.en,
            agency=R.accountable_agency(ds, s, lang),
            timeframe=s.task.timeframe.text,
            report=R.report_reference(s, lang),
            state=R.task_state_word(R.task_state(s), lang)
            + (f"; {R.task_state_word('late', lang).lower()}" if R.is_late(s) else ""),
            late=R.is_late(s),
        )
        for n, s in enumerate(states, start=1)
    ]
    title = plan.title.vi if lang == "vi" else plan.title.en
    issuer = plan.issuer.vi if lang == "vi" else plan.issuer.en
    plan_line = t(
        lang,
        f"{title} (ban hành kèm theo Quyết định số {plan.decision} ngày {R.short_date(plan.date, lang)} của {issuer})",
        f"{title} (Decision {plan.decision} of {R.short_date(plan.date, lang)}, {issuer})",
    )
    plan_short = t(
        lang,
        f"Quyết định số {plan.decision} ngày {R.short_date(plan.date, lang)} của {issuer}",
        f"plan issued by Decision {plan.decision} of {R.short_date(plan.date, lang)}, {issuer}",
    )
    return ReportContent(
        lang=lang,
        as_of=as_of,
        judged_on=on,
        base_year=base,
        years=years,
        milestones=list(plan.milestones),
        plan_line=plan_line,
        plan_short=plan_short,
        indicators=rows,
        sources=sources.entries(),
        task_total=len(states),
        task_counts=task_counts,
        late_count=late,
        agency_header=agency_header,
        agency_rows=agency_rows,
        shortcomings=_shortcomings(ds, statuses, states, as_of, on, lang),
        appendix=appendix,
        statuses=list(statuses),
        base_sentence=base_info.sentence(lang),
        base_override=base_info.override,
    )
