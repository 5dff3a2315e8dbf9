"""The target kinds plans write beyond the first plan's: average yearly growth (a rate or a
range) and yearly rates that may be negative. Every expected number is worked out by hand."""

from __future__ import annotations

import json

import pytest

from conftest import DataFolder, cli
from stiplan.engine.progress import Observation, Target, assess


def obs(*pairs: tuple[int, float]) -> list[Observation]:
    return [Observation(year, value) for year, value in pairs]


def test_average_growth_is_judged_on_the_compound_rate() -> None:
    """'tăng trung bình 10%/năm' from 2020 (100) to 2025; latest 2023 (125).
    Implied path: TV = 100 · 1.1^5 = 161.051. observed = 1.25^(1/3) − 1 = 0.077217;
    required = (161.051/100)^(1/5) − 1 = 0.10 (the plan's rate); R = 0.77217 → needs acceleration."""
    a = assess("increase", Target(2025, "average_growth", value=10), obs((2020, 100), (2023, 125)), 2024, 2020)
    assert a.threshold == pytest.approx(161.051)
    assert a.required_rate == pytest.approx(0.10)
    assert a.observed_rate == pytest.approx(0.077217, abs=1e-6)
    assert a.ratio == pytest.approx(0.77217, abs=1e-5)
    assert a.status == "needs_acceleration"
    assert a.components["rate"] == pytest.approx(0.10)


def test_a_growth_range_commits_to_its_lower_end() -> None:
    """'tăng trung bình 16–18%/năm': higher is better, so 16 % is the commitment.
    TV = 100 · 1.16^5 = 210.0342; observed = 1.6^(1/3) − 1 = 0.169607; R = 0.169607/0.16 = 1.0600
    → on track."""
    t = Target(2025, "average_growth_range", min=16, max=18)
    a = assess("increase", t, obs((2020, 100), (2023, 160)), 2024, 2020)
    assert a.threshold == pytest.approx(210.0342, abs=1e-4)
    assert a.ratio == pytest.approx(1.0600, abs=1e-4)
    assert a.status == "on_track"


@pytest.mark.parametrize(("figure", "status"), [(161.0, "missed"), (161.1, "achieved")])
def test_a_past_growth_milestone_is_a_verdict_on_the_path(figure: float, status: str) -> None:
    """TV = 100 · 1.1^5 = 161.051: 161.0 falls short of it, 161.1 reaches it."""
    a = assess("increase", Target(2025, "average_growth", value=10), obs((2020, 100), (2025, figure)), 2026, 2020)
    assert a.status == status


def test_the_stated_base_year_of_a_growth_target_wins_over_the_plans() -> None:
    """'tăng bình quân 10%/năm so với năm 2021': base 2021 (110), not the plan's 2020 (100).
    TV = 110 · 1.1^4 = 161.051; latest 2023 (133.1) = 110 · 1.1^2: observed 0.10, R = 1 → on track."""
    t = Target(2025, "average_growth", value=10, baseline_year=2021)
    a = assess("increase", t, obs((2020, 100), (2021, 110), (2023, 133.1)), 2024, 2020)
    assert a.threshold == pytest.approx(161.051)
    assert a.base == Observation(2021, 110)
    assert a.ratio == pytest.approx(1.0)
    assert a.status == "on_track"


GROWTH = """\
  - id: sti_firms
    name: {vi: "Doanh thu doanh nghiệp KH&CN", en: "S&T firms' revenue"}
    unit: count
    direction: increase
    source: {clause: II.2.d, text: "doanh thu tăng trung bình 16–18%/năm"}
    targets:
      - {year: 2025, kind: average_growth_range, min: 16, max: 18}
  - id: grdp_growth
    name: {vi: "Tốc độ tăng trưởng GRDP", en: "GRDP growth"}
    unit: percent_change
    direction: increase
    source: {clause: II.2.e, text: "tốc độ tăng trưởng đạt trên 7%"}
    targets:
      - {year: 2025, kind: above, value: 7}
"""


def test_the_plan_wording_is_shown_never_the_derived_level(data: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one line per cell
    data.write_targets(GROWTH)
    data.clear_actuals()
    data.write("actuals/2022.yaml", 'year: 2022\nindicators:\n  sti_firms: {value: 100, source: "Sở Tài chính"}\n')
    data.write("actuals/2024.yaml", 'year: 2024\nindicators:\n  sti_firms: {value: 140, source: "Sở Tài chính"}\n')
    assert data.validate("--strict").exit_code == 0
    table = cli("status", "--as-of", "2024")
    assert table.exit_code == 0, table.stderr
    text = " ".join(table.stdout.split())
    assert "tăng trung bình 16–18%/năm" in text
    # base 2022 (the plan's 2023–2030 period: stiplan's reading) → TV = 100 · 1.16^3 = 156.0896:
    # a level stiplan derives, never printed as the plan's target
    assert "156" not in text
    body = json.loads(cli("status", "--as-of", "2024", "--format", "json", "--indicator", "sti_firms").stdout)
    (m,) = body["indicators"][0]["milestones"]
    # observed = 1.4^(1/2) − 1 = 0.183216; R = 0.183216 / 0.16 = 1.1451 → on track
    assert m["threshold"] == pytest.approx(156.0896)
    assert m["ratio"] == pytest.approx(1.1451, abs=1e-4)
    assert m["status"] == "on_track"
    assert m["target"] == {"year": 2025, "kind": "average_growth_range", "min": 16, "max": 18}


def test_a_negative_yearly_rate_is_recorded_and_judged(data: DataFolder) -> None:
    data.write_targets(GROWTH)
    data.clear_actuals()
    run = cli("record", "grdp_growth", "2023", "-1.5", "--source", "Niên giám thống kê 2023")
    assert run.exit_code == 0, run.stderr
    assert "value: -1.5" in (data.root / "actuals" / "2023.yaml").read_text(encoding="utf-8")
    assert cli("record", "grdp_growth", "2024", "-2,5", "--source", "Niên giám 2024").exit_code == 0
    assert data.validate("--strict").exit_code == 0
    body = json.loads(cli("status", "--as-of", "2024", "--format", "json", "--indicator", "grdp_growth").stdout)
    (m,) = body["indicators"][0]["milestones"]
    # base 2023 (−1.5; nothing in 2022, the reading), latest 2024 (−2.5), target > 7 in 2025:
    # the sign changes on the way to TV, so the linear form: observed slope −1.0 a year,
    # required (7 − (−1.5)) / 2 = 4.25 a year; R = −1.0 / 4.25 = −0.2353 → deteriorating
    assert m["method"] == "linear"
    assert m["ratio"] == pytest.approx(-0.2353, abs=1e-4)
    assert m["status"] == "deteriorating"
    # an option that does not exist is still refused, not taken for a figure
    bad = cli("record", "grdp_growth", "2024", "--sauce", "x")
    assert bad.exit_code == 2


def test_a_negative_value_stays_out_of_units_that_cannot_hold_it(data: DataFolder) -> None:
    run = cli("record", "tfp_contribution", "2023", "-1.5", "--source", "x")
    assert run.exit_code == 1
    assert "value-out-of-range" in run.stdout + run.stderr


ANY_YEAR = """\
  - id: tfp_contribution
    name: {vi: "Đóng góp của TFP", en: "TFP contribution"}
    unit: percent
    direction: increase
    source: {clause: II.2.a, text: "năm 2027 đạt 48%, năm 2030 đạt 50%; tầm nhìn đến năm 2045 đạt 60%"}
    targets:
      - {year: 2027, kind: at_least, value: 48}
      - {year: 2030, kind: at_least, value: 50}
      - {year: 2045, kind: at_least, value: 60}
"""


def test_a_target_in_any_year_or_the_vision_year_is_in_every_table(
    data: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    from conftest import PLAN

    vision = PLAN.replace("  milestones: [2025, 2030]\n", "  milestones: [2025, 2030]\n  vision: 2045\n")
    data.write("targets.yaml", vision + ANY_YEAR)
    data.clear_actuals()
    assert data.validate("--strict").exit_code == 0
    table = cli("status", "--as-of", "2026", "--lang", "en").stdout
    header = next(line for line in table.splitlines() if "Milestone" in line)
    # the plan's milestones and every other year a target is set for, in order
    assert [w for w in header.replace("┃", " ").split() if w.isdigit()] == ["2025", "2027", "2030", "2045"]
    assert "≥ 60%" in table and "≥ 48%" in table
    body = json.loads(cli("status", "--as-of", "2026", "--format", "json").stdout)
    assert [m["target"]["year"] for m in body["indicators"][0]["milestones"]] == [2027, 2030, 2045]
    memo = cli("report", "--as-of", "2026", "--lang", "en").stdout
    assert "Milestone 2045" in memo and "Milestone 2027" in memo
    # without the vision year, a 2045 target is outside the plan: a located error
    data.write("targets.yaml", PLAN + ANY_YEAR)
    run = data.validate()
    assert run.exit_code == 1
    found = run.only()
    assert (found.code, found.line) == ("target-year-outside-period", 22)


def test_an_average_over_a_period_reached_early_is_a_level_reached() -> None:
    """'trung bình giai đoạn 2026–2030 đạt 12 trở lên': 11, 12, 14 → running mean 12.333 ≥ 12."""
    t = Target(2030, "average_over_period", value=12, period_start=2026)
    a = assess("increase", t, obs((2026, 11), (2027, 12), (2028, 14)), 2028)
    assert a.status == "target_reached"
    assert a.components["period_mean"] == pytest.approx(37 / 3)


def test_an_average_over_a_period_is_forecast_on_its_running_mean() -> None:
    """10 then 11: running means 10 and 10.5. observed = 10.5/10 − 1 = 0.05; required =
    (12/10)^(1/4) − 1 = 0.046635 (from 2026 to 2030); R = 0.05/0.046635 = 1.0721 → on track."""
    t = Target(2030, "average_over_period", value=12, period_start=2026)
    a = assess("increase", t, obs((2025, 3), (2026, 10), (2027, 11)), 2027)
    assert a.ratio == pytest.approx(1.0721, abs=1e-4)
    assert a.status == "on_track"


@pytest.mark.parametrize(("last", "status"), [(13, "missed"), (14, "achieved")])
def test_an_average_over_a_passed_period_is_a_verdict(last: float, status: str) -> None:
    """10 + 11 + 12 + 13 + 13 = 59, mean 11.8 < 12: missed; with 14 the sum is 60, mean 12: achieved."""
    t = Target(2030, "average_over_period", value=12, period_start=2026)
    a = assess("increase", t, obs((2026, 10), (2027, 11), (2028, 12), (2029, 13), (2030, last)), 2031)
    assert a.status == status


def test_an_average_with_a_year_missing_is_not_judged() -> None:
    t = Target(2030, "average_over_period", value=12, period_start=2026)
    a = assess("increase", t, obs((2026, 20), (2027, 20), (2028, 20), (2030, 20)), 2031)
    assert (a.status, a.reason) == ("insufficient_data", "period_incomplete")
    assert a.components["period_missing"] == [2029]


def test_a_level_kept_every_year_breaks_at_the_first_year_short() -> None:
    """'duy trì … trên 0,7' from 2026: 0.72 and 0.71 keep it (on track before 2030); 0.70 in 2028
    is not above 0.7, so the commitment is broken for good; '≥ 0,7' would be kept."""
    above = Target(2030, "keep_above", value=0.7, period_start=2026)
    assert assess("increase", above, obs((2026, 0.72), (2027, 0.71)), 2027).status == "on_track"
    broken = assess("increase", above, obs((2026, 0.72), (2027, 0.71), (2028, 0.70)), 2028)
    assert broken.status == "missed" and broken.latest == Observation(2028, 0.70)
    at_least = Target(2030, "keep_at_least", value=0.7, period_start=2026)
    assert assess("increase", at_least, obs((2026, 0.72), (2027, 0.71), (2028, 0.70)), 2028).status == "on_track"
    done = obs((2026, 0.72), (2027, 0.71), (2028, 0.75), (2029, 0.8), (2030, 0.71))
    assert assess("increase", above, done, 2031).status == "achieved"


PERIODS = """\
  - id: tfp_contribution
    name: {vi: "Đóng góp của TFP", en: "TFP contribution"}
    unit: percent
    direction: increase
    source: {clause: II.2.a, text: "trung bình giai đoạn 2026–2030 đạt 12%/năm trở lên"}
    targets:
      - {year: 2030, kind: average_over_period, value: 12, period_start: 2026}
  - id: hdi
    name: {vi: "Chỉ số", en: "Index"}
    unit: index
    direction: increase
    source: {clause: II.2.b, text: "duy trì chỉ số trên 0,7"}
    targets:
      - {year: 2030, kind: keep_above, value: 0.7, period_start: 2026}
"""


def test_period_targets_validate_and_read_as_the_plan(data: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    data.write_targets(PERIODS)
    data.clear_actuals()
    assert data.validate("--strict").exit_code == 0
    text = " ".join(cli("status", "--as-of", "2026").stdout.split())
    assert "trung bình giai đoạn 2026–2030 đạt 12 %" in text
    assert "duy trì hằng năm 2026–2030 trên 0,7" in text
    data.write_targets(PERIODS.replace("period_start: 2026}", "period_start: 2031}", 1))
    assert data.validate().only().code == "invalid-value"


def test_a_level_kept_below_every_year_is_the_mirror() -> None:
    """'duy trì … dưới 5' (lower is better): 4.9 and 4.0 keep it; 5.0 is not below 5."""
    below = Target(2030, "keep_below", value=5, period_start=2026)
    assert assess("decrease", below, obs((2026, 4.9), (2027, 4.0)), 2027).status == "on_track"
    assert assess("decrease", below, obs((2026, 4.9), (2027, 5.0)), 2027).status == "missed"
    at_most = Target(2030, "keep_at_most", value=5, period_start=2026)
    assert assess("decrease", at_most, obs((2026, 4.9), (2027, 5.0)), 2027).status == "on_track"


def test_the_vision_year_lies_after_the_period(data: DataFolder) -> None:
    from conftest import INDICATORS, PLAN

    vision = PLAN.replace("  milestones: [2025, 2030]\n", "  milestones: [2025, 2030]\n  vision: 2030\n")
    data.write("targets.yaml", vision + INDICATORS)
    found = data.validate().only()
    assert (found.code, found.line) == ("invalid-value", 9)  # `  vision: 2030` is line 9 of the plan
