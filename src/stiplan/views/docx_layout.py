"""Word layout helpers shared by the template builder and the report renderer.

What python-docx has no call for (style fonts without theme overrides, borders, fixed table
widths, repeated header rows, page-number fields, sections) is set here on the OOXML, in one
place. `deterministic` rewrites a saved .docx so the same content gives the same bytes: fixed
zip entry times and fixed core properties (Word files otherwise carry the time of saving).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BLACK = "000000"
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
"""Decree 30/2020/NĐ-CP: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm."""
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
LANDSCAPE_TEXT_WIDTH_MM = PAGE_MM[1] - MARGINS_MM["left"] - MARGINS_MM["right"]
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _child(parent: Any, tag: str) -> Any:
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def set_run_font(rpr: Any, size_pt: float | None = None) -> None:
    """Times New Roman in every script slot (no theme font), black, optionally a size."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        rpr.remove(fonts)
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    rpr.insert(0, fonts)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), BLACK)
    rpr.append(color)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            old = rpr.find(qn(tag))
            if old is not None:
                rpr.remove(old)
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(int(size_pt * 2)))
            rpr.append(el)


def set_style_font(style: Any, size_pt: float | None = None, *, bold: bool | None = None) -> None:
    set_run_font(style.element.get_or_add_rPr(), size_pt)
    if bold is not None:
        style.font.bold = bold


def set_default_font(doc: Any, size_pt: float) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = _child(defaults, "w:rPrDefault")
    set_run_font(_child(rpr_default, "w:rPr"), size_pt)


def no_theme_fonts(doc: Any) -> None:
    """Every style in Times New Roman and black: theme fonts and colours (Calibri, Cambria,
    blue headings) are replaced wherever the base template set them."""
    for style in doc.styles.element.findall(qn("w:style")):
        for fonts in style.iter(qn("w:rFonts")):
            for key in list(fonts.attrib):
                if key.endswith("Theme") or key.endswith("theme"):
                    del fonts.attrib[key]
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(slot), FONT)
        for color in style.iter(qn("w:color")):
            for key in list(color.attrib):
                del color.attrib[key]
            color.set(qn("w:val"), BLACK)


def bottom_border(paragraph: Any, size_eighths: int = 6) -> None:
    """A line under a paragraph (under the agency name and the subject line, Decree 30)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = _child(ppr, "w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", "1"), ("w:color", BLACK)):
        bottom.set(qn(key), value)
    borders.append(bottom)


def no_borders(table: Any) -> None:
    tblpr = table._tbl.tblPr
    borders = _child(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)


def fixed_widths(table: Any, widths_mm: list[float]) -> None:
    """Fixed layout with these column widths: the grid, every cell and the table itself."""
    table.autofit = False
    tbl = table._tbl
    tblpr = tbl.tblPr
    layout = _child(tblpr, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    width = _child(tblpr, "w:tblW")
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(int(Mm(w).twips) for w in widths_mm)))
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(w)


def cell_margins(table: Any, side_mm: float) -> None:
    """Narrow left and right cell padding, so narrow columns keep their text on one line."""
    margins = _child(table._tbl.tblPr, "w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(Mm(side_mm).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)


def repeat_header(row: Any) -> None:
    """The row is repeated at the top of every page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def keep_row_whole(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def keep_captions_with_tables(body: Any, caption_style: str = "Caption") -> None:
    """A caption right before a table keeps with it (keep-with-next holds it to the table's
    first row), so no 'Bảng 2' is left alone at the foot of a page."""
    for p in body.iter(qn("w:p")):
        following = p.getnext()
        if following is None or following.tag != qn("w:tbl") or p.style != caption_style:
            continue
        p.get_or_add_pPr().keepNext_val = True


def add_page_field(paragraph: Any) -> None:
    """A PAGE field (the page number), as Word inserts it."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def page_setup(section: Any, *, landscape: bool = False) -> None:
    from docx.enum.section import WD_ORIENT

    width, height = PAGE_MM if not landscape else (PAGE_MM[1], PAGE_MM[0])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(10), Mm(10)


def paragraph_format(paragraph: Any, *, size: float | None = None, before: float = 0, after: float = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if size is not None:
        for run in paragraph.runs:
            run.font.size = Pt(size)


def core_properties(doc: Any, *, title: str, author: str, when: dt.datetime) -> None:
    """Fixed document properties: the same report gives the same bytes."""
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = ""


def deterministic(data: bytes) -> bytes:
    """The same .docx with every zip entry's time fixed and its attributes normalised."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 0
            zout.writestr(entry, zin.read(info.filename))
    return out.getvalue()
