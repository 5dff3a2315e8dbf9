"""`--lang` of the commands that write: `record`, `task update`, `new-year` and `init` word their
result and the problems that refuse them in the chosen language, Vietnamese by default.

Each command is run twice on the same folder state, in `vi` and in `en`: the located problem keeps
its place and code and changes its words; the success line is the same fact in two languages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FROZEN, DataFolder, cli, parse_problem

URL = "https://example.org/dost/stiplan.git"

BROKEN_AT = ("data/agencies.yaml", "unknown-field")
"""A field the schema does not know, added at the end of agencies.yaml: every write refuses on it."""
UNKNOWN_FIELD = {"vi": "trường không có trong lược đồ: 'oops'", "en": "unknown field 'oops'"}
"""The message of `unknown-field` in each language (problems.UnknownField's templates)."""

WRITES: dict[str, tuple[str, ...]] = {
    "record": ("record", "dti_rank", "2023", "15", "--of", "63", "--source", "DTI 2023"),
    "task update": ("task", "update", "1", "2023", "--status", "done", "--source", "BC 1"),
    "new-year": ("new-year", "2027"),
}


def _break(root: Path) -> None:
    agencies = root / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + "oops: 1\n", encoding="utf-8")


def _located(stderr: str) -> tuple[str, str, str]:
    """(path, code, message without the hint) of the one problem line of stderr."""
    (line,) = [x for x in stderr.splitlines() if not x.startswith("stiplan:")]
    found = parse_problem(line)
    return found.path, found.code, found.message.split(";")[0]


@pytest.mark.parametrize("command", list(WRITES))
def test_a_refusing_problem_is_worded_in_the_chosen_language(shipped: DataFolder, command: str) -> None:
    _break(shipped.root)
    runs = {lang: cli(*WRITES[command], "--lang", lang) for lang in ("vi", "en")}
    default = cli(*WRITES[command])
    for lang, run in runs.items():
        assert run.exit_code == 1 and run.stdout == ""
        assert _located(run.stderr) == (*BROKEN_AT, UNKNOWN_FIELD[lang])
    assert default.stderr == runs["vi"].stderr  # Vietnamese unless asked otherwise


SUCCESS = {
    "record": (
        "đã ghi chỉ tiêu dti_rank, năm 2023 vào data/actuals/2023.yaml\n",
        "recorded indicator dti_rank, 2023 in data/actuals/2023.yaml\n",
    ),
    "task update": (
        "đã ghi nhiệm vụ 1, năm 2023 vào data/actuals/2023.yaml\n",
        "recorded task 1, 2023 in data/actuals/2023.yaml\n",
    ),
    "new-year": (
        "đã tạo data/actuals/2027.yaml: điền các mục, rồi chạy 'stiplan validate'\n",
        "created data/actuals/2027.yaml: fill in the stanzas, then run 'stiplan validate'\n",
    ),
}


@pytest.mark.parametrize("command", list(WRITES))
def test_the_success_line_is_worded_in_the_chosen_language(tmp_path: Path, command: str) -> None:
    """The same write in two copies of the shipped folder (2023 holds neither entry yet)."""
    vi, en = SUCCESS[command]
    for lang, expected in (("vi", vi), ("en", en), (None, vi)):
        folder = tmp_path / (lang or "default")
        shutil.copytree(FROZEN, folder / "data")
        chosen = ("--lang", lang) if lang else ()
        run = cli(*WRITES[command], "--data", str(folder / "data"), *chosen)
        assert run.exit_code == 0, run.stderr
        assert run.stdout == expected.replace("data/", f"{folder / 'data'}/")


def test_record_already_recorded_says_so_in_the_chosen_language(shipped: DataFolder) -> None:
    first = cli(*WRITES["record"])
    assert first.exit_code == 0
    vi = cli(*WRITES["record"], "--lang", "vi")
    en = cli(*WRITES["record"], "--lang", "en")
    assert vi.stdout == "data/actuals/2023.yaml đã ghi đúng chỉ tiêu dti_rank, năm 2023; không có gì để thay đổi\n"
    assert en.stdout == "data/actuals/2023.yaml already records indicator dti_rank, 2023; nothing to change\n"


def test_init_words_its_problems_and_its_result_in_the_chosen_language(tmp_path: Path) -> None:
    shutil.copytree(FROZEN, tmp_path / "broken")
    _break(tmp_path / "broken")
    for lang in ("vi", "en"):
        run = cli(
            "init",
            str(tmp_path / "du-lieu"),
            "--stiplan-url",
            URL,
            "--plan-from",
            str(tmp_path / "broken"),
            "--lang",
            lang,
        )
        assert run.exit_code == 1
        path, code, message = _located(run.stderr)
        assert path.endswith("broken/agencies.yaml") and code == "unknown-field" and message == UNKNOWN_FIELD[lang]
    made = {}
    for lang in ("vi", "en"):
        run = cli("init", str(tmp_path / lang), "--stiplan-url", URL, "--stiplan-rev", "v1.2.3", "--lang", lang)
        assert run.exit_code == 0, run.stderr
        made[lang] = run
    pin = f"stiplan @ git+{URL}@v1.2.3"
    files = len([p for p in (tmp_path / "vi").rglob("*") if p.is_file()])
    assert (
        made["vi"].stdout
        == f"đã tạo {tmp_path / 'vi'} ({files} tệp) với khung kế hoạch trống để điền; stiplan cố định ở {pin}\n"
    )
    assert (
        made["en"].stdout
        == f"created {tmp_path / 'en'} ({files} files) with an empty plan skeleton to fill in; stiplan pinned at {pin}\n"
    )
    assert made["vi"].stderr.startswith(f"tiếp theo: cd {tmp_path / 'vi'} && git init")
    assert made["en"].stderr.startswith(f"next: cd {tmp_path / 'en'} && git init")


# --- refusals and usage errors of record, task update and new-year, in both languages ------------
# Each case: the command (run on the tiny folder: dti_rank 2022 = 18 of 63, the plan's years
# 2013–2030, no 2023 file), a change to the folder first (or None), the exit code, and the last
# line of stderr in Vietnamese and in English (the English is the wording before --lang reached
# these lines, byte for byte).


def _bom(root: Path) -> None:
    path = root / "actuals" / "2022.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _latin1(root: Path) -> None:
    path = root / "actuals" / "2022.yaml"
    path.write_bytes(path.read_bytes().replace(b"dti.gov.vn", b"d\xe9ti.gov.vn"))


REFUSED: dict[str, tuple[tuple[str, ...], object, int, str, str]] = {
    "already recorded": (
        ("record", "dti_rank", "2022", "17", "--of", "63", "--source", "x"),
        None,
        1,
        "chỉ tiêu dti_rank, năm 2022 đã được ghi trong data/actuals/2022.yaml; thêm --replace để ghi đè",
        "indicator dti_rank, 2022 is already recorded in data/actuals/2022.yaml; pass --replace to overwrite it",
    ),
    "task already recorded": (
        ("task", "update", "1", "2022", "--status", "done", "--source", "x"),
        None,
        1,
        "nhiệm vụ 1, năm 2022 đã được ghi trong data/actuals/2022.yaml; thêm --replace để ghi đè",
        "task 1, 2022 is already recorded in data/actuals/2022.yaml; pass --replace to overwrite it",
    ),
    "outside the plan's years": (
        ("record", "dti_rank", "2052", "15", "--of", "63", "--source", "DTI"),
        None,
        1,
        "năm 2052 nằm ngoài các năm của kế hoạch (2013–2030); gõ nhầm? "
        "thêm --allow-year nếu số liệu đúng là của năm đó",
        "2052 is outside the plan's years (2013–2030); a typo? pass --allow-year if the figure really is for that year",
    ),
    "not valid after": (
        ("task", "update", "99", "2023", "--status", "done", "--source", "x"),
        None,
        1,
        "dữ liệu sẽ không hợp lệ sau thay đổi này; chưa ghi gì",
        "the data would not be valid after this change; nothing was written",
    ),
    "no scope matches": (
        ("record", "dti_rank", "2023", "15", "--of", "63", "--source", "x", "--scope", "atlantis"),
        None,
        1,
        "không có phạm vi nào khớp với --scope; chưa ghi gì",
        "no scope matches --scope; nothing was written",
    ),
    "delete from a missing file": (
        ("record", "dti_rank", "2023", "--delete"),
        None,
        1,
        "data/actuals/2023.yaml không tồn tại",
        "data/actuals/2023.yaml does not exist",
    ),
    "byte-order mark": (
        ("record", "dti_rank", "2022", "17", "--of", "63", "--source", "x", "--replace"),
        _bom,
        1,
        "data/actuals/2022.yaml bắt đầu bằng dấu thứ tự byte (BOM); hãy xoá dấu đó trước",
        "data/actuals/2022.yaml starts with a byte-order mark; remove it first",
    ),
    "form exists": (
        ("new-year", "2022"),
        None,
        1,
        "data/actuals/2022.yaml đã có; hãy ghi số liệu vào tệp đó bằng 'stiplan record'",
        "data/actuals/2022.yaml already exists; record values in it with 'stiplan record'",
    ),
    "data has errors": (
        ("new-year", "2027"),
        _break,
        1,
        "dữ liệu đang có lỗi; hãy sửa trước (stiplan validate liệt kê các lỗi)",
        "the data has errors; fix them first (stiplan validate lists them)",
    ),
    "no value": (
        ("record", "dti_rank", "2022"),
        None,
        2,
        "thiếu giá trị VALUE cần ghi (hoặc thêm --delete để xoá mục)",
        "missing the VALUE to record (or pass --delete to remove the entry)",
    ),
    "no status": (
        ("task", "update", "1", "2023", "--source", "x"),
        None,
        2,
        "thiếu --status (not_started, in_progress, done hoặc cancelled), hoặc thêm --delete",
        "missing --status (not_started, in_progress, done or cancelled), or pass --delete",
    ),
    "delete with a value": (
        ("record", "dti_rank", "2022", "18", "--delete", "--of", "63"),
        None,
        2,
        "--delete xoá cả mục; hãy bỏ VALUE, --of",
        "--delete removes the whole entry; drop VALUE, --of",
    ),
    "bad number": (
        ("record", "dti_rank", "2022", "1e999", "--source", "x"),
        None,
        1,
        "chưa ghi gì",
        "nothing was written",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refusal_is_worded_in_the_chosen_language(data: DataFolder, case: str) -> None:
    args, setup, code, vi, en = REFUSED[case]
    if callable(setup):
        setup(data.root)
    before = {p: p.read_bytes() for p in data.root.rglob("*") if p.is_file()}
    for lang, expected in (("vi", vi), ("en", en), (None, vi)):
        run = cli(*args, *(("--lang", lang) if lang else ()))
        assert run.exit_code == code, run.stderr
        lines = run.stderr.splitlines()
        error = [x for x in lines if x.startswith("stiplan: error: ")]
        assert error == [f"stiplan: error: {expected}"], run.stderr
    assert {p: p.read_bytes() for p in data.root.rglob("*") if p.is_file()} == before  # nothing written


def test_an_unknown_option_and_its_hint_are_worded_in_the_chosen_language(data: DataFolder) -> None:
    vi = cli("record", "dti_rank", "2022", "--frobnicate", "--lang", "vi").stderr.splitlines()
    en = cli("record", "dti_rank", "2022", "--frobnicate", "--lang", "en").stderr.splitlines()
    assert vi[0] == "stiplan: error: không có tuỳ chọn --frobnicate"
    assert "stiplan: hint: 'stiplan record --help' liệt kê các tuỳ chọn của lệnh" in vi
    assert en[0] == "stiplan: error: no such option: --frobnicate"
    assert "stiplan: hint: 'stiplan record --help' lists its options" in en


def test_the_known_scopes_hint_is_worded_in_the_chosen_language(data: DataFolder) -> None:
    args = ("record", "dti_rank", "2023", "15", "--of", "63", "--source", "x", "--scope", "atlantis")
    vi = cli(*args, "--lang", "vi").stderr.splitlines()[0]
    en = cli(*args, "--lang", "en").stderr.splitlines()[0]
    assert "error[unknown-scope]" in vi and "các phạm vi đã biết: " in vi and "known scopes" not in vi
    assert "error[unknown-scope]" in en and "known scopes: " in en


def test_a_change_to_or_from_no_value_is_worded_in_the_chosen_language(data: DataFolder) -> None:
    """Task 1's 2022 report has no date; giving one without --replace is refused, the changes listed."""
    args = ("task", "update", "1", "2022", "--status", "done", "--source", "x", "--date", "2022-12-01")
    changes = {lang: cli(*args, "--lang", lang).stderr.splitlines()[:-1] for lang in ("vi", "en")}
    assert changes["vi"] == [
        "  status: 'in_progress' → 'done'",
        "  source: 'Báo cáo 12/BC-SKHCN' → 'x'",
        "  date: (trống) → '2022-12-01'",
    ]
    assert changes["en"] == [line.replace("(trống)", "(none)") for line in changes["vi"]]
    run = cli(*args, "--replace")  # written: the same lines under the success line, Vietnamese by default
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[1:] == changes["vi"]
