"""Tests for stiplan.store.yamledit (with yamltext and yearform): minimal text splices, the new-year
form and the atomic compare-and-swap writer."""

from __future__ import annotations

import difflib
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from stiplan.store import yamledit, yamltext, yearform
from stiplan.store.files import ConcurrentModification, EditError, atomic_write, digest, unified_diff
from stiplan.store.yamledit import (
    Edit,
    EditConflict,
    set_indicator_actual,
    set_task_status,
)
from stiplan.store.yearform import new_actuals_text

SAMPLE = """\
# Actual values for 2022, each with its source.
year: 2022
indicators:
  dti_rank:
    value: 18
    of: 63            # optional (rank indicators)
    source: 'Bộ TT&TT, DTI 2022 ranking'
    scope: vinh_phuc  # optional

  digital_economy_share:
    value: 22.87
    source: "Cục Thống kê"
    # checked against the 2023 yearbook

# Tasks follow.
tasks:
  12:
    status: in_progress   # not_started | in_progress | done | cancelled
    source: "Báo cáo số 123/BC-SKHCN"
"""


def load(text: str) -> Any:
    """Parse the way consumers of the file do."""
    return YAML(typ="safe").load(text)


def changes(old: str, new: str) -> tuple[list[str], list[str]]:
    """(removed, added) lines, endings kept, from a difflib comparison."""
    removed: list[str] = []
    added: list[str] = []
    diff = difflib.ndiff(old.splitlines(keepends=True), new.splitlines(keepends=True))
    for line in diff:
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def uncomment(text: str) -> str:
    """What an analyst does: delete '# ' right after the indentation of stanza lines."""
    out = []
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        out.append(line[:indent] + stripped[2:] if indent and stripped.startswith("# ") else line)
    return "".join(out)


# ----------------------------------------------------------------- basic edits


def test_new_indicator_adds_exactly_its_lines() -> None:
    edit = set_indicator_actual(
        SAMPLE, "rd_spending", {"value": 0.53, "source": "GSO 2022", "note": None}, replace=False
    )
    assert edit.old is None
    removed, added = changes(SAMPLE, edit.text)
    assert removed == []
    # The file separates its entries by blank lines, so the new entry gets one too.
    assert sorted(added) == sorted(["\n", "  rd_spending:\n", "    value: 0.53\n", '    source: "GSO 2022"\n'])
    # Placed after the last entry and its attached deeper comment, before the
    # blank line and the comment that introduces "tasks".
    lines = edit.text.splitlines()
    at = lines.index("  rd_spending:")
    assert lines[at - 2 : at] == ["    # checked against the 2023 yearbook", ""]
    assert lines[at + 3] == ""
    assert lines[at + 4] == "# Tasks follow."
    data = load(edit.text)
    assert data["indicators"]["rd_spending"] == {"value": 0.53, "source": "GSO 2022"}
    assert data["indicators"]["dti_rank"]["value"] == 18


def test_existing_indicator_conflicts_without_replace() -> None:
    with pytest.raises(EditConflict) as info:
        set_indicator_actual(SAMPLE, "dti_rank", {"value": 17, "source": "x"}, replace=False)
    assert info.value.existing == {
        "value": 18,
        "of": 63,
        "source": "Bộ TT&TT, DTI 2022 ranking",
        "scope": "vinh_phuc",
    }
    assert "dti_rank" in str(info.value)
    assert isinstance(info.value, EditError)


def test_replace_rewrites_exactly_the_entry_lines() -> None:
    edit = set_indicator_actual(SAMPLE, "dti_rank", {"value": 17, "of": 63, "source": "DTI 2023"}, replace=True)
    assert edit.old == {
        "value": 18,
        "of": 63,
        "source": "Bộ TT&TT, DTI 2022 ranking",
        "scope": "vinh_phuc",
    }
    removed, added = changes(SAMPLE, edit.text)
    assert removed == [
        "    value: 18\n",
        "    of: 63            # optional (rank indicators)\n",
        "    source: 'Bộ TT&TT, DTI 2022 ranking'\n",
        "    scope: vinh_phuc  # optional\n",
    ]
    assert added == ["    value: 17\n", "    of: 63\n", '    source: "DTI 2023"\n']
    assert load(edit.text)["indicators"]["dti_rank"] == {"value": 17, "of": 63, "source": "DTI 2023"}


def test_replace_keeps_trailing_blank_and_comment_lines() -> None:
    edit = set_indicator_actual(SAMPLE, "digital_economy_share", {"value": 23.1, "source": "s"}, replace=True)
    removed, added = changes(SAMPLE, edit.text)
    assert removed == ["    value: 22.87\n", '    source: "Cục Thống kê"\n']
    assert added == ["    value: 23.1\n", '    source: "s"\n']
    assert "    # checked against the 2023 yearbook\n\n# Tasks follow.\n" in edit.text


def test_new_task_entry_with_integer_key() -> None:
    edit = set_task_status(
        SAMPLE, 13, {"status": "done", "source": "QĐ 45/QĐ-UBND", "date": "2026-03-01"}, replace=False
    )
    removed, added = changes(SAMPLE, edit.text)
    assert removed == []
    assert added == [
        "  13:\n",
        "    status: done\n",
        '    source: "QĐ 45/QĐ-UBND"\n',
        '    date: "2026-03-01"\n',
    ]
    assert edit.text.startswith(SAMPLE)  # last entry of the file: appended at the end
    tasks = load(edit.text)["tasks"]
    assert tasks[13] == {"status": "done", "source": "QĐ 45/QĐ-UBND", "date": "2026-03-01"}
    assert list(tasks) == [12, 13]


def test_existing_task_conflict_and_replace() -> None:
    with pytest.raises(EditConflict) as info:
        set_task_status(SAMPLE, 12, {"status": "done", "source": "x"}, replace=False)
    assert info.value.existing == {"status": "in_progress", "source": "Báo cáo số 123/BC-SKHCN"}
    edit = set_task_status(SAMPLE, 12, {"status": "done", "source": "x"}, replace=True)
    assert edit.old == {"status": "in_progress", "source": "Báo cáo số 123/BC-SKHCN"}
    assert load(edit.text)["tasks"][12] == {"status": "done", "source": "x"}


def test_task_key_written_as_quoted_string_is_found() -> None:
    text = 'year: 2022\ntasks:\n  "12":\n    status: done\n    source: a\n'
    with pytest.raises(EditConflict):
        set_task_status(text, 12, {"status": "done", "source": "b"}, replace=False)
    edit = set_task_status(text, 12, {"status": "cancelled", "source": "b"}, replace=True)
    assert edit.text == 'year: 2022\ntasks:\n  "12":\n    status: cancelled\n    source: "b"\n'


def test_field_order_and_none_omitted() -> None:
    edit = set_indicator_actual(
        "year: 2022\nindicators: {}\n",
        "x",
        {"note": "n", "date": "d", "scope": None, "source": "s", "of": 5, "value": 3},
        replace=False,
    )
    assert edit.text == (
        'year: 2022\nindicators:\n  x:\n    value: 3\n    of: 5\n    source: "s"\n    date: "d"\n    note: "n"\n'
    )


def test_flow_entry_replaced_as_block() -> None:
    text = "indicators:\n  a: {value: 1, source: x}  # flow\n  b:\n    value: 2\n"
    edit = set_indicator_actual(text, "a", {"value": 5, "source": "y"}, replace=True)
    assert edit.old == {"value": 1, "source": "x"}
    assert edit.text == 'indicators:\n  a:\n    value: 5\n    source: "y"\n  b:\n    value: 2\n'


def test_block_scalar_note_is_part_of_the_entry() -> None:
    text = "indicators:\n  a:\n    value: 1\n    note: |\n      line one\n      # not a comment\n\n  b:\n    value: 2\n"
    edit = set_indicator_actual(text, "a", {"value": 3}, replace=True)
    assert edit.text == "indicators:\n  a:\n    value: 3\n\n  b:\n    value: 2\n"


# ----------------------------------------------------------------- preservation


def test_crlf_and_untouched_lines_are_byte_identical() -> None:
    text = SAMPLE.replace("\n", "\r\n")
    edit = set_indicator_actual(text, "new_one", {"value": 1, "source": "s"}, replace=False)
    new_lines = edit.text.split("\r\n")
    assert "\n" not in edit.text.replace("\r\n", "")
    removed, added = changes(text, edit.text)
    assert removed == []
    assert sorted(added) == sorted(["\r\n", "  new_one:\r\n", "    value: 1\r\n", '    source: "s"\r\n'])
    # every original line is still there, in order, byte for byte
    at = new_lines.index("  new_one:")
    assert new_lines[at - 1] == ""  # the blank line that separates entries in this file
    assert new_lines[: at - 1] + new_lines[at + 3 :] == text.split("\r\n")
    assert load(edit.text)["indicators"]["new_one"] == {"value": 1, "source": "s"}


def test_crlf_replace_keeps_crlf() -> None:
    text = SAMPLE.replace("\n", "\r\n")
    edit = set_task_status(text, 12, {"status": "done", "source": "s"}, replace=True)
    removed, added = changes(text, edit.text)
    assert removed == [
        "    status: in_progress   # not_started | in_progress | done | cancelled\r\n",
        '    source: "Báo cáo số 123/BC-SKHCN"\r\n',
    ]
    assert added == ["    status: done\r\n", '    source: "s"\r\n']


def test_missing_final_newline_is_preserved() -> None:
    text = SAMPLE.rstrip("\n")
    edit = set_task_status(text, 14, {"status": "not_started", "source": "s"}, replace=False)
    assert edit.text == text + '\n  14:\n    status: not_started\n    source: "s"'
    edit2 = set_indicator_actual(text, "z", {"value": 1}, replace=False)
    assert not edit2.text.endswith("\n")
    assert edit2.text.endswith('    source: "Báo cáo số 123/BC-SKHCN"')


def test_quoting_styles_and_comments_survive() -> None:
    edit = set_indicator_actual(SAMPLE, "digital_economy_share", {"value": 1}, replace=True)
    assert "    source: 'Bộ TT&TT, DTI 2022 ranking'\n" in edit.text
    assert "    of: 63            # optional (rank indicators)\n" in edit.text
    assert "# Actual values for 2022, each with its source.\n" in edit.text
    assert "    status: in_progress   # not_started | in_progress | done | cancelled\n" in edit.text


def test_indentation_of_the_section_is_matched() -> None:
    text = "year: 2022\nindicators:\n    a:\n        value: 1\n"
    edit = set_indicator_actual(text, "b", {"value": 2}, replace=False)
    assert edit.text == text + "    b:\n        value: 2\n"
    # a missing section borrows the other section's indentation
    edit2 = set_task_status(text, 3, {"status": "done"}, replace=False)
    assert edit2.text == text + "tasks:\n    3:\n        status: done\n"


# ----------------------------------------------------------------- empty / missing sections


def test_insert_into_flow_empty_section() -> None:
    text = "year: 2022\nindicators: {}   # nothing yet\ntasks: {}\n"
    edit = set_indicator_actual(text, "dti_rank", {"value": 18, "source": "s"}, replace=False)
    assert edit.text == (
        'year: 2022\nindicators:   # nothing yet\n  dti_rank:\n    value: 18\n    source: "s"\ntasks: {}\n'
    )
    assert load(edit.text) == {"year": 2022, "indicators": {"dti_rank": {"value": 18, "source": "s"}}, "tasks": {}}
    edit2 = set_task_status(edit.text, 1, {"status": "done"}, replace=False)
    assert edit2.text.endswith("tasks:\n  1:\n    status: done\n")


def test_insert_into_null_section() -> None:
    text = "year: 2022\ntasks: null\n"
    edit = set_task_status(text, 7, {"status": "done"}, replace=False)
    assert edit.text == "year: 2022\ntasks:\n  7:\n    status: done\n"


def test_insert_into_missing_section_with_trailing_comment() -> None:
    text = "year: 2022\nindicators:\n  a:\n    value: 1\n\n# end of file comment\n"
    edit = set_task_status(text, 5, {"status": "in_progress", "source": "s"}, replace=False)
    assert edit.text == text + 'tasks:\n  5:\n    status: in_progress\n    source: "s"\n'
    assert load(edit.text)["tasks"] == {5: {"status": "in_progress", "source": "s"}}


def test_insert_before_trailing_comments_that_belong_to_what_follows() -> None:
    text = (
        "indicators:\n"
        "  a:\n"
        "    value: 1\n"
        "    # about a\n"
        "  # commented-out old entry\n"
        "\n"
        "  # after a blank line\n"
        "# top-level trailing comment\n"
    )
    edit = set_indicator_actual(text, "b", {"value": 2}, replace=False)
    assert edit.text == (
        "indicators:\n"
        "  a:\n"
        "    value: 1\n"
        "    # about a\n"
        "  b:\n"
        "    value: 2\n"
        "  # commented-out old entry\n"
        "\n"
        "  # after a blank line\n"
        "# top-level trailing comment\n"
    )


def test_empty_file_gets_a_section() -> None:
    edit = set_indicator_actual("", "a", {"value": 1}, replace=False)
    assert edit.text == "indicators:\n  a:\n    value: 1\n"


# ----------------------------------------------------------------- values


def test_vietnamese_stays_utf8_and_round_trips() -> None:
    source = "Bộ TT&TT, xếp hạng DTI 2022 — công bố 12/7/2023"
    note = 'Chỉ số "đổi mới sáng tạo" \\ đường dẫn\tvà\nxuống dòng\x07'
    edit = set_indicator_actual(SAMPLE, "pii", {"value": 35, "source": source, "note": note}, replace=False)
    assert "\\u" not in edit.text and "\\x" not in edit.text.replace("\\x07", "")
    assert source in edit.text
    assert '    note: "Chỉ số \\"đổi mới sáng tạo\\" \\\\ đường dẫn\\tvà\\nxuống dòng\\a"\n' in edit.text
    assert "Bộ TT&TT".encode() in edit.text.encode("utf-8")
    assert load(edit.text)["indicators"]["pii"] == {"value": 35, "source": source, "note": note}


def test_numbers_are_plain() -> None:
    fields = {"value": 22.87, "of": 63}
    edit = set_indicator_actual("indicators: {}\n", "a", fields, replace=False)
    assert edit.text == "indicators:\n  a:\n    value: 22.87\n    of: 63\n"
    for number in (0.1 + 0.2, 1e20, 3.0, -2.5e-7):
        text = set_indicator_actual("indicators: {}\n", "a", {"value": number}, replace=False).text
        parsed = load(text)["indicators"]["a"]["value"]
        assert isinstance(parsed, float) and parsed == number
    assert "value: 1.0e+20\n" in set_indicator_actual("", "a", {"value": 1e20}, replace=False).text


def test_bad_input_is_refused() -> None:
    with pytest.raises(EditError):
        set_indicator_actual("indicators: [a, b]\n", "a", {"value": 1}, replace=False)
    with pytest.raises(EditError):
        set_indicator_actual("indicators:\n  a: [\n", "a", {"value": 1}, replace=False)
    with pytest.raises(EditError):
        set_indicator_actual("indicators: {}\n", "a", {"value": None}, replace=False)
    with pytest.raises(EditError):
        set_task_status("tasks: {}\n", True, {"status": "done"}, replace=False)  # a bool is not a task id
    with pytest.raises(TypeError):
        set_indicator_actual("indicators: {}\n", "a", {"value": [1, 2]}, replace=False)


# ----------------------------------------------------------------- new year file


INDICATORS = [("dti_rank", "Chỉ số chuyển đổi số (DTI)"), ("digital_economy_share", "Tỷ trọng kinh tế số")]
TASKS = [(12, "Xây dựng\nnền tảng dữ liệu"), (15, "Đào tạo nhân lực")]


def test_new_actuals_text_is_valid_before_and_after_uncommenting() -> None:
    text = new_actuals_text(2026, INDICATORS, TASKS)
    assert load(text) == {"year": 2026, "indicators": None, "tasks": None}
    assert "  # dti_rank:  # Chỉ số chuyển đổi số (DTI)\n" in text
    assert "  # 12:  # Xây dựng nền tảng dữ liệu\n" in text
    filled = load(uncomment(text))
    assert filled["indicators"]["dti_rank"] == {"value": None, "source": ""}
    assert filled["tasks"][15] == {"status": None, "source": ""}


def test_new_actuals_text_empty_lists_and_header() -> None:
    text = new_actuals_text(2027, [], [], header="Thực hiện năm 2027\nNguồn: Sở KH&CN")
    assert text.startswith("# Thực hiện năm 2027\n# Nguồn: Sở KH&CN\n")
    assert load(text) == {"year": 2027, "indicators": {}, "tasks": {}}


def test_fresh_file_stanza_is_filled_in_place() -> None:
    text = new_actuals_text(2026, INDICATORS, TASKS)
    edit = set_indicator_actual(
        text, "digital_economy_share", {"value": 22.87, "source": "Cục Thống kê"}, replace=False
    )
    removed, added = changes(text, edit.text)
    assert removed == [
        "  # digital_economy_share:  # Tỷ trọng kinh tế số\n",
        "  #   value:\n",
        '  #   source: ""\n',
    ]
    assert added == [
        "  digital_economy_share:  # Tỷ trọng kinh tế số\n",
        "    value: 22.87\n",
        '    source: "Cục Thống kê"\n',
    ]
    data = load(edit.text)
    assert data["indicators"] == {"digital_economy_share": {"value": 22.87, "source": "Cục Thống kê"}}
    # the other stanzas stay commented and uncommenting them still works
    assert load(uncomment(edit.text))["indicators"]["dti_rank"] == {"value": None, "source": ""}

    edit2 = set_task_status(edit.text, 15, {"status": "done", "source": "BC 9"}, replace=False)
    assert '  15:  # Đào tạo nhân lực\n    status: done\n    source: "BC 9"\n' in edit2.text
    assert load(edit2.text)["tasks"] == {15: {"status": "done", "source": "BC 9"}}
    # an id without a stanza goes after the last real entry...
    edit3 = set_task_status(edit2.text, 99, {"status": "done"}, replace=False)
    assert edit3.text == edit2.text + "  99:\n    status: done\n"
    # ...or, while the section has none yet, right under the section key
    edit4 = set_task_status(text, 99, {"status": "done"}, replace=False)
    assert "tasks:\n  99:\n    status: done\n  # 12:" in edit4.text
    assert set(load(edit3.text)["tasks"]) == {15, 99}


def test_uncommented_but_unfilled_stanza_is_not_a_conflict() -> None:
    text = uncomment(new_actuals_text(2026, INDICATORS, []))
    edit = set_indicator_actual(text, "dti_rank", {"value": 18, "source": "s"}, replace=False)
    assert edit.old == {"value": None, "source": ""}
    assert '  dti_rank:  # Chỉ số chuyển đổi số (DTI)\n    value: 18\n    source: "s"\n' in edit.text
    with pytest.raises(EditConflict):
        set_indicator_actual(edit.text, "dti_rank", {"value": 19}, replace=False)


# ----------------------------------------------------------------- atomic_write


def tmp_leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_digest_is_sha256() -> None:
    assert digest(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_atomic_write_create_then_replace(tmp_path: Path) -> None:
    target = tmp_path / "2026.yaml"
    atomic_write(target, b"year: 2026\n", expected_digest=None)
    assert target.read_bytes() == b"year: 2026\n"
    atomic_write(target, "ghi chú: Việt\n".encode(), expected_digest=digest(b"year: 2026\n"))
    assert target.read_bytes() == "ghi chú: Việt\n".encode()
    assert tmp_leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026.yaml"]


def test_atomic_write_refuses_when_file_changed(tmp_path: Path) -> None:
    target = tmp_path / "2022.yaml"
    target.write_bytes(b"year: 2022\n")
    expected = digest(b"year: 2022\n")
    target.write_bytes(b"year: 2022\n# edited by someone else\n")
    with pytest.raises(ConcurrentModification, match=r"2022\.yaml"):
        atomic_write(target, b"new", expected_digest=expected)
    assert target.read_bytes() == b"year: 2022\n# edited by someone else\n"
    assert tmp_leftovers(tmp_path) == []


def test_atomic_write_refuses_to_overwrite_when_creating(tmp_path: Path) -> None:
    target = tmp_path / "2026.yaml"
    target.write_bytes(b"someone else's\n")
    with pytest.raises(ConcurrentModification, match="already exists"):
        atomic_write(target, b"mine\n", expected_digest=None)
    assert target.read_bytes() == b"someone else's\n"
    assert tmp_leftovers(tmp_path) == []


def test_atomic_write_create_race_does_not_clobber(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "2026.yaml"
    real_chmod = os.chmod

    def chmod_then_race(path: object, mode: int) -> None:
        real_chmod(path, mode)  # type: ignore[arg-type]
        target.write_bytes(b"racer\n")  # created after our existence check

    monkeypatch.setattr(os, "chmod", chmod_then_race)
    with pytest.raises(ConcurrentModification):
        atomic_write(target, b"mine\n", expected_digest=None)
    assert target.read_bytes() == b"racer\n"
    assert tmp_leftovers(tmp_path) == []


def test_atomic_write_failure_before_rename_leaves_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "2022.yaml"
    original = SAMPLE.replace("\n", "\r\n").encode()
    target.write_bytes(original)

    def boom(src: object, dst: object) -> None:
        assert Path(str(src)).read_bytes() == b"new content"  # temp fully written first
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk on fire"):
        atomic_write(target, b"new content", expected_digest=digest(original))
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2022.yaml"]


def test_atomic_write_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "2022.yaml"
    target.write_bytes(b"a\n")
    os.chmod(target, 0o640)
    atomic_write(target, b"b\n", expected_digest=digest(b"a\n"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == b"b\n"


def test_new_file_gets_umask_permissions_not_0600(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    old = os.umask(0o022)
    try:
        atomic_write(target, b"x\n", expected_digest=None)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_edit_then_write_end_to_end(tmp_path: Path) -> None:
    target = tmp_path / "2022.yaml"
    raw = SAMPLE.replace("\n", "\r\n").encode("utf-8")
    target.write_bytes(raw)
    text = raw.decode("utf-8")
    edit = set_indicator_actual(text, "dti_rank", {"value": 17, "source": "DTI 2023"}, replace=True)
    assert isinstance(edit, Edit)
    atomic_write(target, edit.text.encode("utf-8"), expected_digest=digest(raw))
    assert target.read_bytes() == edit.text.encode("utf-8")
    assert load(target.read_text(encoding="utf-8"))["indicators"]["dti_rank"] == {"value": 17, "source": "DTI 2023"}


# ----------------------------------------------------------------- diff


def test_unified_diff() -> None:
    old = "a: 1\nb: 2\n"
    new = "a: 1\nb: 3\n"
    assert unified_diff(old, new, "data/actuals/2022.yaml") == (
        "--- a/data/actuals/2022.yaml\n+++ b/data/actuals/2022.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n+b: 3\n"
    )
    assert unified_diff(old, old, "x") == ""


def test_unified_diff_marks_missing_final_newline() -> None:
    out = unified_diff("a: 1", "a: 2", "f.yaml")
    assert out == (
        "--- a/f.yaml\n+++ b/f.yaml\n@@ -1 +1 @@\n-a: 1\n"
        "\\ No newline at end of file\n+a: 2\n\\ No newline at end of file\n"
    )


def test_modules_have_no_mutable_globals() -> None:
    mutable = [
        f"{module.__name__}.{name}"
        for module in (yamltext, yamledit, yearform)
        for name, value in vars(module).items()
        if not name.startswith("__") and isinstance(value, (list, set, bytearray))
    ]
    assert mutable == []


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_or_paragraph_separator_in_a_value_does_not_shift_the_splice(separator: str) -> None:
    """libyaml and the text model both count LS and PS as line breaks, so an entry after a note
    holding one is replaced on its own lines (the composer used before counted only CR and LF,
    and spliced over the note)."""
    text = f'year: 2024\nindicators:\n  a:\n    value: 1\n    source: "s"\n    note: "x{separator}y"\n  b:\n    value: 2\n    source: "t"\n'
    edit = set_indicator_actual(text, "b", {"value": 3, "source": "u"}, replace=True)
    head = f'year: 2024\nindicators:\n  a:\n    value: 1\n    source: "s"\n    note: "x{separator}y"\n'
    assert edit.text == head + '  b:\n    value: 3\n    source: "u"\n'


# --- many entries, one parse (`apply_entries`, what `import` uses) -----------------------------

EntryEdit = yamledit.EntryEdit


def one_by_one(text: str, edits: list[yamledit.EntryEdit]) -> tuple[str, list[bool]]:
    """The reference: each edit applied to the text the one before left, a failure changing nothing."""
    failed = []
    for edit in edits:
        try:
            text = yamledit.apply_edit(text, edit).text
            failed.append(False)
        except EditError:
            failed.append(True)
    return text, failed


FIG = {"value": 1, "source": "s"}
BATCHES: dict[str, tuple[str, list[yamledit.EntryEdit]]] = {
    "replace, scopes, repeats, a conflict, a bad field": (
        SAMPLE,
        [
            EntryEdit("indicators", "dti_rank", {"value": 17, "source": "DTI 2023"}, replace=True),
            EntryEdit("tasks", 12, {"status": "done", "source": "x"}),  # already there: a conflict
            EntryEdit("indicators", "digital_economy_share", {**FIG, "scope": "vietnam"}, default_scope="vinh_phuc"),
            EntryEdit("indicators", "digital_economy_share", {**FIG, "scope": "ha_noi"}, default_scope="vinh_phuc"),
            EntryEdit("tasks", 13, {"status": "done", "source": "y"}),
            EntryEdit("tasks", 13, {"status": "cancelled", "source": "y"}, replace=True),
            EntryEdit("tasks", 14, {"status": "done", "bad-name": 1}),
            EntryEdit("indicators", "new_one", {"value": 2.5, "source": "z"}),
        ],
    ),
    "a new year's stanzas, CRLF": (
        new_actuals_text(2026, INDICATORS, TASKS).replace("\n", "\r\n"),
        [EntryEdit("tasks", t, {"status": "done", "source": "r"}) for t, _ in reversed(TASKS)]
        + [EntryEdit("indicators", i, FIG) for i, _ in INDICATORS],
    ),
    "empty and missing sections": (
        "year: 2026\nindicators: {}  # none yet\n",
        [EntryEdit("tasks", 5, {"status": "done"}), EntryEdit("indicators", "a", FIG)]
        + [EntryEdit("tasks", 3, {"status": "done"}), EntryEdit("indicators", "b", FIG)],
    ),
    "a flow-style section: one by one": ("year: 2026\ntasks: {1: {status: done}}\n", [EntryEdit("tasks", 2, FIG)]),
}


@pytest.mark.parametrize("name", BATCHES)
def test_many_entries_at_once_as_one_by_one(name: str) -> None:
    text, edits = BATCHES[name]
    expected, failed = one_by_one(text, edits)
    got, errors = yamledit.apply_entries(text, edits)
    assert got == expected
    assert [e is not None for e in errors] == failed


def test_many_entries_parse_the_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = yamltext.parse

    def counted(text: str) -> Any:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(yamledit, "parse", counted)  # the name yamledit calls
    for n in (10, 100):
        calls.clear()
        tasks = [(t, f"Nhiệm vụ {t}") for t in range(1, n + 1)]
        text = new_actuals_text(2026, [], tasks)
        got, errors = yamledit.apply_entries(text, [EntryEdit("tasks", t, {"status": "done"}) for t, _ in tasks])
        assert errors == [None] * n and load(got)["tasks"] == {t: {"status": "done"} for t in range(1, n + 1)}
        assert calls == [len(text)]
