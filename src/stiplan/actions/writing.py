"""The one write path of a data folder: every action's edit is checked before it is written.

1. read the file's bytes (and their sha256) — or start from a small new file;
2. the action splices its change into the text (`store.yamledit`: untouched lines stay
   byte-identical; a replaced entry keeps the lines of the fields it does not change,
   `engine.fieldchanges`);
3. check the whole data folder *as it would be* with the same function `validate` runs
   (`loading.load_dataset(root, overrides={path: new_text})`), re-reading only the files whose
   bytes differ from the action's first load (`check`); an error refuses the write (a warning
   too, with `strict`);
4. write atomically (`store.files.atomic_write`), only if the file still has the digest read
   in step 1.

Nothing is raised for bad input: an action returns a `WriteResult` (or its own result) saying
what was written, what it replaced, the diff, the problems of the new state, or why it refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from stiplan.actions.loading import load_dataset
from stiplan.engine.checks import folder_entry_years
from stiplan.engine.fieldchanges import Change, changed_fields, keep_unchanged_lines, same_fields
from stiplan.problems import Problem, Refusal, has_errors
from stiplan.store import files, reading
from stiplan.store import yamledit as editing
from stiplan.store.dataset import Dataset, FileRead
from stiplan.store.reading import LoadResult
from stiplan.store.safefile import MAX_BYTES, UnsafeFile, read_regular


class UsageRefused(Exception):
    """An action's arguments cannot be acted on (an agency no name matches, a deadline the plan
    does not give): nothing was read beyond the data, nothing written. `refusal` says why (worded
    in the command's language); `option` names the command-line option at fault, when one is."""

    def __init__(self, refusal: Refusal, option: str | None = None) -> None:
        super().__init__(refusal.key)
        self.option = option
        self.refusal = refusal


@dataclass(frozen=True)
class Subject:
    """What an edit is about: an indicator's figure or a task's report for a year, or a year's form."""

    kind: Literal["indicator", "task", "form"]
    year: int
    key: str | int | None = None
    scope: str | None = None


@dataclass
class WriteResult:
    """What an edit did, or why it did nothing."""

    path: Path
    display: str
    """The path as the user would type it."""
    subject: Subject
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
    refused: Refusal | None = None
    """Why nothing was written (worded by `views.writes.refusal_text`); None when the edit was
    written (or only previewed)."""

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


def edit_actuals(
    root: Path,
    year: int,
    subject: Subject,
    fields: Mapping[str, object],
    splice: Callable[[str, bool], editing.Edit],
    replace: bool,
    dry_run: bool,
    strict: bool,
    allow_year: bool,
    *,
    before: Dataset | None = None,
) -> WriteResult:
    """Splice one entry into `actuals/YEAR.yaml` and `finish` the edit; `before`: the folder as
    the action loaded it first (see `check`)."""
    path = actuals_path(root, year)
    result = WriteResult(path=path, display=reading.display_path(path), subject=subject)

    try:
        raw = read_regular(path, MAX_BYTES, root=root)
    except UnsafeFile as exc:
        if exc.reason != UnsafeFile.MISSING:
            result.refused = Refusal("cannot_read", {"path": result.display, "detail": exc.detail})
            return result
        raw = None
    if raw is None:
        old_text, expected, base = None, None, with_schema_line(root, blank_actuals_text(year))
    else:
        try:
            old_text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            result.refused = Refusal("not_utf8", {"path": result.display, "byte": exc.start})
            return result
        expected, base = files.digest(raw), old_text
        if old_text.startswith("\ufeff"):
            result.refused = Refusal("byte_order_mark", {"path": result.display})
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
                result.refused = Refusal("already_recorded", {"what": subject, "path": result.display})
                return result
            edit = splice(base, True)
    except files.EditError as exc:
        result.refused = Refusal("cannot_edit", {"path": result.display, "detail": exc})
        return result
    if edit.old is not None and any(v not in (None, "") for v in edit.old.values()):
        result.replaced = True
        result.changes = changed_fields(edit.old, fields)
    new_text = keep_unchanged_lines(base, edit.text)
    return finish(root, result, old_text, expected, new_text, dry_run, strict, year, allow_year, before=before)


def finish(
    root: Path,
    result: WriteResult,
    old_text: str | None,
    expected: str | None,
    new_text: str,
    dry_run: bool,
    strict: bool,
    year: int,
    allow_year: bool,
    *,
    before: Dataset | None = None,
) -> WriteResult:
    """Check the new state, then preview or write it (the steps 3 and 4 of the docstring);
    `before`: the folder as the action loaded it first (see `check`)."""
    result.old_text, result.new_text = old_text, new_text
    result.created = old_text is None
    result.diff = files.unified_diff(old_text or "", new_text, result.display)
    if old_text == new_text:
        result.unchanged = True
        return result
    loaded = check(root, {result.path: new_text}, reuse=reads_of(before))
    result.problems = loaded.problems
    if loaded.dataset is None or has_errors(loaded.problems, strict=strict):
        result.refused = Refusal("edit_invalid_after")
        return result
    first, last = folder_entry_years(loaded.dataset)
    if not allow_year and not first <= year <= last:
        result.refused = Refusal("outside_years", {"year": year, "first": first, "last": last})
        return result
    if dry_run:
        return result
    try:
        result.path.parent.mkdir(parents=True, exist_ok=True)
        files.atomic_write(result.path, new_text.encode("utf-8"), expected_digest=expected, inside=root)
    except files.EditError as exc:  # changed meanwhile, a link out of the folder, write-protected
        result.refused = Refusal("edit_refused", {"detail": exc})
        return result
    except OSError as exc:
        result.refused = Refusal("write_failed", {"path": result.display, "detail": exc.strerror or exc})
        return result
    result.written = True
    return result


def check(root: Path, overrides: Mapping[Path, str], *, reuse: Mapping[Path, FileRead] | None = None) -> LoadResult:
    """The same load-and-check that `stiplan validate` runs, on the data as it would be.

    `reuse`: the files as this action read them first (`Dataset.reads` of `clean_dataset`'s
    folder). Those whose bytes are still the same are not parsed nor validated again: only the
    files the edit changes are (and any changed on disk meanwhile). The rules across files run
    on the whole folder as always, and are what can refuse the write; the problems are those a
    full load finds."""
    return load_dataset(Path(root), overrides=overrides, reuse=reuse)


def reads_of(before: Dataset | None) -> Mapping[Path, FileRead] | None:
    """What a check can reuse of the folder as an action loaded it first (nothing: None)."""
    return before.reads if before is not None else None


DATA_HAS_ERRORS = "the data has errors; fix them first (stiplan validate lists them)"
"""Why an action (or a command reading the data) stops before it starts."""


def clean_dataset(root: Path) -> tuple[Dataset | None, list[Problem]]:
    """Where every action starts: the data folder as it is and its problems; None instead of
    the dataset when it has errors (nothing can be acted on then)."""
    loaded = check(root, {})
    if loaded.dataset is None or has_errors(loaded.problems):
        return None, loaded.problems
    return loaded.dataset, loaded.problems


def write_checked(
    root: Path, path: Path, text: str, expected_digest: str | None, *, before: Dataset | None = None
) -> list[Problem]:
    """Check the data folder with `path` holding `text` (reusing `before`'s unchanged files,
    as `check` does), then write it atomically if it still has `expected_digest` (None: a new
    file). Returns the errors that refused the write (nothing was written then); a concurrent
    change raises `files.ConcurrentModification`."""
    found = [p for p in check(root, {path: text}, reuse=reads_of(before)).problems if p.severity == "error"]
    if found:
        return found
    path.parent.mkdir(parents=True, exist_ok=True)
    files.atomic_write(path, text.encode("utf-8"), expected_digest=expected_digest)
    return []
