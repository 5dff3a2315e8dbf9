"""What a clerk reads about a returned form: Vietnamese, about the form (sheet, cell, the option
to pick), never about YAML keys, command options or internal ids; every problem of every file
in one pass; two copies of one form never resolved by file name.

Forms are made by `collect forms` and filled with openpyxl as a clerk would (test_collection's
helpers and its 2026 round of the shipped plan).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import test_collection as TC
from conftest import PROBLEM_LINE, DataFolder, Found, cli, parse_problem
from stiplan import problems as P
from test_collection import DOF_FORM, DOST_FORM, MERGED, dof_filled, fill
from test_problem_codes import IMPORT_CODES

_template, round2026 = TC._template, TC.round2026  # test_collection's fixtures: the 2026 forms, sent

openpyxl = pytest.importorskip("openpyxl")

CLERK_CODES = IMPORT_CODES | frozenset(  # the form as a whole (IMPORT_CODES), and its cells:
    {
        # reading a form's or a CSV's cells
        "wrong-type",
        "value-out-of-range",
        "bad-number",
        "unknown-status",
        "missing-source",
        "invalid-value",
        "missing-field",
        "unknown-scope",
        "unknown-indicator",
        "unknown-task",
        "not-utf8",
        "file-too-large",
        # found in the data as it would be written, reported at the form's cell
        "scope-required",
        "scope-without-note",
        "duplicate-scope",
        "future-actual",
    }
)

IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
"""A snake_case id: a YAML key (reported_by), a scope id (phu_tho_merged), an indicator id."""


def found(text: str) -> list[Found]:
    return [parse_problem(line) for line in text.splitlines() if PROBLEM_LINE.match(line)]


def assert_clerk_words(message: str) -> None:
    """Vietnamese, and nothing of YAML, the command line or internal ids."""
    assert re.search(r"[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỵỷỹ]", message), message
    assert "--" not in message, message
    assert ".yaml" not in message, message
    assert not IDENTIFIER.search(message), message
    assert "stiplan" not in message, message


def test_every_code_a_clerk_meets_has_vietnamese_words() -> None:
    kinds = {k.code: k for k in P.KINDS}
    assert kinds.keys() >= CLERK_CODES
    for code in sorted(CLERK_CODES):
        assert kinds[code].vi, code
        assert "--" not in kinds[code].vi and "_" not in re.sub(r"\{[^}]*\}", "", kinds[code].vi), code


def test_a_vietnamese_problem_keeps_its_english_for_programs() -> None:
    # value-out-of-range of a rank: the unit and the rule are given in both languages, the
    # JSON parameters keep the English (the unit's code), the message picks the language.
    from stiplan.actions.intake import at_cell, rule_words
    from stiplan.lang import Term

    problem = at_cell(P.ValueOutOfRange, "f.xlsx!Chỉ tiêu!G9", value=70, unit=Term("thứ hạng", "rank"),
                      rule=rule_words("rank"))  # fmt: skip
    assert (
        problem.message
        == "70 is not a valid rank: a rank is a whole number of at least 1 (and at most the number ranked)"
    )
    assert problem.text("vi") == (
        "70 không hợp lệ: thứ hạng là số nguyên từ 1 trở lên (và không lớn hơn tổng số được xếp hạng)"
    )
    assert problem.params["unit"] == "rank"
    assert problem.format("vi") == f"f.xlsx!Chỉ tiêu!G9: error[value-out-of-range]: {problem.text('vi')}"


@pytest.mark.slow  # fills five forms and imports them
def test_five_clerks_mistakes_come_back_in_one_pass_in_vietnamese(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    # The Department of Finance forgets the scope of its 2026 figure: found only in the data
    # as it would be written (scope-required), yet reported with the other forms' cell errors.
    dof = fill(round2026 / DOF_FORM, tmp_path / DOF_FORM, {"Chỉ tiêu": {"G5": "1,8", "J5": "Báo cáo 12/BC-STC"}})
    dost = fill(
        round2026 / DOST_FORM,
        tmp_path / DOST_FORM,
        {
            "Chỉ tiêu": {
                "G8": "khoảng 20",  # digital_economy_share: words, not a number
                "J8": "Sở TT&TT",
                "I8": MERGED,
                "G9": 70,  # dti_rank 70 of 63
                "H9": 63,
                "J9": "Bộ TT&TT",
                "I9": MERGED,
                "G14": "12,5",  # rd_staff_per_10k: a scope that is not on the list
                "I14": "Vĩnh Phúc cũ",
                "J14": "Niên giám",
                "G13": "2",  # st_investment_share_grdp: no source
                "I13": MERGED,
                "K13": "ghi chú",
                "H5": "63",  # tfp_contribution is not a rank: no 'out of'
                "G5": "40",
                "I5": MERGED,
                "J5": "Báo cáo",
                "K5": "tỉnh mới",
            },
            "Nhiệm vụ chủ trì": {
                "E5": "xong",  # not on the dropdown
                "F5": "45/BC-SKHCN",
                "E6": "Hoàn thành",
                "F6": "46/BC-SKHCN",
                "G6": "31/02/2026",  # no such day
            },
        },
    )
    run = cli("import", str(dof), str(dost))  # --lang vi is the default
    assert run.exit_code == 1
    problems = found(run.stderr)
    assert sorted((p.path, p.code) for p in problems) == sorted(
        [
            (f"{DOF_FORM}!Chỉ tiêu!G5", "scope-required"),
            (f"{DOST_FORM}!Chỉ tiêu!G8", "wrong-type"),
            (f"{DOST_FORM}!Chỉ tiêu!G9", "value-out-of-range"),
            (f"{DOST_FORM}!Chỉ tiêu!I14", "unknown-scope"),
            (f"{DOST_FORM}!Chỉ tiêu!J13", "missing-source"),
            (f"{DOST_FORM}!Chỉ tiêu!H5", "invalid-value"),
            (f"{DOST_FORM}!Nhiệm vụ chủ trì!E5", "unknown-status"),
            (f"{DOST_FORM}!Nhiệm vụ chủ trì!G6", "invalid-value"),
        ]
    )
    for p in problems:
        assert_clerk_words(p.message)
    text = run.stderr
    assert "'khoảng 20' không phải là số (viết 1,8 hoặc 1.8)" in text
    assert "chọn trong danh sách: Chưa bắt đầu, Đang thực hiện, Hoàn thành, Dừng thực hiện" in text
    assert "phạm vi 'Vĩnh Phúc cũ' không có trong danh sách phạm vi của Kế hoạch" in text
    assert "chọn trong danh sách: " in text and MERGED in text  # the scopes by their names
    assert "phát hiện khi kiểm tra số liệu sẽ được ghi" in text  # not 'data/actuals/2026.yaml:…'
    assert not (shipped.root / "actuals" / "2026.yaml").exists()


def test_the_same_run_in_english_keeps_the_english_words(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    dof = fill(round2026 / DOF_FORM, tmp_path / DOF_FORM, {"Chỉ tiêu": {"G5": "1,8", "J5": "Báo cáo 12/BC-STC"}})
    run = cli("import", "--lang", "en", str(dof))
    assert run.exit_code == 1
    [problem] = found(run.stderr)
    assert (problem.path, problem.code) == (f"{DOF_FORM}!Chỉ tiêu!G5", "scope-required")
    assert "a 2026 figure must say which territory it covers" in problem.message
    assert "as it would be written" in run.stderr


def test_form_of_last_year_is_refused_with_a_hint_that_records_nothing_wrong(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old"
    assert cli("collect", "forms", "2025", "-o", str(old), "--deadline", "20/12/2025", "--agency", "dof").exit_code == 0
    form = fill(old / "so-tai-chinh-dof-2025.xlsx", tmp_path / "cu.xlsx", {"Chỉ tiêu": {"G5": 2, "J5": "x"}})
    run = cli("import", str(form), "--year", "2026")
    assert run.exit_code == 1
    [problem] = found(run.stderr)
    assert problem.code == "form-other-year"
    assert problem.message == (
        "đây là biểu năm 2025, còn đợt thu thập đang nhận là năm 2026; cơ quan cần điền và gửi lại biểu năm 2026 "
        "mà Sở đã gửi; số liệu trên biểu năm 2025 không được nhận"
    )
    assert_clerk_words(problem.message)


@pytest.mark.slow  # two forms filled, imported twice
def test_two_copies_of_one_form_in_a_batch_write_nothing_until_one_is_preferred(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    original = dof_filled(round2026, tmp_path / "a", value="1,8")
    copy = tmp_path / "so-tai-chinh-dof-2026 (1).xlsx"  # sorts first by name: today it would win
    fill(round2026 / DOF_FORM, copy, {"Chỉ tiêu": {"G5": "2,1", "I5": MERGED, "J5": "Báo cáo 12/BC-STC ngày 10/12/2026",
                                                  "K5": "dự toán"}})  # fmt: skip
    for extra in ((), ("--partial",)):
        run = cli("import", "--lang", "en", str(original), str(copy), *extra, "--received", "18/12/2026")
        assert run.exit_code == (1 if not extra else 0), run.stderr
        problems = found(run.stderr)
        assert sorted((p.path, p.code) for p in problems) == [
            (copy.name, "form-copies"),
            (DOF_FORM, "form-copies"),
        ]
        # each names the other file and the differing cell, old → new
        assert "'so-tai-chinh-dof-2026 (1).xlsx' and 'so-tai-chinh-dof-2026.xlsx': Chỉ tiêu!G5 (value: " in run.stderr
        assert not (shipped.root / "actuals" / "2026.yaml").exists()
    # with --partial both were left out and logged with their problem: the agency is not "on time, clean"
    import json

    status = json.loads(cli("collect", "status", "2026", "--format", "json", "--as-of", "2026-12-19").stdout)
    dof = next(r for r in status["agencies"] if r["agency"] == "dof")
    assert dof["open_problems"] == 1 and dof["state"] == "waiting"
    run = cli("import", "--lang", "en", str(original), str(copy), "--prefer", str(original))
    assert run.exit_code == 0, run.stderr
    assert f"set aside {copy.name}" in run.stderr
    written = (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    assert "value: 1.8\n" in written and "2.1" not in written


def test_identical_copies_are_one_form(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    first, second = dof_filled(round2026, tmp_path), dof_filled(round2026, tmp_path / "a")
    run = cli("import", "--lang", "en", str(first), str(second))
    assert run.exit_code == 0, run.stderr
    assert "value: 1.8\n" in (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")


def test_a_semicolon_csv_gets_a_delimiter_hint(shipped: DataFolder, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("indicator;year;value;source\nhdi;2024;0,8;HDR\n", encoding="utf-8")
    run = cli("import", str(path))
    assert run.exit_code == 1
    [problem] = found(run.stderr)
    assert (problem.path, problem.line, problem.column, problem.code) == ("excel.csv", 1, 1, "form-unreadable")
    assert "phân cách bằng dấu chấm phẩy (;)" in problem.message
    english = cli("import", "--lang", "en", str(path)).stderr
    assert "its columns are separated by semicolons (;); save it again as a comma-separated CSV" in english
    comma = tmp_path / "plain.csv"
    comma.write_text("indicator,year\nhdi,2024\n", encoding="utf-8")
    assert "semicolon" not in cli("import", "--lang", "en", str(comma)).stderr


def test_record_replace_keeps_who_reported_the_entry_and_on_which_form(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    assert cli("import", str(dof_filled(round2026, tmp_path))).exit_code == 0
    form = TC.form_ids(shipped)["dof"]
    # the Department corrects the figure by hand: it still came from the Department of Finance's form
    run = cli("record", "st_budget_share", "2026", "1.9", "--scope", "phu_tho_merged", "--note", "dự toán",
              "--source", "Báo cáo 12/BC-STC ngày 10/12/2026", "--replace")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    text = (shipped.root / "actuals" / "2026.yaml").read_text(encoding="utf-8")
    assert (
        "  st_budget_share:\n    value: 1.9\n"
        '    source: "Báo cáo 12/BC-STC ngày 10/12/2026"\n    scope: phu_tho_merged\n    note: "dự toán"\n'
        f'    reported_by: dof\n    form: "{form}"\n'
    ) in text
    assert "reported_by" not in run.stdout  # the provenance is not among the changes shown
    assert cli("validate", "--strict").exit_code == 0


@pytest.mark.slow  # a whole round: import, status, return
def test_the_log_keeps_the_problems_status_shows_them_and_return_writes_the_note(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    dost = fill(
        round2026 / DOST_FORM,
        tmp_path / DOST_FORM,
        {
            "Chỉ tiêu": {"G8": "khoảng 20", "J8": "Sở TT&TT", "I8": MERGED},
            "Nhiệm vụ chủ trì": {"E6": "Hoàn thành", "G6": "10/12/2026"},  # no report number
        },
    )
    run = cli("import", str(dost), str(dof_filled(round2026, tmp_path)), "--partial", "--received", "18/12/2026")
    assert run.exit_code == 0, run.stderr
    second = openpyxl.load_workbook(round2026 / DOST_FORM)["Nhiệm vụ chủ trì"]["A6"].value  # the task on row 6
    assert second == 4
    # the log keeps the list itself: sheet!cell, the column's title on the form, the Vietnamese message
    log = YAML(typ="safe").load((shipped.root / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    [received] = [e for e in log["events"] if e["kind"] == "received" and e["agency"] == "dost"]
    assert received["problems"] == 2
    assert received["found"] == [
        {
            "code": "wrong-type",
            "where": "Chỉ tiêu!G8",
            "column": "Số liệu năm 2026",
            "message": "số liệu: 'khoảng 20' không phải là số (viết 1,8 hoặc 1.8)",
        },
        {
            "code": "missing-source",
            "where": "Nhiệm vụ chủ trì!F6",
            "column": "Số văn bản báo cáo",
            "message": "chưa ghi văn bản nguồn (số, ngày, cơ quan ban hành) của nhiệm vụ số 4",
        },
    ]
    assert cli("validate", "--strict").exit_code == 0  # the log with its list is valid data
    status = cli("collect", "status", "2026", "--as-of", "2026-12-19").stdout
    assert "    - Chỉ tiêu!G8 (Số liệu năm 2026): số liệu: 'khoảng 20' không phải là số (viết 1,8 hoặc 1.8)\n" in status
    assert "    - Nhiệm vụ chủ trì!F6 (Số văn bản báo cáo): chưa ghi văn bản nguồn" in status

    run = cli("collect", "return", "2026", "dost", "-o", str(tmp_path / "tra-lai"), "--date", "19/12/2026")
    assert run.exit_code == 0, run.stderr
    note = tmp_path / "tra-lai" / "tra-lai-so-khoa-hoc-va-cong-nghe-dost-2026.xlsx"
    ws = openpyxl.load_workbook(note)["Phiếu trả lại"]
    letter = [ws.cell(row=r, column=1).value for r in range(1, 8)]
    assert letter[0] == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert letter[1] == "ngày 19 tháng 12 năm 2026"
    assert letter[2] == "PHIẾU ĐỀ NGHỊ CHỈNH SỬA BIỂU THU THẬP SỐ LIỆU NĂM 2026"
    assert letter[3] == "Kính gửi: Sở Khoa học và Công nghệ"
    assert letter[4].startswith(f"Ngày 18/12/2026, Sở Khoa học và Công nghệ nhận được biểu “{DOST_FORM}”")
    assert letter[4].endswith("Qua kiểm tra, biểu còn 2 nội dung cần chỉnh sửa như sau:")
    assert "gửi lại Sở Khoa học và Công nghệ trước ngày 20/12/2026" in letter[6]
    table = [[c.value for c in row] for row in ws.iter_rows(min_row=8, max_row=10, max_col=5)]
    assert table == [
        ["STT", "Trang", "Ô", "Cột", "Nội dung cần chỉnh sửa"],
        [1, "Chỉ tiêu", "G8", "Số liệu năm 2026", "số liệu: 'khoảng 20' không phải là số (viết 1,8 hoặc 1.8)"],
        [2, "Nhiệm vụ chủ trì", "F6", "Số văn bản báo cáo",
         "chưa ghi văn bản nguồn (số, ngày, cơ quan ban hành) của nhiệm vụ số 4"],
    ]  # fmt: skip
    for row in table[1:]:
        assert_clerk_words(str(row[4]))
    log = YAML(typ="safe").load((shipped.root / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    returned = log["events"][-1]
    assert returned["kind"] == "returned" and [p["where"] for p in returned["found"]] == ["Chỉ tiêu!G8",
                                                                                        "Nhiệm vụ chủ trì!F6"]  # fmt: skip


def test_status_csv_for_excel_starts_with_a_byte_order_mark(shipped: DataFolder, round2026: Path) -> None:
    plain = cli("collect", "status", "2026", "--format", "csv").stdout
    bom = cli("collect", "status", "2026", "--format", "csv", "--excel-bom").stdout
    assert not plain.startswith("\ufeff")
    assert bom == "\ufeff" + plain
    assert plain.splitlines()[0].endswith(",missing,problems,backlog")


def test_reported_by_a_name_suggests_the_agency_id(shipped: DataFolder) -> None:
    # the Department of Finance written by its name where its id belongs: the agency resolver
    # (the one `collect forms --agency` uses) names the id
    targets = shipped.root / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    anchor = "    unit: per_10k_people\n"
    assert text.count(anchor) == 1
    targets.write_text(text.replace(anchor, anchor + '    reported_by: {agency: "Sở Tài chính"}\n'), encoding="utf-8")
    run = shipped.validate()
    assert run.exit_code == 1
    [problem] = run.problems
    assert problem.code == "invalid-value"
    assert problem.message.endswith("(got 'Sở Tài chính'); did you mean 'dof'? an agency is named by its id")
    # a spelling of no agency gets no made-up suggestion
    targets.write_text(text.replace(anchor, anchor + '    reported_by: {agency: "Hội Nông dân"}\n'), encoding="utf-8")
    [problem] = shipped.validate().problems
    assert problem.message.endswith("(got 'Hội Nông dân')")


def test_a_file_left_out_by_partial_has_all_its_problems_logged_in_one_pass(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    # the figure lacks its scope (found only as it would be written), a task's status is not on the list
    dof = fill(
        round2026 / DOF_FORM,
        tmp_path / DOF_FORM,
        {"Chỉ tiêu": {"G5": "1,8", "J5": "Báo cáo 12/BC-STC"}, "Nhiệm vụ chủ trì": {"E5": "xong", "F5": "9/BC"}},
    )
    run = cli("import", str(dof), "--partial", "--received", "18/12/2026")
    assert run.exit_code == 0, run.stderr
    assert sorted((p.path, p.code) for p in found(run.stderr)) == [
        (f"{DOF_FORM}!Chỉ tiêu!G5", "scope-required"),
        (f"{DOF_FORM}!Nhiệm vụ chủ trì!E5", "unknown-status"),
    ]
    log = YAML(typ="safe").load((shipped.root / "collection" / "2026.yaml").read_text(encoding="utf-8"))
    [received] = [e for e in log["events"] if e["kind"] == "received"]
    assert received["problems"] == 2
    assert [(p["where"], p["code"]) for p in received["found"]] == [
        ("Nhiệm vụ chủ trì!E5", "unknown-status"),
        ("Chỉ tiêu!G5", "scope-required"),
    ]
    assert not (shipped.root / "actuals" / "2026.yaml").exists()
