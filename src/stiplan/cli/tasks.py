"""`stiplan tasks`: the plan's tasks with their latest status, who leads them, and who is late."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from stiplan.cli.app import EXIT_USAGE, DataOpt, Lang, LangOpt, app, load_or_exit

if TYPE_CHECKING:
    import datetime as dt

    from stiplan.loading import Dataset
    from stiplan.tasks import AgencyTally, TaskState

TITLE_WIDTH = 60


class TaskFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class RoleChoice(str, Enum):
    lead = "lead"
    cooperating = "cooperating"
    any = "any"


class ByChoice(str, Enum):
    agency = "agency"


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


def _w(key: str, lang: str) -> str:
    return WORDS[key][lang]


def _parse_as_of(value: str | None) -> dt.date:
    import datetime as dt

    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2026-01-31", param_hint="--as-of") from None


def _resolve_agency(ds: Dataset, query: str) -> str:
    from stiplan.tasks import find_agencies, suggest_agencies

    agencies = ds.agencies.agencies if ds.agencies else []
    found = find_agencies(agencies, query)
    if len(found) == 1:
        return found[0].id
    if found:
        listed = ", ".join(f"{a.id} ({a.name.vi})" for a in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise typer.BadParameter(f"{query!r} names more than one agency: {listed}{more}; be more specific", param_hint="--agency")
    close = suggest_agencies(agencies, query)
    hint = "; did you mean " + ", ".join(f"{a.id} ({a.name.vi})" for a in close) + "?" if close else ""
    raise typer.BadParameter(f"no agency is called {query!r}{hint}", param_hint="--agency")


@app.command("tasks")
def tasks_command(
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
    as_of: Annotated[
        Optional[str], typer.Option("--as-of", help="Judge overdue as of this date (YYYY-MM-DD). Default: today.", show_default=False)
    ] = None,
    agency: Annotated[
        Optional[str],
        typer.Option("--agency", "-a", help="Only tasks of this agency: id, name or any spelling, accents and case ignored.", show_default=False),
    ] = None,
    role: Annotated[RoleChoice, typer.Option("--role", help="With --agency: as lead, as cooperating agency, or either.")] = RoleChoice.any,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue tasks.")] = False,
    due: Annotated[
        Optional[int], typer.Option("--due", help="Only tasks due in this year (yearly tasks: every year they run).", show_default=False)
    ] = None,
    status: Annotated[
        Optional[str],
        typer.Option("--status", help="Only tasks whose latest status is this: not_started, in_progress, done, cancelled.", show_default=False),
    ] = None,
    part: Annotated[Optional[str], typer.Option("--part", help="Only tasks of this part of the appendix (A or B).", show_default=False)] = None,
    group: Annotated[Optional[str], typer.Option("--group", help="Only tasks of this group (I, II, III ...).", show_default=False)] = None,
    by: Annotated[
        Optional[ByChoice], typer.Option("--by", help="agency: per agency, counts as lead and as cooperating agency, most overdue first.", show_default=False)
    ] = None,
    format: Annotated[TaskFormat, typer.Option("--format", "-f", help="table, json or csv.")] = TaskFormat.table,
) -> None:
    """List the plan's tasks: lead agency, timeframe, latest status, overdue or not.

    A one-off task is overdue once its end year has passed without 'done'; a yearly task
    is overdue when a past year has no report (or a not_started one); a cancelled task is
    never overdue. With --by agency: who is accountable for what, most overdue first.

    Example: stiplan tasks --overdue --by agency
    """
    from stiplan import tasks as T
    from stiplan.models import TASK_STATUSES

    day = _parse_as_of(as_of)
    if status is not None and status not in TASK_STATUSES:
        raise typer.BadParameter(f"{status!r} is not a status; use one of {', '.join(TASK_STATUSES)}", param_hint="--status")
    ds = load_or_exit(data)
    if ds.tasks is None:
        typer.echo("stiplan: this data folder has no tasks.yaml", err=True)
        raise typer.Exit(EXIT_USAGE)
    parts = {p.id.casefold() for p in ds.tasks.parts}
    if part is not None and part.casefold() not in parts:
        raise typer.BadParameter(f"no part {part!r}; the parts are {', '.join(p.id for p in ds.tasks.parts)}", param_hint="--part")
    labels = T.group_labels(ds)
    if group is not None:
        known = {g.id.casefold() for p in ds.tasks.parts for g in p.groups} | {v.casefold() for v in labels.values()}
        if group.casefold() not in known:
            names = sorted({g.id for p in ds.tasks.parts for g in p.groups})
            raise typer.BadParameter(f"no group {group!r}; the groups are {', '.join(names)}", param_hint="--group")
    agency_id = _resolve_agency(ds, agency) if agency is not None else None

    states = T.filter_states(
        T.task_states(ds, day),
        agency=agency_id,
        role=role.value,  # type: ignore[arg-type]
        overdue=overdue,
        due=due,
        status=status,
        part=part,
        group=group,
        groups=labels,
    )
    names = {a.id: (a.name.vi if lang is Lang.vi else a.name.en) for a in (ds.agencies.agencies if ds.agencies else [])}
    if by is ByChoice.agency:
        tallies = T.accountability(states, only=[agency_id] if agency_id else None)
        if agency_id and role is not RoleChoice.any:
            for t in tallies:  # the other role's column would count tasks the filter dropped
                setattr(t, "cooperating" if role is RoleChoice.lead else "lead", T.Tally())
        _emit_tallies(tallies, names, day, len(states), lang.value, format)
    else:
        _emit_states(states, names, day, lang.value, format)


# --- rendering -----------------------------------------------------------------------------


def _status_text(s: TaskState, lang: str) -> str:
    from stiplan.i18n import TASK_STATUS_LABELS, label

    if not s.reported:
        return _w("not_reported", lang)
    return f"{label(TASK_STATUS_LABELS, s.status, lang)} ({s.status_year})"  # type: ignore[arg-type]


def _overdue_text(s: TaskState, lang: str) -> str:
    from stiplan.i18n import TASK_STATUS_LABELS, label

    if not s.overdue:
        return ""
    text = label(TASK_STATUS_LABELS, "overdue", lang)  # type: ignore[arg-type]
    if s.overdue_years:
        text += f" ({_w('yearly_missing', lang)} {_years(s.overdue_years)})"
    return text


def _years(years: tuple[int, ...]) -> str:
    """(2018, 2019, 2020, 2023) → '2018–2020, 2023'."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _timeframe_text(s: TaskState, lang: str) -> str:
    """Compact: '2023', '2021–2025', 'Hằng năm 2018–2030' (the verbatim wording is in JSON)."""
    tf = s.task.timeframe
    if tf.start is None:
        span = str(s.end)
    elif tf.start == s.end:
        span = str(tf.start)
    else:
        span = f"{tf.start}–{s.end}"
    return f"{_w('yearly', lang)} {span}" if tf.yearly else span


def _date_text(day: dt.date, lang: str) -> str:
    return f"{day.day}/{day.month}/{day.year}" if lang == "vi" else day.isoformat()


def _emit_states(states: list[TaskState], names: dict[str, str], day: dt.date, lang: str, format: TaskFormat) -> None:
    from stiplan.tasks import state_to_dict

    if format is TaskFormat.json:
        import json

        body = {
            "as_of": day.isoformat(),
            "count": len(states),
            "overdue": sum(s.overdue for s in states),
            "tasks": [state_to_dict(s, names) for s in states],
        }
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
        return
    if format is TaskFormat.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(
            ["id", "part", "group", "title", "lead", "cooperating", "timeframe", "start", "end", "yearly",
             "status", "reported", "status_year", "overdue", "overdue_years"]
        )
        for s in states:
            t = s.task
            title = t.title.vi if lang == "vi" or not t.title.en else t.title.en
            writer.writerow(
                [t.id, t.part, t.group, title, s.lead, ";".join(s.cooperating), t.timeframe.text,
                 t.timeframe.start if t.timeframe.start is not None else "", s.end, str(t.timeframe.yearly).lower(),
                 s.status, str(s.reported).lower(), s.status_year or "", str(s.overdue).lower(),
                 ";".join(str(y) for y in s.overdue_years)]
            )
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from stiplan.tasks import shorten

    console = Console()
    if not states:
        console.print(Text(_w("none", lang)))
        return
    table = Table(
        caption=Text(_w("summary", lang).format(n=len(states), k=sum(s.overdue for s in states), date=_date_text(day, lang))),
        show_lines=False,
    )
    for key, kw in (("id", {"justify": "right", "no_wrap": True}), ("task", {"ratio": 3}), ("lead", {}), ("timeframe", {}), ("status", {}), ("overdue", {})):
        table.add_column(Text(_w(key, lang)), **kw)  # type: ignore[arg-type]
    for s in states:
        t = s.task
        title = t.title.vi if lang == "vi" or not t.title.en else t.title.en
        table.add_row(
            Text(str(t.id)),
            Text(shorten(title, TITLE_WIDTH)),
            Text(names.get(s.lead, s.lead)),
            Text(_timeframe_text(s, lang)),
            Text(_status_text(s, lang)),
            Text(_overdue_text(s, lang), style="bold red" if s.overdue else ""),
        )
    console.print(table)


def _emit_tallies(
    tallies: list[AgencyTally], names: dict[str, str], day: dt.date, n_tasks: int, lang: str, format: TaskFormat
) -> None:
    keys = ("done", "in_progress", "not_started", "cancelled", "overdue", "total")
    if format is TaskFormat.json:
        import json

        body = {
            "as_of": day.isoformat(),
            "tasks": n_tasks,
            "agencies": [
                {"id": t.agency, "name": names.get(t.agency), "lead": t.lead.to_dict(), "cooperating": t.cooperating.to_dict()}
                for t in tallies
            ],
        }
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
        return
    if format is TaskFormat.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["agency", "name"] + [f"lead_{k}" for k in keys] + [f"cooperating_{k}" for k in keys])
        for t in tallies:
            lead, coop = t.lead.to_dict(), t.cooperating.to_dict()
            writer.writerow([t.agency, names.get(t.agency, "")] + [lead[k] for k in keys] + [coop[k] for k in keys])
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from stiplan.i18n import TASK_STATUS_LABELS, label

    console = Console()
    if not tallies:
        console.print(Text(_w("none", lang)))
        return
    table = Table(
        caption=Text(_w("agencies_summary", lang).format(n=len(tallies), k=n_tasks, date=_date_text(day, lang)))
    )
    table.add_column(Text(_w("agency", lang)))
    table.add_column(Text(_w("role", lang)))
    shown = ("done", "in_progress", "not_started", "overdue")
    for k in shown:
        table.add_column(Text(label(TASK_STATUS_LABELS, k, lang)), justify="right")  # type: ignore[arg-type]
    for t in tallies:
        for n, role in enumerate(("lead", "cooperating")):
            tally = getattr(t, role)
            cells = [Text(names.get(t.agency, t.agency) if n == 0 else ""), Text(_w(role, lang))]
            for k in shown:
                v = getattr(tally, k)
                cells.append(Text(str(v), style="bold red" if k == "overdue" and v else ""))
            table.add_row(*cells, end_section=n == 1)
    console.print(table)
