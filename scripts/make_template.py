"""Build the shipped Word template of the official report (Decree 30/2020/NĐ-CP layout).

    python scripts/make_template.py [OUT]   # default: src/stiplan/templates/bao-cao.docx

The template is an ordinary .docx with docxtpl (Jinja) tags: open it in Word, change the
letterhead, fonts or spacing, keep the {{ … }} and {%p … %} tags, and save it as
data/templates/bao-cao.docx; `stiplan report --format docx` then uses it. Running this script
again gives the same bytes (a test checks the shipped file is what this script builds).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from stiplan.views import docx_layout as L

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "stiplan" / "templates" / "bao-cao.docx"
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _styles(doc) -> None:
    L.no_theme_fonts(doc)
    L.set_default_font(doc, 14)
    normal = doc.styles["Normal"]
    L.set_style_font(normal, 14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    body = doc.styles["Body Text"]
    L.set_style_font(body, 14)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(12.7)
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", 14), ("Heading 2", 14), ("Heading 3", 14)):
        style = doc.styles[name]
        L.set_style_font(style, size, bold=True)
        style.font.italic = name == "Heading 3"
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(6), Pt(6)
        fmt.first_line_indent = Mm(12.7)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, size in (("Table Grid", 12), ("Caption", 12), ("Header", 14), ("Footer", 14)):
        L.set_style_font(doc.styles[name], size)
    caption = doc.styles["Caption"]
    caption.font.bold, caption.font.italic = False, True
    caption.paragraph_format.alignment = CENTER
    caption.paragraph_format.space_after = Pt(6)


def _para(container, text: str = "", *, size: float = 14, bold: bool = False, italic: bool = False, align=CENTER):
    p = container.add_paragraph()
    p.alignment = align
    if text:
        run = p.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return p


def _tag(container, tag: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %} or {{p … }})."""
    p = container.add_paragraph()
    p.add_run(tag)
    return p


def _letterhead(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    L.no_borders(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("{{ issuing_body }}").font.size = Pt(12)
    left.paragraphs[0].alignment = CENTER
    _para(left, "{{ agency }}", size=12, bold=True)
    line = _para(left, size=4)
    line.paragraph_format.left_indent, line.paragraph_format.right_indent = Mm(18), Mm(18)
    L.bottom_border(line)
    number = _para(left, "{{ w.number }} {{ number }}", size=13)
    number.paragraph_format.space_before = Pt(6)
    right.paragraphs[0].alignment = CENTER
    head = right.paragraphs[0].add_run("{{ w.republic }}")
    head.font.size, head.bold = Pt(12), True
    motto = _para(right, "{{ w.motto }}", size=14, bold=True)
    motto.runs[0].underline = True
    place = _para(right, "{{ place_date }}", size=14, italic=True)
    place.paragraph_format.space_before = Pt(6)
    L.fixed_widths(table, [70, 95])

    kind = _para(doc, "{{ w.kind }}", size=14, bold=True)
    kind.paragraph_format.space_before = Pt(18)
    subject = _para(doc, "{{ subject }}", size=14, bold=True)
    subject.paragraph_format.left_indent = subject.paragraph_format.right_indent = Mm(10)
    rule = _para(doc, size=4)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Mm(60)
    L.bottom_border(rule)
    to = _para(doc, "{{ w.to }}: {{r recipients }}", size=14)
    to.paragraph_format.space_before, to.paragraph_format.space_after = Pt(12), Pt(12)


def _signature(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    L.no_borders(table)
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    run = first.add_run("{{ w.distribution }}:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    first.paragraph_format.space_before = Pt(12)
    _tag(left, "{%p for line in distribution %}")
    _para(left, "- {{ line }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _tag(left, "{%p endfor %}")
    top = right.paragraphs[0]
    top.alignment = CENTER
    top.paragraph_format.space_before = Pt(12)
    run = top.add_run("{{ signatory.authority }}")
    run.bold, run.font.size = True, Pt(14)
    _para(right, "{{ signatory.title }}", size=14, bold=True)
    for _ in range(4):
        _para(right)
    _para(right, "{{ signatory.name }}", size=14, bold=True)
    L.fixed_widths(table, [80, 85])


def build(out: Path) -> None:
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    L.page_setup(section)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = CENTER
    L.add_page_field(header)
    _letterhead(doc)
    _tag(doc, "{{p body }}")
    _signature(doc)
    _tag(doc, "{{p appendix }}")
    # python-docx's blank document starts with an empty paragraph: drop it.
    body = doc.element.body
    body.remove(body[0]) if body[0].tag.endswith("}p") and not body[0].xpath(".//w:t") else None
    L.core_properties(doc, title="Báo cáo", author="stiplan", when=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(L.deterministic(buffer.getvalue()))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    build(target)
    print(f"wrote {target}")
