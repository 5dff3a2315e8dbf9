"""Every word the site adds to the project's word tables (views/i18n.py, vocabulary.py), keyed.

One `Term` per key, both languages side by side (Open SDG's keyed translations), read with
`SITE_WORDS.pick(key, lang)`; templates look words up with `w('key')` in `PAGE_WORDS`, never branch on the
language. Words the project already has (statuses, task states, units, methods…) are taken
from their own tables, not repeated here.
"""

from __future__ import annotations

from typing import Final

from stiplan.lang import Term, Words
from stiplan.views import i18n

SITE_WORDS: Final[Words] = Words(
    site_title=Term("Tiến độ thực hiện kế hoạch", "Plan progress"),
    skip=Term("Chuyển đến nội dung chính", "Skip to main content"),
    nav_label=Term("Điều hướng chính", "Main navigation"),
    home=Term("Tổng quan", "Overview"),
    indicators=Term("Chỉ tiêu", "Indicators"),
    tasks=Term("Nhiệm vụ", "Tasks"),
    agencies=Term("Cơ quan", "Agencies"),
    availability=Term("Số liệu sẵn có", "Data availability"),
    downloads=Term("Tải về", "Downloads"),
    other_lang=Term("English", "Tiếng Việt"),
    other_lang_label=Term("Xem bằng tiếng Anh", "View in Vietnamese"),
    plan=Term("Kế hoạch", "Plan"),
    document=Term("Văn bản", "Document"),
    issued=Term("Ngày ban hành", "Issued"),
    issuer=Term("Cơ quan ban hành", "Issued by"),
    implements=Term("Thực hiện văn bản", "Implements"),
    period=Term("Giai đoạn", "Period"),
    doc_type=Term("Loại văn bản", "Document type"),
    vision=Term("Tầm nhìn đến năm", "Vision to"),
    judged_on=Term("Ngày đánh giá", "Judged on"),
    goals=Term("Mục tiêu định tính (ghi nhận, không chấm điểm)", "Qualitative goals (recorded, not scored)"),
    target_year=Term("Năm mục tiêu", "Target year"),
    amendment=Term("Điều chỉnh", "Amendment"),
    as_of_day=Term("Tính đến ngày", "As of"),
    last_change=Term("Dữ liệu cập nhật lần cuối", "Data last changed"),
    unknown=Term("không rõ (thư mục dữ liệu không nằm trong git)", "unknown (the data folder is not in git)"),
    verdicts_of=Term("Đánh giá {n} chỉ tiêu", "Status of {n} indicators"),
    count=Term("Số chỉ tiêu", "Indicators"),
    n_indicators=Term("{n} chỉ tiêu", "{n} indicators"),
    n_tasks=Term("{n} nhiệm vụ", "{n} tasks"),
    direction=Term("Chiều tốt", "Better when"),
    clause=Term("Điều khoản", "Clause"),
    sentence=Term("Câu chữ của kế hoạch", "The plan's words"),
    frame=Term("Chuỗi số liệu", "Series frame"),
    breaks=Term("Điểm gãy chuỗi", "Series breaks"),
    readings=Term("Cách hiểu", "Readings"),
    chart=Term("Biểu đồ", "Chart"),
    chart_desc=Term(
        "{n} số liệu theo năm ({unit}); đường nối các số liệu được dùng để tính, ô vuông rỗng là số liệu chỉ để tham khảo, vạch ngang là ngưỡng mục tiêu của từng mốc. Bảng bên dưới ghi đủ các số liệu.",
        "{n} yearly figures ({unit}); the line joins the figures used in the arithmetic, hollow squares are reference-only figures, dashes are each milestone's target threshold. The table below lists every figure.",
    ),
    legend_series=Term("Số liệu dùng để tính", "Figures used"),
    legend_reference=Term("Số liệu tham khảo", "Reference figures"),
    legend_target=Term("Ngưỡng mục tiêu", "Target threshold"),
    figures=Term("Số liệu theo năm", "Yearly figures"),
    used=Term("Dùng để tính", "Used"),
    yes=Term("có", "yes"),
    no_reason=Term("không: {why}", "no: {why}"),
    no_figures=Term("Chưa có số liệu công bố.", "No published figure yet."),
    targets=Term("Mục tiêu và đánh giá", "Targets and status"),
    method=Term("Cách tính", "Method"),
    how=Term("Cách tính từng bước", "The arithmetic, step by step"),
    task=Term("Số TT", "No."),
    title=Term("Nhiệm vụ", "Task"),
    lead=Term("Chủ trì (theo kế hoạch)", "Lead (as the plan names it)"),
    accountable=Term("Chịu trách nhiệm", "Accountable"),
    cooperating=Term("Phối hợp", "Cooperating"),
    timeframe=Term("Thời gian", "Timeframe"),
    state=Term("Tình trạng", "State"),
    late=Term("Trễ hạn", "Late"),
    missing=Term("Năm thiếu báo cáo", "Years without report"),
    filter=Term("Lọc nhiệm vụ", "Filter tasks"),
    all=Term("Tất cả", "All"),
    shown=Term("Đang hiển thị {k}/{n} nhiệm vụ", "Showing {k} of {n} tasks"),
    no_js=Term(
        "Bảng dưới đây liệt kê đủ mọi nhiệm vụ; bộ lọc cần JavaScript.",
        "The table below lists every task; the filters need JavaScript.",
    ),
    owes_lead=Term("Chủ trì", "Leads"),
    owes_cooperating=Term("Phối hợp", "Cooperates"),
    reported=Term("Đã báo cáo", "Reported"),
    unreported=Term("Thiếu báo cáo", "Missing reports"),
    succeeded=Term("Kế thừa", "Succession"),
    form_state=Term("Biểu thu thập năm {year}", "Collection form {year}"),
    form_state_none=Term("Biểu thu thập", "Collection form"),
    no_round=Term("chưa mở đợt thu thập", "no collection round yet"),
    not_owed=Term("không phải báo cáo đợt này", "owes nothing this round"),
    agencies_note=Term(
        "Số nhiệm vụ mỗi cơ quan chịu trách nhiệm chủ trì hoặc phối hợp tính đến ngày đánh giá (kể cả nhiệm vụ kế thừa); các cột {done}, Đã báo cáo, Trễ hạn, Thiếu báo cáo tính trên nhiệm vụ chủ trì.",
        "Tasks each agency answers for as lead or cooperating agency on the judging date (successions included); {done}, Reported, Late and Missing reports count its tasks as lead.",
    ),
    avail_counts=Term("có, dùng để tính", "yes, counts"),
    avail_reference=Term("chỉ tham khảo", "reference only"),
    avail_none=Term("không có", "none"),
    avail_note=Term(
        "Mỗi ô cho biết năm đó có số liệu không: ● có và được dùng để tính; ◌ chỉ có số liệu phạm vi khác hoặc chuỗi khác (tham khảo); – không có.",
        "Each cell says whether the year has a figure: ● one that counts; ◌ only figures of another scope or frame (reference); – none.",
    ),
    dl_table=Term("Bảng", "Table"),
    dl_files=Term("Tệp", "Files"),
    dl_note=Term(
        "CSV: mã UTF-8, dòng đầu là mã cột; bản “Excel” có BOM để Excel đọc đúng tiếng Việt. Số viết theo kiểu máy (dấu chấm thập phân).",
        "CSV: UTF-8, the first row holds the column codes; the “Excel” copy starts with a BOM so Excel reads Vietnamese right. Numbers in machine style (decimal point).",
    ),
    all_tables=Term("Mọi bảng", "All tables"),
    report=Term("Báo cáo", "Report"),
    csv=Term("CSV", "CSV"),
    csv_bom=Term("CSV (Excel)", "CSV (Excel)"),
    xlsx=Term("Excel (.xlsx)", "Excel (.xlsx)"),
    json=Term("JSON", "JSON"),
    docx=Term("Word (.docx)", "Word (.docx)"),
    md=Term("Markdown", "Markdown"),
    actuals=Term("Số liệu thực tế", "Actuals"),
    footer=Term(
        "Tạo bởi stiplan từ dữ liệu của kế hoạch; không tải gì từ mạng.",
        "Built by stiplan from the plan's data; loads nothing from the network.",
    ),
)

PAGE_WORDS: Final[Words] = Words({**i18n.WORDS, **SITE_WORDS})
"""The words a page reads: the table words every view shares (`views.i18n.WORDS`: indicator,
unit, target, status, source…) and the site's own, each in one table only (a test keeps the two
key sets apart)."""

STATUS_MARKS: Final[dict[str, str]] = {
    "achieved": "✓",
    "target_reached": "✓",
    "on_track": "↗",
    "needs_acceleration": "→",
    "limited_progress": "→",
    "deteriorating": "↘",
    "missed": "✗",
    "not_assessable": "⊘",
    "not_comparable": "≠",
    "insufficient_data": "?",
    "no_data": "–",
}
"""A text mark beside each status's word and colour on the site's chips (a sign for the eye
scanning a table; the word carries the meaning, so colour is never the only signal)."""
