"""What the official report says, worked out once, before any layout.

The Word renderer (and anything else that lays the report out) reads this: the yearly
indicator table with its numbered sources (each source once), the task counts by state and by
lead agency, the shortcomings found in the data, and the task appendix. Rows are numbered
consecutively. Its words are in `WORDS` below; those every view shares come from `i18n` and
`vocabulary`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from stiplan import lang as L
from stiplan import vocabulary as V
from stiplan.engine.asof import AsOf
from stiplan.engine.indicators import IndicatorStatus, Milestone
from stiplan.engine.tasks import TaskState, task_states
from stiplan.lang import Lang, Term, Words
from stiplan.models import Goal
from stiplan.store.collection_log import dataset_log
from stiplan.store.dataset import Dataset
from stiplan.views import amendments, i18n
from stiplan.views.i18n import describe_target, with_unit

WORDS = Words(
    no_figure_yet=Term(
        "{n}/{total} chỉ tiêu chưa có số liệu nào được công bố: {names}.",
        "{n} of {total} indicators have no published figure yet: {names}.",
    ),
    not_comparable=Term(
        "{n} chỉ tiêu chỉ có số liệu không so sánh được (phạm vi khác hoặc khác chuỗi số liệu, "
        "không dùng để đánh giá): {names}.",
        "{n} indicators have only figures that are not comparable (another scope or another "
        "series, not used in the assessment): {names}.",
    ),
    milestone_unjudged=Term(
        "Mốc {year} đã qua nhưng {n} chỉ tiêu chưa có số liệu của năm {year} để đánh giá.",
        "Milestone {year} has passed but {n} indicators have no {year} figure to judge it on.",
    ),
    unreported=Term(
        "{n}/{total} nhiệm vụ chưa có báo cáo kết quả thực hiện (nhiệm vụ số {ids}).",
        "{n} of {total} tasks have no progress report (tasks {ids}).",
    ),
    gaps=Term(
        "{n} nhiệm vụ thiếu báo cáo của năm đã qua (nhiệm vụ số, năm thiếu): {listed}.",
        "{n} tasks lack the report of a past year (task, years missing): {listed}.",
    ),
    late=Term(
        "{n} nhiệm vụ {late} tính đến ngày {day} (nhiệm vụ số {ids}).",
        "{n} tasks are late as of {day} (tasks {ids}).",
    ),
    due=Term(" (hạn {day})", " (due {day})"),
    round_late=Term(
        "{n}/{total} cơ quan đã quá hạn nhưng chưa gửi lại biểu thu thập số liệu năm {year} "
        "(tính đến ngày {day}): {names}.",
        "{n} of {total} agencies are past the deadline of the {year} collection forms "
        "without a form back (as of {day}): {names}.",
    ),
    round_returned=Term(
        "{n} cơ quan có biểu năm {year} bị trả lại để sửa, chưa gửi lại: {names}.",
        "{n} agencies had their {year} form sent back for correction and have not returned it: {names}.",
    ),
    round_unsent=Term(
        "Chưa gửi biểu thu thập số liệu năm {year} cho {n} cơ quan phải báo cáo: {names}.",
        "The {year} collection form has not been sent to {n} agencies that owe figures or reports: {names}.",
    ),
    reorganised=Term(
        "{old} đã được sắp xếp lại; nhiệm vụ do cơ quan này chủ trì nay thuộc trách nhiệm của {now}.",
        "{old} was reorganised; the tasks it led are now the duty of {now}.",
    ),
    history=Term("{day}: {event}", "{day}: {event}"),
    no=Term("STT", "No."),
    lead=Term("Cơ quan chủ trì", "Lead agency"),
    total=Term("Tổng số", "Total"),
    grand_total=Term("Tổng cộng", "Total"),
    plan_line=Term(
        "{title} ({document} ngày {day} của {issuer})",
        "{title} ({document} of {day}, {issuer})",
    ),
    plan_short=Term("{document} ngày {day} của {issuer}", "{document} of {day}, {issuer}"),
)
"""The report's own words: the shortcomings found in the data, the task tables, the plan's line."""


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
    goals: list[Goal] = field(default_factory=list)
    """The plan's qualitative goals, in its order: listed with the Department's assessment."""


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
            figure = Figure(value, sources.ref(i18n.dates_in_text(p.source, lang)), p.comparable)
            figures.setdefault(p.year, []).append(figure)
        targets, share, verdicts = {}, {}, {}
        for m in st.milestones:
            y = m.target.year
            targets[y] = describe_target(m.target, ind.unit, lang, m.assessment.threshold)
            s = share_of_target(m, _judged_value(st, m), ind.direction)
            share[y] = L.percent(s, lang) if s is not None else "—"
            verdicts[y] = i18n.status_with_reason(m.assessment, lang)
        rows.append(
            IndicatorRow(
                n=n,
                id=ind.id,
                name=ind.name.pick(lang),
                clause=i18n.clause_text(ind.source, lang),
                unit=i18n.unit_word(ind.unit, lang),
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
    ds: Dataset, statuses: Sequence[IndicatorStatus], states: list[TaskState], as_of: int, on: dt.date, lang: Lang
) -> list[str]:
    """Sentences on what the data shows is missing or late, each naming what it is about."""
    out: list[str] = []

    def w(key: str, **params: object) -> str:
        return WORDS.pick(key, lang, **params)

    def names(items: Sequence[IndicatorStatus]) -> str:
        return "; ".join(st.indicator.name.pick(lang) for st in items)

    none = [st for st in statuses if not st.points]
    if none:
        out.append(w("no_figure_yet", n=len(none), total=len(statuses), names=names(none)))
    other = [st for st in statuses if st.points and not st.series]
    if other:
        out.append(w("not_comparable", n=len(other), names=names(other)))
    for year in ds.target_years():
        if year >= as_of:
            continue
        missing = [
            st
            for st in statuses
            if (m := st.milestone(year)) is not None and m.assessment.latest is None and m.assessment.mode == "verdict"
        ]
        if missing:
            out.append(w("milestone_unjudged", year=year, n=len(missing)))
    if states:
        unreported = [s for s in states if s.state == "no_report"]
        if unreported:
            ids = id_ranges([s.id for s in unreported])
            out.append(w("unreported", n=len(unreported), total=len(states), ids=ids))
        gaps = [s for s in states if s.state != "no_report" and s.missing_years]
        if gaps:
            listed = "; ".join(f"{s.id} ({id_ranges(list(s.missing_years))})" for s in gaps)
            out.append(w("gaps", n=len(gaps), listed=listed))
        late = [s for s in states if s.late]
        if late:
            day = L.date(on, lang)
            out.append(
                w(
                    "late",
                    n=len(late),
                    late=V.TASK_WORDS.pick("late", lang).lower(),
                    day=day,
                    ids=id_ranges([s.id for s in late]),
                )
            )
    out.extend(_collection_round(ds, as_of, on, lang))
    out.extend(_reorganised(ds, states, lang))
    plan = ds.plan()
    for event in plan.history:
        if plan.date < event.date <= on:
            out.append(w("history", day=L.date(event.date, lang), event=event.event.pick(lang)))
    out.extend(note.pick(lang) for note in plan.notes)
    out.extend(note for ind in ds.targets.indicators for note in amendments.notes(ds, ind, lang))
    return out


def _reorganised(ds: Dataset, states: Sequence[TaskState], lang: Lang) -> list[str]:
    """One sentence per lead agency of the plan whose tasks a successor now answers for."""
    names = ds.agency_names(lang)
    seen: dict[str, str] = {}
    for s in states:
        acc = s.lead_now
        if acc.hops and acc.original not in seen:
            old = names.get(acc.original, acc.original)
            seen[acc.original] = WORDS.pick("reorganised", lang, old=old, now=i18n.accountable_text(acc, names, lang))
    return list(seen.values())


def _collection_round(ds: Dataset, year: int, on: dt.date, lang: Lang) -> list[str]:
    """The year's collection round (collection/YEAR.yaml), when one was logged: the agencies
    past their deadline with no clean form back, those whose form was sent back for correction
    and has not come back, and those no form was sent to, each named."""
    from stiplan.engine import collection as C

    log = dataset_log(ds, year)
    if log is None:
        return []
    rows = C.round_status(ds, year, log, on)

    def named(items: Sequence[C.AgencyStatus], *, deadline: bool = False) -> str:
        def one(s: C.AgencyStatus) -> str:
            name = s.owed.agency.name.pick(lang)
            if deadline and s.deadline is not None:
                name += WORDS.pick("due", lang, day=L.date(s.deadline, lang))
            return name

        return "; ".join(one(s) for s in items)

    day = L.date(on, lang)
    out: list[str] = []
    late = [s for s in rows if s.state == "late"]
    if late:
        out.append(
            WORDS.pick(
                "round_late", lang, n=len(late), total=len(rows), year=year, day=day, names=named(late, deadline=True)
            )
        )
    returned = [s for s in rows if s.returned is not None and s.state != "late"]
    if returned:
        out.append(WORDS.pick("round_returned", lang, n=len(returned), year=year, names=named(returned)))
    unsent = [s for s in rows if s.state == "not_sent"]
    if unsent:
        out.append(WORDS.pick("round_unsent", lang, year=year, n=len(unsent), names=named(unsent)))
    return out


def _agency_row_labels(names: dict[str, str], states: Sequence[TaskState], lang: Lang) -> dict[str, str]:
    """Each accountable agency as a row of the table by agency: its name, and every agency it
    answers for through a succession (its tasks are counted under it). One pass over the
    tasks: scanning them all once per agency grew with agencies × tasks."""
    notes: dict[str, dict[str, None]] = {}
    for s in states:
        mine = notes.setdefault(s.accountable, {})
        if s.lead_now.hops:
            mine[i18n.succession_note(s.lead_now, names, lang)] = None
    return {
        agency: f"{names.get(agency, agency)} ({'; '.join(found)})" if found else names.get(agency, agency)
        for agency, found in notes.items()
    }


def _report_reference(state: TaskState, lang: Lang) -> str:
    """The latest report of a task: its year, document and date, as the appendix cites it."""
    rep = state.report
    if rep is None or state.status_year is None:
        return "—"
    text = f"{state.status_year}: {i18n.dates_in_text(rep.source, lang)}"
    if rep.date is not None:
        text += f" ({L.date(rep.date, lang)})"
    return text


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
    plan = ds.plan()
    on = AsOf(as_of, day).on(plan)
    base = ds.series_start(base_year=base_year)
    base_info = i18n.base_year_info(plan, base_year)
    years = list(range(base, as_of + 1))
    sources = Sources()
    rows = _indicator_rows(ds, statuses, years, lang, sources)
    names = ds.agency_names(lang)

    def word(code: str) -> str:
        return V.TASK_WORDS.pick(code, lang)

    states = task_states(ds, on)
    counts = Counter(s.state for s in states)
    late = sum(s.late for s in states)
    task_counts = [(word(code), counts[code]) for code in V.TASK_STATE_CODES]
    agency_header = [
        WORDS.pick("no", lang),
        WORDS.pick("lead", lang),
        WORDS.pick("total", lang),
        *(word(code) for code in V.TASK_STATE_CODES),
        word("late"),
    ]
    by_agency: dict[str, Counter[str]] = {}
    for s in states:
        c = by_agency.setdefault(s.accountable, Counter())
        c[s.state] += 1
        c["late"] += s.late
        c["total"] += 1
    ordered = sorted(by_agency.items(), key=lambda kv: (-kv[1]["late"], -kv[1]["total"], kv[0]))
    labels = _agency_row_labels(names, states, lang)
    agency_rows = [
        [
            str(n),
            labels[agency],
            str(c["total"]),
            *(str(c[code]) for code in V.TASK_STATE_CODES),
            str(c["late"]),
        ]
        for n, (agency, c) in enumerate(ordered, start=1)
    ]
    if agency_rows:
        totals = [str(counts[c]) for c in V.TASK_STATE_CODES]
        agency_rows.append(["", WORDS.pick("grand_total", lang), str(len(states)), *totals, str(late)])
    appendix = [
        TaskRow(
            n=n,
            id=s.id,
            title=s.task.title.pick(lang),
            agency=i18n.accountable_text(s.lead_now, names, lang),
            timeframe=s.task.timeframe.text,
            report=_report_reference(s, lang),
            state=word(s.state) + (f"; {word('late').lower()}" if s.late else ""),
            late=s.late,
        )
        for n, s in enumerate(states, start=1)
    ]
    document = {
        "document": V.document_name(plan.type, plan.decision, lang),
        "day": L.date(plan.date, lang),
        "issuer": plan.issuer.pick(lang),
    }
    return ReportContent(
        lang=lang,
        as_of=as_of,
        judged_on=on,
        base_year=base,
        years=years,
        milestones=ds.target_years(),
        plan_line=WORDS.pick("plan_line", lang, title=plan.title.pick(lang), **document),
        plan_short=WORDS.pick("plan_short", lang, **document),
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
        goals=list(ds.targets.goals),
    )
