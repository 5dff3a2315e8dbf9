"""Escaping for GitHub-flavoured markdown, so data text is always shown literally.

A name holding `|`, a newline, `<script>` or `**` must stay one literal table cell: pipes and
markdown punctuation get a backslash, HTML-significant characters become entities, and line
breaks become spaces (a table row is one line).
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # only an '&' that would start an entity needs escaping
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)


def _inline(value: object) -> str:
    s = str(value).replace("\r\n", "\n").replace("\r", "\n")
    s = _ENTITY.sub("&amp;", s).replace("<", "&lt;")  # no '<' left, so no HTML tag can open
    return _PUNCT.sub(r"\\\1", s)


def text(value: object) -> str:
    """Paragraph text: markdown-significant characters escaped, HTML neutralised."""
    # A heading, quote, list item or setext underline is only one at the start of a line.
    return _LINE_START.sub(_escape_line_start, _inline(value))


def _escape_line_start(m: re.Match[str]) -> str:
    mark = m.group(2)
    if mark[0].isdigit():  # "1." → "1\." : the number stays, the list marker goes
        return m.group(1) + mark[:-1] + "\\" + mark[-1]
    return m.group(1) + "\\" + mark


def cell(value: object) -> str:
    """A table cell: escaped like `text`, on one line (a cell never starts a line)."""
    return " ".join(_inline(value).split("\n")).strip() or " "


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A GFM table from already-escaped cells; `align` holds 'l' or 'r' per column."""
    align = align or ["l"] * len(header)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"
