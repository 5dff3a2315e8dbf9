"""`--lang` of `collect forms` and `collect return`: their refusals and the lines `collect return`
prints are worded in the chosen language, Vietnamese by default; `--lang en` keeps the English
they printed before, byte for byte.

Every case runs on a copy of the frozen shipped plan (it sets no deadline for the forms; the
Department of Planning and Investment, `dpi`, owes nothing in 2026; no round is logged yet).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DataFolder, cli

DOF_ONLY = ("collect", "forms", "2026", "--agency", "dof", "--deadline", "20/12/2026", "--date", "2026-11-27")


def _error_lines(stderr: str) -> list[str]:
    return [x for x in stderr.splitlines() if x.startswith("stiplan: error: ")]


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _each_language(args: tuple[str, ...], code: int, vi: str, en: str) -> None:
    """`args` in vi, in en and with no --lang: exit `code`, and the one error line in that language."""
    for lang, expected in (("vi", vi), ("en", en), (None, vi)):
        run = cli(*args, *(("--lang", lang) if lang else ()))
        assert run.exit_code == code, run.stderr
        assert _error_lines(run.stderr) == [f"stiplan: error: {expected}"], run.stderr


def test_forms_without_a_deadline_say_so_in_the_chosen_language(shipped: DataFolder, tmp_path: Path) -> None:
    """A usage error (exit 2): the words after click's own 'Invalid value for --deadline: ' prefix
    (cli/root's, not these commands') are the action's, in the chosen language."""
    before = _snapshot(shipped.root)
    vi = (
        "kế hoạch không đặt hạn nộp lại biểu (Nghị định 09/2019/NĐ-CP để mỗi chế độ báo cáo tự quy định); "
        "hãy cho hạn bằng --deadline 20/12/2026"
    )
    en = (
        "the plan sets no deadline for returning the forms (Decree 09/2019/NĐ-CP leaves it to each reporting "
        "regime); give one with --deadline 20/12/2026"
    )
    for lang, expected in (("vi", vi), ("en", en), (None, vi)):
        run = cli("collect", "forms", "2026", "-o", str(tmp_path / "out"), *(("--lang", lang) if lang else ()))
        assert run.exit_code == 2
        (error,) = _error_lines(run.stderr)
        assert error.startswith("stiplan: error: ") and error.endswith(f"--deadline: {expected}"), error
    assert _snapshot(shipped.root) == before and not (tmp_path / "out").exists()


def test_an_agency_that_owes_nothing_is_refused_in_the_chosen_language(shipped: DataFolder, tmp_path: Path) -> None:
    args = ("collect", "forms", "2026", "-o", str(tmp_path / "out"), "--deadline", "20/12/2026", "--agency", "dpi")
    _each_language(
        args,
        1,
        "không có cơ quan nào tên 'dpi' còn phải báo cáo gì cho năm 2026",
        "no agency named 'dpi' owes anything for 2026",
    )
    assert not (tmp_path / "out").exists() and not (shipped.root / "collection").exists()


def test_data_with_errors_refuses_forms_and_return_in_the_chosen_language(shipped: DataFolder, tmp_path: Path) -> None:
    agencies = shipped.root / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + "oops: 1\n", encoding="utf-8")
    vi = "dữ liệu đang có lỗi; hãy sửa trước (stiplan validate liệt kê các lỗi)"
    en = "the data has errors; fix them first (stiplan validate lists them)"
    _each_language(("collect", "forms", "2026", "-o", str(tmp_path / "out"), "--deadline", "20/12/2026"), 1, vi, en)
    _each_language(("collect", "return", "2026", "dof", "--note", "x", "-o", str(tmp_path / "back")), 1, vi, en)
    assert not (tmp_path / "out").exists() and not (tmp_path / "back").exists()


def test_return_of_a_form_never_sent_is_refused_in_the_chosen_language(shipped: DataFolder, tmp_path: Path) -> None:
    _each_language(
        ("collect", "return", "2026", "dof", "--note", "x", "-o", str(tmp_path / "back")),
        1,
        "data/collection/2026.yaml không ghi nhận biểu nào đã gửi cho dof",
        "data/collection/2026.yaml records no form sent to dof",
    )
    assert not (tmp_path / "back").exists() and not (shipped.root / "collection").exists()


def test_return_without_a_problem_or_a_note_is_refused_in_the_chosen_language(
    shipped: DataFolder, tmp_path: Path
) -> None:
    assert cli(*DOF_ONLY, "-o", str(tmp_path / "out")).exit_code == 0
    before = _snapshot(shipped.root)
    _each_language(
        ("collect", "return", "2026", "dof", "-o", str(tmp_path / "back")),
        1,
        "data/collection/2026.yaml không ghi nhận lỗi nào của biểu do dof gửi về: hãy nêu điều cần sửa bằng --note",
        "data/collection/2026.yaml records no problem of the form from dof: say what to fix with --note",
    )
    assert _snapshot(shipped.root) == before and not (tmp_path / "back").exists()


@pytest.mark.slow  # sends a form, then previews and writes its return in two languages
def test_the_lines_of_a_return_are_worded_in_the_chosen_language(shipped: DataFolder, tmp_path: Path) -> None:
    """The form sent to Finance goes back with a note and no problem logged: 0 to correct."""
    assert cli(*DOF_ONLY, "-o", str(tmp_path / "out")).exit_code == 0
    note = tmp_path / "back" / "tra-lai-so-tai-chinh-dof-2026.xlsx"
    back = ("collect", "return", "2026", "Sở Tài chính", "-o", str(tmp_path / "back"), "--note", "Bổ sung nguồn")
    preview = {lang: cli(*back, "--dry-run", "--lang", lang) for lang in ("vi", "en")}
    assert preview["vi"].stdout.splitlines()[0] == f"{note}: Sở Tài chính, 0 lỗi cần sửa"
    assert preview["en"].stdout.splitlines()[0] == f"{note}: Sở Tài chính, 0 problem(s) to correct"
    assert not note.exists()
    vi = cli(*back, "--date", "2026-12-16")
    assert vi.exit_code == 0, vi.stderr
    form = _sent_form(shipped.root)
    assert vi.stdout == (
        f"đã ghi {note}: 0 lỗi cần sửa\n"
        f"đã ghi nhận vào data/collection/2026.yaml: biểu {form} đã trả lại cho Sở Tài chính\n"
    )
    en = cli(*back, "--date", "2026-12-17", "--lang", "en")
    assert en.exit_code == 0, en.stderr
    assert en.stdout == (
        f"wrote {note}: 0 problem(s) to correct\n"
        f"logged in data/collection/2026.yaml: form {form} sent back to Sở Tài chính\n"
    )


def _sent_form(root: Path) -> str:
    """The id of the one form the log records as sent (read from the log, not computed here)."""
    from ruamel.yaml import YAML

    log = YAML(typ="safe").load((root / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    (form,) = {e["form"] for e in log["events"] if e["kind"] == "sent"}
    return str(form)
