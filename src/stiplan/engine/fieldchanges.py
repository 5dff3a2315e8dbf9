"""What an edit changes in one entry: the fields whose values differ, and the lines it need not touch.

Shared by the single write path (`recording`) and the import of filled-in forms (`importing`):
both say "value: 18 → 17" for a replaced entry, both leave a re-recorded value alone, and both
keep the original line of a field whose value an edit did not change.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from stiplan.lang import Lang, Term
from stiplan.store.yamltext import FIELD_ORDER


@dataclass(frozen=True)
class Change:
    """One field whose value an edit replaces (`old` None: the field is new; `new` None:
    the field is dropped)."""

    field: str
    old: object
    new: object


def changed_fields(old: Mapping[str, object], new: Mapping[str, object]) -> list[Change]:
    """Fields whose value differs, in the order they are written."""
    names = [n for n in FIELD_ORDER if n in old or n in new]
    names += [n for n in list(old) + list(new) if n not in names]
    out = []
    for name in dict.fromkeys(names):
        before, after = old.get(name), new.get(name)
        if _same(before, after):
            continue
        out.append(Change(name, before, after))
    return out


def same_fields(old: Mapping[str, object], new: Mapping[str, object]) -> bool:
    """Whether an entry already holds exactly these fields (a date and its ISO text are the same)."""
    return set(old) == set(new) and all(_same(old[k], new[k]) for k in old)


def _same(a: object, b: object) -> bool:
    if isinstance(a, (dt.date, dt.datetime)):
        a = a.isoformat()
    if isinstance(b, (dt.date, dt.datetime)):
        b = b.isoformat()
    return a == b


NO_VALUE = Term("(trống)", "(none)")
"""How a change line shows a field that had (or gets) no value."""


def format_change(change: Change, lang: Lang = "en") -> str:
    """'value: 18 → 17' (strings quoted so a blank or a trailing space shows); a missing value
    is worded in `lang`."""

    def show(v: object) -> str:
        if v is None:
            return NO_VALUE.pick(lang)
        return repr(v) if isinstance(v, str) else str(v)

    return f"{change.field}: {show(change.old)} → {show(change.new)}"


_FIELD_LINE = re.compile(r"(?P<ind> *)(?P<key>[A-Za-z_][A-Za-z0-9_]*):[ \t]+\S")


def keep_unchanged_lines(old: str, new: str, *, verify: bool = True) -> str:
    """Where a replaced entry's field keeps its value, keep the field's original line.

    `yamledit` rewrites a replaced entry whole, in its own quoting; a field whose value did
    not change would then show up in the diff only because `scope: vietnam` became
    `scope: "vietnam"` (or lost its trailing comment). Within each changed block, a new
    `key: value` line is swapped back for the old line with the same indentation, key and
    value. The result must load to exactly the same data as `new`, else `new` is kept;
    `verify=False` leaves that check to the caller (`yamledit.apply_entries` checks a whole
    file once rather than each entry).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "replace":
            out += new_lines[b0:b1]
            continue
        olds = {_field_key(line): line for line in old_lines[a0:a1] if _field_key(line)}
        for line in new_lines[b0:b1]:
            key = _field_key(line)
            before = olds.get(key) if key else None
            if before is not None and _same_value(_line_value(before), _line_value(line)):
                ending = line[len(line.rstrip("\r\n")) :]
                out.append(before.rstrip("\r\n") + ending)
            else:
                out.append(line)
    merged = "".join(out)
    if merged == new or not verify:
        return merged
    try:
        safe = YAML(typ="safe")
        if safe.load(merged) != safe.load(new):
            return new
    except YAMLError:
        return new
    return merged


_NO_VALUE = object()


def _same_value(a: object, b: object) -> bool:
    return a is not _NO_VALUE and type(a) is type(b) and a == b


def _field_key(line: str) -> tuple[int, str] | None:
    match = _FIELD_LINE.match(line)
    return (len(match.group("ind")), match.group("key")) if match else None


def _line_value(line: str) -> object:
    """The value of a one-line `key: value` (comments allowed), or _NO_VALUE."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe").load(line.strip())
    except YAMLError:
        return _NO_VALUE
    if not isinstance(data, dict) or len(data) != 1:
        return _NO_VALUE
    value = next(iter(data.values()))
    return value if isinstance(value, (str, int, float, bool)) or value is None else _NO_VALUE
