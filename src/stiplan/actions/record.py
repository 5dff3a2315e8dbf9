"""`stiplan record` and `stiplan task update`: one indicator's figure or one task's report for a
year, added, replaced or removed in `actuals/YEAR.yaml` through the one write path (`writing`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from stiplan import problems as P
from stiplan.actions.writing import Subject, WriteResult, actuals_path, check, edit_actuals
from stiplan.lang import Term
from stiplan.store import reading
from stiplan.store import yamledit as editing
from stiplan.store.dataset import Dataset

PROVENANCE = ("reported_by", "form")
"""Who reported an entry and on which form: kept when the entry is replaced by hand (a form's
answer corrected with `record --replace` still came from that agency's form)."""

Splice = Callable[[str, bool], editing.Edit]


def keeping_provenance(fields: dict[str, object]) -> Callable[[Splice], Splice]:
    """A splice that, when it replaces an entry, first copies the entry's provenance into
    `fields` (the dict the write path reports changes against), unless `fields` give their own."""

    def wrap(splice: Splice) -> Splice:
        def replacing(text: str, do_replace: bool) -> editing.Edit:
            if do_replace:
                try:
                    splice(text, False)
                except editing.EditConflict as exc:
                    for key in PROVENANCE:
                        if fields.get(key) is None and exc.existing.get(key) is not None:
                            fields[key] = exc.existing[key]
            return splice(text, do_replace)

        return replacing

    return wrap


def record_actual(
    root: Path,
    indicator: str,
    year: int,
    value: int | float,
    *,
    source: str | None,
    of: int | None = None,
    scope: str | None = None,
    frame: str | None = None,
    note: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    strict: bool = False,
    allow_year: bool = False,
) -> WriteResult:
    """Add or replace one indicator's figure of one scope in `actuals/YEAR.yaml` (created if needed).

    `scope` may be a scope's id, name or alias, matched accent-insensitively; a text that
    matches no scope is refused with the known scopes. The figures of other scopes in the same
    year are left as they are.
    """
    ds = check(root, {}).dataset
    default_scope = None
    if ds is not None:
        if scope is not None:
            resolved = ds.scope_named(scope)
            if resolved is None:
                path = actuals_path(root, year)
                subject = Subject("indicator", year, indicator)
                result = WriteResult(path=path, display=reading.display_path(path), subject=subject)
                known = "; ".join(f"{s.id} ({s.name.vi})" for s in ds.plan().scopes)
                result.problems = [
                    P.UnknownScope.at(
                        "--scope", id=scope, hint=Term(f"các phạm vi đã biết: {known}", f"known scopes: {known}")
                    )
                ]
                result.refused = P.Refusal("no_scope_matches")
                return result
            scope = resolved
        ind = ds.indicator(indicator)
        default_scope = ds.own_scope(ind) if ind is not None else ds.plan().jurisdiction
    fields: dict[str, object] = {
        "value": value,
        "of": of,
        "source": source,
        "scope": scope,
        "frame": frame,
        "note": note,
    }

    @keeping_provenance(fields)
    def splice(text: str, do_replace: bool) -> editing.Edit:
        return editing.set_indicator_actual(text, indicator, fields, replace=do_replace, default_scope=default_scope)

    subject = Subject("indicator", year, indicator, scope)
    return edit_actuals(root, year, subject, fields, splice, replace, dry_run, strict, allow_year, before=ds)


def task_entry_key(root: Path, task_id: int, year: int, plan: str | None) -> int | str:
    """The key of a plan's task report in `year`'s file (`Dataset.report_key`): the plan named
    (UnknownPlan, with the ids, when the folder holds none of that id), else the only plan
    that lists tasks (SeveralPlans, listing them, when several do). Data that does not load
    keeps the bare number: the write path then refuses it with the data's problems."""
    return _entry_key(check(root, {}).dataset, task_id, year, plan)


def _entry_key(ds: Dataset | None, task_id: int, year: int, plan: str | None) -> int | str:
    if ds is None:
        return task_id
    return ds.report_key(ds.tasks_plan(plan), task_id, year)


def update_task(
    root: Path,
    task_id: int,
    year: int,
    status: str,
    *,
    plan: str | None = None,
    source: str | None,
    date: dt.date | None = None,
    note: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    strict: bool = False,
    allow_year: bool = False,
) -> WriteResult:
    """Record a task's status for a year in `actuals/YEAR.yaml` (created if needed), as a
    report of `plan`'s task (`task_entry_key`)."""
    ds = check(root, {}).dataset
    key = _entry_key(ds, task_id, year, plan)
    fields: dict[str, object] = {
        "status": status,
        "source": source,
        "date": date.isoformat() if date is not None else None,
        "note": note,
    }

    @keeping_provenance(fields)
    def splice(text: str, do_replace: bool) -> editing.Edit:
        return editing.set_task_status(text, key, fields, replace=do_replace)

    subject = Subject("task", year, key)
    return edit_actuals(root, year, subject, fields, splice, replace, dry_run, strict, allow_year, before=ds)


def remove_entry(
    root: Path, section: str, entry_id: str | int, year: int, *, dry_run: bool = False, strict: bool = False
) -> WriteResult:
    """Remove an indicator's actual (`section` 'indicators') or a task's status ('tasks') for
    a year, on the same guarded path as every write: only the entry's lines go."""
    subject = Subject("indicator" if section == "indicators" else "task", year, entry_id)
    path = actuals_path(root, year)
    if not path.exists():
        display = reading.display_path(path)
        return WriteResult(
            path=path, display=display, subject=subject, refused=P.Refusal("no_such_file", {"path": display})
        )

    def splice(text: str, _replace: bool) -> editing.Edit:
        return editing.remove_entry(text, section, entry_id)

    result = edit_actuals(root, year, subject, {}, splice, True, dry_run, strict, allow_year=True)
    result.replaced, result.removed = False, result.ok
    return result
