"""The very last English under `--lang vi`: what export, schema, report and site say they wrote,
site's refusals of its output folder, report's own messages, diff's data that does not
validate, the file-missing parameter of a data folder, and store's own words for a write the
system would not take. Each is Vietnamese under `--lang vi` (the default) and exactly the old
English under `--lang en`.

Every expected line is written out here by hand, in both languages.
"""

from __future__ import annotations

from pathlib import Path

from conftest import DataFolder, cli


def _both(*args: str) -> dict[str, tuple[int, str]]:
    """(exit code, stderr) of `args` under --lang vi and --lang en."""
    return {lang: (run.exit_code, run.stderr) for lang in ("vi", "en") for run in [cli(*args, "--lang", lang)]}


def _usage(command: str, vi: str, en: str) -> dict[str, tuple[int, str]]:
    """A usage error (exit 2) with the command's hint, in each language."""
    return {
        "vi": (2, f"stiplan: error: {vi}\nstiplan: hint: 'stiplan {command} --help' liệt kê các tuỳ chọn của lệnh\n"),
        "en": (2, f"stiplan: error: {en}\nstiplan: hint: 'stiplan {command} --help' lists its options\n"),
    }


# --- 1. what an output command says it wrote; site's output folder ------------------------------


def test_export_says_what_it_wrote(data: DataFolder) -> None:
    assert _both("export", "-f", "json", "-o", "out/x.json") == {
        "vi": (0, "đã ghi out/x.json\n"),
        "en": (0, "wrote out/x.json\n"),
    }
    got = _both("export", "-f", "csv", "-o", "out", "--table", "tasks", "--table", "actuals")
    assert got == {
        "vi": (0, "đã ghi out/actuals.csv\nđã ghi out/tasks.csv\n"),
        "en": (0, "wrote out/actuals.csv\nwrote out/tasks.csv\n"),
    }


def test_schema_says_what_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "sch"
    assert _both("schema", "targets", "-o", str(out)) == {
        "vi": (0, f"đã ghi {out}/targets.schema.json\n"),
        "en": (0, f"wrote {out}/targets.schema.json\n"),
    }


def test_report_says_what_it_wrote(data: DataFolder) -> None:
    assert _both("report", "--no-charts", "-o", "memo.md") == {
        "vi": (0, "stiplan: đã ghi memo.md\n"),
        "en": (0, "stiplan: wrote memo.md\n"),
    }


def test_site_says_what_it_wrote(data: DataFolder) -> None:
    vi = cli("site", "-o", "site", "--lang", "vi")
    assert vi.exit_code == 0, vi.stderr
    pages = sum(1 for p in (data.base / "site").rglob("*.html"))
    files = sum(1 for p in (data.base / "site").rglob("*") if p.is_file() and p.name != ".stiplan-site")
    assert vi.stderr == f"stiplan: đã ghi {pages} trang ({files} tệp) vào site\n"
    en = cli("site", "-o", "site", "--lang", "en")  # an earlier site is replaced
    pages = sum(1 for p in (data.base / "site").rglob("*.html"))
    files = sum(1 for p in (data.base / "site").rglob("*") if p.is_file() and p.name != ".stiplan-site")
    assert en.stderr == f"stiplan: wrote {pages} pages ({files} files) to site\n"
    both = cli("site", "-o", "site")  # --lang both: the words are the default language's, Vietnamese
    assert both.stderr.startswith("stiplan: đã ghi ")


def test_site_refuses_a_folder_that_is_not_a_sites(data: DataFolder) -> None:
    (data.base / "blocker").write_text("x", encoding="utf-8")
    (data.base / "full").mkdir()
    (data.base / "full" / "notes.txt").write_text("y", encoding="utf-8")
    assert _both("site", "-o", "blocker") == _usage(
        "site", "blocker là một tệp, không phải thư mục", "blocker is a file, not a folder"
    )
    assert _both("site", "-o", "full") == _usage(
        "site",
        "full không trống và không do 'stiplan site' ghi ra; hãy cho một thư mục trống hoặc mới",
        "full is not empty and was not written by 'stiplan site'; give an empty or new folder",
    )
    assert (data.base / "full" / "notes.txt").read_text(encoding="utf-8") == "y"  # nothing lost


def test_site_that_cannot_be_written_keeps_the_systems_words(data: DataFolder) -> None:
    (data.base / "blocker").write_text("x", encoding="utf-8")
    assert _both("site", "-o", "blocker/site") == {
        "vi": (1, "stiplan: error: không ghi được blocker/site: File exists\n"),
        "en": (1, "stiplan: error: cannot write blocker/site: File exists\n"),
    }


def test_not_a_site_carries_a_key_not_words(tmp_path: Path) -> None:
    from stiplan.problems import Refusal, Refused
    from stiplan.views.site import NotASite
    from stiplan.views.site.write import check_target

    (tmp_path / "f").write_text("x", encoding="utf-8")
    try:
        check_target(tmp_path / "f")
    except NotASite as exc:
        assert isinstance(exc, Refused)
        assert exc.refusal == Refusal("site_target_is_file", {"path": tmp_path / "f"})
    else:
        raise AssertionError("a file was taken as a site's folder")
