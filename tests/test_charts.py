"""The report's charts, read from the drawn matplotlib figure (tick values, legend texts, lines,
label boxes), never from pixels. Every expected value is worked out from the fixture by hand."""

from __future__ import annotations

from typing import Any

import pytest

from stiplan.engine.indicators import (
    IndicatorStatus,
    Milestone,
    Point,
    engine_target,
    indicator_frame,
    series_end,
)
from stiplan.engine.progress import LeftOut, Observation, assess
from stiplan.lang import Lang
from stiplan.models import Indicator
from stiplan.views import charts as C

pytest.importorskip("matplotlib")

DTI: dict[str, Any] = {
    "id": "dti_rank",
    "name": {"vi": "Xếp hạng DTI", "en": "DTI rank"},
    "unit": "rank",
    "direction": "decrease",
    "source": {"clause": "II.2.b", "text": "nhóm 20 tỉnh đứng đầu"},
    "targets": [{"year": 2025, "kind": "rank_within", "value": 20}, {"year": 2030, "kind": "rank_within", "value": 15}],
    "breaks": [
        {
            "year": 2024,
            "before": "provinces_63",
            "after": "provinces_34",
            "before_ends": 2024,
            "source": "DTI 2024",
            "reason": "merged provinces",
        }
    ],
}


def point(year: int, value: float, *, of: int | None = None, frame: str | None = None, scope: str = "p") -> Point:
    return Point(year, value, of, "src", scope, None, scope == "p", frame, frame in (None, "provinces_63"))


def status(ind: dict[str, Any], points: list[Point], as_of: int = 2026, base: int = 2020) -> IndicatorStatus:
    """The status the engine gives these figures (as engine.indicators.assess_indicator does)."""
    indicator = Indicator.model_validate(ind)
    comparable = [Observation(p.year, p.value) for p in points if p.comparable]
    left = [
        LeftOut(p.year, p.value, p.left_out or "", p.frame if p.left_out == "other_frame" else p.scope)
        for p in points
        if not p.comparable
    ]
    milestones = tuple(
        Milestone(
            t,
            assess(
                indicator.direction,
                engine_target(t),
                comparable,
                as_of,
                base,
                left_out=left,
                series_end=series_end(indicator),
            ),
        )
        for t in indicator.targets
    )
    return IndicatorStatus(indicator, "p", tuple(points), milestones, base, "plan", indicator_frame(indicator))


def figure(st: IndicatorStatus, lang: Lang = "vi") -> Any:
    with C.rc_defaults():
        fig = C.draw_figure(st, lang=lang, base_year=2020, as_of=2026)
        fig.draw_without_rendering()  # the tick labels and text boxes laid out as printed, no pixels
    return fig


def visible_ticks(ax: Any) -> list[float]:
    lo, hi = sorted(ax.get_ylim())
    return [t for t in ax.get_yticks() if lo <= t <= hi]


def tick_labels(ax: Any) -> list[str]:
    lo, hi = sorted(ax.get_ylim())
    return [t.get_text() for t in ax.get_yticklabels() if lo <= t.get_position()[1] <= hi]


def legend_texts(fig: Any) -> list[str]:
    return [t.get_text() for t in fig.legends[0].get_texts()]


def drawn_lines(ax: Any) -> list[Any]:
    """The lines that carry figures (not the target stars, the target lines or the base year)."""
    return [ln for ln in ax.get_lines() if ln.get_marker() in ("o", "D", "s")]


DTI_POINTS = [
    point(2020, 55, of=63, frame="provinces_63"),
    point(2022, 30, of=63, frame="provinces_63"),
    point(2024, 16, of=63, frame="provinces_63"),
    point(2024, 15, of=34, frame="provinces_34"),
    point(2025, 9, of=34, frame="provinces_34"),
]


def test_a_rank_has_the_best_on_top_and_whole_ticks() -> None:
    ax = figure(status(DTI, DTI_POINTS)).axes[0]
    top, bottom = ax.get_ylim()[1], ax.get_ylim()[0]
    assert top < bottom  # inverted: rank 9 is drawn above rank 55
    ticks = visible_ticks(ax)
    assert ticks and all(float(t).is_integer() for t in ticks) and min(ticks) >= 1


def test_a_break_starts_a_new_labelled_series() -> None:
    fig = figure(status(DTI, DTI_POINTS))
    lines = drawn_lines(fig.axes[0])
    # Frame A: 2020, 2022, 2024 (three figures of 63); frame B: 2024, 2025 (two of 34).
    assert [list(ln.get_xdata()) for ln in lines] == [[2020, 2022, 2024], [2024, 2025]]
    assert [list(ln.get_ydata()) for ln in lines] == [[55, 30, 16], [15, 9]]
    assert legend_texts(fig) == [
        "Số liệu, hạng trên 63",
        "Chuỗi mới từ năm 2024, hạng trên 34 (tham khảo)",
        "Mục tiêu",
        "Năm gốc 2020",
    ]
    en = figure(status(DTI, DTI_POINTS), "en")
    assert legend_texts(en)[:2] == ["Figures, rank of 63", "New series from 2024, rank of 34 (reference)"]


def indicator(unit: str, *targets: dict[str, Any], direction: str = "increase") -> dict[str, Any]:
    """A one-line indicator of the test plan, of this unit and these targets."""
    return {
        "id": unit,
        "name": {"vi": f"Chỉ tiêu {unit}", "en": f"Indicator {unit}"},
        "unit": unit,
        "direction": direction,
        "source": {"clause": "II.2", "text": "phấn đấu đạt"},
        "targets": list(targets),
    }


def test_no_legend_entry_for_a_target_not_drawn() -> None:
    """An increment over a base year without a figure has no level to draw: no 'Mục tiêu'."""
    count = indicator("count", {"year": 2025, "kind": "increment_over_baseline", "value": 5, "baseline_year": 2020})
    fig = figure(status(count, [point(2022, 5), point(2023, 5)]))
    assert legend_texts(fig) == ["Số liệu", "Năm gốc 2020"]
    # A count of 5 and 5: whole ticks around it (not 4.7–5.3), none below zero.
    ticks = visible_ticks(fig.axes[0])
    assert 5 in ticks and all(float(t).is_integer() and t >= 0 for t in ticks)
    assert all("," not in t and "." not in t for t in tick_labels(fig.axes[0]))


def test_a_small_count_has_no_negative_or_half_ticks() -> None:
    count = indicator("count", {"year": 2030, "kind": "at_least", "value": 3})
    ax = figure(status(count, [point(2022, 0), point(2023, 1), point(2024, 2)])).axes[0]
    ticks = visible_ticks(ax)
    # Figures 0, 1, 2 and the target 3: whole ticks from 0, none at −0.5 or 0.5.
    assert ticks[0] == 0 and {0, 1, 2, 3} <= set(ticks)
    assert all(float(t).is_integer() for t in ticks)


SHARE = indicator("percent", {"year": 2025, "kind": "at_least", "value": 20})


def test_vietnamese_numbers_in_the_vietnamese_chart() -> None:
    fig = figure(status(SHARE, [point(2023, 11.2), point(2024, 12.5)]))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert "11,2 %" in labels and "12,5 %" in labels
    assert not any("." in t for t in tick_labels(ax))
    # Years are never written as numbers with a thousands separator.
    assert [t.get_text() for t in ax.get_xticklabels()][:3] == ["2020", "2021", "2022"]
    en = figure(status(SHARE, [point(2023, 11.2), point(2024, 12.5)]), "en").axes[0]
    assert "11.2%" in [t.get_text() for t in en.texts]
    hdi = {**SHARE, "unit": "index", "targets": [{"year": 2030, "kind": "above", "value": 0.7}]}
    index = figure(status(hdi, [point(2023, 0.748), point(2024, 0.752)])).axes[0]
    # Figures 0.748, 0.752 and the level 0.7: ticks between 0,7 and 0,75 written with a comma.
    assert tick_labels(index) and all(t.startswith("0,") for t in tick_labels(index))
    assert [t.get_text() for t in index.texts] == ["0,748", "0,752"]  # as recorded, not 0,75 twice


def boxes_overlap(a: Any, b: Any) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def misplaced_labels(fig: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """The pairs of texts printed over each other, and the texts cut off by the picture's edge:
    the figures' labels, the legend, the verdict lines and the title."""
    renderer = fig.canvas.get_renderer()
    texts = [t for t in fig.axes[0].texts if t.get_text()] + [t for t in fig.texts if t.get_text()]
    texts += list(fig.legends[0].get_texts()) + [fig.axes[0].title]
    boxes = [t.get_window_extent(renderer) for t in texts]
    over = [
        (texts[i].get_text(), texts[j].get_text())
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes_overlap(boxes[i], boxes[j])
    ]
    width, height = fig.canvas.get_width_height()
    cut = [
        t.get_text() for t, b in zip(texts, boxes, strict=True) if b.x0 < 0 or b.y0 < 0 or b.x1 > width or b.y1 > height
    ]
    return over, cut


@pytest.mark.parametrize(
    "points",
    [
        DTI_POINTS,  # 16 (of 63) and 15 (of 34) in 2024: one place apart
        [point(2023, 11.2), point(2024, 11.3), point(2025, 11.25, scope="vn")],
    ],
)
def test_no_label_prints_over_another(points: list[Point]) -> None:
    ind = DTI if points is DTI_POINTS else SHARE
    assert misplaced_labels(figure(status(ind, points))) == ([], [])


@pytest.mark.slow  # draws every chart of the shipped plan twice
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_chart_of_the_shipped_plan_prints_a_label_over_another(lang: Lang) -> None:
    from conftest import FROZEN
    from stiplan.actions.loading import load_dataset
    from stiplan.engine.indicators import assess_dataset

    ds = load_dataset(FROZEN, check=False).dataset
    assert ds is not None
    drawn = 0
    for st in assess_dataset(ds, 2026):
        if C.has_chart(st, every=True):
            with C.rc_defaults():
                fig = C.draw_figure(st, lang=lang, base_year=2020, as_of=2026)
                fig.canvas.draw()
            assert misplaced_labels(fig) == ([], []), st.indicator.id
            drawn += 1
    assert drawn == 5  # TFP, digital economy share, DTI, GII, S&T enterprises


def test_only_indicators_with_two_comparable_figures_get_a_chart_by_default() -> None:
    one = status(SHARE, [point(2024, 12.5), point(2025, 13, scope="vn")])
    two = status(SHARE, [point(2023, 11.2), point(2024, 12.5)])
    assert (C.has_chart(one), C.has_chart(two)) == (False, True)
    assert C.has_chart(one, every=True)
    assert not C.has_chart(status(SHARE, []), every=True)


def test_the_chart_key_changes_with_what_is_drawn() -> None:
    """A new series label (the break year) is drawn: the cached picture must not be served."""
    first = status(DTI, DTI_POINTS)
    moved = status({**DTI, "breaks": [{**DTI["breaks"][0], "year": 2023}]}, DTI_POINTS)
    key = C._chart_key
    assert key(first, lang="vi", base_year=2020, as_of=2026) == key(first, lang="vi", base_year=2020, as_of=2026)
    assert key(first, lang="vi", base_year=2020, as_of=2026) != key(moved, lang="vi", base_year=2020, as_of=2026)
    assert key(first, lang="vi", base_year=2020, as_of=2026) != key(first, lang="en", base_year=2020, as_of=2026)


def site_chart(*figures: tuple[int, float]) -> Any:
    from stiplan.views.site.pages import Chart, ChartPoint

    points = tuple(ChartPoint(year, value, True, str(value)) for year, value in figures)
    return Chart("t", "d", points, (), False, legend_series="", legend_reference="", legend_target="")


def test_the_site_chart_of_a_count_has_whole_ticks() -> None:
    """A count of 5 in 2022 and 2023: span 0 → 4–6 (one either side), nice step 0.5 for a span
    of 2 over 5 ticks; whole figures raise it to 1 → ticks 4, 5, 6 (never 4,5 or 5,5)."""
    from stiplan.views.site.chart import geometry

    assert [t.label for t in geometry(site_chart((2022, 5), (2023, 5)), "vi").y_ticks] == ["4", "5", "6"]
    # 5.2–5.5: span 0.3, step 0.1 (0.3/5 = 0.06 → 0.1), axis 5.2–5.5 in Vietnamese style.
    shares = geometry(site_chart((2022, 5.2), (2023, 5.5)), "vi")
    assert [t.label for t in shares.y_ticks] == ["5,2", "5,3", "5,4", "5,5"]
