"""The roll-up of several plans: a text table (one row per plan, status counts per milestone),
JSON and CSV (one row per plan, indicator and milestone). Data strings reach rich as Text only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from stiplan.engine.rollup import PlanRollup
from stiplan.lang import Lang, Term, Words
from stiplan.views.envelope import Envelope, dump
from stiplan.views.i18n import WORDS as SHARED
from stiplan.views.status import status_text
from stiplan.vocabulary import STATUSES

WORDS = Words(
    plan=Term("Kế hoạch", "Plan"),
    indicators=Term("Số chỉ tiêu", "Indicators"),
    errors=Term("lỗi: {n}", "errors: {n}"),
    summary=Term("{n} kế hoạch, {k} có lỗi", "{n} plans, {k} with errors"),
    how_to_fix=Term("; stiplan validate --data THƯ_MỤC liệt kê các lỗi", "; stiplan validate --data DIR lists them"),
    no_target=Term("không có chỉ tiêu cho mốc này", "no target at this milestone"),
)
CSV_COLUMNS = ("plan", "decision", "data", "indicator", "unit", "milestone", "status", "latest_year", "latest_value")


def _w(key: str, lang: Lang) -> str:
    return WORDS.pick(key, lang)


def milestones_of(plans: Sequence[PlanRollup], only: int | None = None) -> list[int]:
    """Every milestone any plan has (or just `only`), in order."""
    years = sorted({y for p in plans for y in p.milestones})
    return [y for y in years if only is None or y == only]


def _title(plan: PlanRollup) -> Text:
    """The plan's id and decision number: its title is a sentence, too long for a table of many plans."""
    if plan.dataset is None:
        return Text(plan.display)
    meta = plan.dataset.plan()
    text = Text(meta.id)
    text.append(f"\n{meta.decision}", style="dim")
    return text


def _counts_cell(plan: PlanRollup, year: int, lang: Lang) -> Text:
    counts = plan.counts(year)
    if not counts:
        return Text(_w("no_target", lang), style="dim")
    cell = Text()
    for s in STATUSES:
        if counts[s]:
            if cell:
                cell.append("\n")
            cell.append(f"{counts[s]} ")
            cell.append_text(status_text(s, lang))
    return cell


def print_rollup(
    console: Console, plans: Sequence[PlanRollup], milestones: Sequence[int], *, lang: Lang, as_of: int
) -> None:
    table = Table(show_lines=True, pad_edge=False)
    table.add_column(Text(_w("plan", lang)), ratio=3, overflow="fold")
    table.add_column(Text(SHARED.pick("data", lang)), ratio=2, overflow="fold")
    table.add_column(Text(_w("indicators", lang)), justify="right")
    for year in milestones:
        table.add_column(Text(f"{SHARED.pick('milestone', lang)} {year}"), ratio=2)
    for plan in plans:
        if not plan.ok:
            failed = Text(_w("errors", lang).format(n=plan.errors), style="bold red")
            table.add_row(_title(plan), Text(plan.display), Text("—"), failed, *([Text("")] * (len(milestones) - 1)))
            continue
        table.add_row(
            _title(plan),
            Text(plan.display),
            Text(str(len(plan.statuses))),
            *(_counts_cell(plan, y, lang) for y in milestones),
        )
    bad = sum(not p.ok for p in plans)
    footer = Text(
        _w("summary", lang).format(n=len(plans), k=bad) + (_w("how_to_fix", lang) if bad else ""), style="dim"
    )
    footer.append(f" · {SHARED.pick('as_of', lang)} {as_of}", style="dim")
    console.print(Group(table, footer))


def _rows(plans: Sequence[PlanRollup], milestones: Sequence[int]) -> list[dict[str, object]]:
    rows = []
    for plan in plans:
        if not plan.ok or plan.dataset is None:
            continue
        meta = plan.dataset.plan()
        for st in plan.statuses:
            for m in st.milestones:
                if m.target.year not in milestones:
                    continue
                latest = m.assessment.latest
                rows.append(
                    {
                        "plan": meta.id,
                        "decision": meta.decision,
                        "data": plan.display,
                        "indicator": st.indicator.id,
                        "unit": st.indicator.unit,
                        "milestone": m.target.year,
                        "status": m.assessment.status,
                        "latest_year": latest.year if latest else None,
                        "latest_value": latest.value if latest else None,
                    }
                )
    return rows


def as_csv(plans: Sequence[PlanRollup], milestones: Sequence[int]) -> str:
    """One row per plan, indicator and milestone (plans with errors have none: see stderr)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _rows(plans, milestones):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def as_json(plans: Sequence[PlanRollup], milestones: Sequence[int], envelope: Envelope) -> str:
    body = {
        "milestones": list(milestones),
        "plans": [
            {
                "data": plan.display,
                "plan": plan.dataset.plan().id if plan.dataset else None,
                "decision": plan.dataset.plan().decision if plan.dataset else None,
                "ok": plan.ok,
                "errors": plan.errors,
                "problems": [p.to_dict() for p in plan.problems],
                "summary": {str(y): dict(plan.counts(y)) for y in milestones if y in plan.milestones},
                "indicators": [
                    {
                        "id": st.indicator.id,
                        "milestones": {
                            str(m.target.year): m.assessment.status
                            for m in st.milestones
                            if m.target.year in milestones
                        },
                    }
                    for st in plan.statuses
                ],
            }
            for plan in plans
        ],
    }
    return dump(envelope, body)
