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
