"""`stiplan record`, `stiplan task update`, `stiplan new-year` and their actions (`stiplan.actions.record`, `stiplan.actions.new_year`).

What must hold for every write: the new state passes the checks of `validate` or nothing is
written; only the intended lines change; the write is atomic and leaves no stray file; a
file changed since it was read is not overwritten.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import FROZEN, DataFolder, cli
from stiplan.actions import record as recording
from stiplan.actions import writing
from stiplan.engine import fieldchanges
from stiplan.engine.asof import parse_day
from stiplan.engine.numbers import parse_value
from stiplan.store import yamledit as editing
from stiplan.store import yamltext
from stiplan.store.yamlread import read_yaml


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the data folder (hidden ones too: a stray temp file shows up)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def changes(old: str, new: str) -> tuple[list[str], list[str]]:
    """(removed, added) lines, endings kept."""
    removed, added = [], []
    for line in difflib.ndiff(old.splitlines(keepends=True), new.splitlines(keepends=True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def entries(text: str) -> dict[str, dict[Any, dict[str, Any]]]:
    data = YAML(typ="safe").load(text) or {}
    return {k: data.get(k) or {} for k in ("indicators", "tasks")}


# --- round trips -----------------------------------------------------------------------------

SHIPPED_FILES = sorted(p.relative_to(FROZEN) for p in FROZEN.rglob("*.yaml"))


@pytest.mark.parametrize("rel", SHIPPED_FILES, ids=str)
def test_every_shipped_file_round_trips_byte_identical(rel: Path, shipped: DataFolder) -> None:
    """Read, split into lines and splice back with no edit → the same bytes; for actuals,
    recording every entry again with its own fields (with --replace) → the same bytes, and
    so does the splice of a replaced entry once its unchanged lines are kept."""
    raw = (FROZEN / rel).read_bytes()
    text = raw.decode("utf-8")
    located, problems = read_yaml(FROZEN / rel, str(rel), text=text)
    assert located is not None and problems == []
    assert yamltext.Lines.of(text).text().encode("utf-8") == raw
    if rel.parts[0] != "actuals":
        return
    year = int(rel.stem)
    for section, items in entries(text).items():
        for key, fields in items.items():
            if section == "indicators":
                edit = editing.set_indicator_actual(text, key, fields, replace=True)
                result = recording.record_actual(shipped.root, key, year, replace=True, **fields)
            else:
                edit = editing.set_task_status(text, key, fields, replace=True)
                result = recording.update_task(shipped.root, key, year, replace=True, **fields)
            assert fieldchanges.keep_unchanged_lines(text, edit.text).encode("utf-8") == raw, (rel, key)
            assert result.ok and result.unchanged and not result.written, (rel, key)
    assert (shipped.root / rel).read_bytes() == raw


def test_recording_what_is_already_there_changes_nothing(shipped: DataFolder) -> None:
    before = snapshot(shipped.root)
    source = "Bộ TT&TT, DTI 2022 ranking, dti.gov.vn/xep-hang-2022 (announced 2023-07-12)"
    for extra in ([], ["--replace"]):
        run = cli("record", "--lang", "en", "dti_rank", "2022", "18", "--of", "63", "--source", source, *extra)
        assert run.exit_code == 0, run.stderr
        assert "nothing to change" in run.stdout
    assert snapshot(shipped.root) == before


def test_replace_with_same_fields_splices_identical_bytes(shipped: DataFolder) -> None:
    path = shipped.root / "actuals" / "2022.yaml"
    raw = path.read_bytes()
    fields = {
        "value": 22.87,
        "source": "vinhphuctv.vn (2023-09-22), citing the Vietnam Digital Economy Annual Report 2022",
        "note": "5th nationally.",
    }
    assert (
        editing.set_indicator_actual(raw.decode(), "digital_economy_share", fields, replace=True).text.encode() == raw
    )


# --- edits change exactly the intended lines ---------------------------------------------


def test_replace_changes_exactly_the_value_line(shipped: DataFolder) -> None:
    before = snapshot(shipped.root)
    path = shipped.root / "actuals" / "2022.yaml"
    old = path.read_text(encoding="utf-8")
    source = "Bộ TT&TT, DTI 2022 ranking, dti.gov.vn/xep-hang-2022 (announced 2023-07-12)"
    run = cli("record", "dti_rank", "2022", "17", "--of", "63", "--source", source, "--replace")
    assert run.exit_code == 0, run.stderr
    assert "value: 18 → 17" in run.stdout
    new = path.read_text(encoding="utf-8")
    assert changes(old, new) == (["    value: 18\n"], ["    value: 17\n"])
    after = snapshot(shipped.root)
    assert {k for k in after if after[k] != before.get(k)} == {"actuals/2022.yaml"}
    assert set(after) == set(before)


def test_replace_keeps_the_quoting_and_comments_of_unchanged_fields(data: DataFolder) -> None:
    path = data.write(
        "actuals/2023.yaml",
        "year: 2023\n"
        "indicators:\n"
        "  tfp_contribution:   # Đóng góp của TFP\n"
        "    value: 41.5\n"
        "    source: 'Cục Thống kê'  # niên giám 2023\n"
        "    scope: vietnam\n"
        "    note: national figure\n"
        "\n"
        "tasks: {}\n",
    )
    old = path.read_text(encoding="utf-8")
    run = cli(
        "record",
        "tfp_contribution",
        "2023",
        "42",
        "--source",
        "Cục Thống kê",
        "--scope",
        "vietnam",
        "--note",
        "national figure",
        "--replace",
    )
    assert run.exit_code == 0, run.stderr
    assert run.stdout.endswith("  value: 41.5 → 42\n")
    assert changes(old, path.read_text(encoding="utf-8")) == (["    value: 41.5\n"], ["    value: 42\n"])


def test_new_indicator_entry_adds_exactly_its_lines(shipped: DataFolder) -> None:
    path = shipped.root / "actuals" / "2023.yaml"
    old = path.read_text(encoding="utf-8")
    run = cli("record", "--lang", "en", "dti_rank", "2023", "15", "--of", "63", "--source", "Bộ TT&TT, DTI 2023")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == "recorded indicator dti_rank, 2023 in data/actuals/2023.yaml\n"
    new = path.read_text(encoding="utf-8")
    # The shipped files separate entries by a blank line: the new entry gets one too.
    assert changes(old, new) == (
        [],
        ["\n", "  dti_rank:\n", "    value: 15\n", "    of: 63\n", '    source: "Bộ TT&TT, DTI 2023"\n'],
    )
    assert entries(new)["indicators"]["dti_rank"] == {"value": 15, "of": 63, "source": "Bộ TT&TT, DTI 2023"}
    assert cli("validate").exit_code == 0


def test_task_update_turns_the_empty_section_into_an_entry(shipped: DataFolder) -> None:
    path = shipped.root / "actuals" / "2025.yaml"
    old = path.read_text(encoding="utf-8")
    run = cli(
        "task",
        "update",
        "12",
        "2025",
        "--status",
        "done",
        "--source",
        "Báo cáo 123/BC-SKHCN",
        "--date",
        "20/12/2025",
        "--note",
        "Đã ban hành",
    )
    assert run.exit_code == 0, run.stderr
    new = path.read_text(encoding="utf-8")
    assert changes(old, new) == (
        ["tasks: {}\n"],
        [
            "tasks:\n",
            "  12:\n",
            "    status: done\n",
            '    source: "Báo cáo 123/BC-SKHCN"\n',
            '    date: "2025-12-20"\n',
            '    note: "Đã ban hành"\n',
        ],
    )
    # Vietnamese stays UTF-8, never \u escapes
    assert "Báo cáo 123/BC-SKHCN".encode() in path.read_bytes() and b"\\u" not in path.read_bytes()
    assert cli("validate").exit_code == 0


def test_vietnamese_decimal_comma(data: DataFolder) -> None:
    run = cli("record", "tfp_contribution", "2023", "22,87", "--source", "Cục Thống kê tỉnh")
    assert run.exit_code == 0, run.stderr
    text = (data.root / "actuals" / "2023.yaml").read_text(encoding="utf-8")
    assert "    value: 22.87\n" in text


def test_record_creates_the_year_file(data: DataFolder) -> None:
    path = data.root / "actuals" / "2024.yaml"
    run = cli("record", "--lang", "en", "dti_rank", "2024", "12", "--of", "63", "--source", "dti.gov.vn")
    assert run.exit_code == 0, run.stderr
    assert "(new file)" in run.stdout
    assert path.read_text(encoding="utf-8") == (
        "# Actual values for 2024, each with its source.\n"
        "year: 2024\n"
        "indicators:\n"
        "  dti_rank:\n"
        "    value: 12\n"
        "    of: 63\n"
        '    source: "dti.gov.vn"\n'
        "tasks: {}\n"
    )


def test_crlf_file_keeps_its_line_endings(data: DataFolder) -> None:
    path = data.write(
        "actuals/2023.yaml",
        b"# notes\r\nyear: 2023\r\nindicators:\r\n  dti_rank:\r\n    value: 20\r\n    source: 'a'\r\ntasks: {}\r\n",
    )
    run = cli("record", "tfp_contribution", "2023", "40", "--source", "b")
    assert run.exit_code == 0, run.stderr
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # every line, old and new, ends in CRLF
    assert raw.startswith(
        b"# notes\r\nyear: 2023\r\nindicators:\r\n  dti_rank:\r\n    value: 20\r\n    source: 'a'\r\n"
    )


def test_replace_needs_the_flag_and_shows_old_and_new(data: DataFolder) -> None:
    path = data.root / "actuals" / "2022.yaml"
    before = path.read_bytes()
    run = cli("record", "dti_rank", "2022", "17", "--of", "63", "--source", "dti.gov.vn/xep-hang-2022")
    assert run.exit_code == 1
    assert "value: 18 → 17" in run.stderr and "--replace" in run.stderr
    assert path.read_bytes() == before
    run = cli("task", "update", "1", "2022", "--status", "done", "--source", "Báo cáo 12/BC-SKHCN")
    assert run.exit_code == 1
    assert "status: 'in_progress' → 'done'" in run.stderr
    run = cli(
        "task",
        "update",
        "--lang",
        "en",
        "1",
        "2022",
        "--status",
        "done",
        "--source",
        "Báo cáo 12/BC-SKHCN",
        "--replace",
    )
    assert run.exit_code == 0, run.stderr
    assert run.stdout == "replaced task 1, 2022 in data/actuals/2022.yaml\n  status: 'in_progress' → 'done'\n"
    assert entries(path.read_text(encoding="utf-8"))["tasks"][1] == {"status": "done", "source": "Báo cáo 12/BC-SKHCN"}


def test_dry_run_prints_the_diff_and_writes_nothing(data: DataFolder) -> None:
    before = snapshot(data.root)
    run = cli(
        "record",
        "dti_rank",
        "2022",
        "17",
        "--of",
        "63",
        "--source",
        "dti.gov.vn/xep-hang-2022",
        "--replace",
        "--dry-run",
    )
    assert run.exit_code == 0, run.stderr
    assert run.stdout == (
        "--- a/data/actuals/2022.yaml\n"
        "+++ b/data/actuals/2022.yaml\n"
        "@@ -1,7 +1,7 @@\n"
        " year: 2022\n"
        " indicators:\n"
        "   dti_rank:\n"
        "-    value: 18\n"
        "+    value: 17\n"
        "     of: 63\n"
        '     source: "dti.gov.vn/xep-hang-2022"\n'
        "   tfp_contribution:\n"
    )
    assert snapshot(data.root) == before
    run = cli("record", "dti_rank", "2030", "5", "--of", "63", "--source", "x", "--dry-run")
    assert run.exit_code == 0 and "+++ b/data/actuals/2030.yaml" in run.stdout
    assert snapshot(data.root) == before


# --- invalid input writes nothing ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["record", "tfp_contribution", "2022", "140", "--source", "x", "--replace"], "value-out-of-range"),
        (["record", "tfp_contribution", "2024", "140", "--source", "x"], "value-out-of-range"),
        (["record", "rd_staf_per_10k", "2022", "5", "--source", "x"], "unknown-indicator"),
        (["record", "st_enterprises", "2022", "5"], "missing-source"),
        (["record", "st_enterprises", "2022", "5", "--source", "  "], "missing-source"),
        (["record", "st_enterprises", "2022", "2.5", "--source", "x"], "value-out-of-range"),
        (["record", "dti_rank", "2023", "70", "--of", "63", "--source", "x"], "value-out-of-range"),
        (["record", "tfp_contribution", "2023", "5", "--of", "63", "--source", "x"], "invalid-value"),
        (["record", "tfp_contribution", "2023", "5", "--scope", "hanoi", "--source", "x"], "unknown-scope"),
        (["task", "update", "2", "2023", "--status", "finished", "--source", "x"], "unknown-status"),
        (["task", "update", "2", "2023", "--status", "done"], "missing-source"),
        (["task", "update", "99", "2023", "--status", "done", "--source", "x"], "unknown-task"),
    ],
)
def test_invalid_value_writes_nothing_and_exits_1(data: DataFolder, args: list[str], code: str) -> None:
    before = snapshot(data.root)
    run = cli(*args)
    assert run.exit_code == 1, (run.stdout, run.stderr)
    assert f"error[{code}]" in run.stderr
    assert "chưa ghi gì" in run.stderr  # "nothing was written", in Vietnamese (the default)
    assert "Traceback" not in run.stderr
    assert snapshot(data.root) == before


def test_problem_lines_point_into_the_would_be_file(data: DataFolder) -> None:
    # The 2022 figure is national (scope vietnam): replacing it names that scope.
    run = cli(
        "record", "--lang", "en", "tfp_contribution", "2022", "140", "--scope", "vietnam", "--source", "x", "--replace"
    )
    problem_lines = [line for line in run.stderr.splitlines() if "error[" in line]
    assert problem_lines == [
        "data/actuals/2022.yaml:8:12: error[value-out-of-range]: 140 is not a valid percent: a percentage lies between 0 and 100"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["record", "tfp_contribution", "2022", "abc", "--source", "x"],
        ["record", "tfp_contribution", "2022", "1.234.567", "--source", "x"],
        ["record", "tfp_contribution", "1800", "5", "--source", "x"],
        ["task", "update", "2", "2023", "--status", "done", "--source", "x", "--date", "31/2/2025"],
        ["task", "update", "two", "2023", "--status", "done", "--source", "x"],
        ["new-year", "twenty"],
    ],
)
def test_bad_arguments_are_usage_errors(data: DataFolder, args: list[str]) -> None:
    before = snapshot(data.root)
    run = cli(*args)
    assert run.exit_code == 2, (run.stdout, run.stderr)
    assert snapshot(data.root) == before


def test_warning_does_not_block_unless_strict(data: DataFolder) -> None:
    before = snapshot(data.root)
    run = cli(
        "record", "--lang", "en", "st_enterprises", "2023", "4", "--scope", "vietnam", "--source", "x", "--strict"
    )
    assert run.exit_code == 1 and "warning[scope-without-note]" in run.stderr
    assert snapshot(data.root) == before
    run = cli("record", "st_enterprises", "2023", "4", "--scope", "vietnam", "--source", "x")
    assert run.exit_code == 0 and "warning[scope-without-note]" in run.stderr
    run = cli(
        "record",
        "st_enterprises",
        "2023",
        "4",
        "--scope",
        "vietnam",
        "--source",
        "x",
        "--note",
        "national figure",
        "--replace",
    )
    assert run.exit_code == 0 and "warning" not in run.stderr


def test_existing_errors_elsewhere_block_the_write(data: DataFolder) -> None:
    data.write("actuals/2021.yaml", "year: 2020\n")
    before = snapshot(data.root)
    run = cli("record", "dti_rank", "2023", "15", "--of", "63", "--source", "x")
    assert run.exit_code == 1 and "error[year-mismatch]" in run.stderr
    assert snapshot(data.root) == before


# --- atomic, no stray file, no silent overwrite -------------------------------------------


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failure_between_temp_write_and_rename_leaves_the_original(
    data: DataFolder, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    before = snapshot(data.root)

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    run = cli("record", "dti_rank", "2022", "17", "--of", "63", "--source", "x", "--replace", "--lang", "en")
    monkeypatch.undo()
    assert run.exit_code == 1
    assert "No space left on device" in run.stderr and "unchanged" in run.stderr
    assert snapshot(data.root) == before  # the original intact, no temporary file left


def test_failure_when_creating_leaves_no_file(data: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(data.root)

    def boom(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", boom)
    run = cli("new-year", "--lang", "en", "2026")
    monkeypatch.undo()
    assert run.exit_code == 1
    assert snapshot(data.root) == before


def test_concurrent_change_is_refused(data: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data.root / "actuals" / "2022.yaml"
    real = writing.check

    def meanwhile(root: Path, overrides: dict, **reuse: Any) -> object:
        if overrides:  # someone saves the file while the edit is being checked
            with open(path, "a", encoding="utf-8") as fh:
                fh.write("# edited by hand\n")
        return real(root, overrides, **reuse)

    monkeypatch.setattr(writing, "check", meanwhile)
    run = cli("record", "dti_rank", "2022", "17", "--of", "63", "--source", "x", "--replace")
    assert run.exit_code == 1
    assert "đã thay đổi trên đĩa sau khi được đọc" in run.stderr  # --lang vi, the default
    assert path.read_text(encoding="utf-8").endswith("# edited by hand\n")
    assert "    value: 18\n" in path.read_text(encoding="utf-8")
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_concurrent_creation_is_refused(data: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data.root / "actuals" / "2026.yaml"
    real = writing.check

    def meanwhile(root: Path, overrides: dict, **reuse: Any) -> object:
        if overrides:
            path.write_text("year: 2026\n", encoding="utf-8")
        return real(root, overrides, **reuse)

    monkeypatch.setattr(writing, "check", meanwhile)
    run = cli("new-year", "--lang", "en", "2026")
    assert run.exit_code == 1
    assert path.read_text(encoding="utf-8") == "year: 2026\n"


# --- new-year ---------------------------------------------------------------------------


def test_new_year_form(data: DataFolder) -> None:
    # Fixture tasks: 1 one-off 2023-2025 (in_progress in 2022), 2 yearly from 2023.
    path = data.root / "actuals" / "2026.yaml"
    run = cli("new-year", "--lang", "en", "2026")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("created data/actuals/2026.yaml")
    text = path.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("  # ") and not line.startswith("  #  ")] == [
        "  # tfp_contribution:  # Đóng góp của TFP",
        "  # dti_rank:  # Xếp hạng DTI",
        "  # st_enterprises:  # Số doanh nghiệp KH&CN",
        "  # 1:  # Nhiệm vụ một",
        "  # 2:  # Nhiệm vụ hai",
    ]
    assert cli("validate").exit_code == 0
    # Filling the form replaces the stanza in place.
    run = cli("record", "dti_rank", "2026", "9", "--of", "63", "--source", "dti.gov.vn")
    assert run.exit_code == 0, run.stderr
    removed, added = changes(text, path.read_text(encoding="utf-8"))
    assert removed == ["  # dti_rank:  # Xếp hạng DTI\n", "  #   value:\n", '  #   source: ""\n']
    assert added == ["  dti_rank:  # Xếp hạng DTI\n", "    value: 9\n", "    of: 63\n", '    source: "dti.gov.vn"\n']
    # Task 1 reported done in 2026: the 2027 form no longer lists it; the yearly task 2 stays.
    assert cli("task", "update", "1", "2026", "--status", "done", "--source", "BC 1").exit_code == 0
    assert cli("new-year", "2027").exit_code == 0
    form = (data.root / "actuals" / "2027.yaml").read_text(encoding="utf-8")
    assert "  # 2:  # Nhiệm vụ hai" in form and "  # 1:" not in form


def test_new_year_skips_cancelled_and_not_yet_started(data: DataFolder) -> None:
    data.write_tasks(
        """\
  - id: 1
    part: A
    group: I
    title: {vi: "Đã hủy"}
    lead: dost
    timeframe: {text: "2023-2025", start: 2023, end: 2025}
  - id: 2
    part: A
    group: I
    title: {vi: "Hàng năm đến 2024"}
    lead: dpi
    timeframe: {text: "Hàng năm", start: 2023, end: 2024, yearly: true}
  - id: 3
    part: A
    group: I
    title: {vi: "Bắt đầu 2028"}
    lead: dpi
    timeframe: {text: "2028-2030", start: 2028, end: 2030}
  - id: 4
    part: A
    group: I
    title: {vi: "Quá hạn, chưa xong"}
    lead: dpi
    timeframe: {text: "2023", start: 2023, end: 2023}
"""
    )
    data.write("actuals/2022.yaml", 'year: 2022\ntasks:\n  1:\n    status: cancelled\n    source: "x"\n')
    run = cli("new-year", "2026", "--dry-run")
    assert run.exit_code == 0, run.stderr
    assert "+  # 4:  # Quá hạn, chưa xong\n" in run.stdout
    assert "# 1:" not in run.stdout and "# 2:" not in run.stdout and "# 3:" not in run.stdout
    assert not (data.root / "actuals" / "2026.yaml").exists()


def test_new_year_refuses_an_existing_file(data: DataFolder) -> None:
    before = snapshot(data.root)
    run = cli("new-year", "2022", "--lang", "en")
    assert run.exit_code == 1 and "already exists" in run.stderr
    assert snapshot(data.root) == before


# --- library -----------------------------------------------------------------------------


def test_parse_value() -> None:
    assert parse_value("18") == 18 and isinstance(parse_value("18"), int)
    assert parse_value("22.87") == 22.87
    assert parse_value("22,87") == 22.87
    assert parse_value("-0,5") == -0.5
    assert parse_value("1e3") == 1000.0
    for bad in ("abc", "1.234.567", "1,234,567", "22,", "", "nan", "inf"):
        with pytest.raises(ValueError):
            parse_value(bad)


def test_parse_date() -> None:
    import datetime as dt

    assert parse_day("2025-03-01") == dt.date(2025, 3, 1)
    assert parse_day("1/3/2025") == dt.date(2025, 3, 1)
    with pytest.raises(ValueError):
        parse_day("31/2/2025")


def test_library_result_describes_a_refusal(data: DataFolder) -> None:
    result = recording.record_actual(
        data.root, "tfp_contribution", 2022, 140, source="x", scope="Việt Nam", replace=True
    )
    assert not result.ok and not result.written
    # The replacement drops the note that said why a national figure is kept: a warning too.
    assert [p.code for p in result.problems] == ["value-out-of-range", "scope-without-note"]
    # "Việt Nam" is the name of scope vietnam, the scope of the figure it replaces: scope unchanged.
    assert [(c.field, c.old, c.new) for c in result.changes] == [
        ("value", 46.11, 140),
        ("source", "english.vtv.vn (2019-12)", "x"),
        ("note", "National reference figure.", None),
    ]


def test_every_edit_command_has_an_example() -> None:
    for args in (["record"], ["task", "update"], ["new-year"], ["task"]):
        assert "Example: stiplan" in cli(*args, "--help").stdout


def test_new_files_carry_the_schema_line_of_their_siblings(shipped: DataFolder) -> None:
    schema_line = "# yaml-language-server: $schema=../../schema/actuals.schema.json"
    assert (shipped.root / "actuals" / "2025.yaml").read_text(encoding="utf-8").splitlines()[0] == schema_line
    run = cli("new-year", "2026", "--data", str(shipped.root))
    assert run.exit_code == 0, run.stderr
    form = (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    assert form.splitlines()[0] == schema_line
    run = cli(
        "record",
        "dti_rank",
        "2027",
        "17",
        "--of",
        "34",
        "--scope",
        "phu_tho_merged",
        "--note",
        "merged",
        "--source",
        "DTI 2027",
        "--data",
        str(shipped.root),
    )
    assert run.exit_code == 0, run.stderr
    created = (shipped.root / "actuals" / "2027.yaml").read_text(encoding="utf-8")
    assert created.splitlines()[0] == schema_line
    assert 'source: "DTI 2027"' in created


def test_a_refused_edit_reports_each_problem_once(shipped: DataFolder) -> None:
    """The file being edited is on disk and overridden in memory: it must be checked once."""
    run = cli("task", "update", "12", "2022", "--status", "finished", "--source", "x")
    assert run.exit_code == 1
    lines = [line for line in run.stderr.splitlines() if "error[" in line]
    assert len(lines) == 1 and "error[unknown-status]" in lines[0]
