"""An indicator's chart as SVG geometry: pure arithmetic on the page model, rounded so that the
same data gives the same bytes. The template (`chart.svg.j2`) draws it; the chart carries its
`<title>`, `<desc>` and the data as a table beside it on the page."""

from __future__ import annotations

import math
from dataclasses import dataclass

from stiplan import lang as L
from stiplan.lang import Lang
from stiplan.views.site.pages import Chart

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 16, 40


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int
    line: str
    """The polyline's points through the figures that count."""
    series: tuple[Mark, ...]
    reference: tuple[Mark, ...]
    targets: tuple[tuple[float, float, float, str], ...]
    """(x1, x2, y, label) per milestone threshold."""
    x_ticks: tuple[Mark, ...]
    y_ticks: tuple[Mark, ...]
    plot: tuple[float, float, float, float]
    """left, top, right, bottom of the plotting area."""


def nice_step(span: float, ticks: int = 5) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about `ticks` intervals over `span`."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _r(x: float) -> float:
    return round(x, 1)


def geometry(chart: Chart, lang: Lang) -> Geometry:
    values = [p.value for p in chart.points] + [t.value for t in chart.targets]
    years = [p.year for p in chart.points] + [t.year for t in chart.targets]
    left, top, right, bottom = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM
    if not values:
        return Geometry(WIDTH, HEIGHT, "", (), (), (), (), (), (left, top, right, bottom))
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    step = nice_step(hi - lo)
    if all(float(v).is_integer() for v in values):
        step = max(step, 1.0)  # whole figures (a count, a rank): whole ticks, never 4,5 between 4 and 5
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    y0, y1 = min(years), max(years)
    if y0 == y1:
        y0, y1 = y0 - 1, y1 + 1

    def x_of(year: int) -> float:
        return _r(left + (year - y0) / (y1 - y0) * (right - left))

    def y_of(value: float) -> float:
        share = (value - lo) / (hi - lo)
        if chart.lower_is_better:  # a rank: 1 at the top, so that up is always better
            share = 1 - share
        return _r(bottom - share * (bottom - top))

    series = tuple(Mark(x_of(p.year), y_of(p.value), f"{p.year}: {p.text}") for p in chart.points if p.comparable)
    reference = tuple(
        Mark(x_of(p.year), y_of(p.value), f"{p.year}: {p.text}") for p in chart.points if not p.comparable
    )
    targets = tuple(
        (_r(max(left, x_of(t.year) - 12)), _r(min(right, x_of(t.year) + 12)), y_of(t.value), f"{t.year}: {t.text}")
        for t in chart.targets
    )
    n_ticks = round((hi - lo) / step)
    y_ticks = tuple(Mark(left, y_of(lo + i * step), L.number(lo + i * step, lang)) for i in range(n_ticks + 1))
    year_step = max(1, math.ceil((y1 - y0) / 10))
    x_ticks = tuple(Mark(x_of(y), bottom, str(y)) for y in range(y0, y1 + 1, year_step))
    line = " ".join(f"{m.x},{m.y}" for m in series)
    return Geometry(WIDTH, HEIGHT, line, series, reference, targets, x_ticks, y_ticks, (left, top, right, bottom))
