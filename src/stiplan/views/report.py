"""The markdown memo: a report an official pastes into a letter to the People's Committee.

GitHub-flavoured markdown that converts cleanly with pandoc (footnotes become Word notes).
Deterministic: the same data and as-of year give byte-identical output; a date appears only
when the caller passes one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from stiplan.engine.indicators import IndicatorStatus, Point, status_counts
from stiplan.store.reading import Dataset
from stiplan.views import i18n
from stiplan.views import markdown as md
from stiplan.views.i18n import Lang, label, target_text, with_unit
from stiplan.vocabulary import STATUSES


def _t(lang: Lang, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


class Notes:
    """Numbered source notes, one per distinct source, numbered in order of first use."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self._seen: dict[str, str] = {}

    def ref(self, source: str) -> str:
        # A source typed twice with other spacing is one source, cited as first written.
        source = self._seen.setdefault(" ".join(source.split()), source)
        n = self.numbers.setdefault(source, len(self.numbers) + 1)
        return f"[^{n}]"

    def render(self, lang: Lang) -> str:
        """Each source once, its ISO dates written in the language's style; one line each
        (md.cell): a blank line in a source would end its footnote early."""
        from stiplan.views.report_terms import dates_in_text

        return "".join(f"[^{n}]: {md.cell(dates_in_text(source, lang))}\n" for source, n in self.numbers.items())


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
) -> str:
    """The memo. Tasks are judged on `task_day` (default: the plan's reporting cut-off of `as_of`);
    `base_year` is the --base-year of a sensitivity check (the memo then says so at its top);
    `charts` holds (caption, relative path) of PNGs written beside it."""
    plan = ds.targets.plan
    notes = Notes()
    out: list[str] = []
    title = _t(
        lang,
        f"Báo cáo tình hình thực hiện Kế hoạch {plan.decision}, tính đến năm {as_of}",
        f"Progress report on Plan {plan.decision}, as of {as_of}",
    )
    out.append(f"# {md.text(title)}\n\n")
    plan_title = plan.title.vi if lang == "vi" else plan.title.en
    issuer = plan.issuer.vi if lang == "vi" else plan.issuer.en
    line = _t(
        lang,
        f"{plan_title} (Quyết định số {plan.decision} ngày {i18n.date(plan.date, lang)} của {issuer}",
        f"{plan_title} (Decision {plan.decision} of {i18n.date(plan.date, lang)}, {issuer}",
    )
    if plan.implements is not None:
        line += _t(
            lang,
            f", thực hiện Quyết định số {plan.implements.decision} ngày {i18n.date(plan.implements.date, lang)}",
            f", implementing Decision {plan.implements.decision} of {i18n.date(plan.implements.date, lang)}",
        )
    out.append(md.text(line + ").") + "\n\n")
    if date is not None:
        out.append(
            md.text(_t(lang, f"Ngày lập báo cáo: {i18n.date(date, lang)}.", f"Report date: {i18n.date(date, lang)}."))
            + "\n\n"
        )

    base = i18n.base_year_info(plan, base_year)
    if base.override:
        out.append(f"**{md.text(base.sentence(lang))}**\n\n")

    milestones = list(plan.milestones)
    out.append(f"## 1. {_t(lang, 'Tóm tắt', 'Summary')}\n\n")
    for year in milestones:
        counts = status_counts(statuses, year)
        total = sum(counts.values())
        kind = (
            _t(lang, "đã qua, đánh giá theo số liệu của năm " + str(year), f"past: judged on the {year} figures")
            if year < as_of
            else _t(lang, "dự báo theo xu hướng", "forecast from the trend")
        )
        parts = ", ".join(f"{counts[s]} {label(i18n.STATUS_LABELS, s, lang).lower()}" for s in STATUSES if counts[s])
        out.append(
            "- "
            + md.text(
                _t(
                    lang,
                    f"Mốc {year} ({kind}): {total} chỉ tiêu — {parts}.",
                    f"Milestone {year} ({kind}): {total} indicators — {parts}.",
                )
            )
            + "\n"
        )
    decided = [y for y in milestones if y < as_of]
    if decided:
        out.append(
            "\n"
            + md.text(
                _t(
                    lang,
                    f"Các mốc đã qua ({', '.join(map(str, decided))}) là kết luận, không còn là dự báo.",
                    f"Past milestones ({', '.join(map(str, decided))}) are verdicts, no longer forecasts.",
                )
            )
            + "\n"
        )
    out.append("\n")

    out.append(f"## 2. {_t(lang, 'Các chỉ tiêu', 'Indicators')}\n\n")
    for year in milestones:
        out.append(f"### {_t(lang, 'Mốc', 'Milestone')} {year}\n\n")
        header = [
            "#",
            _t(lang, "Chỉ tiêu", "Indicator"),
            _t(lang, "Mục tiêu", "Target"),
            _t(lang, "Số liệu", "Figure"),
            _t(lang, "Khoảng cách tới mục tiêu", "Gap to target"),
            _t(lang, "Đánh giá", "Status"),
        ]
        rows: list[list[str]] = []
        for st in statuses:
            m = st.milestone(year)
            if m is None:
                continue
            rows.append(_indicator_row(len(rows) + 1, st, m, lang, notes))
        out.append(md.table(header, rows, ["r", "l", "l", "l", "r", "l"]))
        out.append("\n")
    out.append(md.text(base.sentence(lang)) + "\n")
    readings = [
        f"{st.indicator.name.vi if lang == 'vi' else st.indicator.name.en}: {note}"
        for st in statuses
        for note in dict.fromkeys(i18n.tolerance_note(t, st.indicator.unit, lang) for t in st.indicator.targets)
        if note
    ]
    for reading in readings:
        out.append("\n" + md.text(reading) + "\n")
    out.append("\n")

    if charts:
        out.append(f"### {_t(lang, 'Biểu đồ', 'Charts')}\n\n")
        for caption, path in charts:
            out.append(f"![{md.cell(caption)}]({path})\n\n")

    section = 3
    if task_day is None:
        from stiplan.engine.asof import cutoff_date

        task_day = cutoff_date(plan, as_of)
    tasks = task_section(ds, day=task_day, lang=lang)
    if tasks:
        out.append(f"## {section}. {_t(lang, 'Nhiệm vụ', 'Tasks')}\n\n{tasks}\n")
        section += 1

    out.append(f"## {section}. {_t(lang, 'Phạm vi số liệu', 'Scope of the figures')}\n\n")
    scope_names = {s.id: (s.name.vi if lang == "vi" else s.name.en) for s in plan.scopes}
    for event in plan.history:
        if event.date > plan.date:
            text = event.event.vi if lang == "vi" else event.event.en
            out.append("- " + md.text(f"{i18n.date(event.date, lang)}: {text}") + "\n")
    for note in plan.notes:
        out.append("- " + md.text(note.vi if lang == "vi" else note.en) + "\n")
    for st in statuses:
        name = st.indicator.name.vi if lang == "vi" else st.indicator.name.en
        if st.scope != plan.jurisdiction:
            where = scope_names.get(st.scope, st.scope)
            out.append(
                "- "
                + md.text(
                    _t(
                        lang,
                        f"{name}: chỉ tiêu đo trên phạm vi {where}; số liệu là số liệu cả nước theo bản chất của chỉ tiêu.",
                        f"{name}: measured for {where}; its figures are national by nature.",
                    )
                )
                + "\n"
            )
        for brk in st.indicator.breaks:
            out.append(
                "- "
                + md.text(
                    _t(
                        lang,
                        f"{name}: từ năm {brk.year} chuỗi số liệu đổi từ {brk.before} sang {brk.after}. {brk.reason}",
                        f"{name}: from {brk.year} the series changes from {brk.before} to {brk.after}. {brk.reason}",
                    )
                )
                + notes.ref(brk.source)
                + "\n"
            )
        for p in st.other_scope:
            where = scope_names.get(p.scope, p.scope)
            if p.left_out == "other_frame":
                where += f" · {p.frame}"
            value = with_unit(p.value, st.indicator.unit, lang)
            out.append(
                "- "
                + md.text(
                    _t(
                        lang,
                        f"{name}, {p.year}: {value} là số liệu của {where}, chỉ để tham khảo, không dùng để đánh giá.",
                        f"{name}, {p.year}: {value} is a figure for {where}, for reference only, not used in the assessment.",
                    )
                )
                + notes.ref(p.source)
                + "\n"
            )
    out.append("\n")
    section += 1

    out.append(f"## {section}. {_t(lang, 'Nguồn số liệu', 'Sources')}\n\n")
    if notes.numbers:
        out.append(
            md.text(
                _t(
                    lang,
                    "Mỗi số liệu trong báo cáo được dẫn nguồn bằng chú thích đánh số.",
                    "Every figure in this report cites its source in a numbered note.",
                )
            )
            + "\n\n"
        )
        out.append(notes.render(lang))
    else:
        out.append(md.text(_t(lang, "Chưa có số liệu nào.", "No figures recorded.")) + "\n")
    return "".join(out)


def task_section(ds: Dataset, *, day: dt.date, lang: Lang) -> str:
    """Per agency responsible on `day`: reported states, missing reports and late tasks.

    The same computation and words as `stiplan tasks`; shown for every plan with tasks, reported
    on or not (unreported tasks are the first thing a reader must see). An agency reorganised since the plan is named as its successor, with whom it
    succeeded; the tasks with missing reports are listed with their years.
    """
    from stiplan.engine import tasks as T
    from stiplan.engine.asof import plan_cutoff
    from stiplan.views import tasks as V

    if ds.tasks is None or not ds.tasks.tasks:
        return ""
    states = T.task_states(ds, day)
    names = {a.id: (a.name.vi if lang == "vi" else a.name.en) for a in ds.agencies.agencies} if ds.agencies else {}
    tallies = [t for t in T.accountability(states) if t.lead.total]
    word = lambda key: label(i18n.TASK_STATUS_LABELS, key, lang)  # noqa: E731
    header = [_t(lang, "Cơ quan chủ trì", "Lead agency"), _t(lang, "Số nhiệm vụ", "Tasks")]
    header += [word(k) for k in (*T.STATES, "missing", "late")]
    rows = []
    for t in tallies:
        name = names.get(t.agency, t.agency)
        notes = "; ".join(V.succession_note(acc, names, lang) for acc in t.succeeded.values())
        cells = [md.cell(f"{name} ({notes})" if notes else name), str(t.lead.total)]
        cells += [str(getattr(t.lead, k)) for k in (*T.STATES, "missing", "late")]
        rows.append(cells)
    total = sum(t.lead.total for t in tallies)
    late = sum(s.late for s in states)
    missing = [s for s in states if s.no_report]
    cut = i18n.day_month(*plan_cutoff(ds.targets.plan), lang)
    intro = md.text(
        _t(
            lang,
            f"{total} nhiệm vụ theo cơ quan chủ trì, {V.as_of_text(day, lang)}: {late} nhiệm vụ trễ hạn "
            f"(đã báo cáo, chưa hoàn thành, đã quá năm kết thúc); {len(missing)} nhiệm vụ thiếu báo cáo của ít nhất "
            f"một năm đã hết kỳ báo cáo (năm báo cáo kết thúc ngày {cut}). "
            "Thiếu báo cáo không được tính là trễ hạn.",
            f"{total} tasks by lead agency, {V.as_of_text(day, lang)}: {late} late (reported, not done, past "
            f"their end); {len(missing)} with no report for at least one year whose reporting period (ending "
            f"{cut}) has closed. "
            "A missing report is not counted as late.",
        )
    )
    out = intro + "\n\n" + md.table(header, rows, ["l"] + ["r"] * (len(header) - 1))
    if missing:
        out += "\n" + md.text(
            _t(lang, "Nhiệm vụ thiếu báo cáo (số thứ tự: năm):", "Tasks with missing reports (no.: years):")
        )
        out += " " + md.text("; ".join(f"{s.id}: {V.year_runs(s.missing_years)}" for s in missing)) + ".\n"
    return out


def _figure(p: Point, unit: str, lang: Lang, notes: Notes) -> str:
    """A figure with its year and the note that cites its source."""
    value = with_unit(p.value, unit, lang) + (f"/{p.of}" if p.of else "")
    return md.cell(f"{value} ({p.year})") + notes.ref(p.source)


def _indicator_row(n: int, st: IndicatorStatus, m, lang: Lang, notes: Notes) -> list[str]:
    ind, a = st.indicator, m.assessment
    name = ind.name.vi if lang == "vi" else ind.name.en
    judged = next((p for p in st.series if a.latest is not None and p.year == a.latest.year), None)
    if judged is not None:
        figure = _figure(judged, ind.unit, lang, notes)
    elif a.mode == "verdict":
        figure = md.cell(_t(lang, f"chưa có số liệu năm {m.target.year}", f"no figure for {m.target.year}"))
        if st.latest is not None:
            figure += md.cell(_t(lang, "; gần nhất:", "; latest:")) + " " + _figure(st.latest, ind.unit, lang, notes)
    elif st.latest is not None:
        figure = _figure(st.latest, ind.unit, lang, notes)
    else:
        figure = md.cell(label(i18n.STATUS_LABELS, "no_data", lang))
    if st.other_scope:
        figure += " " + md.cell(
            _t(lang, "(có số liệu phạm vi khác, xem mục Phạm vi số liệu)", "(figures of another scope: see Scope)")
        )
    gap = i18n.gap_text(a, ind.unit, lang)
    status = i18n.status_words(a, lang)
    if a.status in ("insufficient_data", "not_comparable") and a.reason:
        status += f" ({label(i18n.REASON_LABELS, a.reason, lang)})"
    return [
        str(n),
        md.cell(f"{name} ({i18n.clause_text(ind.source, lang)})"),
        md.cell(target_text(m.target, ind.unit, lang, a.threshold)),
        figure,
        md.cell(gap),
        md.cell(status),
    ]
