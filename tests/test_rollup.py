"""`stiplan rollup`: several plans' folders assessed in one run. The statuses below are worked out
by hand from each folder's one or two figures (as of 2026, the 2025 milestone is a verdict on
the 2025 figure)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import AGENCIES, INDICATORS, PLAN, cli


def _indicator(ident: str) -> str:
    """One indicator's block of conftest's INDICATORS, as targets.yaml lists it."""
    (block,) = [b for b in INDICATORS.split("  - id: ")[1:] if b.startswith(ident + "\n")]
    return "  - id: " + block


RANK = _indicator("dti_rank")  # rank_within 20 in 2025 (lower is better)
TFP = _indicator("tfp_contribution")  # at_least 50 % in 2025

ENTERPRISES = """\
  - id: st_enterprises
    name: {vi: "Số doanh nghiệp KH&CN", en: "S&T enterprises"}
    unit: count
    direction: increase
    source: {clause: II.2.h, text: "đạt 30 doanh nghiệp"}
    targets:
      - {year: 2025, kind: at_least, value: 30}
"""


def plan(root: Path, plan_id: str, indicators: str, actuals_2025: str) -> Path:
    root.mkdir(parents=True)
    (root / "targets.yaml").write_text(PLAN.replace("id: test_plan", f"id: {plan_id}") + indicators, encoding="utf-8")
    (root / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    (root / "actuals").mkdir()
    (root / "actuals" / "2025.yaml").write_text("year: 2025\n" + actuals_2025, encoding="utf-8")
    return root


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    # North: rank 15 is within the top 20 → achieved; TFP 40 % < 50 % → missed; no figure of
    # S&T enterprises in 2025 → no data.
    plan(
        tmp_path / "north",
        "north_plan",
        RANK + TFP + ENTERPRISES,
        "indicators:\n"
        "  dti_rank: {value: 15, of: 63, source: 'DTI 2025'}\n"
        "  tfp_contribution: {value: 40, source: 'Cục Thống kê 2025'}\n",
    )
    # South: rank 25 is outside the top 20 → missed.
    plan(tmp_path / "south", "south_plan", RANK, "indicators:\n  dti_rank: {value: 25, of: 34, source: 'DTI 2025'}\n")
    return ["north", "south"]


def test_json_gives_every_plan_indicator_and_milestone(plans: list[str]) -> None:
    run = cli("rollup", *plans, "--as-of", "2026", "--format", "json")
    assert run.exit_code == 0, run.stderr
    body = json.loads(run.stdout)
    assert body["milestones"] == [2025, 2030]
    north, south = body["plans"]
    assert (north["plan"], north["data"], north["ok"]) == ("north_plan", "north", True)
    assert north["summary"]["2025"] == {"achieved": 1, "missed": 1, "no_data": 1}
    assert {i["id"]: i["milestones"] for i in north["indicators"]} == {
        "dti_rank": {"2025": "achieved"},
        "tfp_contribution": {"2025": "missed"},
        "st_enterprises": {"2025": "no_data"},
    }
    assert south["summary"]["2025"] == {"missed": 1}
    assert north["summary"]["2030"] == south["summary"]["2030"] == {}  # a 2030 milestone, but no target for it


def test_csv_has_one_row_per_plan_indicator_and_milestone(plans: list[str]) -> None:
    run = cli("rollup", *plans, "--as-of", "2026", "--format", "csv")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["plan"], r["indicator"], r["milestone"], r["status"], r["latest_value"]) for r in rows] == [
        ("north_plan", "dti_rank", "2025", "achieved", "15.0"),
        ("north_plan", "tfp_contribution", "2025", "missed", "40.0"),
        ("north_plan", "st_enterprises", "2025", "no_data", ""),
        ("south_plan", "dti_rank", "2025", "missed", "25.0"),
    ]


def test_text_table_counts_statuses_per_plan(plans: list[str]) -> None:
    run = cli("rollup", *plans, "--as-of", "2026", "--lang", "en")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    north = next(i for i, line in enumerate(lines) if "north_plan" in line)
    south = next(i for i, line in enumerate(lines) if "south_plan" in line)
    north_block = "\n".join(lines[north:south])
    assert "1 achieved" in north_block and "1 missed" in north_block and "1 no data" in north_block
    assert "1 missed" in "\n".join(lines[south:])
    assert "2 plans, 0 with errors" in run.stdout


def test_a_folder_with_errors_is_reported_located_and_the_others_still_shown(plans: list[str], tmp_path: Path) -> None:
    plan(tmp_path / "broken", "broken_plan", RANK, "indicators:\n  dti_rnak: {value: 9, of: 63, source: 'DTI'}\n")
    run = cli("rollup", plans[0], "broken", plans[1], "--as-of", "2026", "--format", "json")
    assert run.exit_code == 1
    # The unknown id sits on line 3 ('year', 'indicators', then it), indented two spaces.
    assert "broken/actuals/2025.yaml:3:3: error[unknown-indicator]" in run.stderr
    body = json.loads(run.stdout)
    assert [(p["data"], p["ok"], p["errors"]) for p in body["plans"]] == [
        ("north", True, 0),
        ("broken", False, 1),
        ("south", True, 0),
    ]
    assert body["plans"][1]["problems"][0]["code"] == "unknown-indicator"
    text = cli("rollup", plans[0], "broken", plans[1], "--as-of", "2026", "--lang", "en")
    assert text.exit_code == 1
    lines = text.stdout.splitlines()
    broken = next(i for i, line in enumerate(lines) if "│ broken" in line)
    assert "errors: 1" in lines[broken]
    assert "north_plan" in text.stdout and "south_plan" in text.stdout
    assert "3 plans, 1 with errors; stiplan validate --data DIR lists them" in text.stdout


def test_a_folder_without_a_plan_is_an_error_not_a_crash(plans: list[str], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = cli("rollup", plans[0], "empty", "--format", "json")
    assert run.exit_code == 1
    assert "empty/targets.yaml: error[file-missing]" in run.stderr
    assert [p["ok"] for p in json.loads(run.stdout)["plans"]] == [True, False]


def test_a_plan_repository_is_read_through_its_data_folder(plans: list[str], tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "north").rename(tmp_path / "repo" / "data")
    run = cli("rollup", "repo", "--as-of", "2026", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["plans"][0]["data"] == "repo/data"
