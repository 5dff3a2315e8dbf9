"""Problems found in the data: values collected in a list, never raised one at a time.

Each kind of problem is a small class with a stable code, a severity and a message template
(as in frictionless); a `Problem` is one occurrence with its source position (as in beancount).
Codes are part of the public interface: editors, CI scripts and the docs rely on them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Literal, TypeAlias

from stiplan.lang import Lang, Term

Severity = Literal["error", "warning"]


def closest(word: str, choices: Iterable[str]) -> str | None:
    """A 'did you mean' hint for a typo, or None when nothing is close."""
    found = closest_term(word, choices)
    return found.en if found is not None else None


def closest_term(word: str, choices: Iterable[str]) -> Term | None:
    """`closest` in both languages: the hint of a problem, which a clerk may read in Vietnamese."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return Term(f"có phải là {match[0]!r}?", f"did you mean {match[0]!r}?") if match else None


@dataclass(frozen=True)
class Refusal:
    """Why a command does nothing, as a value: a key of the refusal words (`REFUSALS` in
    views/writes.py, one row per key in each language) and what they are built from. The
    command words it in the language it was asked for. An action returns one (its result's
    `refused`); a lookup of a lower layer raises one (`Refused`)."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Count:
    """A number of things a refusal names ('3 errors', 'them'): the view words it in the run's
    language by its plural category (`{noun}_one` / `{noun}_other` of `REFUSALS`), so a plural
    rule has one home and a sentence one copy."""

    n: int
    noun: str


class Refused(Exception):
    """An argument a lower layer cannot act on (an agency no name matches, a plan the folder
    does not hold, a figure that is no number): why, as a `Refusal` the command words in its
    language. The exception's own text is only the key: engine and store hold no prose."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.key)
        self.refusal = refusal


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
    wording: Term | None = field(default=None, compare=False, repr=False)
    """The message in every language (`message` is its English); None: English only."""
    hint_wording: Term | None = field(default=None, compare=False, repr=False)

    def text(self, lang: Lang = "en") -> str:
        """The message in `lang` (English when the kind has no other wording)."""
        return self.wording.pick(lang) if self.wording is not None else self.message

    def hint_text(self, lang: Lang = "en") -> str | None:
        return self.hint_wording.pick(lang) if self.hint_wording is not None else self.hint

    def format(self, lang: Lang = "en") -> str:
        """The GNU/hledger layout that editors parse, hint appended after a semicolon."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity}[{self.code}]: {self.text(lang)}"  # the layout editors parse stays as is
        hint = self.hint_text(lang)
        if hint:
            text += f"; {hint}"
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
    """A kind of problem. Subclasses set `code`, `severity`, `template` (English), `vi` (its
    Vietnamese wording, for `--lang vi`: a clerk reads it) and `description`.

    A parameter or a hint may be a `Term` (a phrase in both languages: "is not a date"), which
    each wording picks in its own language; `params` keep its English.
    """

    code: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    template: ClassVar[str]
    vi: ClassVar[str] = ""
    description: ClassVar[str]

    @classmethod
    def at(
        cls,
        path: str,
        line: int | None = None,
        column: int | None = None,
        *,
        hint: str | Term | None = None,
        **params: object,
    ) -> Problem:
        english = cls.template.format(**_picked(params, "en"))
        wording = Term(cls.vi.format(**_picked(params, "vi")), english) if cls.vi else None
        return Problem(
            code=cls.code,
            severity=cls.severity,
            path=path,
            line=line,
            column=column,
            message=english,
            hint=hint.en if isinstance(hint, Term) else hint,
            params={k: _param(v) for k, v in params.items()},
            wording=wording,
            hint_wording=hint if isinstance(hint, Term) else None,
        )


def _picked(params: dict[str, object], lang: Lang) -> dict[str, object]:
    """The parameters as one language's wording shows them: a `Term` in that language."""
    return {k: v.pick(lang) if isinstance(v, Term) else v for k, v in params.items()}


def _param(value: object) -> Param:
    """A JSON scalar kept as is; a `Term` as its English; anything else (a path, a date) as the
    text the message shows."""
    if isinstance(value, Term):
        return value.en
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# --- reading files -------------------------------------------------------------------------


class FileMissing(Kind):
    code = "file-missing"
    template = "{what} is missing"
    vi = "thiếu {what}"
    description = "A file the data folder must hold does not exist."


class FileTooLarge(Kind):
    code = "file-too-large"
    template = "file is {size} bytes; the limit is {limit} bytes"
    vi = "tệp nặng {size} byte, vượt giới hạn {limit} byte; đây không phải biểu của Sở"
    description = (
        "A data file is larger than 32 MiB: a guard against runaway input, not a ceiling for a real plan "
        "(about 430 times the shipped tasks.yaml; a national data set of 34 provinces needs a sixth of it)."
    )


class TooManyRows(Kind):
    code = "too-many-rows"
    template = "file has more than {limit} rows; reading stopped at this row"
    vi = "tệp có hơn {limit} dòng, vượt giới hạn; đây không phải biểu của Sở"
    description = (
        "A CSV file given to `import` has more rows than the limit (5,000): a guard against runaway input, "
        "located at the first row past it; a year's figures and task reports of a plan fill a few hundred."
    )


class NotUtf8(Kind):
    code = "not-utf8"
    template = "byte {byte} is not valid UTF-8"
    vi = "tệp không ở bảng mã UTF-8 (byte {byte}); hãy lưu lại tệp với bảng mã UTF-8"
    description = "Data files must be UTF-8; Vietnamese text in another encoding is rejected."


class NotAFile(Kind):
    code = "not-a-file"
    template = "{what}"
    vi = "{what}"
    description = "A data file that is a directory, named pipe, device or socket: only regular files are read."


class UnreadableFile(Kind):
    code = "unreadable-file"
    template = "{reason}"
    vi = "không mở được tệp: {reason}"
    description = "A data file that exists but cannot be opened or read (permissions, I/O error)."


class LinkOutside(Kind):
    code = "link-outside"
    template = "symbolic link leads out of the data folder; it is not followed"
    vi = "liên kết tượng trưng trỏ ra ngoài thư mục dữ liệu; không được đọc"
    description = "A symbolic link in the data folder that points outside it: its target is never read."


class DanglingLink(Kind):
    code = "dangling-link"
    template = "symbolic link leads nowhere"
    vi = "liên kết tượng trưng không trỏ tới tệp nào"
    description = "A symbolic link whose target does not exist (an error, not a missing file)."


class DuplicateYear(Kind):
    code = "duplicate-year"
    template = "{name!r} holds year {year} too, like {other!r}; one year, one file"
    vi = "{name!r} cũng chứa năm {year}, như {other!r}; mỗi năm một tệp"
    description = "Two actuals files for one year (`2024.yml` beside `2024.yaml`): neither silently wins."


class BadNumber(Kind):
    code = "bad-number"
    template = "{text!r} {reason}"
    vi = "{text!r} không phải là một số dùng được (vô hạn, quá nhỏ hoặc quá nhiều chữ số); ghi lại số liệu"
    description = (
        "A number that is not finite (.inf, .nan, 1e309), underflows to zero (1e-400) or has absurdly many digits."
    )


class BadDate(Kind):
    code = "bad-date"
    template = "{text!r} is not a date that exists ({reason})"
    vi = "{text!r} không phải ngày có thật"
    description = "A date such as 2024-02-30 that the calendar does not have."


class ControlCharacter(Kind):
    code = "control-character"
    template = "text holds the control character {char}; it could rewrite what a terminal shows"
    vi = "nội dung chứa ký tự điều khiển {char}; hãy xóa ký tự đó"
    description = (
        "Control characters, escape sequences and bidi overrides are rejected in data text (tab and newline are fine)."
    )


class EmptyFile(Kind):
    code = "empty-file"
    template = "file is empty"
    vi = "tệp trống"
    description = "A data file holds no YAML document."


class YamlSyntax(Kind):
    code = "yaml-syntax"
    template = "{problem}"
    vi = "tệp sai cú pháp: {problem}"
    description = (
        "The file is not well-formed YAML (also: a second document, a key that is a list or a mapping, "
        "a control character)."
    )


class DuplicateKey(Kind):
    code = "duplicate-key"
    template = "duplicate key {key!r}; it is first defined on line {first_line}"
    vi = "khóa {key!r} bị khai báo hai lần; lần đầu ở dòng {first_line}"
    description = "A mapping defines the same key twice (YAML would silently keep one); both lines are named."


class AnchorAlias(Kind):
    code = "anchor-alias"
    template = "{what} {name!r} is not allowed in stiplan data"
    vi = "không dùng {what} {name!r} trong dữ liệu"
    description = "Anchors and aliases are rejected: they hide repeated data and enable alias bombs."


class ExplicitTag(Kind):
    code = "explicit-tag"
    template = "explicit tag {tag!r} is not allowed in stiplan data"
    vi = "không dùng thẻ {tag!r} trong dữ liệu"
    description = "Explicit tags (`!!python/...`, `!foo`, even `!!str`) are rejected."


class TooDeep(Kind):
    code = "too-deep"
    template = "nesting deeper than {limit} levels"
    vi = "dữ liệu lồng quá {limit} cấp"
    description = "Data nested deeper than 32 levels; no stiplan file needs more than a few."


class NotAMapping(Kind):
    code = "not-a-mapping"
    template = "expected a mapping at the top of the file, found {found}"
    vi = "đầu tệp phải là một bảng khóa: giá trị, không phải {found}"
    description = "The file's top level must be a mapping (key: value), not a list or a scalar."


# --- schema --------------------------------------------------------------------------------


class UnknownField(Kind):
    code = "unknown-field"
    template = "unknown field {field!r}"
    vi = "trường không có trong lược đồ: {field!r}"
    description = "A key the schema does not know (usually a typo)."


class MissingField(Kind):
    code = "missing-field"
    template = "missing required field {field!r}"
    vi = "thiếu {field}"
    description = "A required key is absent."


class WrongType(Kind):
    code = "wrong-type"
    template = "{field}: {message}"
    vi = "{field}: {message}"
    description = "A value has the wrong type (text where a number is expected, and so on)."


class InvalidValue(Kind):
    code = "invalid-value"
    template = "{field}: {message}"
    vi = "{field}: {message}"
    description = "A value is not one of the allowed ones or breaks a rule of its field."


class MissingSource(Kind):
    code = "missing-source"
    template = "{what} has no source"
    vi = "chưa ghi văn bản nguồn (số, ngày, cơ quan ban hành) của {what}"
    description = "An actual value or task status says nothing of where it comes from."


class UnknownStatus(Kind):
    code = "unknown-status"
    template = "unknown task status {status!r}"
    vi = "tình trạng {status!r} không có trong danh sách"
    description = "A task status that is not `not_started`, `in_progress`, `done` or `cancelled`."


# --- across files --------------------------------------------------------------------------


class DuplicateId(Kind):
    code = "duplicate-id"
    template = "{what} id {id!r} is already used on line {first_line}"
    vi = "mã {id!r} ({what}) đã dùng ở dòng {first_line}"
    description = "Two indicators, tasks, agencies or aliases share one id."


class UnknownIndicator(Kind):
    code = "unknown-indicator"
    template = "{id!r} is not an indicator in {targets}"
    vi = "{id!r} không phải là chỉ tiêu của Kế hoạch"
    description = "An actual names an indicator that targets.yaml does not define."


class UnknownTask(Kind):
    code = "unknown-task"
    template = "{id!r} is not a task in {tasks}"
    vi = "{id!r} không phải là số thứ tự nhiệm vụ của Kế hoạch"
    description = "A task status names a task that tasks.yaml does not define."


class TaskReportPlanMissing(Kind):
    code = "task-report-plan-missing"
    template = "task report {id} does not say which plan it belongs to: several plans list tasks ({plans})"
    vi = "báo cáo nhiệm vụ số {id} không ghi rõ thuộc kế hoạch nào: nhiều kế hoạch có danh mục nhiệm vụ ({plans})"
    description = (
        "In a folder where several plans list tasks, a task report is keyed by a bare number: task numbers "
        "are each plan's own, so the key must name the plan ('<plan id>/<number>')."
    )


class TaskReportedTwice(Kind):
    code = "task-reported-twice"
    template = "task {task} of plan {plan} is reported twice in this file (also on line {other_line})"
    vi = "nhiệm vụ số {task} của kế hoạch {plan} được báo cáo hai lần trong tệp này (cả ở dòng {other_line})"
    description = (
        "One year's file holds two reports of the same task of a plan: its bare number and "
        "'<plan id>/<number>' (a folder where only that plan lists tasks reads both as its)."
    )


class UnknownAgency(Kind):
    code = "unknown-agency"
    template = "{id!r} is not an agency in {agencies}"
    vi = "{id!r} không phải là cơ quan trong danh mục cơ quan"
    description = "A task names an agency that agencies.yaml does not define."


class UnknownSuccessor(Kind):
    code = "unknown-successor"
    template = "succession to {id!r}, which is not an agency in {agencies}"
    vi = "cơ quan kế thừa {id!r} không có trong danh mục cơ quan"
    description = "An agency's succession names a successor that agencies.yaml does not define."


class SuccessionDate(Kind):
    code = "succession-date"
    template = "succession dated {date}, {why}"
    vi = "ngày kế thừa {date}: {why}"
    description = "A succession dated before the plan (which names the agency as it stood) or after the plan's period."


class SuccessionCycle(Kind):
    code = "succession-cycle"
    template = "successions go round in a circle: {cycle}"
    vi = "các cơ quan kế thừa nhau thành vòng: {cycle}"
    description = "Agencies succeed one another in a loop, so no agency is accountable."


class UnknownScope(Kind):
    code = "unknown-scope"
    template = "{id!r} is not a scope declared in the plan"
    vi = "phạm vi {id!r} không có trong danh sách phạm vi của Kế hoạch"
    description = "An actual or indicator names a scope the plan metadata does not declare."


class ScopeRequired(Kind):
    code = "scope-required"
    template = (
        "a {year} figure must say which territory it covers: the plan's jurisdiction {jurisdiction!r} ended on {end}"
    )
    vi = (
        "số liệu năm {year} phải ghi rõ phạm vi (địa bàn): phạm vi {jurisdiction!r} của Kế hoạch đã kết thúc ngày {end}"
    )
    description = "A figure whose year reaches past the end of the plan's jurisdiction (1/7/2025) has no `scope`."


class DuplicateScope(Kind):
    code = "duplicate-scope"
    template = "{indicator} has more than one {year} figure for scope {scope!r}"
    vi = "đã có số liệu năm {year} của cùng phạm vi {scope!r} cho chỉ tiêu này"
    description = "An indicator's figures for one year (a list) must each cover a different scope."


class UnknownFrame(Kind):
    code = "unknown-frame"
    template = "{frame!r} is not a frame of {indicator} (its series breaks declare {frames})"
    vi = "{frame!r} không phải khung so sánh của chỉ tiêu {indicator}"
    description = "A figure or indicator names a frame that no series break of the indicator declares."


class YearMismatch(Kind):
    code = "year-mismatch"
    template = "year {year} does not match the file name {name}"
    vi = "năm {year} không khớp tên tệp {name}"
    description = "`actuals/YYYY.yaml` does not hold `year: YYYY`."


class NewerFormat(Kind):
    code = "newer-format"
    template = "this file is in data format {found}; stiplan {version} reads data format {supported} and older"
    vi = "tệp ở định dạng dữ liệu {found}; stiplan {version} chỉ đọc được định dạng {supported} trở về trước"
    description = (
        "A data file states a `format:` newer than the installed stiplan reads: it was written for a later "
        "release. Upgrade stiplan (the data repository's pinned release) rather than edit the file."
    )


class BadFileName(Kind):
    code = "bad-file-name"
    template = "{folder} files are named YYYY.yaml; {name!r} is not"
    vi = "tệp trong {folder} phải đặt tên theo năm (YYYY.yaml); {name!r} không đúng"
    description = "A file in `actuals/` or `collection/` whose name is not a year."


class ValueOutOfRange(Kind):
    code = "value-out-of-range"
    template = "{value:g} is not a valid {unit}: {rule}"  # value is a number: 140, 0.5
    vi = "{value:g} không hợp lệ: {rule}"
    description = "A value its unit cannot take (percent 0–100, ranks whole and ≥ 1 and ≤ the number ranked, counts whole and ≥ 0, ratios per 10,000 people ≥ 0, index 0–1)."


class PlanFolderMismatch(Kind):
    code = "plan-folder-mismatch"
    template = "plan id {id!r} is not its folder's name {folder!r}"
    vi = "mã kế hoạch {id!r} khác tên thư mục {folder!r}"
    description = "In a folder of several plans, plans/<id>/targets.yaml names another plan id than its folder."


class IndicatorDefinitionsDiffer(Kind):
    code = "indicator-definitions-differ"
    template = "indicator {id!r} is defined with {field} {here!r} here but {there!r} in plan {other!r}"
    vi = "chỉ tiêu {id!r} được định nghĩa khác nhau ({field}: {here!r} ở đây, {there!r} ở kế hoạch {other!r})"
    description = (
        "Two plans of one folder define one indicator (one series of figures) with a different unit, "
        "direction, scope, frame or breaks."
    )


class TargetsInForceTogether(Kind):
    code = "targets-in-force-together"
    template = (
        "two targets of {indicator!r} for {year} are in force on {day}: this one and the one on line {other_line}"
    )
    vi = "hai mục tiêu của {indicator!r} năm {year} cùng có hiệu lực ngày {day}: mục tiêu này và mục tiêu ở dòng {other_line}"
    description = (
        "For one plan, indicator and year, two targets (an original and an amendment, or two amendments) "
        "are in force on the same day."
    )


class TargetYearOutsidePeriod(Kind):
    code = "target-year-outside-period"
    template = "target year {year} is outside the plan's period {start}-{end}"
    vi = "năm mục tiêu {year} nằm ngoài thời kỳ {start}-{end} của Kế hoạch"
    description = "A milestone year outside the plan's period."


class TargetKindMismatch(Kind):
    code = "target-kind-mismatch"
    template = "{message}"
    vi = "loại mục tiêu không hợp với chỉ tiêu: {message}"
    description = "A target kind that does not fit its indicator (a rank target on a higher-is-better indicator, …)."


class BaselineYearMissing(Kind):
    code = "baseline-year-missing"
    template = "a {kind} target needs baseline_year"
    vi = "mục tiêu loại {kind} cần năm gốc"
    description = "A target relative to a baseline does not name the baseline year."


class StartAfterEnd(Kind):
    code = "start-after-end"
    template = "timeframe starts in {start} but ends in {end}"
    vi = "thời gian bắt đầu {start} sau thời gian kết thúc {end}"
    description = "A timeframe (a task's, or the plan's period) that ends before it starts."


# --- collection forms and imports ----------------------------------------------------------


class FormUnreadable(Kind):
    code = "form-unreadable"
    template = "{message}"
    vi = "{message}"
    description = "An imported file is not a stiplan collection form or a CSV in the export's long form."


class FormOtherPlan(Kind):
    code = "form-other-plan"
    template = "this form is for plan {found!r}, not {expected!r}"
    vi = "biểu này thuộc một kế hoạch khác ({found!r}), không phải kế hoạch đang thu thập ({expected!r})"
    description = "A returned form was made for another plan's data folder."


class FormOtherYear(Kind):
    code = "form-other-year"
    template = "this form is for {found}, but the collection being imported is {expected}"
    vi = "đây là biểu năm {found}, còn đợt thu thập đang nhận là năm {expected}"
    description = "A returned form belongs to another year's collection round (often last year's form, refilled)."


class FormTampered(Kind):
    code = "form-tampered"
    template = "the form's rows are not the ones sent (form {form}): {message}"
    vi = "các dòng của biểu đã bị thay đổi so với biểu Sở gửi: {message}"
    description = (
        "Rows of a returned form were added, removed, reordered or relabelled, so its cells cannot be trusted."
    )


class FormStale(Kind):
    code = "form-stale"
    template = "form {form} was replaced by form {latest}, sent to {agency} later"
    vi = "biểu này đã được thay bằng biểu Sở gửi sau; hãy điền biểu gửi sau cùng"
    description = "A returned form is an older one than the last form sent to that agency."


class FormForged(Kind):
    code = "form-forged"
    template = "form {form} was not sent by the Department: {why}"
    vi = "Sở không ghi nhận đã gửi biểu này cho cơ quan; chỉ nhận lại đúng biểu Sở đã gửi"
    description = (
        "A returned form that the round's collection log does not record as sent to the agency it names "
        "(an agency never sent a form, or an id recomputed for other rows): anyone can make such a file."
    )


class AlreadyRecorded(Kind):
    code = "already-recorded"
    template = "{what} is already recorded with other values ({changes})"
    vi = "{what} đã được ghi nhận với số liệu khác ({changes})"
    description = "An import would overwrite a different recorded entry; pass --replace to do so."


class FormCopies(Kind):
    code = "form-copies"
    template = "form {form} comes in two files that differ, {file!r} and {other!r}: {cells}"
    vi = "cùng một biểu được gửi trong hai tệp khác nhau, {file!r} và {other!r}; các ô khác nhau: {cells}"
    description = (
        "Two files carry the same form with different answers (a copy in one batch, or a form already imported "
        "from another file): nothing of the form is written until the Department picks one (`import --prefer FILE`)."
    )


# --- the report's template ----------------------------------------------------------------


class TemplateSyntax(Kind):
    code = "template-syntax"
    template = "{message}"
    vi = "mẫu Word không dùng được: {message}"
    description = (
        "The Word template is not a usable .docx, or one of its tags does not parse (the part and paragraph are named)."
    )


class TemplateUnsafe(Kind):
    code = "template-unsafe"
    template = "{message}"
    vi = "thẻ của mẫu Word không được phép: {message}"
    description = (
        "A tag of the Word template reaches past the report's content (a name the report does not give, an "
        "attribute starting with `_`): it is refused, since a template's tags are code."
    )


# --- warnings (fail only under --strict) ---------------------------------------------------


class FutureActual(Kind):
    code = "future-actual"
    severity = "warning"
    template = "actual for {year}, which is after this year ({today})"
    vi = "số liệu của năm {year}, sau năm hiện tại ({today}); có thể ghi nhầm năm"
    description = "An actual for a year after the current one: almost always a typo in the year."


class AgencyAlias(Kind):
    code = "agency-alias"
    severity = "warning"
    template = "{name!r} is an alias; use the agency id {id!r}"
    vi = "{name!r} là tên gọi khác; dùng mã cơ quan {id!r}"
    description = "A task names an agency by one of its spellings instead of its id."


class ScopeWithoutNote(Kind):
    code = "scope-without-note"
    severity = "warning"
    template = "actual has scope {scope!r}, not the indicator's {expected!r}, and no note saying why it is recorded"
    vi = "số liệu của phạm vi {scope!r}, không phải phạm vi của chỉ tiêu ({expected!r}), mà không ghi chú lý do"
    description = "An actual for another jurisdiction, with no note saying why it is recorded."


class StaleTempFile(Kind):
    code = "stale-temp-file"
    severity = "warning"
    template = "{name!r} is a temporary file left by an interrupted stiplan write; the next write removes it"
    vi = "{name!r} là tệp tạm do một lần ghi bị ngắt để lại; lần ghi sau sẽ xóa"
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


def kind_of(code: str) -> type[Kind] | None:
    """The kind with this code (a problem's wording is made again in other words)."""
    return next((k for k in KINDS if k.code == code), None)


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
