"""The arithmetic behind one milestone's status, written out step by step.

`stiplan show` prints these lines so a reader can redo every number by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stiplan.engine.indicators import IndicatorStatus, Milestone
from stiplan.engine.progress import Assessment
from stiplan.engine.trend import ACCELERATE, ON_TRACK
from stiplan.views import i18n
from stiplan.views.i18n import Lang, label, number, percent, target_text, with_unit
from stiplan.vocabulary import STATUS_BY_CODE


def _t(lang: Lang, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def explain_milestone(st: IndicatorStatus, m: Milestone, *, lang: Lang, as_of: int) -> list[str]:
    a, t, unit = m.assessment, m.target, st.indicator.unit
    c: dict[str, Any] = a.components  # JSON-shaped: numbers, words and lists by key

    def n(x: float | None) -> str:
        """Small rates keep four decimals so that R can be recomputed from them."""
        return number(x, lang, decimals=4) if x is not None and 0 < abs(x) < 1 else number(x, lang)

    lines = [f"{_t(lang, 'Mục tiêu', 'Target')}: {target_text(t, unit, lang)} ({t.kind})"]
    reading = i18n.tolerance_note(t, unit, lang)
    if reading:
        lines.append(f"  ({reading})")
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
    lines += _base_lines(c, a, lang, n)
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
    elif a.latest is not None and a.latest.year == t.year:
        verdict = _t(lang, "đạt", "met") if a.met else _t(lang, "không đạt", "not met")
        lines.append(
            _t(
                lang,
                f"Đã có số liệu của chính năm mốc {t.year}: đánh giá trực tiếp, không cần xu hướng.",
                f"A figure of the milestone year {t.year} itself is recorded: a direct verdict, no trend needed.",
            )
        )
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
        if a.met and a.latest is not None:
            lines.append(
                _t(
                    lang,
                    f"Số liệu năm {a.latest.year} đã đạt mức mục tiêu; kết luận cuối cùng chờ số liệu năm {t.year}.",
                    f"The {a.latest.year} figure already reaches the target level; the verdict waits for the {t.year} figure.",
                )
            )
        if a.ratio is not None and a.method == "growth":
            d, s = c.get("d"), c.get("s")
            lines.append(
                _t(
                    lang,
                    "Dạng tăng trưởng kép (gốc, mới nhất và mục tiêu cùng dấu; s = −1 khi âm):",
                    "Compound-growth form (base, latest and target share one sign; s = −1 when negative):",
                )
            )
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
            lines.append(
                _t(
                    lang,
                    "Dạng tuyến tính (có giá trị bằng 0 hoặc đổi dấu):",
                    "Linear form (a value is zero, or the sign changes):",
                )
            )
            lines.append(f"R = d·((yt−y0)/(t−t0)) / |(TV−y0)/(T−t0)| = {n(a.ratio)}")
        if a.ratio is not None:

            def w(code: str) -> str:
                return getattr(STATUS_BY_CODE[code], lang)

            on, acc = number(ON_TRACK, lang), number(ACCELERATE, lang)
            lines.append(
                _t(lang, "Ngưỡng", "Bands")
                + f": R ≥ {on} {w('on_track')}; {acc} ≤ R < {on} {w('needs_acceleration')}; "
                + f"0 ≤ R < {acc} {w('limited_progress')}; R < 0 {w('deteriorating')}."
            )
    if a.gap is not None:
        lines.append(
            f"{_t(lang, 'Khoảng cách tới mục tiêu', 'Gap to target')}: {i18n.gap_text(a, unit, lang)}"
            f" (d·(TV − {_t(lang, 'số liệu', 'figure')}) = {with_unit(a.gap, unit, lang, signed=True)}"
            f"{_t(lang, ', dương = còn thiếu', ', positive = shortfall')})"
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
    status = i18n.status_words(a, lang)
    reason = f" ({label(i18n.REASON_LABELS, a.reason, lang)})" if a.reason else ""
    lines.append(f"{_t(lang, 'Đánh giá', 'Status')}: {status}{reason}")
    left_out = c.get("left_out") or []
    if left_out:
        lines.append(
            _t(lang, "Không dùng để tính:", "Left out of the arithmetic:")
            + " "
            + "; ".join(
                f"{x.year}: {with_unit(x.value, unit, lang)} ({label(i18n.LEFT_OUT_LABELS, x.reason, lang)}"
                + (f": {x.detail}" if x.detail else "")
                + ")"
                for x in left_out
            )
        )
    return lines


def _base_lines(c: dict[str, object], a: Assessment, lang: Lang, n: Callable[[float | None], str]) -> list[str]:
    """Which base year is in force, why, and which figure serves as the base."""
    year, origin = c.get("base_year"), c.get("base_year_origin")
    if year is None:
        if a.base is None:
            return []
        return [
            _t(lang, "Gốc: số liệu sớm nhất", "Base: the earliest figure")
            + f" ({a.base.year}: {n(a.base.value)}; "
            + _t(lang, "không có năm gốc", "no base year declared")
            + ")"
        ]
    why = {
        "plan": _t(lang, "năm gốc của kế hoạch", "the plan's base year"),
        "target": _t(lang, "năm gốc của chính mục tiêu", "the target's own base year"),
        "override": _t(lang, "KIỂM TRA ĐỘ NHẠY (--base-year)", "SENSITIVITY CHECK (--base-year)"),
    }.get(str(origin), str(origin))
    line = f"{_t(lang, 'Năm gốc', 'Base year')} {year} ({why}): "
    if a.base is None:
        line += _t(lang, "không có số liệu từ năm đó trở đi.", "no figure at or after it.")
    elif a.base.year == year:
        line += _t(lang, f"gốc = số liệu năm {year}", f"base = the {year} figure") + f" ({n(a.base.value)})."
    else:
        line += (
            _t(
                lang,
                f"không có số liệu năm {year}; gốc = số liệu đầu tiên sau đó, năm {a.base.year}",
                f"no {year} figure; base = the first figure after it, {a.base.year}",
            )
            + f" ({n(a.base.value)})."
        )
    return [line]
