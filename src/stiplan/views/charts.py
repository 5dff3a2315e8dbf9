"""A small line chart per indicator: its figures, its targets, its base year, its statuses in words.

matplotlib is imported only here, only when a chart is drawn, with the Agg backend and no
pyplot (no global figure state). The same data gives the same PNG bytes: fixed size and dpi,
no 'Software' or date metadata, DejaVu Sans (shipped with matplotlib, it has every Vietnamese
letter). Colour is never the only signal: markers differ, and each target is labelled in words.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass
from typing import Any

from stiplan import lang as L
from stiplan import vocabulary as V
from stiplan.engine.indicators import IndicatorStatus, Point
from stiplan.lang import Lang, Term, Words
from stiplan.views import i18n
from stiplan.views.i18n import describe_target

WORDS = Words(
    figures=Term("Số liệu", "Figures"),
    new_series=Term("Chuỗi mới từ năm {year}", "New series from {year}"),
    reference=Term("{label} (tham khảo)", "{label} (reference)"),
    other_scope=Term("Phạm vi khác (tham khảo)", "Another scope (reference)"),
    ranked_of=Term("{label}, hạng trên {of}", "{label}, rank of {of}"),
    target=Term("Mục tiêu", "Target"),
    verdict=Term("★ Mục tiêu {year}: {target} — {status}", "★ Target {year}: {target} — {status}"),
    base_year=Term("Năm gốc {year}", "Base year {year}"),
    lower_better=Term(" (nhỏ hơn là tốt hơn)", " (lower is better)"),
    caption=Term("Hình {n}. {title}", "Figure {n}. {title}"),
)

SIZE_IN = (6.4, 3.8)
DPI = 150
WIDTH_MM = 150
"""Width of a chart in the Word report: 150 × 3.8/6.4 = 89 mm high, so two charts with their
captions (and a heading) fit on one A4 page of 257 mm of text."""
LABEL_PT = 7
"""Font size of every text in the plot."""
VERDICT_CHARS = 95
"""A verdict line under the plot wraps at this many characters (the figure's width at LABEL_PT)."""


def chart_title(st: IndicatorStatus, lang: Lang) -> str:
    return st.indicator.name.pick(lang)


def has_chart(st: IndicatorStatus, *, every: bool = False) -> bool:
    """An indicator gets a chart when at least two comparable figures make a line; with `every`
    (`report --charts all`), as soon as it has any figure."""
    return bool(st.points) if every else len(st.series) >= 2


CHART_FORMAT = 2
"""Bump when the drawing changes in a way stiplan's own source files do not show."""


def chart_png(st: IndicatorStatus, *, lang: Lang, base_year: int, as_of: int) -> bytes:
    """`draw_png`, or the picture it drew before from exactly the same inputs.

    The key is a digest of everything the picture depends on: the indicator's whole status
    (its figures, targets, breaks and assessments, as their full `repr`), the language, base
    year and year, stiplan's own code (every module's size and time, as the load cache uses) and
    matplotlib's version. Any change to any of them is another key: a stale picture cannot be
    found. matplotlib is imported only when a picture must be drawn.
    """
    from stiplan.store import cache

    key = _chart_key(st, lang=lang, base_year=base_year, as_of=as_of)
    if key is not None:
        kept = cache.read_blob("charts", key)
        if kept is not None:
            return kept
    png = draw_png(st, lang=lang, base_year=base_year, as_of=as_of)
    if key is not None:
        cache.write_blob("charts", key, png)
    return png


def _chart_key(st: IndicatorStatus, *, lang: Lang, base_year: int, as_of: int) -> str | None:
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    try:
        mpl = version("matplotlib")
    except PackageNotFoundError:
        return None  # draw_png reports it
    code = _code()
    text = f"{CHART_FORMAT}\0{code}\0{mpl}\0{SIZE_IN}\0{DPI}\0{lang}\0{base_year}\0{as_of}\0{st!r}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _code() -> str:
    """stiplan's own code, once per run (a stat of every module)."""
    from stiplan.store.cache import own_fingerprint

    return own_fingerprint()


def draw_png(st: IndicatorStatus, *, lang: Lang, base_year: int, as_of: int) -> bytes:
    """The chart of one indicator as PNG bytes, the same whatever the user's matplotlibrc says."""
    out = io.BytesIO()
    with rc_defaults():
        fig = draw_figure(st, lang=lang, base_year=base_year, as_of=as_of)
        fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def rc_defaults() -> Any:
    """matplotlib's defaults, whatever the user's matplotlibrc says, in DejaVu Sans."""
    import matplotlib

    skip = {"backend", "backend_fallback", "interactive"}
    rc = {k: v for k, v in matplotlib.rcParamsDefault.items() if k not in skip}
    rc["font.family"] = ["DejaVu Sans"]
    return matplotlib.rc_context(rc)


@dataclass(frozen=True)
class Series:
    """One line (or set of marks) of the chart: the points of one frame, or of another scope."""

    label: str
    points: tuple[Point, ...]
    line: bool
    style: dict[str, Any]


def chart_series(st: IndicatorStatus, lang: Lang) -> list[Series]:
    """What the chart draws, in order: the comparable figures, then one line per other frame of
    the plan's scope (a declared break starts a new, labelled series), then the figures of
    another scope as marks. A series without a point is not drawn (and has no legend entry)."""
    ind = st.indicator
    own = [p for p in st.points if p.in_scope]
    frames: dict[str | None, list[Point]] = {}
    for p in own:
        frames.setdefault(p.frame, []).append(p)
    starts = {b.after: b.year for b in ind.breaks}
    out = []
    for frame, points in frames.items():
        comparable = frame == st.frame
        label = (
            WORDS.pick("figures", lang)
            if comparable
            else WORDS.pick("new_series", lang, year=starts.get(frame or "", points[0].year))
        )
        of = {p.of for p in points}
        if ind.unit == "rank" and len(frames) > 1 and len(of) == 1 and None not in of:
            label = WORDS.pick("ranked_of", lang, label=label, of=of.pop())
        if not comparable:
            label = WORDS.pick("reference", lang, label=label)
        style = (
            {"color": "black", "marker": "o"}
            if comparable
            else {"color": "tab:orange", "marker": "D", "linestyle": "--", "markerfacecolor": "white"}
        )
        out.append(Series(label, tuple(points), True, style))
    out.sort(key=lambda s: s.style["color"] != "black")  # the comparable series first
    others = tuple(p for p in st.points if not p.in_scope)
    if others:
        style = {"color": "dimgray", "marker": "s", "linestyle": "none", "markerfacecolor": "white"}
        out.append(Series(WORDS.pick("other_scope", lang), others, False, style))
    return out


def _value_limits(values: list[float], unit: str) -> tuple[float, float] | None:
    """Whole-number units (counts, ranks): limits on whole numbers, at least one unit of room
    around the figures, never below the unit's floor by more than half a unit; else None
    (matplotlib's own limits, with a margin)."""
    rule = V.UNITS.get(unit)
    if rule is None or not rule.whole or not values:
        return None
    lo, hi = min(values), max(values)
    pad = max(1, math.ceil((hi - lo) * 0.12))
    low: float = math.floor(lo) - pad
    high: float = math.ceil(hi) + pad
    if rule.low is not None:
        low = max(low, rule.low - 0.5)
    return low, high


def _label_offsets(marks: list[tuple[int, float]], lower_better: bool) -> list[tuple[int, int, str, str]]:
    """Where each value's label goes (dx, dy in points, ha, va), so that two figures of one year
    never print over each other: the upper one above its mark, the lower one below, any between
    them to the right."""
    by_year: dict[int, list[int]] = {}
    for k, (year, _) in enumerate(marks):
        by_year.setdefault(year, []).append(k)
    out: list[tuple[int, int, str, str]] = [(0, 5, "center", "bottom")] * len(marks)
    for ks in by_year.values():
        if len(ks) < 2:
            continue
        up = sorted(ks, key=lambda k: marks[k][1] * (-1 if lower_better else 1))
        out[up[0]] = (0, -5, "center", "top")
        out[up[-1]] = (0, 5, "center", "bottom")
        for k in up[1:-1]:
            out[k] = (6, 0, "left", "center")
    return out


def figure_text(value: float, unit: str, lang: Lang) -> str:
    """A figure as recorded: every decimal it was written with (0,748 and 0,752 stay apart, where
    two decimals would print 0,75 twice), in the language's style, with its unit's sign."""
    decimals = len(repr(float(value)).partition(".")[2].rstrip("0")) if "e" not in repr(float(value)) else None
    text = L.number(value, lang, decimals=min(decimals, 4) if decimals is not None and decimals > 2 else None)
    return text + L.percent_sign(lang) if unit == "percent" else text


def _legend_columns(labels: list[str]) -> int:
    """As many legend columns (up to 3) as fit the figure's width: matplotlib fills the columns
    one after the other, each as wide as its longest entry (a handle and about 0.56 em a letter)."""
    room = SIZE_IN[0] * 72 * 0.88
    for ncols in (3, 2):
        per = math.ceil(len(labels) / ncols)
        columns = [labels[k : k + per] for k in range(0, len(labels), per)]
        if sum(30 + 0.56 * LABEL_PT * max(map(len, col)) for col in columns) <= room:
            return ncols
    return 1


def draw_figure(st: IndicatorStatus, *, lang: Lang, base_year: int, as_of: int) -> Any:
    """The chart as a matplotlib Figure (no pyplot): `draw_png` saves it, tests read its parts."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

    ind = st.indicator
    fig = Figure(figsize=SIZE_IN, dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    unit = ind.unit_in(lang)
    lower_better = ind.direction == "decrease" and ind.unit == "rank"

    values: list[float] = []
    marks: list[tuple[int, float]] = []
    colours: list[str] = []
    for series in chart_series(st, lang):
        xs = [p.year for p in series.points]
        ys = [p.value for p in series.points]
        line: dict[str, Any] = {"linewidth": 1.5} if series.line else {}
        ax.plot(xs, ys, label=series.label, **line, **series.style)
        values += ys
        marks += list(zip(xs, ys, strict=True))
        colours += [series.style["color"]] * len(xs)
    for (year, value), colour, (dx, dy, ha, va) in zip(
        marks, colours, _label_offsets(marks, lower_better), strict=True
    ):
        ax.annotate(
            figure_text(value, ind.unit, lang),
            (year, value),
            textcoords="offset points",
            xytext=(dx, dy),
            ha=ha,
            va=va,
            fontsize=LABEL_PT,
            color=colour,
        )
    years = [p.year for p in st.points]
    verdicts: list[str] = []
    drawn_target = False
    for m in st.milestones:
        tv = m.assessment.threshold
        if tv is None and m.target.kind == "range":
            tv = m.target.min
        if tv is None:
            continue
        y = m.target.year
        years.append(y)
        values.append(tv)
        ax.plot([y], [tv], linestyle="none", marker="*", markersize=11, color="tab:blue")
        ax.axhline(tv, color="tab:blue", linewidth=0.6, linestyle=":")
        drawn_target = True
        target = describe_target(m.target, ind.unit, lang, tv)
        verdict = WORDS.pick("verdict", lang, year=y, target=target, status=i18n.status_with_reason(m.assessment, lang))
        verdicts += textwrap.wrap(verdict, VERDICT_CHARS, subsequent_indent="   ")
    if drawn_target:  # a legend entry only for what is drawn
        ax.plot([], [], linestyle="none", marker="*", color="tab:blue", label=WORDS.pick("target", lang))
    years.append(base_year)
    ax.axvline(
        base_year, color="gray", linewidth=0.8, linestyle="--", label=WORDS.pick("base_year", lang, year=base_year)
    )
    first, last = min(years), max([*years, as_of])
    ax.set_xlim(first - 0.5, last + 0.5)
    step = max(1, math.ceil((last - first + 1) / 12))
    ax.xaxis.set_major_locator(FixedLocator(list(range(first, last + 1, step))))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: str(round(v))))
    limits = _value_limits(values, ind.unit)
    if limits is not None:
        ax.set_ylim(*limits)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=2))
    else:
        ax.margins(y=0.25)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: L.number(v, lang)))
    if lower_better:
        ax.invert_yaxis()  # the best rank on top
        unit += WORDS.pick("lower_better", lang)
    ax.set_ylabel(unit, fontsize=8)
    ax.tick_params(labelsize=LABEL_PT)
    ax.set_title("\n".join(textwrap.wrap(chart_title(st, lang), 70)), fontsize=9)
    ax.grid(True, linewidth=0.3, color="lightgray")
    # Under the plot, out of the figures' way: the legend, then the targets and their statuses in words.
    lines = len(verdicts)
    text_h = 0.02 + 0.036 * lines
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="lower left",
        bbox_to_anchor=(0.08, text_h),
        ncols=(ncols := _legend_columns(labels)),
        fontsize=LABEL_PT,
        frameon=False,
    )
    rows = math.ceil(len(labels) / ncols)
    fig.text(0.1, 0.02, "\n".join(verdicts), fontsize=LABEL_PT, va="bottom", ha="left")
    bottom = text_h + 0.045 * rows + 0.07
    fig.subplots_adjust(left=0.1, right=0.97, top=0.86, bottom=bottom)  # fixed: cheaper than tight_layout
    return fig


def caption(n: int, st: IndicatorStatus, lang: Lang) -> str:
    return WORDS.pick("caption", lang, n=n, title=chart_title(st, lang))
