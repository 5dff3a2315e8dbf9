"""The small holes of the second hardening round, each with the case that found it."""

from __future__ import annotations

from pathlib import Path

import pytest

import test_collection as TC
from conftest import LETTERHEAD, DataFolder, cli, parse_problem
from test_collection import fill, problems

_template, round2026 = TC._template, TC.round2026  # test_collection's fixtures: the 2026 forms, sent


# --- 1e-400 is not 0 ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1e-400", "2.5e-999", "1e400", "12345678901234567890123"])
def test_record_refuses_a_number_that_is_not_a_figure(data: DataFolder, typed: str) -> None:
    before = (data.root / "actuals" / "2022.yaml").read_bytes()
    run = cli("record", "tfp_contribution", "2022", typed, "--source", "x", "--replace")
    assert run.exit_code == 1, run.stderr
    [found] = [parse_problem(line) for line in run.stderr.splitlines() if "error[" in line]
    assert (found.path, found.code) == ("VALUE", "bad-number")
    assert (data.root / "actuals" / "2022.yaml").read_bytes() == before


def test_parse_value_keeps_what_is_a_figure() -> None:
    from stiplan.engine.numbers import BadNumber, parse_value

    assert parse_value("0") == 0 and parse_value("0.0") == 0.0 and parse_value("0e5") == 0.0
    assert parse_value("1e-300") == 1e-300 and parse_value("22,87") == 22.87
    with pytest.raises(BadNumber, match="too small to be told from 0"):
        parse_value("1e-400")


def test_csv_import_refuses_1e_400(shipped: DataFolder, tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        "indicator,year,value,of,scope,source,note\nrd_staff_per_10k,2026,1e-400,,phu_tho_merged,Niên giám,x\n",
        encoding="utf-8",
    )
    run = cli("import", str(path))
    assert run.exit_code == 1
    [found] = [parse_problem(line) for line in run.stderr.splitlines() if "error[" in line]
    # a CSV problem's column is the field's: value is the third
    assert (found.path, found.line, found.column, found.code) == ("figures.csv", 2, 3, "bad-number")


def test_form_import_refuses_1e_400(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    form = fill(
        round2026 / TC.DOF_FORM,
        tmp_path / TC.DOF_FORM,
        {"Chỉ tiêu": {"G5": "1e-400", "I5": TC.MERGED, "J5": "Báo cáo 12/BC-STC"}},
    )
    run = cli("import", str(form))
    assert run.exit_code == 1
    assert problems(run.stderr) == [(f"{TC.DOF_FORM}!Chỉ tiêu!G5", "bad-number")]


# --- --debug as an option's value, in a fresh process ------------------------------------------


@pytest.mark.slow  # runs stiplan in a child process
def test_debug_as_a_notes_value_keeps_the_dry_run(data: DataFolder) -> None:
    """A fresh process has imported no command module: the option taking `--debug` as its value
    must still be known, or `--debug` is removed and `--note` takes `--dry-run` and it writes."""
    from conftest import run_module

    before = (data.root / "actuals" / "2022.yaml").read_bytes()
    args = ["record", "tfp_contribution", "2022", "47", "--source", "s", "--replace", "--note", "--debug", "--dry-run"]
    run = run_module(*args, cwd=data.base)
    assert run.exit_code == 0, run.stderr
    assert '+    note: "--debug"' in run.stdout
    assert (data.root / "actuals" / "2022.yaml").read_bytes() == before


# --- broken pipes ------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["validate", "--format", "json"], ["export", "--format", "json"]])
def test_a_reader_gone_before_the_last_flush_is_a_quiet_exit(
    shipped: DataFolder, args: list[str], monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """stdout is a pipe whose reader has left, buffered enough that the command's writes all
    succeed: the write fails only when the buffer is flushed. Left to the interpreter's exit
    that is "Exception ignored … BrokenPipeError" and exit 120; here, a quiet exit 1, as a
    reader gone is handled anywhere else (and nothing left to flush)."""
    import os

    from stiplan.cli import main

    r, w = os.pipe()
    os.close(r)
    with open(w, "w", encoding="utf-8", buffering=1 << 22) as stream:
        monkeypatch.setattr("sys.stdout", stream)
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 1
        stream.flush()  # what the interpreter does at exit: nothing left to fail
        monkeypatch.undo()
    err = capfd.readouterr().err
    assert "cannot write" not in err and "Broken pipe" not in err and "error" not in err


# --- report.yaml and the template: read like data ----------------------------------------------


def test_validate_reads_report_yaml(data: DataFolder) -> None:
    # 'subject: "a' is 10 characters: the quoted text starts in column 10
    data.write("report.yaml", 'subject: "a\\u202eb"\n')
    found = data.validate().only()
    assert (found.path, found.line, found.column, found.code) == ("data/report.yaml", 1, 10, "control-character")
    run = cli("report", "--format", "docx", "--no-charts", "-o", str(data.base / "x.docx"))
    assert run.exit_code == 1 and "Traceback" not in run.stderr and "control-character" in run.stderr
    assert not (data.base / "x.docx").exists()


@pytest.mark.parametrize("rel", ["report.yaml", "templates/bao-cao.docx"])
def test_report_files_follow_no_link_out_of_the_data_folder(data: DataFolder, rel: str) -> None:
    if rel != "report.yaml":  # every setting the Word report needs, so only the link can stop it
        data.write("report.yaml", LETTERHEAD)
    secret = data.base / "secret.txt"
    secret.write_text("subject: secret\n", encoding="utf-8")
    link = data.root / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    found = data.validate().only()
    assert (found.path, found.code) == (f"data/{rel}", "link-outside")
    run = cli("report", "--format", "docx", "--no-charts", "-o", str(data.base / "x.docx"), "--lang", "en")
    assert run.exit_code == 1
    assert "symbolic link leads out of the data folder" in run.stderr
    assert not (data.base / "x.docx").exists()


# --- outputs and data files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (["report", "-o", "data/targets.yaml"], "targets.yaml"),
        (["report", "--no-charts", "-o", "data/actuals/2022.yaml"], "actuals/2022.yaml"),
        (["export", "--format", "json", "-o", "data/agencies.yaml"], "agencies.yaml"),
        (["report", "-o", "data/actuals/2031.yaml"], "actuals/2031.yaml"),  # a new file where data is read
    ],
)
def test_an_output_never_replaces_or_adds_a_data_file(data: DataFolder, args: list[str], target: str) -> None:
    path = data.root / target
    before = path.read_bytes() if path.exists() else None
    run = cli(*args, "--lang", "en")
    assert run.exit_code == 1, run.stderr
    assert "an output never replaces or adds a data file" in run.stderr
    assert (path.read_bytes() if path.exists() else None) == before
    assert data.validate().exit_code == 0


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (["report", "--plan", "tw57_2024", "--no-charts", "-o", "data/agencies.yaml"], "agencies.yaml"),
        (["export", "--format", "json", "-o", "data/plans/tw57_2024/targets.yaml"], "plans/tw57_2024/targets.yaml"),
        (["report", "--plan", "tw57_2024", "--no-charts", "-o", "data/plans/memo.md"], "plans/memo.md"),  # read there
    ],
)
def test_an_output_never_replaces_or_adds_a_file_of_a_several_plans_folder(
    two_plans: DataFolder, args: list[str], target: str
) -> None:
    """A folder of several plans has no targets.yaml at its top (plans/ instead): it is a data
    folder all the same, and its files are as safe as a one-plan folder's."""
    path = two_plans.root / target
    before = path.read_bytes() if path.exists() else None
    run = cli(*args, "--lang", "en")
    assert run.exit_code == 1, run.stderr
    assert "an output never replaces or adds a data file" in run.stderr
    assert (path.read_bytes() if path.exists() else None) == before
    assert two_plans.validate().exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["site", "-o", "data/plans/site"],
        ["export", "--format", "csv", "-o", "data/plans/tables"],
        ["schema", "-o", "data/plans/schemas"],
        ["collect", "forms", "2026", "--deadline", "2027-01-15", "-o", "data/plans/forms"],
    ],
    ids=["site", "export", "schema", "collect-forms"],
)
def test_no_output_folder_is_made_where_plans_are_read(two_plans: DataFolder, args: list[str]) -> None:
    """A new folder under plans/, even empty, would be read as a plan without targets: the folder
    of several plans would no longer validate. Refused before the folder is made, in the run's
    language (vi, the default)."""
    run = cli(*args)
    assert run.exit_code == 1, run.stderr
    assert "tệp kết quả không bao giờ thay thế hay thêm tệp dữ liệu" in run.stderr
    assert sorted(p.name for p in (two_plans.root / "plans").iterdir()) == ["tw57_2024", "vinh_phuc_843_2023"]
    assert two_plans.validate().exit_code == 0


@pytest.mark.slow  # builds the two-plan site twice
def test_a_site_inside_the_data_folder_but_not_where_data_is_read_is_rebuilt(two_plans: DataFolder) -> None:
    for _ in range(2):  # the second build replaces the first (it exists then)
        run = cli("site", "-o", "data/site")
        assert run.exit_code == 0, run.stderr
    assert (two_plans.root / "site" / ".stiplan-site").is_file()


def test_an_output_beside_the_data_is_still_written(data: DataFolder) -> None:
    assert cli("report", "--no-charts", "-o", "data/notes/memo.md").exit_code == 0  # not a place data is read
    assert (data.root / "notes" / "memo.md").read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("charts", [["--charts", "all"], ["--no-charts"]])
def test_report_into_a_missing_folder_makes_it_with_or_without_charts(data: DataFolder, charts: list[str]) -> None:
    out = data.base / "new" / "deeper" / "memo.md"
    run = cli("report", *charts, "-o", str(out))
    assert run.exit_code == 0, run.stderr
    assert out.is_file()


def test_a_write_protected_data_file_stays_protected(data: DataFolder) -> None:
    """The refusal is stiplan's own, by the file's mode: it holds for root too, whom the kernel
    would let replace anything."""
    path = data.root / "actuals" / "2022.yaml"
    before = path.read_bytes()
    path.chmod(0o444)
    run = cli("record", "tfp_contribution", "2022", "47", "--source", "s", "--replace")
    assert run.exit_code == 1
    assert "đang được bảo vệ chống ghi (chế độ 0444)" in run.stderr and "Traceback" not in run.stderr  # vi: the default
    assert path.read_bytes() == before and (path.stat().st_mode & 0o777) == 0o444


def test_the_last_check_and_the_rename_happen_under_the_folder_lock(
    data: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writers that read the same file: the second's check must see the first's rename. That
    holds when the check and the rename are one step for every writer: the folder is locked."""
    import fcntl
    import os

    from stiplan.store import files

    seen: list[bool] = []
    original = files._check_expected

    def probing(path: Path, expected: str | None) -> None:
        fd = os.open(path.parent, os.O_RDONLY)
        try:  # another process (a second descriptor) cannot take the lock now
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            seen.append(False)
            fcntl.flock(fd, fcntl.LOCK_UN)
        except BlockingIOError:
            seen.append(True)
        finally:
            os.close(fd)
        original(path, expected)

    monkeypatch.setattr(files, "_check_expected", probing)
    run = cli("record", "tfp_contribution", "2022", "47", "--source", "s", "--replace")
    assert run.exit_code == 0, run.stderr
    assert seen[-1] is True  # the check right before the rename: under the lock


# --- YAML 1.2: U+2028 is not a line break --------------------------------------------------------


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_comment_does_not_shift_the_lines(data: DataFolder, char: str) -> None:
    data.write(
        "actuals/2022.yaml", f"year: 2022\n# ghi chú{char}còn tiếp\nindicators:\n  no_such: {{value: 1, source: s}}\n"
    )
    found = data.validate().only()
    # line 4 as an editor shows it (and as YAML 1.2 reads it); column 3: the key after two spaces
    assert (found.path, found.line, found.column, found.code) == ("data/actuals/2022.yaml", 4, 3, "unknown-indicator")


def test_a_line_separator_in_a_value_is_kept_not_folded(data: DataFolder) -> None:
    from stiplan.store.yamlread import read_yaml

    path = data.write("x.yaml", 'a: "một\u2028hai"\nb: 2\n')
    located, problems_found = read_yaml(path, "x.yaml")
    assert problems_found == [] and located is not None
    assert located.data == {"a": "một\u2028hai", "b": 2}


# --- the load cache keeps no working folder ----------------------------------------------------


def test_a_warm_cache_shows_paths_from_this_runs_folder(data: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    tasks = (data.root / "tasks.yaml").read_text(encoding="utf-8").replace("lead: dost", 'lead: "Sở KH&CN"')
    data.write("tasks.yaml", tasks)  # an alias where the id belongs: a warning, kept with a clean load
    first = json.loads(cli("status", "--format", "json", "--data", "data").stdout)
    assert first  # the cache is filled from the data folder's parent
    cold = cli("validate", "--data", "data").stdout  # what validate (never cached) says, from here
    assert cold.startswith("data/tasks.yaml:")
    monkeypatch.chdir(data.root)
    warm = cli("status", "--data", ".")
    shown = [line for line in warm.stderr.splitlines() if "agency-alias" in line]
    assert shown and all(line.startswith("tasks.yaml:") for line in shown), warm.stderr


# --- bidi and control characters never reach the screen raw --------------------------------------


def test_a_bidi_override_is_escaped_in_json_output(data: DataFolder) -> None:
    import json

    data.write("actuals/2022.yaml", "year: 2022\nx\u202ey: 1\n")
    run = data.validate("--format", "json")
    assert run.exit_code == 1
    assert "\u202e" not in run.stdout and "\\u202e" in run.stdout
    params = [p["params"] for p in json.loads(run.stdout)["problems"]]
    assert {"field": "x\u202ey"} in params  # the raw name, to a JSON reader: the same string
    text = data.validate().stdout
    assert "\u202e" not in text and "x\\u202ey" in text


def test_import_with_a_write_protected_log_writes_nothing(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    """The figures file would be written first, then the log: the protected log must refuse the
    import before the figures are written (all or nothing)."""
    log = shipped.root / "collection" / "2026.yaml"
    log.chmod(0o444)
    before = {p.name: p.read_bytes() for p in (shipped.root / "actuals").iterdir()}
    run = cli("import", str(TC.dof_filled(round2026, tmp_path)))
    assert run.exit_code == 1
    assert "đang được bảo vệ chống ghi (chế độ 0444)" in run.stderr  # --lang vi, the default
    assert {p.name: p.read_bytes() for p in (shipped.root / "actuals").iterdir()} == before
