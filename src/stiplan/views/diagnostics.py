"""Problems rendered for people (text), programs (JSON) and GitHub Actions (annotations)."""

from __future__ import annotations

from collections.abc import Sequence

from stiplan.lang import Lang
from stiplan.problems import Problem
from stiplan.text import escape_line, escape_text
from stiplan.views.envelope import Envelope, dump


def as_text(problems: Sequence[Problem], lang: Lang = "en") -> str:
    """One problem per line in the `FILE:LINE:COL: error[code]: message` layout, worded in `lang`."""
    return "".join(escape_line(p.format(lang)) + "\n" for p in problems)


def as_json(problems: Sequence[Problem], envelope: Envelope) -> str:
    errors = sum(p.severity == "error" for p in problems)
    body = {
        "problems": [p.to_dict() for p in problems],
        "errors": errors,
        "warnings": len(problems) - errors,
    }
    return dump(envelope, body)  # unsafe characters, undecodable bytes: JSON escapes (`json_safe`)


def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's `escapeData`)."""
    return escape_text(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's `escapeProperty`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: Sequence[Problem]) -> str:
    """GitHub workflow commands, so a pull request shows each problem on its line."""
    lines = []
    for p in problems:
        props = [f"file={escape_property(p.path)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
        if p.column is not None:
            props.append(f"col={p.column}")
        props.append(f"title={escape_property(f'stiplan {p.code}')}")
        message = p.message + (f"; {p.hint}" if p.hint else "")
        lines.append(f"::{p.severity} {','.join(props)}::{escape_data(message)}\n")
    return "".join(lines)
