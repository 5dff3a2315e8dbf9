"""The last English under `--lang vi`: a bad date's detail, export's own usage errors, the
frames of an output that cannot be written, diff's git errors, the file-missing parameter of a
folder `rollup` cannot read, and a data folder not found. Each is Vietnamese under `--lang vi`
(the default) and exactly the old English under `--lang en`.

Every expected line is written out here by hand, in both languages.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, DataFolder, cli, git_env


def _both(*args: str) -> dict[str, tuple[int, str]]:
    """(exit code, stderr) of `args` under --lang vi and --lang en."""
    return {lang: (run.exit_code, run.stderr) for lang in ("vi", "en") for run in [cli(*args, "--lang", lang)]}


def _usage(message: str, hint: str) -> tuple[int, str]:
    return 2, f"stiplan: error: {message}\nstiplan: hint: {hint}\n"


def _hint(command: str) -> dict[str, str]:
    return {
        "vi": f"'stiplan {command} --help' liệt kê các tuỳ chọn của lệnh",
        "en": f"'stiplan {command} --help' lists its options",
    }


# --- 1. a bad date's detail (engine.asof.BadDate, worded by views.usage.USAGE) ------------------


@pytest.mark.parametrize(
    ("typed", "vi", "en"),
    [
        ("31/2/2025", "'31/2/2025' không phải là một ngày có thật", "'31/2/2025' is not a date that exists"),
        (
            "1800",
            "'1800' không phải là một năm hợp lý (phải từ 1900 đến 2200)",
            "'1800' is not a plausible year (expected 1900–2200)",
        ),
        (
            "1800-01-01",
            "'1800-01-01' không phải là một ngày hợp lý (năm phải từ 1900 đến 2200)",
            "'1800-01-01' is not a plausible date (expected a year 1900–2200)",
        ),
        (
            "abc",
            "'abc' không phải là năm (2026) cũng không phải là ngày (2026-12-20, 20/12/2026 hoặc today)",
            "'abc' is neither a year (2026) nor a date (2026-12-20 or 20/12/2026, today)",
        ),
    ],
)
def test_a_bad_as_of_is_worded_in_the_language_of_the_run(data: DataFolder, typed: str, vi: str, en: str) -> None:
    got = _both("status", "--as-of", typed)
    hint = _hint("status")
    assert got["vi"] == _usage(f"giá trị không hợp lệ cho '--as-of': {vi}", hint["vi"])
    assert got["en"] == _usage(f"Invalid value for '--as-of': {en}", hint["en"])


def test_a_bad_date_option_is_worded_too(data: DataFolder) -> None:
    update = ("task", "update", "1", "2023", "--status", "done", "--source", "x")
    got = _both(*update, "--date", "20.12.2026")
    hint = _hint("task update")
    assert got["vi"] == _usage(
        "giá trị không hợp lệ cho '--date': '20.12.2026' không phải là ngày: hãy viết 2026-12-20, 20/12/2026 hoặc today",
        hint["vi"],
    )
    assert got["en"] == _usage(
        "Invalid value for '--date': '20.12.2026' is not a date: write 2026-12-20 or 20/12/2026 or today", hint["en"]
    )
    got = _both(*update, "--date", "30/2/2023")
    assert got["vi"] == _usage(
        "giá trị không hợp lệ cho '--date': '30/2/2023' không phải là một ngày có thật", hint["vi"]
    )
    assert got["en"] == _usage("Invalid value for '--date': '30/2/2023' is not a date that exists", hint["en"])


def test_the_language_is_the_one_written_after_the_bad_date(data: DataFolder) -> None:
    """The date is parsed before click reads a `--lang` written after it: the words are picked
    when the error is printed."""
    first = cli("status", "--lang", "en", "--as-of", "31/2/2025").stderr.splitlines()[0]
    after = cli("status", "--as-of", "31/2/2025", "--lang", "en").stderr.splitlines()[0]
    assert first == after == "stiplan: error: Invalid value for '--as-of': '31/2/2025' is not a date that exists"


def test_the_parser_raises_a_key_and_its_parameters() -> None:
    from stiplan.engine.asof import BadDate, parse_as_of, parse_day

    with pytest.raises(BadDate) as caught:
        parse_day("31/2/2025")
    assert (caught.value.key, str(caught.value)) == ("date_not_existing", "date_not_existing")
    assert caught.value.params == {
        "text": "31/2/2025",
        "iso": "2026-12-20",
        "dmy": "20/12/2026",
        "first": 1900,
        "last": 2200,
    }
    with pytest.raises(BadDate) as caught:
        parse_day("soon")
    assert caught.value.key == "date_not_a_date"  # no `today` allowed: the words do not offer it
    with pytest.raises(BadDate) as caught:
        parse_as_of("soon")
    assert caught.value.key == "as_of_not_a_date"
    assert isinstance(caught.value, ValueError)  # the form's reader catches a ValueError


def test_asof_imports_only_the_standard_library() -> None:
    """engine/asof is imported on every run: at its top, nothing but the standard library
    (the types of the plan only for the type checker)."""
    tree = ast.parse((ROOT / "src" / "stiplan" / "engine" / "asof.py").read_text(encoding="utf-8"))
    imported = set()
    for node in tree.body:  # module level only: an `if TYPE_CHECKING:` block is not executed
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


# --- 2. export's usage errors; an output that cannot be written (export, report, schema) ---------


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (
            ("-f", "csv"),
            "csv ghi mỗi bảng vào một tệp: hãy cho -o THƯ_MỤC, hoặc một --table để in bảng đó ra",
            "csv writes one file per table: give -o FOLDER, or one --table to print it",
        ),
        (
            ("-f", "xlsx"),
            "sổ tính xlsx là một tệp: hãy cho -o TỆP.xlsx",
            "an xlsx workbook is a file: give -o FILE.xlsx",
        ),
        (
            ("-f", "json", "--excel-bom"),
            "--excel-bom chỉ dùng với --format csv",
            "--excel-bom applies to --format csv only",
        ),
    ],
)
def test_export_usage_errors(data: DataFolder, args: tuple[str, ...], vi: str, en: str) -> None:
    got = _both("export", *args)
    hint = _hint("export")
    assert got["vi"] == _usage(vi, hint["vi"])
    assert got["en"] == _usage(en, hint["en"])


def _overwrites(path: str, folder: Path) -> dict[str, str]:
    """store.files' refusal of an output on a data file, in each language (its EDIT_WORDS)."""
    return {
        "vi": f"{path} nằm trong thư mục dữ liệu {folder}: tệp kết quả không bao giờ thay thế hay thêm tệp dữ liệu; "
        "hãy ghi ra ngoài thư mục dữ liệu",
        "en": f"{path} is in the data folder {folder}: an output never replaces or adds a data file; "
        "write it outside the data folder",
    }


def test_an_output_on_a_data_file_is_refused_in_the_language_of_the_run(data: DataFolder) -> None:
    """The frame is the command's, the detail the editor's wording (not its English `str`)."""
    detail = _overwrites("data/agencies.yaml", data.root.resolve())
    got = _both("export", "-f", "json", "-o", "data/agencies.yaml")
    assert got["vi"] == (1, f"stiplan: error: không ghi được data/agencies.yaml: {detail['vi']}\n")
    assert got["en"] == (1, f"stiplan: error: cannot write data/agencies.yaml: {detail['en']}\n")
    got = _both("report", "--no-charts", "-o", "data/agencies.yaml")
    assert got["vi"] == (1, f"stiplan: error: không ghi được data/agencies.yaml: {detail['vi']}\n")
    assert got["en"] == (1, f"stiplan: error: could not write data/agencies.yaml: {detail['en']}\n")
    assert data.validate().exit_code == 0  # nothing was written


def test_an_output_the_system_refuses_keeps_the_systems_words(data: DataFolder) -> None:
    """The system's own text (strerror, or the OSError) stays as the system words it, inside
    the command's frame."""
    (data.base / "blocker").write_text("x", encoding="utf-8")
    got = _both("export", "-f", "json", "-o", "blocker/x.json")
    assert got["vi"] == (1, "stiplan: error: không ghi được blocker/x.json: Not a directory\n")
    assert got["en"] == (1, "stiplan: error: cannot write blocker/x.json: Not a directory\n")
    got = _both("schema", "-o", "blocker")
    assert got["vi"] == (1, "stiplan: error: không ghi được vào blocker: File exists\n")
    assert got["en"] == (1, "stiplan: error: cannot write into blocker: File exists\n")
    got = _both("report", "--no-charts", "-o", "blocker/memo.md")
    system = "[Errno 17] File exists: 'blocker'"
    assert got["vi"] == (1, f"stiplan: error: không ghi được blocker/memo.md: {system}\n")
    assert got["en"] == (1, f"stiplan: error: could not write blocker/memo.md: {system}\n")


# --- 3. diff's git errors (store.git.GitError, worded by views.writes.REFUSALS) ------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(base: Path, *args: str) -> str:
    run = subprocess.run(["git", "-C", str(base), *args], env=git_env(), capture_output=True, text=True, check=True)
    return run.stdout.strip()


@pytest.fixture
def trunk(data: DataFolder) -> DataFolder:
    """The tiny folder committed in a repository whose branch is `trunk`: no `main` to fork from."""
    _git(data.base, "init", "-q", "-b", "trunk")
    _git(data.base, "add", "-A")
    _git(data.base, "commit", "-q", "--no-gpg-sign", "-m", "data")
    return data


@needs_git
def test_diff_usage_errors_of_git(trunk: DataFolder) -> None:
    hint = _hint("diff")
    got = _both("diff", "--data", "data")
    assert got["vi"] == _usage(
        "không có nhánh main hoặc origin/main để so sánh; hãy ghi rõ BASE (ví dụ stiplan diff HEAD~1)", hint["vi"]
    )
    assert got["en"] == _usage(
        "no branch main or origin/main to compare with; name BASE explicitly (e.g. stiplan diff HEAD~1)", hint["en"]
    )
    repo = trunk.base.resolve()
    got = _both("diff", "--data", "data", "nosuch")
    assert got["vi"] == _usage(f"không có phiên bản 'nosuch' trong {repo}", hint["vi"])
    assert got["en"] == _usage(f"revision 'nosuch' does not exist in {repo}", hint["en"])
    got = {lang: (r.exit_code, r.stderr) for lang in ("vi", "en") for r in [cli("diff", "--lang", lang, "--", "-x")]}
    assert got["vi"] == _usage("'-x' không phải là một phiên bản (revision)", hint["vi"])
    assert got["en"] == _usage("'-x' is not a revision", hint["en"])


@needs_git
def test_diff_outside_a_repository(data: DataFolder) -> None:
    got = _both("diff", "--data", "data", "HEAD")
    hint = _hint("diff")
    assert got["vi"] == _usage(
        "data không nằm trong một kho git; stiplan diff so sánh hai phiên bản (revision) của một kho", hint["vi"]
    )
    assert got["en"] == _usage(
        "data is not inside a git repository; stiplan diff compares revisions of one", hint["en"]
    )


@needs_git
def test_diff_of_a_folder_the_revision_lacks(trunk: DataFolder) -> None:
    """A data error (exit 1, no hint): the revision is named by its short hash."""
    shutil.copytree(trunk.root, trunk.base / "later")
    head = _git(trunk.base, "rev-parse", "HEAD")[:10]
    got = _both("diff", "--data", "later", "HEAD")
    assert got["vi"] == (1, f"stiplan: error: phiên bản HEAD ({head}) không có thư mục later/\n")
    assert got["en"] == (1, f"stiplan: error: revision HEAD ({head}) has no folder later/\n")


def test_diff_without_git(data: DataFolder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    got = _both("diff", "--data", "data", "HEAD")
    assert got["vi"] == (1, "stiplan: error: chưa cài git (hoặc git không có trong PATH); stiplan diff cần git\n")
    assert got["en"] == (1, "stiplan: error: git is not installed (or not on PATH); stiplan diff needs it\n")


@needs_git
def test_what_git_prints_is_passed_on_as_git_prints_it(trunk: DataFolder) -> None:
    from pathlib import PurePosixPath

    from stiplan.store.git import GitError, Revision, list_files
    from stiplan.views.writes import refusal_text

    with pytest.raises(GitError) as caught:  # a commit the repository does not hold
        list_files(trunk.base, Revision("gone", "0" * 40), PurePosixPath("data"))
    said = {lang: refusal_text(caught.value.refusal, lang) for lang in ("vi", "en")}
    detail = caught.value.refusal.params["detail"]
    assert isinstance(detail, str) and detail.startswith("fatal: ")  # git's own line, in git's words
    assert said == {"vi": f"git ls-tree không thành công: {detail}", "en": f"git ls-tree failed: {detail}"}


# --- 4. the file-missing parameter of a folder `rollup` cannot read ------------------------------


def test_rollup_of_a_folder_without_targets(data: DataFolder) -> None:
    """The problem is located and worded whole in the language asked; its parameter keeps the
    English, for a program reading JSON."""
    (data.base / "empty").mkdir()
    got = _both("rollup", "data", "empty")
    assert got["vi"][0] == got["en"][0] == 1
    assert got["vi"][1].splitlines()[0] == (
        "empty/targets.yaml: error[file-missing]: thiếu targets.yaml (thư mục dữ liệu nào cũng có tệp này)"
    )
    assert got["en"][1].splitlines()[0] == (
        "empty/targets.yaml: error[file-missing]: targets.yaml (every data folder holds one) is missing"
    )

    from stiplan.actions.loading import load_folders

    [_, empty] = load_folders([data.root, data.base / "empty"])
    [problem] = empty.result.problems
    assert problem.params == {"what": "targets.yaml (every data folder holds one)"}


# --- 5. no data folder found (store.reading.DataDirNotFound) ---------------------------------------

DATA_HINT = {
    "vi": "hãy cho --data DIR (thư mục có targets.yaml, hoặc plans/ của nhiều kế hoạch) hoặc đặt biến STIPLAN_DATA",
    "en": "pass --data DIR (a folder holding targets.yaml, or plans/ of several plans) or set STIPLAN_DATA",
}


def test_no_data_folder_upward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first three places tried are named, and '…' says more were."""
    here = tmp_path / "a" / "b"
    here.mkdir(parents=True)
    monkeypatch.chdir(here)
    monkeypatch.delenv("STIPLAN_DATA", raising=False)
    cwd = Path.cwd()
    tried = f"{cwd / 'data'}, {cwd.parent / 'data'}, {cwd.parent.parent / 'data'} …"
    got = _both("status")
    assert got["vi"] == _usage(
        "không tìm thấy thư mục dữ liệu: hãy cho --data DIR hoặc đặt biến STIPLAN_DATA; "
        f"đã tìm data/targets.yaml ở {tried}",
        DATA_HINT["vi"],
    )
    assert got["en"] == _usage(
        f"no data folder found: pass --data DIR or set STIPLAN_DATA; looked for data/targets.yaml in {tried}",
        DATA_HINT["en"],
    )


def test_the_places_tried_without_more(tmp_path: Path) -> None:
    """Three places or fewer: no '…' (the library, from a folder two levels below the root)."""
    from stiplan.store.reading import DataDirNotFound, find_data_dir
    from stiplan.views.usage import USAGE

    with pytest.raises(DataDirNotFound) as caught:
        find_data_dir(None, env={}, cwd=Path("/nowhere-a/b"))
    assert USAGE.pick(caught.value.key, "en", **caught.value.params) == (
        "no data folder found: pass --data DIR or set STIPLAN_DATA; "
        "looked for data/targets.yaml in /nowhere-a/b/data, /nowhere-a/data, /data"
    )


def test_stiplan_data_without_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STIPLAN_DATA", "elsewhere")
    got = _both("status")
    assert got["vi"] == _usage(
        "STIPLAN_DATA 'elsewhere': thư mục đó không có targets.yaml (cũng không có plans/)", DATA_HINT["vi"]
    )
    assert got["en"] == _usage("STIPLAN_DATA 'elsewhere': no targets.yaml (nor plans/) in that folder", DATA_HINT["en"])
