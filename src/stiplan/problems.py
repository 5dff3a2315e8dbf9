"""Problems found in the data: values collected in a list, never raised one at a time.

Each kind of problem is a small class with a stable code, a severity and a message template
(as in frictionless); a `Problem` is one occurrence with its source position (as in beancount).
Codes are part of the public interface: editors, CI scripts and the docs rely on them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Literal, TypeAlias

Severity = Literal["error", "warning"]


def closest(word: str, choices: Iterable[str]) -> str | None:
    """A 'did you mean' hint for a typo, or None when nothing is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else None


Param: TypeAlias = str | int | float | bool | None
"""A problem's parameter: a JSON scalar, so `validate --format json` can emit it as is."""


@dataclass(frozen=True)
class Problem:
    """One located problem: `path:line:col: severity[code]: message`.

    `params` keeps what the message was built from (the unknown id, the allowed range...), so
    a program reading `--format json` need not parse the English message. It takes no part in
    the hash: a dict is not hashable, and the code, position and message already identify it.
    """

    code: str
    severity: Severity
    path: str
    line: int | None
    column: int | None
    message: str
    hint: str | None = None
    params: dict[str, Param] = field(default_factory=dict, hash=False)

    def format(self) -> str:
        """The GNU/hledger layout that editors parse, hint appended after a semicolon."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
            "params": dict(self.params),
        }


class Kind:
    """A kind of problem. Subclasses set `code`, `severity`, `template` and `description`."""

    code: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    template: ClassVar[str]
    description: ClassVar[str]

    @classmethod
    def at(
        cls,
        path: str,
        line: int | None = None,
        column: int | None = None,
        *,
        hint: str | None = None,
        **params: object,
    ) -> Problem:
        return Problem(
            code=cls.code,
            severity=cls.severity,
            path=path,
            line=line,
            column=column,
            message=cls.template.format(**params),
            hint=hint,
            params={k: _param(v) for k, v in params.items()},
        )


def _param(value: object) -> Param:
    """A JSON scalar kept as is; anything else (a path, a date) as the text the message shows."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# --- reading files -------------------------------------------------------------------------


class FileMissing(Kind):
    code = "file-missing"
    template = "{what} is missing"
    description = "A file the data folder must hold does not exist."


class FileTooLarge(Kind):
    code = "file-too-large"
    template = "file is {size} bytes; the limit is {limit} bytes"
    description = (
        "A data file is larger than 32 MiB: a guard against runaway input, not a ceiling for a real plan "
        "(about 430 times the shipped tasks.yaml; a national data set of 34 provinces needs a sixth of it)."
    )


class NotUtf8(Kind):
    code = "not-utf8"
    template = "byte {byte} is not valid UTF-8"
    description = "Data files must be UTF-8; Vietnamese text in another encoding is rejected."


class NotAFile(Kind):
    code = "not-a-file"
    template = "{what}"
    description = "A data file that is a directory, named pipe, device or socket: only regular files are read."


class UnreadableFile(Kind):
    code = "unreadable-file"
    template = "{reason}"
    description = "A data file that exists but cannot be opened or read (permissions, I/O error)."


class LinkOutside(Kind):
    code = "link-outside"
    template = "symbolic link leads out of the data folder; it is not followed"
    description = "A symbolic link in the data folder that points outside it: its target is never read."


class DanglingLink(Kind):
    code = "dangling-link"
    template = "symbolic link leads nowhere"
    description = "A symbolic link whose target does not exist (an error, not a missing file)."


class DuplicateYear(Kind):
    code = "duplicate-year"
    template = "{name!r} holds year {year} too, like {other!r}; one year, one file"
    description = "Two actuals files for one year (`2024.yml` beside `2024.yaml`): neither silently wins."


class BadNumber(Kind):
    code = "bad-number"
    template = "{text!r} {reason}"
    description = (
        "A number that is not finite (.inf, .nan, 1e309), underflows to zero (1e-400) or has absurdly many digits."
    )


class BadDate(Kind):
    code = "bad-date"
    template = "{text!r} is not a date that exists ({reason})"
    description = "A date such as 2024-02-30 that the calendar does not have."


class ControlCharacter(Kind):
    code = "control-character"
    template = "text holds the control character {char}; it could rewrite what a terminal shows"
    description = (
        "Control characters, escape sequences and bidi overrides are rejected in data text (tab and newline are fine)."
    )


class EmptyFile(Kind):
    code = "empty-file"
    template = "file is empty"
    description = "A data file holds no YAML document."


class YamlSyntax(Kind):
    code = "yaml-syntax"
    template = "{problem}"
    description = (
        "The file is not well-formed YAML (also: a second document, a key that is a list or a mapping, "
        "a control character)."
    )


class DuplicateKey(Kind):
    code = "duplicate-key"
    template = "duplicate key {key!r}; it is first defined on line {first_line}"
    description = "A mapping defines the same key twice (YAML would silently keep one); both lines are named."


class AnchorAlias(Kind):
    code = "anchor-alias"
    template = "{what} {name!r} is not allowed in stiplan data"
    description = "Anchors and aliases are rejected: they hide repeated data and enable alias bombs."


class ExplicitTag(Kind):
    code = "explicit-tag"
    template = "explicit tag {tag!r} is not allowed in stiplan data"
    description = "Explicit tags (`!!python/...`, `!foo`, even `!!str`) are rejected."


class TooDeep(Kind):
    code = "too-deep"
    template = "nesting deeper than {limit} levels"
    description = "Data nested deeper than 32 levels; no stiplan file needs more than a few."


class NotAMapping(Kind):
    code = "not-a-mapping"
    template = "expected a mapping at the top of the file, found {found}"
    description = "The file's top level must be a mapping (key: value), not a list or a scalar."


# --- schema --------------------------------------------------------------------------------


class UnknownField(Kind):
    code = "unknown-field"
    template = "unknown field {field!r}"
    description = "A key the schema does not know (usually a typo)."


class MissingField(Kind):
    code = "missing-field"
    template = "missing required field {field!r}"
    description = "A required key is absent."


class WrongType(Kind):
    code = "wrong-type"
    template = "{field}: {message}"
    description = "A value has the wrong type (text where a number is expected, and so on)."


class InvalidValue(Kind):
    code = "invalid-value"
    template = "{field}: {message}"
    description = "A value is not one of the allowed ones or breaks a rule of its field."


class MissingSource(Kind):
    code = "missing-source"
    template = "{what} has no source"
    description = "An actual value or task status says nothing of where it comes from."


class UnknownStatus(Kind):
    code = "unknown-status"
    template = "unknown task status {status!r}"
    description = "A task status that is not `not_started`, `in_progress`, `done` or `cancelled`."


# --- across files --------------------------------------------------------------------------


class DuplicateId(Kind):
    code = "duplicate-id"
    template = "{what} id {id!r} is already used on line {first_line}"
    description = "Two indicators, tasks, agencies or aliases share one id."


class UnknownIndicator(Kind):
    code = "unknown-indicator"
    template = "{id!r} is not an indicator in {targets}"
    description = "An actual names an indicator that targets.yaml does not define."


class UnknownTask(Kind):
    code = "unknown-task"
    template = "{id!r} is not a task in {tasks}"
    description = "A task status names a task that tasks.yaml does not define."


class UnknownAgency(Kind):
    code = "unknown-agency"
    template = "{id!r} is not an agency in {agencies}"
    description = "A task names an agency that agencies.yaml does not define."


class UnknownSuccessor(Kind):
    code = "unknown-successor"
    template = "succession to {id!r}, which is not an agency in {agencies}"
    description = "An agency's succession names a successor that agencies.yaml does not define."


class SuccessionDate(Kind):
    code = "succession-date"
    template = "succession dated {date}, {why}"
    description = "A succession dated before the plan (which names the agency as it stood) or after the plan's period."


class SuccessionCycle(Kind):
    code = "succession-cycle"
    template = "successions go round in a circle: {cycle}"
    description = "Agencies succeed one another in a loop, so no agency is accountable."


class UnknownScope(Kind):
    code = "unknown-scope"
    template = "{id!r} is not a scope declared in the plan"
    description = "An actual or indicator names a scope the plan metadata does not declare."


class ScopeRequired(Kind):
    code = "scope-required"
    template = (
        "a {year} figure must say which territory it covers: the plan's jurisdiction {jurisdiction!r} ended on {end}"
    )
    description = "A figure whose year reaches past the end of the plan's jurisdiction (1/7/2025) has no `scope`."


class DuplicateScope(Kind):
    code = "duplicate-scope"
    template = "{indicator} has more than one {year} figure for scope {scope!r}"
    description = "An indicator's figures for one year (a list) must each cover a different scope."


class UnknownFrame(Kind):
    code = "unknown-frame"
    template = "{frame!r} is not a frame of {indicator} (its series breaks declare {frames})"
    description = "A figure or indicator names a frame that no series break of the indicator declares."


class YearMismatch(Kind):
    code = "year-mismatch"
    template = "year {year} does not match the file name {name}"
    description = "`actuals/YYYY.yaml` does not hold `year: YYYY`."


class NewerFormat(Kind):
    code = "newer-format"
    template = "this file is in data format {found}; stiplan {version} reads data format {supported} and older"
    description = (
        "A data file states a `format:` newer than the installed stiplan reads: it was written for a later "
        "release. Upgrade stiplan (the data repository's pinned release) rather than edit the file."
    )


class BadFileName(Kind):
    code = "bad-file-name"
    template = "{folder} files are named YYYY.yaml; {name!r} is not"
    description = "A file in `actuals/` or `collection/` whose name is not a year."


class ValueOutOfRange(Kind):
    code = "value-out-of-range"
    template = "{value:g} is not a valid {unit}: {rule}"  # value is a number: 140, 0.5
    description = "A value its unit cannot take (percent 0–100, ranks whole and ≥ 1 and ≤ the number ranked, counts whole and ≥ 0, ratios per 10,000 people ≥ 0, index 0–1)."


class PlanFolderMismatch(Kind):
    code = "plan-folder-mismatch"
    template = "plan id {id!r} is not its folder's name {folder!r}"
    description = "In a folder of several plans, plans/<id>/targets.yaml names another plan id than its folder."


class IndicatorDefinitionsDiffer(Kind):
    code = "indicator-definitions-differ"
    template = "indicator {id!r} is defined with {field} {here!r} here but {there!r} in plan {other!r}"
    description = (
        "Two plans of one folder define one indicator (one series of figures) with a different unit, "
        "direction, scope, frame or breaks."
    )


class TargetsInForceTogether(Kind):
    code = "targets-in-force-together"
    template = (
        "two targets of {indicator!r} for {year} are in force on {day}: this one and the one on line {other_line}"
    )
    description = (
        "For one plan, indicator and year, two targets (an original and an amendment, or two amendments) "
        "are in force on the same day."
    )


class TargetYearOutsidePeriod(Kind):
    code = "target-year-outside-period"
    template = "target year {year} is outside the plan's period {start}-{end}"
    description = "A milestone year outside the plan's period."


class TargetKindMismatch(Kind):
    code = "target-kind-mismatch"
    template = "{message}"
    description = "A target kind that does not fit its indicator (a rank target on a higher-is-better indicator, …)."


class BaselineYearMissing(Kind):
    code = "baseline-year-missing"
    template = "a {kind} target needs baseline_year"
    description = "A target relative to a baseline does not name the baseline year."


class StartAfterEnd(Kind):
    code = "start-after-end"
    template = "timeframe starts in {start} but ends in {end}"
    description = "A timeframe (a task's, or the plan's period) that ends before it starts."


# --- collection forms and imports ----------------------------------------------------------


class FormUnreadable(Kind):
    code = "form-unreadable"
    template = "{message}"
    description = "An imported file is not a stiplan collection form or a CSV in the export's long form."


class FormOtherPlan(Kind):
    code = "form-other-plan"
    template = "this form is for plan {found!r}, not {expected!r}"
    description = "A returned form was made for another plan's data folder."


class FormOtherYear(Kind):
    code = "form-other-year"
    template = "this form is for {found}, but the collection being imported is {expected}"
    description = "A returned form belongs to another year's collection round (often last year's form, refilled)."


class FormTampered(Kind):
    code = "form-tampered"
    template = "the form's rows are not the ones sent (form {form}): {message}"
    description = (
        "Rows of a returned form were added, removed, reordered or relabelled, so its cells cannot be trusted."
    )


class FormStale(Kind):
    code = "form-stale"
    template = "form {form} was replaced by form {latest}, sent to {agency} later"
    description = "A returned form is an older one than the last form sent to that agency."


class FormForged(Kind):
    code = "form-forged"
    template = "form {form} was not sent by the Department: {why}"
    description = (
        "A returned form that the round's collection log does not record as sent to the agency it names "
        "(an agency never sent a form, or an id recomputed for other rows): anyone can make such a file."
    )


class AlreadyRecorded(Kind):
    code = "already-recorded"
    template = "{what} is already recorded with other values ({changes})"
    description = "An import would overwrite a different recorded entry; pass --replace to do so."


# --- the report's template ----------------------------------------------------------------


class TemplateSyntax(Kind):
    code = "template-syntax"
    template = "{message}"
    description = (
        "The Word template is not a usable .docx, or one of its tags does not parse (the part and paragraph are named)."
    )


class TemplateUnsafe(Kind):
    code = "template-unsafe"
    template = "{message}"
    description = (
        "A tag of the Word template reaches past the report's content (a name the report does not give, an "
        "attribute starting with `_`): it is refused, since a template's tags are code."
    )


# --- warnings (fail only under --strict) ---------------------------------------------------


class FutureActual(Kind):
    code = "future-actual"
    severity = "warning"
    template = "actual for {year}, which is after this year ({today})"
    description = "An actual for a year after the current one: almost always a typo in the year."


class AgencyAlias(Kind):
    code = "agency-alias"
    severity = "warning"
    template = "{name!r} is an alias; use the agency id {id!r}"
    description = "A task names an agency by one of its spellings instead of its id."


class ScopeWithoutNote(Kind):
    code = "scope-without-note"
    severity = "warning"
    template = "actual has scope {scope!r}, not the indicator's {expected!r}, and no note saying why it is recorded"
    description = "An actual for another jurisdiction, with no note saying why it is recorded."


class StaleTempFile(Kind):
    code = "stale-temp-file"
    severity = "warning"
    template = "{name!r} is a temporary file left by an interrupted stiplan write; the next write removes it"
    description = "A `.NAME.XXXX.tmp` file of stiplan's own naming left behind by a killed write."


class ScopeUndecided(Kind):
    code = "scope-undecided"
    severity = "warning"
    template = (
        "plan {plan}: its territory {jurisdiction!r} ended on {end} and no scope decision says which scope "
        "counts after it, so {count} figure(s) of {years} are not judged"
    )
    vi = (
        "kế hoạch {plan}: địa bàn {jurisdiction!r} đã kết thúc từ {end} mà chưa có quyết định về phạm vi đánh giá "
        "sau đó, nên {count} số liệu của năm {years} chưa được dùng để đánh giá"
    )
    description = (
        "A plan's territory ended and figures of later years are recorded, but the plan records no decision "
        "(`scope_decisions`) on the scope they are judged on: none of them counts. Reported once per plan."
    )


class FormScopeNotOffered(Kind):
    code = "form-scope-not-offered"
    template = "scope {scope!r} is not one a {year} figure may have (the form offers: {choices})"
    vi = 'phạm vi "{scope}" không dùng cho số liệu năm {year}; chọn trong danh sách: {choices}'
    description = (
        "A returned form names a scope its year does not offer: the plan's territory after it ended, "
        "unless the plan's scope decision judges on it."
    )


class FormScopeWithoutReason(Kind):
    code = "form-scope-without-reason"
    template = "a figure of {scope!r}, not of {judged!r} that the indicator is judged on, needs a reason in '{title}'"
    vi = 'số liệu của phạm vi "{scope}", không phải phạm vi được đánh giá "{judged}", phải ghi lý do ở cột "{title}"'
    description = (
        "A returned form gives a figure of another scope than the one the indicator is judged on in "
        "its year, with the note cell blank: the form's row asks for the reason."
    )


class FormCellChanged(Kind):
    code = "form-cell-changed"
    template = "sheet '{sheet}', column '{title}': a locked cell was changed (it now holds {found!r}); it is not read"
    vi = (
        'trang "{sheet}", cột "{title}": ô đã khóa (chỉ để tham khảo) bị sửa, hiện ghi "{found}"; '
        "nội dung này không được ghi nhận, hãy trả lại như biểu mẫu gốc"
    )
    description = (
        "A returned form's locked cell (a header, an earlier year's figure, a reference sheet) or a cell "
        "outside the form's rows and columns holds what the form was not written with: never silently dropped."
    )


class FormEstimate(Kind):
    code = "form-estimate"
    template = "sheet '{sheet}', column '{title}': {found!r} marks an estimate; the form asks for published figures"
    vi = (
        'trang "{sheet}", cột "{title}": "{found}" là số ước tính; biểu chỉ nhận số liệu chính thức '
        "(chưa có thì để trống)"
    )
    description = (
        "A returned form marks a figure as an estimate ('(ước)', 'ước tính', 'estimate') in its cell, its "
        "source or note, or in the column's header: an estimate is never recorded as an actual."
    )


KINDS: tuple[type[Kind], ...] = tuple(
    k for k in list(globals().values()) if isinstance(k, type) and issubclass(k, Kind) and k is not Kind
)
"""Every problem kind, in definition order: the table of codes in docs/problems.md is checked against it."""


def has_errors(problems: list[Problem], *, strict: bool = False) -> bool:
    """True when the problems should fail the run (warnings count only under --strict)."""
    return any(p.severity == "error" or strict for p in problems)


def markdown_table() -> str:
    """The table of problem codes in docs/problems.md, generated from `KINDS` so the two cannot drift.

    `python -m stiplan.problems` prints it; `python scripts/gen_docs.py` writes it into the page.
    """
    rows = ["| code | severity | meaning |", "|---|---|---|"]
    for k in KINDS:
        meaning = k.description.replace("|", "\\|")  # a markdown cell cannot hold a bare |
        rows.append(f"| `{k.code}` | {k.severity} | {meaning} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess in the tests
    import sys

    sys.stdout.write(markdown_table())
