"""A comparable series that ends before its milestone: "chưa đánh giá được", never a forecast.

The fixture, worked by hand: a DTI-like rank, lower is better, targets "top 20" by 2025 and
"top 15" by 2030, all set among 63 provinces (frame A = provinces_63). Frame A is published up to
its 2024 edition (`before_ends: 2024`); from 2024 a ranking of 34 provinces (frame B) exists.
Figures: 55 (2020), 30 (2022), 16 (2024) in frame A; 9 (2025) in frame B.

Without the end, the forecast for 2030 would read (growth form, base 2020, latest 2024):
observed = (16/55)^(1/4) − 1 = −0.265589, required = (15/55)^(1/10) − 1 = −0.121842,
R = 0.265589 / 0.121842 = 2.1798 → "on track". With the end
declared, both milestones (2025 and 2030, after 2024) are "not assessable", reason
"series_ended": the series ended in 2024, the new one has 1 figure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DataFolder, cli
from stiplan.engine.progress import LeftOut, Observation, SeriesEnd, Target, assess

FRAME_A = {2020: 55.0, 2022: 30.0, 2024: 16.0}
FRAME_B = [LeftOut(2025, 9.0, "other_frame", "provinces_34")]
END = SeriesEnd(2024, "provinces_34")
R_BY_HAND = 0.265589 / 0.121842  # 2.1798


def series() -> list[Observation]:
    return [Observation(y, v) for y, v in FRAME_A.items()]


def test_without_the_end_the_ranking_is_forecast_on_track() -> None:
    """The wrong state before: a forecast on a ranking that is no longer published."""
    a = assess("decrease", Target(2030, "rank_within", value=15), series(), 2026, 2020, left_out=FRAME_B)
    assert (a.status, a.ratio) == ("on_track", pytest.approx(R_BY_HAND, abs=1e-3))


@pytest.mark.parametrize(("year", "top"), [(2025, 20), (2030, 15)])
def test_a_milestone_after_the_end_is_not_assessable(year: int, top: int) -> None:
    a = assess(
        "decrease", Target(year, "rank_within", value=top), series(), 2026, 2020, left_out=FRAME_B, series_end=END
    )
    assert (a.status, a.reason) == ("not_assessable", "series_ended")
    # Nothing of a forecast or a verdict is the assessment's own.
    assert (a.ratio, a.method, a.projected, a.met, a.latest, a.gap) == (None, None, None, None, None, None)
    c = a.components
    assert (c["series_end"], c["successor_frame"], c["successor_figures"]) == (2024, "provinces_34", 1)


def test_the_last_comparable_trend_is_kept_for_reference_only() -> None:
    a = assess(
        "decrease", Target(2030, "rank_within", value=15), series(), 2026, 2020, left_out=FRAME_B, series_end=END
    )
    ref = a.components["reference"]
    assert isinstance(ref, dict)
    assert (ref["t0"], ref["y0"], ref["t"], ref["yt"], ref["method"]) == (2020, 55.0, 2024, 16.0, "growth")
    assert ref["observed_rate"] == pytest.approx(-0.265589, abs=1e-6)
    assert ref["required_rate"] == pytest.approx(-0.121842, abs=1e-6)
    assert ref["ratio"] == pytest.approx(R_BY_HAND, abs=1e-3)
    assert json.loads(json.dumps(a.to_dict(), allow_nan=False))["components"]["reference"]["t"] == 2024


def test_a_milestone_up_to_the_end_is_judged_as_before() -> None:
    """2024 is the last edition of frame A: a 2024 target is still judged on its figure (16 ≤ 20)."""
    a = assess("decrease", Target(2024, "rank_within", value=20), series(), 2026, 2020, series_end=END)
    assert (a.status, a.met) == ("achieved", True)


def test_no_figure_in_the_new_frame_is_counted_as_none() -> None:
    a = assess("decrease", Target(2030, "rank_within", value=15), series(), 2026, 2020, series_end=END)
    assert (a.status, a.components["successor_figures"]) == ("not_assessable", 0)


# --- the same through the data, in every output that reads the engine ---------------------

RANK = """\
  - id: dti_rank
    name: {vi: "Xếp hạng DTI", en: "DTI rank"}
    unit: rank
    direction: decrease
    source: {clause: II.2.b, text: "nhóm 20 tỉnh đứng đầu … nhóm 15 tỉnh đứng đầu"}
    targets:
      - {year: 2025, kind: rank_within, value: 20}
      - {year: 2030, kind: rank_within, value: 15}
    breaks:
      - year: 2024
        before: provinces_63
        after: provinces_34
        before_ends: 2024
        source: "DTI 2024, two rankings"
        reason: "Provinces merged: a rank among 34 is another ranking."
"""


def figure(year: int, value: int, of: int, frame: str | None = None) -> str:
    framed = f"\n    frame: {frame}" if frame else ""
    return (
        f'year: {year}\nindicators:\n  dti_rank:\n    value: {value}\n    of: {of}\n    source: "DTI {year}"{framed}\n'
    )


@pytest.fixture
def ended(data: DataFolder) -> DataFolder:
    data.write_targets(RANK)
    data.clear_actuals()
    data.write("actuals/2020.yaml", figure(2020, 55, 63))
    data.write("actuals/2022.yaml", figure(2022, 30, 63))
    data.write("actuals/2024.yaml", figure(2024, 16, 63, "provinces_63"))
    data.write("actuals/2025.yaml", figure(2025, 9, 34))
    return data


def test_status_json_says_not_assessable_with_the_reason(ended: DataFolder) -> None:
    run = cli("status", "--as-of", "2026", "--format", "json")
    assert run.exit_code == 0, run.stdout + run.stderr
    ind = json.loads(run.stdout)["indicators"][0]
    ms = {m["milestone"]: m for m in ind["milestones"]}
    assert {y: (m["status"], m["reason"]) for y, m in ms.items()} == {
        2025: ("not_assessable", "series_ended"),
        2030: ("not_assessable", "series_ended"),
    }
    assert ms[2030]["ratio"] is None and ms[2030]["components"]["reference"]["yt"] == 16


def test_status_text_words_the_reason(ended: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # the reason's first words on one line
    vi = cli("status", "--as-of", "2026", "--all").stdout
    assert "Chưa đánh giá được" in vi and "Có khả năng đạt" not in vi
    assert "(chuỗi số liệu so sánh được kết thúc năm 2024; chuỗi mới có 1 số liệu," in vi
    en = cli("status", "--as-of", "2026", "--all", "--lang", "en").stdout
    assert "not assessable" in en and "on track" not in en
    assert "the comparable series ended in 2024; figures in the new series: 1," in en


def test_the_memo_and_the_site_read_the_same_status(ended: DataFolder, tmp_path: Path) -> None:
    memo = cli("report", "--as-of", "2026", "--no-charts")
    assert memo.exit_code == 0, memo.stderr
    assert "Chưa đánh giá được" in memo.stdout and "Có khả năng đạt" not in memo.stdout
    site = tmp_path / "site"
    run = cli("site", "-o", str(site), "--as-of", "2026")
    assert run.exit_code == 0, run.stdout + run.stderr
    pages = " ".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Chưa đánh giá được" in pages and "Có khả năng đạt" not in pages


def test_show_gives_the_last_comparable_trend_for_reference_only(ended: DataFolder) -> None:
    """The test plan declares no base year: its default is 2022 (the year before its period), so
    the reference trend runs 2022–2024, 30 → 16; for 2030 (top 15): observed = (16/30)^(1/2) − 1
    = −0.269703, required = (15/30)^(1/8) − 1 = −0.082996, R = 3.2496."""
    run = cli("show", "dti_rank", "--as-of", "2026")
    assert run.exit_code == 0, run.stderr
    text = " ".join(run.stdout.split())
    assert "Chuỗi số liệu so sánh được với mục tiêu kết thúc năm 2024: không đánh giá, không dự báo." in text
    assert "Chỉ để tham khảo: xu hướng 2022–2024 (30 → 16), R = 3,25." in text
    assert "dự báo theo xu hướng" not in text
