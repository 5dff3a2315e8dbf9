"""A small line chart per indicator: its figures, its targets, its base year, its statuses in words.

matplotlib is imported only here, only when a chart is drawn, with the Agg backend and no
pyplot (no global figure state). The same data gives the same PNG bytes: fixed size and dpi,
no 'Software' or date metadata, DejaVu Sans (shipped with matplotlib, it has every Vietnamese
letter). Colour is never the only signal: markers differ, and each target is labelled in words.
"""

from __future__ import annotations

import functools
import io
import textwrap
from pathlib import Path

from stiplan.engine.indicators import IndicatorStatus
from stiplan.lang import Lang, Term, Words
from stiplan.views import i18n
from stiplan.views.i18n import describe_target, with_unit

WORDS = Words(
    figures=Term("Số liệu", "Figures"),
    not_comparable=Term("Không so sánh được (tham khảo)", "Not comparable (reference)"),
    target=Term("Mục tiêu", "Target"),
    verdict=Term("★ Mục tiêu {year}: {target} — {status}", "★ Target {year}: {target} — {status}"),
    base_year=Term("Năm gốc {year}", "Base year {year}"),
    lower_better=Term(" (nhỏ hơn là tốt hơn)", " (lower is better)"),
    caption=Term("Hình {n}. {title}", "Figure {n}. {title}"),
)

SIZE_IN = (6.4, 3.8)
DPI = 150


def chart_title(st: IndicatorStatus, lang: Lang) -> str:
    return st.indicator.name.pick(lang)


def has_chart(st: IndicatorStatus) -> bool:
    """An indicator gets a chart when it has at least one figure."""
    return bool(st.points)


CHART_FORMAT = 1
"""Bump when the drawing changes in a way stiplan's own source files do not show."""


def chart_png(st: IndicatorStatus, *, lang: Lang, base_year: int, as_of: int) -> bytes:
    """`draw_png`, or the picture it drew before from exactly the same inputs.

    The key is a digest of everything the picture depends on: the indicator's whole status
    (its figures, targets and assessments, as their full `repr`), the language, base year and
    year, stiplan's own code (every module's size and time, as the load cache uses) and
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


@functools.cache
def _code() -> str:
    """stiplan's own code, once per run (a stat of every module)."""
    from stiplan.store.cache import code_fingerprint

    return code_fingerprint(Path(__file__).resolve().parents[1])


def draw_png(st: IndicatorStatus, *, lang: Lang, base_year: int, as_of: int) -> bytes:
    """The chart of one indicator as PNG bytes, the same whatever the user's matplotlibrc says."""
    import matplotlib

    skip = {"backend", "backend_fallback", "interactive"}
    rc = {k: v for k, v in matplotlib.rcParamsDefault.items() if k not in skip}
    rc["font.family"] = ["DejaVu Sans"]
    with matplotlib.rc_context(rc):
        return _draw(st, lang=lang, base_year=base_year, as_of=as_of)


def _draw(st: IndicatorStatus, *, lang: Lang, base_year: int, as_of: int) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    ind = st.indicator
    fig = Figure(figsize=SIZE_IN, dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    unit = i18n.unit_word(ind.unit, lang)

    series = st.series
    if series:
        ax.plot(
            [p.year for p in series],
            [p.value for p in series],
            color="black",
            marker="o",
            linewidth=1.5,
            label=WORDS.pick("figures", lang),
        )
        for p in series:
            ax.annotate(
                with_unit(p.value, ind.unit, lang),
                (p.year, p.value),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7,
            )
    others = st.other_scope
    if others:
        ax.plot(
            [p.year for p in others],
            [p.value for p in others],
            linestyle="none",
            marker="s",
            markerfacecolor="white",
            color="dimgray",
            label=WORDS.pick("not_comparable", lang),
        )
        for p in others:
            ax.annotate(
                with_unit(p.value, ind.unit, lang),
                (p.year, p.value),
                textcoords="offset points",
                xytext=(0, -12),
                ha="center",
                fontsize=7,
                color="dimgray",
            )
    years = [p.year for p in st.points]
    verdicts: list[str] = []
    for m in st.milestones:
        value = m.assessment.threshold
        if value is None and m.target.kind == "range":
            value = m.target.min
        if value is None:
            continue
        y = m.target.year
        years.append(y)
        ax.plot([y], [value], linestyle="none", marker="*", markersize=11, color="tab:blue")
        ax.axhline(value, color="tab:blue", linewidth=0.6, linestyle=":")
        ax.annotate(str(y), (y, value), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=7)
        target = describe_target(m.target, ind.unit, lang, value)
        verdicts.append(
            WORDS.pick("verdict", lang, year=y, target=target, status=i18n.status_with_reason(m.assessment, lang))
        )
    ax.plot([], [], linestyle="none", marker="*", color="tab:blue", label=WORDS.pick("target", lang))
    years.append(base_year)
    ax.axvline(base_year, color="gray", linewidth=0.8, linestyle="--")
    ax.annotate(
        WORDS.pick("base_year", lang, year=base_year),
        (base_year, 1),
        xycoords=("data", "axes fraction"),
        textcoords="offset points",
        xytext=(3, -10),
        fontsize=7,
        color="dimgray",
    )
    ax.set_xlim(min(years) - 0.5, max([*years, as_of]) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if ind.unit == "rank":
        ax.invert_yaxis()
        unit += WORDS.pick("lower_better", lang)
    ax.set_ylabel(unit, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.set_title("\n".join(textwrap.wrap(chart_title(st, lang), 70)), fontsize=9)
    ax.grid(True, linewidth=0.3, color="lightgray")
    ax.legend(loc="best", fontsize=7, frameon=False)
    ax.margins(y=0.25)
    # The targets and their statuses in words, under the plot (labels in the plot collide).
    fig.text(0.1, 0.02, "\n".join(verdicts), fontsize=7, va="bottom", ha="left")
    bottom = 0.1 + 0.055 * len(verdicts)
    fig.subplots_adjust(left=0.1, right=0.97, top=0.86, bottom=bottom)  # fixed: cheaper than tight_layout
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def caption(n: int, st: IndicatorStatus, lang: Lang) -> str:
    return WORDS.pick("caption", lang, n=n, title=chart_title(st, lang))
