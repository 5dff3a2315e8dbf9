"""The arithmetic behind one milestone's status, written out step by step.

`stiplan show` prints these lines so a reader can redo every number by hand.
"""

from __future__ import annotations

from typing import Any

from stiplan.engine.indicators import IndicatorStatus, Milestone
from stiplan.engine.progress import ACCELERATE, ON_TRACK
from stiplan.views import i18n
from stiplan.views.i18n import Lang, label, number, percent, target_text, with_unit


def _t(lang: Lang, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def explain_milestone(st: IndicatorStatus, m: Milestone, *, lang: Lang, as_of: int) -> list[str]:
    a, t, unit = m.assessment, m.target, st.indicator.unit
    c: dict[str, Any] = a.components  # JSON-shaped: numbers, words and lists by key

    def n(x: float | None) -> str:
        """Small rates keep four decimals so that R can be recomputed from them."""
        return number(x, lang, decimals=4) if x is not None and 0 < abs(x) < 1 else number(x, lang)

    lines = [f"{_t(lang, 'Mục tiêu', 'Target')}: {target_text(t, unit, lang)} ({t.kind})"]
    if t.note:
        lines.append(f"  {t.note}")
    if t.baseline_year is not None:
        base_value = c.get("baseline_value")
        if base_value is None:
            lines.append(
                _t(
                    lang,
                    f"Năm gốc {t.baseline_year}: chưa có số liệu, chưa xác định được mục tiêu.",
                    f"Baseline {t.baseline_year}: no figure recorded, so the target cannot be resolved.",
                )
            )
        else:
            lines.append(
                f"{_t(lang, 'Năm gốc', 'Baseline')} {t.baseline_year}: {n(base_value)} → "
                f"{_t(lang, 'ngưỡng', 'threshold')} {with_unit(a.threshold, unit, lang)}"
            )
    if a.mode == "verdict":
        lines.append(
            _t(
                lang,
                f"Mốc {t.year} đã qua (tính đến {as_of}): đánh giá theo số liệu của chính năm {t.year}.",
                f"Milestone {t.year} is past (as of {as_of}): judged on the {t.year} figure itself.",
            )
        )
        if a.latest is not None:
            verdict = _t(lang, "đạt", "met") if a.met else _t(lang, "không đạt", "not met")
            lines.append(f"{t.year}: {with_unit(a.latest.value, unit, lang)} → {verdict}")
    else:
        lines.append(
            _t(
                lang,
                f"Mốc {t.year} chưa tới (tính đến {as_of}): dự báo theo xu hướng.",
                f"Milestone {t.year} is ahead (as of {as_of}): a forecast from the trend.",
            )
        )
        if a.base is not None and a.latest is not None:
            lines.append(
                f"{_t(lang, 'Gốc', 'Base')} (t0, y0) = ({a.base.year}, {n(a.base.value)}); "
                f"{_t(lang, 'mới nhất', 'latest')} (t, yt) = ({a.latest.year}, {n(a.latest.value)}); "
                f"T = {t.year}, TV = {n(a.threshold)}"
            )
        if a.met and a.mode == "forecast":
            lines.append(_t(lang, "Số liệu mới nhất đã đạt mục tiêu.", "The latest figure already meets the target."))
        if a.ratio is not None and a.method == "growth":
            d, s = c.get("d"), c.get("s")
            lines.append(
                f"{_t(lang, 'tăng trưởng quan sát', 'observed growth')} = (yt/y0)^(1/(t−t0)) − 1 = {n(a.observed_rate)}"
            )
            lines.append(
                f"{_t(lang, 'tăng trưởng cần thiết', 'required growth')} = (TV/y0)^(1/(T−t0)) − 1 = {n(a.required_rate)}"
            )
            lines.append(
                f"R = d·s·observed/|required| = ({number(d, lang)})·({number(s, lang)})·({n(a.observed_rate)})/{n(abs(a.required_rate or 0))} = {n(a.ratio)}"
            )
        elif a.ratio is not None and a.method == "linear":
            lines.append(_t(lang, "Dạng tuyến tính (có giá trị ≤ 0):", "Linear form (a value is ≤ 0):"))
            lines.append(f"R = d·((yt−y0)/(t−t0)) / |(TV−y0)/(T−t0)| = {n(a.ratio)}")
        if a.ratio is not None:
            lines.append(
                _t(
                    lang,
                    f"Ngưỡng: R ≥ {number(ON_TRACK, lang)} đúng tiến độ; {number(ACCELERATE, lang)} ≤ R < {number(ON_TRACK, lang)} cần đẩy nhanh; 0 ≤ R < {number(ACCELERATE, lang)} tiến triển hạn chế; R < 0 thụt lùi.",
                    f"Bands: R ≥ {number(ON_TRACK, lang)} on track; {number(ACCELERATE, lang)} ≤ R < {number(ON_TRACK, lang)} needs acceleration; 0 ≤ R < {number(ACCELERATE, lang)} limited progress; R < 0 deteriorating.",
                )
            )
    if a.gap is not None:
        lines.append(
            f"{_t(lang, 'Còn thiếu (dương = chưa đạt)', 'Gap (positive = shortfall)')}: {with_unit(a.gap, unit, lang)}"
        )
    if a.share_covered is not None:
        lines.append(
            f"{_t(lang, 'Đã đi được (từ gốc tới mục tiêu)', 'Share of base-to-target distance covered')}: {percent(a.share_covered, lang)}"
        )
    if a.required_yearly_change is not None:
        lines.append(
            f"{_t(lang, 'Mức thay đổi cần mỗi năm', 'Yearly change still required')}: {with_unit(a.required_yearly_change, unit, lang, signed=True)}"
        )
    if a.projected is not None:
        line = f"{_t(lang, 'Dự kiến năm', 'Projected for')} {t.year}: {with_unit(a.projected, unit, lang)}"
        if "projected_unbounded" in c:
            line += _t(
                lang,
                f" (theo tốc độ hiện tại sẽ là {n(c['projected_unbounded'])}, ngoài giới hạn của đơn vị)",
                f" (the observed rate would give {n(c['projected_unbounded'])}, outside what the unit allows)",
            )
        lines.append(line)
    status = label(i18n.STATUS_LABELS, a.status, lang)
    reason = f" ({label(i18n.REASON_LABELS, a.reason, lang)})" if a.reason else ""
    lines.append(f"{_t(lang, 'Đánh giá', 'Status')}: {status}{reason}")
    if st.other_scope:
        lines.append(
            _t(
                lang,
                "Số liệu phạm vi khác (chỉ để tham khảo, không dùng để tính):",
                "Figures of another scope (for reference, not used in the arithmetic):",
            )
            + " "
            + "; ".join(f"{p.year}: {with_unit(p.value, unit, lang)} ({p.scope})" for p in st.other_scope)
        )
    return lines
