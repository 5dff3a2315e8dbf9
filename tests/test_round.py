"""A whole yearly round run through stiplan's commands on a copy of the shipped plan, then the
data-independent checks (tests/invariants.py) on what the round left behind.

Whatever a Department does to its data through the commands must keep every invariant the
suite holds its data to: the tests never depend on the live data/, and the live data/ never
drifts out of what the tests check. The figures recorded here are made up for the round; the
folder is a throwaway copy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import invariants
from conftest import ROOT, DataFolder, cli

openpyxl = pytest.importorskip("openpyxl")

PLAN_TEXT = ROOT / "sources" / "843-QD-UBND-2023.vi.txt"
DOST_FORM = "so-khoa-hoc-va-cong-nghe-dost-2026.xlsx"
ROUND_ENDS = dt.date(2027, 1, 5)
"""The round collects 2026 and opens 2027: checked as of early 2027, not as of the clock."""
MERGED = "tỉnh Phú Thọ mới (hợp nhất Vĩnh Phúc, Hòa Bình, Phú Thọ từ 1/7/2025)"


def ok(*args: str) -> str:
    run = cli(*args)
    assert run.exit_code == 0, f"stiplan {' '.join(args)}: {run.stdout}{run.stderr}"
    return run.stdout


def fill(src: Path, dst: Path, cells: dict[str, dict[str, object]]) -> Path:
    """The form as a clerk fills it: opened in a spreadsheet, typed into, saved as a new file."""
    wb = openpyxl.load_workbook(src)
    for sheet, values in cells.items():
        for ref, value in values.items():
            wb[sheet][ref] = value
    wb.save(dst)
    return dst


def load(path: Path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_a_yearly_round_through_the_commands_keeps_every_invariant(shipped: DataFolder, tmp_path: Path) -> None:
    data = shipped.root
    # the checks hold before the round: the test would not blame the round for old faults
    assert invariants.validate_strict(data) == []
    # The Department records which scope counts after the merger (a test's decision: the data
    # ships none, since no source states it); without it the round's figures would not be judged.
    targets = data / "plans" / "vinh_phuc_843_2023" / "targets.yaml"
    targets = targets if targets.is_file() else data / "targets.yaml"
    decision = '  scope_decisions:\n    - {date: 2025-07-01, scope: phu_tho_merged, series_break: true, note: "test"}\n'
    targets.write_text(targets.read_text(encoding="utf-8").replace("  scopes:\n", decision + "  scopes:\n", 1), "utf-8")

    ok("new-year", "2026")
    ok("collect", "forms", "2026", "-o", str(tmp_path / "bieu"), "--deadline", "20/12/2026", "--date", "27/11/2026")
    returned = tmp_path / "nhan-ve"
    returned.mkdir()
    # Sở KH&CN's form: rd_staff_per_10k on row 14 of "Chỉ tiêu" (rows in targets.yaml's
    # order from row 5), its first led task on row 5 of "Nhiệm vụ chủ trì".
    form = fill(
        tmp_path / "bieu" / DOST_FORM,
        returned / DOST_FORM,
        {
            "Chỉ tiêu": {"G14": "12,5", "I14": MERGED, "J14": "Cục Thống kê, Niên giám 2026", "K14": "tỉnh mới"},
            "Nhiệm vụ chủ trì": {"E5": "Hoàn thành", "F5": "45/BC-SKHCN", "G5": "10/12/2026"},
        },
    )
    ok("import", str(form), "--received", "18/12/2026")
    status = ok("collect", "status", "2026", "--format", "json")
    assert '"on_time"' in status

    first_led = load(data / "tasks.yaml")["tasks"]
    open_task = next(t["id"] for t in first_led if t["lead"] == "dost" and t["id"] != 1)
    ok(
        "task",
        "update",
        str(open_task),
        "2026",
        "--status",
        "in_progress",
        "--source",
        "Báo cáo 46/BC-SKHCN",
        "--date",
        "12/12/2026",
    )
    ok(
        "record",
        "dti_rank",
        "2026",
        "9",
        "--of",
        "34",
        "--scope",
        "Phú Thọ",
        "--frame",
        "provinces_34",
        "--source",
        "Bộ KH&CN, DTI 2026",
        "--note",
        "tỉnh mới",
    )
    ok(
        "collect",
        "return",
        "2026",
        "Sở Tài chính",
        "--note",
        "Chỉ tiêu G5: thiếu văn bản nguồn",
        "--date",
        "19/12/2026",
    )
    ok("new-year", "2027")

    # the round did what it says
    year = load(data / "actuals" / "2026.yaml")
    assert year["indicators"]["rd_staff_per_10k"]["value"] == 12.5
    assert year["indicators"]["dti_rank"]["value"] == 9
    assert year["tasks"][open_task]["status"] == "in_progress"
    assert any(t["status"] == "done" and t["source"].startswith("45/BC-SKHCN") for t in year["tasks"].values())
    assert (data / "actuals" / "2027.yaml").is_file()

    # and every data-independent check still holds, as of the day the round ends
    assert invariants.validate_strict(data, today=ROUND_ENDS) == []
    assert invariants.targets_not_verbatim(data, PLAN_TEXT.read_text(encoding="utf-8")) == []
    assert invariants.files_badly_encoded(data) == []
    for command in (
        ["status", "--as-of", "2027"],
        ["tasks", "--as-of", "2027"],
        ["report", "--format", "md", "--as-of", "2027"],
    ):
        ok(*command)


def test_the_invariants_bite(shipped: DataFolder) -> None:
    """Each check finds a fault put in by hand, so the round's clean result means something."""
    targets = shipped.root / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    assert text.count("phấn đấu đạt") >= 1
    targets.write_text(text.replace("phấn đấu đạt", "cố gắng đạt", 1), encoding="utf-8")
    assert len(invariants.targets_not_verbatim(shipped.root, PLAN_TEXT.read_text(encoding="utf-8"))) == 1
    (shipped.root / "actuals" / "2019.yaml").write_text(
        "year: 2019\nindicators:\n  dti_rank: {value: 1}\n", encoding="utf-8"
    )
    assert any("error[missing-source]" in line for line in invariants.validate_strict(shipped.root))
