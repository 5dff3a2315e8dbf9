"""The Word template rendered in a sandbox: it can show the report's content and nothing else.

A template is data a contributor can change in a pull request, so its Jinja tags are untrusted
code. An ordinary Jinja environment lets `{{ cycler.__init__.__globals__.os.popen('id') }}` run
a shell command; here the environment is Jinja's immutable sandbox (no `_`-attributes, no
mutating methods, no unsafe callables), with no globals at all (no `cycler`, `joiner`,
`namespace`, `range`, `lipsum`), attribute access allowed only on plain data (text, numbers,
mappings, lists), an undefined name an error rather than an empty string, and a cap on the
size of what `*` and `**` build. Every part docxtpl renders - the body, each page header and
footer, the footnotes and the document properties - goes through this environment, and a
failure anywhere is a `TemplateRefused` naming the part and the paragraph that holds the tag:
the render fails closed, nothing is written.

`template_problems` is the static check `validate` runs: the tags must parse, name only the
report's content, and reach no `_`-attribute; the sandbox is what holds at render time whatever
a static check misses.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from stiplan.lang import Term, Words
from stiplan.store.limits import check_archive
from stiplan.store.safefile import read_regular

MAX_PRODUCT = 100_000
"""The largest string, list or number `*` and `**` may build in a template (no report needs one)."""

MAX_TEMPLATE_BYTES = 16 * 1024 * 1024
"""The largest template file read (the shipped one is about 40 KB; a letterhead image adds some)."""

PLAIN = (str, int, float, bool, type(None), dict, list, tuple)
"""The only types whose attributes a template may read: the report's content is made of these."""

PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
"""The document properties docxtpl renders as templates (its own list, `render_properties`)."""


TEMPLATE_WORDS = Words(
    # a part of the document, as a person who opened it in Word names it (`part_label`)
    body=Term("phần thân ({name})", "body ({name})"),
    page_header=Term("đầu trang ({name})", "page header ({name})"),
    page_footer=Term("chân trang ({name})", "page footer ({name})"),
    document_property=Term("thuộc tính tài liệu {prop}", "document property {prop}"),
    at=Term("{where}, tại {excerpt}", "{where}, at {excerpt}"),
    # why a template cannot be used
    not_content=Term("{name} không thuộc nội dung của báo cáo", "{name} is not part of the report's content"),
    not_content_attribute=Term(
        "thuộc tính {name} không thuộc nội dung của báo cáo", "the attribute {name} is not part of the report's content"
    ),
    not_content_item=Term(
        "mục {name} không thuộc nội dung của báo cáo", "the item {name} is not part of the report's content"
    ),
    not_a_word_file=Term("tệp không phải là một tài liệu Word ({error})", "not a usable Word template ({error})"),
    too_large=Term("tệp quá lớn khi giải nén: {what}", "not a usable Word template: {what}"),
    too_large_power=Term(
        "{left} ** {right} lớn hơn mức một mẫu được phép tính",
        "{left} ** {right} is larger than a template may compute",
    ),
    too_large_repeat=Term(
        "một đoạn chữ hoặc danh sách lặp lại lớn hơn mức một mẫu được phép tạo",
        "a repeated text or list larger than a template may build",
    ),
)
"""Where a tag is and why a template cannot be used, in each language. What Jinja says of a tag
(a syntax error, a name undefined) and a library's error stay as the library words them,
inside these frames, as the system's strerror does."""


def _as_is(text: str) -> Term:
    """A library's own words (Jinja's, python-docx's), the same in every language."""
    return Term(text, text)


def _at(where: Term, excerpt: str) -> Term:
    """The part, and the paragraph holding the tag when known."""
    return TEMPLATE_WORDS.term("at", where=where, excerpt=repr(excerpt)) if excerpt else where


class TemplateRefused(Exception):
    """A template tag the sandbox refuses or cannot render, with the part and paragraph it is in.
    `wording` says it in each language; the exception's text is its English."""

    def __init__(self, where: Term, excerpt: str, reason: Term) -> None:
        self.where, self.excerpt, self.reason = where.en, excerpt, reason.en
        at = _at(where, excerpt)
        self.wording = Term(f"{at.vi}: {reason.vi}", f"{at.en}: {reason.en}")
        super().__init__(self.wording.en)


class _Limit(SecurityError):
    """A bound of `ReportSandbox` reached: its words in each language."""

    def __init__(self, wording: Term) -> None:
        super().__init__(wording.en)
        self.wording = wording


class ReportSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, narrowed to reading plain data."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self.globals.clear()

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, PLAIN) and super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        numbers = isinstance(left, (int, float)) and isinstance(right, (int, float))
        if operator == "**" and numbers and (abs(right) > 64 or abs(left) > MAX_PRODUCT):
            raise _Limit(TEMPLATE_WORDS.term("too_large_power", left=repr(left), right=repr(right)))
        if operator == "*" and _repeated_size(left, right) > MAX_PRODUCT:
            raise _Limit(TEMPLATE_WORDS["too_large_repeat"])
        return super().call_binop(context, operator, left, right)


def _repeated_size(left: Any, right: Any) -> int:
    """The length of `left * right` when it repeats a text or list, else 0."""
    for one, other in ((left, right), (right, left)):
        if isinstance(one, (str, list, tuple)) and isinstance(other, int) and not isinstance(other, bool):
            return len(one) * other
    return 0


def excerpt_at(source: str, lineno: int | None) -> str:
    """The text of the paragraph holding the failing tag (docxtpl puts each <w:p> on a line)."""
    if not lineno:
        return ""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
    return text[:120]


def part_label(partname: str) -> Term:
    """A part as a person who opened the file in Word would name it, with its path in the zip."""
    name = partname.lstrip("/")
    for prefix, label in (("word/header", "page_header"), ("word/footer", "page_footer")):
        if name.startswith(prefix):
            return TEMPLATE_WORDS.term(label, name=name)
    if name == "word/document.xml":
        return TEMPLATE_WORDS.term("body", name=name)
    return _as_is(name)


def _property(prop: str) -> Term:
    return TEMPLATE_WORDS.term("document_property", prop=repr(prop))


def _template_line(exc: BaseException) -> int | None:
    """The template line an error is at: a syntax error says so; a runtime error's traceback
    holds the template's own frames (Jinja rewrites them to the template's lines)."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _reason(exc: BaseException) -> Term:
    if isinstance(exc, _Limit):
        return exc.wording
    return _as_is(str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}")


def read_template(path: Path, root: Path | None) -> bytes:
    """A template's bytes: a regular file, inside `root` when given (a data folder's own template
    follows no link out of it), no larger than MAX_TEMPLATE_BYTES, and not inflating past the
    archive bounds. Raises UnsafeFile or TooLarge."""
    raw = read_regular(path, MAX_TEMPLATE_BYTES, root=root)
    check_archive(raw)
    return raw


def sandboxed_template(raw: bytes) -> Any:
    """A docxtpl DocxTemplate whose every rendered part goes through `ReportSandbox` and whose
    failures are `TemplateRefused`. Render it with `render_sandboxed`."""
    from docxtpl import DocxTemplate

    class SandboxedDocx(DocxTemplate):
        def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
            try:
                return str(super().render_xml_part(src_xml, part, context, jinja_env))
            except Exception as exc:  # fail closed: whatever a tag raises is the template's fault
                where = part_label(str(part.partname))
                patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
                raise TemplateRefused(where, excerpt_at(patched, _template_line(exc)), _reason(exc)) from None

        def render_properties(self, context: Any, jinja_env: Any = None) -> None:
            props = self.docx.core_properties
            for prop in PROPERTIES:
                text = getattr(props, prop) or ""
                try:
                    rendered = jinja_env.from_string(text).render(context)
                except Exception as exc:
                    raise TemplateRefused(_property(prop), text[:120], _reason(exc)) from None
                setattr(props, prop, rendered)

    return SandboxedDocx(io.BytesIO(raw))


def render_sandboxed(tpl: Any, context: Mapping[str, Any]) -> None:
    """Render a `sandboxed_template` with the report's content; raises TemplateRefused."""
    tpl.render(dict(context), jinja_env=ReportSandbox(), autoescape=True)


# --- the static check ---------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateIssue:
    """One thing wrong with a template's tags, found without rendering it."""

    kind: str  # "syntax" | "unsafe"
    where: str
    wording: Term
    """What is wrong, in each language."""

    @property
    def message(self) -> str:
        return self.wording.en


def _sources(raw: bytes) -> Iterator[tuple[Term, str]]:
    """(part label, patched Jinja source) for each part docxtpl renders."""
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(raw))
    doc = tpl.get_docx()
    yield part_label("word/document.xml"), tpl.patch_xml(tpl.xml_to_string(doc._element.body))
    for rel in doc.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            part = rel.target_part
            yield part_label(str(part.partname)), tpl.patch_xml(tpl.xml_to_string(parse_xml(part.blob)))
    for prop in PROPERTIES:
        yield _property(prop), getattr(doc.core_properties, prop) or ""


def _names_assigned(tree: nodes.Template) -> set[str]:
    """Names a template binds itself (`{% for x in … %}`, `{% set x = … %}`, macro arguments)."""
    return {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}


def check_source(where: Term, source: str, allowed: Iterable[str]) -> list[TemplateIssue]:
    """The issues of one part's Jinja source: a syntax error, a name outside `allowed`, an
    attribute starting with `_`."""
    patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)  # one paragraph a line, as docxtpl renders it
    try:
        tree = ReportSandbox().parse(patched)
    except TemplateError as exc:
        at = _at(where, excerpt_at(patched, getattr(exc, "lineno", None)))
        return [TemplateIssue("syntax", where.en, Term(f"{at.vi}: {exc}", f"{at.en}: {exc}"))]
    known = set(allowed) | _names_assigned(tree)
    found: dict[Term, int] = {}  # what is refused -> the first line it is on
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in known:
            found.setdefault(TEMPLATE_WORDS.term("not_content", name=repr(name.name)), name.lineno)
    for get in tree.find_all(nodes.Getattr):
        if get.attr.startswith("_"):
            found.setdefault(TEMPLATE_WORDS.term("not_content_attribute", name=repr(get.attr)), get.lineno)
    for item in tree.find_all(nodes.Getitem):
        if isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str) and item.arg.value.startswith("_"):
            found.setdefault(TEMPLATE_WORDS.term("not_content_item", name=repr(item.arg.value)), item.lineno)
    issues = []
    for message, lineno in found.items():
        at = _at(where, excerpt_at(patched, lineno))
        issues.append(TemplateIssue("unsafe", where.en, Term(f"{at.vi}: {message.vi}", f"{at.en}: {message.en}")))
    return issues


def template_problems(raw: bytes, allowed: Iterable[str]) -> list[TemplateIssue]:
    """Everything wrong with a template's tags, part by part; a file that is not a usable Word
    document is one syntax issue."""
    allowed = frozenset(allowed)
    try:
        sources = list(_sources(raw))
    except Exception as exc:  # zip, lxml, python-docx errors: not a usable .docx
        error = f"{type(exc).__name__}: {exc}"
        return [TemplateIssue("syntax", "", TEMPLATE_WORDS.term("not_a_word_file", error=error))]
    return [issue for where, source in sources for issue in check_source(where, source, allowed)]
