"""The form of a new year: a fresh ``data/actuals/YYYY.yaml`` with a commented stanza per item.

Kept apart from the edits (`yamledit`), which fill its stanzas in place: this module only
writes a whole new text, in the layout described by :func:`new_actuals_text`.
"""

from __future__ import annotations

from collections.abc import Sequence

from stiplan.store.yamltext import render_key
from stiplan.vocabulary import TASK_STATUSES

_TASK_STATUSES = " | ".join(TASK_STATUSES)
"""The statuses a task stanza's comment offers: not_started | in_progress | done | cancelled."""


def _one_line(text: str) -> str:
    """Collapse a name/title onto one line so it fits in a comment."""
    return " ".join(text.split())


def new_actuals_text(
    year: int,
    indicators: Sequence[tuple[str, str]],
    tasks: Sequence[tuple[int | str, str]],
    *,
    header: str | None = None,
    scopes: Sequence[str] | None = None,
) -> str:
    """A fresh actuals file for ``year`` with a commented, ready-to-fill stanza per item.

    ``scopes``: when the year's figures must state their scope (after the plan's jurisdiction
    ended), each indicator stanza gets a ``scope:`` line listing them.

    Layout (valid YAML before *and* after any stanza is uncommented)::

        year: 2026
        indicators:
          # dti_rank:  # Chỉ số DTI
          #   value:
          #   source: ""

        tasks:
          # 12:  # Task title
          #   status:  # not_started | in_progress | done | cancelled
          #   source: ""

    A section with stanzas is written as a bare ``indicators:`` (YAML null
    until something is filled in, so the loader must read a null section as
    empty).  ``indicators: {}`` was rejected: uncommenting a stanza below a
    flow ``{}`` is a YAML error; omitting the key would make the analyst
    uncomment a section line *and* a stanza, and either alone breaks.
    Uncommenting means deleting ``# `` right after the indentation.  A section
    with no items at all is written ``{}`` (nothing to uncomment).  The
    editing functions replace a stanza in place when they fill it in.
    ``header`` replaces the default title comment; the how-to lines remain.
    """
    out: list[str] = []
    title = header if header is not None else f"Actual values for {year}, each with its source."
    for line in title.splitlines() or [""]:
        out.append(line if line.startswith("#") else ("# " + line).rstrip())
    out += [
        "# To fill in: uncomment a stanza (delete the '# ' after the indentation on each",
        "# of its lines), then write the value/status and where it comes from.",
        "# Optional keys: of (rank indicators: how many were ranked), scope, date, note.",
        f"year: {int(year)}",
    ]
    if indicators:
        out.append("indicators:")
        for ident, name in indicators:
            out.append(f"  # {render_key(ident)}:  # {_one_line(name)}".rstrip())
            out.append("  #   value:")
            out.append('  #   source: ""')
            if scopes:
                out.append(f"  #   scope:  # required for {int(year)}: {' | '.join(scopes)}")
    else:
        out.append("indicators: {}")
    out.append("")
    if tasks:
        out.append("tasks:")
        for task_id, title_text in tasks:
            out.append(f"  # {render_key(task_id)}:  # {_one_line(title_text)}".rstrip())
            out.append(f"  #   status:  # {_TASK_STATUSES}")
            out.append('  #   source: ""')
    else:
        out.append("tasks: {}")
    return "\n".join(out) + "\n"
