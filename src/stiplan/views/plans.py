"""A folder of several plans in every output: each plan's part headed and named the same way.

`status`, `tasks` and `export` show every plan of a folder grouped: the text under a heading per
plan, the JSON as a list of plans (each with its id, document and title, then the body a single
plan's output would have), the CSV with the plan's id as its first column.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from stiplan.lang import Lang, Term, Words, date
from stiplan.models import Plan
from stiplan.views.envelope import Envelope, dump

WORDS = Words(
    heading=Term("Kế hoạch {id}: {title} ({number}, {date})", "Plan {id}: {title} ({number}, {date})"),
    no_tasks=Term("Kế hoạch này không có danh sách nhiệm vụ.", "This plan lists no tasks."),
)


def heading(plan: Plan, lang: Lang) -> str:
    """The line that names a plan above its part of an output."""
    return WORDS.pick(
        "heading", lang, id=plan.id, title=plan.title.pick(lang), number=plan.decision, date=date(plan.date, lang)
    )


def plan_ref(plan: Plan) -> dict[str, Any]:
    """A plan as JSON names it: id, document number and date, title."""
    return {
        "id": plan.id,
        "document": plan.decision,
        "date": plan.date.isoformat(),
        "title": {"vi": plan.title.vi, "en": plan.title.en},
    }


def grouped_json(envelope: Envelope, parts: Sequence[tuple[Plan, Mapping[str, Any]]]) -> str:
    """Several plans' bodies under one envelope: `{"plans": [{"plan": {...}, <body>}, ...]}`."""
    return dump(envelope, {"plans": [{"plan": plan_ref(plan), **body} for plan, body in parts]})


def grouped_csv(parts: Sequence[tuple[Plan, str]]) -> str:
    """Several plans' CSV tables (each with its header) as one: the plan id first in every row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, (plan, text) in enumerate(parts):
        rows = list(csv.reader(io.StringIO(text)))
        if not rows:
            continue
        if n == 0:
            writer.writerow(["plan", *rows[0]])
        writer.writerows([plan.id, *row] for row in rows[1:])
    return out.getvalue()


def regrouped_json(envelope: Envelope, parts: Sequence[tuple[Plan, str]], without: Sequence[Plan] = ()) -> str:
    """Several plans' JSON outputs (each a whole document, as for a folder of one plan) as one
    `{"plans": [...]}` under one envelope; `without` lists plans that have nothing to show
    (a plan with no tasks), each with an empty body."""
    from stiplan.views.envelope import KEYS

    bodies = [(plan, {k: v for k, v in json.loads(text).items() if k not in KEYS}) for plan, text in parts]
    return grouped_json(envelope, [*bodies, *((p, {}) for p in without)])
