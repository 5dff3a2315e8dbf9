"""The Word report's layout, read back from the document: charts two to a page before the
landscape table, captions kept with their tables and figures, the same bytes on a rerun."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Emu

from conftest import LETTERHEAD, DataFolder, built_once, cli, tiny_folder
from stiplan.views import charts as C
from stiplan.views import docx_layout as L

pytest.importorskip("matplotlib")

TEXT_HEIGHT_MM = L.PAGE_MM[1] - L.MARGINS_MM["top"] - L.MARGINS_MM["bottom"]  # 257 mm


def make(data: DataFolder, name: str) -> Path:
    out = data.base / name
    run = cli("report", "--format", "docx", "-o", str(out), "--as-of", "2026", "--charts", "all")
    assert run.exit_code == 0, run.stderr
    return out


@pytest.fixture
def report(data: DataFolder) -> Path:
    data.write("report.yaml", LETTERHEAD)  # the test plan names no collector: the letterhead is set
    return make(data, "a.docx")


@pytest.fixture
def built() -> Path:
    """The `report` fixture's document, made once a run for the tests that only read it."""
    return built_once("the Word report of conftest's folder with LETTERHEAD", _build_report) / "a.docx"


def _build_report(base: Path) -> None:
    folder = tiny_folder(base)
    folder.write("report.yaml", LETTERHEAD)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(base)
        patch.delenv("STIPLAN_DATA", raising=False)
        make(folder, "a.docx")


def style(p: Any) -> str | None:
    ppr = p.find(qn("w:pPr"))
    found = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return found.get(qn("w:val")) if found is not None else None


def keeps_with_next(p: Any) -> bool:
    ppr = p.find(qn("w:pPr"))
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


def test_every_table_caption_keeps_with_its_table(built: Path) -> None:
    report = built
    body = Document(str(report)).element.body
    before_tables = [t.getprevious() for t in body.iter(qn("w:tbl")) if t.getparent() is body]
    captions = [p for p in before_tables if p is not None and p.tag == qn("w:p") and style(p) == "Caption"]
    # Bảng 1 (indicators), Bảng 2 (tasks by agency), the appendix's title and its Bảng 3 (the
    # late and unreported tasks' numbers by agency).
    assert [p.xpath("string(.)")[:7] for p in captions[:2]] == ["Bảng 1.", "Bảng 2."]
    assert len(captions) == 4 and all(keeps_with_next(p) for p in captions)


def test_each_chart_keeps_with_its_caption_and_two_fit_a_page(built: Path) -> None:
    report = built
    doc = Document(str(report))
    body = doc.element.body
    pictures = [p for p in body.iter(qn("w:p")) if p.find(".//" + qn("w:drawing")) is not None]
    assert len(pictures) == 2  # the test folder's two indicators with a figure (--charts all)
    for k, p in enumerate(pictures, start=1):
        assert keeps_with_next(p)
        caption = p.getnext()
        assert style(caption) == "Caption" and caption.xpath("string(.)").startswith(f"Hình {k}.")
        assert not keeps_with_next(caption)  # a chart's caption does not chain it to the next chart
    # Two charts, their captions (two lines of 12 pt with 6 pt after: 13 mm) and a heading
    # (14 pt with 6 pt before and after: 9 mm) fit in the page's 257 mm of text.
    heights = [Emu(shape.height).mm for shape in doc.inline_shapes]
    assert all(abs(h - C.WIDTH_MM * C.SIZE_IN[1] / C.SIZE_IN[0]) < 0.5 for h in heights)  # 89 mm
    assert 2 * (heights[0] + 13) + 9 <= TEXT_HEIGHT_MM


def test_the_charts_fill_the_portrait_pages_before_the_landscape_table(built: Path) -> None:
    """The portrait section that ends where the landscape table starts ends with the charts, not
    with a short paragraph followed by an empty page."""
    report = built
    body = Document(str(report)).element.body
    blocks = list(body)
    table1 = next(k for k, b in enumerate(blocks) if b.xpath("string(.)").startswith("Bảng 1."))
    section_end = max(k for k, b in enumerate(blocks[:table1]) if b.find(".//" + qn("w:sectPr")) is not None)
    pictures = [k for k, b in enumerate(blocks) if b.find(".//" + qn("w:drawing")) is not None]
    # Heading, chart 1, caption 1, chart 2, caption 2, then the section's end.
    assert pictures == [section_end - 4, section_end - 2]
    size = blocks[section_end].find(".//" + qn("w:pgSz"))
    assert size.get(qn("w:orient")) is None  # the section closed here is the portrait one


@pytest.mark.slow  # renders the Word report twice
def test_a_rerun_gives_the_same_bytes(report: Path, data: DataFolder) -> None:
    assert make(data, "b.docx").read_bytes() == report.read_bytes()
