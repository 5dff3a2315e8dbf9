"""The very last English under `--lang vi`: what export, schema, report and site say they wrote,
site's refusals of its output folder, report's own messages, diff's data that does not
validate, the file-missing parameter of a data folder, and store's own words for a write the
system would not take. Each is Vietnamese under `--lang vi` (the default) and exactly the old
English under `--lang en`.

Every expected line is written out here by hand, in both languages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ACTUALS_2022, DataFolder, cli
from test_lang_leftovers import _git, needs_git


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


@pytest.mark.slow  # builds the site three times
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


# --- 2. report's own messages ---------------------------------------------------------------


def test_report_usage_errors(data: DataFolder) -> None:
    assert _both("report", "--settings", "nosuch.yaml") == _usage(
        "report", "--settings nosuch.yaml: không có tệp này", "--settings nosuch.yaml: no such file"
    )
    assert _both("report", "--format", "docx", "-o", "r.docx", "--template", "nosuch.docx") == _usage(
        "report", "--template nosuch.docx: không có tệp này", "--template nosuch.docx: no such file"
    )
    assert _both("report", "--check", "--format", "docx") == _usage(
        "report",
        "--check liệt kê các mục còn mở dưới dạng văn bản hoặc JSON, không phải tệp Word: hãy bỏ --format docx",
        "--check lists the open items as text or JSON, not as a Word file: leave out --format docx",
    )
    assert _both("report", "--format", "docx") == _usage(
        "report",
        "--format docx cần -o TỆP (tệp Word không in ra màn hình)",
        "--format docx needs -o FILE (a Word file is not written to the terminal)",
    )


def test_report_settings_with_errors(data: DataFolder) -> None:
    (data.base / "bad.yaml").write_text("number: [1, 2]\n", encoding="utf-8")
    got = _both("report", "--settings", "bad.yaml")
    assert got["vi"][0] == got["en"][0] == 1
    assert got["vi"][1].splitlines()[-1] == "stiplan: error: thiết lập báo cáo trong bad.yaml có lỗi"
    assert got["en"][1].splitlines()[-1] == "stiplan: error: the report settings in bad.yaml have errors"


def test_a_template_that_cannot_be_used(data: DataFolder) -> None:
    """The frame is the command's; why the template is refused is the sandbox's own detail, in
    the same language (the library's own error inside it as the library words it)."""
    from conftest import LETTERHEAD

    data.write("report.yaml", LETTERHEAD)
    (data.base / "t.docx").write_text("not a zip", encoding="utf-8")
    got = _both("report", "--format", "docx", "--no-charts", "-o", "r.docx", "--template", "t.docx")
    error = "BadZipFile: File is not a zip file"
    assert got == {
        "vi": (1, f"stiplan: error: không dùng được mẫu t.docx: tệp không phải là một tài liệu Word ({error})\n"),
        "en": (1, f"stiplan: error: the template t.docx cannot be used: not a usable Word template ({error})\n"),
    }
    assert not (data.base / "r.docx").exists()


def test_the_word_report_names_what_it_lacks_with_one_plural_rule(data: DataFolder) -> None:
    """The test plan names no collector, so no setting comes from the data: all five are missing
    ('them'); with all but the place, one is ('it')."""
    got = _both("report", "--format", "docx", "--no-charts", "-o", "r.docx")
    fields = "issuing_body, agency, recipients, place, signatory.title"
    assert got["vi"] == (
        1,
        f"stiplan: error: báo cáo Word cần {fields}: cả data/report.yaml lẫn dữ liệu đều không cho biết các mục "
        "này (tiêu đề và nơi nhận mặc định là cơ quan thu biểu của kế hoạch và cơ quan cấp trên của cơ quan đó "
        "trong agencies.yaml); hãy ghi các mục này vào tệp thiết lập báo cáo\n",
    )
    assert got["en"] == (
        1,
        f"stiplan: error: the Word report needs {fields}: neither data/report.yaml nor the data gives them (the "
        "letterhead and recipients default to the plan's collector agency and its parent in agencies.yaml); "
        "write them in the report settings file\n",
    )
    from conftest import LETTERHEAD

    data.write("report.yaml", LETTERHEAD.replace('place: "Việt Trì"\n', ""))
    got = _both("report", "--format", "docx", "--no-charts", "-o", "r.docx")
    assert got["vi"][1].startswith(
        "stiplan: error: báo cáo Word cần place: cả data/report.yaml lẫn dữ liệu đều không cho biết mục này ("
    )
    assert got["vi"][1].endswith("; hãy ghi mục này vào tệp thiết lập báo cáo\n")
    assert got["en"][1].startswith(
        "stiplan: error: the Word report needs place: neither data/report.yaml nor the data gives it ("
    )
    assert got["en"][1].endswith("; write it in the report settings file\n")


def test_a_narrative_without_the_reports_language_is_a_warning_in_it(data: DataFolder) -> None:
    from conftest import LETTERHEAD

    data.write("report.yaml", LETTERHEAD + 'narrative:\n  plans: [{en: "Carry on."}, "Tiếp tục."]\n')
    got = _both("report", "--format", "docx", "--no-charts", "-o", "r.docx")
    assert got["vi"] == (
        0,
        "stiplan: warning: narrative.plans[1] chưa có bản vi; báo cáo in nguyên như đã viết\nstiplan: đã ghi r.docx\n",
    )
    assert got["en"] == (
        0,
        "stiplan: warning: narrative.plans[2] has no en text; the report prints it as written\nstiplan: wrote r.docx\n",
    )


# --- 3. diff: the data at one side does not validate (actions.loading.InvalidData) ---------------


@needs_git
def test_diff_of_data_that_does_not_validate(data: DataFolder) -> None:
    """The first error is the problem worded in the run's language; the count by one plural
    rule ('1 error', '2 errors'; Vietnamese '1 lỗi', '2 lỗi')."""
    _git(data.base, "init", "-q", "-b", "trunk")
    _git(data.base, "add", "-A")
    _git(data.base, "commit", "-q", "--no-gpg-sign", "-m", "data")
    where = "data/actuals/2022.yaml:3:3: error[unknown-indicator]"
    first = {
        "vi": f"{where}: 'zzz_a' không phải là chỉ tiêu của Kế hoạch",
        "en": f"{where}: 'zzz_a' is not an indicator in data/targets.yaml",
    }
    data.write("actuals/2022.yaml", ACTUALS_2022.replace("dti_rank:", "zzz_a:").replace("tfp_contribution:", "zzz_b:"))
    assert _both("diff", "HEAD", "--data", "data") == {
        "vi": (
            1,
            f"stiplan: error: dữ liệu ở HEAD (thư mục làm việc) không hợp lệ (2 lỗi); lỗi đầu tiên: {first['vi']}\n",
        ),
        "en": (
            1,
            f"stiplan: error: the data at HEAD (working tree) does not validate (2 errors); first: {first['en']}\n",
        ),
    }
    data.write("actuals/2022.yaml", ACTUALS_2022.replace("dti_rank:", "zzz_a:"))
    assert _both("diff", "HEAD", "--data", "data") == {
        "vi": (
            1,
            f"stiplan: error: dữ liệu ở HEAD (thư mục làm việc) không hợp lệ (1 lỗi); lỗi đầu tiên: {first['vi']}\n",
        ),
        "en": (
            1,
            f"stiplan: error: the data at HEAD (working tree) does not validate (1 error); first: {first['en']}\n",
        ),
    }


def test_invalid_data_is_a_refusal_with_its_first_problem() -> None:
    from stiplan.actions.loading import InvalidData
    from stiplan.problems import Count, Refusal, Refused
    from stiplan.views.writes import refusal_text

    nothing = InvalidData("BASE", "abc1234", [])  # no dataset and no error: the folder could not be loaded
    assert isinstance(nothing, Refused) and str(nothing) == "invalid_data_at"
    assert nothing.refusal.params == {
        "side": "BASE",
        "label": "abc1234",
        "errors": Count(0, "errors"),
        "first": Refusal("data_not_loaded"),
    }
    assert refusal_text(nothing.refusal, "vi") == (
        "dữ liệu ở BASE (abc1234) không hợp lệ (0 lỗi); lỗi đầu tiên: không nạp được thư mục dữ liệu"
    )
    assert refusal_text(nothing.refusal, "en") == (
        "the data at BASE (abc1234) does not validate (0 errors); first: the data folder could not be loaded"
    )


# --- 4. a required file missing; store's own words for a write the system would not take -------


def test_a_plan_without_targets_is_worded_whole(two_plans: DataFolder) -> None:
    """The problem in the run's language; its parameter keeps the English, for a program reading JSON."""
    (two_plans.root / "plans" / "tw57_2024" / "targets.yaml").unlink()
    lines = {lang: cli("validate", "--lang", lang).stdout.splitlines() for lang in ("vi", "en")}
    where = "data/plans/tw57_2024/targets.yaml: error[file-missing]: "
    assert [line for line in lines["vi"] if "file-missing" in line] == [
        where + "thiếu targets.yaml (thư mục dữ liệu nào cũng phải có tệp này)"
    ]
    assert [line for line in lines["en"] if "file-missing" in line] == [
        where + "targets.yaml (required in every data folder) is missing"
    ]
    from stiplan.store.reading import read_dataset

    [missing] = [p for p in read_dataset(two_plans.root).problems if p.code == "file-missing"]
    assert missing.params == {"what": "targets.yaml (required in every data folder)"}


def test_an_output_that_is_a_folder(data: DataFolder) -> None:
    (data.base / "out").mkdir()
    assert _both("export", "-f", "json", "-o", "out") == {
        "vi": (1, "stiplan: error: không ghi được out: là một thư mục\n"),
        "en": (1, "stiplan: error: cannot write out: is a directory\n"),
    }
    assert _both("report", "--no-charts", "-o", "out") == {  # report shows the whole OSError, as it always did
        "vi": (1, "stiplan: error: không ghi được out: [Errno 21] là một thư mục: 'out'\n"),
        "en": (1, "stiplan: error: could not write out: [Errno 21] is a directory: 'out'\n"),
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_an_output_to_a_named_pipe_nobody_reads(data: DataFolder) -> None:
    os.mkfifo(data.base / "pipe")
    assert _both("export", "-f", "json", "-o", "pipe") == {
        "vi": (1, "stiplan: error: không ghi được pipe: không có tiến trình nào đọc ống có tên (named pipe) đó\n"),
        "en": (1, "stiplan: error: cannot write pipe: no process is reading that named pipe\n"),
    }
    assert _both("report", "--no-charts", "-o", "pipe") == {
        "vi": (
            1,
            "stiplan: error: không ghi được pipe: [Errno 6] không có tiến trình nào đọc ống có tên (named pipe) đó: "
            "'pipe'\n",
        ),
        "en": (1, "stiplan: error: could not write pipe: [Errno 6] no process is reading that named pipe: 'pipe'\n"),
    }


def test_stores_own_strerror_is_still_an_os_error(tmp_path: Path) -> None:
    """A caller catching OSError (or IsADirectoryError) still does; the English is the strerror."""
    from stiplan.store.files import write_output

    with pytest.raises(IsADirectoryError) as caught:
        write_output(tmp_path, b"x")
    assert (caught.value.errno, caught.value.strerror, caught.value.filename) == (21, "is a directory", str(tmp_path))
