"""`import` in the chosen language: its refusal after `stiplan: error:`, the files it leaves out,
each entry it records or replaces, and what it finds already recorded (views/imports.py,
views/writes.py REFUSALS). Vietnamese by default; `--lang en` keeps the English word for word.

The tiny data folder of conftest (plan years 2023-2030; dti_rank a rank, tfp_contribution a
percentage) and long-form CSV files: line 1 is the header, so the first figure is line 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DataFolder, cli

HEADER = "indicator,year,value,of,scope,source,note\n"
DTI = "dti_rank,2023,15,63,,DTI 2023,\n"
BAD = "tfp_contribution,2023,khoảng 50,,,Báo cáo,\n"  # not a number: a problem of the file itself


def _csv(base: Path, name: str, *rows: str) -> str:
    path = base / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return str(path)


def _error(stderr: str) -> str:
    (line,) = [x for x in stderr.splitlines() if x.startswith("stiplan: error:")]
    return line


@pytest.mark.parametrize(
    ("lang", "recorded", "again"),
    [
        (
            "vi",
            "đã ghi chỉ tiêu dti_rank, năm 2023 (từ ",
            "không có gì thay đổi: mọi mục được nhập đã có sẵn trong dữ liệu",
        ),
        (
            "en",
            "recorded indicator dti_rank, 2023 (from ",
            "nothing to change: everything imported is already recorded",
        ),
    ],
)
def test_what_was_recorded_and_what_was_there(data: DataFolder, lang: str, recorded: str, again: str) -> None:
    figures = _csv(data.base, "figures.csv", DTI)
    run = cli("import", "--lang", lang, figures)  # cwd is the folder of the CSV: named as figures.csv
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == [f"{recorded}figures.csv:2:3)"]  # line 2, the value's column
    run = cli("import", "--lang", lang, figures)
    assert run.exit_code == 0 and run.stdout.splitlines() == [again]


@pytest.mark.parametrize(
    ("lang", "replaced"),
    [("vi", "đã thay chỉ tiêu dti_rank, năm 2023 (từ "), ("en", "replaced indicator dti_rank, 2023 (from ")],
)
def test_a_replaced_figure_says_so(data: DataFolder, lang: str, replaced: str) -> None:
    assert cli("import", _csv(data.base, "first.csv", DTI)).exit_code == 0
    second = _csv(data.base, "second.csv", DTI.replace(",15,", ",14,"))
    run = cli("import", "--lang", lang, "--replace", second)
    assert run.exit_code == 0, run.stderr
    first, change = run.stdout.splitlines()
    assert first == f"{replaced}second.csv:2:3)" and change.startswith("  value: ") and change.endswith(" → 14")


@pytest.mark.parametrize(
    ("lang", "refused", "left_out"),
    [
        (
            "vi",
            "stiplan: error: chưa ghi gì: hãy sửa các lỗi nêu trên, hoặc nhập riêng các tệp không có lỗi với --partial",
            "đã để lại {name}: tệp có lỗi (nêu trên); hãy sửa rồi nhập lại",
        ),
        (
            "en",
            "stiplan: error: nothing was written: fix the problems above, or import the clean files with --partial",
            "left out {name}: it has problems (listed above); fix it and import it again",
        ),
    ],
)
def test_a_file_with_problems_refuses_the_import_or_is_left_out(
    data: DataFolder, lang: str, refused: str, left_out: str
) -> None:
    good, bad = _csv(data.base, "good.csv", DTI), _csv(data.base, "bad.csv", BAD)
    run = cli("import", "--lang", lang, good, bad)
    assert run.exit_code == 1 and _error(run.stderr) == refused
    assert not (data.root / "actuals" / "2023.yaml").exists()
    run = cli("import", "--lang", lang, "--partial", good, bad)
    assert run.exit_code == 0, run.stderr
    assert left_out.format(name="bad.csv") in run.stderr.splitlines()
    assert (data.root / "actuals" / "2023.yaml").exists()


@pytest.mark.parametrize(
    ("lang", "refused"),
    [
        ("vi", "stiplan: error: dữ liệu đang có lỗi; hãy sửa trước (stiplan validate liệt kê các lỗi)"),
        ("en", "stiplan: error: the data has errors; fix them first (stiplan validate lists them)"),
    ],
)
def test_data_with_errors_refuses_before_reading_a_file(data: DataFolder, lang: str, refused: str) -> None:
    data.write("agencies.yaml", data.root.joinpath("agencies.yaml").read_text(encoding="utf-8") + "oops: 1\n")
    run = cli("import", "--lang", lang, _csv(data.base, "figures.csv", DTI))
    assert run.exit_code == 1 and _error(run.stderr) == refused


@pytest.mark.parametrize(
    ("lang", "refused"),
    [
        ("vi", "stiplan: error: --prefer other.xlsx: không phải một trong các tệp được đưa vào"),
        ("en", "stiplan: error: --prefer other.xlsx: not one of the files given"),
    ],
)
def test_prefer_names_a_file_not_given(data: DataFolder, lang: str, refused: str) -> None:
    run = cli("import", "--lang", lang, "--prefer", "other.xlsx", _csv(data.base, "figures.csv", DTI))
    assert run.exit_code == 1 and _error(run.stderr) == refused


@pytest.mark.parametrize(
    ("lang", "hook"),
    [
        (
            "vi",
            "stiplan: bước kiểm tra trước khi commit (stiplan validate --strict) sẽ từ chối 1 cảnh báo nêu trên; "
            "hãy sửa trước khi commit",
        ),
        (
            "en",
            "stiplan: the pre-commit hook (stiplan validate --strict) will refuse the 1 warning(s) above; "
            "fix them before committing",
        ),
    ],
)
def test_no_strict_names_the_warnings_the_hook_will_refuse(data: DataFolder, lang: str, hook: str) -> None:
    # The national figure for a provincial indicator, without the note that says why: a warning.
    national = _csv(data.base, "national.csv", "dti_rank,2023,15,63,vietnam,DTI 2023,\n")
    run = cli("import", "--lang", lang, "--no-strict", national)
    assert run.exit_code == 0, run.stderr
    assert hook in run.stderr.splitlines()


@pytest.mark.parametrize(("lang", "words"), [("vi", "không có tệp: nowhere.csv"), ("en", "no such file: nowhere.csv")])
def test_a_missing_file_is_a_usage_error_in_the_chosen_language(data: DataFolder, lang: str, words: str) -> None:
    run = cli("import", "--lang", lang, "nowhere.csv")
    assert run.exit_code == 2 and words in run.stderr
