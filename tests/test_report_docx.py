"""The official Word report, opened with python-docx and read as a director would read it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, Literal

import pytest
from docx import Document
from docx.shared import Mm
from markdown_it import MarkdownIt

from conftest import FROZEN, LETTERHEAD, ROOT, DataFolder, built_once, cli, parse_problem

pytestmark = pytest.mark.slow  # renders Word documents and charts: .ci/run runs it, the inner loop skips it

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _repeats_header(table: Any) -> bool:
    """Whether a table's first row is marked to repeat at the top of every page (w:tblHeader)."""
    tr_pr = table.rows[0]._tr.trPr
    return tr_pr is not None and tr_pr.find(f"{W}tblHeader") is not None


def make(folder: DataFolder, name: str = "bao-cao.docx", *args: str) -> Path:
    out = folder.base / name
    run = cli("report", "--format", "docx", "-o", str(out), "--as-of", "2026", *args)
    assert run.exit_code == 0, run.stderr
    return out


@pytest.fixture
def shipped_docx() -> Path:
    """The Vietnamese report of the shipped data, built once a run for the tests that only read it."""
    return built_once("the Word report of FROZEN as of 2026", _shipped_report) / "bao-cao.docx"


def _shipped_report(base: Path) -> None:
    run = cli("report", "--data", str(FROZEN), "--format", "docx", "-o", str(base / "bao-cao.docx"), "--as-of", "2026")
    assert run.exit_code == 0, run.stderr


def mm(length: int | None) -> float:
    assert length is not None
    return round(length / Mm(1), 1)


def headings(doc: Any, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def task_list(doc: Any) -> Any:
    """The appendix's list of every task (table 3, after it, gives the late and unreported ones)."""
    return next(t for t in doc.tables if t.rows[0].cells[1].text in ("Nhiệm vụ", "Task"))


def all_paragraphs(doc: Any) -> list[str]:
    """Body paragraphs and the paragraphs of every table cell, in order."""
    return [el.xpath("string(.)") for el in doc.element.body.iter(f"{W}p")]


# --- the page ------------------------------------------------------------------------------


def test_page_margins_and_sections_follow_decree_30(shipped_docx: Path) -> None:
    doc = Document(str(shipped_docx))
    first = doc.sections[0]
    # A4 portrait; top/bottom 20 mm, left 30 mm, right 15 mm (Decree 30: 20-25, 30-35, 15-20).
    assert (mm(first.page_width), mm(first.page_height)) == (210.0, 297.0)
    assert (mm(first.top_margin), mm(first.bottom_margin)) == (20.0, 20.0)
    assert (mm(first.left_margin), mm(first.right_margin)) == (30.0, 15.0)
    # Page numbers from page 2: only the first section has a different (empty) first page,
    # and the default header holds the PAGE field.
    assert first.different_first_page_header_footer
    assert all(not s.different_first_page_header_footer for s in doc.sections[1:])
    assert "PAGE" in first.header._element.xml and "PAGE" not in first.first_page_header._element.xml
    # The yearly table sits in a landscape section of its own, between two portrait ones.
    assert [mm(s.page_width) for s in doc.sections] == [210.0, 297.0, 210.0]


def test_fonts_are_times_new_roman_in_black(shipped_docx: Path) -> None:
    out = shipped_docx
    doc = Document(str(out))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    for name in ("Heading 1", "Heading 2", "Body Text", "Caption", "Table Grid"):
        font = doc.styles[name].font
        assert font.name == "Times New Roman", name
        assert str(font.color.rgb) == "000000", name
    body = doc.styles["Body Text"]
    assert body.font.size.pt == 14
    assert body.paragraph_format.alignment == 3  # justified
    # No theme font anywhere: it would turn Times New Roman back into Calibri or Cambria.
    with zipfile.ZipFile(out) as z:
        styles = z.read("word/styles.xml").decode()
        document = z.read("word/document.xml").decode()
    assert "Theme=" not in re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", styles, flags=re.S)
    assert "asciiTheme" not in document


def test_header_block_subject_recipients_and_signature(shipped: DataFolder) -> None:
    shipped.write(
        "report.yaml",
        """\
        number: "15/BC-SKHCN"
        date: 2026-01-15
        signatory: {authority: "KT. GIÁM ĐỐC", title: "PHÓ GIÁM ĐỐC", name: "Nguyễn Văn A"}
        place: "Phú Thọ"
        """,
    )
    doc = Document(str(make(shipped)))
    letterhead = doc.tables[0]
    left, right = (c.text for c in letterhead.rows[0].cells)
    # No issuing_body, agency or recipients in the settings: they come from the data. The collector
    # is dost; its parent, provincial_committee (Vĩnh Phúc), was succeeded whole by
    # phu_tho_committee on 01/7/2025, so on the 2026 judging day the letterhead names Phú Thọ.
    assert left.split("\n")[:2] == ["ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert "Số: 15/BC-SKHCN" in left
    assert right.split("\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phú Thọ, ngày 15 tháng 01 năm 2026",  # a leading zero for January (Decree 30)
    ]
    texts = [p.text for p in doc.paragraphs]
    kind = texts.index("BÁO CÁO")
    # One implements the plan (by its title), not the decision; the year follows the province.
    assert texts[kind + 1] == (
        "Báo cáo kết quả thực hiện Kế hoạch thực hiện Chiến lược phát triển khoa học, công nghệ và đổi mới "
        "sáng tạo đến năm 2030 trên địa bàn tỉnh Vĩnh Phúc năm 2026"
    )
    # The opening has its subject: the reporting agency, by its name in the data.
    assert any(
        t.endswith(", Sở Khoa học và Công nghệ báo cáo kết quả thực hiện tính đến ngày 14/12/2026 như sau:")
        for t in texts
    )
    # The appendix says which report it is attached to.
    assert "(Kèm theo Báo cáo số 15/BC-SKHCN ngày 15/01/2026 của Sở Khoa học và Công nghệ)" in texts
    assert "Kính gửi: Ủy ban nhân dân tỉnh Phú Thọ" in texts
    block = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    signature = [t for t in (block.rows[0].cells[1].text.split("\n")) if t]
    assert signature == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]
    assert block.rows[0].cells[0].text.split("\n")[:3] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]


def test_letterhead_follows_the_data_and_what_it_lacks_is_named(shipped: DataFolder) -> None:
    """Without report settings the Word report stops naming the two settings no data file holds;
    with them, a report judged before the 2025 merger is headed by the Vĩnh Phúc committee."""
    (shipped.root / "report.yaml").unlink()
    out = shipped.base / "r.docx"
    run = cli("report", "--format", "docx", "--no-charts", "-o", str(out), "--as-of", "2024", "--lang", "en")
    assert run.exit_code == 1
    assert "the Word report needs place, signatory.title:" in run.stderr
    assert not out.exists()
    shipped.write("report.yaml", 'place: "Vĩnh Yên"\nsignatory: {title: "GIÁM ĐỐC"}\n')
    doc = Document(str(make(shipped, "r.docx", "--no-charts", "--as-of", "2024")))
    left, right = (c.text for c in doc.tables[0].rows[0].cells)
    assert left.split("\n")[:2] == ["ỦY BAN NHÂN DÂN TỈNH VĨNH PHÚC", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert right.split("\n")[2].startswith("Vĩnh Yên, ngày")
    assert "Kính gửi: Ủy ban nhân dân tỉnh Vĩnh Phúc" in [p.text for p in doc.paragraphs]


def test_section_headings_in_order(shipped_docx: Path) -> None:
    doc = Document(str(shipped_docx))
    assert headings(doc, 1) == [
        "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. TỒN TẠI, HẠN CHẾ",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
        "PHỤ LỤC",
    ]
    assert headings(doc, 2) == [
        "1. Kết quả thực hiện các chỉ tiêu",
        "2. Kết quả thực hiện các nhiệm vụ",
        "3. Các mục tiêu định tính",  # the plan's qualitative goals, assessed in words
        "GHI CHÚ PHƯƠNG PHÁP",  # the method, in the appendix, out of the body
    ]
    # Without narrative, sections I, IV and V and each of the 10 qualitative goals show a marked
    # place to write it, one neutral wording the checklist finds (no settings key in the text).
    marked = [p.text for p in doc.paragraphs if p.text == "[Bổ sung nội dung trước khi trình ký]"]
    assert len(marked) == 3 + 10
    assert not any("narrative" in p.text or "goals." in p.text for p in doc.paragraphs)


def test_the_signed_text_has_no_software_name_method_jargon_or_unconfirmed_marks(shipped_docx: Path) -> None:
    doc = Document(str(shipped_docx))
    texts = all_paragraphs(doc)
    appendix = texts.index("PHỤ LỤC")
    body = texts[:appendix]
    for word in ("stiplan", "chưa xác nhận", "cách đọc", "narrative", "Năm gốc 2020 (do kế hoạch"):
        assert not any(word in t for t in texts), word
    assert "Đã hủy" not in " ".join(texts) and "Dừng thực hiện" in " ".join(texts)
    # The 2025 reorganisation is one paragraph of section I, with its legal basis as recorded,
    # not a list of shortcomings.
    i, ii = texts.index("I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI"), texts.index("II. KẾT QUẢ THỰC HIỆN")
    context = [t for t in body[i:ii] if t.startswith("Ngày 01/7/2025: ")]
    assert len(context) == 1
    assert "(căn cứ: Nghị quyết của Quốc hội ngày 12/6/2025" in context[0]
    assert "nay thuộc trách nhiệm của các cơ quan kế thừa: " in context[0]
    iii = texts.index("III. TỒN TẠI, HẠN CHẾ")
    assert not any("01/7/2025" in t or "sắp xếp lại" in t for t in body[iii:])
    # The method sits in an annex of its own, after the task tables.
    assert texts.index("GHI CHÚ PHƯƠNG PHÁP") > appendix


def test_narrative_comes_from_the_settings_file(shipped: DataFolder) -> None:
    shipped.write(
        "report.yaml",
        """\
        place: "Việt Trì"
        signatory: {title: "GIÁM ĐỐC"}
        narrative:
          direction: ["Sở đã ban hành văn bản hướng dẫn."]
          plans: [{vi: "Tiếp tục thu thập số liệu.", en: "Keep collecting figures."}]
          proposals: ["Đề nghị UBND tỉnh chỉ đạo."]
        """,
    )
    doc = Document(str(make(shipped)))
    texts = [p.text for p in doc.paragraphs]
    for wanted in ("Sở đã ban hành văn bản hướng dẫn.", "Tiếp tục thu thập số liệu.", "Đề nghị UBND tỉnh chỉ đạo."):
        assert wanted in texts
    assert not any(t.startswith("[Viết nội dung phần này") for t in texts)
    en = Document(str(make(shipped, "report-en.docx", "--lang", "en")))
    assert "Keep collecting figures." in [p.text for p in en.paragraphs]


def test_a_broken_settings_file_is_a_located_error(shipped: DataFolder) -> None:
    shipped.write("report.yaml", "numbr: 12\n")
    run = cli("report", "--format", "docx", "-o", str(shipped.base / "x.docx"))
    assert run.exit_code == 1
    found = parse_problem(run.stderr.splitlines()[0])  # problems of a non-validate command: stderr
    assert found.code == "unknown-field"
    assert found.path.endswith("report.yaml") and found.line == 1
    assert not (shipped.base / "x.docx").exists()


@pytest.mark.parametrize(
    "template",
    [b"not a word file", "{% if %}"],
    ids=["not-a-docx", "broken-tag"],
)
def test_a_broken_template_is_an_error_not_a_traceback(shipped: DataFolder, template: bytes | str) -> None:
    path = shipped.base / "mau.docx"
    if isinstance(template, bytes):
        path.write_bytes(template)
    else:  # a real docx whose text holds a Jinja tag that does not parse
        doc = Document(str(ROOT / "src" / "stiplan" / "templates" / "bao-cao.docx"))
        doc.add_paragraph(template)
        doc.save(str(path))
    run = cli("report", "--format", "docx", "--template", str(path), "-o", str(shipped.base / "x.docx"), "--lang", "en")
    assert run.exit_code == 1
    assert "cannot be used" in run.stderr and "Traceback" not in run.stderr
    assert not (shipped.base / "x.docx").exists()


def test_docx_needs_an_output_file(shipped: DataFolder) -> None:
    assert cli("report", "--format", "docx").exit_code == 2


# --- the tables ----------------------------------------------------------------------------


def grid_mm(table: Any) -> list[float]:
    return [mm(int(c.get(f"{W}w")) * 635) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]


def test_indicator_table_has_a_column_per_year_and_fits_the_page(shipped_docx: Path) -> None:
    doc = Document(str(shipped_docx))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT" and "2020" in t.rows[0].cells[5].text)
    head = [c.text for c in table.rows[0].cells]
    # Base year 2020 (the targets' baseline year) to the as-of year 2026: seven year columns.
    assert head == ["STT", "Chỉ tiêu", "Đơn vị", "Mục tiêu 2025", "Mục tiêu 2030"] + [
        str(y) for y in range(2020, 2027)
    ] + ["% mục tiêu", "Đánh giá"]
    # One row per indicator of targets.yaml (16), numbered 1..16 without a gap.
    assert [r.cells[0].text for r in table.rows[1:]] == [str(n) for n in range(1, 17)]
    widths = grid_mm(table)
    assert abs(sum(widths) - (297 - 30 - 15)) < 1  # landscape text width: 252 mm
    assert widths[0] < widths[1] and widths[1] == max(widths)  # '#' narrow, names widest
    assert _repeats_header(table)  # repeated on every page
    # DTI 2022: rank 18 of 63 with its source number; GII 2025 (national): marked '*'.
    dti = next(r for r in table.rows if r.cells[1].text.startswith("Xếp hạng chỉ số chuyển đổi số"))
    assert dti.cells[1].text.endswith("(điểm b khoản 2 Mục II)")  # clause II.2.b as law reads it
    assert re.fullmatch(r"18/63\(\d+\)", dti.cells[5 + 2].text)
    gii = next(r for r in table.rows if "(GII)" in r.cells[1].text)
    assert re.fullmatch(r"44/139\(\d+\)", gii.cells[5 + 5].text)


def test_each_source_is_listed_once(data: DataFolder) -> None:
    # Two figures of 2023 cite one source; the 2022 file cites two others: three sources.
    data.write("report.yaml", LETTERHEAD)  # the test plan names no collector: the letterhead is set
    data.write(
        "actuals/2023.yaml",
        """\
        year: 2023
        indicators:
          dti_rank: {value: 15, of: 63, source: "Niên giám thống kê 2023 (2024-04-05)"}
          st_enterprises: {value: 3, source: "Niên giám thống kê 2023 (2024-04-05)"}
        """,
    )
    doc = Document(str(make(data)))
    texts = all_paragraphs(doc)
    start = texts.index("Nguồn số liệu")
    entries = [t for t in texts[start + 1 :] if re.match(r"\(\d+\) ", t)]
    assert entries == [
        "(1) english.vtv.vn (tháng 12/2019)",
        "(2) dti.gov.vn/xep-hang-2022",
        "(3) Niên giám thống kê 2023 (05/4/2024)",
    ]  # numbered in order of first use: TFP, then DTI, then the 2023 yearbook


def test_tables_fit_the_text_width(shipped_docx: Path) -> None:
    doc = Document(str(shipped_docx))
    agency = next(t for t in doc.tables if t.rows[0].cells[1].text == "Cơ quan chủ trì")
    appendix = task_list(doc)
    for table in (agency, appendix):
        assert abs(sum(grid_mm(table)) - (210 - 30 - 15)) < 1  # portrait text width: 165 mm
        assert table.style is not None and table.style.name == "Table Grid"
        assert _repeats_header(table)


def test_appendix_lists_every_task_and_the_counts_add_up(shipped_docx: Path) -> None:
    doc = Document(str(shipped_docx))
    appendix = task_list(doc)
    rows = appendix.rows[1:]
    assert len(rows) == 87  # appendix 1 of Decision 843 has 87 tasks
    assert [r.cells[0].text for r in rows] == [str(n) for n in range(1, 88)]
    # Nothing is reported in the shipped data: every task says so, and the total row agrees.
    assert all(r.cells[5].text.startswith("Chưa có báo cáo") for r in rows)
    agency = next(t for t in doc.tables if t.rows[0].cells[1].text == "Cơ quan chủ trì")
    total = agency.rows[-1]
    assert total.cells[1].text == "Tổng cộng" and total.cells[2].text == "87"
    no_report = [c.text for c in agency.rows[0].cells].index("Chưa có báo cáo")
    assert total.cells[no_report].text == "87"


def test_a_year_of_reports_and_figures_shows_up(shipped: DataFolder) -> None:
    """Record with the commands an analyst uses, then read the report."""
    for args in (
        (
            "task",
            "update",
            "12",
            "2026",
            "--status",
            "done",
            "--source",
            "Báo cáo 123/BC-SKHCN",
            "--date",
            "2026-11-20",
        ),
        ("task", "update", "3", "2026", "--status", "in_progress", "--source", "Báo cáo 45/BC-SYT"),
        (
            "record",
            "dti_rank",
            "2025",
            "9",
            "--of",
            "34",
            "--scope",
            "phu_tho_merged",
            "--source",
            "Bộ KH&CN, DTI 2025 (2026-10-01)",
            "--note",
            "Tỉnh Phú Thọ mới.",
        ),
    ):
        run = cli(*args)
        assert run.exit_code == 0, run.stderr
    doc = Document(str(make(shipped)))
    appendix = task_list(doc)
    row12 = next(r for r in appendix.rows[1:] if r.cells[1].text.startswith("12.") or r.cells[0].text == "12")
    assert row12.cells[4].text == "2026: Báo cáo 123/BC-SKHCN (20/11/2026)"
    assert row12.cells[5].text == "Hoàn thành"
    agency = next(t for t in doc.tables if t.rows[0].cells[1].text == "Cơ quan chủ trì")
    head = [c.text for c in agency.rows[0].cells]
    total = agency.rows[-1]
    assert total.cells[head.index("Hoàn thành")].text == "1"
    assert total.cells[head.index("Đang thực hiện")].text == "1"
    assert total.cells[head.index("Chưa có báo cáo")].text == "85"  # 87 - 2 reported
    table = next(t for t in doc.tables if "2020" in [c.text for c in t.rows[0].cells])
    dti = next(r for r in table.rows if r.cells[1].text.startswith("Xếp hạng chỉ số chuyển đổi số"))
    assert re.fullmatch(r"9/34\*\(\d+\)", dti.cells[5 + 5].text)  # 2025, another scope: starred
    texts = all_paragraphs(doc)
    assert any(t.endswith("Bộ KH&CN, DTI 2025 (01/10/2026)") for t in texts)
    # Section III names the tasks still without a report: 87 less tasks 3 and 12.
    # Section III counts the tasks still without a report (87 less tasks 3 and 12) by agency;
    # the per-agency counts add up to 85, and the numbers are in the appendix's table 3.
    line = next(t for t in texts if t.startswith("- Nhiệm vụ chưa có báo cáo kết quả thực hiện: 85/87 nhiệm vụ, gồm: "))
    listed = line.split("gồm: ", 1)[1].split(". Số thứ tự")[0].rstrip(".")
    assert sum(int(part.rsplit(": ", 1)[1]) for part in listed.split("; ")) == 85
    table3 = doc.tables[-1]
    assert [c.text for c in table3.rows[0].cells][3] == "Chưa có báo cáo"
    numbers = ", ".join(r.cells[3].text for r in table3.rows[1:] if r.cells[3].text != "—")
    assert sorted(_expand(numbers)) == [n for n in range(1, 88) if n not in (3, 12)]


def _expand(ranges: str) -> list[int]:
    """'1–3, 5' → [1, 2, 3, 5]."""
    out: list[int] = []
    for part in ranges.split(", "):
        first, _, last = part.partition("–")
        out += range(int(first), int(last or first) + 1)
    return out


def test_task_numbers_are_shortened_to_runs() -> None:
    from stiplan.views.report_content import id_ranges

    assert id_ranges([9, 1, 2, 3, 5, 10, 11, 7]) == "1–3, 5, 7, 9–11"
    assert id_ranges([4]) == "4"
    assert id_ranges([]) == ""


# --- charts and determinism ----------------------------------------------------------------


def test_charts_are_embedded_one_per_indicator_with_figures(shipped_docx: Path, shipped: DataFolder) -> None:
    out = shipped_docx
    doc = Document(str(out))
    # Shipped figures exist for TFP (national), the digital economy share, DTI, GII and the
    # S&T enterprises; only DTI and GII have two comparable figures: two charts by default,
    # five with --charts all, each a PNG with a caption.
    assert len(doc.inline_shapes) == 2
    out = make(shipped, "all.docx", "--charts", "all")
    doc = Document(str(out))
    assert len(doc.inline_shapes) == 5
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 5 and all(z.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in media)
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Hình ")]
    assert [c.split(".")[0] for c in captions] == ["Hình 1", "Hình 2", "Hình 3", "Hình 4", "Hình 5"]
    ids = re.findall(r'<wp:docPr id="(\d+)"', zipfile.ZipFile(out).read("word/document.xml").decode())
    assert len(ids) == len(set(ids)) == 5
    plain = Document(str(make(shipped, "plain.docx", "--no-charts")))
    assert len(plain.inline_shapes) == 0


def test_same_data_gives_the_same_bytes(shipped_docx: Path, shipped: DataFolder) -> None:
    again = make(shipped, "again.docx").read_bytes()
    assert again == shipped_docx.read_bytes()
    with zipfile.ZipFile(shipped_docx) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_english_report_has_the_same_skeleton(shipped: DataFolder) -> None:
    doc = Document(str(make(shipped, "en.docx", "--lang", "en")))
    right = doc.tables[0].rows[0].cells[1].text.split("\n")
    assert right[:2] == ["SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"]
    assert headings(doc, 1)[0] == "I. DIRECTION AND IMPLEMENTATION"
    assert len(headings(doc, 1)) == 6
    assert len(task_list(doc).rows) == 88


def test_the_shipped_template_is_what_the_script_builds(tmp_path: Path) -> None:
    out = tmp_path / "t.docx"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_template.py"), str(out)], check=True, capture_output=True
    )
    assert out.read_bytes() == (ROOT / "src" / "stiplan" / "templates" / "bao-cao.docx").read_bytes()


def test_a_template_in_the_data_folder_is_used(shipped: DataFolder) -> None:
    from docxtpl import DocxTemplate  # noqa: F401  (the template is an ordinary docx)

    tpl = Document(str(ROOT / "src" / "stiplan" / "templates" / "bao-cao.docx"))
    tpl.add_paragraph("Mẫu riêng của Sở")
    (shipped.root / "templates").mkdir()
    tpl.save(str(shipped.root / "templates" / "bao-cao.docx"))
    doc = Document(str(make(shipped)))
    assert "Mẫu riêng của Sở" in [p.text for p in doc.paragraphs]


# --- the memo ------------------------------------------------------------------------------


def test_memo_links_charts_written_beside_it(shipped: DataFolder) -> None:
    out = shipped.base / "memo.md"
    run = cli("report", "-o", str(out), "--as-of", "2026", "--charts", "all")
    assert run.exit_code == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    images = [str(c.attrs["src"]) for t in tokens if t.children for c in t.children if c.type == "image"]
    assert len(images) == 5
    for src in images:
        assert src.startswith("memo-charts/") and (shipped.base / src).read_bytes()[:4] == b"\x89PNG"
    # The DTI 2022 source says "(announced 2023-07-12)": the vi memo writes the date as vi does.
    assert "(announced 12/7/2023)" in text and "2023-07-12" not in text
    # Rows of the 2025 table are numbered 1..n without gaps (12 indicators have a 2025 target).
    numbers = re.findall(r"^\| (\d+) \|", text.split("### Mốc 2030")[0], flags=re.M)
    assert numbers == [str(n) for n in range(1, 13)]


def test_show_draws_one_chart(shipped: DataFolder) -> None:
    out = shipped.base / "dti.png"
    run = cli("show", "dti_rank", "--chart", str(out), "--as-of", "2026")
    assert run.exit_code == 0, run.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = shipped.base / "dti2.png"
    cli("show", "dti_rank", "--chart", str(again), "--as-of", "2026")
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_source_dates_follow_the_language(lang: Literal["vi", "en"]) -> None:
    from stiplan.views.i18n import dates_in_text

    text = "DTI 2022 (announced 2023-07-12); vtv.vn (2019-12); period 2021-2025"
    expected = {
        "vi": "DTI 2022 (announced 12/7/2023); vtv.vn (tháng 12/2019); period 2021-2025",
        "en": "DTI 2022 (announced 12 July 2023); vtv.vn (December 2019); period 2021-2025",
    }
    assert dates_in_text(text, lang) == expected[lang]


def test_column_widths_follow_their_content() -> None:
    from stiplan.views.report_docx import fit_widths

    columns = [
        ["STT", "1", "10"],
        ["Cơ quan chủ trì", "Sở Khoa học và Công nghệ (kế thừa một phần Sở Thông tin và Truyền thông)"],
        ["Tổng số", "32"],
        ["Hoàn thành", "0"],
    ]
    widths = fit_widths(columns, 165)
    assert abs(sum(widths) - 165) < 0.01  # the table fills the text width exactly
    assert widths[1] == max(widths)  # the long names get the room
    assert widths[0] == min(widths)  # the number column stays narrow
    # A column of one-digit counts is no wider than its longest header word needs.
    assert widths[3] < widths[1] / 3


def test_a_base_year_check_says_so_and_starts_the_series_there(shipped: DataFolder) -> None:
    doc = Document(str(make(shipped, "base.docx", "--base-year", "2022")))
    first = next(p for p in doc.paragraphs if p.style is not None and p.style.name == "Body Text" and p.text)
    assert first.text.startswith("Năm gốc 2022 (KIỂM TRA ĐỘ NHẠY") and first.runs[0].bold
    table = next(t for t in doc.tables if "Mục tiêu 2025" in [c.text for c in t.rows[0].cells])
    years = [c.text for c in table.rows[0].cells if c.text.isdigit()]
    assert years == ["2022", "2023", "2024", "2025", "2026"]  # from the base year to the as-of year


def test_an_unchanged_chart_is_not_redrawn_and_a_changed_one_is(
    data: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data.write("report.yaml", LETTERHEAD)  # the test plan names no collector: the letterhead is set
    from stiplan.views import charts

    monkeypatch.setenv("STIPLAN_CACHE_DIR", str(tmp_path / "cache"))
    drawn: list[str] = []
    real = charts.draw_png

    def counted(st: Any, **kwargs: Any) -> bytes:
        drawn.append(st.indicator.id)
        return real(st, **kwargs)

    monkeypatch.setattr(charts, "draw_png", counted)

    def pictures(path: Path) -> list[bytes]:
        with zipfile.ZipFile(path) as z:
            return [z.read(n) for n in sorted(z.namelist()) if n.startswith("word/media/")]

    first = make(data, "a.docx", "--charts", "all")
    assert sorted(drawn) == ["dti_rank", "tfp_contribution"]  # the two indicators with a 2022 figure
    drawn.clear()
    again = make(data, "b.docx", "--charts", "all")
    assert drawn == [] and again.read_bytes() == first.read_bytes()
    actuals = data.root / "actuals" / "2022.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("value: 18", "value: 17"), encoding="utf-8")
    changed = make(data, "c.docx", "--charts", "all")
    assert drawn == ["dti_rank"]
    assert len(set(pictures(changed)) - set(pictures(first))) == 1  # the new dti_rank picture
    drawn.clear()
    for kept in (tmp_path / "cache" / "charts").iterdir():
        kept.write_bytes(kept.read_bytes()[:-10])  # damaged: a miss, never served
    assert make(data, "d.docx", "--charts", "all").read_bytes() == changed.read_bytes()
    assert sorted(drawn) == ["dti_rank", "tfp_contribution"]


def test_matplotlib_is_not_imported_when_every_chart_is_kept(data: DataFolder, tmp_path: Path) -> None:
    data.write("report.yaml", LETTERHEAD)  # the test plan names no collector: the letterhead is set
    script = (
        "import sys\nfrom stiplan.cli.root import main\n"
        "try:\n    main(['report', '--format', 'docx', '-o', sys.argv[1], '--as-of', '2026', '--charts', 'all'])\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('matplotlib' in sys.modules)\n"
    )
    env = {**os.environ, "STIPLAN_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, str(data.base / f"{n}.docx")],
            cwd=data.base,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for n in (1, 2)
    ]
    assert runs == ["True", "False"]  # drawn the first time; the second finds every picture kept
