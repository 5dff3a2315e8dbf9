"""The data files' schemas (Pydantic v2): what a valid file holds, field by field.

Rules that need only one field live here (types, allowed values, a source that is not
blank). Rules that span fields or files (ids that must exist, ranges per unit, years that
must match) live in `checks`, so that every problem can be reported at once with its place.
Descriptions double as editor help through the exported JSON Schema.
"""

import datetime as dt
import re
from collections import Counter
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from stiplan import dataformat
from stiplan.lang import Bilingual, Lang, Term
from stiplan.vocabulary import UNITS, Direction, TargetKind, TaskStatus, Unit

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=64)]
NonBlank = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
Year = Annotated[int, Field(ge=1900, le=2200)]
Date = Annotated[dt.date, Field(strict=False)]


def empty(kind: type[list[Any]] | type[dict[Any, Any]] = list, **field: Any) -> Any:
    """A field that is empty unless the file fills it: a new list (or dict) per object. A literal
    `[]` default is deep-copied by pydantic for every object that leaves the field out (13,402
    copies in `validate` at 100x); the schema still shows the default."""
    return Field(
        default_factory=_new_dict if kind is dict else _new_list, json_schema_extra={"default": kind()}, **field
    )


# Functions rather than `list` and `dict` themselves: pydantic reads a factory's signature when it
# builds a model's validator, and a builtin's is parsed from its text (tokenize and re, for every
# such field on each cold run).
def _new_list() -> list[Any]:
    return []


def _new_dict() -> dict[Any, Any]:
    return {}


class Strict(BaseModel):
    """Unknown fields are errors (they are nearly always typos); text is never coerced; a
    number is finite (the YAML reader already refuses .inf and .nan with their position)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True, allow_inf_nan=False)


class DataFile(Strict):
    """A whole data file, which may state the data format it is written in."""

    format: int = Field(
        default=dataformat.ABSENT,
        ge=1,
        le=dataformat.FORMAT,
        description=(
            f"The layout this file is written in; absent means {dataformat.ABSENT}. "
            f"A stiplan reads formats up to its own (this one: {dataformat.FORMAT}) and refuses a newer one"
        ),
    )


class Text(Strict, Bilingual):
    """A text in the plan's language and in English (`pick(lang)` gives one)."""

    vi: NonBlank = Field(description="Vietnamese, verbatim where it quotes the plan")
    en: NonBlank = Field(description="English")


class OptionalEnText(Strict, Bilingual):
    """A text the source gives in Vietnamese only, perhaps translated (`pick` falls back to vi)."""

    vi: NonBlank
    en: str | None = None


class SourceRef(Strict):
    """Where in the plan a figure or goal is set."""

    clause: NonBlank = Field(description="Clause of the source document, e.g. II.2.e (Mục II, khoản 2, điểm e)")
    section: NonBlank | None = Field(
        default=None,
        description="The section's title when the source numbers two sections alike (a plan may print two sections 'II')",
    )
    text: NonBlank = Field(description="The verbatim Vietnamese sentence that sets it")


# --- targets.yaml --------------------------------------------------------------------------


class Scope(Strict):
    id: Id
    name: Text
    aliases: list[NonBlank] = empty(description="Other names a user may type for it (--scope)")
    note: str | None = None


class HistoryEvent(Strict):
    date: Date
    event: Text
    source: NonBlank


class DocumentRef(Strict):
    type: NonBlank | None = Field(
        default=None,
        description="Document type as the document names itself: Quyết định, Kế hoạch, Nghị quyết, "
        "Chương trình hành động, Chỉ thị, Đề án …; absent: outputs name the number alone",
    )
    decision: NonBlank = Field(description="Document number, e.g. 123/QĐ-TTg")
    date: Date
    title: Text
    issuer: Text | None = None


class Period(Strict):
    start: Year
    end: Year


class ReportedBy(Strict):
    """Who is asked for an indicator's yearly figure, and where the plan says so."""

    agency: Id = Field(description="Agency id (agencies.yaml) the collection form for the figure goes to")
    clause: NonBlank | None = Field(
        default=None, description="Clause of the plan that assigns it; absent: not assigned by the plan"
    )
    text: NonBlank | None = Field(default=None, description="The plan's verbatim Vietnamese sentence, with the clause")
    note: NonBlank | None = Field(default=None, description="Why this agency, where the plan does not say it outright")


class Cutoff(Strict):
    """The last day of a reporting year, as month and day (14/12 under Decree 09/2019/NĐ-CP)."""

    month: Annotated[int, Field(ge=1, le=12)] = Field(description="Month of the cut-off day (1-12)")
    day: Annotated[int, Field(ge=1, le=31)] = Field(description="Day of the month of the cut-off")


class Reporting(Strict):
    """How the plan's tasks are reported on: the annual cut-off, with the rule it comes from."""

    cutoff: Cutoff = Field(description="Last day of a reporting year; a bare --as-of YEAR means this day of YEAR")
    source: NonBlank = Field(description="The rule that sets the cut-off")
    note: str | None = Field(default=None, description="What the source does not settle (e.g. a deadline)")


class BaseYear(Strict):
    """The year the plan measures progress from, and where the plan says so."""

    year: Year = Field(description="The base year, e.g. 2020")
    source: NonBlank = Field(description="Where the plan names it, e.g. its 'so với năm 2020'")


class JurisdictionEnd(Strict):
    """The day the plan's own territory ceased to exist (after it, every figure names its scope)."""

    date: Date = Field(description="First day the territory no longer exists as such, e.g. 2025-07-01")
    source: NonBlank = Field(description="The act that ended it")


class ScopeDecision(Strict):
    """The Department's decision on which scope the plan's indicators are judged on from a date
    (after a change of jurisdiction): stiplan never guesses it, the data records it with its basis."""

    date: Date = Field(description="First day the decision applies; a figure of a year that reaches it is judged on it")
    scope: Id = Field(description="The scope (one of the plan's scopes) figures are judged on from that day")
    indicators: list[Id] = empty(
        description="The indicators it covers; empty: every indicator judged on the plan's jurisdiction",
    )
    series_break: bool = Field(
        default=False,
        description="true: figures of earlier years are not compared with those from this date (a new series)",
    )
    document: NonBlank | None = Field(
        default=None, description="The Department's document that decides it (number, date, issuer)"
    )
    note: NonBlank | None = Field(default=None, description="The basis in words, when no document says it")

    @model_validator(mode="after")
    def _has_basis(self) -> "ScopeDecision":
        if self.document is None and self.note is None:
            raise PydanticCustomError(  # its code words it in Vietnamese (store.reading.SCHEMA_WORDS)
                "scope_decision_basis",
                "a scope decision needs its basis: `document` (the Department's decision) or `note`",
            )
        return self


class Plan(Strict):
    id: Id
    type: NonBlank | None = Field(
        default=None,
        description="Document type as the document names itself: Quyết định, Kế hoạch, Nghị quyết, "
        "Chương trình hành động, Chỉ thị, Đề án …; absent: outputs name the number alone",
    )
    decision: NonBlank = Field(
        description="The number of the document that issues the plan, e.g. 123/QĐ-UBND or 45/KH-UBND"
    )
    date: Date = Field(description="Date of signature")
    title: Text
    issuer: Text
    signed_by: str | None = None
    implements: DocumentRef | None = None
    period: Period
    milestones: list[Year] = Field(description="Milestone years the targets are set for")
    vision: Year | None = Field(
        default=None,
        description="The plan's vision year ('tầm nhìn đến năm …'), after its period: targets may be set for it",
    )
    jurisdiction: Id = Field(description="Scope id of the plan's own territory")
    jurisdiction_end: JurisdictionEnd | None = Field(
        default=None, description="When the plan's territory ceased to exist; later figures must state a scope"
    )
    base_year: BaseYear | None = Field(
        default=None, description="Base year of every trend, unless a target names its own baseline year"
    )
    scope_decisions: list[ScopeDecision] = empty(
        description="The Department's decisions on the scope figures are judged on after a change of "
        "jurisdiction, oldest first; none after the end: later figures are not judged",
    )
    scopes: list[Scope] = Field(description="Every scope an actual may carry")
    history: list[HistoryEvent] = empty()
    notes: list[Text] = empty(description="Notes a report on the plan must carry")
    collector: ReportedBy | None = Field(
        default=None,
        description="The agency the plan makes gather the figures and compile its report; "
        "indicators without their own reported_by are asked of it",
    )
    reporting: Reporting | None = Field(default=None, description="Reporting cut-off of the plan's task reports")

    def base_year_in_force(self) -> int:
        """The declared base year, else stiplan's documented reading: the last year before the
        plan's period (docs/methodology.md), so older context figures never move a verdict."""
        return self.base_year.year if self.base_year is not None else self.period.start - 1


# --- amended targets -----------------------------------------------------------------------


class Amendment(Strict):
    """The document that changed a target: the amended target sits beside the original, and is
    the one in force from `in_force_from` on (the original before)."""

    document_type: NonBlank = Field(description="The document's type as it names itself, e.g. Quyết định, Nghị quyết")
    number: NonBlank = Field(description="Its number, e.g. 123/QĐ-UBND")
    date: Date = Field(description="Date of signature")
    clause: NonBlank = Field(description="The clause that sets the new target")
    text: NonBlank = Field(description="The verbatim Vietnamese sentence that sets it")
    in_force_from: Date = Field(description="First day the amended target replaces the earlier one")


class Target(Strict):
    """One milestone target. Which fields apply depends on `kind` (see stiplan's docs/data-format.md, "Target kinds")."""

    year: Year
    kind: TargetKind
    value: float | None = Field(default=None, description="Threshold, rank N, or the increment")
    tolerance: float | None = Field(default=None, ge=0, description="'about' targets: allowed distance")
    min: float | None = Field(default=None, description="'range' targets: lower end")
    max: float | None = Field(default=None, description="'range' targets: upper end")
    factor: float | None = Field(default=None, gt=0, description="'multiple_of_baseline': the multiple")
    baseline_year: Year | None = Field(default=None, description="Year whose actual the target is relative to")
    period_start: Year | None = Field(
        default=None,
        description="Averages and levels kept every year: first year of the period that ends in `year`",
    )
    note: str | None = None
    amended_by: Amendment | None = Field(
        default=None, description="The amendment that set this target; absent: the plan's own document set it"
    )


class SeriesBreak(Strict):
    """From `year` on, figures may belong to another frame (ranking, definition, source, territory).

    A figure states its frame with `frame`; without one, it belongs to `before` when its year is
    earlier than `year` and to `after` otherwise. Only figures of the indicator's frame (the first
    break's `before`, unless the indicator says otherwise) enter the arithmetic.
    """

    year: Year = Field(description="First year (edition) published in the new frame")
    before: Id = Field(description="Frame of the figures before the break, e.g. provinces_63")
    after: Id = Field(description="Frame after the break, e.g. provinces_34")
    before_ends: Year | None = Field(
        default=None,
        description="Last year (edition) published in the `before` frame, when its publisher stopped it",
    )
    source: NonBlank = Field(description="Where the new frame is published")
    reason: NonBlank = Field(description="Why figures across the break cannot be compared")


class Indicator(Strict):
    id: Id
    name: Text
    unit: Unit
    direction: Direction = Field(description="increase: higher is better; decrease: lower is better")
    scope: Id | None = Field(default=None, description="Scope the indicator measures; default: the plan's jurisdiction")
    source: SourceRef
    targets: list[Target]
    frame: Id | None = Field(
        default=None, description="Frame the targets are set in; default: the first break's 'before'"
    )
    breaks: list[SeriesBreak] = empty(description="Declared series breaks, oldest first")
    notes: list[NonBlank] = empty(description="Readings chosen where the text is ambiguous")
    reported_by: ReportedBy | None = Field(
        default=None, description="Who provides the yearly figure; default: the plan's collector"
    )
    unit_word: Text | None = Field(
        default=None,
        description="What the plan counts, in its own word (doanh nghiệp, tổ chức, đối tượng …), printed in "
        "place of the unit's generic word; absent: the unit's word",
    )
    report_note: Text | None = Field(
        default=None,
        description="A note a report on the plan prints with the indicator (e.g. a national index the province "
        "contributes to)",
    )

    def unit_in(self, lang: Lang) -> str:
        """The indicator's unit in words: the plan's own word when recorded, else the unit's."""
        return self.unit_word.pick(lang) if self.unit_word is not None else UNITS[self.unit].pick(lang)


class Goal(Strict):
    """A qualitative goal: recorded faithfully, never scored."""

    id: Id
    kind: Literal["qualitative"]
    name: Text
    year: Year | None = None
    source: SourceRef
    notes: list[NonBlank] = empty()

    def to_dict(self) -> dict[str, object]:
        """What JSON outputs give of a goal: the plan's own words, never a score."""
        return {
            "id": self.id,
            "kind": self.kind,
            "name": {"vi": self.name.vi, "en": self.name.en},
            "year": self.year,
            "clause": self.source.clause,
            "text": self.source.text,
            "notes": list(self.notes),
        }


class BudgetYear(Strict):
    """The plan's funds in one year, as a source gives them: allocated (bố trí) and disbursed
    (giải ngân), in million đồng. A figure the source does not give is left out, never estimated."""

    year: Year = Field(description="The budget year")
    allocated: float | None = Field(default=None, ge=0, description="Funds allocated (kinh phí bố trí), million đồng")
    disbursed: float | None = Field(default=None, ge=0, description="Funds disbursed (giải ngân), million đồng")
    source: NonBlank = Field(description="Where the figures are published (document number, date), in Vietnamese")
    source_en: NonBlank | None = Field(default=None, description="The same source in English, for English outputs")
    note: str | None = Field(default=None, description="What the source leaves open (e.g. which funds it counts)")

    @model_validator(mode="after")
    def _a_figure(self) -> "BudgetYear":
        if self.allocated is None and self.disbursed is None:
            raise PydanticCustomError("budget_year_figure", "a budget year gives allocated, disbursed or both")
        return self


class TargetsFile(DataFile):
    plan: Plan
    indicators: list[Indicator]
    goals: list[Goal] = empty()
    budget: list[BudgetYear] = empty(
        description="The plan's funds per year (allocated, disbursed), when a source gives them"
    )

    @field_validator("budget")
    @classmethod
    def _one_entry_a_year(cls, v: list[BudgetYear]) -> list[BudgetYear]:
        twice = sorted(y for y, n in Counter(b.year for b in v).items() if n > 1)
        if twice:
            years = ", ".join(map(str, twice))
            raise PydanticCustomError(
                "budget_year_twice", "the budget gives year {years} more than once", {"years": years}
            )
        return v


# --- agencies.yaml -------------------------------------------------------------------------


class Responsibility(Strict):
    clause: NonBlank
    vi: NonBlank
    en: NonBlank


class Succession(Strict):
    """Another agency took over this one's duties, whole or in part, from a date."""

    to: NonBlank = Field(description="Id of the agency that took over")
    date: Date = Field(description="First day the successor is responsible")
    extent: Literal["whole", "part"] = Field(description="whole: every duty; part: some duties (say which)")
    duties: str | None = Field(default=None, description="part: which duties went to this successor")
    source: NonBlank = Field(description="Where this succession is stated")
    confirmed: bool = Field(
        default=True, description="false: the source does not state it for this jurisdiction or date (see note)"
    )
    note: str | None = Field(default=None, description="What the source leaves open, and what was inferred")


class AgencyEnd(Strict):
    """The day an agency ceased to exist, with no successor known (a known one is a succession)."""

    date: Date = Field(description="First day the agency no longer exists")
    source: NonBlank = Field(description="Where its end is stated")
    note: str | None = Field(default=None, description="What the source leaves open (who took over its duties)")


class Agency(Strict):
    id: Id
    name: Text
    kind: Literal[
        "department",
        "people_committee",
        "people_council",
        "party_body",
        "mass_organisation",
        "media",
        "fund",
        "police",
        "collective",
        "other",
    ]
    aliases: list[NonBlank] = empty(description="Every spelling the source uses")
    parent: Id | None = Field(
        default=None,
        description="Id of the body the agency belongs to (cơ quan chủ quản): a report's letterhead and "
        "recipients default to it",
    )
    responsibilities: list[Responsibility] = empty()
    successions: list[Succession] = empty(
        description="Agencies that took over this one's duties (whole or in part), from a date"
    )
    notes: list[NonBlank] = empty(description="What is known, and not confirmed, about the agency")
    ended: AgencyEnd | None = Field(
        default=None,
        description="When the agency ceased to exist without a known successor: the pre-signing checklist "
        "lists the tasks and figures it still answers for",
    )


class AgenciesFile(DataFile):
    agencies: list[Agency]


# --- tasks.yaml ----------------------------------------------------------------------------


class Group(Strict):
    id: NonBlank
    label: str | None = Field(default=None, description="The label the source prints, when it differs from id")
    title: Text
    remarks: str | None = None


class Part(Strict):
    id: NonBlank
    title: Text
    groups: list[Group]


class Timeframe(Strict):
    text: NonBlank = Field(description="The source's own wording")
    start: Year | None = None
    end: Year | None = Field(default=None, description="Last year; null when open to the plan's end")
    yearly: bool = Field(default=False, description="A recurring task, due every year from start")


class Task(Strict):
    id: Annotated[int, Field(ge=1)]
    part: NonBlank
    group: NonBlank
    title: OptionalEnText
    document: str | None = Field(default=None, description="Part A: the approved document")
    issuer: str | None = Field(default=None, description="Part A: issuing body")
    output: str | None = Field(default=None, description="Part B: expected output or issuing level")
    responsible_text: str | None = Field(default=None, description="Part A: responsibility cell verbatim")
    lead_text: str | None = Field(default=None, description="Part B: lead agency cell verbatim")
    cooperating_text: str | None = Field(default=None, description="Part B: cooperating cell verbatim")
    lead: NonBlank = Field(description="Lead agency id")
    cooperating: list[NonBlank] = empty(description="Cooperating agency ids")
    timeframe: Timeframe
    note: str | None = None
    remarks: str | None = Field(default=None, description="Transcriber's conclusions where the source is broken")


class TasksFile(DataFile):
    appendix: NonBlank | None = Field(
        default=None,
        description="What the plan calls its list of tasks, as forms and reports name it (e.g. 'Phụ lục 1'); "
        "absent: 'danh mục nhiệm vụ'",
    )
    parts: list[Part]
    tasks: list[Task]


# --- actuals/YYYY.yaml ---------------------------------------------------------------------


class Actual(Strict):
    """One indicator's value for the file's year."""

    value: float = Field(description="The published figure, in the indicator's unit")
    of: Annotated[int, Field(ge=1)] | None = Field(default=None, description="Rank indicators: how many were ranked")
    source: NonBlank = Field(
        description="Publication, date, URL or document number, in Vietnamese: the Vietnamese report prints it as written"
    )
    source_en: NonBlank | None = Field(
        default=None, description="The same source in English, for English outputs; absent: `source` as written"
    )
    estimate: bool | None = Field(
        default=None,
        description="true: an estimate or a preliminary figure (số liệu ước tính), not final; listed before "
        "signing. Absent: a final figure",
    )
    scope: Id | None = Field(
        default=None,
        description="Jurisdiction the figure covers; required after the plan's jurisdiction ended",
    )
    frame: Id | None = Field(default=None, description="Frame of the figure, when the indicator declares breaks")
    note: str | None = None
    reported_by: Id | None = Field(default=None, description="Agency that reported it on a collection form")
    form: NonBlank | None = Field(default=None, description="Id of that form (data/collection/YEAR.yaml lists it)")

    def source_in(self, lang: Lang) -> str:
        return source_text(self.source, self.source_en, lang)


def source_text(source: str, source_en: str | None, lang: Lang) -> str:
    """A figure's source in a report's language: its English text in English when recorded,
    else the source as written (the Vietnamese one)."""
    return Term(source, source_en or "").pick(lang)


def _entry_shape(value: object) -> str:
    return "figures" if isinstance(value, list) else "figure"


ActualEntry = Annotated[
    Annotated[Actual, Tag("figure")] | Annotated[list[Actual], Tag("figures")],
    Discriminator(_entry_shape),
]
"""An indicator's entry for a year: one figure (a mapping) or figures for distinct scopes (a list).

The shape decides the branch, so a bad value gets one error at its own place, not one per branch.
"""


class TaskReport(Strict):
    """One task's status as reported for the file's year."""

    status: TaskStatus
    source: NonBlank
    date: Date | None = None
    note: str | None = None
    reported_by: Id | None = Field(default=None, description="Agency that reported it on a collection form")
    form: NonBlank | None = Field(default=None, description="Id of that form (data/collection/YEAR.yaml lists it)")


TASK_KEY_SEP = "/"
"""Between a plan's id and its task's number in a task report's key ('tw57_2024/3')."""
PLAN_TASK_KEY = r"^[a-z][a-z0-9_]*/[1-9][0-9]*$"
"""'<plan id>/<task number>': a task report that names its plan (a folder where several plans list tasks)."""


def task_key(plan_id: str, task_id: int) -> str:
    """The key of a task report that names its plan: 'tw57_2024/3'."""
    return f"{plan_id}{TASK_KEY_SEP}{task_id}"


def is_task_key(key: object) -> bool:
    """A task report's key: a task number, or '<plan id>/<number>'."""
    if isinstance(key, bool):
        return False
    return isinstance(key, int) or (isinstance(key, str) and re.fullmatch(PLAN_TASK_KEY, key) is not None)


def _task_key(value: object) -> int | str:
    """One check, one error for a task report's key (a union of two types would give two)."""
    if isinstance(value, (int, str)) and is_task_key(value):
        return value
    raise PydanticCustomError(
        "task_key_type",
        "expected a task number, or '<plan id>/<number>' where several plans list tasks, got {got}",
        {"got": repr(value)[:40]},
    )


TaskKey = Annotated[int | str, PlainValidator(_task_key, json_schema_input_type=int | str)]
"""A task report's key: the task's number, or '<plan id>/<number>' (`split_task_key`)."""


def split_task_key(key: int | str) -> tuple[str | None, int]:
    """(the plan a report's key names, or None for a bare number; the task's number)."""
    if isinstance(key, int):
        return None, key
    plan_id, _, number = key.rpartition(TASK_KEY_SEP)
    return plan_id, int(number)


class ActualsFile(DataFile):
    year: Year
    indicators: dict[str, ActualEntry] = empty(dict, description="One figure, or a list of figures for distinct scopes")
    tasks: dict[TaskKey, TaskReport] = empty(dict)
    """Task reports by task number ('3'), or by plan and number ('tw57_2024/3') where several
    plans of the folder list tasks (task numbers are each plan's own); `Dataset.task_reports`
    says whose each is."""

    def figures(self, indicator: str) -> list[Actual]:
        """The figures recorded for one indicator (one per scope)."""
        entry = self.indicators.get(indicator)
        if entry is None:
            return []
        return list(entry) if isinstance(entry, list) else [entry]

    @field_validator("indicators", "tasks", mode="before")
    @classmethod
    def _null_is_empty(cls, v: object) -> object:
        """A section whose stanzas are all still commented out (a new-year form) is empty."""
        return {} if v is None else v


# --- collection/YYYY.yaml ------------------------------------------------------------------


class LoggedProblem(Strict):
    """One problem of a returned form, as the round's log keeps it for the send-back note."""

    code: NonBlank = Field(description="The problem's code (docs/problems.md)")
    where: NonBlank = Field(description="Sheet and cell ('Chỉ tiêu!G8'), a CSV's line, or the file")
    column: str | None = Field(default=None, description="The title of the cell's column on the form")
    message: NonBlank = Field(description="What is wrong and what to fix, in the words the agency reads")


class CollectionEvent(Strict):
    """One step of the yearly collection: a form sent, received back, or sent back."""

    kind: Literal["sent", "received", "returned"] = Field(
        description="sent: the form went out; received: it came back; returned: sent back for correction"
    )
    date: Date = Field(description="When it happened (YYYY-MM-DD)")
    agency: Id = Field(description="Agency id the form is for")
    form: NonBlank = Field(description="Form id: a hash of what was sent (plan, year, agency, rows)")
    file: NonBlank | None = Field(default=None, description="File name of the workbook sent or received")
    deadline: Date | None = Field(default=None, description="sent: the date the form is due back")
    indicators: Annotated[int, Field(ge=0)] | None = Field(default=None, description="sent: figures asked for")
    tasks: Annotated[int, Field(ge=0)] | None = Field(default=None, description="sent: task reports asked for")
    backlog: dict[Year, Annotated[int, Field(ge=1)]] | None = Field(
        default=None, description="sent: past years' task reports asked for (the backlog sheet), per year"
    )
    problems: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="received: problems found in it (0: imported)"
    )
    recorded: Annotated[int, Field(ge=0)] | None = Field(default=None, description="received: entries it recorded")
    digest: NonBlank | None = Field(default=None, description="received: sha256 of the file, so a re-import is seen")
    note: str | None = Field(default=None, description="returned: what must be corrected")
    found: list[LoggedProblem] | None = Field(
        default=None, description="received, returned: each problem found in the form (the list, not a count)"
    )


class CollectionFile(DataFile):
    """The log of one year's collection round: which forms went out and which came back."""

    year: Year = Field(description="The reporting year; must match the file name (2026.yaml holds year: 2026)")
    events: list[CollectionEvent] = empty(description="In the order they happened; appended, never edited")

    @field_validator("events", mode="before")
    @classmethod
    def _null_is_empty(cls, v: object) -> object:
        return [] if v is None else v
