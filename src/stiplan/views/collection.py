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

STATE_LABELS: dict[str, dict[str, str]] = {
    "not_sent": {"vi": "chưa gửi biểu", "en": "form not sent"},
    "waiting": {"vi": "đang chờ", "en": "waiting"},
    "late": {"vi": "quá hạn, chưa nhận", "en": "late: not received"},
    "on_time": {"vi": "đã nhận, đúng hạn", "en": "received on time"},
    "received_late": {"vi": "đã nhận, muộn", "en": "received late"},
}
"""The round's states, in the words `collect status` prints."""

WORDS: dict[str, dict[str, str]] = {
    "title": {"vi": "Thu thập số liệu năm {year}, tính đến ngày {day}:", "en": "Collection {year}, as of {day}:"},
    "expected": {"vi": "{n} mục phải báo cáo", "en": "{n} expected"},
    "due": {"vi": "hạn {day}", "en": "due {day}"},
    "received": {"vi": "nhận {day}", "en": "received {day}"},
    "problems": {"vi": "{n} lỗi chưa sửa", "en": "{n} open problem(s)"},
    "returned": {"vi": "trả lại {day}", "en": "sent back {day}"},
    "missing": {"vi": "{n} mục chưa ghi nhận", "en": "{n} not recorded"},
    "answered": {"vi": "{k}/{n} cơ quan đã gửi báo cáo.", "en": "{k} of {n} agencies have answered."},
    "not_asked": {"vi": "Không giao cho cơ quan nào: {ids}", "en": "Not asked of any agency: {ids}"},
    "collective": {
        "vi": "Nhiệm vụ do một nhóm cơ quan chủ trì, không gửi biểu: {ids}",
        "en": "Tasks led by a collective, no form sent: {ids}",
    },
}


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


def to_text(rows: Sequence[AgencyStatus], collection: Collection, day: dt.date, lang: i18n.Lang = "vi") -> str:
    """One line per agency, the ones that have not answered first, then what nobody is asked for."""

    def w(key: str, **params: object) -> str:
        return WORDS[key][lang].format(**params)

    def d(value: dt.date) -> str:
        return i18n.date(value, lang)

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
        name = s.owed.agency.name.vi if lang == "vi" else s.owed.agency.name.en
        lines.append(f"  {name} ({s.owed.agency.id}): {STATE_LABELS[s.state][lang]}; {', '.join(parts)}")
    pending = [s for s in rows if s.state in ("late", "waiting", "not_sent")]
    lines.append(w("answered", k=len(rows) - len(pending), n=len(rows)))
    if collection.unassigned_indicators:
        lines.append(w("not_asked", ids=", ".join(collection.unassigned_indicators)))
    if collection.collective_tasks:
        lines.append(w("collective", ids=", ".join(str(t) for t in sorted(collection.collective_tasks))))
    return "\n".join(lines) + "\n"
