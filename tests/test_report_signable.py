"""The "Done when" of the signable report: on the shipped two-plan folder plus a year of figures and task reports,
`report --check` lists exactly the open items; once the Department has filled report.yaml and
settled the checklist, the Word report needs no edit but the narrative.

The year added (2025, Plan 843, written into a copy of tests/fixtures/two_plans), worked by hand
as of 2026 (the 2025 milestone is a verdict on the 2025 figures):
- tfp_contribution 47.5 against at least 50: missed, 2.5 percentage points short;
- agri_good_practice_share 12 against above 10: met;
- digital_economy_share 22 against about 25 (± 1): missed, 3 points short;
- rd_staff_per_10k 9 against at least 10: missed, 1 short;
- st_organisations_ranked 1 against 1–2: met;
- ip_registrations_supported 22 against at least 25: missed, 3 short ("đối tượng", the plan's word);
- dti_rank: the 63-province ranking ended (2024): cannot be judged; the 5 other 2025 targets have
  no figure. So 12 targets: met 2, missed 4, cannot be judged 1, no figure 5.
Task reports of 2025: 10 (Sở KH&ĐT → Sở Tài chính, 2020–2025), 11 (Sở KH&CN, 2020–2025) and 13
(Sở NN&PTNT → Sở NN&MT, 2021–2025) in progress past their end: late, one per agency; 12 done;
31 (2021–2030) in progress, not late. 87 − 5 = 82 tasks without any report.
The 2025 figures name their scope (the plan's territory ended on 1/7/2025) and the plan records
the Department's scope decision (the former area), as the data requires.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from docx import Document

from conftest import DataFolder, cli

PLAN = "vinh_phuc_843_2023"
TARGETS = f"plans/{PLAN}/targets.yaml"

FIGURES = """\
  tfp_contribution: {value: 47.5, scope: vinh_phuc, source: "Cục Thống kê tỉnh, Niên giám thống kê 2025"}
  agri_good_practice_share: {value: 12, scope: vinh_phuc, source: "Sở Nông nghiệp và Môi trường, Báo cáo số 5/BC-SNNMT"}
  digital_economy_share: {value: 22, scope: vinh_phuc, source: "Cục Thống kê tỉnh, Niên giám thống kê 2025"}
  rd_staff_per_10k: {value: 9, scope: vinh_phuc, source: "Sở Khoa học và Công nghệ, Báo cáo số 20/BC-SKHCN"}
  st_organisations_ranked: {value: 1, scope: vinh_phuc, source: "Sở Khoa học và Công nghệ, Báo cáo số 20/BC-SKHCN"}
  ip_registrations_supported: {value: 22, scope: vinh_phuc, source: "Sở Khoa học và Công nghệ, Báo cáo số 20/BC-SKHCN"}
"""
TASK_REPORTS = """\
tasks:
  10: {status: in_progress, source: "Báo cáo số 3/BC-STC"}
  11: {status: in_progress, source: "Báo cáo số 20/BC-SKHCN"}
  12: {status: done, source: "Báo cáo số 20/BC-SKHCN"}
  13: {status: in_progress, source: "Báo cáo số 5/BC-SNNMT"}
  31: {status: in_progress, source: "Báo cáo số 20/BC-SKHCN"}
"""
DECISION = '  scope_decisions:\n    - {date: 2025-07-01, scope: vinh_phuc, document: "Công văn số 1/SKHCN-KHTC"}\n'

GOALS = (
    "industrial_province_2025",
    "modern_industry_province_2030",
    "sti_leading_provinces_2030",
    "high_middle_income_2030",
    "electronics_centre",
    "culture_society_people",
    "gii_improvement",
    "enterprise_rd_staff",
    "st_organisations_restructured",
    "ip_output_growth",
)
"""Plan 843's qualitative goals, in the order of its targets.yaml."""

UNCONFIRMED = [
    ("Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Giáo dục và Đào tạo"),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Nông nghiệp và Môi trường"),
    ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường"),
    ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
    ("Ban Dân tộc tỉnh", "Sở Dân tộc và Tôn giáo"),
]
"""The 2025 successions of the shipped agencies.yaml marked `confirmed: false`."""


def _edit(folder: DataFolder, rel: str, old: str, new: str, count: int = 1) -> None:
    path = folder.root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def year(two_plans: DataFolder) -> DataFolder:
    """The shipped folder plus the 2025 figures and task reports (see the module's docstring)."""
    _edit(two_plans, "actuals/2025.yaml", "indicators:\n", "indicators:\n" + FIGURES)
    _edit(two_plans, "actuals/2025.yaml", "tasks: {}\n", TASK_REPORTS)
    _edit(two_plans, TARGETS, "  jurisdiction: vinh_phuc\n", "  jurisdiction: vinh_phuc\n" + DECISION)
    return two_plans


def _items() -> tuple[int, list[dict[str, Any]]]:
    run = cli("report", "--check", "--plan", PLAN, "--as-of", "2026", "--format", "json")
    return run.exit_code, json.loads(run.stdout)["items"]


def _settle(folder: DataFolder) -> None:
    """What the Department does: fills report.yaml, confirms the successions from the province's
    texts, names the Youth Union's successor."""
    _edit(folder, "report.yaml", 'number: "      /BC-SKHCN"', 'number: "25/BC-SKHCN"')
    _edit(
        folder,
        "report.yaml",
        '  title: {vi: "GIÁM ĐỐC", en: "DIRECTOR"}\n',
        '  title: {vi: "GIÁM ĐỐC", en: "DIRECTOR"}\n  name: "Nguyễn Văn A"\n',
    )
    _edit(
        folder,
        "report.yaml",
        "  direction: []\n  plans: []\n  proposals: []\n",
        '  direction: ["Sở đã ban hành kế hoạch triển khai và đôn đốc các sở, ngành."]\n'
        '  plans: ["Tiếp tục triển khai các nhiệm vụ còn lại của Kế hoạch."]\n'
        '  proposals: ["Đề nghị Ủy ban nhân dân tỉnh bố trí kinh phí."]\n',
    )
    with (folder.root / "report.yaml").open("a", encoding="utf-8") as f:
        f.write("goals:\n" + "".join(f'  {g}: "Mục tiêu đang được thực hiện theo đúng lộ trình."\n' for g in GOALS))
    _edit(folder, "agencies.yaml", "        confirmed: false\n", "        confirmed: true\n", count=len(UNCONFIRMED))
    youth = '  - id: youth_union\n    name:\n      vi: "Tỉnh đoàn Vĩnh Phúc"\n'
    _edit(
        folder,
        "agencies.yaml",
        youth,
        '  - id: youth_union_pt\n    name: {vi: "Tỉnh đoàn Phú Thọ", en: "Phú Thọ Provincial Youth Union"}\n'
        "    kind: mass_organisation\n\n" + youth,
    )
    _edit(
        folder,
        "agencies.yaml",
        '      - "Tỉnh đoàn Vĩnh Phúc"\n',
        '      - "Tỉnh đoàn Vĩnh Phúc"\n    successions:\n'
        '      - {to: youth_union_pt, date: 2025-07-01, extent: whole, source: "Quyết định số 1/QĐ-TĐTN"}\n',
    )


def _docx_texts(folder: DataFolder, *args: str) -> list[str]:
    """Every paragraph and table cell of the Word report, headers and footers included."""
    out = folder.base / "bao-cao.docx"
    run = cli("report", "--plan", PLAN, "--as-of", "2026", "--format", "docx", "-o", str(out), *args)
    assert run.exit_code == 0, run.stderr
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    texts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    for s in doc.sections:
        texts += [p.text for p in (*s.header.paragraphs, *s.footer.paragraphs)]
    return texts


def test_the_checklist_lists_exactly_the_open_items(year: DataFolder) -> None:
    code, items = _items()
    assert code == 1
    assert Counter(i["code"] for i in items) == {
        "unconfirmed-succession": 8,
        "ended-agency": 1,
        "report-number": 1,
        "signatory-name": 1,
        "narrative-missing": 3,
        "goal-unassessed": 10,
    }
    found = [
        re.fullmatch(r"Việc (.+) chuyển giao nhiệm vụ cho (.+) từ ngày 01/3/2025 .*", i["message"])
        for i in items
        if i["code"] == "unconfirmed-succession"
    ]
    assert [m.groups() if m else None for m in found] == UNCONFIRMED
    ended = next(i for i in items if i["code"] == "ended-agency")
    assert ended["message"].startswith("Tỉnh đoàn Vĩnh Phúc không còn hoạt động từ ngày 01/7/2025")
    assert "nhiệm vụ số 86" in ended["message"]
    # report.yaml: the number (line 9), the signatory (line 17, its block), sections I, IV, V (22–24)
    settings = [(i["code"], i["line"]) for i in items if i["path"] == "data/report.yaml"]
    assert settings == [
        ("report-number", 9),
        ("signatory-name", 17),
        ("narrative-missing", 22),
        ("narrative-missing", 23),
        ("narrative-missing", 24),
    ]
    assert {i["path"] for i in items if i["code"] == "goal-unassessed"} == {f"data/{TARGETS}"}


@pytest.mark.slow
def test_after_the_department_settles_the_checklist_the_word_report_needs_no_edit(year: DataFolder) -> None:
    _settle(year)
    code, items = _items()
    assert (code, items) == (0, [])
    texts = _docx_texts(year)
    whole = "\n".join(texts)
    for word in (
        "stiplan",
        "chưa xác nhận",
        "narrative.",
        "goals.",
        "per the",
        "edition",
        "citing",
        "as summarised",  # the merger's basis in section I: its source, once with an English aside
        "Bổ sung nội dung",
    ):
        assert word.casefold() not in whole.casefold(), word
    ii = texts.index("II. KẾT QUẢ THỰC HIỆN")
    assert texts[ii + 1 : ii + 6] == [
        "Mốc 2025: 12 chỉ tiêu — đạt 2, không đạt 4, chưa đánh giá được 1, chưa có số liệu 5. "
        "Các chỉ tiêu không đạt mục tiêu năm 2025:",
        "- Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng GRDP: 47,5 % (2025), mục tiêu tối "
        "thiểu 50 %, còn thiếu 2,5 điểm phần trăm.",
        "- Tỷ trọng kinh tế số trong GRDP: 22 % (2025), mục tiêu khoảng 25 %, còn thiếu 3 điểm phần trăm.",
        "- Nhân lực nghiên cứu khoa học và phát triển công nghệ (quy đổi toàn thời gian) trên một vạn dân: "
        "9 (2025), mục tiêu tối thiểu 10, còn thiếu 1 người/vạn dân.",
        "- Số đối tượng sở hữu trí tuệ được hỗ trợ kinh phí đăng ký bảo hộ: 22 đối tượng (2025), mục tiêu "
        "tối thiểu 25 đối tượng, còn thiếu 3 đối tượng.",
    ]
    # Late tasks by agency, in section III and by number in the appendix's Table 3.
    assert (
        "- Nhiệm vụ trễ hạn (đã hết thời gian thực hiện nhưng chưa hoàn thành): 3 nhiệm vụ, gồm: "
        "Sở Khoa học và Công nghệ: 1; Sở Nông nghiệp và Môi trường: 1; Sở Tài chính: 1." in texts
    )
    out = year.base / "bao-cao.docx"
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in Document(str(out)).tables]
    table3 = next(t for t in tables if t[0][:3] == ["STT", "Cơ quan chủ trì", "Trễ hạn"])
    # an agency is named with those it answers for by succession: "Sở Tài chính (…)"
    late = [(row[1].split(" (")[0], row[2]) for row in table3[1:] if row[2] != "—"]
    assert late == [("Sở Khoa học và Công nghệ", "11"), ("Sở Nông nghiệp và Môi trường", "13"), ("Sở Tài chính", "10")]
    # The signatory's name and the report's number are printed; the Youth Union's successor answers.
    assert "Nguyễn Văn A" in whole and "25/BC-SKHCN" in whole and "Tỉnh đoàn Phú Thọ" in whole


def test_markdown_word_and_json_agree_on_the_verdicts(year: DataFolder) -> None:
    """On the shipped plan (r20a's test compares the three on a small plan, number for number)."""
    run = cli("report", "--plan", PLAN, "--as-of", "2026", "--format", "json")
    d = json.loads(run.stdout)
    m2025 = d["milestones"][0]
    assert m2025["counts"] == {"achieved": 2, "missed": 4, "not_assessable": 1, "no_data": 5}
    assert m2025["missed"] == [
        "tfp_contribution",
        "digital_economy_share",
        "rd_staff_per_10k",
        "ip_registrations_supported",
    ]
    assert d["tasks"]["late"] == [10, 11, 13] and len(d["tasks"]["unreported"]) == 82
    memo = cli("report", "--plan", PLAN, "--as-of", "2026", "--no-charts").stdout
    assert (
        "Mốc 2025 (đã qua, đánh giá theo số liệu của năm 2025): 12 chỉ tiêu — 2 đạt, 4 không đạt, "
        "1 chưa đánh giá được, 5 chưa có số liệu." in memo
    )
    assert "3 nhiệm vụ trễ hạn" in memo


def test_a_series_break_source_without_vietnamese_is_listed(year: DataFolder) -> None:
    """The report cites a break's source in its source list: an English one is an open item."""
    path = year.root / TARGETS
    text = path.read_text(encoding="utf-8")
    english = 'source: "DTI 2024 published in two rankings (en.vneconomy.vn, 23/10/2025)"'
    text, n = re.subn(r'source: "Chỉ số DTI năm 2024 công bố[^"]*"', english, text)
    assert n == 1
    path.write_text(text, encoding="utf-8")
    _, items = _items()
    found = [i for i in items if i["code"] == "source-not-vietnamese"]
    assert len(found) == 1
    assert found[0]["message"].startswith(
        "Nguồn về thay đổi chuỗi số liệu chỉ tiêu «Xếp hạng chỉ số chuyển đổi số cấp tỉnh (DTI)» từ năm 2024"
    )
    lines = text.splitlines()
    assert lines[found[0]["line"] - 1].strip().startswith('source: "DTI 2024 published')
