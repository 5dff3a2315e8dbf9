"""What the official report says, in words, before any layout.

The numbers are the report model's (`engine.report_model`, shared with the markdown memo and
`report --format json`); this puts them in words for the Word renderer: the yearly indicator
table with its numbered sources, the task counts by state and by lead agency, the shortcomings
found in the data, and the task appendix. Its words are in `WORDS` below; those every view shares come from `i18n` and
`vocabulary`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from stiplan import lang as L
from stiplan import vocabulary as V
from stiplan.engine.indicators import IndicatorStatus
from stiplan.engine.report_model import AgencyTasks, ReportModel, RoundAgency, TaskSummary, build_model
from stiplan.engine.tasks import TaskState
from stiplan.lang import Lang, Term, Words
from stiplan.models import Goal
from stiplan.store.dataset import Dataset
from stiplan.views import amendments, i18n
from stiplan.views.budget import budget_paragraph
from stiplan.views.i18n import describe_target, with_unit

WORDS = Words(
    result=Term("Mốc {year}{kind}: {count} — {parts}.", "Milestone {year}{kind}: {count} — {parts}."),
    forecast=Term(" (dự báo theo xu hướng)", " (forecast from the trend)"),
    indicator_1=Term("{n} chỉ tiêu", "{n} indicator"),
    indicator_n=Term("{n} chỉ tiêu", "{n} indicators"),
    task_1=Term("{n} nhiệm vụ", "{n} task"),
    task_n=Term("{n} nhiệm vụ", "{n} tasks"),
    agency_1=Term("{n} cơ quan", "{n} agency"),
    agency_n=Term("{n} cơ quan", "{n} agencies"),
    missed_head=Term("Các chỉ tiêu không đạt mục tiêu năm {year}:", "Targets for {year} missed:"),
    at_risk_head=Term(
        "Các chỉ tiêu có nguy cơ không đạt mục tiêu năm {year} theo xu hướng hiện nay:",
        "Targets for {year} at risk at the present pace:",
    ),
    target_item=Term("{name}: {figure}, mục tiêu {target}, {gap}.", "{name}: {figure} against {target}, {gap}."),
    missed=Term(
        "Không đạt mục tiêu năm {year}: {n}/{total} chỉ tiêu ({names}).",
        "Missed the {year} target: {n} of {total} indicators ({names}).",
    ),
    at_risk=Term(
        "Có nguy cơ không đạt mục tiêu năm {year} theo xu hướng hiện nay: {n}/{total} chỉ tiêu ({names}).",
        "At risk of missing the {year} target at the present pace: {n} of {total} indicators ({names}).",
    ),
    unjudged=Term(
        "Chưa có số liệu để đánh giá mục tiêu năm {year}: {count} ({names}).",
        "No figure to judge the {year} target on: {count} ({names}).",
    ),
    late_by_agency=Term(
        "Nhiệm vụ trễ hạn (đã hết thời gian thực hiện nhưng chưa hoàn thành): {count}, gồm: {agencies}.",
        "Late tasks (not done after their timeframe ended): {count}; {agencies}.",
    ),
    unreported_by_agency=Term(
        "Nhiệm vụ chưa có báo cáo kết quả thực hiện: {n}/{total} nhiệm vụ, gồm: {agencies}.",
        "Tasks with no progress report: {n} of {total}; {agencies}.",
    ),
    gaps_by_agency=Term(
        "Nhiệm vụ đã báo cáo nhưng thiếu báo cáo của năm đã qua: {count}, gồm: {agencies}.",
        "Tasks reported on but lacking the report of a past year: {count}; {agencies}.",
    ),
    agency_count=Term("{name}: {n}", "{name}: {n}"),
    see_annex=Term(
        "Số thứ tự các nhiệm vụ trễ hạn, chưa có báo cáo tại Bảng 3 của Phụ lục.",
        "The numbers of the late and unreported tasks are in Table 3 of the Appendix.",
    ),
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
    context_event=Term("Ngày {day}: {event}", "On {day}: {event}"),
    basis=Term(" (căn cứ: {source})", " (basis: {source})"),
    context_agencies=Term(
        "Theo đó, nhiệm vụ do {moves} chủ trì nay thuộc trách nhiệm của các cơ quan kế thừa: {list}.",
        "Accordingly, the tasks led by {moves} are now the duty of their successors: {list}.",
    ),
    moved=Term("{old} → {now}", "{old} → {now}"),
    method_plan=Term(
        "Năm gốc để tính xu hướng là năm {used} theo Kế hoạch; xu hướng tính từ số liệu năm {used}, hoặc số "
        "liệu đầu tiên sau năm đó.",
        "The base year of the trends is {used}, as the plan sets it; a trend starts from the {used} figure, or "
        "the first figure after it.",
    ),
    method_default=Term(
        "Kế hoạch không quy định năm gốc; năm gốc để tính xu hướng là năm {used}, năm liền trước kỳ kế hoạch "
        "{start}–{end}; xu hướng tính từ số liệu năm {used}, hoặc số liệu đầu tiên sau năm đó.",
        "The plan sets no base year; the trends start from {used}, the year before its period {start}–{end} "
        "(the {used} figure, or the first figure after it).",
    ),
    method_verdict=Term(
        "Mốc đã qua được đánh giá theo số liệu của năm mốc (đạt hoặc không đạt). Mốc chưa đến được dự báo bằng "
        "cách so sánh tốc độ thay đổi bình quân từ năm gốc đến số liệu mới nhất với tốc độ cần thiết để đạt "
        "mục tiêu đúng hạn; chỉ tiêu chưa có ít nhất hai số liệu so sánh được thì chưa đủ số liệu để dự báo.",
        "A past milestone is judged on the figure of its year (met or missed). A future one is forecast by "
        "comparing the average pace from the base year to the latest figure with the pace needed to meet the "
        "target on time; an indicator without two comparable figures has too few figures for a forecast.",
    ),
    method_share=Term(
        "Tỷ lệ % so với mục tiêu: số liệu được đánh giá chia cho mức mục tiêu; với chỉ tiêu xếp hạng, mức mục "
        "tiêu chia cho thứ hạng đạt được.",
        "% of target: the figure judged divided by the target level; for a ranking, the target level divided "
        "by the rank reached.",
    ),
    method_tolerance=Term(
        "{name}: Kế hoạch ghi mục tiêu “khoảng”, không nêu mức chênh lệch cho phép; mục tiêu được coi là đạt "
        "khi số liệu đạt hoặc vượt mục tiêu, hoặc kém mục tiêu không quá {tolerance}.",
        "{name}: the plan writes “about” and states no margin; the target counts as met when the figure is "
        "at or beyond it, or short of it by no more than {tolerance}.",
    ),
    no=Term("STT", "No."),
    lead=Term("Cơ quan chủ trì", "Lead agency"),
    total=Term("Tổng số", "Total"),
    grand_total=Term("Tổng cộng", "Total"),
    plan_line=Term(
        "{title} ({document} ngày {day} của {issuer})",
        "{title} ({document} of {day}, {issuer})",
    ),
    plan_short=Term("{document} ngày {day} của {issuer}", "{document} of {day}, {issuer}"),
    indicator_note=Term("{name}: {note}", "{name}: {note}"),
)
"""The report's own words: the shortcomings found in the data, the task tables, the plan's line."""


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
    model: ReportModel
    """The numbers this content words (`engine.report_model`): every count below is read from it."""
    plan_line: str
    plan_short: str
    """The decision that issued the plan, as a subject line names it."""
    plan_title: str
    plan_word: str
    """What the text calls the plan ('Kế hoạch', 'Nghị quyết': `vocabulary.plan_word`)."""
    indicators: list[IndicatorRow]
    sources: list[tuple[int, str]]
    task_counts: list[tuple[str, int]]
    agency_header: list[str]
    agency_rows: list[list[str]]
    shortcomings: list[str]
    appendix: list[TaskRow]
    context: str = ""
    """Section I: what changed since the plan was issued (its history, reorganised agencies)."""
    method: list[str] = field(default_factory=list)
    """The annex 'Ghi chú phương pháp': how the figures were read."""
    reporter: str = ""
    """The reporting agency's name as written in a sentence (the letterhead has it in capitals)."""
    results: list[tuple[str, list[str]]] = field(default_factory=list)
    """Section II's opening: per milestone a sentence of verdict counts, and its missed (or at-risk) targets."""
    task_annex: list[list[str]] = field(default_factory=list)
    """Per agency: the numbers of its late, unreported and partly reported tasks (appendix table 3)."""
    base_sentence: str = ""
    """Which base year the trends use, and whether it is the plan's (a --base-year check is not)."""
    base_override: bool = False
    goals: list[Goal] = field(default_factory=list)
    """The plan's qualitative goals, in its order: listed with the Department's assessment."""
    budget: str | None = None
    """The budget paragraph (`views.budget`), None when the data records no budget up to the year."""
    indicator_notes: list[str] = field(default_factory=list)
    """'Name: note' for each indicator with a `report_note`, in the table's order (printed once)."""

    @property
    def as_of(self) -> int:
        return self.model.as_of

    @property
    def judged_on(self) -> dt.date:
        return self.model.on

    @property
    def base_year(self) -> int:
        return self.model.base_year

    @property
    def years(self) -> list[int]:
        return list(self.model.years)

    @property
    def milestones(self) -> list[int]:
        return [m.year for m in self.model.milestones]

    @property
    def statuses(self) -> list[IndicatorStatus]:
        return [r.status for r in self.model.indicators]

    @property
    def task_total(self) -> int:
        return self.model.tasks.total

    @property
    def late_count(self) -> int:
        return len(self.model.tasks.late)


def _indicator_rows(model: ReportModel, lang: Lang) -> list[IndicatorRow]:
    rows = []
    shown = set(model.years)
    for r in model.indicators:
        ind = r.status.indicator
        figures: dict[int, list[Figure]] = {}
        for f in r.figures:
            if f.year in shown:
                value = figure_text(f.point.value, f.point.of, ind.unit, lang)
                figures.setdefault(f.year, []).append(Figure(value, f.source, f.point.comparable))
        rows.append(
            IndicatorRow(
                n=r.n,
                id=ind.id,
                name=ind.name.pick(lang),
                clause=i18n.clause_text(ind.source, lang),
                unit=ind.unit_in(lang),
                targets={
                    t.year: describe_target(
                        t.milestone.target, ind.unit, lang, t.milestone.assessment.threshold, prose=True
                    )
                    for t in r.targets
                },
                figures=figures,
                share={t.year: L.percent(t.share, lang) for t in r.targets},
                verdicts={t.year: i18n.status_words(t.milestone.assessment, lang) for t in r.targets},
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


def _shortcomings(ds: Dataset, model: ReportModel, lang: Lang) -> list[str]:
    """Sentences on what the data shows is missing or late, each naming what it is about."""
    out: list[str] = []

    def w(key: str, **params: object) -> str:
        return WORDS.pick(key, lang, **params)

    def names(ids: Sequence[str]) -> str:
        return "; ".join(model.indicator(i).status.indicator.name.pick(lang) for i in ids)

    total = len(model.indicators)
    named: set[str] = set()
    for m in model.milestones:
        if m.mode == "verdict" and m.missed:
            out.append(w("missed", year=m.year, n=len(m.missed), total=m.total, names=names(m.missed)))
        if m.mode == "forecast" and m.at_risk:
            out.append(w("at_risk", year=m.year, n=len(m.at_risk), total=m.total, names=names(m.at_risk)))
    for m in model.milestones:
        if m.mode == "verdict" and m.unjudged:
            count = counted("indicator", len(m.unjudged), lang)
            out.append(w("unjudged", year=m.year, count=count, names=names(m.unjudged)))
            named.update(m.unjudged)
    none = [i for i in model.no_figures if i not in named]
    if none:
        out.append(w("no_figure_yet", n=len(none), total=total, names=names(none)))
    if model.only_other:
        out.append(w("not_comparable", n=len(model.only_other), names=names(model.only_other)))
    out.extend(_task_issues(ds, model, lang))
    out.extend(_collection_round(ds, model, lang))
    return out


def context_paragraph(ds: Dataset, model: ReportModel, lang: Lang) -> str:
    """What changed since the plan was issued (its history up to the judging day, each event
    with the legal basis recorded for it) and whose tasks moved to a successor: one paragraph
    of section I, context rather than a shortcoming."""
    plan = ds.plan()
    parts = []
    for event in plan.history:
        if plan.date < event.date <= model.on:
            text = WORDS.pick("context_event", lang, day=L.date(event.date, lang), event=event.event.pick(lang))
            basis = WORDS.pick("basis", lang, source=i18n.dates_in_text(event.source, lang)) if event.source else ""
            parts.append(text.rstrip(".") + basis + ".")
    moves = _reorganised(ds, model, lang)
    if moves:
        parts.append(
            WORDS.pick("context_agencies", lang, moves=counted("agency", len(moves), lang), list="; ".join(moves))
        )
    return " ".join(parts)


def method_notes(ds: Dataset, model: ReportModel, lang: Lang, base_year: int | None) -> list[str]:
    """The annex 'Ghi chú phương pháp': how the figures were read, in the report's own wording."""
    plan = ds.plan()
    info = i18n.base_year_info(plan, base_year)
    if info.override:
        out = [info.sentence(lang)]
    elif info.origin == "default":
        start, end = info.period or (info.used + 1, info.used + 1)
        out = [WORDS.pick("method_default", lang, used=info.used, start=start, end=end)]
    else:
        out = [WORDS.pick("method_plan", lang, used=info.used)]
    out += [WORDS.pick("method_verdict", lang), WORDS.pick("method_share", lang)]
    for row in model.indicators:
        ind = row.status.indicator
        for t in ind.targets:
            if t.kind == "about" and t.tolerance is not None:
                tolerance = i18n.difference(t.tolerance, ind.unit, lang)
                out.append(WORDS.pick("method_tolerance", lang, name=ind.name.pick(lang), tolerance=tolerance))
                break
    out.extend(note.pick(lang) for note in plan.notes)
    out.extend(note for ind in ds.targets.indicators for note in amendments.notes(ds, ind, lang))
    return out


def recorded_decimals(value: float) -> int:
    """The decimals a figure was recorded with (0.748 → 3, 47.5 → 1), at least the usual two at
    most: a figure keeps its precision (HDI 0,748, not 0,75)."""
    text = repr(float(value))
    if "e" in text or "." not in text:
        return 0
    return len(text.split(".", 1)[1].rstrip("0"))


def figure_text(value: float, of: int | None, unit: str, lang: Lang) -> str:
    """A recorded figure as printed: its recorded decimals when more than two, '/N' for a rank of N."""
    decimals = recorded_decimals(value)
    text = with_unit(value, unit, lang, decimals=decimals if decimals > 2 else None)
    return text + (f"/{of}" if of else "")


def counted(noun: str, n: int, lang: Lang) -> str:
    """'1 indicator', '2 indicators' ('1 chỉ tiêu', '2 chỉ tiêu'): `noun` is indicator, task or agency."""
    return WORDS.pick(f"{noun}_1" if n == 1 else f"{noun}_n", lang, n=n)


def result_lines(model: ReportModel, lang: Lang) -> list[tuple[str, list[str]]]:
    """Section II's opening: per milestone, the verdict counts in a sentence, then each missed
    target (a past milestone) or target at risk (a future one) with its figure and gap."""
    out = []
    for m in model.milestones:
        parts = ", ".join(f"{i18n.status_word(code, lang).lower()} {n}" for code, n in m.counts.items())
        kind = WORDS.pick("forecast", lang) if m.mode == "forecast" else ""
        line = WORDS.pick(
            "result", lang, year=m.year, kind=kind, count=counted("indicator", m.total, lang), parts=parts
        )
        named = m.missed if m.mode == "verdict" else m.at_risk
        items = [_target_item(model, i, m.year, lang, status=m.mode == "forecast") for i in named]
        if items:
            line += " " + WORDS.pick("missed_head" if m.mode == "verdict" else "at_risk_head", lang, year=m.year)
        out.append((line, items))
    return out


def _target_item(model: ReportModel, indicator: str, year: int, lang: Lang, *, status: bool) -> str:
    """'Name: 47,5 % (2025), mục tiêu tối thiểu 50 %, còn thiếu 2,5 điểm phần trăm.'; a count
    in the plan's word: 'mục tiêu tối thiểu 15 doanh nghiệp, còn thiếu 3 doanh nghiệp'."""
    row = model.indicator(indicator)
    t = row.target(year)
    assert t is not None  # the model names only indicators with a target that year
    ind, a = row.status.indicator, t.milestone.assessment
    name = ind.name.pick(lang)
    if status:
        name += f" ({i18n.status_word(a.status, lang).lower()})"
    word = i18n.count_word(ind, lang)
    figure = "—"
    if t.judged is not None:
        p = t.judged.point
        figure = figure_text(p.value, p.of, ind.unit, lang) + (f" {word}" if word else "") + f" ({p.year})"
    target = describe_target(t.milestone.target, ind.unit, lang, a.threshold, prose=True, word=word)
    gap = i18n.gap_text(a, ind.unit, lang, word=word)
    return WORDS.pick("target_item", lang, name=name, figure=figure, target=target, gap=gap)


def _task_issues(ds: Dataset, model: ReportModel, lang: Lang) -> list[str]:
    """Late, unreported and partly reported tasks, counted per agency responsible (the numbers of
    the tasks are in the appendix's table 3, `task_annex`)."""
    tasks = model.tasks
    if not tasks.total:
        return []
    names = ds.agency_names(lang)

    def per_agency(pick: Callable[[AgencyTasks], Sequence[int]]) -> str:
        return "; ".join(
            WORDS.pick("agency_count", lang, name=names.get(a.agency, a.agency), n=len(pick(a)))
            for a in tasks.by_agency
            if pick(a)
        )

    out = []
    if tasks.late:
        count = counted("task", len(tasks.late), lang)
        out.append(WORDS.pick("late_by_agency", lang, count=count, agencies=per_agency(lambda a: a.late)))
    if tasks.unreported:
        out.append(
            WORDS.pick(
                "unreported_by_agency",
                lang,
                n=len(tasks.unreported),
                total=tasks.total,
                agencies=per_agency(lambda a: a.unreported),
            )
        )
    gaps = partly_reported(tasks)
    if gaps:
        count = counted("task", len(gaps), lang)
        out.append(
            WORDS.pick(
                "gaps_by_agency", lang, count=count, agencies=per_agency(lambda a: [i for i in a.missing if i in gaps])
            )
        )
    if out:
        out[-1] += " " + WORDS.pick("see_annex", lang)
    return out


def partly_reported(tasks: TaskSummary) -> set[int]:
    """Tasks reported on that still lack the report of a closed year."""
    return set(tasks.missing) - set(tasks.unreported)


def task_annex(ds: Dataset, model: ReportModel, lang: Lang) -> list[list[str]]:
    """The appendix's table 3: per agency responsible, the numbers of its late tasks, its
    unreported tasks and its partly reported ones with the years missing."""
    names = ds.agency_names(lang)
    years = {s.id: s.missing_years for s in model.tasks.items}
    gaps = partly_reported(model.tasks)
    rows: list[list[str]] = []
    for a in model.tasks.by_agency:
        partly = [i for i in a.missing if i in gaps]
        if not (a.late or a.unreported or partly):
            continue
        cells = [
            id_ranges(a.late),
            id_ranges(a.unreported),
            "; ".join(f"{i} ({id_ranges(list(years[i]))})" for i in partly),
        ]
        rows.append([str(len(rows) + 1), agency_label(a, names, lang, confirmations=False), *(c or "—" for c in cells)])
    return rows


def _reorganised(ds: Dataset, model: ReportModel, lang: Lang) -> list[str]:
    """'<old> → <successor>' per lead agency of the plan whose tasks a successor now answers for."""
    names = ds.agency_names(lang)
    seen: dict[str, str] = {}
    for s in model.tasks.items:
        acc = s.lead_now
        if acc.hops and acc.original not in seen:
            old = names.get(acc.original, acc.original)
            seen[acc.original] = WORDS.pick("moved", lang, old=old, now=names.get(acc.agency, acc.agency))
    return list(seen.values())


def _collection_round(ds: Dataset, model: ReportModel, lang: Lang) -> list[str]:
    """The year's collection round (collection/YEAR.yaml), when one was logged: the agencies
    past their deadline with no clean form back, those whose form was sent back for correction
    and has not come back, and those no form was sent to, each named."""
    r = model.round
    if r is None:
        return []
    agency_names = ds.agency_names(lang)

    def named(items: Sequence[RoundAgency], *, deadline: bool = False) -> str:
        def one(a: RoundAgency) -> str:
            name = agency_names.get(a.agency, a.agency)
            if deadline and a.deadline is not None:
                name += WORDS.pick("due", lang, day=L.date(a.deadline, lang))
            return name

        return "; ".join(one(a) for a in items)

    day = L.date(model.on, lang)
    out: list[str] = []
    late = r.with_state("late")
    if late:
        out.append(
            WORDS.pick(
                "round_late",
                lang,
                n=len(late),
                total=len(r.agencies),
                year=r.year,
                day=day,
                names=named(late, deadline=True),
            )
        )
    if r.returned:
        out.append(WORDS.pick("round_returned", lang, n=len(r.returned), year=r.year, names=named(r.returned)))
    unsent = r.with_state("not_sent")
    if unsent:
        out.append(WORDS.pick("round_unsent", lang, year=r.year, n=len(unsent), names=named(unsent)))
    return out


def agency_label(a: AgencyTasks, names: Mapping[str, str], lang: Lang, *, confirmations: bool = True) -> str:
    """An accountable agency as a row of a table by agency: its name, and every agency it
    answers for through a succession (its tasks are counted under it)."""
    name = names.get(a.agency, a.agency)
    found = dict.fromkeys(i18n.succession_note(acc, names, lang, confirmations=confirmations) for acc in a.succeeded)
    return f"{name} ({'; '.join(found)})" if found else name


def reporting_agency(ds: Dataset, day: dt.date, lang: Lang) -> str:
    """The plan's collector agency as on `day` (its successions followed), by its name; '' when
    the plan names none."""
    from stiplan.engine.collection import accountable

    plan = ds.plan()
    if plan.collector is None or ds.agencies is None:
        return ""
    agency = ds.agency(accountable(ds, plan.collector.agency, day))
    return agency.name.pick(lang) if agency is not None else ""


def timeframe(state: TaskState, lang: Lang) -> str:
    """A task's timeframe as the appendix prints it: the plan's own wording in Vietnamese; in
    another language its years in that language ('yearly 2018–2030', '2021–2025', from
    `views.tasks.timeframe_text`), since the wording is the plan's Vietnamese."""
    if lang == L.DATA_LANG:
        return state.task.timeframe.text
    from stiplan.views.tasks import timeframe_text  # only for a translated report: it loads rich

    return timeframe_text(state, lang)


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
    model: ReportModel | None = None,
) -> ReportContent:
    """The report's content in words; its numbers are `model`'s (built here when not given).
    `base_year` overrides the plan's (a --base-year sensitivity check)."""
    if model is None:
        model = build_model(ds, statuses, as_of=as_of, day=day, base_year=base_year, lang=lang)
    plan = ds.plan()
    base_info = i18n.base_year_info(plan, base_year)
    names = ds.agency_names(lang)

    def word(code: str) -> str:
        return V.TASK_WORDS.pick(code, lang)

    tasks = model.tasks
    agency_header = [
        WORDS.pick("no", lang),
        WORDS.pick("lead", lang),
        WORDS.pick("total", lang),
        *(word(code) for code in V.TASK_STATE_CODES),
        word("late"),
    ]
    agency_rows = [
        [
            str(n),
            agency_label(a, names, lang, confirmations=False),
            str(a.total),
            *(str(a.states[code]) for code in V.TASK_STATE_CODES),
            str(len(a.late)),
        ]
        for n, a in enumerate(tasks.by_agency, start=1)
    ]
    if agency_rows:
        totals = [str(tasks.states[c]) for c in V.TASK_STATE_CODES]
        agency_rows.append(["", WORDS.pick("grand_total", lang), str(tasks.total), *totals, str(len(tasks.late))])
    appendix = [
        TaskRow(
            n=n,
            id=s.id,
            title=s.task.title.pick(lang),
            agency=i18n.accountable_text(s.lead_now, names, lang, confirmations=False),
            timeframe=timeframe(s, lang),
            report=_report_reference(s, lang),
            state=word(s.state) + (f"; {word('late').lower()}" if s.late else ""),
            late=s.late,
        )
        for n, s in enumerate(tasks.items, start=1)
    ]
    document = {
        "document": V.document_name(plan.type, plan.decision, lang),
        "day": L.date(plan.date, lang),
        "issuer": plan.issuer.pick(lang),
    }
    return ReportContent(
        lang=lang,
        model=model,
        plan_line=WORDS.pick("plan_line", lang, title=plan.title.pick(lang), **document),
        plan_short=WORDS.pick("plan_short", lang, **document),
        plan_title=plan.title.pick(lang),
        plan_word=V.plan_word(plan.title.vi, plan.type, lang),
        indicators=_indicator_rows(model, lang),
        sources=[(n, i18n.dates_in_text(text, lang)) for n, text in enumerate(model.sources, start=1)],
        task_counts=[(word(code), tasks.states[code]) for code in V.TASK_STATE_CODES],
        agency_header=agency_header,
        agency_rows=agency_rows,
        shortcomings=_shortcomings(ds, model, lang),
        appendix=appendix,
        results=result_lines(model, lang),
        context=context_paragraph(ds, model, lang),
        method=method_notes(ds, model, lang, base_year),
        reporter=reporting_agency(ds, model.on, lang),
        task_annex=task_annex(ds, model, lang),
        base_sentence=base_info.sentence(lang),
        base_override=base_info.override,
        goals=list(ds.targets.goals),
        budget=budget_paragraph(ds.targets.budget, lang, as_of=model.as_of),
        indicator_notes=indicator_notes(model, lang),
    )


def indicator_notes(model: ReportModel, lang: Lang) -> list[str]:
    """'Name: note' for each indicator whose data carries a note for reports (e.g. a national index
    the province contributes to), in the order of the indicator table: each printed once."""
    return [
        WORDS.pick("indicator_note", lang, name=ind.name.pick(lang), note=ind.report_note.pick(lang))
        for r in model.indicators
        if (ind := r.status.indicator).report_note is not None
    ]
