"""Sections I–V and the task appendix of the Word report, in the order such a report has them.

I. Công tác chỉ đạo, triển khai — the Department's narrative (or a marked place for it);
II. Kết quả thực hiện — the yearly indicator table (landscape) with the indicators' notes, its
numbered sources, the charts, then the tasks by state and by lead agency, the budget when
recorded and the qualitative goals; III. Tồn tại, hạn chế — found in the data;
IV. Phương hướng, nhiệm vụ and V. Kiến nghị, đề xuất — the narrative. The appendix lists every
task.
"""

from __future__ import annotations

from typing import Any

from stiplan import lang as LANG
from stiplan import vocabulary as V
from stiplan.lang import Lang, Term, Words
from stiplan.views import charts as C
from stiplan.views import docx_layout as L
from stiplan.views import i18n
from stiplan.views.report_content import ReportContent, counted
from stiplan.views.report_settings import Localised, ReportSettings, localised, localised_list

WORDS = Words(
    intro=Term(
        "Thực hiện {plan}, {agency} báo cáo kết quả thực hiện tính đến ngày {date} như sau:",
        "Under the {plan}, the {agency} reports the results as of {date} as follows:",
    ),
    intro_no_agency=Term(
        "Thực hiện {plan}, kết quả thực hiện tính đến ngày {date} như sau:",
        "Under the {plan}, this report gives the results as of {date}:",
    ),
    h_direction=Term("I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI", "I. DIRECTION AND IMPLEMENTATION"),
    h_results=Term("II. KẾT QUẢ THỰC HIỆN", "II. RESULTS"),
    h_indicators=Term("1. Kết quả thực hiện các chỉ tiêu", "1. Indicators"),
    indicators_intro=Term(
        "Kết quả thực hiện {n} của {plan} từ năm {base} đến năm {as_of} tại Bảng 1; nguồn của "
        "từng số liệu được ghi bằng số trong ngoặc đơn, dẫn tại danh mục nguồn số liệu sau bảng.",
        "Table 1 gives the plan's {n} from {base} to {as_of}; the number in "
        "brackets after a figure refers to the list of sources after the table.",
    ),
    h_charts=Term("Biểu đồ các chỉ tiêu có số liệu", "Charts of the indicators with figures"),
    h_tasks=Term("2. Kết quả thực hiện các nhiệm vụ", "2. Tasks"),
    tasks_intro=Term(
        "{plan} giao {total} (Phụ lục). Tính đến ngày {date}: {counts}.",
        "The plan sets {total} (Appendix). As of {date}: {counts}.",
    ),
    tasks_late=Term(
        " Trong số {reported} đã có báo cáo, {late} trễ hạn (đã hết thời gian thực hiện nhưng chưa hoàn thành).",
        " Of the {reported} reported on, {late} late (not done after the timeframe ended).",
    ),
    tasks_tables=Term(
        " Chi tiết theo cơ quan chủ trì tại Bảng 2, từng nhiệm vụ tại Phụ lục.",
        " Table 2 gives them by lead agency, the Appendix task by task.",
    ),
    table2=Term("Bảng 2. Nhiệm vụ theo cơ quan chủ trì", "Table 2. Tasks by lead agency"),
    h_budget=Term("{n}. Kinh phí thực hiện", "{n}. Funds"),
    h_goals=Term("{n}. Các mục tiêu định tính", "{n}. Qualitative goals"),
    no_tasks=Term("{plan} không có danh mục nhiệm vụ.", "The plan lists no tasks."),
    h_shortcomings=Term("III. TỒN TẠI, HẠN CHẾ", "III. SHORTCOMINGS"),
    h_ahead=Term("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ", "IV. DIRECTIONS AND TASKS AHEAD"),
    h_proposals=Term("V. KIẾN NGHỊ, ĐỀ XUẤT", "V. PROPOSALS"),
    table1=Term(
        "Bảng 1. Kết quả thực hiện các chỉ tiêu (năm gốc {base}, tính đến ngày {date})",
        "Table 1. Indicators (base year {base}, as of {date})",
    ),
    col_no=Term("STT", "No."),
    col_indicator=Term("Chỉ tiêu", "Indicator"),
    col_unit=Term("Đơn vị", "Unit"),
    col_target=Term("Mục tiêu {year}", "Target {year}"),
    col_share=Term("% mục tiêu", "% of target"),
    col_verdict=Term("Đánh giá", "Verdict"),
    table_note=Term(
        "Ghi chú: (n) số thứ tự nguồn số liệu; * số liệu không so sánh được (phạm vi khác như cả nước hoặc tỉnh "
        "sau hợp nhất, hoặc khác chuỗi số liệu), chỉ để tham khảo, không dùng để đánh giá; ô trống: chưa có số liệu. "
        "% mục tiêu: số liệu được đánh giá so với mức mục tiêu (chỉ tiêu xếp hạng: mục tiêu chia thứ hạng).",
        "Notes: (n) number of the source; * a figure that is not comparable (another scope, such as national "
        "or the merged province, or another series), for reference only, not used in the assessment; blank: no "
        "figure. % of target: the figure judged against the target level (ranks: target divided by rank).",
    ),
    h_sources=Term("Nguồn số liệu", "Sources of the figures"),
    no_sources=Term("Chưa có số liệu nào.", "No figure recorded."),
    appendix=Term("PHỤ LỤC", "APPENDIX"),
    attached=Term(
        "(Kèm theo Báo cáo số {number} ngày {date} của {agency})", "(Attached to Report {number} of {date}, {agency})"
    ),
    blank_date=Term("     /     /{year}", "     /     /{year}"),
    h_method=Term("GHI CHÚ PHƯƠNG PHÁP", "NOTES ON METHOD"),
    appendix_sub=Term(
        "Danh mục nhiệm vụ và tình hình thực hiện tính đến ngày {date}",
        "The plan's tasks and their progress as of {date}",
    ),
    col_task=Term("Nhiệm vụ", "Task"),
    col_lead=Term("Cơ quan chủ trì", "Lead agency"),
    col_timeframe=Term("Thời gian", "Timeframe"),
    col_report=Term("Báo cáo gần nhất", "Latest report"),
    col_state=Term("Tình trạng", "State"),
    table3=Term(
        "Bảng 3. Số thứ tự các nhiệm vụ trễ hạn, chưa có báo cáo theo cơ quan chủ trì",
        "Table 3. Numbers of the late and unreported tasks by lead agency",
    ),
    col_gaps=Term("Thiếu báo cáo năm đã qua (năm)", "Missing a past year's report (years)"),
)
"""Every word of the report's body, keyed (`lang.Words`)."""

PLACEHOLDER = Term("Bổ sung nội dung trước khi trình ký", "To be written before signing")
"""The marked place (highlighted, in brackets) where the Department writes its own paragraphs;
the pre-signing checklist finds what is left of it."""


def build_body(body: Any, c: ReportContent, settings: ReportSettings, charts: dict[str, bytes]) -> None:
    lang = c.lang
    n = settings.narrative
    write_here = PLACEHOLDER.pick(lang)

    if c.base_override:  # a sensitivity check says so before anything else
        body.para(c.base_sentence).runs[0].bold = True

    opening = localised(settings.opening, lang)
    if not opening:
        key = "intro" if c.reporter else "intro_no_agency"
        opening = WORDS.pick(key, lang, plan=c.plan_line, agency=c.reporter, date=_d(c))
    body.para(opening)

    body.heading(WORDS.pick("h_direction", lang))
    if c.context:
        body.para(c.context)
    body.paras(localised_list(n.direction, lang), write_here)

    body.heading(WORDS.pick("h_results", lang))
    for line, items in c.results:  # the result first, in sentences
        body.para(line)
        for item in items:
            body.bullet(item)
    for text in localised_list(n.results, lang):
        body.para(text)
    body.heading(WORDS.pick("h_indicators", lang), 2)
    body.para(
        WORDS.pick(
            "indicators_intro",
            lang,
            n=counted("indicator", len(c.indicators), lang),
            plan=c.plan_word,
            base=c.base_year,
            as_of=c.as_of,
        )
    )
    # The charts fill the portrait pages before the landscape table (two to a page), which
    # would otherwise end in a near-empty page.
    drawn = [st for st in c.statuses if st.indicator.id in charts]
    if drawn:
        body.heading(WORDS.pick("h_charts", lang), 3)
        for k, st in enumerate(drawn, start=1):
            body.picture(charts[st.indicator.id], C.WIDTH_MM)
            body.caption(C.caption(k, st, lang))
    body.section_break(landscape=True)
    _indicator_table(body, c)
    body.section_break(landscape=False)

    body.heading(WORDS.pick("h_tasks", lang), 2)
    if c.task_total:
        # Late is counted among the tasks reported on (a task without a report is never late).
        counts = ", ".join(f"{word.lower()} {count}" for word, count in c.task_counts if count)
        text = WORDS.pick(
            "tasks_intro", lang, plan=c.plan_word, total=counted("task", c.task_total, lang), date=_d(c), counts=counts
        )
        tasks = c.model.tasks
        if tasks.late:
            reported = counted("task", tasks.total - len(tasks.unreported), lang)
            text += WORDS.pick("tasks_late", lang, reported=reported, late=counted("task", len(tasks.late), lang))
        body.para(text + WORDS.pick("tasks_tables", lang))
        body.caption(WORDS.pick("table2", lang))
        body.table(
            c.agency_header,
            c.agency_rows,
            L.TEXT_WIDTH_MM,
            center=[0, *range(2, len(c.agency_header))],
        )
    else:
        body.para(WORDS.pick("no_tasks", lang, plan=c.plan_word))

    part = 3  # section II's parts after the indicators (1) and the tasks (2)
    if c.budget is not None:  # only from recorded figures; none recorded: no part, no placeholder
        body.heading(WORDS.pick("h_budget", lang, n=part), 2)
        body.para(c.budget)
        part += 1
    if c.goals:
        body.heading(WORDS.pick("h_goals", lang, n=part), 2)
        body.para(i18n.plan_count(c.plan_word, len(c.indicators), len(c.goals), lang))
        for goal in c.goals:
            given = localised(settings.goals.get(goal.id), lang)
            line, assessment = i18n.goal_lines(goal, given, lang)
            body.bullet(line)
            if given:
                body.para(assessment)
            else:
                body.placeholder(write_here)

    body.heading(WORDS.pick("h_shortcomings", lang))
    for text in c.shortcomings:
        body.bullet(text)
    for text in localised_list(n.shortcomings, lang):
        body.para(text)

    body.heading(WORDS.pick("h_ahead", lang))
    body.paras(localised_list(n.plans, lang), write_here)
    body.heading(WORDS.pick("h_proposals", lang))
    body.paras(localised_list(n.proposals, lang), write_here)


def untranslated(settings: ReportSettings, lang: Lang) -> list[str]:
    """The settings texts a report in `lang` prints in another language, as
    `narrative.direction[1]` or `goals.<id>`: one string (written in `lang.DATA_LANG`) or a
    `{vi: …, en: …}` without this language."""
    out = []
    n = settings.narrative
    for part in ("direction", "results", "shortcomings", "plans", "proposals"):
        for k, item in enumerate(getattr(n, part), start=1):
            if _not_in(item, lang):
                out.append(f"narrative.{part}[{k}]")
    out += [f"goals.{goal}" for goal, text in settings.goals.items() if _not_in(text, lang)]
    return out


def _not_in(item: Localised, lang: Lang) -> bool:
    if isinstance(item, str):
        return lang != LANG.DATA_LANG
    return getattr(item, lang) is None


def _d(c: ReportContent) -> str:
    return LANG.date(c.judged_on, c.lang)


def _indicator_table(body: Any, c: ReportContent) -> None:
    lang = c.lang
    body.caption(WORDS.pick("table1", lang, base=c.base_year, date=_d(c)))
    ms = c.milestones
    header = [
        WORDS.pick("col_no", lang),
        WORDS.pick("col_indicator", lang),
        WORDS.pick("col_unit", lang),
        *(WORDS.pick("col_target", lang, year=y) for y in ms),
        *(str(y) for y in c.years),
        WORDS.pick("col_share", lang),
        WORDS.pick("col_verdict", lang),
    ]
    rows = []
    for r in c.indicators:
        figures: list[object] = [
            [(f.text + ("" if f.in_scope else "*"), str(f.ref)) for f in r.figures.get(y, [])] for y in c.years
        ]
        rows.append(
            [
                str(r.n),
                f"{r.name} ({r.clause})",
                r.unit,
                *(r.targets.get(y, "—") for y in ms),
                *figures,
                "\n".join(f"{y}: {r.share[y]}" for y in ms if y in r.share),
                "\n".join(f"{y}: {r.verdicts[y]}" for y in ms if y in r.verdicts),
            ]
        )
    cols = len(header)
    total = L.LANDSCAPE_TEXT_WIDTH_MM
    fixed = {0: 10, 2: 14, **{3 + k: 15 for k in range(len(ms))}}
    # A year with a figure needs room for "42/131(5)"; a year without any stays narrow.
    year_ws = [16 if any(y in r.figures for r in c.indicators) else 11 for y in c.years]
    share_w, verdict_w = 19, 29
    name_w = total - sum(fixed.values()) - sum(year_ws) - share_w - verdict_w
    widths = [
        fixed[0],
        name_w,
        fixed[2],
        *(fixed[3 + k] for k in range(len(ms))),
        *year_ws,
        share_w,
        verdict_w,
    ]
    body.table(header, rows, total, center=[0, 2, *range(3, cols - 2)], widths=widths, size=10)
    note = WORDS.pick("table_note", lang)
    body.para(note, italic=True)
    for text in c.indicator_notes:  # each indicator's note for reports, once, under its table
        body.para(text, italic=True)
    body.heading(WORDS.pick("h_sources", lang), 3)
    if not c.sources:
        body.para(WORDS.pick("no_sources", lang))
    for n, text in c.sources:
        body.para(f"({n}) {text}")


def build_appendix(body: Any, c: ReportContent, settings: ReportSettings) -> None:
    lang = c.lang
    body.page_break()
    title = body.paragraph("Heading 1")
    title.add_run(WORDS.pick("appendix", lang))
    title.alignment = 1
    date = LANG.date(settings.date, lang) if settings.date else WORDS.pick("blank_date", lang, year=c.as_of)
    agency = c.reporter or localised(settings.agency, lang)
    attached = body.paragraph("Caption")
    attached.add_run(WORDS.pick("attached", lang, number=settings.number, date=date, agency=agency)).italic = True
    sub = body.paragraph("Caption")
    sub.add_run(WORDS.pick("appendix_sub", lang, date=_d(c))).bold = True
    header = [
        WORDS.pick("col_no", lang),
        WORDS.pick("col_task", lang),
        WORDS.pick("col_lead", lang),
        WORDS.pick("col_timeframe", lang),
        WORDS.pick("col_report", lang),
        WORDS.pick("col_state", lang),
    ]
    rows = [
        [str(r.n), f"{r.id}. {r.title}" if r.id != r.n else r.title, r.agency, r.timeframe, r.report, r.state]
        for r in c.appendix
    ]
    if not rows:
        body.para(WORDS.pick("no_tasks", lang, plan=c.plan_word))
        _method(body, c)
        return
    widths = [10, 57, 30, 21, 24, L.TEXT_WIDTH_MM - 142]
    body.table(header, rows, L.TEXT_WIDTH_MM, center=[0, 3, 5], widths=widths)
    if c.task_annex:
        body.caption(WORDS.pick("table3", lang))
        header = [
            WORDS.pick("col_no", lang),
            WORDS.pick("col_lead", lang),
            V.TASK_WORDS.pick("late", lang),
            V.TASK_WORDS.pick("no_report", lang),
            WORDS.pick("col_gaps", lang),
        ]
        body.table(header, c.task_annex, L.TEXT_WIDTH_MM, center=[0])
    _method(body, c)


def _method(body: Any, c: ReportContent) -> None:
    """The annex 'Ghi chú phương pháp': how the figures were read, kept out of the body."""
    if not c.method:
        return
    body.heading(WORDS.pick("h_method", c.lang), 2)
    for text in c.method:
        body.bullet(text)
