"""Every closed vocabulary of stiplan, in one place: target kinds, units, directions, statuses.

Each vocabulary is one table of rules (the fields a kind needs, a unit's bounds, a status's
words in Vietnamese and English, its colour and order). The models' Literals, the checks, the
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

# --- directions -----------------------------------------------------------------------------

Direction = Literal["increase", "decrease"]


@dataclass(frozen=True)
class DirectionRule:
    code: str
    sign: int
    vi: str
    en: str


DIRECTIONS: Final[dict[str, DirectionRule]] = {
    "increase": DirectionRule("increase", 1, "càng cao càng tốt", "higher is better"),
    "decrease": DirectionRule("decrease", -1, "càng thấp càng tốt", "lower is better"),
}

# --- units ----------------------------------------------------------------------------------

Unit = Literal["percent", "rank", "count", "per_10k_people", "index"]


@dataclass(frozen=True)
class UnitRule:
    """What a unit can hold and how its values and differences are worded."""

    code: str
    low: float | None
    high: float | None
    whole: bool
    rule: str
    """The bound in words, for the value-out-of-range problem."""
    vi: str
    en: str
    suffix_vi: str = ""
    suffix_en: str = ""
    """Printed after a value: '22,87 %' (vi), '22.87%' (en)."""
    diff_vi: str = ""
    diff_en: str = ""
    """The unit of a difference of two values: 'điểm phần trăm' for a share, 'bậc' for a rank."""


UNITS: Final[dict[str, UnitRule]] = {
    "percent": UnitRule(
        "percent", 0, 100, False, "a percentage lies between 0 and 100", "%", "%", " %", "%",
        "điểm phần trăm", "percentage points",
    ),
    "rank": UnitRule(
        "rank", 1, None, True, "a rank is a whole number of at least 1 (and at most the number ranked)",
        "thứ hạng", "rank", "", "", "bậc", "places",
    ),
    "count": UnitRule("count", 0, None, True, "a count is a whole number of at least 0", "số lượng", "count"),
    "per_10k_people": UnitRule(
        "per_10k_people", 0, None, False, "a ratio per 10,000 people is at least 0", "người/vạn dân",
        "per 10,000 people", " người/vạn dân", " per 10,000 people", "người/vạn dân", "per 10,000 people",
    ),
    "index": UnitRule("index", 0, 1, False, "an index lies between 0 and 1", "chỉ số", "index"),
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
]


@dataclass(frozen=True)
class KindRule:
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
}
"""The plan's own target kinds. `vi`/`en` read as the plan reads ("tăng thêm 05 … so với năm 2020")."""

TARGET_FIELDS: Final[tuple[str, ...]] = ("value", "tolerance", "min", "max", "factor", "baseline_year")
"""Every field a target kind may need; a kind takes exactly those in its `needs`."""

RELATIVE_KINDS: Final[frozenset[str]] = frozenset(k for k, r in KINDS.items() if r.relative)
KIND_DIRECTION: Final[dict[str, str]] = {k: r.direction for k, r in KINDS.items() if r.direction}
RANK_KINDS: Final[tuple[str, ...]] = ("rank_within", "at_most", "below", "range")
"""The kinds a rank indicator may take (lower is better)."""

TOLERANCE_READING: Final[dict[str, str]] = {
    "vi": "cách đọc của stiplan: ± {tolerance}, kế hoạch không nêu",
    "en": "stiplan's reading: ± {tolerance}; the plan states none",
}
"""The tolerance of an 'about' target is stiplan's reading, never part of the target."""

# --- indicator statuses ---------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRule:
    """One status of the progress method: its words (vi from administrative usage), colour, meaning."""

    code: str
    vi: str
    en: str
    colour: str
    mark: str
    """A text mark so that colour is never the only signal."""
    meaning_en: str


STATUS_RULES: Final[tuple[StatusRule, ...]] = (
    StatusRule("achieved", "Đạt", "achieved", "bold green", "✓", "the figure of the milestone year meets the target"),
    StatusRule(
        "target_reached",
        "Đã đạt mức mục tiêu",
        "target level reached",
        "green",
        "✓",
        "a figure before the milestone year meets the target; the milestone is not over",
    ),
    StatusRule("on_track", "Có khả năng đạt", "on track", "green", "↗", "R ≥ 0.95: at the observed pace, met on time"),
    StatusRule(
        "needs_acceleration",
        "Cần đẩy nhanh",
        "needs acceleration",
        "yellow",
        "→",
        "0.6 ≤ R < 0.95: the right way, too slowly",
    ),
    StatusRule("limited_progress", "Khó đạt", "limited progress", "dark_orange", "→", "0 ≤ R < 0.6: far too slowly"),
    StatusRule("deteriorating", "Đi xuống", "deteriorating", "red", "↘", "R < 0: moving away from the target"),
    StatusRule("missed", "Không đạt", "missed", "bold red", "✗", "the figure of a past milestone year misses it"),
    StatusRule(
        "not_comparable",
        "Không so sánh được",
        "not comparable",
        "magenta",
        "≠",
        "figures exist, but none of the plan's scope on the target's side of every series break",
    ),
    StatusRule(
        "insufficient_data",
        "Chưa đủ số liệu",
        "insufficient data",
        "dim",
        "?",
        "fewer than two comparable figures from the base year, or the baseline is missing",
    ),
    StatusRule("no_data", "Chưa có số liệu", "no data", "dim", "–", "no figure recorded"),
)
"""Best to worst, the data-gap statuses last: the order every table and count follows."""

STATUS_BY_CODE: Final[dict[str, StatusRule]] = {s.code: s for s in STATUS_RULES}
STATUSES: Final[tuple[str, ...]] = tuple(s.code for s in STATUS_RULES)

REASONS: Final[dict[str, dict[str, str]]] = {
    "no_observations": {"vi": "chưa có số liệu nào", "en": "no figure recorded"},
    "no_value_for_milestone_year": {"vi": "không có số liệu của năm mốc", "en": "no figure for the milestone year"},
    "baseline_missing": {"vi": "thiếu số liệu năm gốc", "en": "baseline value missing"},
    "baseline_after_latest": {"vi": "năm gốc sau số liệu mới nhất", "en": "baseline is later than the latest figure"},
    "single_point": {"vi": "mới có một điểm số liệu", "en": "only one data point"},
    "not_computable": {"vi": "không tính được", "en": "not computable"},
    "no_figure_from_base_year": {
        "vi": "không có số liệu từ năm gốc trở đi",
        "en": "no figure at or after the base year",
    },
    "other_scope_only": {
        "vi": "chỉ có số liệu của phạm vi khác",
        "en": "only figures of another scope",
    },
    "other_frame_only": {
        "vi": "chỉ có số liệu ở phía bên kia điểm gãy chuỗi",
        "en": "only figures on the other side of a series break",
    },
}
"""Stable reason codes carried by the data-gap statuses, with their words."""

LEFT_OUT: Final[dict[str, dict[str, str]]] = {
    "before_base_year": {"vi": "trước năm gốc, chỉ để tham khảo", "en": "before the base year, context only"},
    "other_scope": {"vi": "phạm vi khác, chỉ để tham khảo", "en": "another scope, for reference only"},
    "other_frame": {"vi": "khác chuỗi (điểm gãy)", "en": "other side of a series break"},
}
"""Why a recorded figure was left out of the arithmetic."""

METHODS: Final[dict[str, dict[str, str]]] = {
    "growth": {"vi": "tăng trưởng kép", "en": "compound growth"},
    "linear": {"vi": "tuyến tính", "en": "linear"},
}

# --- task statuses (reported states) ------------------------------------------------------
# Owned by the tasks work (#9 §5); kept as a separate table so that both halves meet here.

TaskStatus = Literal["not_started", "in_progress", "done", "cancelled"]
TASK_STATUSES: Final[tuple[str, ...]] = ("not_started", "in_progress", "done", "cancelled")
