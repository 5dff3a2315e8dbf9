"""Verdicts that stay true after 2025: base year, comparable series, scopes, wording.

Every expected number is worked out by hand in the comments (natural logs to 6 places).
"""

from __future__ import annotations

import json
import math
from typing import Any, get_args

import pytest

from conftest import DataFolder, cli
from stiplan import vocabulary as V
from stiplan.engine.progress import LeftOut, Observation, Target, assess
from stiplan.views import i18n


def _left_out(a: Any) -> list[Any]:
    """The figures an assessment kept out of the arithmetic (a list in its components)."""
    left = a.components["left_out"]
    assert isinstance(left, list)
    return left


def obs(points: dict[int, float]) -> list[Observation]:
    return [Observation(y, v) for y, v in points.items()]


# --- 1. the declared base year ---------------------------------------------------------------


def test_a_figure_before_the_base_year_never_enters_the_arithmetic() -> None:
    t = Target(2030, "rank_within", value=10)
    a = assess("decrease", t, obs({2019: 30, 2020: 40, 2024: 25}), as_of=2026, baseline_year=2020)
    # Base (2020, 40), not the 2019 figure: observed = 0.625^(1/4) − 1 = −0.110860,
    # required = 0.25^(1/10) − 1 = −0.129449, R = −1 · −0.110860 / 0.129449 = 0.8564.
    assert a.base == Observation(2020, 40)
    assert a.ratio == pytest.approx(-((25 / 40) ** (1 / 4) - 1) / abs((10 / 40) ** (1 / 10) - 1))
    assert a.ratio == pytest.approx(0.8564, abs=1e-4)
    assert a.status == "needs_acceleration"
    assert a.components["base_rule"] == "base_year_figure"
    assert [(x.year, x.reason) for x in _left_out(a)] == [(2019, "before_base_year")]
    # Had 2019 been the base: (25/30)^(1/5) − 1 = −0.035807, (10/30)^(1/11) − 1 = −0.095048,
    # R = 0.376730: "limited progress". The base year changes the verdict, so it must be declared.
    assert assess("decrease", t, obs({2019: 30, 2020: 40, 2024: 25}), as_of=2026).status == "limited_progress"


def test_without_a_base_year_figure_the_base_is_the_first_figure_after_it() -> None:
    a = assess("increase", Target(2030, "at_least", value=20), obs({2021: 10, 2023: 12}), 2026, 2020)
    # observed = (12/10)^(1/2) − 1 = 0.095445; required = (20/10)^(1/9) − 1 = 0.080060;
    # R = 0.095445 / 0.080060 = 1.192168 ≥ 0.95: on track.
    assert a.base == Observation(2021, 10)
    assert a.components["base_rule"] == "first_figure_after_base_year"
    assert a.ratio == pytest.approx(((12 / 10) ** (1 / 2) - 1) / ((20 / 10) ** (1 / 9) - 1))
    assert a.ratio == pytest.approx(1.1922, abs=1e-4)
    assert a.status == "on_track"


def test_only_figures_before_the_base_year_is_insufficient_data_with_the_reason() -> None:
    a = assess("increase", Target(2030, "at_least", value=20), obs({2018: 10, 2019: 12}), 2026, 2020)
    assert (a.status, a.reason, a.base) == ("insufficient_data", "no_figure_from_base_year", None)


def test_a_negative_series_and_its_mirror_get_the_same_r_by_the_growth_form() -> None:
    up = assess("increase", Target(2030, "at_least", value=-2), obs({2020: -10, 2024: -6}), 2026, 2020)
    down = assess("decrease", Target(2030, "at_most", value=2), obs({2020: 10, 2024: 6}), 2026, 2020)
    # Both: observed = 0.6^(1/4) − 1 = −0.119888, required = 0.2^(1/10) − 1 = −0.148660.
    # Negative series: s = −1, R = 1 · (−1) · −0.119888 / 0.148660 = 0.8065.
    # Mirror: s = 1, d = −1, R = −1 · −0.119888 / 0.148660 = 0.8065.
    assert (up.method, down.method) == ("growth", "growth")
    assert up.components["s"] == -1 and down.components["s"] == 1
    assert up.ratio == pytest.approx(-((0.6 ** (1 / 4)) - 1) / abs(0.2 ** (1 / 10) - 1))
    assert up.ratio == pytest.approx(0.8065, abs=1e-4)
    assert down.ratio == pytest.approx(up.ratio, abs=1e-12)
    # A sign change still takes the linear form: slope (2 − (−2))/4 = 1, required (6 + 2)/10 = 0.8.
    cross = assess("increase", Target(2030, "at_least", value=6), obs({2020: -2, 2024: 2}), 2026, 2020)
    assert (cross.method, cross.ratio) == ("linear", pytest.approx(1.25))


# --- 2. comparable figures and milestone verdicts --------------------------------------------


def test_only_figures_across_a_break_is_not_comparable() -> None:
    a = assess(
        "decrease",
        Target(2025, "rank_within", value=20),
        [],
        as_of=2026,
        left_out=[LeftOut(2025, 9, "other_frame", "provinces_34")],
    )
    assert (a.status, a.reason) == ("not_comparable", "other_frame_only")
    nothing = assess("decrease", Target(2025, "rank_within", value=20), [], as_of=2026)
    assert nothing.status == "no_data"


def test_a_passed_milestone_is_judged_on_the_figure_of_its_year() -> None:
    t = Target(2025, "rank_within", value=20)
    # 2024 met the target (15 ≤ 20), but the 2025 figure 22 does not: missed.
    assert assess("decrease", t, obs({2020: 40, 2024: 15, 2025: 22}), as_of=2026).status == "missed"
    # No 2025 figure: no data for the milestone year, whatever 2024 said.
    a = assess("decrease", t, obs({2020: 40, 2024: 15}), as_of=2026)
    assert (a.status, a.reason) == ("no_data", "no_value_for_milestone_year")


def test_met_by_an_earlier_figure_is_target_reached_not_achieved() -> None:
    a = assess("decrease", Target(2025, "rank_within", value=20), obs({2020: 40, 2023: 18}), as_of=2025)
    assert (a.status, a.met, a.latest) == ("target_reached", True, Observation(2023, 18))
    assert i18n.status_words(a, "en") == "target level reached (2023 figure)"
    assert i18n.status_words(a, "vi") == "Đã đạt mức mục tiêu (số liệu năm 2023)"
    # gap = d·(TV − figure) = −(20 − 18) = −2: worded as ahead, never "short by −2".
    assert i18n.gap_text(a, "rank", "vi") == "vượt 2 bậc"
    assert i18n.gap_text(a, "rank", "en") == "2 places ahead"


def test_a_figure_of_the_milestone_year_gives_a_direct_verdict_even_alone() -> None:
    t = Target(2025, "rank_within", value=20)
    assert assess("decrease", t, obs({2025: 18}), as_of=2025).status == "achieved"
    # Alone and unmet: a verdict, not "insufficient data".
    assert assess("decrease", t, obs({2025: 25}), as_of=2025).status == "missed"


def _judged_on_the_former_area(folder: DataFolder) -> None:
    """The Department's decision (a test's): after the merger, figures are judged on the former
    Vĩnh Phúc area, so a 2025-or-later Vĩnh Phúc figure counts (with no decision none does)."""
    path = folder.root / "targets.yaml"
    decision = '  scope_decisions:\n    - {date: 2025-07-01, scope: vinh_phuc, note: "test: the former area"}\n'
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  scopes:\n", decision + "  scopes:\n", 1), encoding="utf-8")


def test_shipped_dti_rank_across_the_2024_break_is_shown_never_used(shipped: DataFolder) -> None:
    _judged_on_the_former_area(shipped)
    path = shipped.root / "actuals" / "2025.yaml"
    block = (
        "  dti_rank:\n    value: 9\n    of: 34\n"
        '    source: "test: a rank among the 34 merged provinces"\n'
        "    scope: vinh_phuc\n    frame: provinces_34\n"
    )
    path.write_text(path.read_text(encoding="utf-8").replace("tasks: {}\n", block + "tasks: {}\n"), encoding="utf-8")
    run = cli("status", "--as-of", "2026", "--format", "json", "--indicator", "dti_rank")
    assert run.exit_code == 0, run.stderr
    ind = json.loads(run.stdout)["indicators"][0]
    assert [(p["year"], p["frame"], p["comparable"]) for p in ind["points"]] == [
        (2020, "provinces_63", True),
        (2021, "provinces_63", True),
        (2022, "provinces_63", True),
        (2025, "provinces_34", False),
    ]
    ms = {m["milestone"]: m for m in ind["milestones"]}
    # 2025 is past: its only figure ranks 34 provinces, the target 63.
    assert (ms[2025]["status"], ms[2025]["reason"]) == ("not_comparable", "other_frame_only")
    # 2030: base 2020 (55), latest comparable 2022 (18), TV 15.
    # observed = (18/55)^(1/2) − 1 = −0.427922; required = (15/55)^(1/10) − 1 = −0.121842;
    # R = −1 · −0.427922 / 0.121842 = 3.5121: on track; the 2025 rank is listed as left out.
    assert ms[2030]["ratio"] == pytest.approx(-((18 / 55) ** (1 / 2) - 1) / abs((15 / 55) ** (1 / 10) - 1))
    assert ms[2030]["ratio"] == pytest.approx(3.5121, abs=1e-4)
    assert ms[2030]["latest"] == {"year": 2022, "value": 18}
    assert ms[2030]["components"]["left_out"] == [
        {"year": 2025, "value": 9, "reason": "other_frame", "detail": "provinces_34"}
    ]
    show = " ".join(cli("show", "dti_rank", "--as-of", "2026", "--lang", "en").stdout.split())
    assert "2025: 9 (other side of a series break: provinces_34)" in show


def test_shipped_gii_base_year_2020_and_a_changing_count_is_no_break(shipped: DataFolder) -> None:
    body = json.loads(cli("status", "--as-of", "2026", "--format", "json", "--indicator", "gii_rank").stdout)
    m = body["indicators"][0]["milestones"][0]
    assert body["base_year"] == {
        "plan": 2020,
        "used": 2020,
        "override": False,
        "origin": "plan",
        "source": 'Quyết định 843/QĐ-UBND, điểm h khoản 2 Mục II: "tăng tối thiểu hai lần so với năm 2020"',
    }
    # 131, 132, 133 then 139 economies ranked: one series. Base 2020 (42), latest 2025 (44), TV 40:
    # observed = (44/42)^(1/5) − 1 = 0.009347; required = (40/42)^(1/10) − 1 = −0.004867;
    # R = −1 · 0.009347 / 0.004867 = −1.920486: deteriorating. The 2019 figure is context only.
    assert (m["components"]["t0"], m["components"]["t"]) == (2020, 2025)
    assert m["ratio"] == pytest.approx(-1.920486, abs=1e-4)
    assert m["status"] == "deteriorating"
    assert m["components"]["left_out"] == [{"year": 2019, "value": 42, "reason": "before_base_year", "detail": None}]


def test_base_year_option_is_a_sensitivity_check_every_output_names(shipped: DataFolder) -> None:
    body = json.loads(
        cli("status", "--as-of", "2026", "--format", "json", "--indicator", "gii_rank", "--base-year", "2022").stdout
    )
    m = body["indicators"][0]["milestones"][0]
    assert body["base_year"]["used"] == 2022 and body["base_year"]["override"] is True
    assert m["components"]["base_year_origin"] == "override"
    # Base 2022 (48), latest 2025 (44): observed = (44/48)^(1/3) − 1 = −0.028587;
    # required = (40/48)^(1/8) − 1 = −0.022532; R = −1 · −0.028587 / 0.022532 = 1.268727.
    assert m["ratio"] == pytest.approx(1.268727, abs=1e-4)
    assert m["status"] == "on_track"
    table = " ".join(cli("status", "--as-of", "2026", "--lang", "en", "--base-year", "2022").stdout.split())
    assert "SENSITIVITY CHECK" in table
    memo = cli("report", "--as-of", "2026", "--base-year", "2022").stdout
    assert "KIỂM TRA ĐỘ NHẠY" in memo.split("## 1.")[0]  # said before the summary
    show = " ".join(cli("show", "gii_rank", "--as-of", "2026", "--base-year", "2022", "--lang", "en").stdout.split())
    assert "Base year 2022 (SENSITIVITY CHECK (--base-year)): base = the 2022 figure (48)." in show


# --- 3. scope after the merger ---------------------------------------------------------------

FIGURE_2026 = """\
year: 2026
indicators:
  dti_rank:
    value: 9
    of: 34
    source: "x"
"""


def test_validate_refuses_a_2026_figure_without_a_scope(shipped: DataFolder) -> None:
    shipped.write("actuals/2026.yaml", FIGURE_2026)
    run = shipped.validate()
    assert run.exit_code == 1
    found = [p for p in run.problems if p.code == "scope-required"]
    # Located at the entry's key, dti_rank: line 3, column 3.
    assert [(p.path, p.line, p.column) for p in found] == [("data/actuals/2026.yaml", 3, 3)]
    assert "ended on 2025-07-01" in found[0].message


def test_record_refuses_a_2026_figure_without_a_scope_and_writes_nothing(shipped: DataFolder) -> None:
    run = cli("record", "dti_rank", "2026", "9", "--of", "34", "--source", "x")
    assert run.exit_code == 1
    assert "error[scope-required]" in run.stderr and "--scope" in run.stderr
    assert not (shipped.root / "actuals" / "2026.yaml").exists()


def test_two_scopes_in_one_year_only_the_plans_enters_the_arithmetic(shipped: DataFolder) -> None:
    _judged_on_the_former_area(shipped)
    merged = cli(
        "record", "dti_rank", "2026", "9", "--of", "34", "--scope", "phu tho", "--frame", "provinces_34",
        "--note", "test: the merged province", "--source", "test A", "--lang", "en",
    )  # fmt: skip
    assert merged.exit_code == 0, merged.stderr
    assert "scope phu_tho_merged" in merged.stdout  # "phu tho": an alias, accents ignored
    area = cli(
        "record", "dti_rank", "2026", "10", "--of", "63", "--scope", "VĨNH PHÚC", "--frame", "provinces_63",
        "--source", "test B",
    )  # fmt: skip
    assert area.exit_code == 0, area.stderr
    text = (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    assert text.count("- value:") == 2  # one list item per scope
    assert shipped.validate().exit_code == 0
    body = json.loads(cli("status", "--as-of", "2026", "--format", "json", "--indicator", "dti_rank").stdout)
    points = [(p["year"], p["scope"], p["comparable"]) for p in body["indicators"][0]["points"] if p["year"] == 2026]
    assert points == [(2026, "vinh_phuc", True), (2026, "phu_tho_merged", False)]
    m2030 = body["indicators"][0]["milestones"][1]
    # Latest comparable: the 2026 figure 10 ≤ 15, before 2030: target level reached, not achieved.
    assert (m2030["status"], m2030["latest"]) == ("target_reached", {"year": 2026, "value": 10})
    # Replacing one scope's figure leaves the other's lines alone.
    again = cli(
        "record", "dti_rank", "2026", "8", "--of", "34", "--scope", "phu_tho_merged", "--frame", "provinces_34",
        "--note", "test: the merged province", "--source", "test A2", "--replace", "--dry-run",
    )  # fmt: skip
    assert again.exit_code == 0, again.stderr
    changed = [line for line in again.stdout.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-  - value: 9", "+  - value: 8", '-    source: "test A"', '+    source: "test A2"']


def test_scope_that_matches_nothing_lists_the_known_scopes(shipped: DataFolder) -> None:
    run = cli("record", "dti_rank", "2026", "9", "--scope", "Hà Nội", "--source", "x")
    assert run.exit_code == 1
    assert "error[unknown-scope]" in run.stderr
    assert "vinh_phuc (tỉnh Vĩnh Phúc" in run.stderr and "phu_tho_merged (" in run.stderr


def test_duplicate_scope_and_unknown_frame_are_errors(shipped: DataFolder) -> None:
    shipped.write(
        "actuals/2026.yaml",
        """\
        year: 2026
        indicators:
          dti_rank:
          - value: 9
            source: "a"
            scope: phu_tho_merged
            note: "merged"
            frame: provinces_99
          - value: 10
            source: "b"
            scope: phu_tho_merged
            note: "merged"
        """,
    )
    codes = {(p.code, p.line) for p in shipped.validate().problems if p.severity == "error"}
    # frame on line 8, the second item's scope on line 11.
    assert codes == {("unknown-frame", 8), ("duplicate-scope", 11)}


# --- 4. wording ------------------------------------------------------------------------------


def test_clause_codes_read_as_law_reads_them() -> None:
    from stiplan.models import SourceRef

    assert i18n.clause_text("II.2.e", "vi") == "điểm e khoản 2 Mục II"
    assert i18n.clause_text("II.2.đ", "en") == "Section II, clause 2, point đ"
    assert i18n.clause_text("II.1", "vi") == "khoản 1 Mục II"
    second = SourceRef(clause="II.3.a", text="x", section="NỘI DUNG THỰC HIỆN")
    assert i18n.clause_text(second, "vi") == "điểm a khoản 3 Mục II (NỘI DUNG THỰC HIỆN)"
    # English reads as English: the heading's title quoted after its section, not "(… (NỘI DUNG …))".
    assert i18n.clause_text(second, "en") == "Section II “Nội dung thực hiện”, clause 3, point a"


def test_gaps_in_percentage_points_and_a_met_about_target_within_tolerance() -> None:
    about = Target(2030, "about", value=25, tolerance=1)
    a = assess("increase", about, obs({2020: 20, 2030: 24.5}), as_of=2030)
    # |24.5 − 25| = 0.5 ≤ 1 (stiplan's reading): met; gap 25 − 24.5 = 0.5 is not a shortfall.
    assert (a.status, a.gap) == ("achieved", pytest.approx(0.5))
    assert (
        i18n.gap_text(a, "percent", "vi") == "cách mục tiêu 0,5 điểm phần trăm, trong dung sai (cách đọc của stiplan)"
    )
    b = assess("increase", Target(2030, "at_least", value=45), obs({2020: 40, 2024: 41.8}), as_of=2026)
    assert i18n.gap_text(b, "percent", "vi") == "còn thiếu 3,2 điểm phần trăm"  # 45 − 41.8
    assert i18n.gap_text(b, "percent", "en") == "3.2 percentage points short"


# --- 5. one vocabulary -----------------------------------------------------------------------


def test_each_literal_and_its_table_hold_the_same_codes() -> None:
    assert set(get_args(V.TargetKind)) == set(V.KINDS)
    assert set(get_args(V.Unit)) == set(V.UNITS)
    assert set(get_args(V.Direction)) == set(V.DIRECTIONS)
    assert set(get_args(V.TaskStatus)) == set(V.TASK_STATUSES)
    assert all(r.vi and r.en for r in V.STATUS_RULES)  # every status has its word in both languages
    assert len({r.vi for r in V.STATUS_RULES}) == len(V.STATUS_RULES)  # one word per status
    assert all(k.vi and k.en and k.symbol for k in V.KINDS.values())
    assert math.isclose(V.UNITS["percent"].high or 0, 100)


def test_status_filter_choices_come_from_the_vocabulary(shipped: DataFolder) -> None:
    # The shipped TFP figure is national (2019): the provincial 2030 target has only a figure of
    # another scope, so it is "not comparable", and --status accepts the new code.
    body = json.loads(cli("status", "--as-of", "2026", "--format", "json", "--status", "not_comparable").stdout)
    assert [i["id"] for i in body["indicators"]] == ["tfp_contribution"]
    assert cli("status", "--status", "target_reached").exit_code == 0


def test_the_2026_form_asks_for_a_scope_and_the_2024_form_does_not(shipped: DataFolder) -> None:
    assert cli("new-year", "2026").exit_code == 0
    form = (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    assert "  #   scope:  # required for 2026: vinh_phuc | vietnam | phu_tho_merged\n" in form
    (shipped.root / "actuals" / "2024.yaml").unlink()
    assert cli("new-year", "2024").exit_code == 0
    assert "scope:" not in (shipped.root / "actuals" / "2024.yaml").read_text(encoding="utf-8")
    # Filling a 2026 stanza through record replaces the whole stanza, scope line included.
    run = cli("record", "hdi", "2026", "0.75", "--scope", "phu_tho_merged", "--note", "merged", "--source", "x")
    assert run.exit_code == 0, run.stderr
    text = (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    assert "  hdi:" in text and "# hdi:" not in text
