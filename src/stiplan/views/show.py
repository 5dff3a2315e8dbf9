"""`stiplan show`: one indicator in depth, and the arithmetic behind each milestone's status
written out step by step, so a reader can redo every number by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from stiplan import lang as L
from stiplan import vocabulary as V
from stiplan.engine.indicators import IndicatorStatus, Milestone
from stiplan.engine.progress import Assessment
from stiplan.engine.trend import ACCELERATE, ON_TRACK
from stiplan.lang import Lang, Term, Words, other
from stiplan.models import Goal
from stiplan.views import i18n
from stiplan.views.envelope import Envelope, dump
from stiplan.views.i18n import WORDS, BaseYearInfo, describe_target, with_unit

SHOW = Words(
    direction=Term("Chiều", "Direction"),
    clause=Term("Điều khoản", "Clause"),
    frame=Term("Chuỗi số liệu", "Frame"),
    series_break=Term("Điểm gãy chuỗi", "Series break"),
    readings=Term("Cách hiểu", "Readings"),
    actuals=Term("Số liệu thực tế", "Actuals"),
    target=Term("Mục tiêu", "Target"),
    baseline_missing=Term(
        "Năm gốc {year}: chưa có số liệu, chưa xác định được mục tiêu.",
        "Baseline {year}: no figure recorded, so the target cannot be resolved.",
    ),
    baseline=Term("Năm gốc {year}: {value} → ngưỡng {threshold}", "Baseline {year}: {value} → threshold {threshold}"),
    past=Term(
        "Mốc {year} đã qua (tính đến {as_of}): đánh giá theo số liệu của chính năm {year}.",
        "Milestone {year} is past (as of {as_of}): judged on the {year} figure itself.",
    ),
    met=Term("đạt", "met"),
    not_met=Term("không đạt", "not met"),
    direct=Term(
        "Đã có số liệu của chính năm mốc {year}: đánh giá trực tiếp, không cần xu hướng.",
        "A figure of the milestone year {year} itself is recorded: a direct verdict, no trend needed.",
    ),
    ahead=Term(
        "Mốc {year} chưa tới (tính đến {as_of}): dự báo theo xu hướng.",
        "Milestone {year} is ahead (as of {as_of}): a forecast from the trend.",
    ),
    points=Term(
        "Gốc (t0, y0) = ({t0}, {y0}); mới nhất (t, yt) = ({t}, {yt}); T = {T}, TV = {TV}",
        "Base (t0, y0) = ({t0}, {y0}); latest (t, yt) = ({t}, {yt}); T = {T}, TV = {TV}",
    ),
    reached=Term(
        "Số liệu năm {latest} đã đạt mức mục tiêu; kết luận cuối cùng chờ số liệu năm {year}.",
        "The {latest} figure already reaches the target level; the verdict waits for the {year} figure.",
    ),
    growth_form=Term(
        "Dạng tăng trưởng kép (gốc, mới nhất và mục tiêu cùng dấu; s = −1 khi âm):",
        "Compound-growth form (base, latest and target share one sign; s = −1 when negative):",
    ),
    observed=Term(
        "tăng trưởng quan sát = (yt/y0)^(1/(t−t0)) − 1 = {rate}", "observed growth = (yt/y0)^(1/(t−t0)) − 1 = {rate}"
    ),
    required=Term(
        "tăng trưởng cần thiết = (TV/y0)^(1/(T−t0)) − 1 = {rate}", "required growth = (TV/y0)^(1/(T−t0)) − 1 = {rate}"
    ),
    linear_form=Term(
        "Dạng tuyến tính (có giá trị bằng 0 hoặc đổi dấu):", "Linear form (a value is zero, or the sign changes):"
    ),
    bands=Term(
        "Ngưỡng: R ≥ {on} {on_track}; {acc} ≤ R < {on} {needs}; 0 ≤ R < {acc} {limited}; R < 0 {worse}.",
        "Bands: R ≥ {on} {on_track}; {acc} ≤ R < {on} {needs}; 0 ≤ R < {acc} {limited}; R < 0 {worse}.",
    ),
    gap=Term(
        "Khoảng cách tới mục tiêu: {text} (d·(TV − số liệu) = {value}, dương = còn thiếu)",
        "Gap to target: {text} (d·(TV − figure) = {value}, positive = shortfall)",
    ),
    covered=Term("Đã đi được (từ gốc tới mục tiêu): {share}", "Share of base-to-target distance covered: {share}"),
    yearly=Term("Mức thay đổi cần mỗi năm: {value}", "Yearly change still required: {value}"),
    projected=Term("Dự kiến năm {year}: {value}", "Projected for {year}: {value}"),
    unbounded=Term(
        " (theo tốc độ hiện tại sẽ là {value}, ngoài giới hạn của đơn vị)",
        " (the observed rate would give {value}, outside what the unit allows)",
    ),
    status=Term("Đánh giá: {status}", "Status: {status}"),
    percent_of_target=Term("Đạt {share} mục tiêu", "{share} of the target reached"),
    ended=Term(
        "Chuỗi số liệu so sánh được với mục tiêu kết thúc năm {year}: không đánh giá, không dự báo.",
        "The series comparable with the target ended in {year}: neither judged nor forecast.",
    ),
    reference=Term(
        "Chỉ để tham khảo: xu hướng {t0}–{t} ({y0} → {yt}), R = {ratio}.",
        "For reference only: the trend {t0}–{t} ({y0} → {yt}), R = {ratio}.",
    ),
    left_out=Term("Không dùng để tính: {items}", "Left out of the arithmetic: {items}"),
    left_out_item=Term("{year}: {value} ({why})", "{year}: {value} ({why})"),
    base_earliest=Term(
        "Gốc: số liệu sớm nhất ({year}: {value}; không có năm gốc)",
        "Base: the earliest figure ({year}: {value}; no base year declared)",
    ),
    base_year=Term("Năm gốc {year} ({why}): ", "Base year {year} ({why}): "),
    why_plan=Term("năm gốc của kế hoạch", "the plan's base year"),
    why_target=Term("năm gốc của chính mục tiêu", "the target's own base year"),
    why_override=Term("KIỂM TRA ĐỘ NHẠY (--base-year)", "SENSITIVITY CHECK (--base-year)"),
    goal_kind=Term(
        "Mục tiêu định tính: không chấm điểm; cơ quan báo cáo đánh giá bằng lời trong báo cáo.",
        "A qualitative goal: not scored; the reporting agency assesses it in words in the report.",
    ),
    why_default=Term(
        "cách đọc của stiplan: kế hoạch không nêu năm gốc, lấy năm liền trước kỳ kế hoạch",
        "stiplan's reading: the plan declares none, so the last year before its period",
    ),
    base_none_after=Term("không có số liệu từ năm đó trở đi.", "no figure at or after it."),
    base_figure=Term("gốc = số liệu năm {year} ({value}).", "base = the {year} figure ({value})."),
    base_later=Term(
        "không có số liệu năm {year}; gốc = số liệu đầu tiên sau đó, năm {first} ({value}).",
        "no {year} figure; base = the first figure after it, {first} ({value}).",
    ),
)
"""The words of `show` and of the step-by-step arithmetic."""


def explain_milestone(st: IndicatorStatus, m: Milestone, *, lang: Lang, as_of: int) -> list[str]:
    a, t, unit = m.assessment, m.target, st.indicator.unit
    c: dict[str, Any] = a.components  # JSON-shaped: numbers, words and lists by key

    def w(key: str, **params: object) -> str:
        return SHOW.pick(key, lang, **params)

    def n(x: float | None) -> str:
        """Small rates keep four decimals so that R can be recomputed from them."""
        return L.number(x, lang, decimals=4) if x is not None and 0 < abs(x) < 1 else L.number(x, lang)

    lines = [f"{w('target')}: {describe_target(t, unit, lang)} ({t.kind})"]
    reading = i18n.tolerance_note(t, unit, lang)
    if reading:
        lines.append(f"  ({reading})")
    if t.note:
        lines.append(f"  {t.note}")
    if t.baseline_year is not None:
        base_value = c.get("baseline_value")
        if base_value is None:
            lines.append(w("baseline_missing", year=t.baseline_year))
        else:
            threshold = with_unit(a.threshold, unit, lang)
            lines.append(w("baseline", year=t.baseline_year, value=n(base_value), threshold=threshold))
    lines += _base_lines(c, a, lang, n)
    verdict = w("met") if a.met else w("not_met")
    if a.status == "not_assessable":
        lines.append(w("ended", year=c.get("series_end")))
        ref = c.get("reference")
        if ref:
            y0, yt, ratio = n(ref["y0"]), n(ref["yt"]), n(ref["ratio"])
            lines.append(w("reference", t0=ref["t0"], t=ref["t"], y0=y0, yt=yt, ratio=ratio))
    elif a.mode == "verdict":
        lines.append(w("past", year=t.year, as_of=as_of))
        if a.latest is not None:
            lines.append(f"{t.year}: {with_unit(a.latest.value, unit, lang)} → {verdict}")
    elif a.latest is not None and a.latest.year == t.year:
        lines.append(w("direct", year=t.year))
        lines.append(f"{t.year}: {with_unit(a.latest.value, unit, lang)} → {verdict}")
    else:
        lines.append(w("ahead", year=t.year, as_of=as_of))
        if a.base is not None and a.latest is not None:
            lines.append(
                w(
                    "points",
                    t0=a.base.year,
                    y0=n(a.base.value),
                    t=a.latest.year,
                    yt=n(a.latest.value),
                    T=t.year,
                    TV=n(a.threshold),
                )
            )
        if a.met and a.latest is not None:
            lines.append(w("reached", latest=a.latest.year, year=t.year))
        if a.ratio is not None and a.method == "growth":
            d, s = c.get("d"), c.get("s")
            lines.append(w("growth_form"))
            lines.append(w("observed", rate=n(a.observed_rate)))
            lines.append(w("required", rate=n(a.required_rate)))
            lines.append(
                f"R = d·s·observed/|required| = ({L.number(d, lang)})·({L.number(s, lang)})·({n(a.observed_rate)})"
                f"/{n(abs(a.required_rate or 0))} = {n(a.ratio)}"
            )
        elif a.ratio is not None and a.method == "linear":
            lines.append(w("linear_form"))
            lines.append(f"R = d·((yt−y0)/(t−t0)) / |(TV−y0)/(T−t0)| = {n(a.ratio)}")
        if a.ratio is not None:
            lines.append(
                w(
                    "bands",
                    on=L.number(ON_TRACK, lang),
                    acc=L.number(ACCELERATE, lang),
                    on_track=i18n.status_word("on_track", lang),
                    needs=i18n.status_word("needs_acceleration", lang),
                    limited=i18n.status_word("limited_progress", lang),
                    worse=i18n.status_word("deteriorating", lang),
                )
            )
    if a.gap is not None:
        lines.append(w("gap", text=i18n.gap_text(a, unit, lang), value=with_unit(a.gap, unit, lang, signed=True)))
    if a.share_covered is not None:
        lines.append(w("covered", share=L.percent(a.share_covered, lang)))
    if a.required_yearly_change is not None:
        lines.append(w("yearly", value=with_unit(a.required_yearly_change, unit, lang, signed=True)))
    if a.projected is not None:
        line = w("projected", year=t.year, value=with_unit(a.projected, unit, lang))
        if "projected_unbounded" in c:
            line += w("unbounded", value=n(c["projected_unbounded"]))
        lines.append(line)
    lines.append(w("status", status=i18n.status_with_reason(a, lang, always=True)))
    from stiplan.engine.report_model import percent_of_target  # the report's "% mục tiêu", one home

    share = percent_of_target(st, m)
    if share is not None:
        lines.append(w("percent_of_target", share=L.number(share, lang) + L.percent_sign(lang)))
    left_out = c.get("left_out") or []
    if left_out:
        items = "; ".join(
            w(
                "left_out_item",
                year=x.year,
                value=with_unit(x.value, unit, lang),
                why=V.LEFT_OUT.pick_or(x.reason, lang) + (f": {x.detail}" if x.detail else ""),
            )
            for x in left_out
        )
        lines.append(w("left_out", items=items))
    return lines


def _base_lines(c: dict[str, object], a: Assessment, lang: Lang, n: Callable[[float | None], str]) -> list[str]:
    """Which base year is in force, why, and which figure serves as the base."""
    year, origin = c.get("base_year"), c.get("base_year_origin")
    if year is None:
        if a.base is None:
            return []
        return [SHOW.pick("base_earliest", lang, year=a.base.year, value=n(a.base.value))]
    why = SHOW.pick(f"why_{origin}", lang) if f"why_{origin}" in SHOW else str(origin)
    line = SHOW.pick("base_year", lang, year=year, why=why)
    if a.base is None:
        line += SHOW.pick("base_none_after", lang)
    elif a.base.year == year:
        line += SHOW.pick("base_figure", lang, year=year, value=n(a.base.value))
    else:
        line += SHOW.pick("base_later", lang, year=year, first=a.base.year, value=n(a.base.value))
    return [line]


def print_show(
    console: Console,
    st: IndicatorStatus,
    *,
    lang: Lang,
    as_of: int,
    scope_names: dict[str, str] | None = None,
    base: BaseYearInfo | None = None,
) -> None:
    """One indicator in depth: definition, source sentence, readings, actuals, arithmetic."""
    ind = st.indicator
    title = Text(ind.name.pick(lang), style="bold")
    title.append(f"  [{ind.id}]", style="dim")
    console.print(title)
    console.print(Text(ind.name.pick(L.other(lang)), style="italic"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row(Text(WORDS.pick("unit", lang)), Text(ind.unit_in(lang)))
    facts.add_row(Text(SHOW.pick("direction", lang)), Text(i18n.direction_words(ind.direction, lang)))
    names = scope_names or {}
    facts.add_row(Text(WORDS.pick("scope", lang)), Text(names.get(st.scope, st.scope)))
    facts.add_row(Text(SHOW.pick("clause", lang)), Text(i18n.clause_text(ind.source, lang)))
    if st.frame is not None:
        facts.add_row(Text(SHOW.pick("frame", lang)), Text(st.frame))
    for brk in ind.breaks:
        facts.add_row(
            Text(SHOW.pick("series_break", lang)),
            Text(f"{brk.year}: {brk.before} → {brk.after}. {brk.reason} ({brk.source})"),
        )
    console.print(facts)
    if base is not None:
        console.print(Text(base.sentence(lang), style="bold" if base.override else ""))
    console.print(Text("“" + ind.source.text + "”", style="italic"))
    if ind.notes:
        console.print(Text(SHOW.pick("readings", lang), style="bold"))
        for note in ind.notes:
            console.print(Text("• " + note))

    console.print(Text("\n" + SHOW.pick("actuals", lang), style="bold"))
    if not st.points:
        console.print(Text(i18n.status_word("no_data", lang), style="dim"))
    else:
        table = Table(show_lines=False)
        for col in ("year", "value", "scope", "source"):
            table.add_column(WORDS.pick(col, lang), overflow="fold")
        for p in st.points:
            value = with_unit(p.value, ind.unit, lang) + (f"/{p.of}" if p.of else "")
            scope = Text(names.get(p.scope, p.scope), style="" if p.comparable else "italic yellow")
            if p.frame is not None:
                scope.append(f" · {p.frame}")
            if p.left_out:
                scope.append("\n" + V.LEFT_OUT.pick(p.left_out, lang))
            elif st.base_year is not None and p.year < st.base_year:
                scope.append("\n" + V.LEFT_OUT.pick("before_base_year", lang), style="italic")
            source = Text(p.source)
            if p.note:
                source.append(f"\n{WORDS.pick('note', lang)}: {p.note}", style="dim")
            table.add_row(Text(str(p.year)), Text(value), scope, source)
        console.print(table)

    for m in st.milestones:
        console.print(Text(f"\n{WORDS.pick('milestone', lang)} {m.target.year}", style="bold"))
        console.print(Group(*(Text(line) for line in explain_milestone(st, m, lang=lang, as_of=as_of))))


def as_json(
    st: IndicatorStatus, envelope: Envelope, *, lang: Lang, as_of: int, base: BaseYearInfo | None = None
) -> str:
    """The indicator as `status` gives it in JSON, with the step-by-step arithmetic of each
    milestone in the envelope's language (the lines `show` prints)."""
    return dump(envelope, json_body(st, lang=lang, as_of=as_of, base=base))


def json_body(st: IndicatorStatus, *, lang: Lang, as_of: int, base: BaseYearInfo | None = None) -> dict[str, object]:
    """One plan's part of `show --format json` (an indicator of several plans lists one per plan)."""
    return {
        "base_year": base.to_dict() if base else None,
        "indicator": st.to_dict(),
        "explanation": {str(m.target.year): explain_milestone(st, m, lang=lang, as_of=as_of) for m in st.milestones},
    }


def print_goal(console: Console, goal: Goal, *, lang: Lang) -> None:
    """A qualitative goal: the plan's own words, in both languages; never a score."""
    console.print(Text(goal.name.pick(lang), style="bold"))
    console.print(Text(goal.name.pick(other(lang)), style="dim"))
    line, _ = i18n.goal_lines(goal, None, lang)
    console.print(Text(line))
    console.print(Text(SHOW.pick("goal_kind", lang), style="dim"))
    for note in goal.notes:
        console.print(Text(f"- {note}"))


def goal_json(goal: Goal, envelope: Envelope) -> str:
    return dump(envelope, {"goal": goal.to_dict()})
