"""The scope a plan's indicators are judged on after its territory ended is the Department's
decision, recorded in the plan (`scope_decisions`): the same figures give different verdicts under
different decisions, and none counts while no decision is recorded (`validate` says so once).

The folder: conftest's tiny plan, whose territory (vinh_phuc) ends on 1/7/2025, with a third scope
for the merged province. dti_rank (a rank, lower is better) targets "within the top 20" in 2025;
its figures: 2022 rank 18 of 63 (no scope: the plan's own), and for 2025 two figures, rank 25 of
63 for the former Vĩnh Phúc area and rank 12 of 34 for the merged province.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import ACTUALS_2022, AGENCIES, INDICATORS, PLAN, TASKS, TASKS_HEAD, DataFolder, cli

MERGED = '    - {id: phu_tho_merged, name: {vi: "tỉnh Phú Thọ mới", en: "the merged Phú Thọ"}}\n'
ENDED = '  jurisdiction: vinh_phuc\n  jurisdiction_end: {date: 2025-07-01, source: "x"}\n'
FIGURES_2025 = """\
year: 2025
indicators:
  dti_rank:
    - {value: 25, of: 63, source: "a", scope: vinh_phuc, note: "the former area"}
    - {value: 12, of: 34, source: "b", scope: phu_tho_merged, note: "the merged province"}
"""
DECISION_MERGED = (
    "  scope_decisions:\n"
    '    - {date: 2025-07-01, scope: phu_tho_merged, series_break: true, document: "Công văn 1/SKHCN"}\n'
)
DECISION_FORMER_AREA = (
    '  scope_decisions:\n    - {date: 2025-07-01, scope: vinh_phuc, note: "statistics are published for the area"}\n'
)


def plan_with(decision: str) -> str:
    plan = PLAN.replace("  jurisdiction: vinh_phuc\n", ENDED + decision)
    return plan.replace('en: "Vietnam"}}\n', 'en: "Vietnam"}}\n' + MERGED)


@pytest.fixture
def ended(data: DataFolder) -> DataFolder:
    data.write("agencies.yaml", AGENCIES)
    data.write("tasks.yaml", TASKS_HEAD + TASKS)
    data.write("actuals/2022.yaml", ACTUALS_2022)
    data.write("actuals/2025.yaml", FIGURES_2025)
    return data


def dti(folder: DataFolder, decision: str, as_of: int = 2026) -> dict[str, Any]:
    folder.write("targets.yaml", plan_with(decision) + INDICATORS)
    run = cli("status", "--as-of", str(as_of), "--format", "json", "--indicator", "dti_rank")
    assert run.exit_code == 0, run.stderr
    ind: dict[str, Any] = json.loads(run.stdout)["indicators"][0]
    return ind


def points(ind: dict[str, Any]) -> list[tuple[object, ...]]:
    return [(p["year"], p["scope"], p["left_out"]) for p in ind["points"]]


def milestone_2025(ind: dict[str, Any]) -> tuple[object, object]:
    m = ind["milestones"][0]
    return m["status"], m["latest"]


def test_judged_on_the_merged_province_with_a_series_break(ended: DataFolder) -> None:
    ind = dti(ended, DECISION_MERGED)
    # 12 ≤ 20: within the top 20; the 2022 rank is of the earlier series, the area's 2025 rank another scope.
    assert milestone_2025(ind) == ("achieved", {"year": 2025, "value": 12})
    assert points(ind) == [
        (2022, "vinh_phuc", "before_scope_break"),
        (2025, "phu_tho_merged", None),
        (2025, "vinh_phuc", "other_scope"),
    ]


def test_judged_on_the_former_area_the_same_figures_miss_the_target(ended: DataFolder) -> None:
    ind = dti(ended, DECISION_FORMER_AREA)
    # 25 > 20: the area's 2025 rank misses the top 20; the series runs on from 2022 (no break).
    assert milestone_2025(ind) == ("missed", {"year": 2025, "value": 25})
    assert points(ind) == [
        (2022, "vinh_phuc", None),
        (2025, "vinh_phuc", None),
        (2025, "phu_tho_merged", "other_scope"),
    ]


def test_no_decision_no_later_figure_counts_and_validate_says_so_once(ended: DataFolder) -> None:
    ind = dti(ended, "")
    assert milestone_2025(ind) == ("not_comparable", None)
    assert points(ind) == [
        (2022, "vinh_phuc", None),
        (2025, "phu_tho_merged", "undecided_scope"),
        (2025, "vinh_phuc", "undecided_scope"),
    ]
    run = cli("validate", "--format", "json")
    assert run.exit_code == 0  # a warning: the honest state until the Department decides
    found = [(p["code"], p["line"], p["params"]["count"]) for p in json.loads(run.stdout)["problems"]]
    assert found == [("scope-undecided", 10, 2)]  # once for the plan, counting both 2025 figures
    assert cli("validate", "--strict").exit_code == 1


def test_a_break_decided_for_2025_does_not_reach_back_into_an_earlier_judgement(ended: DataFolder) -> None:
    # As of 2024 the 2022 rank is the series (18 ≤ 20); the 2025 figures are not yet read.
    ind = dti(ended, DECISION_MERGED, as_of=2024)
    assert points(ind)[0] == (2022, "vinh_phuc", None)


def test_a_decision_needs_a_known_scope_and_a_basis(ended: DataFolder) -> None:
    ended.write(
        "targets.yaml", plan_with("  scope_decisions:\n    - {date: 2025-07-01, scope: phu_tho}\n") + INDICATORS
    )
    run = cli("validate", "--format", "json")
    assert run.exit_code == 1
    problems = json.loads(run.stdout)["problems"]
    # dropped for want of a basis, so the later figures are still undecided (warned at line 10)
    assert [(p["code"], p["line"], p["column"]) for p in problems] == [
        ("scope-undecided", 10, 3),
        ("invalid-value", 12, 7),
    ]
    assert "needs its basis" in problems[1]["message"]
    decision = "  scope_decisions:\n    - {date: 2025-07-01, scope: phu_tho, note: n}\n"
    ended.write("targets.yaml", plan_with(decision) + INDICATORS)
    problems = json.loads(cli("validate", "--format", "json").stdout)["problems"]
    assert [(p["code"], p["line"], p["hint"]) for p in problems] == [
        ("unknown-scope", 12, "did you mean 'phu_tho_merged'?")
    ]
