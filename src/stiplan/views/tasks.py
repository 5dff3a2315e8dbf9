"""Task lists and the accountability view rendered for the terminal (rich), JSON and CSV.

`stiplan tasks` calls these; the memo and the export share the wording of successions
(`i18n.accountable_text`) without importing rich from here. The computation itself lives in
`stiplan.engine.tasks`. Every output prints the date it judges on.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from stiplan import lang as L
from stiplan.engine.tasks import TALLY_KEYS, AgencyTally, TaskState
from stiplan.lang import Lang, Term, Words
from stiplan.text import shorten
from stiplan.views.envelope import Envelope, dump
from stiplan.views.i18n import WORDS as SHARED
from stiplan.views.i18n import accountable_text, succession_note
from stiplan.vocabulary import TASK_STATE_CODES, TASK_WORDS

TITLE_WIDTH = 60

WORDS = Words(
    id=Term("TT", "No."),
    task=Term("Nhiệm vụ", "Task"),
    lead=Term("Chủ trì", "Lead"),
    cooperating=Term("Phối hợp", "Cooperating"),
    timeframe=Term("Thời gian", "Timeframe"),
    status=Term("Tình trạng", "Status"),
    agency=Term("Cơ quan", "Agency"),
    role=Term("Vai trò", "Role"),
    yearly=Term("Hằng năm", "yearly"),
    as_of=Term("tính đến {date}", "as of {date}"),
    summary=Term(
        "{n} nhiệm vụ: {late} trễ hạn, {missing} thiếu báo cáo, tính đến {date}",
        "{n} tasks: {late} late, {missing} with missing reports, as of {date}",
    ),
    agencies_summary=Term("{n} cơ quan, {k} nhiệm vụ, tính đến {date}", "{n} agencies, {k} tasks, as of {date}"),
    rules=Term(
        "Thiếu báo cáo: năm đã hết kỳ báo cáo mà chưa có báo cáo. Trễ hạn: đã báo cáo, chưa hoàn thành, đã quá năm kết thúc.",
        "Missing reports: years whose reporting period has closed with no report. Late: reported, not done, past its end.",
    ),
    shown_under=Term("nhiệm vụ của {old} được tính cho {text}", "tasks of {old} are shown under {text}"),
    none=Term("Không có nhiệm vụ nào khớp với điều kiện lọc.", "No task matches the filters."),
    no_tasks=Term("Kế hoạch không giao nhiệm vụ nào (không có danh mục nhiệm vụ).", "The plan lists no tasks."),
    reported_in=Term("{state} ({year})", "{state} ({year})"),
)


def no_tasks(lang: Lang) -> str:
    """What `tasks` says of a plan that assigns none (no tasks.yaml, or an empty list)."""
    return _w("no_tasks", lang)


def _w(key: str, lang: Lang, **params: object) -> str:
    return WORDS.pick(key, lang, **params)


def as_of_text(day: dt.date, lang: Lang) -> str:
    """'tính đến 14/12/2026' / 'as of 14 December 2026': the one judging date, printed."""
    return _w("as_of", lang, date=L.date(day, lang))


def succession_notices(states: list[TaskState], agency: str, names: Mapping[str, str], lang: Lang) -> list[str]:
    """For `--agency`: each agency the plan names, on the asked agency's chain, whose tasks are
    now answered for by a successor ("tasks of a merged department are shown under the one that absorbed it (…)")."""
    seen: dict[str, str] = {}
    for s in states:
        for acc in (s.lead_now, *s.cooperating_now):
            if agency in acc.chain and acc.hops and acc.original not in seen:
                seen[acc.original] = _w(
                    "shown_under",
                    lang,
                    old=names.get(acc.original, acc.original),
                    text=accountable_text(acc, names, lang),
                )
    return list(seen.values())


def status_text(s: TaskState, lang: Lang) -> str:
    """The headline state: the latest reported status with its year, or 'no report'."""
    if s.status is None:
        return TASK_WORDS.pick("no_report", lang)
    return _w("reported_in", lang, state=TASK_WORDS.pick(s.status, lang), year=s.status_year)


def missing_text(s: TaskState) -> str:
    return year_runs(s.missing_years)


def late_text(s: TaskState, lang: Lang) -> str:
    return TASK_WORDS.pick("late", lang) if s.late else ""


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


def summary_text(states: list[TaskState], day: dt.date, lang: Lang) -> str:
    return _w(
        "summary",
        lang,
        n=len(states),
        late=sum(s.late for s in states),
        missing=sum(s.no_report for s in states),
        date=L.date(day, lang),
    )


def states_json(states: list[TaskState], names: Mapping[str, str], envelope: Envelope, lang: Lang = "vi") -> str:
    body = {
        "count": len(states),
        "late": sum(s.late for s in states),
        "no_report": sum(s.no_report for s in states),
        "tasks": [state_to_dict(s, names, lang) for s in states],
    }
    return dump(envelope, body)


CSV_COLUMNS = (
    "id",
    "part",
    "group",
    "title",
    "lead",
    "accountable",
    "accountable_name",
    "cooperating",
    "timeframe",
    "start",
    "end",
    "yearly",
    "state",
    "status_year",
    "missing_years",
    "late",
    "as_of",
)


def write_states_csv(
    states: list[TaskState], names: Mapping[str, str], day: dt.date, lang: Lang, out: TextIO | None = None
) -> None:
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in states:
        t = s.task
        writer.writerow(
            [
                t.id,
                t.part,
                t.group,
                s.task.title.pick(lang),
                s.lead,
                s.accountable,
                accountable_text(s.lead_now, names, lang),
                ";".join(c.agency for c in s.cooperating_now),
                t.timeframe.text,
                t.timeframe.start if t.timeframe.start is not None else "",
                s.end,
                str(t.timeframe.yearly).lower(),
                s.state,
                s.status_year or "",
                ";".join(str(y) for y in s.missing_years),
                str(s.late).lower(),
                day.isoformat(),
            ]
        )


def print_states(
    console: Console,
    states: list[TaskState],
    names: Mapping[str, str],
    day: dt.date,
    lang: Lang,
    *,
    limit: int | None = None,
) -> None:
    """The task table; past `limit` rows it stops and says how many it left out (the caption
    still counts them all)."""
    if not states:
        console.print(Text(_w("none", lang) + " (" + as_of_text(day, lang) + ")"))
        return
    table = Table(caption=Text(summary_text(states, day, lang) + "\n" + _w("rules", lang)), show_lines=False)
    columns: tuple[tuple[str, str, dict[str, Any]], ...] = (
        ("id", _w("id", lang), {"justify": "right", "no_wrap": True}),
        ("task", _w("task", lang), {"ratio": 3}),
        ("lead", _w("lead", lang), {"ratio": 2}),
        ("timeframe", _w("timeframe", lang), {}),
        ("status", _w("status", lang), {}),
        ("missing", TASK_WORDS.pick("missing", lang), {}),
        ("late", TASK_WORDS.pick("late", lang), {}),
    )
    for _key, head, kw in columns:
        table.add_column(Text(head), **kw)
    for s in states[:limit]:
        table.add_row(
            Text(str(s.task.id)),
            Text(shorten(s.task.title.pick(lang), TITLE_WIDTH)),
            Text(accountable_text(s.lead_now, names, lang)),
            Text(timeframe_text(s, lang)),
            Text(status_text(s, lang)),
            Text(missing_text(s), style="yellow" if s.no_report else ""),
            Text(late_text(s, lang), style="bold red" if s.late else ""),
        )
    console.print(table)
    if limit is not None and len(states) > limit:
        console.print(Text(SHARED.pick("rows_left_out", lang, n=len(states) - limit), style="dim"))


def _succeeded(t: AgencyTally, names: Mapping[str, str], lang: Lang) -> list[str]:
    return [accountable_text(acc, names, lang) for acc in t.succeeded.values()]


def tallies_json(
    tallies: list[AgencyTally], names: Mapping[str, str], envelope: Envelope, n_tasks: int, lang: Lang
) -> str:
    body = {
        "tasks": n_tasks,
        "agencies": [
            {
                "id": t.agency,
                "name": names.get(t.agency),
                "succeeded": [
                    {
                        "agency": acc.original,
                        "chain": list(acc.chain),
                        "text": accountable_text(acc, names, lang),
                        "dates": [h.date.isoformat() for h in acc.hops],
                        "confirmed": all(h.confirmed for h in acc.hops),
                    }
                    for acc in t.succeeded.values()
                ],
                "lead": t.lead.to_dict(),
                "cooperating": t.cooperating.to_dict(),
            }
            for t in tallies
        ],
    }
    return dump(envelope, body)


def write_tallies_csv(
    tallies: list[AgencyTally], names: Mapping[str, str], day: dt.date, lang: Lang, out: TextIO | None = None
) -> None:
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(
        ["agency", "name", "succeeded"]
        + [f"lead_{k}" for k in TALLY_KEYS]
        + [f"cooperating_{k}" for k in TALLY_KEYS]
        + ["as_of"]
    )
    for t in tallies:
        lead, coop = t.lead.to_dict(), t.cooperating.to_dict()
        writer.writerow(
            [t.agency, names.get(t.agency, ""), "; ".join(_succeeded(t, names, lang))]
            + [lead[k] for k in TALLY_KEYS]
            + [coop[k] for k in TALLY_KEYS]
            + [day.isoformat()]
        )


TALLY_SHOWN = (*TASK_STATE_CODES, "missing", "late")


def print_tallies(
    console: Console, tallies: list[AgencyTally], names: Mapping[str, str], day: dt.date, n_tasks: int, lang: Lang
) -> None:
    if not tallies:
        console.print(Text(_w("none", lang) + " (" + as_of_text(day, lang) + ")"))
        return
    caption = _w("agencies_summary", lang, n=len(tallies), k=n_tasks, date=L.date(day, lang))
    table = Table(caption=Text(caption + "\n" + _w("rules", lang)))
    table.add_column(Text(_w("agency", lang)), ratio=2)
    table.add_column(Text(_w("role", lang)))
    for k in TALLY_SHOWN:
        table.add_column(Text(TASK_WORDS.pick(k, lang)), justify="right")
    for t in tallies:
        agency = names.get(t.agency, t.agency)
        if t.succeeded:
            agency += " (" + "; ".join(succession_note(acc, names, lang) for acc in t.succeeded.values()) + ")"
        for n, role in enumerate(("lead", "cooperating")):
            tally = getattr(t, role)
            cells = [Text(agency if n == 0 else ""), Text(_w(role, lang))]
            for k in TALLY_SHOWN:
                v = getattr(tally, k)
                style = "bold red" if k == "late" and v else "yellow" if k == "missing" and v else ""
                cells.append(Text(str(v), style=style))
            table.add_row(*cells, end_section=n == 1)
    console.print(table)


# --- output helpers ------------------------------------------------------------------------


def state_to_dict(s: TaskState, names: Mapping[str, str] | None = None, lang: Lang = "vi") -> dict[str, object]:
    """A task's state for JSON: whole title, the inputs of every verdict included."""
    t = s.task
    names = names or {}
    return {
        "id": t.id,
        "part": t.part,
        "group": t.group,
        "title": {"vi": t.title.vi, "en": t.title.en},
        "lead": s.lead,
        "lead_name": names.get(s.lead),
        "accountable": s.accountable,
        "accountable_name": names.get(s.accountable),
        "accountable_text": accountable_text(s.lead_now, names, lang),
        "successions": [
            {
                "from": h.source,
                "to": h.to,
                "date": h.date.isoformat(),
                "extent": h.extent,
                "others": list(h.others),
                "confirmed": h.confirmed,
            }
            for h in s.lead_now.hops
        ],
        "cooperating": list(s.cooperating),
        "cooperating_accountable": [c.agency for c in s.cooperating_now],
        "timeframe": {
            "text": t.timeframe.text,
            "start": t.timeframe.start,
            "end": t.timeframe.end,
            "yearly": t.timeframe.yearly,
        },
        "due_end": s.end,
        "state": s.state,
        "status": s.status,
        "reported": s.reported,
        "status_year": s.status_year,
        "status_source": s.report.source if s.report else None,
        "status_date": s.report.date.isoformat() if s.report and s.report.date else None,
        "missing_years": list(s.missing_years),
        "late": s.late,
    }
