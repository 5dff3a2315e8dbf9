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


class TemplateRefused(Exception):
    """A template tag the sandbox refuses or cannot render, with the part and paragraph it is in."""

    def __init__(self, where: str, excerpt: str, reason: str) -> None:
        self.where, self.excerpt, self.reason = where, excerpt, reason
        at = f"{where}, at {excerpt!r}" if excerpt else where
        super().__init__(f"{at}: {reason}")


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
            raise SecurityError(f"{left!r} ** {right!r} is larger than a template may compute")
        if operator == "*" and _repeated_size(left, right) > MAX_PRODUCT:
            raise SecurityError("a repeated text or list larger than a template may build")
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


def part_label(partname: str) -> str:
    """A part as a person who opened the file in Word would name it, with its path in the zip."""
    name = partname.lstrip("/")
    for prefix, label in (("word/header", "page header"), ("word/footer", "page footer")):
        if name.startswith(prefix):
            return f"{label} ({name})"
    if name == "word/document.xml":
        return f"body ({name})"
    return name


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


def _reason(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"


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
                    raise TemplateRefused(f"document property {prop!r}", text[:120], _reason(exc)) from None
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
    message: str


def _sources(raw: bytes) -> Iterator[tuple[str, str]]:
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
        yield f"document property {prop!r}", getattr(doc.core_properties, prop) or ""


def _names_assigned(tree: nodes.Template) -> set[str]:
    """Names a template binds itself (`{% for x in … %}`, `{% set x = … %}`, macro arguments)."""
    return {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}


def check_source(where: str, source: str, allowed: Iterable[str]) -> list[TemplateIssue]:
    """The issues of one part's Jinja source: a syntax error, a name outside `allowed`, an
    attribute starting with `_`."""
    patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)  # one paragraph a line, as docxtpl renders it
    try:
        tree = ReportSandbox().parse(patched)
    except TemplateError as exc:
        excerpt = excerpt_at(patched, getattr(exc, "lineno", None))
        at = f", at {excerpt!r}" if excerpt else ""
        return [TemplateIssue("syntax", where, f"{where}{at}: {exc}")]
    known = set(allowed) | _names_assigned(tree)
    found: dict[str, int] = {}  # what is refused -> the first line it is on
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in known:
            found.setdefault(f"{name.name!r} is not part of the report's content", name.lineno)
    for get in tree.find_all(nodes.Getattr):
        if get.attr.startswith("_"):
            found.setdefault(f"the attribute {get.attr!r} is not part of the report's content", get.lineno)
    for item in tree.find_all(nodes.Getitem):
        if isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str) and item.arg.value.startswith("_"):
            found.setdefault(f"the item {item.arg.value!r} is not part of the report's content", item.lineno)
    issues = []
    for message, lineno in found.items():
        excerpt = excerpt_at(patched, lineno)
        at = f", at {excerpt!r}" if excerpt else ""
        issues.append(TemplateIssue("unsafe", where, f"{where}{at}: {message}"))
    return issues


def template_problems(raw: bytes, allowed: Iterable[str]) -> list[TemplateIssue]:
    """Everything wrong with a template's tags, part by part; a file that is not a usable Word
    document is one syntax issue."""
    allowed = frozenset(allowed)
    try:
        sources = list(_sources(raw))
    except Exception as exc:  # zip, lxml, python-docx errors: not a usable .docx
        return [TemplateIssue("syntax", "", f"not a usable Word template ({type(exc).__name__}: {exc})")]
    return [issue for where, source in sources for issue in check_source(where, source, allowed)]
