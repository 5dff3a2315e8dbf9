"""Safe YAML reading: bytes → plain Python data, with problems located as `path:line:col`.

Clean files take one pass through ruamel's C parser. Only when a file might hold something
unsafe (an anchor, alias or tag) or fails to load is it scanned event by event, which is
slower but knows where everything is. Positions for semantic problems found later are
recovered on demand with the round-trip parser (`Located.locate`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from stiplan import problems as P
from stiplan.store.safefile import MAX_BYTES, UnsafeFile, read_regular

MAX_DEPTH = 32
"""The deepest stiplan file nests about six levels."""

MAX_MAGNITUDE = 1e18
"""Larger than any figure a plan holds (a national GDP in đồng is about 1e16)."""

# An anchor (&a), alias (*a) or tag (!t) can only start after whitespace, a flow indicator or
# ':' — so text without such a sequence cannot hold one, and skips the event scan.
_MAYBE_UNSAFE = re.compile(r"(?:^|[\s\[\]{},:])[&*!]", re.MULTILINE)


_KIND_NAMES: dict[type, str] = {
    list: "a list",
    str: "a text",
    int: "a number",
    float: "a number",
    bool: "true/false",
    type(None): "nothing (null)",
}


@dataclass
class Located:
    """A loaded file: its data, plus a way to find where a piece of it sits in the text."""

    path: Path
    display: str
    text: str
    data: Any
    _tree: Any = field(default=None, repr=False)

    def locate(self, loc: Sequence[object], *, key: bool = False) -> tuple[int | None, int | None]:
        """1-based (line, column) of the node at `loc`; of the key itself when `key` is true.

        Walks as deep as the path exists, so a missing field is reported at its parent.
        """
        if self._tree is None:
            self._tree = YAML(typ="rt").load(self.text)
        node = self._tree
        lc = getattr(node, "lc", None)
        line, col = (lc.line + 1, lc.col + 1) if lc is not None and lc.line is not None else (1, 1)
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            lc = getattr(node, "lc", None)
            if isinstance(node, dict) and part in node and lc is not None:
                kl, kc = lc.key(part)
                vl, vc = lc.value(part)
                child = node[part]
                if last and key:
                    return kl + 1, kc + 1
                if hasattr(child, "lc"):
                    line, col = (kl + 1, kc + 1) if last else (child.lc.line + 1, child.lc.col + 1)
                else:
                    line, col = vl + 1, vc + 1
                node = child
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node) and lc:
                il, ic = lc.item(part)
                line, col = il + 1, ic + 1
                node = node[part]
            else:
                break
        return line, col


class _Refused(ConstructorError):
    """A scalar that parses but must not reach the arithmetic; carries the problem to report."""

    def __init__(self, kind: type[P.Kind], node: Any, **params: Any) -> None:
        super().__init__(problem=str(params), problem_mark=node.start_mark)
        self.kind = kind
        self.params: dict[str, Any] = params


class _Constructor(SafeConstructor):
    """The safe constructor, refusing numbers that are not finite, in range and exact enough,
    and dates the calendar lacks, at the node that holds them (so with line and column)."""

    def construct_yaml_int(self, node: Any) -> int:
        digits = sum(ch.isdigit() for ch in str(node.value))
        if digits > 20:
            raise _Refused(
                P.BadNumber, node, text=_clip(node.value), reason=f"has {digits} digits; no plan figure has so many"
            )
        try:
            value = super().construct_yaml_int(node)
        except ValueError as exc:
            raise _Refused(P.BadNumber, node, text=_clip(node.value), reason=f"is not a number ({exc})") from None
        if abs(value) > MAX_MAGNITUDE:
            raise _Refused(P.BadNumber, node, text=_clip(node.value), reason=f"is beyond ±{MAX_MAGNITUDE:.0e}")
        return value

    def construct_yaml_float(self, node: Any) -> float:
        try:
            value = super().construct_yaml_float(node)
        except ValueError as exc:  # pragma: no cover - the resolver only sends well-formed floats
            raise _Refused(P.BadNumber, node, text=_clip(node.value), reason=f"is not a number ({exc})") from None
        if not math.isfinite(value):
            raise _Refused(P.BadNumber, node, text=_clip(node.value), reason="is not a finite number")
        if abs(value) > MAX_MAGNITUDE:
            raise _Refused(P.BadNumber, node, text=_clip(node.value), reason=f"is beyond ±{MAX_MAGNITUDE:.0e}")
        if value == 0 and any(ch in "123456789" for ch in str(node.value).lower().split("e")[0]):
            raise _Refused(P.BadNumber, node, text=_clip(node.value), reason="is too small to be told from 0")
        return value

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as exc:
            raise _Refused(P.BadDate, node, text=_clip(node.value), reason=str(exc)) from None


for _tag, _method in (
    ("tag:yaml.org,2002:int", _Constructor.construct_yaml_int),
    ("tag:yaml.org,2002:float", _Constructor.construct_yaml_float),
    ("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp),
):
    _Constructor.add_constructor(_tag, _method)


def _clip(value: object) -> str:
    s = str(value)
    return s if len(s) <= 40 else s[:20] + "…" + s[-8:]


def _safe_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _Constructor
    return yaml


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
    elif len(text.encode("utf-8")) > limit:
        return None, [P.FileTooLarge.at(display, 1, 1, size=len(text.encode("utf-8")), limit=limit)]
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [P.EmptyFile.at(display, 1, 1)]

    if _MAYBE_UNSAFE.search(text):
        found = scan_events(text, display)
        if found:
            return None, found
    try:
        data = _safe_yaml().load(text)
    except _Refused as exc:
        mark = exc.problem_mark
        return None, [exc.kind.at(display, mark.line + 1, mark.column + 1, **exc.params)]
    except (YAMLError, RecursionError, ValueError) as exc:
        # Rescan to give a precise, located reason (duplicate keys, depth, syntax).
        found = scan_events(text, display) or [_from_exception(exc, display)]
        return None, found
    if _depth_exceeds(data, MAX_DEPTH):
        # The C loader copes with deep nesting, but nothing after it should have to.
        return None, scan_events(text, display) or [P.TooDeep.at(display, 1, 1, limit=MAX_DEPTH)]
    if not isinstance(data, dict):
        kind_name = _KIND_NAMES.get(type(data), f"a {type(data).__name__} value")
        return None, [P.NotAMapping.at(display, 1, 1, found=kind_name)]
    return Located(path=path, display=display, text=text, data=data), []


def unsafe_problem(exc: UnsafeFile, display: str, limit: int) -> P.Problem:
    """The located problem for a file that `safefile` refused to read."""
    if exc.reason == UnsafeFile.TOO_LARGE:
        return P.FileTooLarge.at(display, 1, 1, size=exc.size, limit=limit)
    if exc.reason == UnsafeFile.NOT_REGULAR:
        return P.NotAFile.at(display, what=exc.detail)
    if exc.reason == UnsafeFile.OUTSIDE:
        return P.LinkOutside.at(display)
    if exc.reason == UnsafeFile.DANGLING:
        return P.DanglingLink.at(display)
    if exc.reason == UnsafeFile.MISSING:
        return P.FileMissing.at(display, what="file")
    return P.UnreadableFile.at(display, reason=exc.detail)


def scan_events(text: str, display: str) -> list[P.Problem]:
    """Walk the parser's events: reject anchors, aliases, tags, deep nesting, duplicate keys.

    Stops at the first unsafe construct: past an anchor nothing else can be trusted, and an
    alias bomb must not be expanded. Duplicate keys are all collected.
    """
    found: list[P.Problem] = []
    # One frame per open collection: [is_mapping, expecting_key, {key: line}]
    stack: list[list[Any]] = []
    try:
        for ev in YAML(typ="safe", pure=False).parse(text):
            mark = ev.start_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
            is_key = bool(stack) and stack[-1][0] and stack[-1][1]
            if isinstance(ev, AliasEvent):
                return found + [P.AnchorAlias.at(display, line, col, what="alias", name=f"*{ev.anchor}")]
            if isinstance(ev, NodeEvent) and ev.anchor:
                return found + [P.AnchorAlias.at(display, line, col, what="anchor", name=f"&{ev.anchor}")]
            # the parser sets a tag only when one is written
            if isinstance(ev, (ScalarEvent, CollectionStartEvent)) and ev.tag is not None:
                return found + [P.ExplicitTag.at(display, line, col, tag=ev.tag)]
            if isinstance(ev, ScalarEvent) and is_key:
                seen: dict[str, int] = stack[-1][2]
                if ev.value in seen:
                    found.append(P.DuplicateKey.at(display, line, col, key=ev.value, first_line=seen[ev.value]))
                else:
                    seen[ev.value] = line or 0
            if isinstance(ev, (ScalarEvent, CollectionStartEvent)) and stack and stack[-1][0]:
                stack[-1][1] = not stack[-1][1]
            if isinstance(ev, (MappingStartEvent, SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    return found + [P.TooDeep.at(display, line, col, limit=MAX_DEPTH)]
                stack.append([isinstance(ev, MappingStartEvent), True, {}])
            elif isinstance(ev, (MappingEndEvent, SequenceEndEvent)):
                stack.pop()
    except MarkedYAMLError as exc:
        found.append(_from_exception(exc, display))
    except YAMLError as exc:  # pragma: no cover - unmarked parser errors are rare
        found.append(P.YamlSyntax.at(display, problem=str(exc).splitlines()[0]))
    return found


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Whether collections nest deeper than `limit`, found without recursion."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _from_exception(exc: BaseException, display: str) -> P.Problem:
    if isinstance(exc, RecursionError):
        return P.TooDeep.at(display, 1, 1, limit=MAX_DEPTH)
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(filter(None, [exc.problem, exc.context and f"({exc.context})"]))
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        return P.YamlSyntax.at(display, line, col, problem=problem or "invalid YAML")
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return P.YamlSyntax.at(display, problem=first)


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset, for encoding errors."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col
