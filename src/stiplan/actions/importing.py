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
from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stiplan import lang as L
from stiplan import problems as P
from stiplan.actions import intake, writing
from stiplan.actions.collection_form import FORM_LANG, HEADER_ROW, read_form
from stiplan.engine import fieldchanges
from stiplan.engine.checks import folder_entry_years
from stiplan.lang import Term
from stiplan.models import CollectionEvent, LoggedProblem, task_key
from stiplan.store import files, reading
from stiplan.store import yamledit as editing
from stiplan.store.collection_log import Log, appended_log_text, read_log
from stiplan.store.dataset import Dataset, FileRead


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
    set_aside: list[str] = field(default_factory=list)
    """Copies of a form set aside for the file `prefer` chose."""
    written: list[str] = field(default_factory=list)
    refused: P.Refusal | None = None
    """Why nothing was written (`views.imports` words it); None when the import went through."""

    @property
    def ok(self) -> bool:
        return self.refused is None


def _open(root: Path, year: int, bases: dict[int, FileState]) -> FileState:
    """The actuals file of `year` as read (once), or a new file's first lines."""
    if year not in bases:
        path = writing.actuals_path(root, year)
        try:
            raw: bytes | None = path.read_bytes()
        except FileNotFoundError:
            raw = None
        if raw is None:
            text = writing.with_schema_line(root, writing.blank_actuals_text(year))
            bases[year] = FileState(path, reading.display_path(path), None, None, text, text)
        else:
            text = raw.decode("utf-8")  # the dataset loaded cleanly, so it is UTF-8
            bases[year] = FileState(path, reading.display_path(path), text, files.digest(raw), text, text)
    return bases[year]


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
    for plan_id, tasks in ds.reports_by_plan.items():
        for task_id, years in tasks.items():
            for year, report in years.items():
                out[(year, "tasks", task_key(plan_id, task_id), None)] = report.model_dump(exclude_none=True)
    return out


@dataclass
class _Pending:
    """An entry to splice into its file, and what became of it."""

    sub: intake.Submission
    entry: intake.Entry
    edit: editing.EntryEdit
    outcome: Outcome


@dataclass
class _Decided:
    """A file's entries weighed against what is recorded; nothing spliced yet."""

    sub: intake.Submission
    outcomes: list[Outcome]
    pending: list[_Pending]
    problems: list[P.Problem]
    recorded: Recorded
    """The slots this file's entries fill."""

    @property
    def fits(self) -> bool:
        """No problem of its own (reading the file, or an entry already recorded otherwise)."""
        return self.sub.clean and not self.problems


def _decide(
    sub: intake.Submission,
    replace: bool,
    recorded: Recorded,
    own: dict[str, str],
    ds: Dataset,
    earlier: Term | None = None,
    *,
    preferred: bool = False,
) -> _Decided:
    """Whether each entry of `sub` is new, the same as recorded, or a change (refused without
    `replace`), answered from `recorded` without reading any file; later entries of the file
    see the earlier ones. Figures are per scope, as `record --scope` keeps them: a figure of
    another scope is left alone."""
    done = _Decided(sub, [], [], [], {})
    seen = ChainMap(done.recorded, recorded)
    copies: list[tuple[intake.Entry, list[fieldchanges.Change]]] = []
    for entry in sub.entries:
        default = own.get(str(entry.key)) if entry.section == "indicators" else None
        given = entry.fields.get("scope")
        scope = (str(given) if given else default) if entry.section == "indicators" else None
        plan = ds.tasks_plan(entry.plan) if entry.section == "tasks" else ""
        slot_key = str(entry.key) if entry.section == "indicators" else task_key(plan, int(entry.key))
        slot: Slot = (entry.year, entry.section, slot_key, scope)
        existing = seen.get(slot)
        if existing is not None and "scope" not in existing and entry.fields.get("scope") == default:
            entry.fields["scope"] = None  # the figure records its own scope by leaving it out: keep it so
        wanted = {k: v for k, v in entry.fields.items() if v is not None}
        outcome = Outcome(entry, "recorded")
        if existing is not None:
            if fieldchanges.same_fields(existing, wanted):
                done.outcomes.append(Outcome(entry, "unchanged"))
                continue
            changes = fieldchanges.changed_fields(existing, entry.fields)
            same_form = sub.form is not None and existing.get("form") == sub.form
            if not preferred and earlier is not None and same_form:
                copies.append((entry, changes))  # this form, imported before from another file
                continue
            if not replace and not (preferred and same_form):
                what = entry.what_words(ds)
                problem = intake.at_cell(
                    P.AlreadyRecorded, entry.where, what=what, changes=changes_words(changes), hint=REPLACE_HINT
                )
                done.problems.append(problem)
                continue
            outcome = Outcome(entry, "replaced", changes)
        key = str(entry.key) if entry.section == "indicators" else ds.report_key(plan, int(entry.key), entry.year)
        edit = editing.EntryEdit(entry.section, key, entry.fields, existing is not None, default)
        done.outcomes.append(outcome)
        done.pending.append(_Pending(sub, entry, edit, outcome))
        done.recorded[slot] = wanted
    if copies:  # nothing of the form is written until the Department picks one of the two files
        assert earlier is not None
        done.problems.append(_copies_problem(sub, earlier, copies))
        done.pending, done.recorded = [], {}
        done.outcomes = [o for o in done.outcomes if o.action == "unchanged"]
    return done


def _names(sub: intake.Submission, prefer: Path) -> bool:
    """Whether `--prefer` names this file (by its path, or by its name alone)."""
    return sub.path == prefer or sub.path.resolve() == prefer.resolve() or sub.name == str(prefer)


def _cell(where: str) -> str:
    """'file!sheet!G5' → 'sheet!G5'; 'file.csv:3:4' → 'line 3'."""
    path, line, _ = intake.split_where(where)
    return path.split("!", 1)[1] if line is None and "!" in path else f"{line}"


def _copies_problem(
    sub: intake.Submission, other: str | Term, diffs: Sequence[tuple[intake.Entry, Sequence[fieldchanges.Change]]]
) -> P.Problem:
    """The form-copies problem of `sub`: the other file and each differing cell (old → new)."""
    en = "; ".join(f"{_cell(e.where)} ({', '.join(map(fieldchanges.format_change, c))})" for e, c in diffs)
    vi = "; ".join(f"{_cell(e.where)} ({changes_words(c).vi})" for e, c in diffs)
    hint = Term(
        "Sở chọn một trong hai tệp và nhập lại tệp được chọn",
        f"pick one: import again with --prefer {sub.name} (or the other file)",
    )
    return P.FormCopies.at(sub.name, form=sub.form, file=sub.name, other=other, cells=Term(vi, en), hint=hint)


def _entry_fields(sub: intake.Submission) -> dict[tuple[str, str, int], intake.Entry]:
    return {(e.section, str(e.key), e.year): e for e in sub.entries}


def _copies_in_batch(
    subs: list[intake.Submission], chosen: intake.Submission | None, result: ImportResult
) -> list[intake.Submission]:
    """Files of one batch that carry the same form: the same answers are one file read twice;
    different answers are a conflict on both (nothing of the form is taken) unless `chosen`
    is one of them, when the others are set aside."""
    by_form: dict[str, list[intake.Submission]] = {}
    for sub in subs:
        if sub.kind == "form" and sub.form is not None and sub.agency is not None:
            by_form.setdefault(sub.form, []).append(sub)
    dropped: set[int] = set()
    for group in (g for g in by_form.values() if len(g) > 1):
        if chosen is not None and chosen in group:
            for sub in group:
                if sub is not chosen:
                    dropped.add(id(sub))
                    result.set_aside.append(sub.name)
            continue
        first = group[0]
        mine = _entry_fields(first)
        for other in group[1:]:
            theirs = _entry_fields(other)
            diffs = []
            for key in sorted(mine.keys() | theirs.keys(), key=str):
                a, b = mine.get(key), theirs.get(key)
                old = a.fields if a is not None else {}
                new = b.fields if b is not None else {}
                changes = fieldchanges.changed_fields(old, new)
                if changes:
                    diffs.append((b or a, changes))
            if not diffs:
                dropped.add(id(other))  # the same answers: read once
                continue
            for sub, copy in ((first, other), (other, first)):
                shown = [(e, c) for e, c in diffs if e is not None]
                sub.problems.append(_copies_problem(sub, copy.name, shown))
                sub.entries = []
    return [s for s in subs if id(s) not in dropped]


def _earlier_file(sub: intake.Submission, log_for: Callable[[int], Log]) -> Term | None:
    """The file the round's log records this form was taken from before, when another (other bytes)."""
    if sub.kind != "form" or sub.form is None or sub.year is None:
        return None
    taken = [e for e in log_for(sub.year).events if e.kind == "received" and e.form == sub.form and e.recorded]
    last = next((e for e in reversed(taken) if e.digest != sub.digest and e.file), None)
    if last is None:
        return None
    return Term(f"{last.file}, nhận ngày {L.date(last.date, 'vi')}", f"{last.file}, received {last.date.isoformat()}")


REPLACE_HINT = Term(
    "nếu số liệu mới là đúng, Sở nhập lại biểu với lựa chọn ghi đè số liệu đã ghi nhận",
    "pass --replace to overwrite it",
)


def changes_words(changes: Sequence[fieldchanges.Change]) -> Term:
    """'value: 18 → 17; source: …' in both languages, each field named as the form names it."""
    english = "; ".join(fieldchanges.format_change(c) for c in changes)
    vi = "; ".join(
        fieldchanges.format_change(dataclasses.replace(c, field=intake.field_words(c.field).vi), "vi") for c in changes
    )
    return Term(vi, english)


def scope_names(ds: Dataset) -> dict[str, str]:
    """Scope id → its name on the form (the dropdown's words)."""
    return {s.id: s.name.vi for plan_id in ds.plan_ids for s in ds.plan(plan_id).scopes}


def _keep_unchanged_lines(old: str, new: str) -> str:
    """Per entry without the check that the data stay the same: `apply_entries` makes it once per file."""
    return fieldchanges.keep_unchanged_lines(old, new, verify=False)


def _splice(
    root: Path, bases: dict[int, FileState], pending: Sequence[_Pending]
) -> tuple[dict[int, FileState], list[tuple[_Pending, P.Problem]]]:
    """Every file as it would be with the `pending` entries: each file is read and parsed once,
    whatever the number of its entries (`yamledit.apply_entries`); the entries that cannot be
    spliced, with their problems."""
    by_year: dict[int, list[_Pending]] = {}
    for p in pending:
        by_year.setdefault(p.entry.year, []).append(p)
    states: dict[int, FileState] = {}
    failed: list[tuple[_Pending, P.Problem]] = []
    for year, items in by_year.items():
        base = _open(root, year, bases)
        edits = [p.edit for p in items]
        text, errors = editing.apply_entries(base.base, edits, polish=_keep_unchanged_lines)
        states[year] = dataclasses.replace(base, text=text)
        for p, error in zip(items, errors, strict=True):
            if error is not None:
                where = p.entry.where
                failed.append((p, intake.at_cell(P.InvalidValue, where, field=p.entry.what, message=error.wording)))
    return states, failed


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
    prefer: Path | None = None,
) -> ImportResult:
    """Read, check and record `paths` (forms and CSV files, any order). See the module docstring.

    `prefer`: of two files carrying one form with different answers (`form-copies`), the one
    the Department chose; the other is set aside, and the chosen one replaces what an earlier
    file of that form recorded."""
    ds, problems = writing.clean_dataset(root)
    if ds is None:
        return ImportResult([], problems=problems, refused=P.Refusal("data_has_errors"))
    reads = ds.reads  # each check below re-reads only the files it changes
    logs: dict[int, Log] = {}

    def log_for(y: int) -> Log:
        if y not in logs:
            logs[y] = read_log(root, y)
        return logs[y]

    # By name, so that the same files give the same bytes in whatever order they are given.
    ordered = sorted(dict.fromkeys(Path(p) for p in paths), key=lambda p: (p.name, str(p)))
    subs = [_read(ds, p, year=year, log_for=log_for) for p in ordered]
    result = ImportResult(subs)
    chosen = next((s for s in subs if prefer is not None and _names(s, prefer)), None)
    if prefer is not None and chosen is None:
        result.refused = P.Refusal("prefer_not_given", {"prefer": prefer})
        return result
    subs = _copies_in_batch(subs, chosen, result)
    result.submissions = subs
    own = ds.own_scopes()
    names = scope_names(ds)
    first, last = folder_entry_years(ds)
    for sub in subs:
        for entry in [e for e in sub.entries if not allow_year and not first <= e.year <= last]:
            message = Term(
                f"năm {entry.year} nằm ngoài các năm của Kế hoạch ({first}–{last}); có ghi nhầm năm?",
                f"{entry.year} is outside the plan's years ({first}–{last}); a typo?",
            )
            hint = Term(
                "nếu đúng là số liệu của năm đó, Sở cho phép nhận năm ngoài Kế hoạch khi nhập",
                "pass --allow-year if it really is for that year",
            )
            sub.problems.append(intake.at_cell(P.InvalidValue, entry.where, field="year", message=message, hint=hint))
            sub.entries.remove(entry)

    bases: dict[int, FileState] = {}
    recorded = recorded_entries(ds)
    # Every file at once, each seeing the entries of those before it (with `partial`, of those
    # without a problem of their own): one splice per actuals file, one check.
    seen = dict(recorded)
    decided = []
    for sub in subs:
        earlier = _earlier_file(sub, log_for)
        d = _decide(sub, replace, seen, own, ds, earlier, preferred=sub is chosen)
        if not partial or d.fits:
            seen.update(d.recorded)
        decided.append(d)
    taken = [d.sub for d in decided if not partial or d.fits]
    states, failed = _splice(root, bases, [p for d in decided if not partial or d.fits for p in d.pending])
    fit = not partial or (
        not failed
        and not P.has_errors(
            _check(root, states, strict, [e for s in taken for e in s.entries], names=names, reuse=reads),
            strict=strict,
        )
    )
    if fit:
        for d in decided:
            mine = [(p, problem) for p, problem in failed if p.sub is d.sub]
            d.sub.problems += d.problems + [problem for _, problem in mine]
            if partial and not d.sub.clean:
                result.rejected.append(d.sub.name)
                continue
            lost = {id(p.outcome) for p, _ in mine}
            result.outcomes += [o for o in d.outcomes if id(o) not in lost]
        left_out = [d for d in decided if partial and not d.sub.clean]
        if left_out:  # one pass for a file left out too: its other rows as they would be written
            for problem in _as_written(root, left_out, bases, strict, names, reads):
                owner = next((d.sub for d in left_out if problem.path.startswith(f"{d.sub.name}!")), None)
                if owner is not None and problem not in owner.problems:
                    owner.problems.append(problem)
    else:  # with `partial`, the files do not fit together: each is taken or left out in turn
        states, taken = _take_one_by_one(root, subs, replace, recorded, own, bases, strict, result, ds, chosen, log_for)
    # The data as they are is not needed past here: each check below loads the data as they would
    # be, and the two need not be held at once (the peak of a large import).
    del ds, recorded, seen
    # Nor the files as they were that the checks read afresh (those this import changes).
    changing = {s.path.resolve() for s in states.values() if s.changed}
    reads = {path: read for path, read in reads.items() if path not in changing}
    if not partial and any(not s.clean for s in subs):
        # One pass: what the rows without a problem of their own would make of the data is
        # reported now too, not after the cells are fixed (a blank scope, a missing note).
        result.problems = _as_written(root, decided, bases, strict, names, reads)
        result.refused = P.Refusal("import_has_problems")
        return result
    day = received or dt.date.today()
    log_texts = _receipts(subs, logs, day, result, strict)
    extra = {log.path: text for log, text in log_texts}
    result.problems = _check(root, states, strict, [e for sub in taken for e in sub.entries], extra, names, reads)
    if P.has_errors(result.problems, strict=strict):
        result.refused = P.Refusal("import_invalid_after")
        return result

    for state in states.values():
        if state.changed:
            result.diffs.append(files.unified_diff(state.old_text or "", state.text, state.display))
    for log, text in log_texts:
        result.diffs.append(files.unified_diff(log.text or "", text, log.display))
    if dry_run:
        return result
    try:
        for path in [s.path for s in states.values() if s.changed] + [log.path for log, _ in log_texts]:
            files.check_writable(path)  # all or nothing: a protected file refuses the import before any write
        for state in states.values():
            if state.changed:
                state.path.parent.mkdir(parents=True, exist_ok=True)
                files.atomic_write(state.path, state.text.encode("utf-8"), expected_digest=state.digest)
                result.written.append(state.display)
        for log, text in log_texts:
            log.path.parent.mkdir(parents=True, exist_ok=True)  # checked with the actuals above
            files.atomic_write(log.path, text.encode("utf-8"), expected_digest=log.digest)
            result.written.append(log.display)
    except files.EditError as exc:  # changed meanwhile, write-protected
        result.refused = P.Refusal("edit_refused", {"detail": exc})
    except OSError as exc:
        result.refused = P.Refusal("could_not_write", {"detail": exc.strerror or str(exc)})
    return result


_CELL = re.compile(r"^(?P<file>.*)![A-Z]+(?P<row>\d+)$")


def _row(path: str, line: int | None) -> tuple[str, int | None]:
    """The row a problem or an entry is on: ('file!sheet', 5) for 'file!sheet!G5', (file.csv, 3)."""
    if line is not None:
        return path, line
    m = _CELL.match(path)
    return (m["file"], int(m["row"])) if m else (path, None)


def _as_written(
    root: Path,
    decided: Sequence[_Decided],
    bases: dict[int, FileState],
    strict: bool,
    names: dict[str, str],
    reuse: Mapping[Path, FileRead],
) -> list[P.Problem]:
    """Problems of the data as it would be with every entry whose row has no problem of its own."""
    pending = []
    for d in decided:
        bad = {_row(p.path, p.line) for p in d.sub.problems + d.problems}
        pending += [p for p in d.pending if _row(*intake.split_where(p.entry.where)[:2]) not in bad]
    states, failed = _splice(root, bases, pending)
    return _check(root, states, strict, [p.entry for p in pending], names=names, reuse=reuse) + [f for _, f in failed]


def _take_one_by_one(
    root: Path,
    subs: Sequence[intake.Submission],
    replace: bool,
    recorded: Recorded,
    own: dict[str, str],
    bases: dict[int, FileState],
    strict: bool,
    result: ImportResult,
    ds: Dataset,
    chosen: intake.Submission | None,
    log_for: Callable[[int], Log],
) -> tuple[dict[int, FileState], list[intake.Submission]]:
    """`partial` when the files together do not fit: each file is taken whole, or left out and
    named, checked with the files taken before it (a check of the whole folder per file)."""
    names = scope_names(ds)
    seen = dict(recorded)
    states: dict[int, FileState] = {}
    pending: list[_Pending] = []
    taken: list[intake.Submission] = []
    for sub in subs:
        d = _decide(sub, replace, seen, own, ds, _earlier_file(sub, log_for), preferred=sub is chosen)
        sub.problems += d.problems
        trial: dict[int, FileState] = {}
        if sub.clean:
            trial, failed = _splice(root, bases, [*pending, *d.pending])
            sub.problems += [problem for _, problem in failed]
        if not sub.clean:
            result.rejected.append(sub.name)
            continue
        check = _check(root, trial, strict, sub.entries, names=names, reuse=ds.reads)
        if P.has_errors(check, strict=strict):
            sub.problems += [p for p in check if p.severity == "error" or strict]
            result.rejected.append(sub.name)
            continue
        seen.update(d.recorded)
        states, pending, taken = trial, [*pending, *d.pending], [*taken, sub]
        result.outcomes += d.outcomes
    return states, taken


def _check(
    root: Path,
    states: dict[int, FileState],
    strict: bool,
    entries: Sequence[intake.Entry] = (),
    extra: dict[Path, str] | None = None,
    names: dict[str, str] | None = None,
    reuse: Mapping[Path, FileRead] | None = None,
) -> list[P.Problem]:
    """Problems of the data as it would be (the collection log too, given in `extra`); one
    about an imported entry points at its cell. `reuse`: the files as the import read them
    first (`writing.check`)."""
    overrides = {s.path: s.text for s in states.values() if s.changed}
    overrides.update(extra or {})
    if not overrides:
        return []
    found = writing.check(root, overrides, reuse=reuse).problems
    relocate = _Relocator(states, entries, names)
    return [relocate(p) for p in found]


_ENTRY_KEY = re.compile(r"^(?P<ind> +)(?P<key>[^\s#:][^:#]*?):(\s|$)")
_SECTION = re.compile(r"^(?P<name>indicators|tasks):")


class _Relocator:
    """A problem on a line of an entry this import wrote is reported at the entry's cell,
    since the file it points into may not exist yet; the YAML line is kept in the hint.

    Each file's lines are mapped to their entries once, and the entries indexed once, so
    that many problems cost no more than one pass each (not a scan of the file per problem)."""

    def __init__(
        self, states: dict[int, FileState], entries: Sequence[intake.Entry], scope_names: dict[str, str] | None
    ) -> None:
        self.scope_names = scope_names or {}
        self.years = {s.display: y for y, s in states.items()}
        self.states = states
        self.owners: dict[int, list[tuple[str, str] | None]] = {}
        self.entries: dict[tuple[int, str, str], intake.Entry] = {(e.year, e.section, str(e.key)): e for e in entries}

    def _owners(self, year: int) -> list[tuple[str, str] | None]:
        """(section, key) of the entry each line belongs to, line by line."""
        if year not in self.owners:
            out: list[tuple[str, str] | None] = []
            section, key = None, None
            for line in self.states[year].text.splitlines():
                top = _SECTION.match(line)
                if top:
                    section, key = top.group("name"), None
                elif line and not line.startswith((" ", "#")):
                    section, key = None, None
                else:
                    m = _ENTRY_KEY.match(line)
                    if m and section and len(m.group("ind")) <= 2:
                        key = m.group("key").strip().strip("\"'")
                out.append((section, key) if section is not None and key is not None else None)
            self.owners[year] = out
        return self.owners[year]

    def __call__(self, problem: P.Problem) -> P.Problem:
        year = self.years.get(problem.path) if problem.path is not None else None
        if year is None or problem.line is None:
            return problem
        owners = self._owners(year)
        owner = owners[min(problem.line, len(owners)) - 1] if owners and problem.line >= 1 else None
        entry = self.entries.get((year, *owner)) if owner is not None else None
        if entry is None:
            return problem
        where = f"{problem.path}:{problem.line}" + (f":{problem.column}" if problem.column else "")
        path, row, column = intake.split_where(entry.where)
        hint = f"{problem.hint}; " if problem.hint else ""
        hint += f"at {where} as it would be written"
        # The clerk's words leave the data folder's own hint out: it speaks of YAML fields,
        # ids and options, which the form's filler never sees.
        return dataclasses.replace(
            problem,
            path=path,
            line=row,
            column=column,
            hint=hint,
            hint_wording=Term("phát hiện khi kiểm tra số liệu sẽ được ghi", hint),
            wording=self._worded(problem),
        )

    def _worded(self, problem: P.Problem) -> Term | None:
        """The problem's words with each scope named as the form names it, not by its id."""
        kind = P.kind_of(problem.code)
        if kind is None or not kind.vi or not self.scope_names:
            return problem.wording
        params: dict[str, Any] = {
            k: Term(self.scope_names[v], v) if isinstance(v, str) and v in self.scope_names else v
            for k, v in problem.params.items()
        }
        try:
            again = kind.at(problem.path, **params)
        except (KeyError, ValueError, IndexError):  # a parameter that is not a scope, worded otherwise
            return problem.wording
        return Term(again.text("vi"), problem.message)


def _receipts(
    subs: Sequence[intake.Submission],
    logs: dict[int, Log],
    day: dt.date,
    result: ImportResult,
    strict: bool = False,
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
        refusing = [p for p in sub.problems if p.severity == "error" or strict]
        errors = len(refusing)
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
                found=logged_problems(sub, refusing) or None,
            )
        )
    out = []
    for y, events in sorted(by_year.items()):
        log = logs[y]
        out.append((log, appended_log_text(log, events)))
    return out


def logged_problems(sub: intake.Submission, problems: Sequence[P.Problem]) -> list[LoggedProblem]:
    """The problems of a form as the round's log keeps them for the send-back note: sheet and
    cell, the column's title on the form, and the message in the form's language."""
    titles = column_titles(sub.path, [p.path for p in problems])
    out = []
    for p in problems:
        where = p.path.removeprefix(f"{sub.name}!") if p.path != sub.name else sub.name
        if p.line is not None:
            where = f"{sub.name}:{p.line}" + (f":{p.column}" if p.column else "")
        hint = p.hint_text(FORM_LANG)
        message = p.text(FORM_LANG) + (f"; {hint}" if hint else "")
        out.append(LoggedProblem(code=p.code, where=where, column=titles.get(p.path), message=message))
    return out


_SHEET_CELL = re.compile(r"^.*!(?P<sheet>[^!]+)!(?P<col>[A-Z]{1,3})(?P<row>\d+)$")


def column_titles(path: Path, places: Sequence[str]) -> dict[str, str]:
    """'file!sheet!G8' → the title of column G on that sheet (its header row), for the places
    given; the workbook is opened only when a problem is at a cell (a clean form costs nothing)."""
    wanted = {place: m for place in places if (m := _SHEET_CELL.match(place))}
    if not wanted:
        return {}
    from openpyxl import load_workbook
    from openpyxl.utils import column_index_from_string

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # read once already; a file changed meanwhile has no titles to give
        return {}
    headers: dict[str, tuple[object, ...]] = {}
    out = {}
    for place, m in wanted.items():
        sheet = m["sheet"]
        if sheet not in headers:
            rows = wb[sheet].iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True) if sheet in wb else []
            headers[sheet] = next(iter(rows), ())
        index = column_index_from_string(m["col"]) - 1
        title = intake.cell_text(headers[sheet][index]) if index < len(headers[sheet]) else None
        if title is not None:
            out[place] = title
    wb.close()
    return out


def _read(ds: Dataset, path: Path, *, year: int | None, log_for: Callable[[int], Log]) -> intake.Submission:
    """A form or a CSV, by its name's ending."""
    if path.suffix.lower() == ".csv":
        return intake.read_csv(ds, path)
    sub = read_form(ds, path, year=year, log_for=log_for)
    sub.problems = [intake.unreadable_words(p) for p in sub.problems]
    return sub
