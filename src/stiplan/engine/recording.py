"""Record a year's figures and task statuses: edits that are checked before they are written.

Every operation follows one path, so no write can skip a guard:

1. read the actuals file's bytes (and their sha256) — or start from a small new file;
2. splice the change into the text (`yamledit`: untouched lines stay byte-identical; a
   replaced entry keeps the lines of the fields it does not change, `fieldchanges`);
3. check the whole data folder *as it would be* with the same function `validate` runs
   (`loading.load_dataset(root, overrides={path: new_text})`); an error refuses the write
   (a warning too, with `strict`);
4. write atomically (`files.atomic_write`), only if the file still has the digest read
   in step 1.

Nothing is raised for bad input: each operation returns a `WriteResult` saying what was
written, what it replaced, the diff, the problems of the new state, or why it refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stiplan import problems as P
from stiplan.engine import loading
from stiplan.engine.fieldchanges import Change, changed_fields, keep_unchanged_lines, same_fields
from stiplan.models import Plan
from stiplan.problems import Problem, has_errors
from stiplan.store import files, reading
from stiplan.store import yamledit as editing
from stiplan.store.yearform import new_actuals_text

TITLE_WIDTH = 80
"""New-year forms shorten task titles in their comments to about this many characters."""


@dataclass
class WriteResult:
    """What an edit did, or why it did nothing."""

    path: Path
    display: str
    """The path as the user would type it."""
    what: str
    """'indicator dti_rank, 2022' / 'task 12, 2025' / 'the 2026 form'."""
    old_text: str | None = None
    new_text: str | None = None
    created: bool = False
    replaced: bool = False
    removed: bool = False
    changes: list[Change] = field(default_factory=list)
    diff: str = ""
    problems: list[Problem] = field(default_factory=list)
    """Problems of the data as it would be after the edit (warnings, or what refused it)."""
    written: bool = False
    unchanged: bool = False
    """The file already holds exactly this; nothing needed writing."""
    refused: str | None = None
    """Why nothing was written; None when the edit was written (or only previewed)."""

    @property
    def ok(self) -> bool:
        return self.refused is None


def actuals_path(root: Path, year: int) -> Path:
    return Path(root) / "actuals" / f"{year}.yaml"


def blank_actuals_text(year: int) -> str:
    """A new actuals file before its first entry, in the layout of the shipped ones."""
    return f"# Actual values for {year}, each with its source.\nyear: {year}\nindicators: {{}}\ntasks: {{}}\n"


SCHEMA_COMMENT = "# yaml-language-server:"


def with_schema_line(root: Path, text: str) -> str:
    """Give a new actuals file the editor's schema line its siblings carry, if they do.

    Copied from the latest existing actuals file rather than invented, so a data folder laid
    out differently (or without schemas) keeps its own convention.
    """
    folder = Path(root) / "actuals"
    siblings = sorted(folder.glob("[0-9][0-9][0-9][0-9].yaml")) if folder.is_dir() else []
    for sibling in reversed(siblings):
        with sibling.open(encoding="utf-8", errors="replace") as fh:
            first = fh.readline().rstrip("\r\n")
        if first.startswith(SCHEMA_COMMENT):
            return first + "\n" + text
    return text


def parse_value(text: str) -> int | float:
    """A figure as typed: '18' → 18, '22.87' → 22.87, and the Vietnamese '22,87' → 22.87.

    Raises ValueError for anything else (thousands separators are refused, since '1.234'
    would be ambiguous between the two styles).
    """
    raw = text.strip()
    if re.fullmatch(r"[+-]?\d+", raw):
        return int(raw)
    if re.fullmatch(r"[+-]?\d+,\d+", raw):
        raw = raw.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", raw):
        raise ValueError(f"{text!r} is not a number (write 22.87 or 22,87)")
    value = float(raw)
    return int(value) if value.is_integer() and "." not in raw and "e" not in raw.lower() else value


def parse_date(text: str) -> dt.date:
    """'2025-03-01' (ISO) or the Vietnamese '1/3/2025' (day/month/year). Raises ValueError."""
    raw = text.strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(raw)


# --- operations ----------------------------------------------------------------------------


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
    matches no scope is kept as typed, so that the check reports it with the known scopes.
    The figures of other scopes in the same year are left as they are.
    """
    loaded = _validate(root, {})
    ds = loaded.dataset
    default_scope = None
    if ds is not None:
        if scope is not None:
            resolved = resolve_scope(ds, scope)
            if resolved is None:
                path = actuals_path(root, year)
                result = WriteResult(path=path, display=reading.display_path(path), what=f"indicator {indicator}")
                known = "; ".join(f"{s.id} ({s.name.vi})" for s in ds.targets.plan.scopes)
                result.problems = [P.UnknownScope.at("--scope", id=scope, hint=f"known scopes: {known}")]
                result.refused = "no scope matches --scope; nothing was written"
                return result
            scope = resolved
        ind = next((i for i in ds.targets.indicators if i.id == indicator), None)
        default_scope = (ind.scope if ind else None) or ds.targets.plan.jurisdiction
    fields = {"value": value, "of": of, "source": source, "scope": scope, "frame": frame, "note": note}

    def splice(text: str, do_replace: bool) -> editing.Edit:
        return editing.set_indicator_actual(text, indicator, fields, replace=do_replace, default_scope=default_scope)

    what = f"indicator {indicator}, {year}" + (f", scope {scope}" if scope else "")
    return _edit(root, year, what, fields, splice, replace, dry_run, strict, allow_year)


def resolve_scope(ds: reading.Dataset, text: str) -> str | None:
    """The scope a user means by an id, a name or an alias (accents and case ignored), if one."""
    from stiplan.engine.agencies import normalise

    query = normalise(text)
    hits = {
        s.id
        for s in ds.targets.plan.scopes
        if query in {normalise(n) for n in (s.id, s.name.vi, s.name.en, *s.aliases)}
    }
    return hits.pop() if len(hits) == 1 else None


def update_task(
    root: Path,
    task_id: int,
    year: int,
    status: str,
    *,
    source: str | None,
    date: dt.date | None = None,
    note: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    strict: bool = False,
    allow_year: bool = False,
) -> WriteResult:
    """Record a task's status for a year in `actuals/YEAR.yaml` (created if needed)."""
    fields = {
        "status": status,
        "source": source,
        "date": date.isoformat() if date is not None else None,
        "note": note,
    }

    def splice(text: str, do_replace: bool) -> editing.Edit:
        return editing.set_task_status(text, task_id, fields, replace=do_replace)

    return _edit(root, year, f"task {task_id}, {year}", fields, splice, replace, dry_run, strict, allow_year)


def remove_entry(
    root: Path, section: str, entry_id: str | int, year: int, *, dry_run: bool = False, strict: bool = False
) -> WriteResult:
    """Remove an indicator's actual (`section` 'indicators') or a task's status ('tasks') for
    a year, on the same guarded path as every write: only the entry's lines go."""
    what = f"{'indicator' if section == 'indicators' else 'task'} {entry_id}, {year}"
    path = actuals_path(root, year)
    if not path.exists():
        display = reading.display_path(path)
        return WriteResult(path=path, display=display, what=what, refused=f"{display} does not exist")

    def splice(text: str, _replace: bool) -> editing.Edit:
        return editing.remove_entry(text, section, entry_id)

    result = _edit(root, year, what, {}, splice, True, dry_run, strict, allow_year=True)
    result.replaced, result.removed = False, result.ok
    return result


def year_range(plan: Plan) -> tuple[int, int]:
    """The years a figure or task report may be for without --allow-year: from ten years
    before the plan starts (baselines and context) to its last year."""
    return plan.period.start - 10, plan.period.end


def new_year(
    root: Path, year: int, *, dry_run: bool = False, strict: bool = False, allow_year: bool = False
) -> WriteResult:
    """Create `actuals/YEAR.yaml` as a form: every indicator and every task still to report
    for YEAR, as commented stanzas to uncomment and fill in.

    A task is still to report unless its latest status (in files before YEAR) is
    `cancelled`; a yearly task is listed for each year it runs; a one-off task is listed
    from its start year until it is reported `done`.
    """
    path = actuals_path(root, year)
    result = WriteResult(path=path, display=reading.display_path(path), what=f"the {year} form")
    if path.exists():
        result.refused = f"{result.display} already exists; record values in it with 'stiplan record'"
        return result
    loaded = _validate(root, {})
    ds = loaded.dataset
    if ds is None or has_errors(loaded.problems):
        result.problems = loaded.problems
        result.refused = "the data has errors; fix them first (stiplan validate lists them)"
        return result
    indicators = [(i.id, i.name.vi) for i in ds.targets.indicators]
    tasks = [(t.id, _short(t.title.vi)) for t in tasks_to_report(ds, year)]
    from stiplan.engine.checks import scope_required

    end = ds.targets.plan.jurisdiction_end
    scopes = [sc.id for sc in ds.targets.plan.scopes] if end and scope_required(end.date, year) else None
    text = with_schema_line(root, new_actuals_text(year, indicators, tasks, scopes=scopes))
    return _finish(root, result, None, None, text, dry_run, strict, year, allow_year)


def tasks_to_report(ds: reading.Dataset, year: int) -> list:
    """The tasks a `year` form lists (see `new_year`), in the plan's order."""
    if ds.tasks is None:
        return []
    plan_end = ds.targets.plan.period.end
    out = []
    for task in ds.tasks.tasks:
        reports = {y: a.tasks[task.id] for y, a in ds.actuals.items() if y < year and task.id in a.tasks}
        latest = reports[max(reports)].status if reports else None
        tf = task.timeframe
        if latest == "cancelled" or (tf.start is not None and tf.start > year):
            continue
        if tf.yearly:
            if year <= (tf.end if tf.end is not None else plan_end):
                out.append(task)
        elif latest != "done":
            out.append(task)
    return out


# --- the one write path --------------------------------------------------------------------


def _edit(
    root: Path,
    year: int,
    what: str,
    fields: Mapping[str, object],
    splice: Callable[[str, bool], editing.Edit],
    replace: bool,
    dry_run: bool,
    strict: bool,
    allow_year: bool,
) -> WriteResult:
    path = actuals_path(root, year)
    result = WriteResult(path=path, display=reading.display_path(path), what=what)
    from stiplan.store.safefile import UnsafeFile, read_regular
    from stiplan.store.yamlread import MAX_BYTES

    try:
        raw = read_regular(path, MAX_BYTES, root=root)
    except UnsafeFile as exc:
        if exc.reason != UnsafeFile.MISSING:
            result.refused = f"cannot read {result.display}: {exc.detail}"
            return result
        raw = None
    if raw is None:
        old_text, expected, base = None, None, with_schema_line(root, blank_actuals_text(year))
    else:
        try:
            old_text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            result.refused = f"{result.display} is not UTF-8 (byte {exc.start}); fix it first"
            return result
        expected, base = files.digest(raw), old_text
        if old_text.startswith("\ufeff"):
            result.refused = f"{result.display} starts with a byte-order mark; remove it first"
            return result
    try:
        try:
            edit = splice(base, False)
        except editing.EditConflict as exc:
            wanted = {k: v for k, v in fields.items() if v is not None}
            if same_fields(exc.existing, wanted):  # already recorded: leave the file alone
                result.old_text = result.new_text = old_text
                result.unchanged = True
                return result
            result.changes = changed_fields(exc.existing, fields)
            if not replace:
                result.refused = f"{what} is already recorded in {result.display}; pass --replace to overwrite it"
                return result
            edit = splice(base, True)
    except files.EditError as exc:
        result.refused = f"cannot edit {result.display}: {exc}"
        return result
    if edit.old is not None and any(v not in (None, "") for v in edit.old.values()):
        result.replaced = True
        result.changes = changed_fields(edit.old, fields)
    new_text = keep_unchanged_lines(base, edit.text)
    return _finish(root, result, old_text, expected, new_text, dry_run, strict, year, allow_year)


def _finish(
    root: Path,
    result: WriteResult,
    old_text: str | None,
    expected: str | None,
    new_text: str,
    dry_run: bool,
    strict: bool,
    year: int,
    allow_year: bool,
) -> WriteResult:
    """Check the new state, then preview or write it (the steps 3 and 4 of the docstring)."""
    result.old_text, result.new_text = old_text, new_text
    result.created = old_text is None
    result.diff = files.unified_diff(old_text or "", new_text, result.display)
    if old_text == new_text:
        result.unchanged = True
        return result
    loaded = _validate(root, {result.path: new_text})
    result.problems = loaded.problems
    if loaded.dataset is None or has_errors(loaded.problems, strict=strict):
        result.refused = "the data would not be valid after this change; nothing was written"
        return result
    first, last = year_range(loaded.dataset.targets.plan)
    if not allow_year and not first <= year <= last:
        result.refused = (
            f"{year} is outside the plan's years ({first}–{last}); a typo? "
            "pass --allow-year if the figure really is for that year"
        )
        return result
    if dry_run:
        return result
    try:
        result.path.parent.mkdir(parents=True, exist_ok=True)
        files.atomic_write(result.path, new_text.encode("utf-8"), expected_digest=expected, inside=root)
    except (files.ConcurrentModification, files.OutsideFolder) as exc:
        result.refused = str(exc)
        return result
    except OSError as exc:
        result.refused = f"could not write {result.display}: {exc.strerror or exc}; the file is unchanged"
        return result
    result.written = True
    return result


def _validate(root: Path, overrides: Mapping[Path, str]) -> reading.LoadResult:
    """The same load-and-check that `stiplan validate` runs, on the data as it would be."""
    return loading.load_dataset(Path(root), overrides=overrides)


def _short(title: str) -> str:
    from stiplan.text import shorten

    return shorten(title, TITLE_WIDTH)


__all__: Sequence[str] = (
    "WriteResult",
    "actuals_path",
    "blank_actuals_text",
    "new_year",
    "parse_date",
    "parse_value",
    "record_actual",
    "remove_entry",
    "tasks_to_report",
    "update_task",
    "year_range",
)
