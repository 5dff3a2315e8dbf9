"""A plan folder is valid for what it has: a plan that assigns no tasks, or names no agencies."""

from __future__ import annotations

import json
import shutil

import yaml

from conftest import FROZEN, DataFolder, cli


def targets_only(data: DataFolder) -> None:
    """The shipped plan's targets alone: no tasks.yaml, no agencies.yaml, no figures."""
    shutil.rmtree(data.root)
    data.root.mkdir()
    shutil.copy(FROZEN / "targets.yaml", data.root / "targets.yaml")


def test_tasks_says_the_plan_lists_none(data: DataFolder) -> None:
    targets_only(data)
    assert cli("validate", "--strict").exit_code == 0
    run = cli("tasks")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.strip() == "Kế hoạch không giao nhiệm vụ nào (không có danh mục nhiệm vụ)."
    assert cli("tasks", "--lang", "en").stdout.strip() == "The plan lists no tasks."
    body = json.loads(cli("tasks", "--format", "json").stdout)
    assert (body["count"], body["tasks"]) == (0, [])
    # an empty list of tasks reads the same
    data.write("tasks.yaml", "parts: []\ntasks: []\n")
    assert cli("tasks", "--lang", "en").stdout.strip() == "The plan lists no tasks."


def test_collect_forms_names_the_indicators_nobody_is_asked_for(data: DataFolder) -> None:
    targets_only(data)
    run = cli("collect", "forms", "2026", "--deadline", "20/12/2026", "-o", str(data.base / "forms"), "--lang", "en")
    # the plan's collector (dost) is in no agencies.yaml here: no form can go out, and every
    # indicator is named as having no collector
    ids = [ind["id"] for ind in yaml.safe_load((FROZEN / "targets.yaml").read_text(encoding="utf-8"))["indicators"]]
    assert run.exit_code == 1
    line = next(x for x in run.stderr.splitlines() if "no collector for" in x)
    assert f"no collector for {len(ids)} indicator(s)" in line
    assert line.endswith(", ".join(ids))
    # the Department's operator reads it in Vietnamese by default
    run = cli("collect", "forms", "2026", "--deadline", "20/12/2026", "-o", str(data.base / "forms"))
    line = next(x for x in run.stderr.splitlines() if "không có cơ quan cung cấp" in x)
    assert f"không có cơ quan cung cấp cho {len(ids)} chỉ tiêu" in line and line.endswith(", ".join(ids))
    assert not (data.base / "forms").exists()
