"""`stiplan collect status`: who owes what, as text, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

from stiplan.engine.collection import AgencyStatus, Collection
from stiplan.views import i18n

STATE_LABELS: dict[str, str] = {
    "not_sent": "form not sent",
    "waiting": "waiting",
    "late": "late: not received",
    "on_time": "received on time",
    "received_late": "received late",
}
"""The round's states, in the words `collect status` prints."""

COLUMNS = (
    "agency",
    "name",
    "indicators",
    "tasks",
    "expected",
    "sent",
    "deadline",
    "received",
    "state",
    "open_problems",
    "returned",
    "missing",
)


def _row(s: AgencyStatus) -> dict[str, Any]:
    return {
        "agency": s.owed.agency.id,
        "name": s.owed.agency.name.vi,
        "indicators": len(s.owed.indicators),
        "tasks": len(s.owed.tasks),
        "expected": s.owed.expected,
        "sent": s.sent.date.isoformat() if s.sent else None,
        "deadline": s.deadline.isoformat() if s.deadline else None,
        "received": s.received.date.isoformat() if s.received else None,
        "state": s.state,
        "open_problems": s.open_problems,
        "returned": s.returned.date.isoformat() if s.returned else None,
        "missing": list(s.missing),
    }


def to_json(rows: Sequence[AgencyStatus], collection: Collection, day: dt.date) -> str:
    body = {
        "year": collection.year,
        "as_of": day.isoformat(),
        "agencies": [_row(s) for s in rows],
        "not_asked": {
            "indicators": collection.unassigned_indicators,
            "tasks_led_by_collectives": sorted(collection.collective_tasks),
        },
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: Sequence[AgencyStatus]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for s in rows:
        row = _row(s)
        row["missing"] = "; ".join(row["missing"])
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return buf.getvalue()


def to_text(rows: Sequence[AgencyStatus], collection: Collection, day: dt.date) -> str:
    """One line per agency, the ones that have not answered first, then what nobody is asked for."""
    order = {"late": 0, "waiting": 1, "not_sent": 2, "received_late": 3, "on_time": 4}
    lines = [f"Collection {collection.year}, as of {i18n.date(day, 'en')}:"]
    for s in sorted(rows, key=lambda s: (order[s.state], -s.open_problems)):
        parts = [f"{s.owed.expected} expected"]
        if s.deadline:
            parts.append(f"due {i18n.date(s.deadline, 'vi')}")
        if s.received:
            parts.append(f"received {i18n.date(s.received.date, 'vi')}")
        if s.open_problems:
            parts.append(f"{s.open_problems} open problem(s)")
        if s.returned:
            parts.append(f"sent back {i18n.date(s.returned.date, 'vi')}")
        if s.missing:
            parts.append(f"{len(s.missing)} not recorded")
        lines.append(f"  {s.owed.agency.name.vi} ({s.owed.agency.id}): {STATE_LABELS[s.state]}; {', '.join(parts)}")
    pending = [s for s in rows if s.state in ("late", "waiting", "not_sent")]
    lines.append(f"{len(rows) - len(pending)} of {len(rows)} agencies have answered.")
    if collection.unassigned_indicators:
        lines.append(f"Not asked of any agency: {', '.join(collection.unassigned_indicators)}")
    if collection.collective_tasks:
        lines.append(
            "Tasks led by a collective, no form sent: " + ", ".join(str(t) for t in sorted(collection.collective_tasks))
        )
    return "\n".join(lines) + "\n"
