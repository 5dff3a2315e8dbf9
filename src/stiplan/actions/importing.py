"""Import returned forms and CSV files: many entries, one check, then guarded writes.

The steps of the one write path (`writing`), for many entries at once:

1. read every file (`collection_form`, `intake`): each cell checked, each problem located by
   file!sheet!cell;
2. splice every entry into the text of its actuals file (`yamledit`, untouched lines stay
   byte-identical); an entry already recorded with the same fields changes nothing, one
   recorded with other fields is a problem (old → new) unless `replace`;
3. check the whole data folder as it would be (`writing.check`, with overrides);
4. write each changed file atomically, only if it still has the digest read in step 2; then
   append the receipts to the collection log the same way.

Without `partial` one problem anywhere refuses everything. With it, each file is taken or
left whole: a file with a problem of its own, or whose entries would make the data invalid,
is left out and named; the others are written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stiplan import problems as P
from stiplan.actions import intake, writing
from stiplan.actions.collection_form import read_form
from stiplan.engine import fieldchanges
from stiplan.engine.checks import folder_entry_years
from stiplan.models import CollectionEvent
from stiplan.store import files, reading
from stiplan.store import yamledit as editing
from stiplan.store.collection_log import Log, appended_log_text, read_log
from stiplan.store.dataset import Dataset


@dataclass
class FileState:
    """One actuals file as read and as it would be."""

    path: Path
    display: str
    old_text: str | None
    digest: str | None
    text: str
    base: str
    """The text edits start from: the file's, or a new file's first lines."""

    @property
    def changed(self) -> bool:
        return self.text != self.base


@dataclass
class Outcome:
    """What became of one entry."""

    entry: intake.Entry
    action: str
    """'recorded', 'replaced' or 'unchanged'."""
    changes: list[fieldchanges.Change] = field(default_factory=list)


@dataclass
class ImportResult:
    submissions: list[intake.Submission]
    outcomes: list[Outcome] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    problems: list[P.Problem] = field(default_factory=list)
    """Problems of the data as it would be (located in the YAML files)."""
    rejected: list[str] = field(default_factory=list)
    """Files left out (with `partial`)."""
    written: list[str] = field(default_factory=list)
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None


def _open(root: Path, year: int, states: dict[int, FileState]) -> FileState:
    if year not in states:
        path = writing.actuals_path(root, year)
        try:
            raw: bytes | None = path.read_bytes()
        except FileNotFoundError:
            raw = None
        if raw is None:
            text = writing.with_schema_line(root, writing.blank_actuals_text(year))
            states[year] = FileState(path, reading.display_path(path), None, None, text, text)
        else:
            text = raw.decode("utf-8")  # the dataset loaded cleanly, so it is UTF-8
            states[year] = FileState(path, reading.display_path(path), text, files.digest(raw), text, text)
    return states[year]


Slot = tuple[int, str, str, str | None]
"""(year, section, key, scope): one figure of one scope, or one task report (scope None)."""
Recorded = dict[Slot, dict[str, object]]
"""What is recorded in each slot: the files as loaded, plus this import's entries."""


def recorded_entries(ds: Dataset) -> Recorded:
    own = ds.own_scopes()
    out: Recorded = {}
    for year, actuals in ds.actuals.items():
        for key in actuals.indicators:
            for fig in actuals.figures(key):
                out[(year, "indicators", key, fig.scope or own.get(key))] = fig.model_dump(exclude_none=True)
        for task_id, report in actuals.tasks.items():
            out[(year, "tasks", str(task_id), None)] = report.model_dump(exclude_none=True)
    return out


def _splice(
    state: FileState, entry: intake.Entry, replace: bool, recorded: Recorded, own: dict[str, str]
) -> tuple[Outcome | None, P.Problem | None]:
    """Add one entry to `state.text`; the outcome, or the problem that stops it.

    Whether the entry is already recorded, the same or not, is answered from `recorded`
    without parsing the file again (an import of a whole year's forms stays fast); the text
    is spliced only when something is written. Figures are per scope, as `record --scope`
    keeps them: a figure of another scope is left alone.
    """
    default = own.get(str(entry.key)) if entry.section == "indicators" else None
    given = entry.fields.get("scope")
    scope = (str(given) if given else default) if entry.section == "indicators" else None
    slot: Slot = (entry.year, entry.section, str(entry.key), scope)
    existing = recorded.get(slot)
    if existing is not None and "scope" not in existing and entry.fields.get("scope") == default:
        entry.fields["scope"] = None  # the figure records its own scope by leaving it out: keep it so
    wanted = {k: v for k, v in entry.fields.items() if v is not None}
    outcome = Outcome(entry, "recorded")
    if existing is not None:
        if fieldchanges.same_fields(existing, wanted):
            return Outcome(entry, "unchanged"), None
        changes = fieldchanges.changed_fields(existing, entry.fields)
        if not replace:
            shown = "; ".join(fieldchanges.format_change(c) for c in changes)
            hint = "pass --replace to overwrite it"
            return None, intake.at_cell(P.AlreadyRecorded, entry.where, what=entry.what, changes=shown, hint=hint)
        outcome = Outcome(entry, "replaced", changes)
    try:
        if entry.section == "indicators":
            new = editing.set_indicator_actual(
                state.text, str(entry.key), entry.fields, replace=existing is not None, default_scope=default
            )
        else:
            new = editing.set_task_status(state.text, int(entry.key), entry.fields, replace=existing is not None)
    except files.EditError as exc:
        return None, intake.at_cell(P.InvalidValue, entry.where, field=entry.what, message=str(exc))
    state.text = fieldchanges.keep_unchanged_lines(state.text, new.text) if existing is not None else new.text
    recorded[slot] = wanted
    return outcome, None


def import_files(
    root: Path,
    paths: Sequence[Path],
    *,
    year: int | None = None,
    replace: bool = False,
    partial: bool = False,
    dry_run: bool = False,
    strict: bool = False,
    received: dt.date | None = None,
    allow_year: bool = False,
) -> ImportResult:
    """Read, check and record `paths` (forms and CSV files, any order). See the module docstring."""
    ds, problems = writing.clean_dataset(root)
    if ds is None:
        return ImportResult([], problems=problems, refused=writing.DATA_HAS_ERRORS)
    logs: dict[int, Log] = {}

    def log_for(y: int) -> Log:
        if y not in logs:
            logs[y] = read_log(root, y)
        return logs[y]

    # By name, so that the same files give the same bytes in whatever order they are given.
    ordered = sorted(dict.fromkeys(Path(p) for p in paths), key=lambda p: (p.name, str(p)))
    subs = [_read(ds, p, year=year, log_for=log_for) for p in ordered]
    result = ImportResult(subs)
    own = ds.own_scopes()
    first, last = folder_entry_years(ds)
    for sub in subs:
        for entry in [e for e in sub.entries if not allow_year and not first <= e.year <= last]:
            message = f"{entry.year} is outside the plan's years ({first}–{last}); a typo?"
            hint = "pass --allow-year if it really is for that year"
            sub.problems.append(intake.at_cell(P.InvalidValue, entry.where, field="year", message=message, hint=hint))
            sub.entries.remove(entry)

    states: dict[int, FileState] = {}
    recorded = recorded_entries(ds)
    taken: list[intake.Submission] = []
    for sub in subs:
        trial = {y: FileState(**s.__dict__) for y, s in states.items()}
        trial_recorded = dict(recorded)
        outcomes, found = [], []
        for entry in sub.entries:
            outcome, problem = _splice(_open(root, entry.year, trial), entry, replace, trial_recorded, own)
            if problem is not None:
                found.append(problem)
            elif outcome is not None:
                outcomes.append(outcome)
        sub.problems += found
        if partial and not sub.clean:
            result.rejected.append(sub.name)
            continue
        if partial:
            check = _check(root, trial, strict, sub.entries)
            if P.has_errors(check, strict=strict):
                sub.problems += [p for p in check if p.severity == "error" or strict]
                result.rejected.append(sub.name)
                continue
        states, recorded, taken = trial, trial_recorded, [*taken, sub]
        result.outcomes += outcomes
    if not partial and any(not s.clean for s in subs):
        result.refused = "nothing was written: fix the problems above, or import the clean files with --partial"
        return result
    day = received or dt.date.today()
    log_texts = _receipts(subs, logs, day, result)
    extra = {log.path: text for log, text in log_texts}
    result.problems = _check(root, states, strict, [e for sub in taken for e in sub.entries], extra)
    if P.has_errors(result.problems, strict=strict):
        result.refused = "the data would not be valid after this import; nothing was written"
        return result

    for state in states.values():
        if state.changed:
            result.diffs.append(files.unified_diff(state.old_text or "", state.text, state.display))
    for log, text in log_texts:
        result.diffs.append(files.unified_diff(log.text or "", text, log.display))
    if dry_run:
        return result
    try:
        for state in states.values():
            if state.changed:
                state.path.parent.mkdir(parents=True, exist_ok=True)
                files.atomic_write(state.path, state.text.encode("utf-8"), expected_digest=state.digest)
                result.written.append(state.display)
        for log, text in log_texts:
            log.path.parent.mkdir(parents=True, exist_ok=True)  # checked with the actuals above
            files.atomic_write(log.path, text.encode("utf-8"), expected_digest=log.digest)
            result.written.append(log.display)
    except files.ConcurrentModification as exc:
        result.refused = str(exc)
    except OSError as exc:
        result.refused = f"could not write: {exc.strerror or exc}"
    return result


def _check(
    root: Path,
    states: dict[int, FileState],
    strict: bool,
    entries: Sequence[intake.Entry] = (),
    extra: dict[Path, str] | None = None,
) -> list[P.Problem]:
    """Problems of the data as it would be (the collection log too, given in `extra`); one
    about an imported entry points at its cell."""
    overrides = {s.path: s.text for s in states.values() if s.changed}
    overrides.update(extra or {})
    if not overrides:
        return []
    found = writing.check(root, overrides).problems
    return [_relocate(p, states, entries) for p in found]


_ENTRY_KEY = re.compile(r"^(?P<ind> +)(?P<key>[^\s#:][^:#]*?):(\s|$)")
_SECTION = re.compile(r"^(?P<name>indicators|tasks):")


def _relocate(problem: P.Problem, states: dict[int, FileState], entries: Sequence[intake.Entry]) -> P.Problem:
    """A problem on a line of an entry this import wrote is reported at the entry's cell,
    since the file it points into may not exist yet; the YAML line is kept in the hint."""
    state = next((s for y, s in states.items() if s.display == problem.path), None)
    if state is None or problem.line is None:
        return problem
    year = next(y for y, s in states.items() if s is state)
    lines = state.text.splitlines()
    section, key = None, None
    for line in lines[: problem.line]:
        top = _SECTION.match(line)
        if top:
            section, key = top.group("name"), None
            continue
        if line and not line.startswith((" ", "#")):
            section, key = None, None
            continue
        m = _ENTRY_KEY.match(line)
        if m and section and len(m.group("ind")) <= 2:
            key = m.group("key").strip().strip("\"'")
    if section is None or key is None:
        return problem
    match = [e for e in entries if e.year == year and e.section == section and str(e.key) == key]
    if not match:
        return problem
    where = f"{problem.path}:{problem.line}" + (f":{problem.column}" if problem.column else "")
    path, row, column = intake.split_where(match[-1].where)
    hint = f"{problem.hint}; " if problem.hint else ""
    return dataclasses.replace(
        problem, path=path, line=row, column=column, hint=f"{hint}at {where} as it would be written"
    )


def _receipts(
    subs: Sequence[intake.Submission],
    logs: dict[int, Log],
    day: dt.date,
    result: ImportResult,
) -> list[tuple[Log, str]]:
    """The collection-log text per year with a `received` event for each form read, skipping a
    receipt the log already holds (the same file with the same problems: a re-import)."""
    by_year: dict[int, list[CollectionEvent]] = {}
    recorded: dict[str, int] = {}
    for o in result.outcomes:
        if o.action != "unchanged":
            key = str(o.entry.fields.get("form"))
            recorded[key] = recorded.get(key, 0) + 1
    for sub in subs:
        if sub.kind != "form" or sub.year is None or sub.agency is None or sub.form is None:
            continue
        if sub.year not in logs:
            continue  # a form whose identity could not be read: nothing to log it under
        log = logs[sub.year]
        errors = sum(1 for p in sub.problems if p.severity == "error")
        if any(e.kind == "received" and e.digest == sub.digest and e.problems == errors for e in log.events):
            continue
        by_year.setdefault(sub.year, []).append(
            CollectionEvent(
                kind="received",
                date=day,
                agency=sub.agency,
                form=sub.form,
                file=sub.name,
                problems=errors,
                recorded=0 if errors else recorded.get(sub.form, 0),
                digest=sub.digest,
            )
        )
    out = []
    for y, events in sorted(by_year.items()):
        log = logs[y]
        out.append((log, appended_log_text(log, events)))
    return out


def _read(ds: Dataset, path: Path, *, year: int | None, log_for: Callable[[int], Log]) -> intake.Submission:
    """A form or a CSV, by its name's ending."""
    if path.suffix.lower() == ".csv":
        return intake.read_csv(ds, path)
    return read_form(ds, path, year=year, log_for=log_for)
