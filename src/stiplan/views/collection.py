"""`stiplan collect status`: who owes what, as text, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from stiplan import lang as L
from stiplan.engine.collection import AgencyStatus, Collection
from stiplan.lang import Lang, Term, Words
from stiplan.views.envelope import Envelope, dump

STATE_WORDS = Words(
    not_sent=Term("chưa gửi biểu", "form not sent"),
    waiting=Term("đang chờ", "waiting"),
    late=Term("quá hạn, chưa nhận", "late: not received"),
    on_time=Term("đã nhận, đúng hạn", "received on time"),
    received_late=Term("đã nhận, muộn", "received late"),
)
"""The round's states, in the words `collect status` prints."""

WORDS = Words(
    title=Term("Thu thập số liệu năm {year}, tính đến ngày {day}:", "Collection {year}, as of {day}:"),
    expected=Term("{n} mục phải báo cáo", "{n} expected"),
    due=Term("hạn {day}", "due {day}"),
    received=Term("nhận {day}", "received {day}"),
    problems=Term("{n} lỗi chưa sửa", "{n} open problem(s)"),
    returned=Term("trả lại {day}", "sent back {day}"),
    missing=Term("{n} mục chưa ghi nhận", "{n} not recorded"),
    answered=Term("{k}/{n} cơ quan đã gửi báo cáo.", "{k} of {n} agencies have answered."),
    not_asked=Term("Không giao cho cơ quan nào: {ids}", "Not asked of any agency: {ids}"),
    collective=Term(
        "Nhiệm vụ do một nhóm cơ quan chủ trì, không gửi biểu ({n} nhiệm vụ): số {ids}",
        "Tasks led by a collective, no form sent ({n}): no. {ids}",
    ),
)


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


def to_json(rows: Sequence[AgencyStatus], collection: Collection, envelope: Envelope) -> str:
    body = {
        "year": collection.year,
        "agencies": [_row(s) for s in rows],
        "not_asked": {
            "indicators": collection.unassigned_indicators,
            "tasks_led_by_collectives": sorted(collection.collective_tasks),
        },
    }
    return dump(envelope, body)


def to_csv(rows: Sequence[AgencyStatus]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for s in rows:
        row = _row(s)
        row["missing"] = "; ".join(row["missing"])
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return buf.getvalue()


def to_text(rows: Sequence[AgencyStatus], collection: Collection, day: dt.date, lang: Lang = "vi") -> str:
    """One line per agency, the ones that have not answered first, then what nobody is asked for."""

    def w(key: str, **params: object) -> str:
        return WORDS.pick(key, lang, **params)

    def d(value: dt.date) -> str:
        return L.date(value, lang)

    order = {"late": 0, "waiting": 1, "not_sent": 2, "received_late": 3, "on_time": 4}
    lines = [w("title", year=collection.year, day=d(day))]
    for s in sorted(rows, key=lambda s: (order[s.state], -s.open_problems)):
        parts = [w("expected", n=s.owed.expected)]
        if s.deadline:
            parts.append(w("due", day=d(s.deadline)))
        if s.received:
            parts.append(w("received", day=d(s.received.date)))
        if s.open_problems:
            parts.append(w("problems", n=s.open_problems))
        if s.returned:
            parts.append(w("returned", day=d(s.returned.date)))
        if s.missing:
            parts.append(w("missing", n=len(s.missing)))
        name = s.owed.agency.name.pick(lang)
        lines.append(f"  {name} ({s.owed.agency.id}): {STATE_WORDS.pick(s.state, lang)}; {', '.join(parts)}")
    pending = [s for s in rows if s.state in ("late", "waiting", "not_sent")]
    lines.append(w("answered", k=len(rows) - len(pending), n=len(rows)))
    if collection.unassigned_indicators:
        lines.append(w("not_asked", ids=", ".join(collection.unassigned_indicators)))
    if collection.collective_tasks:
        ids = ", ".join(str(t) for t in sorted(collection.collective_tasks))  # numbers, never read as a count
        lines.append(w("collective", n=len(collection.collective_tasks), ids=ids))
    return "\n".join(lines) + "\n"
