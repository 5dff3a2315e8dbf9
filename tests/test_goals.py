"""Qualitative goals: listed in `show`, `status`, the memo, the Word report and JSON, in the plan's
own words, counted with the indicators, and assessed in the Department's words (never scored)."""

from __future__ import annotations

import json
from typing import Any

import yaml
from docx import Document

from conftest import FROZEN, DataFolder, cli

SETTINGS = """\
place: "Việt Trì"
signatory: {title: "GIÁM ĐỐC"}
goals:
  industrial_province_2025: "Đã đạt theo Niên giám thống kê 2025."
"""


def shipped_targets() -> Any:
    return yaml.safe_load((FROZEN / "targets.yaml").read_text(encoding="utf-8"))


def test_goals_are_in_status_json_and_show(shipped: DataFolder) -> None:
    targets = shipped_targets()
    goals = targets["goals"]
    body = json.loads(cli("status", "--as-of", "2026", "--format", "json").stdout)
    assert [g["id"] for g in body["goals"]] == [g["id"] for g in goals]
    first = body["goals"][0]
    assert first["text"] == goals[0]["source"]["text"] and first["clause"] == goals[0]["source"]["clause"]
    assert "status" not in first and "score" not in first  # recorded, never scored
    show = cli("show", goals[0]["id"], "--format", "json")
    assert show.exit_code == 0 and json.loads(show.stdout)["goal"]["id"] == goals[0]["id"]
    text = cli("show", goals[0]["id"], "--lang", "en")
    assert text.exit_code == 0
    assert "not scored" in " ".join(text.stdout.split())


def test_the_plan_count_counts_goals_and_indicators(shipped: DataFolder) -> None:
    targets = shipped_targets()
    n, g = len(targets["indicators"]), len(targets["goals"])
    memo = cli("report", "--as-of", "2026").stdout
    # e.g. 15 indicators and 7 goals: "Kế hoạch có 22 mục tiêu, chỉ tiêu: 15 … và 7 …"
    assert f"Kế hoạch có {n + g} mục tiêu, chỉ tiêu: {n} chỉ tiêu định lượng và {g} mục tiêu định tính." in memo
    status = cli("status", "--as-of", "2026").stdout
    assert f"Kế hoạch có {n + g} mục tiêu, chỉ tiêu" in " ".join(status.split())


def test_the_report_lists_each_goal_with_the_assessment_or_a_marked_place(shipped: DataFolder) -> None:
    goals = shipped_targets()["goals"]
    shipped.write("report.yaml", SETTINGS)
    memo = cli("report", "--as-of", "2026").stdout
    assert "Đánh giá: Đã đạt theo Niên giám thống kê 2025." in memo
    # every other goal: a marked place naming where to write its assessment (markdown escapes
    # its brackets and underscores)
    plain = memo.replace("\\", "")
    for goal in goals[1:]:
        assert f"[Đánh giá của cơ quan báo cáo: viết tại mục goals.{goal['id']} của tệp cài đặt báo cáo]" in plain
    out = shipped.base / "r.docx"
    assert cli("report", "--format", "docx", "--no-charts", "-o", str(out), "--as-of", "2026").exit_code == 0
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert "3. Các mục tiêu định tính" in texts
    assert "Đánh giá: Đã đạt theo Niên giám thống kê 2025." in texts
    assert any(goals[0]["source"]["text"] in t for t in texts)
