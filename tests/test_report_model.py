"""One report model, rendered three ways: the markdown memo, the Word report and
`report --format json` agree number for number (the expected numbers are worked by hand)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from conftest import LETTERHEAD, DataFolder, cli

INDICATORS = """\
  - id: tfp
    name: {vi: "Đóng góp của TFP", en: "TFP contribution"}
    unit: percent
    direction: increase
    source: {clause: II.2.a, text: "đạt tối thiểu 50%"}
    targets:
      - {year: 2025, kind: at_least, value: 50}
  - id: dti_rank
    name: {vi: "Xếp hạng DTI", en: "DTI rank"}
    unit: rank
    direction: decrease
    source: {clause: II.2.b, text: "nhóm 20 tỉnh đứng đầu"}
    targets:
      - {year: 2025, kind: rank_within, value: 20}
  - id: firms
    name: {vi: "Số doanh nghiệp KH&CN", en: "S&T enterprises"}
    unit: count
    unit_word: {vi: "doanh nghiệp", en: "enterprises"}
    direction: increase
    source: {clause: II.2.h, text: "phát triển thêm 05 doanh nghiệp"}
    targets:
      - {year: 2025, kind: increment_over_baseline, value: 5, baseline_year: 2020}
  - id: patents
    name: {vi: "Số đơn sáng chế", en: "Patent applications"}
    unit: count
    direction: increase
    source: {clause: II.2.i, text: "ít nhất 20 đơn"}
    targets:
      - {year: 2025, kind: at_least, value: 20}
      - {year: 2030, kind: at_least, value: 100}
"""

TASKS = """\
  - {id: 1, part: A, group: I, title: {vi: "Nhiệm vụ một"}, lead: dost, timeframe: {text: "2023-2025", start: 2023, end: 2025}}
  - {id: 2, part: A, group: I, title: {vi: "Nhiệm vụ hai"}, lead: dpi, timeframe: {text: "Hàng năm", start: 2023, yearly: true}}
  - {id: 3, part: A, group: I, title: {vi: "Nhiệm vụ ba"}, lead: dost, timeframe: {text: "2024-2026", start: 2024, end: 2026}}
  - {id: 4, part: A, group: I, title: {vi: "Nhiệm vụ bốn"}, lead: dpi, timeframe: {text: "2023-2024", start: 2023, end: 2024}}
"""

ACTUALS = {
    2020: 'year: 2020\nindicators:\n  firms: {value: 10, source: "Sở KH&CN 2021"}\n',
    2023: 'year: 2023\ntasks:\n  1: {status: in_progress, source: "BC 1/2023"}\n'
    '  4: {status: in_progress, source: "BC 4/2023"}\n',
    2024: 'year: 2024\ntasks:\n  1: {status: in_progress, source: "BC 1/2024"}\n'
    '  4: {status: done, source: "BC 4/2024"}\n',
    2025: "year: 2025\nindicators:\n"
    '  tfp: {value: 47.5, source: "Cục Thống kê 2026"}\n'
    '  dti_rank: {value: 15, of: 63, source: "Bộ KH&CN 2026", source_en: "Ministry of S&T 2026"}\n'
    '  firms: {value: 12, source: "  Cục   Thống kê 2026"}\n'  # the same source, typed with other spacing
    "tasks:\n"
    '  1: {status: in_progress, source: "BC 1/2025"}\n',
}
"""Hand-worked, as of 2026 (no cut-off declared: tasks judged on 31/12/2026):

Milestone 2025 (past: a verdict on the 2025 figures), 4 indicators:
- tfp 47.5 against at least 50: missed, 2.5 percentage points short, 47.5/50 = 95 % of target;
- dti_rank 15 against the top 20: achieved, 20/15 = 133.3 % of target (lower is better);
- firms 12 against 10 (2020) + 5 = 15: missed, 3 short, 12/15 = 80 %;
- patents: no figure at all: no data.
So: 1 achieved, 2 missed, 1 without a figure. Milestone 2030: patents only, no data.

Sources, numbered once in the order of the indicator table (indicators in the plan's order,
figures by year): 1 "Cục Thống kê 2026" (tfp 2025, and firms 2025 again), 2 "Bộ KH&CN 2026"
(dti 2025), 3 "Sở KH&CN 2021" (firms 2020).

Tasks: 1 (dost, 2023-2025) reported in progress every year, past its end → late; 2 (dpi,
yearly) and 3 (dost, 2024-2026) never reported → no report, missing years, not late (late needs a
report); 4 (dpi, 2023-2024) done in 2024. States: done 1, in progress 1, no report 2; late 1.
By agency: dost 2 tasks (in progress 1, no report 1, late 1) before dpi 2 tasks (done 1, no
report 1, late 0): most late first.
"""


@pytest.fixture
def folder(data: DataFolder) -> DataFolder:
    data.write_targets(INDICATORS)
    data.write_tasks(TASKS)
    data.clear_actuals()
    for year, text in ACTUALS.items():
        data.write(f"actuals/{year}.yaml", text)
    data.write("report.yaml", LETTERHEAD)
    return data


def _json(*args: str) -> dict[str, Any]:
    run = cli("report", "--as-of", "2026", "--format", "json", *args)
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


def _memo(*args: str) -> str:
    run = cli("report", "--as-of", "2026", "--no-charts", *args)
    assert run.exit_code == 0, run.stderr
    return run.stdout


_RENDERED: dict[str, bytes] = {}
"""The Word reports rendered this session, by `_inputs`: one data folder and one set of arguments
give one document, byte for byte (test_docx_layout's rerun test), so each is rendered once."""


def _inputs(folder: DataFolder, args: tuple[str, ...]) -> str:
    """A digest of everything the report reads: every file of the data folder (path and bytes),
    the arguments, and today's date (the report's default date)."""
    h = hashlib.sha256(f"{dt.date.today()}\0{args!r}\0".encode())
    for path in sorted(p for p in folder.root.rglob("*") if p.is_file()):
        h.update(f"{path.relative_to(folder.root).as_posix()}\0".encode() + path.read_bytes() + b"\0")
    return h.hexdigest()


def _docx(folder: DataFolder, *args: str) -> Any:
    key = _inputs(folder, args)
    if key not in _RENDERED:
        out = folder.base / "r.docx"
        run = cli("report", "--as-of", "2026", "--format", "docx", "--no-charts", "-o", str(out), *args)
        assert run.exit_code == 0, run.stderr
        _RENDERED[key] = out.read_bytes()
    return Document(io.BytesIO(_RENDERED[key]))


def _md_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines() if line.startswith("| ")]


def _table(doc: Any, first_header: str, second_header: str) -> list[list[str]]:
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == [first_header, second_header])
    return [[c.text for c in r.cells] for r in table.rows]


def test_json_holds_the_hand_worked_numbers(folder: DataFolder) -> None:
    d = _json()
    assert d["stiplan"] and d["lang"] == "vi"  # the envelope: the sources are in the report's language
    assert d["as_of"] == {"year": 2026, "date": "2026-12-31"}
    m2025, m2030 = d["milestones"]
    assert (m2025["year"], m2025["mode"], m2025["total"]) == (2025, "verdict", 4)
    assert m2025["counts"] == {"achieved": 1, "missed": 2, "no_data": 1}
    assert m2025["missed"] == ["tfp", "firms"] and m2025["unjudged"] == ["patents"]
    assert (m2030["mode"], m2030["counts"]) == ("forecast", {"no_data": 1})
    rows = {r["id"]: r for r in d["indicators"]}
    assert [r["n"] for r in d["indicators"]] == [1, 2, 3, 4]
    tfp, dti, firms = (rows[k]["targets"][0] for k in ("tfp", "dti_rank", "firms"))
    assert (tfp["status"], tfp["gap"], tfp["share_of_target"]) == ("missed", 2.5, 0.95)
    assert (dti["status"], dti["gap"]) == ("achieved", -5.0)
    assert dti["share_of_target"] == pytest.approx(20 / 15)
    assert (firms["status"], firms["threshold"], firms["gap"], firms["share_of_target"]) == ("missed", 15, 3, 0.8)
    assert rows["patents"]["targets"][0]["share_of_target"] is None
    assert [(f["year"], f["source"]) for f in rows["firms"]["figures"]] == [(2020, 3), (2025, 1)]
    assert d["sources"] == [
        {"n": 1, "text": "Cục Thống kê 2026"},
        {"n": 2, "text": "Bộ KH&CN 2026"},
        {"n": 3, "text": "Sở KH&CN 2021"},
    ]
    t = d["tasks"]
    assert t["total"] == 4
    assert t["states"] == {"done": 1, "in_progress": 1, "not_started": 0, "cancelled": 0, "no_report": 2}
    assert (t["late"], t["unreported"], t["missing"]) == ([1], [2, 3], [2, 3])
    assert [(a["agency"], a["total"], a["late"], a["unreported"]) for a in t["by_agency"]] == [
        ("dost", 2, [1], [3]),
        ("dpi", 2, [], [2]),
    ]


def test_markdown_word_and_json_agree_number_for_number(folder: DataFolder) -> None:
    d = _json()
    memo = _memo()
    doc = _docx(folder)
    rows = {r["id"]: r for r in d["indicators"]}

    # Verdict counts: the memo's summary line and the JSON.
    counts = d["milestones"][0]["counts"]
    assert (counts["achieved"], counts["missed"], counts["no_data"]) == (1, 2, 1)
    assert (
        "Mốc 2025 (đã qua, đánh giá theo số liệu của năm 2025): 4 chỉ tiêu — 1 đạt, 2 không đạt, 1 chưa có số liệu."
        in memo
    )

    # Each indicator's judged figure cites the same source number in all three.
    md_2025 = [r for r in _md_rows(memo) if r[0] in ("1", "2", "3") and len(r) == 6][:3]
    word = _table(doc, "STT", "Chỉ tiêu")
    head = word[0]
    y2025, share = head.index("2025"), head.index("% mục tiêu")
    expected = {"tfp": ("47,5 %", 1, "95,0 %"), "dti_rank": ("15/63", 2, "133,3 %"), "firms": ("12", 1, "80,0 %")}
    for md_row, word_row, (key, (value, source, pct)) in zip(md_2025, word[1:4], expected.items(), strict=True):
        assert rows[key]["targets"][0]["judged"]["source"] == source
        assert md_row[3] == f"{value} (2025)[^{source}]"
        assert word_row[y2025] == f"{value}({source})"
        assert word_row[share] == f"2025: {pct}"
    # Targets are written as the plan writes them ("tối thiểu", not "≥"), in Word; the memo's
    # table keeps the sign.
    assert [r[head.index("Mục tiêu 2025")] for r in word[1:5]] == [
        "tối thiểu 50 %",
        "trong nhóm 20 đứng đầu",
        "tăng thêm 5 so với năm 2020 (= 15)",
        "tối thiểu 20",
    ]
    assert word[3][head.index("2020")] == "10(3)"  # firms 2020: source 3 in Word and JSON
    assert rows["firms"]["figures"][0]["source"] == 3

    # One source list, one numbering.
    listed = [f"({s['n']}) {s['text']}" for s in d["sources"]]
    paragraphs = [p.text for p in doc.paragraphs]
    assert [p for p in paragraphs if re.match(r"\(\d+\) ", p)] == listed
    assert re.findall(r"^\[\^(\d+)\]: (.*)$", memo, re.M) == [(str(s["n"]), s["text"]) for s in d["sources"]]

    # Tasks by agency: same rows, same order, same counts.
    md_tasks = [r for r in _md_rows(memo) if r[0].startswith("Sở ")]
    assert md_tasks == [
        # agency, tasks, done, in progress, not started, cancelled, no report, missing, late
        ["Sở Khoa học và Công nghệ", "2", "0", "1", "0", "0", "1", "1", "1"],
        ["Sở Kế hoạch và Đầu tư", "2", "1", "0", "0", "0", "1", "1", "0"],
    ]
    word_tasks = _table(doc, "STT", "Cơ quan chủ trì")
    assert [r[1:] for r in word_tasks[1:]] == [
        # agency, total, done, in progress, not started, cancelled, no report, late
        ["Sở Khoa học và Công nghệ", "2", "0", "1", "0", "0", "1", "1"],
        ["Sở Kế hoạch và Đầu tư", "2", "1", "0", "0", "0", "1", "0"],
        ["Tổng cộng", "4", "1", "1", "0", "0", "2", "1"],
    ]
    by_agency = d["tasks"]["by_agency"]
    assert [a["total"] for a in by_agency] == [2, 2] and [len(a["late"]) for a in by_agency] == [1, 0]


def test_section_ii_opens_with_the_result_and_section_iii_names_what_fell_short(folder: DataFolder) -> None:
    doc = _docx(folder)
    texts = [p.text for p in doc.paragraphs]
    ii = texts.index("II. KẾT QUẢ THỰC HIỆN")
    # The result first: counts in words, then each missed target with its gap in its unit.
    assert texts[ii + 1 : ii + 5] == [
        "Mốc 2025: 4 chỉ tiêu — đạt 1, không đạt 2, chưa có số liệu 1. Các chỉ tiêu không đạt mục tiêu năm 2025:",
        "- Đóng góp của TFP: 47,5 % (2025), mục tiêu tối thiểu 50 %, còn thiếu 2,5 điểm phần trăm.",
        # a count in the plan's own word (unit_word), its gap too; patents names none: bare
        "- Số doanh nghiệp KH&CN: 12 doanh nghiệp (2025), mục tiêu tăng thêm 5 doanh nghiệp so với năm 2020 "
        "(= 15), còn thiếu 3 doanh nghiệp.",
        "Mốc 2030 (dự báo theo xu hướng): 1 chỉ tiêu — chưa có số liệu 1.",
    ]
    # Late is counted among the tasks reported on: 2 reported (1 and 4), 1 late (task 1); the 2
    # without a report are not "of them late" (the old sentence said "chưa có báo cáo: 2; trong
    # đó 1 nhiệm vụ trễ hạn").
    tasks = next(t for t in texts if t.startswith("Kế hoạch giao"))
    assert tasks == (
        "Kế hoạch giao 4 nhiệm vụ (Phụ lục). Tính đến ngày 31/12/2026: hoàn thành 1, đang thực hiện 1, "
        "chưa có báo cáo 2. Trong số 2 nhiệm vụ đã có báo cáo, 1 nhiệm vụ trễ hạn (đã hết thời gian thực "
        "hiện nhưng chưa hoàn thành). Chi tiết theo cơ quan chủ trì tại Bảng 2, từng nhiệm vụ tại Phụ lục."
    )
    assert "trong đó" not in tasks
    iii = texts.index("III. TỒN TẠI, HẠN CHẾ")
    assert texts[iii + 1 : iii + 5] == [
        "- Không đạt mục tiêu năm 2025: 2/4 chỉ tiêu (Đóng góp của TFP; Số doanh nghiệp KH&CN).",
        "- Chưa có số liệu để đánh giá mục tiêu năm 2025: 1 chỉ tiêu (Số đơn sáng chế).",
        "- Nhiệm vụ trễ hạn (đã hết thời gian thực hiện nhưng chưa hoàn thành): 1 nhiệm vụ, gồm: "
        "Sở Khoa học và Công nghệ: 1.",
        "- Nhiệm vụ chưa có báo cáo kết quả thực hiện: 2/4 nhiệm vụ, gồm: Sở Khoa học và Công nghệ: 1; "
        "Sở Kế hoạch và Đầu tư: 1. Số thứ tự các nhiệm vụ trễ hạn, chưa có báo cáo tại Bảng 3 của Phụ lục.",
    ]
    # The task numbers are in the appendix's table 3, not in a paragraph.
    assert not any(re.search(r"nhiệm vụ số \d", t) for t in texts)
    annex = _table(doc, "STT", "Cơ quan chủ trì")  # table 2 comes first
    assert annex[0][2] == "Tổng số"
    table3 = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    assert table3 == [
        ["STT", "Cơ quan chủ trì", "Trễ hạn", "Chưa có báo cáo", "Thiếu báo cáo năm đã qua (năm)"],
        ["1", "Sở Khoa học và Công nghệ", "1", "3", "—"],
        ["2", "Sở Kế hoạch và Đầu tư", "—", "2", "—"],
    ]


def test_sources_are_in_the_report_language_numbered_once(folder: DataFolder) -> None:
    """The English outputs print `source_en` where recorded (dti_rank's), the source as written
    where not; the Vietnamese ones never the English text. Same numbers in all three."""
    english = ["Cục Thống kê 2026", "Ministry of S&T 2026", "Sở KH&CN 2021"]
    d = _json("--lang", "en")
    assert d["lang"] == "en"
    assert [s["text"] for s in d["sources"]] == english
    assert [f["source"] for f in d["indicators"][1]["figures"]] == [2]
    memo = _memo("--lang", "en")
    assert re.findall(r"^\[\^(\d+)\]: (.*)$", memo, re.M) == [("1", english[0]), ("2", english[1]), ("3", english[2])]
    assert "15/63 (2025)[^2]" in memo
    texts = [p.text for p in _docx(folder, "--lang", "en").paragraphs]
    assert [t for t in texts if re.match(r"\(\d+\) ", t)] == [f"({n}) {t}" for n, t in enumerate(english, start=1)]
    vi_texts = [p.text for p in _docx(folder).paragraphs]
    assert "(2) Bộ KH&CN 2026" in vi_texts and not any("Ministry" in t for t in vi_texts)
    assert "Ministry" not in _memo() and "Ministry" not in json.dumps(_json())


def test_a_count_says_what_it_counts_in_the_plan_words(folder: DataFolder) -> None:
    """One home for the word: `Indicator.unit_in` — the memo's target and gap, the Word table's
    unit column, and the English report's words."""
    firms = next(r for r in _md_rows(_memo()) if r[1].startswith("Số doanh nghiệp"))
    assert (firms[2], firms[4]) == ("tăng thêm 5 doanh nghiệp so với năm 2020 (= 15)", "còn thiếu 3 doanh nghiệp")
    patents = next(r for r in _md_rows(_memo()) if r[1].startswith("Số đơn sáng chế"))
    assert patents[2] == "≥ 20"  # no word recorded: no generic "số lượng" either
    word = _table(_docx(folder), "STT", "Chỉ tiêu")
    unit = word[0].index("Đơn vị")
    assert [r[unit] for r in word[1:5]] == ["%", "thứ hạng", "doanh nghiệp", "số lượng"]
    texts = [p.text for p in _docx(folder, "--lang", "en").paragraphs]
    assert (
        "- S&T enterprises: 12 enterprises (2025) against 5 enterprises more than in 2020 (= 15), "
        "3 enterprises short." in texts
    )


NOTE = '    report_note: {vi: "Chỉ số do Bộ công bố cho 63 tỉnh.", en: "An index the Ministry publishes for 63 provinces."}\n'
BUDGET = """\
budget:
  - {year: 2025, allocated: 1500, disbursed: 1200, source: "Báo cáo số 12/BC-STC"}
  - {year: 2027, allocated: 900, source: "Dự toán 2027"}
"""


def test_budget_and_indicator_note_are_printed_once(folder: DataFolder) -> None:
    """The budget (recorded years up to the as-of year: 2027 is after 2026, left out) is part 3 of
    section II, before the goals; dti_rank's note for reports is printed once, under Table 1 in
    Word and with the indicators in the memo."""
    with_note = INDICATORS.replace(
        '    source: {clause: II.2.b, text: "nhóm 20 tỉnh đứng đầu"}\n',
        '    source: {clause: II.2.b, text: "nhóm 20 tỉnh đứng đầu"}\n' + NOTE,
    )
    folder.write_targets(with_note, BUDGET)
    # 1200 / 1500 = 80 %
    budget = (
        "Kinh phí thực hiện Kế hoạch: năm 2025 bố trí 1.500 triệu đồng, giải ngân 1.200 triệu đồng, "
        "đạt 80,0 % kinh phí bố trí (nguồn: Báo cáo số 12/BC-STC)."
    )
    note = "Xếp hạng DTI: Chỉ số do Bộ công bố cho 63 tỉnh."
    texts = [p.text for p in _docx(folder).paragraphs]
    part = texts.index("3. Kinh phí thực hiện")
    assert texts[part + 1] == budget and texts.index("II. KẾT QUẢ THỰC HIỆN") < part < texts.index(
        "III. TỒN TẠI, HẠN CHẾ"
    )
    assert texts.count(note) == 1 and texts.index(note) < texts.index("Nguồn số liệu")
    assert "Dự toán 2027" not in "\n".join(texts)
    memo = _memo()
    assert memo.count(note) == 1 and memo.count(budget) == 1 and "### Kinh phí thực hiện" in memo
    english = [p.text for p in _docx(folder, "--lang", "en").paragraphs]
    assert "3. Funds" in english and "DTI rank: An index the Ministry publishes for 63 provinces." in english


def test_no_budget_recorded_no_part_and_no_placeholder(folder: DataFolder) -> None:
    """The checklist does not list a missing budget, so the report marks no place for one."""
    texts = [p.text for p in _docx(folder).paragraphs]
    assert not any("Kinh phí" in t for t in texts)
    assert "Kinh phí" not in _memo()


def test_english_counts_agree_in_number(folder: DataFolder) -> None:
    doc = _docx(folder, "--lang", "en")
    texts = [p.text for p in doc.paragraphs]
    assert "Milestone 2030 (forecast from the trend): 1 indicator — no data 1." in texts
    assert "- No figure to judge the 2025 target on: 1 indicator (Patent applications)." in texts
    assert any(t.startswith("- Late tasks (not done after their timeframe ended): 1 task;") for t in texts)


def test_json_goes_to_a_file_and_is_deterministic(folder: DataFolder) -> None:
    out = folder.base / "r.json"
    run = cli("report", "--as-of", "2026", "--format", "json", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    assert out.read_text(encoding="utf-8") == cli("report", "--as-of", "2026", "--format", "json").stdout


def test_the_word_template_can_read_the_model(folder: DataFolder) -> None:
    """A Department's own template may print a number of the model, e.g. the missed targets."""
    from stiplan.views.report_docx import CONTEXT_NAMES

    assert "report" in CONTEXT_NAMES
    path = Path(folder.root / "templates" / "bao-cao.docx")
    template = _template_with(path, "Không đạt: {{ report.milestones[0].counts.missed }}")
    assert template.exists()
    doc = _docx(folder)
    assert "Không đạt: 2" in [p.text for p in doc.paragraphs]


def _template_with(path: Path, line: str) -> Path:
    """The shipped template with one more paragraph holding `line`."""
    from stiplan.views.report_docx import shipped_template

    doc = Document(str(shipped_template()))
    doc.add_paragraph(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def test_a_figure_keeps_its_recorded_precision() -> None:
    from stiplan.views.report_content import figure_text

    assert figure_text(0.748, None, "index", "vi") == "0,748"  # not 0,75 (HDI 0,748 and 0,752 stay apart)
    assert figure_text(0.752, None, "index", "en") == "0.752"
    assert figure_text(47.5, None, "percent", "vi") == "47,5 %"
    assert figure_text(15, 63, "rank", "vi") == "15/63"
    assert figure_text(1234.5678, None, "count", "vi") == "1.234,5678"


def test_cancelled_reads_dung_thuc_hien_and_old_forms_still_read() -> None:
    from stiplan import vocabulary as V
    from stiplan.actions.intake import state_codes
    from stiplan.text import fold

    assert V.TASK_WORDS.pick("cancelled", "vi") == "Dừng thực hiện"
    codes = state_codes()
    assert codes[fold("Dừng thực hiện")] == codes[fold("Đã hủy")] == "cancelled"


def test_the_opening_and_subject_can_be_set(folder: DataFolder) -> None:
    folder.write(
        "report.yaml",
        LETTERHEAD
        + 'subject: "Kết quả năm 2026"\nopening: "Căn cứ Kế hoạch số 1, Sở báo cáo như sau:"\nnumber: "7/BC-SKHCN"\n',
    )
    texts = [p.text for p in _docx(folder).paragraphs]
    assert "Kết quả năm 2026" in texts
    assert "Căn cứ Kế hoạch số 1, Sở báo cáo như sau:" in texts
    # The test plan names no collector: the appendix names the agency of the letterhead.
    assert "(Kèm theo Báo cáo số 7/BC-SKHCN ngày      /     /2026 của SỞ KHOA HỌC VÀ CÔNG NGHỆ)" in texts


def test_the_english_report_warns_of_a_narrative_without_english(folder: DataFolder) -> None:
    folder.write(
        "report.yaml",
        LETTERHEAD + 'narrative:\n  direction: ["Sở đã chỉ đạo.", {vi: "Đã họp.", en: "Meetings were held."}]\n'
        '  plans: [{vi: "Tiếp tục."}]\n',
    )
    out = folder.base / "en.docx"
    run = cli("report", "--as-of", "2026", "--format", "docx", "--no-charts", "--lang", "en", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "warning" in line]
    assert warnings == [
        "stiplan: warning: narrative.direction[1] has no en text; the report prints it as written",
        "stiplan: warning: narrative.plans[1] has no en text; the report prints it as written",
    ]
    vi = cli("report", "--as-of", "2026", "--format", "docx", "--no-charts", "-o", str(folder.base / "vi.docx"))
    assert "warning" not in vi.stderr  # the Vietnamese report prints the Vietnamese


def test_the_english_memo_agrees_in_number(folder: DataFolder) -> None:
    memo = _memo("--lang", "en")
    assert "- Milestone 2030 (forecast from the trend): 1 indicator — 1 no data." in memo
    assert "- Milestone 2025 (past: judged on the 2025 figures): 4 indicators — " in memo
    assert memo.count("4 tasks by lead agency") == 1


def test_the_english_appendix_gives_timeframes_in_english(folder: DataFolder) -> None:
    """The plan's wording ("Hàng năm") in the Vietnamese appendix; its years in English: task 2 is
    yearly from 2023 to the plan's end (2030), task 1 runs 2023–2025."""
    column = {"vi": "Thời gian", "en": "Timeframe"}
    found = {}
    for lang, header in column.items():
        table = _table(_docx(folder, "--lang", lang), *(["STT", "Nhiệm vụ"] if lang == "vi" else ["No.", "Task"]))
        k = table[0].index(header)
        found[lang] = [row[k] for row in table[1:]]
    assert found["vi"] == ["2023-2025", "Hàng năm", "2024-2026", "2023-2024"]
    assert found["en"] == ["2023–2025", "yearly 2023–2030", "2024–2026", "2023–2024"]
