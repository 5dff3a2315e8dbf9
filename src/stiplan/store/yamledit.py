"""Safe, minimal-diff edits of the entries of ``data/actuals/YYYY.yaml`` files.

Why this module exists: actuals files are hand-curated by analysts (comments,
quoting, blank lines, CRLF, Vietnamese text).  Re-dumping them through a YAML
emitter would reformat the whole file and bury the real change in noise, so
edits here are *text splices* over `yamltext`:

* the composed nodes (libyaml's composer, see :func:`yamltext.parse`) are used only
  to *locate* things: start and end marks of the nodes, since the end of an entry
  needs the composed nodes' end marks;
* the safe loader supplies plain Python values (for conflicts and ``Edit.old``);
* every line that is not deliberately changed stays byte-identical,
  including its own line ending; new lines use the file's first line ending;
  a missing final newline stays missing.

The functions return the new text; writing it is the caller's (``engine.recording``
writes through :func:`stiplan.store.files.atomic_write`, which refuses to clobber a
file that changed on disk since it was read).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from stiplan.lang import Term
from stiplan.models import is_task_key
from stiplan.store.files import EditError, edit_words
from stiplan.store.yamltext import (
    Lines,
    field_lines,
    is_blank_null,
    is_null,
    last_line,
    ordered_fields,
    pair_last_line,
    parse,
    render_key,
)


class EditConflict(EditError):
    """The entry already holds data and ``replace`` was not requested.

    Carries the existing fields so the CLI can show what would be lost.
    """

    def __init__(self, existing: dict[str, object], key: str, **params: object) -> None:
        super().__init__(key, **params)
        self.existing: dict[str, object] = existing


@dataclass(frozen=True)
class Edit:
    """Result of an edit: the new file text and, if an entry was replaced, its old fields."""

    text: str
    old: dict[str, object] | None


def _as_fields(value: object) -> dict[str, object]:
    """Existing entry as a field dict; a bare scalar is read as shorthand for ``value``."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    return {"value": value}


def _is_blank_entry(fields: dict[str, object]) -> bool:
    """An uncommented but unfilled stanza (all fields empty) is not data worth protecting."""
    return all(v is None or v == "" for v in fields.values())


@dataclass(frozen=True)
class _Layout:
    """Indentation the file already uses (entry column, field offset within an entry)."""

    entry_col: int
    field_rel: int


def _section_layout(pairs: list[tuple[object, Node, Node]], section: str, top_col: int) -> _Layout:
    """Infer indentation from this section, else the other one, else 2 spaces."""
    entry_col: int | None = None
    field_rel: int | None = None
    ordered = sorted(pairs, key=lambda p: p[0] != section)  # this section first
    for name, _key, value in ordered:
        if name not in ("indicators", "tasks") or not isinstance(value, MappingNode):
            continue
        if value.flow_style or not value.value:
            continue
        if entry_col is None:
            entry_col = value.value[0][0].start_mark.column
        for ekey, evalue in value.value:
            if isinstance(evalue, MappingNode) and not evalue.flow_style and evalue.value:
                field_rel = evalue.value[0][0].start_mark.column - ekey.start_mark.column
                break
        if field_rel is not None:
            break
    return _Layout(
        entry_col if entry_col is not None and entry_col > top_col else top_col + 2,
        field_rel if field_rel is not None and field_rel > 0 else 2,
    )


def _find_placeholder(
    doc: Lines, start: int, stop: int, key_text: str, entry_col: int | None, top_col: int
) -> tuple[int, int, str, str] | None:
    """Find a commented stanza for this key (as written by `yearform.new_actuals_text`).

    Returns (first line, end line exclusive, indentation, rest of key line).
    """
    pattern = re.compile(r"(?P<ind> +)# (?P<key>" + re.escape(key_text) + r"):(?P<rest>[ \t].*)?\Z")
    return next(_stanzas(doc, start, stop, pattern, entry_col, top_col), (None, None))[1]


def _stanzas(
    doc: Lines, start: int, stop: int, pattern: re.Pattern[str], entry_col: int | None, top_col: int
) -> Iterator[tuple[str, tuple[int, int, str, str]]]:
    """The commented stanzas `pattern` matches between two lines, in order: (key text,
    (first line, end line exclusive, indentation, rest of key line)). A stanza's own lines
    are its key line and the deeper `#   field:` lines under it."""
    for i in range(start, stop):
        match = pattern.match(doc.content(i))
        if not match:
            continue
        ind = match.group("ind")
        if (entry_col is not None and len(ind) != entry_col) or len(ind) <= top_col:
            continue
        cont = re.compile(re.escape(ind) + r"#  +\S")
        j = i + 1
        while j < stop and cont.match(doc.content(j)):
            j += 1
        yield match.group("key"), (i, j, ind, match.group("rest") or "")


def _key_line_is_bare(doc: Lines, key: Node) -> bool:
    """True if the key line is just ``key:`` plus maybe a comment (so it can be kept verbatim)."""
    if key.end_mark.line != key.start_mark.line:
        return False
    tail = doc.content(key.start_mark.line)[key.end_mark.column :]
    return re.match(r"\s*:\s*(#.*)?\Z", tail) is not None


def _drop_inline_value(doc: Lines, key: Node, value: Node) -> None:
    """Turn ``section: {}`` / ``section: null`` into ``section:`` on the same line."""
    if is_blank_null(value):
        return
    line = key.start_mark.line
    if value.start_mark.line != line or value.end_mark.line != line:
        raise EditError("empty_section_inline", line=line + 1)
    content = doc.content(line)
    before = content[: value.start_mark.column].rstrip()
    after = content[value.end_mark.column :]
    if after.strip() and not after[0].isspace():
        after = " " + after
    if not after.strip():
        after = ""
    doc.splice(line, line + 1, [before + after + doc.ending(line)])


def _top_pairs(text: str) -> tuple[Lines, int, list[tuple[object, Node, Node]], dict[object, object]]:
    """The file's lines, its top column and its top-level (name, key node, value node) pairs."""
    doc = Lines.of(text)
    root, data = parse(text)
    if root is None:
        return doc, 0, [], {}
    if not (isinstance(root, MappingNode) and not root.flow_style and isinstance(data, dict)):
        raise EditError("top_not_block")
    if len(root.value) != len(data):
        raise EditError("top_unsupported")
    pairs = [(name, k, v) for name, (k, v) in zip(data.keys(), root.value, strict=True)]
    return doc, root.start_mark.column, pairs, data


def _matches(entry_id: str | int, k: object) -> bool:
    if isinstance(entry_id, int):
        return not isinstance(k, bool) and (k == entry_id or k == str(entry_id))
    return k == entry_id


@dataclass(frozen=True)
class _Target:
    """What one entry edit applies to: the fields and how, plus the section's layout."""

    fields: Mapping[str, object]
    replace: bool
    what: Term
    scoped: bool
    default_scope: str | None
    layout: _Layout
    key_text: str

    def lines(self, head: str, col: int, rel: int, eol: str) -> list[str]:
        return [head + eol] + field_lines(self.fields, col + rel, eol)


def _edit_existing(
    doc: Lines, key_node: Node, value_node: Node, old_value: object, t: _Target
) -> dict[str, object] | None:
    """Replace an entry that is there (its lines only, through `doc.splice`); its old fields."""
    eol = doc.eol
    if t.scoped:
        handled, old = _set_scoped(doc, key_node, value_node, old_value, t.fields, t.default_scope, t.replace, t.what)
        if handled:
            return old
    existing = _as_fields(old_value)
    if not t.replace and not _is_blank_entry(existing):
        shown = ", ".join(f"{k}={v!r}" for k, v in existing.items())
        raise EditConflict(existing, "entry_exists", what=t.what, shown=shown)
    first = key_node.start_mark.line
    last = pair_last_line(key_node, value_node, doc)
    rel = t.layout.field_rel
    if isinstance(value_node, MappingNode) and not value_node.flow_style and value_node.value:
        rel = value_node.value[0][0].start_mark.column - key_node.start_mark.column
    col = key_node.start_mark.column
    keep_key_line = _key_line_is_bare(doc, key_node) and (
        is_blank_null(value_node)
        or (isinstance(value_node, MappingNode) and not value_node.flow_style and value_node.start_mark.line > first)
    )
    if keep_key_line:  # keeps the key's own comment, e.g. the indicator name
        doc.splice(first + 1, last + 1, field_lines(t.fields, col + rel, eol))
    else:
        original_key = doc.content(first)[col : key_node.end_mark.column]
        if key_node.end_mark.line != first:
            original_key = t.key_text
        doc.splice(first, last + 1, t.lines(" " * col + f"{original_key}:", col, rel, eol))
    return existing


def _set_entry(
    text: str,
    section: str,
    entry_id: str | int,
    fields: Mapping[str, object],
    *,
    replace: bool,
    what: Term,
    scoped: bool = False,
    default_scope: str | None = None,
    layout: _Layout | None = None,
) -> Edit:
    """Shared implementation of set_indicator_actual / set_task_status (see their docs).

    `layout` overrides the indentation inferred from `text` (`apply_entries` edits a small
    text holding one entry with the layout of the whole file)."""
    doc, top_col, pairs, data = _top_pairs(text)
    eol = doc.eol
    layout = layout or _section_layout(pairs, section, top_col)
    key_text = render_key(entry_id)
    ordered_fields(fields)  # validate before touching anything
    t = _Target(fields, replace, what, scoped, default_scope, layout, key_text)

    index = next((i for i, p in enumerate(pairs) if p[0] == section), None)
    if index is None:
        # Missing section: append it at the end of the file.
        new = [" " * top_col + f"{section}:{eol}"]
        new += t.lines(" " * layout.entry_col + f"{key_text}:", layout.entry_col, layout.field_rel, eol)
        doc.splice(len(doc.lines), len(doc.lines), new)
        return Edit(doc.text(), None)

    _, sec_key, sec_value = pairs[index]
    region_end = pairs[index + 1][1].start_mark.line if index + 1 < len(pairs) else len(doc.lines)
    sec_data = data[section]

    if isinstance(sec_value, MappingNode) and not sec_value.flow_style and sec_value.value:
        assert isinstance(sec_data, dict)
        if len(sec_value.value) != len(sec_data):
            raise EditError("section_unsupported", section=section)
        entries = list(zip(sec_data.items(), sec_value.value, strict=True))
        entry_col = sec_value.value[0][0].start_mark.column
        found = next(((v, kn, vn) for (k, v), (kn, vn) in entries if _matches(entry_id, k)), None)
        if found is not None:
            old = _edit_existing(doc, found[1], found[2], found[0], t)
            return Edit(doc.text(), old)

        ph = _find_placeholder(doc, sec_key.start_mark.line + 1, region_end, key_text, entry_col, top_col)
        if ph is not None:
            start, stop, ind, rest = ph
            doc.splice(start, stop, t.lines(f"{ind}{key_text}:{rest}", len(ind), layout.field_rel, eol))
            return Edit(doc.text(), None)
        at, blank = _append_point(doc, sec_value, region_end)
        new = t.lines(" " * entry_col + f"{key_text}:", entry_col, layout.field_rel, eol)
        doc.splice(at, at, [eol] + new if blank else new)
        return Edit(doc.text(), None)

    _check_empty_section(section, sec_key, sec_value)
    ph = _find_placeholder(doc, sec_key.start_mark.line + 1, region_end, key_text, None, top_col)
    _drop_inline_value(doc, sec_key, sec_value)  # same line count, indexes stay valid
    if ph is not None:
        start, stop, ind, rest = ph
        doc.splice(start, stop, t.lines(f"{ind}{key_text}:{rest}", len(ind), layout.field_rel, eol))
    else:
        at = sec_key.start_mark.line + 1
        doc.splice(at, at, t.lines(" " * layout.entry_col + f"{key_text}:", layout.entry_col, layout.field_rel, eol))
    return Edit(doc.text(), None)


def _append_point(doc: Lines, sec_value: MappingNode, region_end: int) -> tuple[int, bool]:
    """Where a new entry goes after a section's last one, and whether a blank line leads it.

    Comments directly below the last entry, indented deeper than its key, annotate it and
    stay with it; entries that the file separates by blank lines get one before the new
    entry too.
    """
    entry_col = sec_value.value[0][0].start_mark.column
    last_key, last_value = sec_value.value[-1]
    at = pair_last_line(last_key, last_value, doc) + 1
    while at < region_end:
        line = doc.content(at)
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) <= entry_col:
            break
        at += 1
    blank = len(sec_value.value) > 1 and not doc.content(last_key.start_mark.line - 1).strip()
    return at, blank


def _check_empty_section(section: str, sec_key: Node, sec_value: Node) -> None:
    empty_flow = isinstance(sec_value, MappingNode) and sec_value.flow_style and not sec_value.value
    if not (empty_flow or is_null(sec_value)):
        raise EditError("section_not_block", section=section, line=sec_key.start_mark.line + 1)


# --------------------------------------------------------------------------- public edits


def set_indicator_actual(
    text: str,
    indicator_id: str,
    fields: Mapping[str, object],
    *,
    replace: bool,
    default_scope: str | None = None,
    layout: _Layout | None = None,
) -> Edit:
    """Record an indicator's figure by splicing ``text``; see :func:`set_task_status`.

    Figures are per scope: an entry for another scope than the new figure's is kept, and the
    two become a list (``- value: …`` items, one per scope); in a list only the item of the
    figure's scope is added or replaced. A figure without ``scope`` is of ``default_scope``
    (the indicator's own). Turning one figure into a list changes one line of it: its first
    field gets the ``- `` of the sequence, which sits in the field's own indentation.
    """
    if not isinstance(indicator_id, str) or not indicator_id:
        raise EditError("invalid_indicator_id", id=indicator_id)
    return _set_entry(
        text,
        "indicators",
        indicator_id,
        fields,
        replace=replace,
        what=edit_words("indicator", id=indicator_id),
        scoped=True,
        default_scope=default_scope,
        layout=layout,
    )


def _scope_of(fields: Mapping[str, object], default: str | None) -> object:
    scope = fields.get("scope")
    return scope if scope is not None else default


def _same_scope(a: Mapping[str, object], b: Mapping[str, object], default: str | None) -> bool:
    """Whether two figures cover one scope; with no known default, a figure without one matches any."""
    if default is None and (a.get("scope") is None or b.get("scope") is None):
        return True
    return _scope_of(a, default) == _scope_of(b, default)


def _item_lines(fields: Mapping[str, object], dash: str, col: int, eol: str) -> list[str]:
    """A sequence item: the first field after `dash` (the text up to the field column), the rest at `col`."""
    lines = field_lines(fields, col, eol)
    return [dash + lines[0][col:]] + lines[1:]


def _set_scoped(
    doc: Lines,
    key_node: Node,
    value_node: Node,
    old_value: object,
    fields: Mapping[str, object],
    default: str | None,
    replace: bool,
    what: Term,
) -> tuple[bool, dict[str, object] | None]:
    """Add or replace the figure of one scope: (whether it did, the replaced figure's fields);
    (False, None) when the plain one-entry edit applies. Only the entry's lines change."""
    eol = doc.eol
    scope = _scope_of(fields, default)
    if isinstance(value_node, SequenceNode) and isinstance(old_value, list):
        items = list(zip(old_value, value_node.value, strict=True))
        if not items or not all(isinstance(n, MappingNode) and not n.flow_style for _, n in items):
            raise EditError("figures_not_blocks", what=what)
        for data, node in items:
            if not _same_scope(_as_fields(data), fields, default):
                continue
            existing = _as_fields(data)
            if not replace and not _is_blank_entry(existing):
                shown = ", ".join(f"{k}={v!r}" for k, v in existing.items())
                raise EditConflict(existing, "scope_exists", what=what, scope=scope, shown=shown)
            first, col = node.start_mark.line, node.start_mark.column
            doc.splice(first, last_line(node, doc) + 1, _item_lines(fields, doc.content(first)[:col], col, eol))
            return True, existing
        last = items[-1][1]
        col = last.start_mark.column
        dash = doc.content(last.start_mark.line)[:col]
        at = last_line(last, doc) + 1
        doc.splice(at, at, _item_lines(fields, dash, col, eol))
        return True, None
    if not (isinstance(value_node, MappingNode) and isinstance(old_value, Mapping)):
        return False, None
    if _is_blank_entry(_as_fields(old_value)) or _same_scope(_as_fields(old_value), fields, default):
        return False, None
    # One figure of another scope: the entry becomes a list of two.
    if value_node.flow_style or not value_node.value or value_node.start_mark.line == key_node.start_mark.line:
        raise EditError("figure_not_block", what=what)
    first = value_node.value[0][0].start_mark.line
    col = value_node.value[0][0].start_mark.column
    line = doc.content(first)
    if col - key_node.start_mark.column < 2 or line[col - 2 : col] != "  ":
        raise EditError("figure_indentation", what=what)
    dash = line[: col - 2] + "- "
    doc.splice(first, first + 1, [dash + line[col:] + doc.ending(first)])
    at = last_line(value_node, doc) + 1
    doc.splice(at, at, _item_lines(fields, dash, col, eol))
    return True, None


def set_task_status(
    text: str, task_id: int | str, fields: Mapping[str, object], *, replace: bool, layout: _Layout | None = None
) -> Edit:
    """Record a task's status by splicing ``text``; only the entry's own lines change.

    Existing entry: without ``replace`` an :class:`EditConflict` carrying its
    fields is raised (unless the entry is an unfilled stanza whose fields are
    all empty).  With ``replace`` exactly its lines (key line through last
    field line) are rewritten; the key line itself is kept verbatim when it is
    a bare ``key:  # comment`` line.  Comments inside the entry are lost.

    New entry placement (first rule that applies):

    1. a commented stanza ``  # <id>:`` (as written by :func:`yearform.new_actuals_text`)
       in the section is replaced in place, i.e. "uncommented and filled";
    2. otherwise it goes right after the section's last entry, also after
       comment lines directly below it (no blank line between) that are
       indented deeper than the entry keys - those annotate that entry.  Blank
       lines and comments at entry level or shallower stay below the new
       entry: they introduce what follows (placeholders, the next section);
    3. an empty section (``tasks:``, ``tasks: {}``, ``tasks: null``) becomes
       ``tasks:`` and the entry goes on the next line;
    4. a missing section is appended at the end of the file.

    Indentation follows the entries already in the section, else the other
    section, else 2 spaces.  ``None`` fields are omitted; fields are written
    in :data:`yamltext.FIELD_ORDER`.
    """
    if not is_task_key(task_id):
        raise EditError("invalid_task_id", id=task_id)
    what = edit_words("task", id=task_id)
    return _set_entry(text, "tasks", task_id, fields, replace=replace, what=what, layout=layout)


def remove_entry(text: str, section: str, entry_id: str | int) -> Edit:
    """Remove one entry of ``section`` (``indicators`` or ``tasks``): only its own lines go.

    Its lines are the key line through the last line of its value, and the comment lines
    directly below that are indented deeper than the key (they annotate it, as in
    :func:`set_task_status`); in a section that separates entries by blank lines, the blank
    line after it goes too, so the layout stays as it was. When it was the section's only entry, the bare ``section:``
    line becomes ``section: {}`` so the file still says the section is empty. ``old`` holds
    the removed fields; an entry that is not there raises :class:`EditError`.
    """
    doc = Lines.of(text)
    root, data = parse(text)
    if not (isinstance(root, MappingNode) and not root.flow_style and isinstance(data, dict)):
        raise EditError("top_not_block")
    if len(root.value) != len(data):
        raise EditError("top_unsupported")
    pairs = [(name, k, v) for name, (k, v) in zip(data.keys(), root.value, strict=True)]
    index = next((i for i, p in enumerate(pairs) if p[0] == section), None)
    sec_data = data.get(section) if index is not None else None
    if index is None or not isinstance(sec_data, dict) or not sec_data:
        raise EditError("no_entry", section=section, entry=entry_id)
    _, sec_key, sec_value = pairs[index]
    if not isinstance(sec_value, MappingNode) or sec_value.flow_style or len(sec_value.value) != len(sec_data):
        raise EditError("section_not_plain_block", section=section, line=sec_key.start_mark.line + 1)
    region_end = pairs[index + 1][1].start_mark.line if index + 1 < len(pairs) else len(doc.lines)
    for (key, value), (key_node, value_node) in zip(sec_data.items(), sec_value.value, strict=True):
        same = key == entry_id or (isinstance(entry_id, int) and not isinstance(key, bool) and key == str(entry_id))
        if not same:
            continue
        first, stop = key_node.start_mark.line, pair_last_line(key_node, value_node, doc) + 1
        col = key_node.start_mark.column
        while stop < region_end:  # deeper-indented comments right below belong to the entry
            line = doc.content(stop)
            stripped = line.lstrip(" ")
            if not stripped.startswith("#") or len(line) - len(stripped) <= col:
                break
            stop += 1
        # Entries separated by blank lines: the blank line that separated this one goes too.
        blank_before = first > sec_key.start_mark.line + 1 and not doc.content(first - 1).strip()
        blank_after = stop < region_end and not doc.content(stop).strip()
        if len(sec_data) > 1 and blank_after and (blank_before or first == sec_key.start_mark.line + 1):
            stop += 1
        elif len(sec_data) > 1 and blank_before and stop >= region_end:  # the file's last entry
            first -= 1
        doc.splice(first, stop, [])
        if len(sec_data) == 1:
            head = sec_key.start_mark.line
            match = re.fullmatch(r"(?P<key>[^#]*?:)(?P<rest>\s*#.*)?", doc.content(head))
            if match is None:  # pragma: no cover  (a block mapping's key line always matches)
                raise EditError("cannot_mark_empty", section=section)
            doc.splice(head, head + 1, [match["key"] + " {}" + (match["rest"] or "") + doc.ending(head)])
        return Edit(doc.text(), _as_fields(value))
    raise EditError("no_entry", section=section, entry=entry_id)


# --------------------------------------------------------------------------- many edits, one parse


@dataclass(frozen=True)
class EntryEdit:
    """One entry to write with `apply_entries`: an indicator's figure or a task's report."""

    section: str
    """'indicators' (key: the indicator's id) or 'tasks' (key: the task's number)."""
    key: str | int
    fields: Mapping[str, object]
    replace: bool = False
    default_scope: str | None = None


def apply_edit(text: str, edit: EntryEdit, layout: _Layout | None = None) -> Edit:
    """`set_indicator_actual` or `set_task_status`, by the edit's section."""
    if edit.section == "indicators":
        if not isinstance(edit.key, str):
            raise EditError("invalid_indicator_id", id=edit.key)
        return set_indicator_actual(
            text, edit.key, edit.fields, replace=edit.replace, default_scope=edit.default_scope, layout=layout
        )
    if not is_task_key(edit.key):
        raise EditError("invalid_task_id", id=edit.key)
    return set_task_status(text, edit.key, edit.fields, replace=edit.replace, layout=layout)


def _target(edit: EntryEdit, layout: _Layout) -> _Target:
    """The edit's target, its id and fields checked as `apply_edit` checks them."""
    if edit.section == "indicators":
        if not isinstance(edit.key, str) or not edit.key:
            raise EditError("invalid_indicator_id", id=edit.key)
        what, scoped = edit_words("indicator", id=edit.key), True
    else:
        if not is_task_key(edit.key):
            raise EditError("invalid_task_id", id=edit.key)
        what, scoped = edit_words("task", id=edit.key), False
    ordered_fields(edit.fields)
    return _Target(edit.fields, edit.replace, what, scoped, edit.default_scope, layout, render_key(edit.key))


Polish = Callable[[str, str], str]
"""(text before, text after) → the text to keep, for a replaced entry: the same data, its
unchanged fields in their old lines (`fieldchanges.keep_unchanged_lines`). With the batch,
whether the whole file still holds the same data is checked once, not per entry."""


def apply_entries(
    text: str, edits: Sequence[EntryEdit], *, polish: Polish | None = None
) -> tuple[str, list[EditError | None]]:
    """Apply `edits` in order to `text`, parsing it once: the new text, and each edit's error.

    The result is what applying the edits one by one gives (an edit that fails changes
    nothing), with one difference of placement only: new entries that go after a section's
    last entry go, in the edits' order, where the first of them would go in the file as read
    (one by one, a new entry goes after one just filled in from a commented stanza below the
    section's last entry). Each edit changes only its entry's lines, so the file is parsed
    once and each entry is rewritten from its own lines; an entry edited a second time in the
    same call is parsed again on its own (a few lines). A file of an unusual shape (empty, a
    section in flow style) is edited one entry at a time, as `set_task_status` would.
    """
    if not edits:
        return text, []
    try:
        polished, errors = _batch(text, edits, polish)
        if polish is None or not any(e.replace for e in edits):
            return polished, errors
        plain, _ = _batch(text, edits, None)
        # `polish` only swaps lines back for equal ones: checked once for the whole file.
        return (polished if plain == polished or _same_data(plain, polished) else plain), errors
    except _Unbatchable:
        return _one_by_one(text, edits, polish)


def _same_data(a: str, b: str) -> bool:
    try:
        return bool(parse(a)[1] == parse(b)[1])
    except EditError:
        return False


class _Unbatchable(Exception):
    """The file's shape needs the one-by-one path (which also words its errors)."""


def _one_by_one(text: str, edits: Sequence[EntryEdit], polish: Polish | None) -> tuple[str, list[EditError | None]]:
    errors: list[EditError | None] = []
    for edit in edits:
        try:
            new = apply_edit(text, edit).text
        except EditError as exc:
            errors.append(exc)
            continue
        errors.append(None)
        polished = polish(text, new) if polish is not None and edit.replace else new
        text = polished if polished == new or _same_data(polished, new) else new
    return text, errors


_PLACEHOLDER = re.compile(r"(?P<ind> +)# (?P<key>\S.*?):(?P<rest>[ \t].*)?\Z")


class _Recorder(Lines):
    """The file's lines as read; an edit's splices are recorded, not made, so many edits can
    share one parse (each touches only its own entry's lines)."""

    def __init__(self, doc: Lines) -> None:
        super().__init__(doc.lines, doc.eol, doc.final_newline)
        self.spliced: list[tuple[int, int, list[str]]] = []

    def splice(self, start: int, stop: int, new: list[str]) -> None:
        self.spliced.append((start, stop, new))


@dataclass
class _Section:
    """One section of the file as read, for `_batch`."""

    name: str
    kind: str
    """'block' (has entries), 'empty' (`tasks:`, `tasks: {}`) or 'missing'."""
    layout: _Layout
    entry_col: int
    at: int = 0
    """Where new entries go."""
    blank: bool = False
    """Whether a blank line leads each new entry."""
    by_str: dict[str, tuple[object, Node, Node]] | None = None
    by_int: dict[int, tuple[object, Node, Node]] | None = None
    placeholders: dict[str, tuple[int, int, str, str]] | None = None
    key_node: Node | None = None
    value_node: Node | None = None
    touched: bool = False

    def find(self, key: str | int) -> tuple[object, Node, Node] | None:
        if self.by_str is None or self.by_int is None:
            return None
        if isinstance(key, int) and not isinstance(key, bool):
            return self.by_int.get(key) or self.by_str.get(str(key))
        return self.by_str.get(key) if isinstance(key, str) else None


def _placeholders(
    doc: Lines, start: int, stop: int, entry_col: int | None, top_col: int
) -> dict[str, tuple[int, int, str, str]]:
    """Every commented stanza of a section by key text (the first of a key), in one pass."""
    found: dict[str, tuple[int, int, str, str]] = {}
    for key, stanza in _stanzas(doc, start, stop, _PLACEHOLDER, entry_col, top_col):
        found.setdefault(key, stanza)
    return found


def _section(
    doc: Lines, pairs: list[tuple[object, Node, Node]], data: dict[object, object], name: str, top_col: int
) -> _Section:
    layout = _section_layout(pairs, name, top_col)
    index = next((i for i, p in enumerate(pairs) if p[0] == name), None)
    if index is None:
        return _Section(name, "missing", layout, layout.entry_col, at=len(doc.lines))
    _, sec_key, sec_value = pairs[index]
    region_end = pairs[index + 1][1].start_mark.line if index + 1 < len(pairs) else len(doc.lines)
    sec_data = data[name]
    if isinstance(sec_value, MappingNode) and not sec_value.flow_style and sec_value.value:
        if not isinstance(sec_data, dict) or len(sec_value.value) != len(sec_data):
            raise _Unbatchable
        by_str: dict[str, tuple[object, Node, Node]] = {}
        by_int: dict[int, tuple[object, Node, Node]] = {}
        for (k, v), (kn, vn) in zip(sec_data.items(), sec_value.value, strict=True):
            if isinstance(k, str):
                by_str.setdefault(k, (v, kn, vn))
            elif isinstance(k, int) and not isinstance(k, bool):
                by_int.setdefault(k, (v, kn, vn))
        entry_col = sec_value.value[0][0].start_mark.column
        at, blank = _append_point(doc, sec_value, region_end)
        ph = _placeholders(doc, sec_key.start_mark.line + 1, region_end, entry_col, top_col)
        return _Section(name, "block", layout, entry_col, at, blank, by_str, by_int, ph, sec_key, sec_value)
    try:
        _check_empty_section(name, sec_key, sec_value)
    except EditError as exc:
        raise _Unbatchable from exc
    ph = _placeholders(doc, sec_key.start_mark.line + 1, region_end, None, top_col)
    at = sec_key.start_mark.line + 1
    return _Section(name, "empty", layout, layout.entry_col, at, False, None, None, ph, sec_key, sec_value)


def _batch(text: str, edits: Sequence[EntryEdit], polish: Polish | None) -> tuple[str, list[EditError | None]]:
    try:
        doc, top_col, pairs, data = _top_pairs(text)
    except EditError as exc:
        raise _Unbatchable from exc
    if not pairs:
        raise _Unbatchable
    eol = doc.eol
    errors: list[EditError | None] = [None] * len(edits)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, edit in enumerate(edits):
        if edit.section not in ("indicators", "tasks"):
            raise _Unbatchable
        groups.setdefault((edit.section, str(edit.key)), []).append(i)
    sections: dict[str, _Section] = {}
    splices: list[tuple[int, int, int, list[str]]] = []  # start, stop, order, new lines
    missing: dict[str, list[str]] = {}
    for order, ((name, _), indexes) in enumerate(groups.items()):
        sec = sections.get(name) or sections.setdefault(name, _section(doc, pairs, data, name, top_col))
        head = " " * top_col + f"{name}:{eol}"
        first_edit = edits[indexes[0]]
        found = sec.find(first_edit.key)
        ph = sec.placeholders.get(render_key(first_edit.key)) if sec.placeholders and found is None else None
        span: tuple[int, int] | None = None
        if found is not None:
            _, key_node, value_node = found
            span = (key_node.start_mark.line, pair_last_line(key_node, value_node, doc) + 1)
        elif ph is not None:
            span = ph[0], ph[1]
        base = span[0] if span else 0
        before = doc.lines[span[0] : span[1]] if span else []
        lines = list(before)
        try:
            t = _target(first_edit, sec.layout)
            if found is not None:
                recorder = _Recorder(doc)
                _edit_existing(recorder, found[1], found[2], found[0], t)
                for start, stop, spliced in sorted(recorder.spliced, key=lambda s: -s[0]):
                    lines[start - base : stop - base] = spliced
            elif ph is not None:
                lines = t.lines(f"{ph[2]}{t.key_text}:{ph[3]}", len(ph[2]), sec.layout.field_rel, eol)
            else:
                lines = t.lines(" " * sec.entry_col + f"{t.key_text}:", sec.entry_col, sec.layout.field_rel, eol)
        except EditError as exc:
            errors[indexes[0]] = exc
        else:
            if polish is not None and first_edit.replace:
                lines = _body(polish(head + "".join(before), head + "".join(lines)), head)
        for i in indexes[1:]:  # the same entry again: its own few lines, parsed
            mini = head + "".join(lines)
            try:
                after = apply_edit(mini, edits[i], sec.layout).text
            except EditError as exc:
                errors[i] = exc
                continue
            lines = _body(polish(mini, after) if polish is not None and edits[i].replace else after, head)
        if lines == before:
            continue
        sec.touched = True
        if span is not None:
            splices.append((span[0], span[1], order, lines))
        elif sec.kind == "missing":
            missing.setdefault(name, []).extend(lines)
        else:
            splices.append((sec.at, sec.at, order, [eol, *lines] if sec.blank else lines))
    for sec in sections.values():
        if sec.kind == "empty" and sec.touched and sec.key_node is not None and sec.value_node is not None:
            recorder = _Recorder(doc)
            try:
                _drop_inline_value(recorder, sec.key_node, sec.value_node)
            except EditError as exc:
                raise _Unbatchable from exc
            splices += [(start, stop, -1, new) for start, stop, new in recorder.spliced]
    end = len(doc.lines)
    for name, lines in missing.items():
        splices.append((end, end, len(groups), [" " * top_col + f"{name}:{eol}", *lines]))
    splices.sort(key=lambda s: (s[0], s[1] > s[0], s[2]))
    out: list[str] = []
    pos = 0
    for start, stop, _, new in splices:
        if start < pos:
            raise _Unbatchable  # two edits' lines overlap: let the one-by-one path sort it out
        out += doc.lines[pos:start]
        out += new
        pos = stop
    doc.lines = out + doc.lines[pos:]
    return doc.text(), errors


def _body(mini: str, head: str) -> list[str]:
    """The lines of one entry's small text below its section line."""
    lines = Lines.of(mini).lines
    if not lines or lines[0] != head:
        raise _Unbatchable
    return lines[1:]
