"""`stiplan new-year`: a fresh `actuals/YEAR.yaml` laid out as a form to fill in."""

from __future__ import annotations

from pathlib import Path

from stiplan.actions.writing import (
    Subject,
    WriteResult,
    actuals_path,
    clean_dataset,
    finish,
    with_schema_line,
)
from stiplan.engine.checks import scope_required
from stiplan.engine.tasks import tasks_to_report
from stiplan.problems import Refusal
from stiplan.store import reading
from stiplan.store.yearform import new_actuals_text
from stiplan.text import shorten

TITLE_WIDTH = 80
"""New-year forms shorten task titles in their comments to about this many characters."""


def new_year(
    root: Path, year: int, *, dry_run: bool = False, strict: bool = False, allow_year: bool = False
) -> WriteResult:
    """Create `actuals/YEAR.yaml` as a form: every indicator and every task still to report
    for YEAR (`engine.tasks.tasks_to_report`), as commented stanzas to uncomment and fill in."""
    path = actuals_path(root, year)
    result = WriteResult(path=path, display=reading.display_path(path), subject=Subject("form", year))
    if path.exists():
        result.refused = Refusal("form_exists", {"path": result.display})
        return result
    ds, result.problems = clean_dataset(root)
    if ds is None:
        result.refused = Refusal("data_has_errors")
        return result
    plan = ds.plan()
    indicators = [(i, ind.name.vi) for i in ds.indicator_ids if (ind := ds.indicator(i)) is not None]
    # Each plan that lists tasks, its reports keyed as `Dataset.report_key` writes them.
    tasks = [
        (ds.report_key(pid, t.id, year), shorten(t.title.vi, TITLE_WIDTH))
        for pid in ds.task_plans
        for t in tasks_to_report(ds.for_plan(pid), year)
    ]
    end = plan.jurisdiction_end
    scopes = [sc.id for sc in plan.scopes] if end and scope_required(end.date, year) else None
    text = with_schema_line(root, new_actuals_text(year, indicators, tasks, scopes=scopes))
    return finish(root, result, None, None, text, dry_run, strict, year, allow_year, before=ds)
