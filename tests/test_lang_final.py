"""The last English under `--lang vi`: pydantic's own type messages inside a problem's detail,
site's errors, the Word template sandbox's reasons, diff's "working tree" label. Each is
Vietnamese under `--lang vi` and exactly the old English under `--lang en`.

Every expected line is written out here by hand, in both languages.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from conftest import INDICATORS, LETTERHEAD, PLAN_LINES, DataFolder, cli
from stiplan.store.reading import SCHEMA_WORDS, validate_model
from stiplan.store.yamlread import read_yaml
from test_lang_last import _both
from test_lang_leftovers import _git, needs_git
from test_template_sandbox import hostile

# --- 1. pydantic's messages inside a problem's detail -------------------------------------------

BAD_ACTUALS = """\
year: 2022
indicators:
  dti_rank:
    value: "nope"
    of: 1.5
    source: "dti.gov.vn/xep-hang-2022"
  tfp_contribution:
    value: [1]
    source: "english.vtv.vn (2019-12)"
    scope: Vietnam
    estimate: maybe
  st_enterprises: 7
tasks:
  abc:
    status: in_progress
    source: "Báo cáo 12/BC-SKHCN"
"""


def _lines(lang: str) -> list[str]:
    run = cli("validate", "--lang", lang)
    assert run.exit_code == 1, run.stdout + run.stderr
    return run.lines


def test_a_value_of_the_wrong_type_is_worded_in_the_language_of_the_run(data: DataFolder) -> None:
    data.write("actuals/2022.yaml", BAD_ACTUALS)
    where = "data/actuals/2022.yaml"
    assert _lines("vi") == [
        f"{where}:4:12: error[wrong-type]: indicators.dti_rank.value: cần một số, nhưng đang là 'nope'",
        f"{where}:5:9: error[wrong-type]: indicators.dti_rank.of: cần một số nguyên, nhưng đang là 1.5",
        f"{where}:8:5: error[wrong-type]: indicators.tfp_contribution.value: cần một số, nhưng đang là một danh sách",
        f"{where}:10:12: error[invalid-value]: indicators.tfp_contribution.scope: mã chỉ gồm chữ thường không dấu, "
        "chữ số và _, bắt đầu bằng một chữ (đang là 'Vietnam')",
        f"{where}:11:15: error[wrong-type]: indicators.tfp_contribution.estimate: cần true hoặc false, "
        "nhưng đang là 'maybe'",
        f"{where}:12:19: error[wrong-type]: indicators.st_enterprises: cần một nhóm dòng 'khoá: giá trị' "
        "có 'value' và 'source', nhưng đang là 7",
        f"{where}:14:3: error[wrong-type]: tasks.abc: cần số thứ tự của một nhiệm vụ, hoặc '<mã kế hoạch>/<số>' "
        "khi nhiều kế hoạch cùng có nhiệm vụ, nhưng đang là 'abc'",
    ]
    assert _lines("en") == [
        f"{where}:4:12: error[wrong-type]: indicators.dti_rank.value: expected a number, got 'nope'",
        f"{where}:5:9: error[wrong-type]: indicators.dti_rank.of: expected a whole number, got 1.5",
        f"{where}:8:5: error[wrong-type]: indicators.tfp_contribution.value: expected a number, got a list",
        f"{where}:10:12: error[invalid-value]: indicators.tfp_contribution.scope: an id is lower-case letters, "
        "digits and _, starting with a letter (got 'Vietnam')",
        f"{where}:11:15: error[wrong-type]: indicators.tfp_contribution.estimate: expected true or false, got 'maybe'",
        f"{where}:12:19: error[wrong-type]: indicators.st_enterprises: expected a mapping with 'value' and 'source', "
        "got 7",
        f"{where}:14:3: error[wrong-type]: tasks.abc: expected a task number, or '<plan id>/<number>' where several "
        "plans list tasks, got 'abc'",
    ]


BUDGET_LINE = PLAN_LINES + INDICATORS.count("\n") + 1
"""The line of `budget:` after the conftest plan and its indicators."""


def test_a_rule_of_the_models_and_a_limit_are_worded_in_the_language_of_the_run(data: DataFolder) -> None:
    data.write_targets(
        INDICATORS,
        "budget:\n"
        '  - {year: 2024, allocated: -5, source: "Báo cáo số 12/BC-STC"}\n'
        '  - {year: 2023, source: "Báo cáo số 3/BC-STC"}\n',
    )
    where, first, second = "data/targets.yaml", BUDGET_LINE + 1, BUDGET_LINE + 2
    assert _lines("vi") == [
        f"{where}:{first}:29: error[invalid-value]: budget[0].allocated: phải từ 0 trở lên, nhưng đang là -5",
        f"{where}:{second}:5: error[invalid-value]: budget[1]: mỗi năm ngân sách ghi allocated (bố trí), "
        "disbursed (giải ngân) hoặc cả hai",
    ]
    assert _lines("en") == [
        f"{where}:{first}:29: error[invalid-value]: budget[0].allocated: must be at least 0, got -5",
        f"{where}:{second}:5: error[invalid-value]: budget[1]: a budget year gives allocated, disbursed or both",
    ]
    twice = '  - {year: 2024, allocated: 1, source: "Báo cáo"}\n'
    data.write_targets(INDICATORS, "budget:\n" + twice + twice)
    assert _lines("vi") == [
        f"{where}:{BUDGET_LINE}:1: error[invalid-value]: budget: ngân sách ghi năm 2024 nhiều hơn một lần"
    ]
    assert _lines("en") == [
        f"{where}:{BUDGET_LINE}:1: error[invalid-value]: budget: the budget gives year 2024 more than once"
    ]


def test_a_value_not_among_the_allowed_ones_is_worded_with_its_near_match(data: DataFolder) -> None:
    data.write_targets(INDICATORS.replace("unit: rank", "unit: rnak"))
    line = PLAN_LINES + 10  # the second indicator's unit
    assert _lines("vi") == [
        f"data/targets.yaml:{line}:11: error[invalid-value]: indicators[1].unit: 'rnak' không được dùng; dùng một "
        "trong các giá trị percent, rank, count, per_10k_people, index, percent_change; có phải là 'rank'?"
    ]
    assert _lines("en") == [
        f"data/targets.yaml:{line}:11: error[invalid-value]: indicators[1].unit: 'rnak' is not allowed; use one "
        "of percent, rank, count, per_10k_people, index, percent_change; did you mean 'rank'?"
    ]


ENGLISH_OF_PYDANTIC = re.compile(
    r"\b(Input|should|valid|expected|got|allowed|must|mapping|list|number|text|nothing|date written|"
    r"required|permitted|characters|least|most|more than|less than|finite|exact)\b"
)
"""Words of pydantic's messages and of stiplan's English rewording of them."""
KINDS = re.compile(r"error\[(wrong-type|invalid-value)\]")
"""The problems whose detail is pydantic's message, reworded."""

EVERY_KIND = """\
year: 2022
indicators:
  dti_rank: {value: "nope", of: 0, source: "s", estimate: "yes", note: 5}
  tfp_contribution: {value: 1, source: "s", scope: "Vietnam", frame: [1], reported_by: {a: 1}}
  st_enterprises: [{value: 1, source: "", form: "x"}, 3, {value: 2, source: "s", scope: ""}]
tasks:
  1: {status: in_progress, source: "s", date: 2024-01-01 10:00:00}
  2: {status: in_progress, source: "s", date: "2024-02-30"}
  3: {status: in_progress, source: "s", date: [2024]}
  x/y: {status: in_progress, source: "s"}
  4: {status: in_progress, source: "s", reported_by: "%s"}
"""


def test_no_english_of_pydantic_is_left_in_a_problem_under_vi(data: DataFolder) -> None:
    data.write("actuals/2022.yaml", EVERY_KIND % ("a" * 70))
    vi, en = ([line.split("]: ", 1)[1] for line in _lines(lang) if KINDS.search(line)] for lang in ("vi", "en"))
    assert len(vi) == len(en) >= 14  # one problem a bad value, each its own kind of pydantic error
    for line in en:  # the English does speak of what was expected: the check below would catch it
        assert ENGLISH_OF_PYDANTIC.search(line), line
    for line in vi:
        detail = line.split(": ", 1)[1]  # after the field's dotted place in the file
        assert not ENGLISH_OF_PYDANTIC.search(detail), line


class _Unworded(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)
    ident: uuid.UUID


def test_an_error_type_not_worded_keeps_pydantics_english_inside_a_vietnamese_frame(tmp_path: Path) -> None:
    assert "uuid_parsing" not in SCHEMA_WORDS
    path = tmp_path / "x.yaml"
    path.write_text("ident: nope\n", encoding="utf-8")
    located, problems = read_yaml(path, "x.yaml", root=tmp_path)
    assert located is not None and problems == []
    assert validate_model(located, _Unworded, problems) is None
    (problem,) = problems
    with pytest.raises(ValidationError) as raised:  # pydantic's own English, whatever its version says
        _Unworded.model_validate({"ident": "nope"})
    english = raised.value.errors()[0]["msg"]
    assert english.startswith("Input should be a valid UUID")
    assert problem.format("vi") == f"x.yaml:1:8: error[wrong-type]: ident: giá trị không hợp lệ ({english})"
    assert problem.format("en") == f"x.yaml:1:8: error[wrong-type]: ident: {english}"


# --- 2. site's errors ------------------------------------------------------------------------------


def _site(lang: str) -> tuple[int, str]:
    run = cli("site", "-o", "out", "--lang", lang)
    return run.exit_code, run.stderr


def test_site_says_why_the_report_it_offers_cannot_be_made(data: DataFolder) -> None:
    data.write("report.yaml", "bogus: 1\n")
    assert _site("vi") == (
        1,
        "stiplan: error: thiết lập báo cáo trong data/report.yaml có lỗi ('stiplan report' liệt kê các lỗi)\n",
    )
    assert _site("en") == (
        1,
        "stiplan: error: the report settings in data/report.yaml have errors ('stiplan report' lists them)\n",
    )
    assert _site("both") == _site("vi")  # a run of both languages speaks Vietnamese, as every other refusal
    assert not Path("out").exists()


# --- 3. why a Word template cannot be used ----------------------------------------------------------


def test_validate_says_why_a_template_cannot_be_used(data: DataFolder) -> None:
    (data.root / "templates").mkdir()
    hostile(data.root / "templates" / "bao-cao.docx", "body", "Số {{ numbr._x }}", blank=True)
    where = "data/templates/bao-cao.docx: error[template-unsafe]: "
    assert _lines("vi") == [
        f"{where}thẻ của mẫu Word không được phép: phần thân (word/document.xml), tại 'Số {{{{ numbr._x }}}}': "
        "'numbr' không thuộc nội dung của báo cáo",
        f"{where}thẻ của mẫu Word không được phép: phần thân (word/document.xml), tại 'Số {{{{ numbr._x }}}}': "
        "thuộc tính '_x' không thuộc nội dung của báo cáo",
    ]
    assert _lines("en") == [
        f"{where}body (word/document.xml), at 'Số {{{{ numbr._x }}}}': 'numbr' is not part of the report's content",
        f"{where}body (word/document.xml), at 'Số {{{{ numbr._x }}}}': the attribute '_x' is not part of the "
        "report's content",
    ]


def test_validate_says_a_template_is_too_large_once_opened(data: DataFolder) -> None:
    (data.root / "templates").mkdir()
    with zipfile.ZipFile(data.root / "templates" / "bao-cao.docx", "w") as archive:
        for n in range(2001):  # one part more than an archive may hold (store.limits.MAX_PARTS)
            archive.writestr(f"p{n}", b"")
    where = "data/templates/bao-cao.docx: error[template-syntax]: "
    assert _lines("vi") == [
        f"{where}mẫu Word không dùng được: tệp quá lớn khi giải nén: tệp gồm 2001 phần; giới hạn là 2000"
    ]
    assert _lines("en") == [f"{where}not a usable Word template: it holds 2001 parts; the limit is 2000"]


def test_report_says_which_tag_the_sandbox_refused_while_rendering(data: DataFolder) -> None:
    data.write("report.yaml", LETTERHEAD + 'number: "15/BC-SKHCN"\n')
    hostile(data.base / "t.docx", "body", "{{ 9 ** 9 ** 9 }}", blank=True)  # Jinja's ** binds left: 387420489 ** 9
    runs = {
        lang: cli("report", "--format", "docx", "--no-charts", "-o", "r.docx", "--template", "t.docx", "--lang", lang)
        for lang in ("vi", "en")
    }
    assert runs["vi"].stderr == (
        "stiplan: error: không dùng được mẫu t.docx: phần thân (word/document.xml), tại '{{ 9 ** 9 ** 9 }}': "
        "387420489 ** 9 lớn hơn mức một mẫu được phép tính; chưa ghi gì\n"
    )
    assert runs["en"].stderr == (
        "stiplan: error: the template t.docx cannot be used: body (word/document.xml), at '{{ 9 ** 9 ** 9 }}': "
        "387420489 ** 9 is larger than a template may compute; nothing was written\n"
    )
    assert runs["vi"].exit_code == runs["en"].exit_code == 1
    assert not (data.base / "r.docx").exists()


def test_site_says_why_the_folders_template_cannot_be_used(data: DataFolder) -> None:
    (data.root / "templates").mkdir()
    hostile(data.root / "templates" / "bao-cao.docx", "header", "{{ numbr }}", blank=True)
    assert _site("vi") == (
        1,
        "stiplan: error: không dùng được mẫu data/templates/bao-cao.docx: đầu trang (word/header1.xml), "
        "tại '{{ numbr }}': 'numbr' không thuộc nội dung của báo cáo\n",
    )
    assert _site("en") == (
        1,
        "stiplan: error: data/templates/bao-cao.docx: page header (word/header1.xml), at '{{ numbr }}': "
        "'numbr' is not part of the report's content\n",
    )


# --- 4. diff's "working tree" ------------------------------------------------------------------------


@needs_git
def test_diff_names_the_working_tree_in_the_language_of_the_run(data: DataFolder) -> None:
    _git(data.base, "init", "-q", "-b", "trunk")
    _git(data.base, "add", "-A")
    _git(data.base, "commit", "-q", "--no-gpg-sign", "-m", "data")
    head = _git(data.base, "rev-parse", "HEAD")[:10]
    runs = {lang: cli("diff", "HEAD", "--data", "data", "--as-of", "2026", "--lang", lang) for lang in ("vi", "en")}
    assert runs["vi"].stdout.splitlines()[0] == (
        f"Thay đổi dữ liệu: HEAD ({head}) → thư mục làm việc (đánh giá tính đến năm 2026)"
    )
    assert runs["en"].stdout.splitlines()[0] == f"Data changes: HEAD ({head}) → working tree (statuses as of 2026)"
    data.write("actuals/2022.yaml", "year: 2022\nindicators:\n  zzz: {value: 1, source: s}\n")
    first = "data/actuals/2022.yaml:3:3: error[unknown-indicator]"
    assert _both("diff", "HEAD", "--data", "data") == {
        "vi": (
            1,
            "stiplan: error: dữ liệu ở HEAD (thư mục làm việc) không hợp lệ (1 lỗi); lỗi đầu tiên: "
            f"{first}: 'zzz' không phải là chỉ tiêu của Kế hoạch\n",
        ),
        "en": (
            1,
            "stiplan: error: the data at HEAD (working tree) does not validate (1 error); first: "
            f"{first}: 'zzz' is not an indicator in data/targets.yaml\n",
        ),
    }


# --- 5. the rest an analyst sees under --lang vi ----------------------------------------------------


def test_status_and_show_refuse_an_unknown_indicator_or_milestone_in_the_language_of_the_run(
    data: DataFolder,
) -> None:
    assert _both("show", "dti_rnk") == {
        "vi": (
            2,
            "stiplan: error: 'dti_rnk' không phải là chỉ tiêu; có phải là 'dti_rank'?\n"
            "stiplan: hint: các chỉ tiêu là tfp_contribution, dti_rank, st_enterprises "
            "('stiplan status' cho biết tên của chúng)\n",
        ),
        "en": (
            2,
            "stiplan: error: 'dti_rnk' is not an indicator; did you mean 'dti_rank'?\n"
            "stiplan: hint: the indicators are tfp_contribution, dti_rank, st_enterprises "
            "('stiplan status' shows their names)\n",
        ),
    }
    assert _both("show", "zzz", "--plan", "test_plan")["vi"][1].splitlines()[0] == (
        "stiplan: error: 'zzz' không phải là chỉ tiêu của kế hoạch test_plan"
    )
    assert _both("status", "--indicator", "dti_rnk") == {
        "vi": (
            2,
            "stiplan: error: --indicator 'dti_rnk' không phải là chỉ tiêu; có phải là 'dti_rank'?\n"
            "stiplan: hint: 'stiplan status --help' liệt kê các tuỳ chọn của lệnh\n",
        ),
        "en": (
            2,
            "stiplan: error: --indicator 'dti_rnk' is not an indicator; did you mean 'dti_rank'?\n"
            "stiplan: hint: 'stiplan status --help' lists its options\n",
        ),
    }
    got = _both("status", "--milestone", "2027")
    assert (
        got["vi"][1].splitlines()[0] == "stiplan: error: --milestone 2027: kế hoạch đặt mục tiêu cho các năm 2025, 2030"
    )
    assert got["en"][1].splitlines()[0] == "stiplan: error: --milestone 2027: the plan sets targets for 2025, 2030"


def test_show_says_it_wrote_the_chart_in_the_language_of_the_run(data: DataFolder) -> None:
    assert _both("show", "dti_rank", "--chart", "c.png")["vi"][1] == "stiplan: đã ghi c.png\n"
    assert _both("show", "dti_rank", "--chart", "c.png")["en"][1] == "stiplan: wrote c.png\n"


def test_a_value_typer_refuses_is_worded_in_the_language_of_the_run(data: DataFolder) -> None:
    """typer checks a value with pydantic: its error is worded as a data file's; a choice by
    typer's own pattern. Under en the detail stays typer's text."""
    got = _both("status", "-f", "table")
    assert got["vi"][1].splitlines()[0] == (
        "stiplan: error: giá trị không hợp lệ cho '--format' / '-f': "
        "'table' không phải là một trong các giá trị 'text', 'json', 'csv'"
    )
    assert got["en"][1].splitlines()[0].startswith("stiplan: error: Invalid value for '--format' / '-f': ")
    assert got["en"][1].splitlines()[0].endswith("'table' is not one of 'text', 'json', 'csv'.")
    got = _both("new-year", "1800")
    assert got["vi"][1].splitlines()[0] == (
        "stiplan: error: giá trị không hợp lệ cho 'YEAR': phải từ 1900 trở lên, nhưng đang là '1800'"
    )
    assert got["en"][1].splitlines()[0].startswith("stiplan: error: Invalid value for 'YEAR': ")
    assert got["vi"][0] == got["en"][0] == 2


def test_tasks_refuses_a_state_it_does_not_know_in_the_language_of_the_run(data: DataFolder) -> None:
    codes = "done, in_progress, not_started, cancelled, no_report"
    got = _both("tasks", "--status", "nope")
    assert got["vi"][1].splitlines()[0] == (
        f"stiplan: error: giá trị không hợp lệ cho --status: 'nope' không phải là một tình trạng; "
        f"dùng một trong các giá trị {codes}"
    )
    assert got["en"][1].splitlines()[0] == (
        f"stiplan: error: Invalid value for --status: 'nope' is not a state; use one of {codes}"
    )
    assert got["vi"][1].splitlines()[0] != got["en"][1].splitlines()[0]
    got = _both("tasks", "--overdue")
    assert (
        got["vi"][1]
        .splitlines()[0]
        .startswith(
            "stiplan: error: giá trị không hợp lệ cho --overdue: --overdue gộp việc thiếu báo cáo với việc chậm"
        )
    )
    assert (
        got["en"][1]
        .splitlines()[0]
        .startswith("stiplan: error: Invalid value for --overdue: --overdue mixed missing reports with lateness")
    )


def test_a_task_status_not_allowed_lists_the_allowed_ones_in_the_language_of_the_run(data: DataFolder) -> None:
    data.write("actuals/2022.yaml", "year: 2022\ntasks:\n  1: {status: finished, source: s}\n")
    where = "data/actuals/2022.yaml:3:15: error[unknown-status]"
    assert _lines("vi") == [
        f"{where}: tình trạng 'finished' không có trong danh sách; "
        "dùng một trong các giá trị not_started, in_progress, done, cancelled"
    ]
    assert _lines("en") == [
        f"{where}: unknown task status 'finished'; use one of not_started, in_progress, done or cancelled"
    ]


def test_tasks_refuses_a_part_or_group_the_plan_lacks_in_the_language_of_the_run(data: DataFolder) -> None:
    assert [_both("tasks", "--part", "Z")[lang][1].splitlines()[0] for lang in ("vi", "en")] == [
        "stiplan: error: giá trị không hợp lệ cho --part: không có phần 'Z'; các phần là A",
        "stiplan: error: Invalid value for --part: no part 'Z'; the parts are A",
    ]
    assert [_both("tasks", "--group", "Q")[lang][1].splitlines()[0] for lang in ("vi", "en")] == [
        "stiplan: error: giá trị không hợp lệ cho --group: không có nhóm 'Q'; các nhóm là I",
        "stiplan: error: Invalid value for --group: no group 'Q'; the groups are I",
    ]


def test_a_file_that_is_not_a_regular_file_is_worded_in_the_language_of_the_run(data: DataFolder) -> None:
    (data.root / "templates" / "bao-cao.docx").mkdir(parents=True)
    assert _site("vi") == (
        1,
        "stiplan: error: không dùng được mẫu data/templates/bao-cao.docx: một thư mục, không phải tệp thông thường\n",
    )
    assert _site("en") == (1, "stiplan: error: data/templates/bao-cao.docx: a directory, not a regular file\n")
    (data.root / "actuals" / "2022.yaml").unlink()
    (data.root / "actuals" / "2022.yaml").mkdir()
    assert _lines("vi")[0] == "data/actuals/2022.yaml: error[not-a-file]: một thư mục, không phải tệp thông thường"
    assert _lines("en")[0] == "data/actuals/2022.yaml: error[not-a-file]: a directory, not a regular file"
