"""The markdown memo: a report an official pastes into a letter to the People's Committee.

GitHub-flavoured markdown that converts cleanly with pandoc (footnotes become Word notes).
Deterministic: the same data and as-of year give byte-identical output; a date appears only
when the caller passes one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from stiplan import lang as L
from stiplan import vocabulary as V
from stiplan.engine.asof import plan_cutoff
from stiplan.engine.indicators import IndicatorStatus, Point
from stiplan.engine.report_model import IndicatorRow, ReportModel, TargetResult, build_model
from stiplan.lang import Lang, Term, Words
from stiplan.store.dataset import Dataset
from stiplan.views import amendments, i18n
from stiplan.views import markdown as md
from stiplan.views.budget import budget_paragraph
from stiplan.views.i18n import describe_target, with_unit
from stiplan.views.report_content import agency_label, counted, figure_text, indicator_notes

WORDS = Words(
    title=Term(
        "Báo cáo tình hình thực hiện {plan} {decision}, tính đến năm {as_of}",
        "Progress report on {plan} {decision}, as of {as_of}",
    ),
    plan=Term("{title} ({document} ngày {day} của {issuer}", "{title} ({document} of {day}, {issuer}"),
    implements=Term(", thực hiện {document} ngày {day}", ", implementing {document} of {day}"),
    report_date=Term("Ngày lập báo cáo: {day}.", "Report date: {day}."),
    summary=Term("Tóm tắt", "Summary"),
    past=Term("đã qua, đánh giá theo số liệu của năm {year}", "past: judged on the {year} figures"),
    forecast=Term("dự báo theo xu hướng", "forecast from the trend"),
    milestone_line=Term("Mốc {year} ({kind}): {count} — {parts}.", "Milestone {year} ({kind}): {count} — {parts}."),
    verdicts=Term(
        "Các mốc đã qua ({years}) là kết luận, không còn là dự báo.",
        "Past milestones ({years}) are verdicts, no longer forecasts.",
    ),
    indicators=Term("Các chỉ tiêu", "Indicators"),
    milestone=Term("Mốc", "Milestone"),
    indicator=Term("Chỉ tiêu", "Indicator"),
    target=Term("Mục tiêu", "Target"),
    figure=Term("Số liệu", "Figure"),
    gap=Term("Khoảng cách tới mục tiêu", "Gap to target"),
    status=Term("Đánh giá", "Status"),
    charts=Term("Biểu đồ", "Charts"),
    budget=Term("Kinh phí thực hiện", "Funds"),
    tasks=Term("Nhiệm vụ", "Tasks"),
    scope=Term("Phạm vi số liệu", "Scope of the figures"),
    national=Term(
        "{name}: chỉ tiêu đo trên phạm vi {where}; số liệu là số liệu cả nước theo bản chất của chỉ tiêu.",
        "{name}: measured for {where}; its figures are national by nature.",
    ),
    series_break=Term(
        "{name}: từ năm {year} chuỗi số liệu đổi từ {before} sang {after}. {reason}",
        "{name}: from {year} the series changes from {before} to {after}. {reason}",
    ),
    reference=Term(
        "{name}, {year}: {value} là số liệu của {where}, chỉ để tham khảo, không dùng để đánh giá.",
        "{name}, {year}: {value} is a figure for {where}, for reference only, not used in the assessment.",
    ),
    sources=Term("Nguồn số liệu", "Sources"),
    sources_note=Term(
        "Mỗi số liệu trong báo cáo được dẫn nguồn bằng chú thích đánh số.",
        "Every figure in this report cites its source in a numbered note.",
    ),
    no_figures=Term("Chưa có số liệu nào.", "No figures recorded."),
    lead=Term("Cơ quan chủ trì", "Lead agency"),
    task_count=Term("Số nhiệm vụ", "Tasks"),
    task_intro=Term(
        "{count} theo cơ quan chủ trì, {as_of}: {late} nhiệm vụ trễ hạn "
        "(đã báo cáo, chưa hoàn thành, đã quá năm kết thúc); {missing} nhiệm vụ thiếu báo cáo của ít nhất "
        "một năm đã hết kỳ báo cáo (năm báo cáo kết thúc ngày {cut}). "
        "Thiếu báo cáo không được tính là trễ hạn.",
        "{count} by lead agency, {as_of}: {late} late (reported, not done, past "
        "their end); {missing} with no report for at least one year whose reporting period (ending "
        "{cut}) has closed. "
        "A missing report is not counted as late.",
    ),
    missing_list=Term("Nhiệm vụ thiếu báo cáo (số thứ tự: năm):", "Tasks with missing reports (no.: years):"),
    no_milestone_figure=Term("chưa có số liệu năm {year}", "no figure for {year}"),
    latest=Term("; gần nhất:", "; latest:"),
    other_scope=Term("(có số liệu phạm vi khác, xem mục Phạm vi số liệu)", "(figures of another scope: see Scope)"),
)
"""The memo's words."""


class Notes:
    """The model's numbered sources as footnotes: `[^n]` where a figure cites source n (a
    figure's source in the report's language, `Point.source_in`, as the model numbered it)."""

    def __init__(self, model: ReportModel) -> None:
        self.model = model
        self.numbers = {" ".join(text.split()): n for n, text in enumerate(model.sources, start=1)}

    def ref(self, source: str) -> str:
        return f"[^{self.numbers[' '.join(source.split())]}]"

    def render(self, lang: Lang) -> str:
        """Each source once, its ISO dates written in the language's style; one line each
        (md.cell): a blank line in a source would end its footnote early."""
        return "".join(
            f"[^{n}]: {md.cell(i18n.dates_in_text(source, lang))}\n"
            for n, source in enumerate(self.model.sources, start=1)
        )


def render_memo(
    ds: Dataset,
    statuses: Sequence[IndicatorStatus],
    *,
    as_of: int,
    lang: Lang,
    date: dt.date | None = None,
    task_day: dt.date | None = None,
    base_year: int | None = None,
    charts: Sequence[tuple[str, str]] = (),
    goal_assessments: Mapping[str, str] | None = None,
    model: ReportModel | None = None,
) -> str:
    """The memo. Tasks are judged on `task_day` (default: the plan's reporting cut-off of `as_of`);
    `base_year` is the --base-year of a sensitivity check (the memo then says so at its top);
    `charts` holds (caption, relative path) of PNGs written beside it. Every number is `model`'s
    (built here when not given)."""

    def w(key: str, **params: object) -> str:
        return WORDS.pick(key, lang, **params)

    plan = ds.plan()
    if model is None:
        model = build_model(ds, statuses, as_of=as_of, day=task_day, base_year=base_year, lang=lang)
    notes = Notes(model)
    out: list[str] = []
    genre = V.plan_word(plan.title.vi, plan.type, lang)
    out.append(f"# {md.text(w('title', plan=genre, decision=plan.decision, as_of=as_of))}\n\n")
    line = w(
        "plan",
        title=plan.title.pick(lang),
        document=V.document_name(plan.type, plan.decision, lang),
        day=L.date(plan.date, lang),
        issuer=plan.issuer.pick(lang),
    )
    if plan.implements is not None:
        parent = plan.implements
        line += w(
            "implements", document=V.document_name(parent.type, parent.decision, lang), day=L.date(parent.date, lang)
        )
    out.append(md.text(line + ").") + "\n\n")
    if date is not None:
        out.append(md.text(w("report_date", day=L.date(date, lang))) + "\n\n")

    base = i18n.base_year_info(plan, base_year)
    if base.override:
        out.append(f"**{md.text(base.sentence(lang))}**\n\n")

    out.append(f"## 1. {w('summary')}\n\n")
    for ms in model.milestones:
        kind = w("past", year=ms.year) if ms.mode == "verdict" else w("forecast")
        parts = ", ".join(f"{n} {i18n.status_word(s, lang).lower()}" for s, n in ms.counts.items())
        count = counted("indicator", ms.total, lang)
        out.append("- " + md.text(w("milestone_line", year=ms.year, kind=kind, count=count, parts=parts)) + "\n")
    decided = [ms.year for ms in model.milestones if ms.mode == "verdict"]
    if decided:
        out.append("\n" + md.text(w("verdicts", years=", ".join(map(str, decided)))) + "\n")
    out.append("\n")

    out.append(f"## 2. {w('indicators')}\n\n")
    for ms in model.milestones:
        out.append(f"### {w('milestone')} {ms.year}\n\n")
        header = ["#", w("indicator"), w("target"), w("figure"), w("gap"), w("status")]
        rows: list[list[str]] = []
        for r in model.indicators:
            t = r.target(ms.year)
            if t is not None:
                rows.append(_indicator_row(len(rows) + 1, r, t, lang, notes))
        out.append(md.table(header, rows, ["r", "l", "l", "l", "r", "l"]))
        out.append("\n")
    out.append(md.text(base.sentence(lang)) + "\n")
    readings = [
        f"{st.indicator.name.pick(lang)}: {note}"
        for st in statuses
        for note in dict.fromkeys(i18n.tolerance_note(t, st.indicator.unit, lang) for t in st.indicator.targets)
        if note
    ]
    readings += [note for st in statuses for note in amendments.notes(ds, st.indicator, lang)]
    readings += indicator_notes(model, lang)
    for reading in readings:
        out.append("\n" + md.text(reading) + "\n")
    out.append("\n")
    budget = budget_paragraph(ds.targets.budget, lang, as_of=as_of)
    if budget is not None:  # only from recorded figures
        out.append(f"### {w('budget')}\n\n{md.text(budget)}\n\n")
    if ds.targets.goals:
        out.append(f"### {md.text(i18n.PHRASES.pick('goals', lang))}\n\n")
        out.append(md.text(i18n.plan_count(genre, len(ds.targets.indicators), len(ds.targets.goals), lang)) + "\n\n")
        for goal in ds.targets.goals:
            line, assessment = i18n.goal_lines(goal, (goal_assessments or {}).get(goal.id), lang)
            out.append(f"- {md.text(line)}\n  {md.text(assessment)}\n")
        out.append("\n")

    if charts:
        out.append(f"### {w('charts')}\n\n")
        for caption, path in charts:
            out.append(f"![{md.cell(caption)}]({path})\n\n")

    section = 3
    tasks = task_section(ds, model, lang=lang)
    if tasks:
        out.append(f"## {section}. {w('tasks')}\n\n{tasks}\n")
        section += 1

    out.append(f"## {section}. {w('scope')}\n\n")
    scope_names = ds.scope_names(lang)
    for event in plan.history:
        if event.date > plan.date:
            out.append("- " + md.text(f"{L.date(event.date, lang)}: {event.event.pick(lang)}") + "\n")
    for note in plan.notes:
        out.append("- " + md.text(note.pick(lang)) + "\n")
    for st in statuses:
        name = st.indicator.name.pick(lang)
        if st.scope != plan.jurisdiction:
            out.append("- " + md.text(w("national", name=name, where=scope_names.get(st.scope, st.scope))) + "\n")
        for brk in st.indicator.breaks:
            text = w("series_break", name=name, year=brk.year, before=brk.before, after=brk.after, reason=brk.reason)
            out.append("- " + md.text(text) + notes.ref(brk.source) + "\n")
        for p in st.other_scope:
            where = scope_names.get(p.scope, p.scope)
            if p.left_out == "other_frame":
                where += f" · {p.frame}"
            value = with_unit(p.value, st.indicator.unit, lang)
            text = w("reference", name=name, year=p.year, value=value, where=where)
            out.append("- " + md.text(text) + notes.ref(p.source_in(lang)) + "\n")
    out.append("\n")
    section += 1

    out.append(f"## {section}. {w('sources')}\n\n")
    if notes.numbers:
        out.append(md.text(w("sources_note")) + "\n\n")
        out.append(notes.render(lang))
    else:
        out.append(md.text(w("no_figures")) + "\n")
    return "".join(out)


def task_section(ds: Dataset, model: ReportModel, *, lang: Lang) -> str:
    """Per agency responsible on the judging day: reported states, missing reports and late tasks.

    Shown for every plan with tasks, reported on or not (unreported tasks are the first thing a
    reader must see). An agency reorganised since the plan is named as its successor, with whom
    it succeeded; the tasks with missing reports are listed with their years.
    """
    from stiplan.views import tasks as TV

    tasks = model.tasks
    if not tasks.total:
        return ""
    names = ds.agency_names(lang)
    columns = (*V.TASK_STATE_CODES, "missing", "late")
    header = [WORDS.pick("lead", lang), WORDS.pick("task_count", lang)]
    header += [V.TASK_WORDS.pick(k, lang) for k in columns]
    rows = []
    for a in tasks.by_agency:
        counts = {**a.states, "missing": len(a.missing), "late": len(a.late)}
        rows.append([md.cell(agency_label(a, names, lang)), str(a.total), *(str(counts[k]) for k in columns)])
    intro = WORDS.pick(
        "task_intro",
        lang,
        count=counted("task", tasks.total, lang),
        as_of=TV.as_of_text(model.on, lang),
        late=len(tasks.late),
        missing=len(tasks.missing),
        cut=L.day_month(*plan_cutoff(ds.plan()), lang),
    )
    out = md.text(intro) + "\n\n" + md.table(header, rows, ["l"] + ["r"] * (len(header) - 1))
    missing = [s for s in tasks.items if s.no_report]
    if missing:
        out += "\n" + md.text(WORDS.pick("missing_list", lang))
        out += " " + md.text("; ".join(f"{s.id}: {TV.year_runs(s.missing_years)}" for s in missing)) + ".\n"
    return out


def _figure(p: Point, unit: str, lang: Lang, notes: Notes) -> str:
    """A figure with its year and the note that cites its source."""
    value = figure_text(p.value, p.of, unit, lang)
    return md.cell(f"{value} ({p.year})") + notes.ref(p.source_in(lang))


def _indicator_row(n: int, r: IndicatorRow, t: TargetResult, lang: Lang, notes: Notes) -> list[str]:
    st, m = r.status, t.milestone
    ind, a = st.indicator, m.assessment
    if t.judged is not None:
        figure = _figure(t.judged.point, ind.unit, lang, notes)
    elif a.mode == "verdict":
        figure = md.cell(WORDS.pick("no_milestone_figure", lang, year=m.target.year))
        if st.latest is not None:
            figure += md.cell(WORDS.pick("latest", lang)) + " " + _figure(st.latest, ind.unit, lang, notes)
    else:
        figure = md.cell(i18n.status_word("no_data", lang))
    if st.other_scope:
        figure += " " + md.cell(WORDS.pick("other_scope", lang))
    word = i18n.count_word(ind, lang)
    return [
        str(n),
        md.cell(f"{ind.name.pick(lang)} ({i18n.clause_text(ind.source, lang)})"),
        md.cell(describe_target(m.target, ind.unit, lang, a.threshold, word=word)),
        figure,
        md.cell(i18n.gap_text(a, ind.unit, lang, word=word)),
        md.cell(i18n.status_with_reason(a, lang)),
    ]
