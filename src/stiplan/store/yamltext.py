"""The text of a YAML file as lines, YAML scalars written by hand, and where composed nodes lie.

The parts of a minimal-diff edit (`yamledit`, `yearform`) that know nothing of actuals
entries: `Lines` keeps every line with its own ending, so a line that is not deliberately
changed stays byte-identical (new lines use the file's first ending; a missing final newline
stays missing); `scalar` and `field_lines` write values that load back to the same value,
Vietnamese kept literal; `parse` composes the text for the nodes' start and end marks and
safe-loads it for plain Python values.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stiplan.store.files import EditError

#: Order of fields in an entry written by the edits (`yamledit`); unknown fields follow.
FIELD_ORDER: tuple[str, ...] = ("value", "of", "status", "source", "scope", "frame", "date", "note")

# libyaml, whose marks `parse` uses, counts NEL, LS and PS as line breaks too, so line
# numbers only agree if we do (see `parse` for text that holds them).
_LINE_RE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])?")
_EOL_RE = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_PLAIN_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_/-]*\Z")  # "/": a task report naming its plan
_FIELD_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_RESERVED_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf"})
_ESCAPES: dict[str, str] = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


# --------------------------------------------------------------------------- rendering


def quote(text: str) -> str:
    """Double-quote a string for YAML; non-ASCII stays literal UTF-8 so Vietnamese is readable."""
    out: list[str] = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02X}")
        elif 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            # Not representable literally in YAML at all (never occurs in real text).
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar(value: object) -> str:
    """Render one field value as a YAML scalar that loads back to the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)  # shortest round-trip form: 22.87 stays 22.87
        if "e" in text and "." not in text:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}.0e{exponent}"  # also a float for YAML 1.1 readers
        return text
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return quote(value.isoformat())
    raise TypeError(f"cannot write a {type(value).__name__} as an actuals field: {value!r}")


_ID_FIELDS = frozenset({"status", "scope", "frame", "reported_by"})
"""Fields whose values are identifiers, written plain as a person would (status: done)."""
_PLAIN_ID_RE = re.compile(r"[a-z][a-z0-9_]*\Z")


def _plain_id(value: object) -> str:
    if isinstance(value, str) and _PLAIN_ID_RE.match(value) and value not in _RESERVED_WORDS:
        return value
    return scalar(value)


def render_key(key: str | int) -> str:
    """Entry key text: task ids plain integers, indicator ids plain unless that would misparse."""
    if isinstance(key, int):
        return str(key)
    if _PLAIN_KEY_RE.match(key) and key.lower() not in _RESERVED_WORDS:
        return key
    return quote(key)


def ordered_fields(fields: Mapping[str, object]) -> list[tuple[str, str]]:
    """Fields in canonical order as (name, rendered value); None means 'omit'."""
    for name in fields:
        if not isinstance(name, str) or not _FIELD_NAME_RE.match(name):
            raise EditError("invalid_field_name", name=name)
    names = [n for n in FIELD_ORDER if n in fields]
    names += [n for n in fields if n not in FIELD_ORDER]
    rendered = [
        (n, _plain_id(fields[n]) if n in _ID_FIELDS else scalar(fields[n])) for n in names if fields[n] is not None
    ]
    if not rendered:
        raise EditError("no_fields")
    return rendered


def field_lines(fields: Mapping[str, object], indent: int, eol: str) -> list[str]:
    """One ``name: value`` line per field at the given indentation."""
    pad = " " * indent
    return [f"{pad}{name}: {text}{eol}" for name, text in ordered_fields(fields)]


# --------------------------------------------------------------------------- text model


@dataclass
class Lines:
    """The file as lines that keep their own endings (so untouched ones stay byte-identical)."""

    lines: list[str]
    eol: str
    final_newline: bool

    @classmethod
    def of(cls, text: str) -> Lines:
        """Split like libyaml counts lines; remember the ending new lines should use."""
        lines = [m.group(0) for m in _LINE_RE.finditer(text) if m.group(0)]
        first = _EOL_RE.search(text)
        eol = first.group(0) if first else "\n"
        final_newline = not lines or _EOL_RE.search(lines[-1]) is not None
        if not final_newline:
            lines[-1] += eol  # normalise; restored in text()
        return cls(lines, eol, final_newline)

    def content(self, index: int) -> str:
        """Line ``index`` without its ending."""
        return _EOL_RE.sub("", self.lines[index])

    def ending(self, index: int) -> str:
        """The line ending of line ``index``."""
        found = _EOL_RE.search(self.lines[index])
        return found.group(0) if found else self.eol

    def splice(self, start: int, stop: int, new: list[str]) -> None:
        """Replace lines[start:stop] by ``new``."""
        self.lines[start:stop] = new

    def text(self) -> str:
        """Join back, dropping the final newline again if the input had none."""
        out = "".join(self.lines)
        if not self.final_newline and out.endswith(self.eol):
            out = out[: -len(self.eol)]
        return out


def is_blank_null(node: Node) -> bool:
    """An empty value (``key:`` with nothing after it) has no text of its own."""
    return isinstance(node, ScalarNode) and is_null(node) and node.value == "" and not node.style


def is_null(node: Node) -> bool:
    # a composed node always has a tag (resolved when not written); `or ""` only satisfies the type
    return isinstance(node, ScalarNode) and (node.tag or "").endswith(":null")


def last_line(node: Node, doc: Lines) -> int:
    """Last line holding text of ``node`` (-1 if it has none).

    Block collections' end marks point at the next token (past comments), so
    for them we recurse; scalars and flow collections have exact end marks.
    """
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        if is_blank_null(node):
            return -1
        end = node.end_mark
        line = end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            while line > node.start_mark.line and not doc.content(line).strip():
                line -= 1  # trailing blank lines of a block scalar are not "its" lines
        return min(line, len(doc.lines) - 1)
    if isinstance(node, MappingNode):
        return max([node.start_mark.line] + [max(last_line(k, doc), last_line(v, doc)) for k, v in node.value])
    if isinstance(node, SequenceNode):
        return max([node.start_mark.line] + [last_line(item, doc) for item in node.value])
    return node.start_mark.line


def pair_last_line(key: Node, value: Node, doc: Lines) -> int:
    """Last line of an entry (a key and its value): where the text that follows it starts."""
    return max(key.start_mark.line, last_line(key, doc), last_line(value, doc))


# --------------------------------------------------------------------------- composing


def parse(text: str) -> tuple[Node | None, object]:
    """Compose (for positions) and safe-load (for values) the same text.

    Only the nodes' line and column marks are used, so libyaml's C composer serves
    (``YAML(typ="safe")``): it gives the same marks as ruamel's pure-Python round-trip composer
    ten times faster (an import of a year's forms makes one edit per entry). The values come from
    the safe loader, libyaml as well. libyaml counts NEL, LS and PS as line breaks, as `Lines`
    does, so its marks and the text model agree on every line (ruamel's round-trip parser counts
    only CR and LF, and spliced over the wrong lines after an LS).
    """
    try:
        composer = YAML(typ="safe")
        root = composer.compose(text)
        data = YAML(typ="safe").load(text)
    except YAMLError as exc:
        raise EditError("not_yaml", detail=exc) from exc
    return root, data
