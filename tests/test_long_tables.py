"""Long text tables stop at a row limit and say how many rows they left out (`--all` shows
them all); JSON and CSV always hold every row. The limit is lowered here so that the small
test folder (3 indicators, 2 tasks) is "long"."""

from __future__ import annotations

import re

import pytest

from conftest import DataFolder, cli


def task_ids(table: str) -> list[str]:
    """The ids in the table's first column (a row starts `│ <id> │`; wrapped lines have no id)."""
    return re.findall(r"^│\s*(\d+)\s*│", table, re.MULTILINE)


def test_tasks_table_stops_at_the_limit_and_says_how_many_are_left(
    data: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("stiplan.cli.tasks.ROW_LIMIT", 1)
    run = cli("tasks", "--lang", "en", "--as-of", "2024-01-01")
    assert run.exit_code == 0, run.stderr
    assert task_ids(run.stdout) == ["1"]
    # 2 tasks, 1 shown: 1 left out. The caption still counts both.
    assert "… 1 more rows not shown; use --all to see them all, or --format csv" in run.stdout
    assert "2 tasks" in run.stdout

    every = cli("tasks", "--lang", "en", "--as-of", "2024-01-01", "--all")
    assert task_ids(every.stdout) == ["1", "2"]
    assert "more rows not shown" not in every.stdout

    rows = cli("tasks", "--format", "csv", "--as-of", "2024-01-01").stdout.splitlines()
    assert len(rows) == 1 + 2  # the header and both tasks


def test_status_table_stops_at_the_limit_but_the_summary_counts_all(
    data: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("stiplan.cli.status.ROW_LIMIT", 2)
    run = cli("status", "--lang", "vi", "--as-of", "2026")
    assert run.exit_code == 0, run.stderr
    # The third indicator (st_enterprises) is left out of the table: 3 - 2 = 1.
    assert "tfp_contribution" in run.stdout and "dti_rank" in run.stdout and "st_enterprises" not in run.stdout
    assert "… còn 1 dòng không hiển thị; dùng --all để xem tất cả, hoặc --format csv" in run.stdout
    # The 2025 summary still counts all three indicators (each has a 2025 target).
    summary = next(line for line in run.stdout.splitlines() if line.startswith("Mốc 2025:"))
    assert sum(int(part.split()[0]) for part in summary.split(": ", 1)[1].split(" · ")) == 3

    every = cli("status", "--lang", "vi", "--as-of", "2026", "--all")
    assert "st_enterprises" in every.stdout and "không hiển thị" not in every.stdout
