"""Every closed vocabulary of stiplan, in one place: target kinds, units, directions, indicator
statuses and task states, each with its words.

Each vocabulary is one table of rules (the fields a kind needs, a unit's bounds, a status's
words in Vietnamese and English, its colour and order); words are read with `.pick(lang)`
(`stiplan.lang`). The models' Literals, the checks, the
progress engine's constants, the labels and the CLI choices are all read from here, so two
outputs can no longer word the same thing differently. Standard library only: the pure
progress engine imports it.

Adding a target kind: add it to `TargetKind` and to `KINDS` here, teach
`engine/progress.resolve_threshold`/`is_met` what meeting it means, and add its test. The
Literals are spelled out (a type checker cannot read them from a table); a test asserts that
each Literal and its table hold the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from stiplan.lang import Bilingual, Lang, Term, Words

# --- directions -----------------------------------------------------------------------------

Direction = Literal["increase", "decrease"]


@dataclass(frozen=True)
class DirectionRule(Bilingual):
    """Which way an indicator improves, in the words every output uses."""

    code: str
    vi: str
    en: str


DIRECTIONS: Final[dict[str, DirectionRule]] = {
    "increase": DirectionRule("increase", "càng cao càng tốt", "higher is better"),
    "decrease": DirectionRule("decrease", "càng thấp càng tốt", "lower is better"),
}

# --- units ----------------------------------------------------------------------------------

Unit = Literal["percent", "rank", "count", "per_10k_people", "index", "percent_change"]


@dataclass(frozen=True)
class UnitRule(Bilingual):
    """What a unit can hold and how it and the difference of two of its values are worded."""

    code: str
    low: float | None
    high: float | None
    whole: bool
    rule: Term
    """The bound in words, for the value-out-of-range problem (a clerk's form says it too)."""
    vi: str
    en: str
    difference: Term | None = None
    """The unit of a difference of two values: 'điểm phần trăm' for a share, 'bậc' for a rank."""
    difference_one: Term | None = None
    """The same for a difference of exactly 1 ('1 percentage point', '1 place')."""


UNITS: Final[dict[str, UnitRule]] = {
    "percent": UnitRule(
        "percent", 0, 100, False,
        Term("tỷ lệ phần trăm nằm trong khoảng từ 0 đến 100", "a percentage lies between 0 and 100"), "%", "%",
        Term("điểm phần trăm", "percentage points"), Term("điểm phần trăm", "percentage point"),
    ),
    "rank": UnitRule(
        "rank", 1, None, True,
        Term(
            "thứ hạng là số nguyên từ 1 trở lên (và không lớn hơn tổng số được xếp hạng)",
            "a rank is a whole number of at least 1 (and at most the number ranked)",
        ),
        "thứ hạng", "rank", Term("bậc", "places"), Term("bậc", "place"),
    ),
    "count": UnitRule(
        "count", 0, None, True,
        Term("số lượng là số nguyên từ 0 trở lên", "a count is a whole number of at least 0"), "số lượng", "count",
    ),
    "per_10k_people": UnitRule(
        "per_10k_people", 0, None, False,
        Term("số người trên một vạn dân từ 0 trở lên", "a ratio per 10,000 people is at least 0"), "người/vạn dân",
        "per 10,000 people", Term("người/vạn dân", "per 10,000 people"), Term("người/vạn dân", "per 10,000 people"),
    ),
    "index": UnitRule(
        "index", 0, 1, False, Term("chỉ số nằm trong khoảng từ 0 đến 1", "an index lies between 0 and 1"), "chỉ số", "index",
    ),
    "percent_change": UnitRule(
        "percent_change", None, None, False,
        Term("tốc độ thay đổi có thể là số bất kỳ", "a yearly rate of change in percent may be any number, negative included"),
        "%", "%", Term("điểm phần trăm", "percentage points"), Term("điểm phần trăm", "percentage point"),
    ),
}  # fmt: skip


def value_in_range(unit: str, value: float, of: int | None = None) -> bool:
    """Whether a value is possible for its unit (used for actuals and for targets)."""
    rule = UNITS.get(unit)
    if rule is None:
        return True
    if rule.whole and not float(value).is_integer():
        return False
    if rule.low is not None and value < rule.low:
        return False
    if rule.high is not None and value > rule.high:
        return False
    return not (unit == "rank" and of is not None and value > of)


# --- target kinds ---------------------------------------------------------------------------

TargetKind = Literal[
    "at_least",
    "above",
    "at_most",
    "below",
    "about",
    "rank_within",
    "range",
    "multiple_of_baseline",
    "increment_over_baseline",
    "average_growth",
    "average_growth_range",
    "average_over_period",
    "keep_at_least",
    "keep_above",
    "keep_at_most",
    "keep_below",
]


@dataclass(frozen=True)
class KindRule(Bilingual):
    """One kind of target: the fields it needs, the direction it implies, how it reads.

    `vi`/`en` are templates over {value}, {min}, {max}, {factor}, {year}, {tolerance} (already
    formatted numbers with their unit); they read as the plan reads.
    """

    code: str
    needs: tuple[str, ...]
    direction: str | None
    symbol: str
    vi: str
    en: str
    relative: bool = False
    may: tuple[str, ...] = ()
    """Fields the kind takes when the plan states them (an average growth's own base year)."""
    growth: bool = False
    """An average yearly growth rate in percent: judged on the path base × (1 + r)^(t − t0)."""
    period: bool = False
    """Over the years period_start..year: an average over them, or a level kept every year."""


KINDS: Final[dict[str, KindRule]] = {
    "at_least": KindRule("at_least", ("value",), "increase", "≥", "≥ {value}", "≥ {value}"),
    "above": KindRule("above", ("value",), "increase", ">", "> {value}", "> {value}"),
    "at_most": KindRule("at_most", ("value",), "decrease", "≤", "≤ {value}", "≤ {value}"),
    "below": KindRule("below", ("value",), "decrease", "<", "< {value}", "< {value}"),
    "about": KindRule("about", ("value", "tolerance"), None, "≈", "khoảng {value}", "about {value}"),
    "rank_within": KindRule(
        "rank_within", ("value",), "decrease", "≤", "trong nhóm {value} đứng đầu", "within the top {value}"
    ),
    "range": KindRule("range", ("min", "max"), None, "–", "{min}–{max}", "{min}–{max}"),
    "multiple_of_baseline": KindRule(
        "multiple_of_baseline",
        ("factor", "baseline_year"),
        None,
        "×",
        "gấp {factor} lần năm {year}",
        "{factor} times the {year} value",
        relative=True,
    ),
    "increment_over_baseline": KindRule(
        "increment_over_baseline",
        ("value", "baseline_year"),
        None,
        "+",
        "tăng thêm {value} so với năm {year}",
        "{value} more than in {year}",
        relative=True,
    ),
    "average_growth": KindRule(
        "average_growth",
        ("value",),
        None,
        "%/năm",
        "tăng trung bình {value}%/năm",
        "average growth of {value}% a year",
        relative=True,
        may=("baseline_year",),
        growth=True,
    ),
    "average_growth_range": KindRule(
        "average_growth_range",
        ("min", "max"),
        None,
        "%/năm",
        "tăng trung bình {min}–{max}%/năm",
        "average growth of {min}–{max}% a year",
        relative=True,
        may=("baseline_year",),
        growth=True,
    ),
    "average_over_period": KindRule(
        "average_over_period",
        ("value", "period_start"),
        None,
        "avg",
        "trung bình giai đoạn {start}–{year} đạt {value}",
        "an average of {value} over {start}–{year}",
        period=True,
    ),
    "keep_at_least": KindRule(
        "keep_at_least",
        ("value", "period_start"),
        "increase",
        "≥",
        "duy trì hằng năm {start}–{year} ở mức ≥ {value}",
        "kept at ≥ {value} every year {start}–{year}",
        period=True,
    ),
    "keep_above": KindRule(
        "keep_above",
        ("value", "period_start"),
        "increase",
        ">",
        "duy trì hằng năm {start}–{year} trên {value}",
        "kept above {value} every year {start}–{year}",
        period=True,
    ),
    "keep_at_most": KindRule(
        "keep_at_most",
        ("value", "period_start"),
        "decrease",
        "≤",
        "duy trì hằng năm {start}–{year} ở mức ≤ {value}",
        "kept at ≤ {value} every year {start}–{year}",
        period=True,
    ),
    "keep_below": KindRule(
        "keep_below",
        ("value", "period_start"),
        "decrease",
        "<",
        "duy trì hằng năm {start}–{year} dưới {value}",
        "kept below {value} every year {start}–{year}",
        period=True,
    ),
}

KIND_PROSE: Final[dict[str, Term]] = {
    "at_least": Term("tối thiểu {value}", "at least {value}"),
    "above": Term("trên {value}", "above {value}"),
    "at_most": Term("không quá {value}", "at most {value}"),
    "below": Term("dưới {value}", "below {value}"),
}
"""How a signed document writes the comparison kinds ('tối thiểu 50 %', as plans write them),
where tables write the sign ('≥ 50 %')."""
"""The plan's own target kinds. `vi`/`en` read as the plan reads ("tăng thêm 05 … so với năm 2020")."""

TARGET_FIELDS: Final[tuple[str, ...]] = ("value", "tolerance", "min", "max", "factor", "baseline_year", "period_start")
"""Every field a target kind may need; a kind takes exactly those in its `needs`."""

RELATIVE_KINDS: Final[frozenset[str]] = frozenset(k for k, r in KINDS.items() if r.relative)
GROWTH_KINDS: Final[frozenset[str]] = frozenset(k for k, r in KINDS.items() if r.growth)
"""Average yearly growth ('tăng trung bình 16–18%/năm'): value/min/max are rates in percent, not
values of the indicator; the base is the base year in force (the target's own, else the plan's)."""
PERIOD_KINDS: Final[frozenset[str]] = frozenset(k for k, r in KINDS.items() if r.period)
GROWTH_FROM: Final[Term] = Term(" so với năm {year}", " from {year}")
"""Appended to a growth target's wording when the plan states its own base year."""
KIND_DIRECTION: Final[dict[str, str]] = {k: r.direction for k, r in KINDS.items() if r.direction}
RANK_KINDS: Final[tuple[str, ...]] = ("rank_within", "at_most", "below", "range")
"""The kinds a rank indicator may take (lower is better)."""

TOLERANCE_READING: Final[Term] = Term(
    "cách đọc của stiplan: ± {tolerance}, kế hoạch không nêu", "stiplan's reading: ± {tolerance}; the plan states none"
)
"""The tolerance of an 'about' target is stiplan's reading, never part of the target."""

# --- indicator statuses ---------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRule(Bilingual):
    """One status of the progress method: its words (vi from administrative usage) and colour."""

    code: str
    vi: str
    en: str
    colour: str


STATUS_RULES: Final[tuple[StatusRule, ...]] = (
    StatusRule("achieved", "Đạt", "achieved", "bold green"),
    StatusRule("target_reached", "Đã đạt mức mục tiêu", "target level reached", "green"),
    StatusRule("on_track", "Có khả năng đạt", "on track", "green"),
    StatusRule("needs_acceleration", "Cần đẩy nhanh", "needs acceleration", "yellow"),
    StatusRule("limited_progress", "Khó đạt", "limited progress", "dark_orange"),
    StatusRule("deteriorating", "Đi xuống", "deteriorating", "red"),
    StatusRule("missed", "Không đạt", "missed", "bold red"),
    StatusRule("not_assessable", "Chưa đánh giá được", "not assessable", "magenta"),
    StatusRule("not_comparable", "Không so sánh được", "not comparable", "magenta"),
    StatusRule("insufficient_data", "Chưa đủ số liệu", "insufficient data", "dim"),
    StatusRule("no_data", "Chưa có số liệu", "no data", "dim"),
)
"""Best to worst, the data-gap statuses last: the order every table and count follows."""

STATUS_BY_CODE: Final[dict[str, StatusRule]] = {s.code: s for s in STATUS_RULES}
STATUSES: Final[tuple[str, ...]] = tuple(s.code for s in STATUS_RULES)

REASONS: Final[Words] = Words(
    no_observations=Term("chưa có số liệu nào", "no figure recorded"),
    no_value_for_milestone_year=Term("không có số liệu của năm mốc", "no figure for the milestone year"),
    baseline_missing=Term("thiếu số liệu năm gốc", "baseline value missing"),
    baseline_after_latest=Term("năm gốc sau số liệu mới nhất", "baseline is later than the latest figure"),
    single_point=Term("mới có một điểm số liệu", "only one data point"),
    period_incomplete=Term(
        "thiếu số liệu của một số năm trong giai đoạn", "figures missing for some years of the period"
    ),
    not_computable=Term("không tính được", "not computable"),
    no_figure_from_base_year=Term("không có số liệu từ năm gốc trở đi", "no figure at or after the base year"),
    other_scope_only=Term("chỉ có số liệu của phạm vi khác", "only figures of another scope"),
    other_frame_only=Term(
        "chỉ có số liệu ở phía bên kia điểm gãy chuỗi", "only figures on the other side of a series break"
    ),
    series_ended=Term(
        "chuỗi số liệu so sánh được kết thúc năm {year}; chuỗi mới có {count} số liệu, chưa đủ để đánh giá",
        "the comparable series ended in {year}; figures in the new series: {count}, too few to assess",
    ),
)
"""Stable reason codes carried by the data-gap statuses, with their words."""

LEFT_OUT: Final[Words] = Words(
    before_base_year=Term("trước năm gốc, chỉ để tham khảo", "before the base year, context only"),
    other_scope=Term("phạm vi khác, chỉ để tham khảo", "another scope, for reference only"),
    other_frame=Term("khác chuỗi (điểm gãy)", "other side of a series break"),
    undecided_scope=Term(
        "chưa có quyết định phạm vi đánh giá sau khi địa bàn thay đổi",
        "no decision on the scope it is judged on since the territory changed",
    ),
    before_scope_break=Term(
        "trước điểm gãy chuỗi khi đổi phạm vi đánh giá", "before the series break of the change of scope"
    ),
)
"""Why a recorded figure was left out of the arithmetic."""

METHODS: Final[Words] = Words(
    growth=Term("tăng trưởng kép", "compound growth"),
    linear=Term("tuyến tính", "linear"),
)
"""The two forms of the ratio R (see engine/trend)."""

# --- task states ----------------------------------------------------------------------------

TaskStatus = Literal["not_started", "in_progress", "done", "cancelled"]


@dataclass(frozen=True)
class TaskStateRule(Bilingual):
    """A task's headline state: a status a report gives, or `no_report` (computed, never stored)."""

    code: str
    vi: str
    en: str
    step: int | None
    """Where a report form lists a reported status (1 not started … 4 cancelled); None: not reported."""
    former: tuple[str, ...] = ()
    """Words this state was once written with, still read from forms filled in before."""


TASK_STATES: Final[tuple[TaskStateRule, ...]] = (
    TaskStateRule("done", "Hoàn thành", "done", 3),
    TaskStateRule("in_progress", "Đang thực hiện", "in progress", 2),
    TaskStateRule("not_started", "Chưa bắt đầu", "not started", 1),
    TaskStateRule("cancelled", "Dừng thực hiện", "cancelled", 4, former=("Đã hủy",)),
    TaskStateRule("no_report", "Chưa có báo cáo", "no report", None),
)
"""Every state a task is counted under, in the order tables and counts list them. A state added
here reaches the models (TaskStatus must list it too: a test compares them), `task update`, the
forms' dropdown, the import and every view."""

TASK_STATE_CODES: Final[tuple[str, ...]] = tuple(r.code for r in TASK_STATES)
TASK_STATUSES: Final[tuple[str, ...]] = tuple(
    r.code for r in sorted((r for r in TASK_STATES if r.step is not None), key=lambda r: r.step or 0)
)
"""The statuses a report gives, in the order a form offers them: not_started, in_progress, done, cancelled."""
CLOSING: Final[frozenset[str]] = frozenset({"done", "cancelled"})
"""Statuses after which a one-off task owes no more reports."""

TASK_WORDS: Final[Words] = Words(
    {r.code: Term(r.vi, r.en) for r in TASK_STATES},
    late=Term("Trễ hạn", "late"),
    missing=Term("Thiếu báo cáo", "missing reports"),
)
"""Each state's word, then the two flags: `late` (reported, not done, past its end) and `missing`
(a year without a report). One word each, used by every task view."""

# --- document types -------------------------------------------------------------------------

DOCUMENT_TYPES: Final[dict[str, str]] = {
    "quyết định": "Decision",
    "kế hoạch": "Plan",
    "nghị quyết": "Resolution",
    "chương trình hành động": "Action Programme",
    "chương trình": "Programme",
    "chỉ thị": "Directive",
    "đề án": "Scheme",
    "chiến lược": "Strategy",
    "nghị định": "Decree",
    "thông tư": "Circular",
    "kết luận": "Conclusion",
}
"""English words for the Vietnamese legal document types (Law 80/2015/QH13 and administrative
usage). The type itself always comes from the data (`type: Quyết định`); a type not listed here
is printed in English as the data spells it."""

DOCUMENT_WORDS: Final[Words] = Words(
    typed=Term("{type} số {number}", "{type} {number}"),
    untyped=Term("văn bản số {number}", "document {number}"),
)
"""How a document is named: its own type word and number ('Kế hoạch số 12/KH-UBND'); a document
whose type the data does not give is named by its number alone."""


def plan_word(title_vi: str, doc_type: str | None, lang: Lang) -> str:
    """What a report calls the plan in running text, its genre: the document type its own title
    opens with ('Kế hoạch thực hiện …' issued by a Quyết định is a Kế hoạch; 'Nghị quyết về …' a
    Nghị quyết), else its document type, else 'Kế hoạch'. English: that type's English word."""
    folded = " ".join(title_vi.split()).casefold()
    found = next((t for t in sorted(DOCUMENT_TYPES, key=len, reverse=True) if folded.startswith(t + " ")), None)
    if found is None:
        found = doc_type.casefold() if doc_type else "kế hoạch"
    return Term(found[:1].upper() + found[1:], DOCUMENT_TYPES.get(found, doc_type or "Plan")).pick(lang)


def document_name(doc_type: str | None, number: str, lang: Lang) -> str:
    """'Kế hoạch số 45/KH-UBND' / 'Plan 45/KH-UBND': the type from the data, never a default."""
    if not doc_type:
        return DOCUMENT_WORDS.pick("untyped", lang, number=number)
    words = Term(doc_type, DOCUMENT_TYPES.get(doc_type.casefold(), doc_type))
    return DOCUMENT_WORDS.pick("typed", lang, type=words.pick(lang), number=number)
