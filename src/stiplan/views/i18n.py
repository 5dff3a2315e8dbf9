"""Labels and number/date style in the plan's language (vi) and in English.

Vietnamese style: decimal comma and dot for thousands (22,87; 1.197.617), dates 18/4/2023.
English style: 22.87; 1,197,617; 18 April 2023.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from stiplan.models import Target

Lang = Literal["vi", "en"]

STATUS_LABELS: dict[str, dict[str, str]] = {
    "achieved": {"vi": "Đã đạt", "en": "achieved"},
    "on_track": {"vi": "Đúng tiến độ", "en": "on track"},
    "needs_acceleration": {"vi": "Cần đẩy nhanh", "en": "needs acceleration"},
    "limited_progress": {"vi": "Tiến triển hạn chế", "en": "limited progress"},
    "deteriorating": {"vi": "Thụt lùi", "en": "deteriorating"},
    "missed": {"vi": "Không đạt", "en": "missed"},
    "insufficient_data": {"vi": "Chưa đủ số liệu", "en": "insufficient data"},
    "no_data": {"vi": "Chưa có số liệu", "en": "no data"},
}

REASON_LABELS: dict[str, dict[str, str]] = {
    "no_observations": {"vi": "chưa có số liệu nào", "en": "no figure recorded"},
    "no_value_for_milestone_year": {"vi": "không có số liệu của năm mốc", "en": "no figure for the milestone year"},
    "baseline_missing": {"vi": "thiếu số liệu năm gốc", "en": "baseline value missing"},
    "baseline_after_latest": {"vi": "năm gốc sau số liệu mới nhất", "en": "baseline is later than the latest figure"},
    "single_point": {"vi": "mới có một điểm số liệu", "en": "only one data point"},
    "not_computable": {"vi": "không tính được", "en": "not computable"},
}

UNIT_LABELS: dict[str, dict[str, str]] = {
    "percent": {"vi": "%", "en": "%"},
    "rank": {"vi": "thứ hạng", "en": "rank"},
    "count": {"vi": "số lượng", "en": "count"},
    "per_10k_people": {"vi": "người/vạn dân", "en": "per 10,000 people"},
    "index": {"vi": "chỉ số", "en": "index"},
}

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
    "gap": {"vi": "Còn thiếu", "en": "Gap"},
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
}

KIND_SYMBOLS: dict[str, str] = {
    "at_least": "≥",
    "above": ">",
    "at_most": "≤",
    "below": "<",
    "about": "≈",
    "rank_within": "≤",
}


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


def target_text(target: Target, unit: str, lang: Lang, threshold: float | None = None) -> str:
    """The target as the plan states it: '≥ 50 %', '≤ 20', '1–2', '2 × 2020', '2020 + 5'."""
    if target.kind == "range":
        span = f"{number(target.min, lang)}–{number(target.max, lang)}"
        return span + (" %" if unit == "percent" and lang == "vi" else "%" if unit == "percent" else "")
    if target.kind == "multiple_of_baseline":
        base = f"{number(target.factor, lang)} × {target.baseline_year}"
        return base + (f" = {with_unit(threshold, unit, lang)}" if threshold is not None else "")
    if target.kind == "increment_over_baseline":
        base = f"{target.baseline_year} + {number(target.value, lang)}"
        return base + (f" = {with_unit(threshold, unit, lang)}" if threshold is not None else "")
    text = f"{KIND_SYMBOLS[target.kind]} {with_unit(target.value, unit, lang)}"
    if target.kind == "about" and target.tolerance is not None:
        text += f" (± {number(target.tolerance, lang)})"
    return text
