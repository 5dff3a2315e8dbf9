"""Task reports of a folder where two plans both list tasks: each report is its plan's.

Task numbers are each plan's own, so where several plans list tasks a report's key names its
plan ('two/1'); a bare number there is an error naming the plans. Every expectation below is
worked out by hand from the fixture's few lines.

The twin folder: the tiny folder of conftest.py as two plans, `test_plan` and `two`, that list
the same two tasks (task 1: one-off 2023-2025, lead dost; task 2: yearly from 2023, lead dpi),
so task 1 exists in both plans.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import INDICATORS, PLAN, TASKS, TASKS_HEAD, TWO_PLANS, DataFolder, cli

TWIN_2024 = """\
# Task reports of 2024 (test fixture).
year: 2024
indicators: {}
tasks:
  test_plan/1:
    status: in_progress
    source: "Báo cáo 1/BC-TP"
  # the second plan's own task 1
  two/1:
    status: done
    source: "Báo cáo 2/BC-TWO"
"""


@pytest.fixture
def twin(data: DataFolder) -> DataFolder:
    """The tiny folder as two plans that both list tasks 1 and 2; 2022's report of task 1 (a
    bare `1:` in conftest's ACTUALS_2022) is written as test_plan's, 2024 holds one report of
    each plan's task 1."""
    for plan_id in ("test_plan", "two"):
        data.write(f"plans/{plan_id}/targets.yaml", PLAN.replace("test_plan", plan_id) + INDICATORS)
        data.write(f"plans/{plan_id}/tasks.yaml", TASKS_HEAD + TASKS)
    (data.root / "targets.yaml").unlink()
    (data.root / "tasks.yaml").unlink()
    a2022 = data.root / "actuals" / "2022.yaml"
    a2022.write_text(a2022.read_text(encoding="utf-8").replace("\n  1:\n", "\n  test_plan/1:\n"), encoding="utf-8")
    data.write("actuals/2024.yaml", TWIN_2024)
    return data


def _tasks_json(*args: str) -> dict[str, dict[int, dict[str, object]]]:
    """`tasks --format json`: plan id → task number → its row."""
    run = cli("tasks", "--as-of", "2024-12-31", "--format", "json", *args)
    assert run.exit_code == 0, run.stderr
    body = json.loads(run.stdout)
    if "plans" not in body:  # --plan ID: that plan's body alone
        return {args[args.index("--plan") + 1]: {t["id"]: t for t in body["tasks"]}}
    return {p["plan"]["id"]: {t["id"]: t for t in p["tasks"]} for p in body["plans"]}


def test_each_plan_sees_its_own_report_of_the_shared_number(twin: DataFolder) -> None:
    assert twin.validate("--strict").stdout == ""
    every = _tasks_json()
    # test_plan's task 1: in_progress in 2022 and 2024 → in_progress, of 2024.
    # two's task 1: done in 2024 only → done, of 2024. Task 2 of either: no report.
    assert (every["test_plan"][1]["state"], every["test_plan"][1]["status_year"]) == ("in_progress", 2024)
    assert (every["two"][1]["state"], every["two"][1]["status_year"]) == ("done", 2024)
    assert every["test_plan"][2]["state"] == every["two"][2]["state"] == "no_report"
    only = _tasks_json("--plan", "two")
    assert only["two"][1]["state"] == "done"
    assert _tasks_json("--plan", "test_plan")["test_plan"][1]["state"] == "in_progress"


def test_task_update_writes_under_the_plan_named(twin: DataFolder) -> None:
    run = cli("task", "update", "2", "2024", "--plan", "two", "--status", "in_progress", "--source", "Báo cáo 3")
    assert run.exit_code == 0, run.stderr
    # One entry added after the last one, keyed by its plan; every other line (comment too) kept.
    expected = TWIN_2024 + '  two/2:\n    status: in_progress\n    source: "Báo cáo 3"\n'
    assert (twin.root / "actuals" / "2024.yaml").read_text(encoding="utf-8") == expected
    every = _tasks_json()
    assert every["two"][2]["state"] == "in_progress"
    assert every["test_plan"][2]["state"] == "no_report"
    # Replacing test_plan's task 1 leaves two's task 1 alone.
    run = cli("task", "update", "1", "2024", "--plan", "test_plan", "--status", "done", "--source", "BC 4", "--replace")
    assert run.exit_code == 0, run.stderr
    text = (twin.root / "actuals" / "2024.yaml").read_text(encoding="utf-8")
    assert text == expected.replace(
        '  test_plan/1:\n    status: in_progress\n    source: "Báo cáo 1/BC-TP"\n',
        ('  test_plan/1:\n    status: done\n    source: "BC 4"\n'),
    )
    # --delete removes that plan's report only.
    assert cli("task", "update", "1", "2024", "--plan", "two", "--delete").exit_code == 0
    every = _tasks_json()
    assert every["two"][1]["state"] == "no_report"
    assert every["test_plan"][1]["state"] == "done"


def test_without_plan_the_update_is_a_usage_error_naming_the_plans(twin: DataFolder) -> None:
    before = (twin.root / "actuals" / "2024.yaml").read_bytes()
    run = cli("task", "update", "2", "2024", "--status", "done", "--source", "x")
    assert run.exit_code == 2
    assert "test_plan, two" in run.stderr and "--plan" in run.stderr
    run = cli("task", "update", "2", "2024", "--plan", "tow", "--status", "done", "--source", "x")
    assert run.exit_code == 2 and "có phải là 'two'?" in run.stderr  # --lang vi, the default
    assert (twin.root / "actuals" / "2024.yaml").read_bytes() == before


def test_a_bare_number_is_located_and_names_the_plans(twin: DataFolder) -> None:
    twin.write("actuals/2024.yaml", TWIN_2024 + '  2:\n    status: done\n    source: "x"\n')
    run = twin.validate()
    found = run.only()
    # TWIN_2024 is 11 lines: the bare `2:` is line 12, its key at column 3.
    assert (found.path, found.line, found.column, found.code) == (
        "data/actuals/2024.yaml",
        12,
        3,
        "task-report-plan-missing",
    )
    assert "(test_plan, two)" in found.message
    assert run.exit_code == 1


def test_a_number_the_named_plan_does_not_list_and_an_unknown_plan(twin: DataFolder) -> None:
    twin.write(
        "actuals/2024.yaml",
        'year: 2024\ntasks:\n  two/9: {status: done, source: "x"}\n  three/1: {status: done, source: "x"}\n',
    )
    found = [(p.line, p.column, p.code) for p in twin.validate().problems]
    assert found == [(3, 3, "unknown-task"), (4, 3, "unknown-task")]


def test_new_year_writes_a_stanza_per_plan_with_tasks(twin: DataFolder) -> None:
    assert cli("new-year", "2025").exit_code == 0
    text = (twin.root / "actuals" / "2025.yaml").read_text(encoding="utf-8")
    # Due in 2025 (`tasks_to_report`): task 1 of test_plan (in_progress: still open), task 1 of
    # two only if not done (done in 2024: no), task 2 of each (yearly).
    keys = [line.split(":")[0].strip("# ") for line in text.splitlines() if line.startswith("  # ") and "/" in line]
    assert keys == ["test_plan/1", "test_plan/2", "two/2"]
    # A stanza is filled in place by task update.
    assert cli("task", "update", "2", "2025", "--plan", "two", "--status", "done", "--source", "y").exit_code == 0
    filled = (twin.root / "actuals" / "2025.yaml").read_text(encoding="utf-8")
    assert "  two/2:  # Nhiệm vụ hai\n    status: done\n" in filled
    assert "  # test_plan/2:" in filled


def test_export_counts_each_plans_tasks_from_its_own_reports(twin: DataFolder) -> None:
    run = cli("export", "--format", "json", "--as-of", "2024-12-31")
    assert run.exit_code == 0, run.stderr
    plans = {p["plan"]["id"]: {t["task"]: t for t in p["tasks"]} for p in json.loads(run.stdout)["plans"]}
    assert (plans["test_plan"][1]["status"], plans["test_plan"][1]["status_source"]) == (
        "in_progress",
        "Báo cáo 1/BC-TP",
    )
    assert (plans["two"][1]["status"], plans["two"][1]["status_source"]) == ("done", "Báo cáo 2/BC-TWO")


@pytest.mark.parametrize(
    ("plan_id", "states"),
    [
        # test_plan: task 1 in_progress (2024), task 2 no report; two: task 1 done (2024), task 2 none.
        ("test_plan", {"done": 0, "in_progress": 1, "not_started": 0, "cancelled": 0, "no_report": 1}),
        ("two", {"done": 1, "in_progress": 0, "not_started": 0, "cancelled": 0, "no_report": 1}),
    ],
)
def test_the_report_counts_its_plans_tasks_from_its_own_reports(
    twin: DataFolder, plan_id: str, states: dict[str, int]
) -> None:
    run = cli("report", "--plan", plan_id, "--format", "json", "--as-of", "2024-12-31")
    assert run.exit_code == 0, run.stderr
    tasks = json.loads(run.stdout)["tasks"]
    assert (tasks["total"], tasks["states"]) == (2, states)


def test_a_csv_task_row_names_its_plan(twin: DataFolder, tmp_path: Path) -> None:
    csv_path = tmp_path / "tasks.csv"
    csv_path.write_text('plan,task,year,status,source\ntwo,2,2024,done,"Báo cáo 5"\n', encoding="utf-8")
    run = cli("import", str(csv_path))
    assert run.exit_code == 0, run.stderr
    assert _tasks_json()["two"][2]["state"] == "done"
    assert _tasks_json()["test_plan"][2]["state"] == "no_report"
    bare = tmp_path / "bare.csv"
    bare.write_text('task,year,status,source\n2,2024,done,"Báo cáo 6"\n', encoding="utf-8")
    run = cli("import", "--lang", "en", str(bare))
    assert run.exit_code == 1
    assert "bare.csv:2:1" in run.stdout + run.stderr


def test_a_forms_task_row_lands_under_the_plan_the_form_was_made_for(twin: DataFolder, tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    run = cli("collect", "forms", "2025", "--plan", "two", "-o", str(forms), "--deadline", "2025-12-20", "--no-backlog")
    assert run.exit_code == 0, run.stderr
    (dpi_form,) = [p for p in forms.iterdir() if "-dpi-" in p.name]
    wb = load_workbook(dpi_form)
    sheet = wb["Nhiệm vụ chủ trì"]
    # dpi leads task 2 only (yearly): the sheet's one row, row 5.
    assert sheet["A5"].value == 2
    sheet["E5"], sheet["F5"], sheet["G5"] = "Hoàn thành", "Báo cáo 7/BC-SKHĐT", "10/12/2025"
    filled = tmp_path / dpi_form.name
    wb.save(filled)
    run = cli("import", str(filled), "--received", "2025-12-15")
    assert run.exit_code == 0, run.stdout + run.stderr
    text = (twin.root / "actuals" / "2025.yaml").read_text(encoding="utf-8")
    assert "  two/2:\n    status: done\n" in text
    assert "test_plan/2" not in text
    assert twin.validate("--strict").exit_code == 0


def test_the_shipped_two_plans_with_tasks_in_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/fixtures/two_plans, plus a made-up task 3 for the second plan: task 3 exists in both
    plans, each with its own 2025 report; validate --strict is clean and each plan reads its own."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(TWO_PLANS, tmp_path / "data")
    (tmp_path / "data" / "plans" / "tw57_2024" / "tasks.yaml").write_text(
        TASKS_HEAD
        + '  - id: 3\n    part: A\n    group: I\n    title: {vi: "Nhiệm vụ ba (thử)"}\n    lead: dost\n'
        + '    timeframe: {text: "2025-2030", start: 2025, end: 2030}\n',
        encoding="utf-8",
    )
    for plan_id, status in (("tw57_2024", "in_progress"), ("vinh_phuc_843_2023", "done")):
        run = cli("task", "update", "3", "2025", "--plan", plan_id, "--status", status, "--source", f"BC {plan_id}")
        assert run.exit_code == 0, run.stderr
    text = (tmp_path / "data" / "actuals" / "2025.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        'tasks:\n  tw57_2024/3:\n    status: in_progress\n    source: "BC tw57_2024"\n'
        '  vinh_phuc_843_2023/3:\n    status: done\n    source: "BC vinh_phuc_843_2023"\n'
    )
    assert cli("validate", "--strict").stdout == ""
    run = cli("tasks", "--as-of", "2025-12-31", "--format", "csv")
    rows = {(r["plan"], r["id"]): r for r in csv.DictReader(io.StringIO(run.stdout))}
    assert rows[("tw57_2024", "3")]["state"] == "in_progress"
    assert rows[("vinh_phuc_843_2023", "3")]["state"] == "done"
    assert {r["state"] for k, r in rows.items() if k[0] == "vinh_phuc_843_2023" and k[1] != "3"} <= {
        "no_report",
        "not_yet_due",
        "not_started",
    }


def test_diff_of_a_plan_names_its_own_reports_changes(twin: DataFolder, tmp_path: Path) -> None:
    from stiplan.actions.loading import load_dataset
    from stiplan.engine.comparison import compare

    head_root = tmp_path / "head"
    shutil.copytree(twin.root, head_root)
    a2024 = head_root / "actuals" / "2024.yaml"
    a2024.write_text(a2024.read_text(encoding="utf-8").replace("status: done", "status: cancelled"), encoding="utf-8")
    base, head = load_dataset(twin.root).dataset, load_dataset(head_root).dataset
    assert base is not None and head is not None
    # Only two's task 1 changed (done → cancelled, 2024); test_plan's task 1 did not.
    changes = compare(base.for_plan("two"), head.for_plan("two"), 2024).task_statuses
    assert [(c.task, c.year, c.change, c.new["status"] if c.new else None) for c in changes] == [
        (1, 2024, "changed", "cancelled")
    ]
    assert compare(base.for_plan("test_plan"), head.for_plan("test_plan"), 2024).task_statuses == []


def test_a_key_that_is_neither_a_number_nor_plan_slash_number_is_one_problem_at_the_key(twin: DataFolder) -> None:
    twin.write("actuals/2024.yaml", 'year: 2024\ntasks:\n  two-1: {status: done, source: "x"}\n')
    found = twin.validate().only()
    assert (found.line, found.column, found.code) == (3, 3, "wrong-type")
    assert "'<plan id>/<number>'" in found.message and "got 'two-1'" in found.message


def test_collect_status_counts_a_task_number_missing_for_one_plan_only(twin: DataFolder, tmp_path: Path) -> None:
    """dpi leads task 2 (yearly) in both plans; 2024 holds test_plan's report of it and not two's.
    A joint form asks dpi for both, so `collect status` still misses exactly one, 'task two/2':
    the number alone is recorded, the plan's report is not."""
    twin.write("actuals/2024.yaml", TWIN_2024 + '  test_plan/2:\n    status: in_progress\n    source: "Báo cáo 8"\n')
    assert twin.validate("--strict").stdout == ""
    sent = cli("collect", "forms", "2024", "-o", str(tmp_path / "forms"), "--deadline", "2024-12-20", "--no-backlog")
    assert sent.exit_code == 0, sent.stderr
    run = cli("collect", "status", "2024", "--format", "json", "--as-of", "2024-12-21")
    assert run.exit_code == 0, run.stderr
    agencies = {a["agency"]: a for a in json.loads(run.stdout)["agencies"]}
    assert agencies["dpi"]["missing"] == ["task two/2"]  # named as its report is keyed
    # dost leads task 1 (2023-2025) in both plans; both plans' 2024 reports are there
    assert [m for m in agencies["dost"]["missing"] if m.startswith("task")] == []


def test_a_joint_forms_task_rows_land_each_under_its_own_plan(twin: DataFolder, tmp_path: Path) -> None:
    """The twin plans share one document (number, date and title), so the joint form names each
    by its id as well; dpi's form lists task 2 twice, test_plan's then two's (the folder's plan
    order). Only the second row is filled: the report lands as two/2 and test_plan/2 stays unreported."""
    forms = tmp_path / "forms"
    run = cli("collect", "forms", "2025", "-o", str(forms), "--deadline", "2025-12-20", "--no-backlog")
    assert run.exit_code == 0, run.stderr
    (dpi_form,) = [p for p in forms.iterdir() if "-dpi-" in p.name]
    wb = load_workbook(dpi_form)
    sheet = wb["Nhiệm vụ chủ trì"]
    assert [sheet["A5"].value, sheet["A6"].value, sheet["A7"].value] == [2, 2, None]
    plan_cells = [sheet.cell(row=r, column=sheet.max_column).value for r in (5, 6)]
    assert plan_cells == [
        "văn bản số 1/QĐ-UBND ngày 18/4/2023 (Kế hoạch thử) [test_plan]",
        "văn bản số 1/QĐ-UBND ngày 18/4/2023 (Kế hoạch thử) [two]",
    ]
    sheet["E6"], sheet["F6"], sheet["G6"] = "Hoàn thành", "Báo cáo 9/BC-SKHĐT", "10/12/2025"
    filled = tmp_path / dpi_form.name
    wb.save(filled)
    run = cli("import", "--lang", "en", str(filled), "--received", "2025-12-15")
    assert run.exit_code == 0, run.stdout + run.stderr
    text = (twin.root / "actuals" / "2025.yaml").read_text(encoding="utf-8")
    assert "  two/2:\n    status: done\n" in text
    assert "test_plan/2" not in text
    assert twin.validate("--strict").exit_code == 0
