"""The official report as a Word file, in the layout of Decree 30/2020/NĐ-CP.

The letterhead, recipients and signature block come from a docxtpl template the Department can
edit in Word (`data/templates/bao-cao.docx`, else the shipped one); the body (sections I–V) and
the task appendix are built with python-docx as docxtpl subdocuments, so they take the
template's styles. The indicator table is wide (a column per year), so it sits in a landscape
section. The same data, settings and template give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
from collections.abc import Callable, Sequence
from copy import deepcopy
from html import escape
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from stiplan import lang
from stiplan import vocabulary as V
from stiplan.lang import Term, Words
from stiplan.views import docx_layout as L
from stiplan.views.report_content import ReportContent
from stiplan.views.report_settings import TEMPLATE_NAME, ReportSettings, localised, localised_list
from stiplan.views.report_settings import own_template as own_template  # where `report` and `site` look for it

TABLE_PT = 11
"""Text size inside tables (Decree 30 allows smaller type in tables than in the body)."""

WORDS = Words(
    number=Term("Số:", "No.:"),
    republic=Term("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    motto=Term("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    kind=Term("BÁO CÁO", "REPORT"),
    to=Term("Kính gửi", "To"),
    distribution=Term("Nơi nhận", "Recipients"),
)
"""The words of the template's letterhead and signature block (its `w.KEY` fields)."""

SUBJECT = Term("Báo cáo kết quả thực hiện {title} năm {year}", "Report on the implementation of the {title} in {year}")
"""The subject line under 'BÁO CÁO' when the settings give none: the plan one implements, by its
title (the year follows the place the title ends with)."""


def title_in_sentence(title: str) -> str:
    """A plan's title inside a sentence: it keeps its capital when it opens with a document type
    ('Kế hoạch thực hiện …', which names the document), else starts in lower case."""
    folded = title.casefold()
    if any(folded.startswith(kind) for kind in V.DOCUMENT_TYPES) or any(
        folded.startswith(en.casefold()) for en in V.DOCUMENT_TYPES.values()
    ):
        return title
    return title[:1].lower() + title[1:]


def shipped_template() -> Path:
    from importlib.resources import files

    return Path(str(files("stiplan") / "templates" / TEMPLATE_NAME))


def template_for(data_root: Path, given: Path | None = None) -> Path:
    """`--template FILE`, else the data folder's templates/bao-cao.docx, else the shipped one."""
    if given is not None:
        return given
    own = own_template(data_root)
    return own if os.path.lexists(own) else shipped_template()


ChartFn = Callable[[Any], bytes]


CONTEXT_NAMES = (
    "w",
    "issuing_body",
    "agency",
    "number",
    "place_date",
    "subject",
    "recipients",
    "distribution",
    "signatory",
    "body",
    "appendix",
    "report",
)
"""The names a template can use: the report's content, and nothing else (`template_sandbox`);
`report` is the report model's numbers as plain data (`engine.report_model`, as `--format json`)."""


def template_problem(template: bytes) -> Term | None:
    """Why a template cannot be used (not a Word file, a tag that does not parse, a name that is
    not the report's content, a `_`-attribute), or None."""
    from stiplan.views.template_sandbox import template_problems

    issues = template_problems(template, CONTEXT_NAMES)
    if not issues:
        return None
    return Term(**{code: "; ".join(i.wording.pick(code) for i in issues) for code in lang.LANGS})


# --- widths --------------------------------------------------------------------------------


def fit_widths(columns: Sequence[Sequence[str]], total_mm: float, *, size_pt: float = TABLE_PT) -> list[float]:
    """Column widths that fit their content and add up to `total_mm`.

    The first cell of each column is its header. Each column needs at least its longest word
    and wants its longest body cell (capped, since long cells wrap; a header may wrap between
    words); the width beyond what every column needs goes in proportion to what each wants more.
    """
    char_mm = size_pt * 0.19  # an average Times New Roman character, with the cell padding
    need, want = [], []
    for cells in columns:
        words = [w for c in cells for w in str(c).split()] or [""]
        need.append(max(len(w) for w in words) * char_mm * 1.1 + 3.0)  # bold header words, cell padding
        head_word = max((len(w) for w in str(cells[0]).split()), default=0)  # a header may wrap
        longest = max([head_word, *(len(str(c)) for c in cells[1:])])
        want.append(min(longest, 60) * char_mm + 3.0)
    widths = [max(n, w) for n, w in zip(need, want, strict=True)]
    spare = total_mm - sum(need)
    if spare <= 0:
        return [total_mm * n / sum(need) for n in need]
    extra = [w - n for w, n in zip(widths, need, strict=True)]
    total_extra = sum(extra) or 1
    scale = min(1.0, spare / total_extra)
    widths = [n + e * scale for n, e in zip(need, extra, strict=True)]
    leftover = total_mm - sum(widths)
    if leftover > 0:  # everything fits: give the rest to the widest-wanting columns
        widths = [
            w + leftover * (x / total_extra if sum(extra) else 1 / len(widths))
            for w, x in zip(widths, extra, strict=True)
        ]
    return widths


# --- building blocks -----------------------------------------------------------------------


class Body:
    """A docxtpl subdocument with the paragraph kinds the report uses."""

    def __init__(self, sd: Any, style_ids: dict[tuple[str, str], str | None] | None = None) -> None:
        self.sd = sd
        self._style_ids: dict[tuple[str, str], str | None] = {} if style_ids is None else style_ids
        """(style type, name) → id; subdocuments of one template share it (the same styles part)."""
        self._end = sd.element.body.sectPr
        """The body's closing section properties, where python-docx puts each new paragraph: found
        once, not by a scan of the whole body at every paragraph (which made the body quadratic)."""

    def _add_paragraph(self, text: str = "") -> Any:
        """`sd.add_paragraph(text)`: the same `w:p`, in the same place, without the scan."""
        from docx.text.paragraph import Paragraph

        p = OxmlElement("w:p")
        if self._end is None:
            self.sd.element.body.append(p)
        else:
            self._end.addprevious(p)
        paragraph = Paragraph(p, self.sd._body)
        if text:
            paragraph.add_run(text)
        return paragraph

    def style_id(self, name: str, kind: str = "PARAGRAPH") -> str | None:
        """The id of the style `name` of `kind` (a WD_STYLE_TYPE name), looked up once: python-docx
        resolves a style's name by scanning every style of the document, on each use."""
        key = (kind, name)
        if key not in self._style_ids:
            from docx.enum.style import WD_STYLE_TYPE

            self._style_ids[key] = self.sd.part.get_style_id(name, WD_STYLE_TYPE[kind])
        return self._style_ids[key]

    def paragraph(self, style: str, text: str = "") -> Any:
        """A new paragraph in `style`."""
        p = self._add_paragraph(text)
        p._p.style = self.style_id(style)
        return p

    def heading(self, text: str, level: int = 1) -> None:
        self.paragraph(f"Heading {level}", text)

    def para(self, text: str, *, italic: bool = False) -> Any:
        p = self.paragraph("Body Text")
        run = p.add_run(text)
        run.italic = italic
        return p

    def placeholder(self, text: str) -> None:
        """A marked place for the Department's own paragraphs (highlighted, in brackets)."""
        p = self.paragraph("Body Text")
        run = p.add_run(f"[{text}]")
        run.italic = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def paras(self, texts: list[str], missing: str) -> None:
        if not texts:
            self.placeholder(missing)
        for text in texts:
            self.para(text)

    def bullet(self, text: str) -> None:
        self.para(f"- {text}")

    def caption(self, text: str) -> None:
        self.paragraph("Caption", text)

    def table(
        self,
        header: list[str],
        rows: list[list[Any]],
        total_mm: float,
        *,
        center: Sequence[int] = (),
        widths: list[float] | None = None,
        header_rows: list[list[str]] | None = None,
        size: float = TABLE_PT,
    ) -> Any:
        """A grid table; `rows` cells are text or (text, superscript) pairs. Header rows repeat."""
        heads = [*(header_rows or []), header]
        table = self.sd.add_table(rows=0, cols=len(header))
        table._tbl.tblStyle_val = self.style_id("Table Grid", "TABLE")  # as `table.style = …` sets it
        cells_text = [[_plain(c) for c in col] for col in zip(header, *rows, strict=True)]
        widths = widths or fit_widths(cells_text, total_mm, size_pt=size)
        L.fixed_widths(table, widths)
        L.cell_margins(table, 1.2)
        # The rows are written as WordprocessingML text and parsed once: python-docx's proxies
        # (a paragraph, a run, its font) cost a few hundred element look-ups per cell, most of
        # the report's time. The XML is what those calls wrote (tests/test_report_docx.py).
        twips = [Mm(w).twips for w in widths]
        middle = set(center)
        xml = "".join(
            _row_xml(values, twips, head=i < len(heads), center=middle, half_points=round(size * 2))
            for i, values in enumerate([*heads, *rows])
        )
        for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{xml}</w:tbl>"):
            table._tbl.append(tr)
        return table

    def picture(self, png: bytes, width_mm: float) -> None:
        p = self._add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))

    def section_break(self, *, landscape: bool) -> None:
        """End the current section here; the next one is landscape or portrait (see `fix_sections`)."""
        p = self._add_paragraph()
        marker = OxmlElement("w:sectPr")
        marker.set(qn("w:rsidR"), "landscape" if landscape else "portrait")
        p._p.get_or_add_pPr().append(marker)

    def page_break(self) -> None:
        self._add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _parts(value: Any) -> list[tuple[str, str | None]]:
    """A cell's lines: text, a (text, superscript) pair, or a list of pairs (one line each)."""
    if isinstance(value, list):
        return [(str(v[0]), v[1]) for v in value]
    if isinstance(value, tuple):
        return [(str(value[0]), value[1])]
    return [(str(value), None)]


def _plain(value: Any) -> str:
    return "\n".join(text for text, _ in _parts(value))


def _row_xml(values: Sequence[Any], twips: Sequence[int], *, head: bool, center: set[int], half_points: int) -> str:
    """One table row (`w:tr`): kept whole on a page, repeated on each page if a header; each
    cell its width, each line of its text a paragraph, a source number as a superscript."""
    bold = "<w:b/>" if head else '<w:b w:val="0"/>'
    size = f'<w:sz w:val="{half_points}"/>'
    cells = []
    for j, (value, width) in enumerate(zip(values, twips, strict=True)):
        jc = '<w:pPr><w:jc w:val="center"/></w:pPr>' if head or j in center else '<w:pPr><w:jc w:val="left"/></w:pPr>'
        paragraphs: list[list[str]] = []
        for text, sup in _parts(value) or [("", None)]:
            for line in text.split("\n"):
                paragraphs.append([f"<w:r><w:rPr>{bold}{size}</w:rPr>{_run_text(line)}</w:r>"])
            if sup:
                superscript = (
                    f'<w:r><w:rPr>{size}<w:vertAlign w:val="superscript"/></w:rPr>{_run_text(f"({sup})")}</w:r>'
                )
                paragraphs[-1].append(superscript)
        body = "".join(f"<w:p>{jc}{''.join(runs)}</w:p>" for runs in paragraphs)
        cells.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>{body}</w:tc>')
    header = '<w:tblHeader w:val="true"/>' if head else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{''.join(cells)}</w:tr>"


def _run_text(text: str) -> str:
    """A run's text as python-docx writes it: tabs as `w:tab`, spaces kept where they would be lost."""
    out = []
    for k, piece in enumerate(text.split("\t")):
        if k:
            out.append("<w:tab/>")
        if piece:
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{keep}>{escape(piece, quote=False)}</w:t>")  # not xml.sax: it imports urllib.request
    return "".join(out)


# --- the document --------------------------------------------------------------------------


def context_words(lang: lang.Lang) -> dict[str, str]:
    return {key: WORDS.pick(key, lang) for key in WORDS}


def render_docx(
    content: ReportContent,
    settings: ReportSettings,
    *,
    template: bytes,
    charts: dict[str, bytes] | None = None,
    plan_decision: str = "",
) -> bytes:
    """The report as .docx bytes (deterministic); raises TemplateRefused when a tag of the
    template is refused by the sandbox or fails."""
    from docxtpl import RichText

    from stiplan.views.report_docx_body import build_appendix, build_body
    from stiplan.views.template_sandbox import render_sandboxed, sandboxed_template

    lng = content.lang
    tpl = sandboxed_template(template)
    body = Body(new_subdoc(tpl))
    build_body(body, content, settings, charts or {})
    appendix = Body(new_subdoc(tpl), body._style_ids)
    build_appendix(appendix, content, settings)
    place = localised(settings.place, lng)
    when = lang.long_date(settings.date, lng, content.as_of)
    recipients = localised_list(settings.recipients, lng)
    rt = RichText()
    for k, name in enumerate(recipients):
        if k:
            rt.add("\n")
        rt.add(f"- {name}" if len(recipients) > 1 else name, size=28)
    subject = localised(settings.subject, lng) or SUBJECT.pick(lng).format(
        title=title_in_sentence(content.plan_title), year=content.as_of
    )
    context = {
        "w": context_words(lng),
        "issuing_body": localised(settings.issuing_body, lng),
        "agency": localised(settings.agency, lng),
        "number": settings.number,
        "place_date": f"{place}, {when}" if place else when,
        "subject": subject,
        "recipients": rt,
        "distribution": localised_list(settings.distribution, lng),
        "signatory": {
            "authority": localised(settings.signatory.authority, lng),
            "title": localised(settings.signatory.title, lng),
            "name": settings.signatory.name or "",
        },
        "body": body.sd,
        "appendix": appendix.sd,
        "report": content.model.to_dict(),
    }
    render_sandboxed(tpl, context)
    doc = tpl.docx
    fix_sections(doc)
    renumber_drawings(doc)
    L.keep_captions_with_tables(doc.element.body)
    stamp = dt.datetime.combine(settings.date or content.judged_on, dt.time(), tzinfo=dt.timezone.utc)
    L.core_properties(
        doc,
        title=subject,
        author=localised(settings.agency, lng),
        when=stamp,
    )
    out = io.BytesIO()
    tpl.save(out)
    return L.deterministic(out.getvalue())


def new_subdoc(tpl: Any) -> Any:
    """A docxtpl subdocument of `tpl`, as `tpl.new_subdoc()` makes it, without its cost.

    docxtpl opens python-docx's whole default package (styles, theme, numbering, settings) for
    each subdocument only to take its empty body: the body is then bound to the template's own
    part, and the section properties it holds are dropped when the subdocument is inserted. Here
    the body is that package's `word/document.xml` alone, parsed once, so what is built into it
    (and hence the report) is the same."""
    from docx.document import Document
    from docxtpl.subdoc import Subdoc

    sd = Subdoc.__new__(Subdoc)
    sd.tpl = tpl
    sd.docx = tpl.get_docx()
    sd.subdocx = Document(deepcopy(_default_body()), sd.docx.part)
    return sd


@functools.cache
def _default_body() -> Any:
    """python-docx's default document part (an empty body and its section), parsed."""
    import zipfile
    from importlib.resources import files

    with zipfile.ZipFile(io.BytesIO((files("docx") / "templates" / "default.docx").read_bytes())) as z:
        return parse_xml(z.read("word/document.xml"))


def fix_sections(doc: Any) -> None:
    """Turn the section markers into real section breaks.

    Each marker becomes a copy of the template's own section properties (page size, margins,
    header references) in its orientation. Only the first section keeps a different first
    page, so the page number shows from page 2 on, across every section.
    """
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    markers = [m for m in body.iter(qn("w:sectPr")) if m.getparent().tag == qn("w:pPr")]
    orientation = "portrait"  # each marker closes the section before it
    for k, marker in enumerate(markers):
        props = deepcopy(final)
        _orient(props, landscape=orientation == "landscape")
        if k > 0:
            _drop(props, "w:titlePg")
        orientation = marker.get(qn("w:rsidR"))
        marker.getparent().replace(marker, props)
    if markers:
        _orient(final, landscape=orientation == "landscape")
        _drop(final, "w:titlePg")


def _drop(parent: Any, tag: str) -> None:
    for el in parent.findall(qn(tag)):
        parent.remove(el)


def _orient(sect: Any, *, landscape: bool) -> None:
    size = sect.find(qn("w:pgSz"))
    w, h = (Mm(x).twips for x in L.PAGE_MM)
    if landscape:
        size.set(qn("w:w"), str(h))
        size.set(qn("w:h"), str(w))
        size.set(qn("w:orient"), "landscape")
    else:
        size.set(qn("w:w"), str(w))
        size.set(qn("w:h"), str(h))
        if size.get(qn("w:orient")) is not None:
            del size.attrib[qn("w:orient")]


def renumber_drawings(doc: Any) -> None:
    """Unique, stable ids for every drawing (pictures added to subdocuments all start at 1)."""
    for n, el in enumerate(doc.element.body.iter(qn("wp:docPr")), start=1):
        el.set("id", str(n))
        el.set("name", f"Picture {n}")
