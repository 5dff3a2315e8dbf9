"""Safe YAML reading: bytes → plain Python data, with problems located as `path:line:col`.

One pass over libyaml's event stream (PyYAML's C parser) builds the data and enforces every
safety rule on the way: anchors, aliases and explicit tags are refused before anything is
built from them (so an alias bomb is never expanded), nesting deeper than MAX_DEPTH stops the
pass, a key defined twice is an error. Scalars are read with YAML 1.2 semantics, exactly as
ruamel.yaml's 1.2 resolver reads them (`no`, `on`, `yes` stay text; `010` is ten; `1:30` is
text; dates become dates), whatever `%YAML` directive a file carries.

The fast pass (`_build`) records no positions and reports nothing: at the first sign of any
problem it stops, and the locating pass (`_read`) runs instead, which records where every key
and value sits and collects every problem with its line and column; `Located.locate` uses
that pass to place problems found later (schema and cross-file rules).
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml import MarkedYAMLError, YAMLError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.scanner import Scanner

from stiplan import problems as P
from stiplan.dataformat import MAX_MAGNITUDE, float_problem
from stiplan.store.safefile import MAX_BYTES, UnsafeFile, read_regular


class _PyParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python parser: the same events as libyaml's, slower, and without libyaml's
    own limit of 1000 nested levels (so the level where MAX_DEPTH is passed can be named)."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


try:  # libyaml through PyYAML's C extension: the fastest safe parser there is
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = _PyParser


MAX_DEPTH = 32
"""The deepest stiplan file nests about six levels."""

_KIND_NAMES: dict[type, str] = {
    list: "a list",
    str: "a text",
    int: "a number",
    float: "a number",
    bool: "true/false",
    type(None): "nothing (null)",
}

# --- YAML 1.2 plain scalars, as ruamel.yaml's VersionedResolver (1.2) reads them -------------

_WORDS: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}
for _sign, _factor in (("", 1.0), ("+", 1.0), ("-", -1.0)):
    for _inf in (".inf", ".Inf", ".INF"):
        _WORDS[_sign + _inf] = _factor * float("inf")
_MAYBE_NUMBER = frozenset("-+0123456789.")
_SHORT_INT = len(str(int(MAX_MAGNITUDE))) - 1
"""Digits of a whole number that is below MAX_MAGNITUDE whatever they are (a leading zero is
not octal in YAML 1.2: `010` is ten, as `int` reads it)."""
_FLOAT = re.compile(
    r"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
)
_INT = re.compile(r"[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?"
)


class _BadScalar(ValueError):
    """A plain scalar that parses but must not reach the arithmetic: a number that is not
    finite, in range and exact enough, or a date the calendar lacks (2023-02-30)."""

    def __init__(self, kind: type[P.Kind], text: str, reason: str) -> None:
        super().__init__(reason)
        self.kind, self.params = kind, {"text": _clip(text), "reason": reason}


def _clip(value: object) -> str:
    s = str(value)
    return s if len(s) <= 40 else s[:20] + "…" + s[-8:]


def plain_scalar(text: str) -> Any:
    """The value of an unquoted scalar under YAML 1.2 (ruamel.yaml's reading, `<<` and `=` as text)."""
    found = _WORDS.get(text, _WORDS)
    if found is not _WORDS:
        if isinstance(found, float):  # .inf, .nan
            raise _BadScalar(P.BadNumber, text, "is not a finite number")
        return found
    if text[0] not in _MAYBE_NUMBER:
        return text
    if len(text) <= _SHORT_INT and text.isdigit() and text.isascii():
        return int(text)  # the common number (a year, a count): what `_int` makes of it, sooner
    if len(text) == 10 and text[4] == "-" and _DATE.fullmatch(text):  # neither a float nor an int
        return _date(text)
    if _FLOAT.fullmatch(text):
        return _float(text)
    if _INT.fullmatch(text):
        return _int(text) if text.strip("+-_") else text
    if _TIMESTAMP.fullmatch(text):
        return _timestamp(text)
    return text


def _date(text: str) -> dt.date:
    try:
        return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError as exc:
        raise _BadScalar(P.BadDate, text, str(exc)) from None


def _float(text: str) -> float:
    value = float(text.replace("_", ""))
    reason = float_problem(text, value)
    if reason is not None:
        raise _BadScalar(P.BadNumber, text, reason)
    return value


def _int(text: str) -> int:
    count = sum(ch.isdigit() for ch in text)
    if count > 20:
        raise _BadScalar(P.BadNumber, text, f"has {count} digits; no plan figure has so many")
    try:
        value = _int_value(text)
    except ValueError as exc:
        raise _BadScalar(P.BadNumber, text, f"is not a number ({exc})") from None
    if abs(value) > MAX_MAGNITUDE:
        raise _BadScalar(P.BadNumber, text, f"is beyond ±{MAX_MAGNITUDE:.0e}")
    return value


def _int_value(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    digits = digits.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)  # YAML 1.2: a leading zero is not octal (010 is ten)


def _timestamp(text: str) -> dt.datetime:
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode

    try:
        value: dt.datetime = SafeConstructor().construct_yaml_timestamp(ScalarNode("", text))
    except ValueError as exc:
        raise _BadScalar(P.BadDate, text, str(exc)) from None
    return value


# --- the pass over the events ------------------------------------------------------------


class _Stop(Exception):
    """The fast pass met a problem: rerun in locating mode to say what and where."""


class _Map(dict[Any, Any]):
    """A mapping read in locating mode: where it starts, and where each key and value sits."""

    __slots__ = ("at", "keys_at", "values_at")
    at: tuple[int, int]
    keys_at: dict[Any, tuple[int, int]]
    values_at: dict[Any, tuple[int, int]]


class _Seq(list[Any]):
    """A sequence read in locating mode: where it starts, and where each item sits."""

    __slots__ = ("at", "items_at")
    at: tuple[int, int]
    items_at: list[tuple[int, int]]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Reading builds many objects and no cycles; the cyclic collector would only rescan them.

    When the pause ends, what it built and kept (the data, the models: long-lived until the
    command ends) goes straight to the collector's oldest generation, as the young passes would
    send it after scanning every object once or twice — a tenth of `validate` at 100x. A
    freeze and an unfreeze do it: two list splices, nothing scanned. Whatever else the young
    generations held goes there too (an import's openpyxl workbooks, whose cells and sheets
    point at each other), and so does what start-up froze: collected at the next full pass,
    never lost to the collector.

    Nothing is left frozen (tried: what a load built frozen with start-up's objects): a freeze
    takes everything the process holds at that moment, garbage cycles of other work included,
    which would then never be freed; and where `main` runs in-process (programs, the tests) it
    kept the whole process from the collector — the test suite ran 2.6 times slower."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


_NOT_BREAKS = {"\x85": "\ue085", "\u2028": "\ue028", "\u2029": "\ue029"}
"""Line breaks to YAML 1.1 (and so to libyaml), ordinary characters to YAML 1.2 and to editors:
hidden from the parser behind private-use stand-ins (one character for one, so every column
stays), and put back in the values. Else a U+2028 in a comment shifts every later line by one."""
_AWAY = str.maketrans(_NOT_BREAKS)
_BACK = str.maketrans({v: k for k, v in _NOT_BREAKS.items()})


def _swaps_breaks(text: str) -> bool:
    """Whether `text` holds a YAML-1.1-only line break (and none of the stand-ins already)."""
    return any(c in text for c in _NOT_BREAKS) and not any(c in text for c in _NOT_BREAKS.values())


def _build(text: str) -> Any:
    """The fast pass: the file's data, or _Stop at the first sign of a problem of any kind.

    A descent over the events, one function per kind of collection, that keeps no positions
    and no stack of its own: the work per event is what building the value needs and no
    more. Whatever the locating pass (`_read`) would report stops it, so a file it accepts
    is exactly one `_read` finds no problem in, and the data is the same.
    """
    swap = _swaps_breaks(text)
    get = _Parser(text.translate(_AWAY) if swap else text).get_event
    try:
        get()  # the stream's start
        if get().__class__ is not DocumentStartEvent:
            raise _Stop  # no document: an empty file
        ev = get()
        root = _scalar(ev) if ev.__class__ is ScalarEvent else _collection(ev, get, 0)
        get()  # the document's end
        if get().__class__ is not StreamEndEvent:
            raise _Stop  # a second document
    except (YAMLError, _BadScalar):
        raise _Stop from None
    return _breaks_back(root) if swap else root


_MAYBE_NOT_TEXT = frozenset({*(word[:1] for word in _WORDS), *_MAYBE_NUMBER})
"""The first characters (none: the empty scalar) of a plain scalar that may be other than text."""


def _scalar(ev: Any) -> Any:
    """A scalar event's value (the fast pass's; `_mapping` inlines the same lines, for speed)."""
    if ev.anchor is not None or ev.tag is not None:
        raise _Stop
    value = ev.value
    if ev.implicit[0] and value[:1] in _MAYBE_NOT_TEXT:
        return plain_scalar(value)
    return value


def _collection(ev: Any, get: Any, depth: int) -> Any:
    """The mapping or sequence that `ev` starts, `depth` collections deep; an alias stops."""
    if ev.anchor is not None or ev.tag is not None or depth >= MAX_DEPTH:
        raise _Stop
    if ev.__class__ is MappingStartEvent:
        return _mapping(get, depth + 1)
    if ev.__class__ is SequenceStartEvent:
        return _sequence(get, depth + 1)
    raise _Stop


def _mapping(get: Any, depth: int) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    while True:
        ev = get()
        if ev.__class__ is not ScalarEvent:
            if ev.__class__ is MappingEndEvent:
                return out
            raise _Stop  # a collection or an alias as a key
        key = _scalar(ev)
        if key in out:
            raise _Stop  # a key defined twice
        ev = get()
        if ev.__class__ is ScalarEvent:  # `_scalar`, inline
            if ev.anchor is not None or ev.tag is not None:
                raise _Stop
            value = ev.value
            out[key] = plain_scalar(value) if ev.implicit[0] and value[:1] in _MAYBE_NOT_TEXT else value
        else:
            out[key] = _collection(ev, get, depth)


def _sequence(get: Any, depth: int) -> list[Any]:
    out: list[Any] = []
    while True:
        ev = get()
        if ev.__class__ is ScalarEvent:
            out.append(_scalar(ev))
        elif ev.__class__ is SequenceEndEvent:
            return out
        else:
            out.append(_collection(ev, get, depth))


def _breaks_back(value: Any) -> Any:
    """The fast pass's data with the stand-ins of `_NOT_BREAKS` made line breaks again."""
    if value.__class__ is str:
        return value.translate(_BACK)
    if value.__class__ is dict:
        return {_breaks_back(k): _breaks_back(v) for k, v in value.items()}
    if value.__class__ is list:
        return [_breaks_back(v) for v in value]
    return value


def _read(text: str, display: str, parser_class: Any = _Parser) -> tuple[Any, list[P.Problem]]:
    """The locating pass: every problem (stopping at the first unsafe construct, past which
    nothing can be trusted), and the data in containers that know their positions."""
    found: list[P.Problem] = []
    stack: list[list[Any]] = []  # per open collection: [container, key or _KEY, at]
    root: Any = None
    documents = 0
    swap = _swaps_breaks(text)
    if swap:
        text = text.translate(_AWAY)
    parser = parser_class(text)
    get = parser.get_event
    key_next = _KEY

    def fail(problem: P.Problem, *, fatal: bool = True) -> None:
        found.append(problem)
        if fatal:
            raise _Fatal

    try:
        while True:
            ev = get()
            cls = ev.__class__
            if cls is ScalarEvent:
                if ev.anchor is not None or ev.tag is not None:
                    _unsafe(ev, display, fail)
                value: Any = ev.value.translate(_BACK) if swap else ev.value
                if ev.implicit[0]:
                    try:
                        value = plain_scalar(value)
                    except _BadScalar as exc:
                        m = ev.start_mark
                        fail(exc.kind.at(display, m.line + 1, m.column + 1, **exc.params), fatal=False)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if ev.anchor is not None or ev.tag is not None:
                    _unsafe(ev, display, fail)
                if len(stack) >= MAX_DEPTH:
                    m = ev.start_mark
                    fail(P.TooDeep.at(display, m.line + 1, m.column + 1, limit=MAX_DEPTH))
                m = ev.start_mark
                if cls is MappingStartEvent:
                    c: Any = _Map()
                    c.keys_at, c.values_at = {}, {}
                else:
                    c = _Seq()
                    c.items_at = []
                c.at = (m.line, m.column)
                stack.append([c, key_next, c.at])
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                value = stack.pop()[0]
            elif cls is AliasEvent:
                m = ev.start_mark
                fail(P.AnchorAlias.at(display, m.line + 1, m.column + 1, what="alias", name=f"*{ev.anchor}"))
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    m = ev.start_mark
                    fail(P.YamlSyntax.at(display, m.line + 1, m.column + 1, problem="a file holds one document"))
                continue
            elif cls is StreamEndEvent:
                break
            else:
                continue
            # Place the finished value in its parent.
            if not stack:
                root = value
                continue
            frame = stack[-1]
            container: Any = frame[0]
            if container.__class__ is _Seq:
                container.append(value)
                container.items_at.append(_start(ev, value))
            elif frame[1] is _KEY:
                if value.__class__ in _UNHASHABLE:
                    line, col = _start(ev, value)
                    fail(P.YamlSyntax.at(display, line + 1, col + 1, problem="a key must be a text or a number"))
                if value in container:
                    line, col = _start(ev, value)
                    first = container.keys_at[value][0] + 1
                    written = ev.value if cls is ScalarEvent else value
                    fail(P.DuplicateKey.at(display, line + 1, col + 1, key=written, first_line=first), fatal=False)
                frame[1] = value
                container.keys_at.setdefault(value, _start(ev, value))
            else:
                container[frame[1]] = value
                container.values_at.setdefault(frame[1], _start(ev, value))
                frame[1] = _KEY
    except _Fatal:
        pass
    except MarkedYAMLError as exc:
        if parser_class is _Parser and "maximum nesting depth" in str(exc.problem):
            return _read(text, display, _PyParser)  # to name the level MAX_DEPTH is passed at
        found.append(_from_exception(exc, display))
    except ReaderError as exc:  # a control character libyaml refuses; its position is a byte offset
        line, col = _byte_position(text.encode("utf-8"), exc.position)
        found.append(P.YamlSyntax.at(display, line, col, problem=exc.reason))
    except YAMLError as exc:  # pragma: no cover - unmarked parser errors are rare
        found.append(P.YamlSyntax.at(display, problem=str(exc).splitlines()[0]))
    if documents == 0 and not found:
        found.append(P.EmptyFile.at(display, 1, 1))
    return root, found


_KEY = object()
_UNHASHABLE = (_Map, _Seq)


class _Fatal(Exception):
    """Locating mode met something past which the file cannot be trusted."""


def _start(ev: Any, value: Any) -> tuple[int, int]:
    """0-based start of the value just finished: a collection knows it, a scalar is its event."""
    at = getattr(value, "at", None)
    if at is not None and (value.__class__ is _Map or value.__class__ is _Seq):
        return at  # type: ignore[no-any-return,unused-ignore]
    return ev.start_mark.line, ev.start_mark.column


def _unsafe(ev: Any, display: str, fail: Any) -> None:
    m = ev.start_mark
    if ev.anchor is not None:
        fail(P.AnchorAlias.at(display, m.line + 1, m.column + 1, what="anchor", name=f"&{ev.anchor}"))
    else:  # the parser sets a tag only when one is written, `!` included
        fail(P.ExplicitTag.at(display, m.line + 1, m.column + 1, tag=ev.tag))


def scan_events(text: str, display: str) -> list[P.Problem]:
    """Every problem of the text as YAML, located: syntax, anchors, aliases, tags, depth,
    duplicate keys (all of them, each naming the line of the first definition)."""
    with paused_gc():
        return _read(text, display)[1]


# --- files ---------------------------------------------------------------------------------


@dataclass
class Located:
    """A loaded file: its data, plus a way to find where a piece of it sits in the text."""

    path: Path
    display: str
    text: str
    data: Any
    _tree: Any = field(default=None, repr=False)
    kept: dict[str, list[int]] = field(default_factory=dict)
    """Of a list section some of whose items failed the schema: the file positions of the
    items the model kept, in order (the model's item n is the file's item kept[n])."""
    dropped: dict[str, set[object]] = field(default_factory=dict)
    """Of such a section: the ids the dropped items carried."""

    def locate(self, loc: Sequence[object], *, key: bool = False) -> tuple[int | None, int | None]:
        """1-based (line, column) of the node at `loc`; of the key itself when `key` is true.

        Walks as deep as the path exists, so a missing field is reported at its parent.
        `loc` counts a list section's items as the model does (see `kept`).
        """
        if len(loc) > 1 and isinstance(loc[0], str) and loc[0] in self.kept and isinstance(loc[1], int):
            positions = self.kept[loc[0]]
            if 0 <= loc[1] < len(positions):
                loc = (loc[0], positions[loc[1]], *loc[2:])
        if self._tree is None:
            with paused_gc():
                self._tree = _read(self.text, self.display)[0]
        node = self._tree
        line, col = node.at if isinstance(node, (_Map, _Seq)) else (0, 0)
        line, col = line + 1, col + 1
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(node, _Map) and part in node:
                kl, kc = node.keys_at[part]
                child = node[part]
                if last and key:
                    return kl + 1, kc + 1
                if isinstance(child, (_Map, _Seq)):
                    line, col = (kl + 1, kc + 1) if last else (child.at[0] + 1, child.at[1] + 1)
                else:
                    vl, vc = node.values_at[part]
                    line, col = vl + 1, vc + 1
                node = child
            elif isinstance(node, _Seq) and isinstance(part, int) and 0 <= part < len(node):
                il, ic = node.items_at[part]
                line, col = il + 1, ic + 1
                node = node[part]
            else:
                break
        return line, col


def read_yaml(
    path: Path,
    display: str,
    *,
    text: str | None = None,
    root: Path | None = None,
    limit: int = MAX_BYTES,
) -> tuple[Located | None, list[P.Problem]]:
    """Read one YAML file safely. Returns the loaded file, or None and the problems found.

    `text` overrides the file's content (used to check an edit before it is written).
    `root`: the data folder the file must lie in (links out of it are refused).
    `limit`: the most bytes a file may hold, enforced while reading.
    """
    if text is None:
        try:
            raw = read_regular(path, limit, root=root)
        except UnsafeFile as exc:
            return None, [unsafe_problem(exc, display, limit)]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, col = _byte_position(raw, exc.start)
            return None, [P.NotUtf8.at(display, line, col, byte=f"0x{raw[exc.start]:02x}")]
    elif len(text) > limit // 4 and len(text.encode("utf-8")) > limit:
        return None, [P.FileTooLarge.at(display, 1, 1, size=len(text.encode("utf-8")), limit=limit)]
    if text.startswith("\ufeff"):
        text = text[1:]
    with paused_gc():
        try:
            data = _build(text)
        except _Stop:
            return None, _read(text, display)[1]
    if not isinstance(data, dict):
        kind = _KIND_NAMES.get(type(data), f"a {type(data).__name__} value")
        return None, [P.NotAMapping.at(display, 1, 1, found=kind)]
    return Located(path=path, display=display, text=text, data=data), []


def unsafe_problem(exc: UnsafeFile, display: str, limit: int) -> P.Problem:
    """The located problem for a file that `safefile` refused to read."""
    if exc.reason == UnsafeFile.TOO_LARGE:
        return P.FileTooLarge.at(display, 1, 1, size=exc.size, limit=limit)
    if exc.reason == UnsafeFile.NOT_REGULAR:
        return P.NotAFile.at(display, what=exc.wording)
    if exc.reason == UnsafeFile.OUTSIDE:
        return P.LinkOutside.at(display)
    if exc.reason == UnsafeFile.DANGLING:
        return P.DanglingLink.at(display)
    if exc.reason == UnsafeFile.MISSING:
        return P.FileMissing.at(display, what="file")
    return P.UnreadableFile.at(display, reason=exc.detail)


def _from_exception(exc: MarkedYAMLError, display: str) -> P.Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = " ".join(filter(None, [exc.problem, exc.context and f"({exc.context})"]))
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    return P.YamlSyntax.at(display, line, col, problem=problem or "invalid YAML")


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset, for encoding errors."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col
