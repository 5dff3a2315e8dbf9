"""Labels and number/date style in the plan's language (vi) and in English.

Vietnamese style: decimal comma and dot for thousands (22,87; 1.197.617), dates 18/4/2023.
English style: 22.87; 1,197,617; 18 April 2023.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from stiplan import vocabulary as V

if TYPE_CHECKING:
    from stiplan.engine.agencies import Accountable
    from stiplan.engine.progress import Assessment
    from stiplan.models import SourceRef

Lang = Literal["vi", "en"]

STATUS_LABELS: dict[str, dict[str, str]] = {r.code: {"vi": r.vi, "en": r.en} for r in V.STATUS_RULES}
"""Status words (vi from administrative usage), read from vocabulary.STATUS_RULES."""

REASON_LABELS: dict[str, dict[str, str]] = V.REASONS
LEFT_OUT_LABELS: dict[str, dict[str, str]] = V.LEFT_OUT
METHOD_LABELS: dict[str, dict[str, str]] = V.METHODS
UNIT_LABELS: dict[str, dict[str, str]] = {code: {"vi": r.vi, "en": r.en} for code, r in V.UNITS.items()}

TASK_STATUS_LABELS: dict[str, dict[str, str]] = {
    "not_started": {"vi": "Chưa bắt đầu", "en": "not started"},
    "in_progress": {"vi": "Đang thực hiện", "en": "in progress"},
    "done": {"vi": "Hoàn thành", "en": "done"},
    "cancelled": {"vi": "Đã hủy", "en": "cancelled"},
    "no_report": {"vi": "Chưa có báo cáo", "en": "no report"},
    "late": {"vi": "Trễ hạn", "en": "late"},
    "missing": {"vi": "Thiếu báo cáo", "en": "missing reports"},
}
"""Task states (the four reported ones and `no_report`), then the two flags: `late` and
`missing` (a year without a report). One word each, used by every task view."""

SUCCESSION_WORDS: dict[str, dict[str, str]] = {
    "whole": {"vi": "kế thừa {old} từ {date}", "en": "successor of {old} from {date}"},
    "part": {"vi": "kế thừa một phần {old} từ {date}", "en": "successor to part of {old} from {date}"},
    "others": {"vi": "phần khác: {names}", "en": "other parts: {names}"},
    "unconfirmed": {"vi": "chưa xác nhận", "en": "unconfirmed"},
}

WORDS: dict[str, dict[str, str]] = {
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "latest": {"vi": "Số liệu mới nhất", "en": "Latest"},
    "trend": {"vi": "Xu hướng", "en": "Trend"},
    "target": {"vi": "Mục tiêu", "en": "Target"},
    "gap": {"vi": "Khoảng cách tới mục tiêu", "en": "Gap to target"},
    "status": {"vi": "Đánh giá", "en": "Status"},
    "milestone": {"vi": "Mốc", "en": "Milestone"},
    "as_of": {"vi": "Tính đến năm", "en": "As of"},
    "data": {"vi": "dữ liệu", "en": "data"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "scope": {"vi": "Phạm vi", "en": "Scope"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "year": {"vi": "Năm", "en": "Year"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "none": {"vi": "—", "en": "—"},
    "other_scope": {
        "vi": "số liệu phạm vi khác, chỉ để tham khảo",
        "en": "figure of another scope, for reference only",
    },
    "trend_note": {"vi": "xu hướng: cột cao hơn là tốt hơn", "en": "trend: taller is better"},
    "rows_left_out": {
        "vi": "… còn {n} dòng không hiển thị; dùng --all để xem tất cả, hoặc --format csv",
        "en": "… {n} more rows not shown; use --all to see them all, or --format csv",
    },
}

KIND_SYMBOLS: dict[str, str] = {code: r.symbol for code, r in V.KINDS.items()}


def label(table: dict[str, dict[str, str]], key: str, lang: Lang) -> str:
    entry = table.get(key)
    return entry[lang] if entry else key


def word(key: str, lang: Lang) -> str:
    return WORDS[key][lang]


def number(value: float | None, lang: Lang, *, decimals: int | None = None, signed: bool = False) -> str:
    """A number in the language's style; at most two decimals unless `decimals` is given.

    Trailing zeros are dropped when `decimals` is None (0.70 → 0,7; 18.0 → 18).
    """
    if value is None:
        return "—"
    if math.isinf(value):
        return ("−" if value < 0 else "+" if signed else "") + "∞"
    if decimals is None:
        text = f"{abs(value):,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{abs(value):,.{decimals}f}"
    if text in ("0", "0.00", "0.0") or not text:
        sign = ""
    else:
        sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    text = text or "0"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return sign + text


def percent(share: float | None, lang: Lang) -> str:
    """A share (0.5) as a percentage in the language's style: 50 % (vi) / 50% (en)."""
    if share is None:
        return "—"
    return number(share * 100, lang, decimals=1) + (" %" if lang == "vi" else "%")


def with_unit(value: float | None, unit: str, lang: Lang, *, signed: bool = False) -> str:
    """A value with its unit's sign: 22,87 % (vi), 22.87% (en); ranks and counts bare."""
    if value is None:
        return "—"
    text = number(value, lang, signed=signed)
    if unit == "percent":
        return text + (" %" if lang == "vi" else "%")
    return text


def date(value: dt.date, lang: Lang) -> str:
    if lang == "vi":  # Decree 30/2020/NĐ-CP: a leading zero for days below 10 and for months 1 and 2
        day = f"{value.day:02d}"
        month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
        return f"{day}/{month}/{value.year}"
    return f"{value.day} {value.strftime('%B')} {value.year}"


def day_month(month: int, day: int, lang: Lang) -> str:
    """A day of the year without the year: '14/12', '05/02' (vi) / '14 December' (en)."""
    if lang == "vi":
        return f"{day:02d}/{month:02d}" if month <= 2 else f"{day:02d}/{month}"
    return f"{day} {dt.date(2000, month, day).strftime('%B')}"


def _field(target: Any, name: str) -> Any:
    """A target field from a model or from its dumped mapping (the diff compares dumps)."""
    return target.get(name) if isinstance(target, Mapping) else getattr(target, name, None)


def describe_target(target: Any, unit: str, lang: Lang, threshold: float | None = None) -> str:
    """The target as the plan reads it, in one wording for every output.

    '≥ 50 %', 'trong nhóm 20 đứng đầu' / 'within the top 20', '1–2', 'khoảng 25 %' / 'about 25%',
    'gấp 2 lần năm 2020' / '2 times the 2020 value', 'tăng thêm 5 so với năm 2020' / '5 more
    than in 2020'; a resolved relative target adds its value ('… (= 10)'). The tolerance of an
    'about' target is not the plan's: see `tolerance_note`.
    """
    kind = _field(target, "kind")
    rule = V.KINDS.get(kind)
    if rule is None:
        return str(kind)
    params = {
        "value": with_unit(_field(target, "value"), unit, lang)
        if not rule.relative
        else number(_field(target, "value"), lang),
        "min": number(_field(target, "min"), lang),
        "max": with_unit(_field(target, "max"), unit, lang),
        "factor": number(_field(target, "factor"), lang),
        "year": _field(target, "baseline_year"),
    }
    if kind == "rank_within":
        params["value"] = number(_field(target, "value"), lang)
    text = (rule.vi if lang == "vi" else rule.en).format(**params)
    if rule.relative and threshold is not None:
        text += f" (= {with_unit(threshold, unit, lang)})"
    return text


target_text = describe_target


def tolerance_note(target: Any, unit: str, lang: Lang) -> str | None:
    """'stiplan's reading: ± 1; the plan states none' for an 'about' target; else None."""
    tolerance = _field(target, "tolerance")
    if _field(target, "kind") != "about" or tolerance is None:
        return None
    return V.TOLERANCE_READING[lang].format(tolerance=difference(tolerance, unit, lang))


def difference(value: float, unit: str, lang: Lang) -> str:
    """A difference of two values in the unit a reader expects: '3,2 điểm phần trăm', '3 bậc'."""
    rule = V.UNITS.get(unit)
    word_ = (rule.diff_vi if lang == "vi" else rule.diff_en) if rule else ""
    if lang == "en" and abs(value) == 1 and word_.endswith("s"):
        word_ = word_[:-1]  # 1 percentage point, 1 place
    text = number(abs(value), lang)
    return f"{text} {word_}" if word_ else text


def gap_text(a: Assessment, unit: str, lang: Lang) -> str:
    """The gap as an official words it: never a negative shortfall next to a met target.

    Positive gap (shortfall): 'còn thiếu 3,2 điểm phần trăm' / 'còn cách 3 bậc' (vi),
    '3.2 percentage points short' / '3 places short' (en). Ahead: 'vượt 6 bậc' / '6 places
    ahead'. Met within stiplan's tolerance of an 'about' target: said so.
    """
    gap = a.gap
    if gap is None:
        return "—"
    amount = difference(gap, unit, lang)
    if abs(gap) < 1e-12:
        return "đúng bằng mục tiêu" if lang == "vi" else "exactly at the target"
    if gap > 0 and a.met:
        return (
            f"cách mục tiêu {amount}, trong dung sai (cách đọc của stiplan)"
            if lang == "vi"
            else f"{amount} from the target, within stiplan's tolerance"
        )
    if gap > 0:
        if lang == "vi":
            return f"còn cách {amount}" if unit == "rank" else f"còn thiếu {amount}"
        return f"{amount} short"
    return f"vượt {amount}" if lang == "vi" else f"{amount} ahead"


def status_words(a: Assessment, lang: Lang) -> str:
    """The status word, with the year of the figure when an earlier figure reached the target."""
    text = label(STATUS_LABELS, a.status, lang)
    if a.status == "target_reached" and a.latest is not None:
        text += f" (số liệu năm {a.latest.year})" if lang == "vi" else f" ({a.latest.year} figure)"
    return text


def succession_note(acc: Accountable, names: Mapping[str, str], lang: Lang) -> str:
    """'kế thừa Sở Kế hoạch và Đầu tư từ 01/3/2025' ('' when no succession applies).

    A chain names every step, latest first; a partial succession names the other successors.
    """
    steps = []
    for hop in reversed(acc.hops):
        text = SUCCESSION_WORDS[hop.extent][lang].format(
            old=names.get(hop.source, hop.source), date=date(hop.date, lang)
        )
        if not hop.confirmed:
            text += ", " + SUCCESSION_WORDS["unconfirmed"][lang]
        if hop.others:
            text += "; " + SUCCESSION_WORDS["others"][lang].format(names=", ".join(names.get(o, o) for o in hop.others))
        steps.append(text)
    return "; ".join(steps)


def accountable_text(acc: Accountable, names: Mapping[str, str], lang: Lang) -> str:
    """'Sở Tài chính (kế thừa Sở Kế hoạch và Đầu tư từ 01/3/2025)': who answers, and whom it succeeded."""
    name = names.get(acc.agency, acc.agency)
    note = succession_note(acc, names, lang)
    return f"{name} ({note})" if note else name


_CLAUSE = re.compile(r"(?P<section>[IVXLC]+)(?:\.(?P<khoan>\d+))?(?:\.(?P<diem>[a-zđ]))?\Z")


def clause_text(source: SourceRef | str, lang: Lang) -> str:
    """A clause code read as Vietnamese law reads it: II.2.e → 'điểm e khoản 2 Mục II'.

    English: 'Section II, clause 2, point e'. A section title (`source.section`, for the
    source's second 'II') follows in brackets. A code that is not section.khoản.điểm is
    shown as it is.
    """
    code = source if isinstance(source, str) else source.clause
    section = None if isinstance(source, str) else source.section
    m = _CLAUSE.match(code)
    if m is None:
        return code
    sec, khoan, diem = m.group("section"), m.group("khoan"), m.group("diem")
    if lang == "vi":
        parts = ([f"điểm {diem}"] if diem else []) + ([f"khoản {khoan}"] if khoan else []) + [f"Mục {sec}"]
        text = " ".join(parts)
    else:
        parts = [f"Section {sec}"] + ([f"clause {khoan}"] if khoan else []) + ([f"point {diem}"] if diem else [])
        text = ", ".join(parts)
    return text + (f" ({section})" if section else "")


@dataclass(frozen=True)
class BaseYearInfo:
    """The base year in force for a run: the plan's, or another one for a sensitivity check."""

    plan: int | None
    used: int | None
    source: str | None = None

    @property
    def override(self) -> bool:
        return self.used != self.plan

    def sentence(self, lang: Lang) -> str:
        """One line every output prints: which base year, and whether it is the plan's."""
        if self.used is None:
            return (
                "Năm gốc: kế hoạch không xác định; xu hướng tính từ số liệu sớm nhất."
                if lang == "vi"
                else "Base year: none declared; trends start from the earliest figure."
            )
        if self.override:
            plan = str(self.plan) if self.plan is not None else ("không có" if lang == "vi" else "none")
            return (
                f"Năm gốc {self.used} (KIỂM TRA ĐỘ NHẠY, --base-year; năm gốc của kế hoạch: {plan}): "
                f"các đánh giá này không phải đánh giá chính thức."
                if lang == "vi"
                else f"Base year {self.used} (SENSITIVITY CHECK, --base-year; the plan's base year: {plan}): "
                f"these statuses are not the assessment of record."
            )
        return (
            f"Năm gốc {self.used} (do kế hoạch xác định): xu hướng tính từ số liệu năm {self.used}, hoặc số liệu đầu tiên sau năm đó; số liệu trước năm gốc chỉ để tham khảo."
            if lang == "vi"
            else f"Base year {self.used} (the plan's): trends start from the {self.used} figure, or else the first figure after it; earlier figures are context only."
        )

    def to_dict(self) -> dict[str, object]:
        return {"plan": self.plan, "used": self.used, "override": self.override, "source": self.source}


def base_year_info(plan: Any, override: int | None) -> BaseYearInfo:
    """The base year a run uses: `override` (--base-year) or the plan's declared one."""
    declared = plan.base_year.year if plan.base_year else None
    source = plan.base_year.source if plan.base_year else None
    return BaseYearInfo(declared, override if override is not None else declared, source)
