"""Sections I–V and the task appendix of the Word report, in the order such a report has them.

I. Công tác chỉ đạo, triển khai — the Department's narrative (or a marked place for it);
II. Kết quả thực hiện — the yearly indicator table (landscape), its numbered sources, the
charts, then the tasks by state and by lead agency; III. Tồn tại, hạn chế — found in the data;
IV. Phương hướng, nhiệm vụ and V. Kiến nghị, đề xuất — the narrative. The appendix lists every
task.
"""

from __future__ import annotations

from typing import Any

from stiplan.views import charts as C
from stiplan.views import docx_layout as L
from stiplan.views.report_content import ReportContent
from stiplan.views.report_settings import ReportSettings, localised_list
from stiplan.views.report_terms import t, task_state_word


def build_body(body: Any, c: ReportContent, settings: ReportSettings, charts: dict[str, bytes]) -> None:
    lang = c.lang
    n = settings.narrative
    write_here = t(
        lang, "Sở viết nội dung phần này tại mục narrative", "The Department writes this part under narrative"
    )

    if c.base_override:  # a sensitivity check says so before anything else
        body.para(c.base_sentence).runs[0].bold = True

    body.para(
        t(
            lang,
            f"Thực hiện {c.plan_line}, kết quả thực hiện tính đến ngày {_d(c)} như sau:",
            f"Under the {c.plan_line}, this report gives the results as of {_d(c)}:",
        )
    )

    body.heading(t(lang, "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI", "I. DIRECTION AND IMPLEMENTATION"))
    body.paras(localised_list(n.direction, lang), f"{write_here}.direction")

    body.heading(t(lang, "II. KẾT QUẢ THỰC HIỆN", "II. RESULTS"))
    for text in localised_list(n.results, lang):
        body.para(text)
    body.heading(t(lang, "1. Kết quả thực hiện các chỉ tiêu", "1. Indicators"), 2)
    body.para(
        t(
            lang,
            f"Kết quả thực hiện {len(c.indicators)} chỉ tiêu của Kế hoạch từ năm gốc {c.base_year} đến năm {c.as_of} "
            "tại Bảng 1; nguồn của từng số liệu được ghi bằng số trong ngoặc đơn, dẫn tại danh mục nguồn số liệu sau bảng.",
            f"Table 1 gives the {len(c.indicators)} indicators of the plan from the base year {c.base_year} to {c.as_of}; "
            "the number in brackets after a figure refers to the list of sources after the table.",
        )
        + " "
        + c.base_sentence
    )
    body.section_break(landscape=True)
    _indicator_table(body, c)
    body.section_break(landscape=False)

    drawn = [st for st in c.statuses if st.indicator.id in charts]
    if drawn:
        body.heading(t(lang, "Biểu đồ các chỉ tiêu có số liệu", "Charts of the indicators with figures"), 3)
        for k, st in enumerate(drawn, start=1):
            body.picture(charts[st.indicator.id], 150)
            body.caption(C.caption(k, st, lang))

    body.heading(t(lang, "2. Kết quả thực hiện các nhiệm vụ", "2. Tasks"), 2)
    if c.task_total:
        counts = "; ".join(f"{word.lower()}: {count}" for word, count in c.task_counts)
        late_word = task_state_word("late", lang).lower()
        body.para(
            t(
                lang,
                f"Kế hoạch giao {c.task_total} nhiệm vụ (Phụ lục). Tính đến ngày {_d(c)}: {counts}; "
                f"trong đó {c.late_count} nhiệm vụ {late_word}. Chi tiết theo cơ quan chủ trì tại Bảng 2, "
                "từng nhiệm vụ tại Phụ lục.",
                f"The plan sets {c.task_total} tasks (Appendix). As of {_d(c)}: {counts}; "
                f"{c.late_count} of them late. Table 2 gives them by lead agency, the Appendix task by task.",
            )
        )
        body.caption(t(lang, "Bảng 2. Nhiệm vụ theo cơ quan chủ trì", "Table 2. Tasks by lead agency"))
        body.table(
            c.agency_header,
            c.agency_rows,
            L.TEXT_WIDTH_MM,
            center=[0, *range(2, len(c.agency_header))],
        )
    else:
        body.para(t(lang, "Kế hoạch không có danh mục nhiệm vụ.", "The plan lists no tasks."))

    body.heading(t(lang, "III. TỒN TẠI, HẠN CHẾ", "III. SHORTCOMINGS"))
    for text in c.shortcomings:
        body.bullet(text)
    for text in localised_list(n.shortcomings, lang):
        body.para(text)

    body.heading(t(lang, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ", "IV. DIRECTIONS AND TASKS AHEAD"))
    body.paras(localised_list(n.plans, lang), f"{write_here}.plans")
    body.heading(t(lang, "V. KIẾN NGHỊ, ĐỀ XUẤT", "V. PROPOSALS"))
    body.paras(localised_list(n.proposals, lang), f"{write_here}.proposals")


def _d(c: ReportContent) -> str:
    from stiplan.views.report_terms import short_date

    return short_date(c.judged_on, c.lang)


def _indicator_table(body: Any, c: ReportContent) -> None:
    lang = c.lang
    body.caption(
        t(
            lang,
            f"Bảng 1. Kết quả thực hiện các chỉ tiêu (năm gốc {c.base_year}, tính đến ngày {_d(c)})",
            f"Table 1. Indicators (base year {c.base_year}, as of {_d(c)})",
        )
    )
    ms = c.milestones
    header = [
        t(lang, "STT", "No."),
        t(lang, "Chỉ tiêu", "Indicator"),
        t(lang, "Đơn vị", "Unit"),
        *(t(lang, f"Mục tiêu {y}", f"Target {y}") for y in ms),
        *(str(y) for y in c.years),
        t(lang, "% mục tiêu", "% of target"),
        t(lang, "Đánh giá", "Verdict"),
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
    note = t(
        lang,
        "Ghi chú: (n) số thứ tự nguồn số liệu; * số liệu không so sánh được (phạm vi khác như cả nước hoặc tỉnh "
        "sau hợp nhất, hoặc khác chuỗi số liệu), chỉ để tham khảo, không dùng để đánh giá; ô trống: chưa có số liệu. "
        "% mục tiêu: số liệu được đánh giá so với mức mục tiêu (chỉ tiêu xếp hạng: mục tiêu chia thứ hạng).",
        "Notes: (n) number of the source; * a figure that is not comparable (another scope, such as national "
        "or the merged province, or another series), for reference only, not used in the assessment; blank: no figure. "
        "% of target: the figure judged against the target level (ranks: target divided by rank).",
    )
    body.para(note, italic=True)
    body.heading(t(lang, "Nguồn số liệu", "Sources of the figures"), 3)
    if not c.sources:
        body.para(t(lang, "Chưa có số liệu nào.", "No figure recorded."))
    for n, text in c.sources:
        body.para(f"({n}) {text}")


def build_appendix(body: Any, c: ReportContent) -> None:
    lang = c.lang
    body.page_break()
    title = body.sd.add_paragraph(style="Heading 1")
    title.add_run(t(lang, "PHỤ LỤC", "APPENDIX"))
    title.alignment = 1
    sub = body.sd.add_paragraph(style="Caption")
    sub.add_run(
        t(
            lang,
            f"Danh mục nhiệm vụ và tình hình thực hiện tính đến ngày {_d(c)}",
            f"The plan's tasks and their progress as of {_d(c)}",
        )
    ).bold = True
    header = [
        t(lang, "STT", "No."),
        t(lang, "Nhiệm vụ", "Task"),
        t(lang, "Cơ quan chủ trì", "Lead agency"),
        t(lang, "Thời gian", "Timeframe"),
        t(lang, "Báo cáo gần nhất", "Latest report"),
        t(lang, "Tình trạng", "State"),
    ]
    rows = [
        [str(r.n), f"{r.id}. {r.title}" if r.id != r.n else r.title, r.agency, r.timeframe, r.report, r.state]
        for r in c.appendix
    ]
    if not rows:
        body.para(t(lang, "Kế hoạch không có danh mục nhiệm vụ.", "The plan lists no tasks."))
        return
    widths = [10, 57, 30, 21, 24, L.TEXT_WIDTH_MM - 142]
    body.table(header, rows, L.TEXT_WIDTH_MM, center=[0, 3, 5], widths=widths)
