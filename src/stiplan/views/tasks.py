"""Task lists and the accountability view rendered for the terminal (rich), JSON and CSV.

`stiplan tasks` calls these; the computation itself lives in `stiplan.engine.tasks`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from stiplan.engine.tasks import AgencyTally, TaskState
from stiplan.text import shorten
from stiplan.views import i18n
from stiplan.views.i18n import TASK_STATUS_LABELS, Lang, label

TITLE_WIDTH = 60
TALLY_KEYS = ("done", "in_progress", "not_started", "cancelled", "overdue", "total")

WORDS: dict[str, dict[str, str]] = {
    "id": {"vi": "TT", "en": "No."},
    "task": {"vi": "Nhiệm vụ", "en": "Task"},
    "lead": {"vi": "Chủ trì", "en": "Lead"},
    "cooperating": {"vi": "Phối hợp", "en": "Cooperating"},
    "timeframe": {"vi": "Thời gian", "en": "Timeframe"},
    "status": {"vi": "Tình trạng", "en": "Status"},
    "overdue": {"vi": "Quá hạn", "en": "Overdue"},
    "agency": {"vi": "Cơ quan", "en": "Agency"},
    "role": {"vi": "Vai trò", "en": "Role"},
    "yearly": {"vi": "Hằng năm", "en": "yearly"},
    "from": {"vi": "từ", "en": "from"},
    "not_reported": {"vi": "Chưa có báo cáo", "en": "not reported"},
    "yearly_missing": {"vi": "thiếu năm", "en": "missing"},
    "summary": {"vi": "{n} nhiệm vụ, {k} quá hạn, tính đến {date}", "en": "{n} tasks, {k} overdue, as of {date}"},
    "agencies_summary": {
        "vi": "{n} cơ quan, {k} nhiệm vụ, tính đến {date}",
        "en": "{n} agencies, {k} tasks, as of {date}",
    },
    "none": {"vi": "Không có nhiệm vụ nào khớp với điều kiện lọc.", "en": "No task matches the filters."},
}


def _w(key: str, lang: Lang) -> str:
    return WORDS[key][lang]


def status_text(s: TaskState, lang: Lang) -> str:
    if not s.reported:
        return _w("not_reported", lang)
    return f"{label(TASK_STATUS_LABELS, s.status, lang)} ({s.status_year})"


def overdue_text(s: TaskState, lang: Lang) -> str:
    if not s.overdue:
        return ""
    text = label(TASK_STATUS_LABELS, "overdue", lang)
    if s.overdue_years:
        text += f" ({_w('yearly_missing', lang)} {year_runs(s.overdue_years)})"
    return text


def year_runs(years: tuple[int, ...]) -> str:
    """(2018, 2019, 2020, 2023) → '2018–2020, 2023'."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def timeframe_text(s: TaskState, lang: Lang) -> str:
    """Compact: '2023', '2021–2025', 'Hằng năm 2018–2030' (the verbatim wording is in JSON)."""
    tf = s.task.timeframe
    if tf.start is None:
        span = str(s.end)
    elif tf.start == s.end:
        span = str(tf.start)
    else:
        span = f"{tf.start}–{s.end}"
    return f"{_w('yearly', lang)} {span}" if tf.yearly else span


def _title(s: TaskState, lang: Lang) -> str:
    t = s.task
    return t.title.vi if lang == "vi" or not t.title.en else t.title.en


def states_json(states: list[TaskState], names: dict[str, str], day: dt.date) -> str:
    body = {
        "as_of": day.isoformat(),
        "count": len(states),
        "overdue": sum(s.overdue for s in states),
        "tasks": [state_to_dict(s, names) for s in states],
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def write_states_csv(states: list[TaskState], lang: Lang, out: TextIO | None = None) -> None:
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "part",
            "group",
            "title",
            "lead",
            "cooperating",
            "timeframe",
            "start",
            "end",
            "yearly",
            "status",
            "reported",
            "status_year",
            "overdue",
            "overdue_years",
        ]
    )
    for s in states:
        t = s.task
        writer.writerow(
            [
                t.id,
                t.part,
                t.group,
                _title(s, lang),
                s.lead,
                ";".join(s.cooperating),
                t.timeframe.text,
                t.timeframe.start if t.timeframe.start is not None else "",
                s.end,
                str(t.timeframe.yearly).lower(),
                s.status,
                str(s.reported).lower(),
                s.status_year or "",
                str(s.overdue).lower(),
                ";".join(str(y) for y in s.overdue_years),
            ]
        )


def print_states(console: Console, states: list[TaskState], names: dict[str, str], day: dt.date, lang: Lang) -> None:
    if not states:
        console.print(Text(_w("none", lang)))
        return
    caption = _w("summary", lang).format(n=len(states), k=sum(s.overdue for s in states), date=i18n.date(day, lang))
    table = Table(caption=Text(caption), show_lines=False)
    columns: tuple[tuple[str, dict[str, Any]], ...] = (
        ("id", {"justify": "right", "no_wrap": True}),
        ("task", {"ratio": 3}),
        ("lead", {}),
        ("timeframe", {}),
        ("status", {}),
        ("overdue", {}),
    )
    for key, kw in columns:
        table.add_column(Text(_w(key, lang)), **kw)
    for s in states:
        table.add_row(
            Text(str(s.task.id)),
            Text(shorten(_title(s, lang), TITLE_WIDTH)),
            Text(names.get(s.lead, s.lead)),
            Text(timeframe_text(s, lang)),
            Text(status_text(s, lang)),
            Text(overdue_text(s, lang), style="bold red" if s.overdue else ""),
        )
    console.print(table)


def tallies_json(tallies: list[AgencyTally], names: dict[str, str], day: dt.date, n_tasks: int) -> str:
    body = {
        "as_of": day.isoformat(),
        "tasks": n_tasks,
        "agencies": [
            {
                "id": t.agency,
                "name": names.get(t.agency),
                "lead": t.lead.to_dict(),
                "cooperating": t.cooperating.to_dict(),
            }
            for t in tallies
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def write_tallies_csv(tallies: list[AgencyTally], names: dict[str, str], out: TextIO | None = None) -> None:
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(["agency", "name"] + [f"lead_{k}" for k in TALLY_KEYS] + [f"cooperating_{k}" for k in TALLY_KEYS])
    for t in tallies:
        lead, coop = t.lead.to_dict(), t.cooperating.to_dict()
        writer.writerow(
            [t.agency, names.get(t.agency, "")] + [lead[k] for k in TALLY_KEYS] + [coop[k] for k in TALLY_KEYS]
        )


def print_tallies(
    console: Console, tallies: list[AgencyTally], names: dict[str, str], day: dt.date, n_tasks: int, lang: Lang
) -> None:
    if not tallies:
        console.print(Text(_w("none", lang)))
        return
    caption = _w("agencies_summary", lang).format(n=len(tallies), k=n_tasks, date=i18n.date(day, lang))
    table = Table(caption=Text(caption))
    table.add_column(Text(_w("agency", lang)))
    table.add_column(Text(_w("role", lang)))
    shown = ("done", "in_progress", "not_started", "overdue")
    for k in shown:
        table.add_column(Text(label(TASK_STATUS_LABELS, k, lang)), justify="right")
    for t in tallies:
        for n, role in enumerate(("lead", "cooperating")):
            tally = getattr(t, role)
            cells = [Text(names.get(t.agency, t.agency) if n == 0 else ""), Text(_w(role, lang))]
            for k in shown:
                v = getattr(tally, k)
                cells.append(Text(str(v), style="bold red" if k == "overdue" and v else ""))
            table.add_row(*cells, end_section=n == 1)
    console.print(table)


# --- output helpers ------------------------------------------------------------------------


def state_to_dict(s: TaskState, agency_name: dict[str, str] | None = None) -> dict[str, object]:
    """A task's state for JSON: whole title, the inputs of the overdue verdict included."""
    t = s.task
    names = agency_name or {}
    return {
        "id": t.id,
        "part": t.part,
        "group": t.group,
        "title": {"vi": t.title.vi, "en": t.title.en},
        "lead": s.lead,
        "lead_name": names.get(s.lead),
        "cooperating": list(s.cooperating),
        "timeframe": {
            "text": t.timeframe.text,
            "start": t.timeframe.start,
            "end": t.timeframe.end,
            "yearly": t.timeframe.yearly,
        },
        "due_end": s.end,
        "status": s.status,
        "reported": s.reported,
        "status_year": s.status_year,
        "status_source": s.report.source if s.report else None,
        "status_date": s.report.date.isoformat() if s.report and s.report.date else None,
        "overdue": s.overdue,
        "overdue_years": list(s.overdue_years),
    }
