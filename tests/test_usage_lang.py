"""Usage errors in the language of the run: click's own errors, the hints, the data folder's
hint, the data-has-errors line, and what the lookups of lower layers refuse (an agency, a plan,
a figure) are Vietnamese under `--lang vi` (the default) and exactly the old English under
`--lang en`. Exit codes: 2 for a usage error, 1 when the data has errors (README's table).

Every expected line is written out here by hand, in both languages.
"""

from __future__ import annotations

import pytest

from conftest import DataFolder, cli

P57, P843 = "tw57_2024", "vinh_phuc_843_2023"


def _both(two_plans: DataFolder, *args: str) -> dict[str, tuple[int, str]]:
    """(exit code, stderr) of `args` under --lang vi and --lang en."""
    out = {}
    for lang in ("vi", "en"):
        run = cli(*args, "--lang", lang)
        out[lang] = (run.exit_code, run.stderr)
    return out


def _usage(message: str, hint: str) -> tuple[int, str]:
    return 2, f"stiplan: error: {message}\nstiplan: hint: {hint}\n"


# --- click's own errors -----------------------------------------------------------------------

STATUS_HINT = {
    "vi": "'stiplan status --help' liệt kê các tuỳ chọn của lệnh",
    "en": "'stiplan status --help' lists its options",
}


def test_an_unknown_option_and_its_near_misses(two_plans: DataFolder) -> None:
    got = _both(two_plans, "status", "--pla", "x")
    assert got["vi"] == _usage("không có tuỳ chọn --pla; có phải là --all, --lang, --plan?", STATUS_HINT["vi"])
    assert got["en"] == _usage("No such option: --pla (Possible options: --all, --lang, --plan)", STATUS_HINT["en"])
    got = _both(two_plans, "status", "--bogus")
    assert got["vi"] == _usage("không có tuỳ chọn --bogus", STATUS_HINT["vi"])
    assert got["en"] == _usage("No such option: --bogus", STATUS_HINT["en"])


def test_a_missing_argument_and_a_missing_option(two_plans: DataFolder) -> None:
    got = _both(two_plans, "record")
    hint = {
        "vi": "'stiplan record --help' liệt kê các tuỳ chọn của lệnh",
        "en": "'stiplan record --help' lists its options",
    }
    assert got["vi"] == _usage("thiếu đối số 'INDICATOR'", hint["vi"])
    assert got["en"] == _usage("Missing argument 'INDICATOR'.", hint["en"])
    got = _both(two_plans, "collect", "forms", "2026")
    hint = {
        "vi": "'stiplan collect forms --help' liệt kê các tuỳ chọn của lệnh",
        "en": "'stiplan collect forms --help' lists its options",
    }
    assert got["vi"] == _usage("thiếu tuỳ chọn '--output' / '-o'", hint["vi"])
    assert got["en"] == _usage("Missing option '--output' / '-o'.", hint["en"])


def test_an_invalid_value_and_its_detail_in_the_language_of_the_run(two_plans: DataFolder) -> None:
    got = _both(two_plans, "status", "--as-of", "2026-13-01")
    vi, en = "'2026-13-01' không phải là một ngày có thật", "'2026-13-01' is not a date that exists"
    assert got["vi"] == _usage(f"giá trị không hợp lệ cho '--as-of': {vi}", STATUS_HINT["vi"])
    assert got["en"] == _usage(f"Invalid value for '--as-of': {en}", STATUS_HINT["en"])


def test_an_option_without_its_value(two_plans: DataFolder) -> None:
    vi, en = cli("status", "--lang", "vi", "--as-of"), cli("status", "--lang", "en", "--as-of")
    assert vi.stderr.splitlines()[0] == "stiplan: error: tuỳ chọn --as-of cần một giá trị"
    assert en.stderr.splitlines()[0] == "stiplan: error: Option '--as-of' requires an argument."
    assert vi.exit_code == en.exit_code == 2


def test_an_unknown_command_before_any_lang_is_read_is_vietnamese(two_plans: DataFolder) -> None:
    """No command, so no `--lang` parsed: the one on the line counts, else the default, vi."""
    assert cli("statu").stderr == (
        "stiplan: error: không có lệnh 'statu'; có phải là 'status'?\nstiplan: hint: 'stiplan --help' liệt kê các lệnh\n"
    )
    assert cli("statu", "--lang", "en").stderr == (
        "stiplan: error: No such command 'statu'. Did you mean 'status'?\n"
        "stiplan: hint: 'stiplan --help' lists the commands\n"
    )
    assert cli("xyzzy").stderr.splitlines()[0] == "stiplan: error: không có lệnh 'xyzzy'"


def test_extra_arguments_and_the_near_miss_of_a_command(two_plans: DataFolder) -> None:
    got = _both(two_plans, "tasks", "update", "1", "2")
    assert got["vi"] == _usage("thừa đối số: update 1 2", "có phải ý bạn là 'stiplan task update'?")
    assert got["en"] == _usage("Got unexpected extra argument(s) (update 1 2)", "did you mean 'stiplan task update'?")


# --- the data folder ---------------------------------------------------------------------------


def test_the_data_folder_hint(two_plans: DataFolder) -> None:
    got = _both(two_plans, "status", "--data", "nowhere")
    assert got["vi"] == _usage(
        "--data 'nowhere': thư mục đó không có targets.yaml (cũng không có plans/)",
        "hãy cho --data DIR (thư mục có targets.yaml, hoặc plans/ của nhiều kế hoạch) hoặc đặt biến STIPLAN_DATA",
    )
    assert got["en"] == _usage(
        "--data 'nowhere': no targets.yaml (nor plans/) in that folder",
        "pass --data DIR (a folder holding targets.yaml, or plans/ of several plans) or set STIPLAN_DATA",
    )


def test_a_read_command_on_data_with_errors(two_plans: DataFolder) -> None:
    """The problems and the line after them are in the run's language; exit 1 (a data error)."""
    agencies = two_plans.root / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + "oops: 1\n", encoding="utf-8")
    got = _both(two_plans, "status")
    vi, en = got["vi"][1].splitlines(), got["en"][1].splitlines()
    assert got["vi"][0] == got["en"][0] == 1
    assert vi[-1] == "stiplan: error: dữ liệu đang có lỗi; hãy sửa trước (stiplan validate liệt kê các lỗi)"
    assert en[-1] == "stiplan: error: the data has errors; fix them first (stiplan validate lists them)"
    assert "trường không có trong lược đồ: 'oops'" in vi[0] and "unknown field 'oops'" in en[0]


# --- what lower layers refuse -------------------------------------------------------------------


def test_an_unknown_plan_with_did_you_mean(two_plans: DataFolder) -> None:
    got = _both(two_plans, "status", "--plan", "tw57")
    assert got["vi"] == _usage(
        f"giá trị không hợp lệ cho --plan: thư mục dữ liệu này không có kế hoạch 'tw57'; "
        f"các kế hoạch của nó: {P57}, {P843}; có phải là '{P57}'?",
        STATUS_HINT["vi"],
    )
    assert got["en"] == _usage(
        f"Invalid value for --plan: no plan 'tw57' in this data folder; its plans are: {P57}, {P843}; "
        f"did you mean '{P57}'?",
        STATUS_HINT["en"],
    )


def test_a_report_of_a_folder_of_several_plans(two_plans: DataFolder) -> None:
    got = _both(two_plans, "report")
    hint = {
        "vi": "'stiplan report --help' liệt kê các tuỳ chọn của lệnh",
        "en": "'stiplan report --help' lists its options",
    }
    assert got["vi"] == _usage(
        f"giá trị không hợp lệ cho --plan: thư mục dữ liệu này có 2 kế hoạch ({P57}, {P843}): hãy chọn một bằng --plan ID",
        hint["vi"],
    )
    assert got["en"] == _usage(
        f"Invalid value for --plan: this data folder holds 2 plans ({P57}, {P843}): say which with --plan ID",
        hint["en"],
    )


def test_an_unknown_agency_in_an_option_and_in_an_argument(two_plans: DataFolder) -> None:
    got = _both(two_plans, "tasks", "--agency", "Sở Khoa hoc va Cong ngh")
    assert (
        got["vi"][0] == 2
        and (
            "stiplan: error: giá trị không hợp lệ cho --agency: không có cơ quan nào tên 'Sở Khoa hoc va Cong ngh'; "
            "có phải là dost (Sở Khoa học và Công nghệ)"
        )
        in got["vi"][1]
    )
    assert (
        "stiplan: error: Invalid value for --agency: no agency is called 'Sở Khoa hoc va Cong ngh'; "
        "did you mean dost (Sở Khoa học và Công nghệ)"
    ) in got["en"][1]
    got = _both(two_plans, "collect", "return", "2026", "xyzzyq", "--note", "x")  # through actions' UsageRefused
    hint = {
        "vi": "'stiplan collect return --help' liệt kê các tuỳ chọn của lệnh",
        "en": "'stiplan collect return --help' lists its options",
    }
    assert got["vi"] == _usage("giá trị không hợp lệ cho AGENCY: không có cơ quan nào tên 'xyzzyq'", hint["vi"])
    assert got["en"] == _usage("Invalid value for AGENCY: no agency is called 'xyzzyq'", hint["en"])


def test_an_agency_named_ambiguously(two_plans: DataFolder) -> None:
    """'so' (Sở) begins the names of many departments: eight are listed, then how many more."""
    got = _both(two_plans, "tasks", "--agency", "so")
    vi, en = got["vi"][1].splitlines()[0], got["en"][1].splitlines()[0]
    assert vi.startswith("stiplan: error: giá trị không hợp lệ cho --agency: 'so' ứng với nhiều cơ quan: dost (")
    assert vi.endswith(" cơ quan khác; hãy ghi cụ thể hơn")
    assert en.startswith("stiplan: error: Invalid value for --agency: 'so' names more than one agency: dost (")
    assert en.endswith(" more; be more specific")


def test_a_value_that_is_no_number(two_plans: DataFolder) -> None:
    got = _both(two_plans, "record", "dti_rank", "2023", "abc")
    hint = {
        "vi": "'stiplan record --help' liệt kê các tuỳ chọn của lệnh",
        "en": "'stiplan record --help' lists its options",
    }
    assert got["vi"] == _usage(
        "giá trị không hợp lệ cho VALUE: 'abc' không phải là một số (ghi 22,87 hoặc 22.87)", hint["vi"]
    )
    assert got["en"] == _usage("Invalid value for VALUE: 'abc' is not a number (write 22.87 or 22,87)", hint["en"])


def test_several_collectors_are_named_in_each_language() -> None:
    from stiplan.problems import Refusal
    from stiplan.views.writes import refusal_text

    refusal = Refusal("several_collectors", {"collectors": {"a": "dof", "b": None}})
    assert refusal_text(refusal, "vi") == (
        "các kế hoạch giao cho các cơ quan thu biểu khác nhau (a: dof, b: không có), mà mỗi biểu chỉ gửi về "
        "một nơi; hãy ghi biểu của từng kế hoạch bằng --plan ID"
    )
    assert refusal_text(refusal, "en") == (
        "the plans name different collectors (a: dof, b: none), and a form goes back to one; "
        "write each plan's forms with --plan ID"
    )


def test_lower_layers_refuse_with_a_key_not_with_prose() -> None:
    """engine and store hold no words: what they raise is a key and its parameters."""
    from conftest import TWO_PLANS
    from stiplan.engine.agencies import AgencyNotFound, resolve_agency
    from stiplan.engine.numbers import NotANumber, parse_value
    from stiplan.store.dataset import UnknownPlan
    from stiplan.store.reading import read_dataset

    ds = read_dataset(TWO_PLANS).dataset
    assert ds is not None
    with pytest.raises(AgencyNotFound) as agency:
        resolve_agency(ds.agency_list, "xyzzyq")
    with pytest.raises(UnknownPlan) as plan:
        ds.select_plans("nope")
    with pytest.raises(NotANumber) as number:
        parse_value("abc")
    for exc, key, params in [
        (agency.value, "agency_not_found", {"query": "xyzzyq", "close": ""}),
        (plan.value, "unknown_plan", {"plan": "nope", "plans": f"{P57}, {P843}", "close": None}),
        (number.value, "not_a_number", {"text": "abc"}),
    ]:
        assert (str(exc), exc.refusal.key, dict(exc.refusal.params)) == (key, key, params)


# --- which language a run speaks -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args,lang",
    [
        (["status", "--lang", "en"], "en"),
        (["status", "--lang=en"], "en"),
        (["status", "--lang", "en", "--lang", "vi"], "vi"),  # the last one counts, as click's does
        (["status"], "vi"),  # every command's default
        ([], "vi"),
        (["status", "--lang", "fr"], "vi"),  # no language stiplan writes: the default
        (["record", "x", "2024", "1", "--", "--lang", "en"], "vi"),  # after --: an argument, not an option
    ],
)
def test_the_language_of_a_run_read_from_the_command_line(args: list[str], lang: str) -> None:
    from stiplan.cli.options import run_lang

    assert run_lang(args) == lang


# --- details inside a Vietnamese frame ------------------------------------------------------------


def test_a_value_out_of_range_says_its_rule_in_each_language(two_plans: DataFolder) -> None:
    """The data's check (engine.checks) words the unit's rule as the form's import does."""
    got = _both(two_plans, "record", "high_tech_export_share", "2023", "140", "--source", "x")
    where = "data/actuals/2023.yaml:25:12: error[value-out-of-range]: "
    assert got["vi"] == (
        1,
        f"{where}140 không hợp lệ: tỷ lệ phần trăm nằm trong khoảng từ 0 đến 100\n"
        "stiplan: error: dữ liệu sẽ không hợp lệ sau thay đổi này; chưa ghi gì\n",
    )
    assert got["en"] == (
        1,
        f"{where}140 is not a valid percent: a percentage lies between 0 and 100\n"
        "stiplan: error: the data would not be valid after this change; nothing was written\n",
    )


def test_a_write_protected_file_is_refused_in_each_language(two_plans: DataFolder) -> None:
    """The guarded write's words (store.files) inside the action's frame, both in one language."""
    path = two_plans.root / "actuals" / "2023.yaml"
    path.chmod(0o444)
    try:
        got = _both(two_plans, "record", "high_tech_export_share", "2023", "40", "--source", "x", "--replace")
    finally:
        path.chmod(0o644)
    assert got["vi"] == (
        1,
        "stiplan: error: data/actuals/2023.yaml đang được bảo vệ chống ghi (chế độ 0444); chưa ghi gì. "
        "Nếu tệp cần thay đổi, hãy cho phép ghi trước (chmod u+w)\n",
    )
    assert got["en"] == (
        1,
        "stiplan: error: data/actuals/2023.yaml is write-protected (mode 0444); nothing was written. "
        "Make it writable first (chmod u+w) if it is meant to change\n",
    )


def test_removing_an_entry_that_is_not_there(two_plans: DataFolder) -> None:
    """The editor's words (store.yamledit) inside the action's frame."""
    got = _both(two_plans, "record", "no_such_indicator_here", "2023", "--delete")
    assert got["vi"] == (
        1,
        "stiplan: error: không sửa được data/actuals/2023.yaml: indicators không có mục no_such_indicator_here\n",
    )
    assert got["en"] == (
        1,
        "stiplan: error: cannot edit data/actuals/2023.yaml: indicators has no entry no_such_indicator_here\n",
    )


# --- the entry point's own lines -------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang,expected",
    [
        (
            "vi",
            "stiplan: error: giá trị của --source không phải văn bản UTF-8 hợp lệ\nstiplan: hint: hãy gõ lại bằng UTF-8\n",
        ),
        ("en", "stiplan: error: the value of --source is not valid UTF-8 text\nstiplan: hint: retype it in UTF-8\n"),
    ],
)
def test_an_argument_that_is_not_utf8(
    two_plans: DataFolder, capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    """Refused before any command runs (no option parsed yet): the --lang on the line counts."""
    from stiplan.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["record", "dti_rank", "2023", "17", "--lang", lang, "--source", "\udcff\udcfe"])
    assert exc.value.code == 2
    assert capsys.readouterr().err == expected
    with pytest.raises(SystemExit):
        main(["record", "dti_rank", "2023", "\udcff"])
    assert capsys.readouterr().err.splitlines()[0] == "stiplan: error: đối số thứ 4 không phải văn bản UTF-8 hợp lệ"
