"""One command line: shared options mean the same everywhere, errors have one layout.

The tiny data folder of conftest: plan 2023–2030, indicators tfp_contribution, dti_rank,
st_enterprises; tasks 1 (2023–2025, in progress in 2022) and 2 (yearly from 2023).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ACTUALS_2022, DataFolder, cli

ACTUALS = "data/actuals/2022.yaml"


# --- --as-of: YYYY or YYYY-MM-DD in every command ---------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["status"], ["show", "dti_rank"], ["report"], ["tasks"], ["export", "-f", "json"], ["diff"]],
)
def test_as_of_rejects_the_same_bad_text_everywhere(data: DataFolder, command: list[str]) -> None:
    run = cli(*command, "--as-of", "2026-13-01", "--lang", "en")
    assert run.exit_code == 2
    assert run.stdout == ""
    name = " ".join(c for c in command if c in ("status", "show", "report", "tasks", "export", "diff"))
    assert run.stderr == (
        "stiplan: error: Invalid value for '--as-of': '2026-13-01' is not a date that exists\n"
        f"stiplan: hint: 'stiplan {name} --help' lists its options\n"
    )


@pytest.mark.parametrize("command", [["status"], ["show", "dti_rank"], ["report"], ["tasks"], ["export", "-f", "json"]])
@pytest.mark.parametrize("as_of", ["2026", "2026-06-30"])
def test_as_of_accepts_a_year_and_a_date_everywhere(data: DataFolder, command: list[str], as_of: str) -> None:
    run = cli(*command, "--as-of", as_of)
    assert run.exit_code == 0, run.stderr


def test_a_bare_year_judges_tasks_on_the_reporting_cut_off(data: DataFolder) -> None:
    # No cut-off declared: the year ends on 31 December, so 2026 and 2026-12-31 are one date.
    by_year = cli("tasks", "--as-of", "2026", "-f", "json")
    by_day = cli("tasks", "--as-of", "2026-12-31", "-f", "json")
    assert json.loads(by_year.stdout)["as_of"] == {"year": 2026, "date": "2026-12-31"}
    assert by_year.stdout == by_day.stdout


def test_report_and_tasks_judge_on_the_same_printed_date(data: DataFolder) -> None:
    tasks = json.loads(cli("tasks", "--as-of", "2026-06-30", "-f", "json").stdout)
    assert tasks["as_of"] == {"year": 2026, "date": "2026-06-30"}
    memo = cli("report", "--as-of", "2026-06-30", "--lang", "vi").stdout
    assert "tính đến 30/6/2026" in memo
    memo = cli("report", "--as-of", "2026", "--lang", "en").stdout
    assert "as of 31 December 2026" in memo


def test_a_date_before_a_tasks_end_is_not_late_yet(data: DataFolder) -> None:
    # Task 1 runs 2023–2025 and was last reported in progress (2022). On 2025-06-30 its end
    # year has not passed; on 2026-01-01 it has: late.
    def late(as_of: str) -> bool:
        states = json.loads(cli("tasks", "--as-of", as_of, "-f", "json").stdout)["tasks"]
        return next(t for t in states if t["id"] == 1)["late"]

    assert late("2025-06-30") is False
    assert late("2026-01-01") is True


# --- one naming for formats ---------------------------------------------------------------------


@pytest.mark.parametrize("command", ["status", "tasks"])
def test_text_is_the_human_format_and_table_is_gone(data: DataFolder, command: str) -> None:
    assert cli(command, "--format", "text").stdout == cli(command).stdout
    run = cli(command, "-f", "table", "--lang", "en")
    assert run.exit_code == 2
    assert run.stderr.startswith("stiplan: error: Invalid value for '--format'")


def test_schema_writes_with_dash_o(data: DataFolder, tmp_path: Path) -> None:
    run = cli("schema", "targets", "-o", str(tmp_path / "out"))
    assert run.exit_code == 0
    assert (tmp_path / "out" / "targets.schema.json").is_file()
    assert cli("schema", "--out", "x").exit_code == 2  # one spelling: --output


# --- one error layout, suggestions ---------------------------------------------------------------


def test_tasks_update_suggests_task_update(data: DataFolder) -> None:
    run = cli("tasks", "update", "12", "2025", "--lang", "en")
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        "stiplan: error: Got unexpected extra argument(s) (update 12 2025)",
        "stiplan: hint: did you mean 'stiplan task update'?",
    ]


def test_a_near_miss_of_a_command_suggests_it(data: DataFolder) -> None:
    run = cli("statu", "--lang", "en")
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        "stiplan: error: No such command 'statu'. Did you mean 'status'?",
        "stiplan: hint: 'stiplan --help' lists the commands",
    ]


def test_show_of_an_unknown_id_lists_the_ids(data: DataFolder) -> None:
    run = cli("show", "dti_rnk", "--lang", "en")
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        "stiplan: error: 'dti_rnk' is not an indicator; did you mean 'dti_rank'?",
        "stiplan: hint: the indicators are tfp_contribution, dti_rank, st_enterprises "
        "('stiplan status' shows their names)",
    ]


def test_debug_is_documented_on_the_root(data: DataFolder) -> None:
    assert "--debug" in cli("--help").stdout


def test_status_shows_every_indicator_id(data: DataFolder) -> None:
    text = cli("status", "--lang", "en").stdout
    for ident in ("tfp_contribution", "dti_rank", "st_enterprises"):
        assert ident in text
    rows = cli("status", "-f", "csv").stdout.splitlines()
    assert rows[0].startswith("indicator,")
    assert {r.split(",")[0] for r in rows[1:]} == {"tfp_contribution", "dti_rank", "st_enterprises"}
    assert [i["id"] for i in json.loads(cli("status", "-f", "json").stdout)["indicators"]] == [
        "tfp_contribution",
        "dti_rank",
        "st_enterprises",
    ]


def test_validate_prints_its_problems_on_stdout(data: DataFolder) -> None:
    data.write("actuals/2022.yaml", "year: 2021\n")
    run = data.validate()
    assert run.exit_code == 1
    assert run.stderr == ""
    assert run.stdout.startswith("data/actuals/2022.yaml:1:7: error[year-mismatch]: ")


# --- schema errors worded for the person editing the YAML ------------------------------------


def test_schema_errors_name_no_python_internals(data: DataFolder) -> None:
    data.write_targets(
        """\
  - id: Bad-Id
    name: ["TFP"]
    unit: pct
    direction: increase
    source: "II.2.a"
    targets:
      - {year: 2025, kind: at_least, value: "fifty"}
"""
    )
    run = data.validate()
    assert run.exit_code == 1
    # Line 14 is the first indicator's (13 lines of PLAN before it); on line 20 the quote of
    # "fifty" is column 45: 6 spaces, "- " (7–8), "{year: 2025, " (9–21), "kind: at_least, " (22–37),
    # "value: " (38–44). The broken entry is left out and the cross-file checks still run: the
    # fixture's actuals name dti_rank and tfp_contribution, which targets.yaml no longer defines.
    lines = run.stdout.splitlines()
    assert [line for line in lines if line.startswith("data/actuals/")] == [
        "data/actuals/2022.yaml:3:3: error[unknown-indicator]: 'dti_rank' is not an indicator in data/targets.yaml",
        "data/actuals/2022.yaml:7:3: error[unknown-indicator]: 'tfp_contribution' is not an indicator in "
        "data/targets.yaml",
    ]
    assert [line for line in lines if not line.startswith("data/actuals/")] == [
        "data/targets.yaml:14:9: error[invalid-value]: indicators[0].id: an id is lower-case letters, digits "
        "and _, starting with a letter (got 'Bad-Id')",
        "data/targets.yaml:15:5: error[wrong-type]: indicators[0].name: expected a mapping with 'vi' and 'en', "
        "got a list",
        "data/targets.yaml:16:11: error[invalid-value]: indicators[0].unit: 'pct' is not allowed; "
        "use one of percent, rank, count, per_10k_people, index, percent_change; did you mean 'percent'?",
        "data/targets.yaml:18:13: error[wrong-type]: indicators[0].source: expected a mapping with 'clause' "
        "and 'text', got 'II.2.a'",
        "data/targets.yaml:20:45: error[wrong-type]: indicators[0].targets[0].value: expected a number, got 'fifty'",
    ]
    for internal in ("instance of", "Input should", "^[a-z]", "SourceRef", "Value error"):
        assert internal not in run.stdout


def test_every_problem_of_a_file_is_reported_schema_and_cross_file(data: DataFolder) -> None:
    # A wrong type in one entry no longer hides an unknown indicator in the next.
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          dti_rank:
            value: eighteen
            source: "dti.gov.vn"
          dti_rnk:
            value: 18
            source: "dti.gov.vn"
        tasks:
          1: {status: finished, source: "BC 1"}
        """,
    )
    run = data.validate()
    assert [(p.line, p.code) for p in run.problems] == [
        (4, "wrong-type"),
        (6, "unknown-indicator"),
        (10, "unknown-status"),
    ]
    assert "expected a number, got 'eighteen'" in run.stdout


# --- the year guard and --delete -----------------------------------------------------------------


def test_a_year_outside_the_plan_needs_allow_year(data: DataFolder) -> None:
    # The plan runs 2023–2030: years 2013 (ten before) to 2030 pass, 2052 is a typo of 2025.
    run = cli("record", "dti_rank", "2052", "15", "--of", "63", "--source", "DTI", "--lang", "en")
    assert run.exit_code == 1
    assert "2052 is outside the plan's years (2013–2030)" in run.stderr
    assert not (data.root / "actuals" / "2052.yaml").exists()
    run = cli("task", "update", "1", "2052", "--status", "done", "--source", "BC")
    assert run.exit_code == 1
    assert not (data.root / "actuals" / "2052.yaml").exists()
    run = cli("record", "dti_rank", "2031", "15", "--of", "63", "--source", "DTI", "--allow-year")
    assert run.exit_code == 0, run.stderr
    assert (data.root / "actuals" / "2031.yaml").exists()


def test_record_delete_removes_only_the_entrys_lines(data: DataFolder) -> None:
    path = data.root / "actuals" / "2022.yaml"
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    run = cli("record", "--lang", "en", "dti_rank", "2022", "--delete")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == "removed indicator dti_rank, 2022 from data/actuals/2022.yaml"
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # dti_rank is lines 3–6 of ACTUALS_2022 (key, value, of, source): 15 lines − 4 = 11.
    assert len(before) == 15 and len(after) == 11
    assert after == before[:2] + before[6:]
    assert cli("validate").exit_code == 0


def test_task_delete_of_the_only_entry_leaves_an_empty_section(data: DataFolder) -> None:
    path = data.root / "actuals" / "2022.yaml"
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    run = cli("task", "update", "1", "2022", "--delete", "--dry-run")
    assert run.exit_code == 0
    assert path.read_text(encoding="utf-8") == ACTUALS_2022  # a dry run writes nothing
    assert [line for line in run.stdout.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "-tasks:",
        "-  1:",
        "-    status: in_progress",
        '-    source: "Báo cáo 12/BC-SKHCN"',
        "+tasks: {}",
    ]
    assert cli("task", "update", "1", "2022", "--delete").exit_code == 0
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Task 1 is the last 3 lines; 'tasks:' (line 12) becomes 'tasks: {}': 15 − 3 = 12 lines.
    assert len(before) == 15 and len(after) == 12
    assert after == before[:11] + ["tasks: {}\n"]
    assert cli("validate").exit_code == 0


def test_delete_of_what_is_not_there_is_refused(data: DataFolder) -> None:
    run = cli("record", "st_enterprises", "2022", "--delete")
    assert run.exit_code == 1
    assert "indicators không có mục st_enterprises" in run.stderr  # --lang vi, the default
    assert (data.root / "actuals" / "2022.yaml").read_text(encoding="utf-8") == ACTUALS_2022
    assert cli("record", "dti_rank", "2023", "--delete").exit_code == 1  # no 2023 file


def test_delete_with_a_value_is_a_usage_error(data: DataFolder) -> None:
    run = cli("record", "dti_rank", "2022", "18", "--delete", "--lang", "en")
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == "stiplan: error: --delete removes the whole entry; drop VALUE"
    run = cli("record", "dti_rank", "2022", "--delete", "--frame", "provinces_63", "--of", "63", "--lang", "en")
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == "stiplan: error: --delete removes the whole entry; drop --of, --frame"
    assert (data.root / "actuals" / "2022.yaml").read_text(encoding="utf-8") == ACTUALS_2022


def test_record_without_value_or_delete_is_a_usage_error(data: DataFolder) -> None:
    run = cli("record", "dti_rank", "2022", "--lang", "en")
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        "stiplan: error: missing the VALUE to record (or pass --delete to remove the entry)"
    )


def test_remove_entry_takes_its_annotating_comments_and_keeps_crlf() -> None:
    from stiplan.store.yamledit import remove_entry

    text = (
        "year: 2022\r\n"
        "indicators:\r\n"
        '  hdi: {value: 0.7, source: "UNDP"}\r\n'
        "    # figure of the old province\r\n"
        "  # the next one is national\r\n"
        "  gii_rank:\r\n"
        "    value: 44\r\n"
        '    source: "WIPO"\r\n'
        "tasks: {}\r\n"
    )
    edit = remove_entry(text, "indicators", "hdi")
    # Line 3 (a flow mapping) and line 4 (a comment indented deeper than its key) go; the
    # entry-level comment of line 5 introduces gii_rank and stays. 9 lines − 2 = 7.
    assert edit.text.split("\r\n") == [
        "year: 2022",
        "indicators:",
        "  # the next one is national",
        "  gii_rank:",
        "    value: 44",
        '    source: "WIPO"',
        "tasks: {}",
        "",
    ]
    assert edit.old == {"value": 0.7, "source": "UNDP"}


def test_remove_entry_of_a_numbered_task() -> None:
    from stiplan.store.files import EditError
    from stiplan.store.yamledit import remove_entry

    text = "year: 2022\ntasks:\n  3:\n    status: done\n    source: x\n  12: {status: done, source: y}\n"
    assert remove_entry(text, "tasks", 12).text == "year: 2022\ntasks:\n  3:\n    status: done\n    source: x\n"
    with pytest.raises(EditError, match="tasks has no entry 4"):
        remove_entry(text, "tasks", 4)


def test_no_command_prints_the_help_as_a_usage_error(data: DataFolder) -> None:
    for args in ([], ["task"]):
        run = cli(*args)
        assert run.exit_code == 2
        assert run.stderr.startswith(f"Usage: stiplan{' task' if args else ''} [OPTIONS] COMMAND")


def test_remove_entry_keeps_blank_line_separated_layout() -> None:
    from stiplan.store.yamledit import remove_entry

    text = "year: 2022\nindicators:\n  a:\n    value: 1\n\n  b:\n    value: 2\n\n  c:\n    value: 3\n"
    # First entry: its 2 lines and the blank line after it go (10 − 3 = 7 lines).
    assert remove_entry(text, "indicators", "a").text == (
        "year: 2022\nindicators:\n  b:\n    value: 2\n\n  c:\n    value: 3\n"
    )
    # Middle entry: same, the blank line before c stays as the separator.
    assert remove_entry(text, "indicators", "b").text == (
        "year: 2022\nindicators:\n  a:\n    value: 1\n\n  c:\n    value: 3\n"
    )
    # Last entry of the file: the blank line above it goes instead (10 − 3 = 7 lines).
    assert remove_entry(text, "indicators", "c").text == (
        "year: 2022\nindicators:\n  a:\n    value: 1\n\n  b:\n    value: 2\n"
    )
    # Followed by another section: the blank line before 'tasks:' stays.
    assert remove_entry(text + "\ntasks: {}\n", "indicators", "c").text == (
        "year: 2022\nindicators:\n  a:\n    value: 1\n\n  b:\n    value: 2\n\ntasks: {}\n"
    )


# --- one date option, one agency option ------------------------------------------------------

DATE_OPTIONS = {"--date", "--deadline", "--received"}


def _options(command: object, path: str = "") -> list[tuple[str, object]]:
    """(command path, option) for every option of every command and subcommand."""
    found = [(path, p) for p in getattr(command, "params", [])]
    for name, sub in getattr(command, "commands", {}).items():
        found += _options(sub, f"{path} {name}".strip())
    return found


def _parser(param: object) -> object:
    info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
    return getattr(info, "parser", None)


def test_every_date_option_has_the_one_parser() -> None:
    import typer.main

    from stiplan.cli import app, options

    dated = [
        (path, p) for path, p in _options(typer.main.get_command(app)) if DATE_OPTIONS & set(getattr(p, "opts", ()))
    ]
    assert {path for path, _ in dated} >= {"task update", "report", "collect forms", "collect return", "import"}
    assert [(path, _parser(p)) for path, p in dated] == [(path, options._day) for path, _ in dated]
    as_of = [p for _, p in _options(typer.main.get_command(app)) if "--as-of" in getattr(p, "opts", ())]
    assert as_of and all(_parser(p) is options._as_of for p in as_of)


@pytest.mark.parametrize("written", ["2023-03-01", "1/3/2023", "01/03/2023"])
def test_a_date_option_reads_iso_and_day_month_year(data: DataFolder, written: str) -> None:
    run = cli("task", "update", "1", "2023", "--status", "done", "--source", "x", "--date", written, "--dry-run")
    assert run.exit_code == 0, run.stderr
    assert '+    date: "2023-03-01"\n' in run.stdout


def test_a_date_option_reads_today(data: DataFolder) -> None:
    import datetime as dt

    run = cli("task", "update", "1", "2023", "--status", "done", "--source", "x", "--date", "today", "--dry-run")
    assert run.exit_code == 0, run.stderr
    assert f'+    date: "{dt.date.today().isoformat()}"\n' in run.stdout


def test_a_date_option_refuses_a_day_the_calendar_lacks(data: DataFolder) -> None:
    run = cli("task", "update", "1", "2023", "--status", "done", "--source", "x", "--date", "30/2/2023")
    assert run.exit_code == 2
    assert "'30/2/2023' không phải là một ngày có thật" in run.stderr


def test_as_of_reads_today(data: DataFolder) -> None:
    import datetime as dt

    body = json.loads(cli("tasks", "--as-of", "today", "-f", "json").stdout)
    today = dt.date.today()
    assert body["as_of"] == {"year": today.year, "date": today.isoformat()}


@pytest.mark.parametrize("query", ["dost", "so khcn", "SỞ KH&CN", "Sở Khoa hoc va Cong nghe"])
def test_the_agency_option_ignores_accents_and_case(data: DataFolder, query: str) -> None:
    body = json.loads(cli("tasks", "--agency", query, "-f", "json").stdout)
    leads = {t["lead"] for t in body["tasks"]} | {a for t in body["tasks"] for a in t["cooperating"]}
    assert leads and "dost" in leads


@pytest.mark.parametrize(
    "command",
    [
        ["tasks", "--agency", "Sở Khoa hoc va Cong ngh"],
        ["collect", "return", "2026", "Sở Khoa hoc va Cong ngh", "--note", "x"],
    ],
)
def test_an_unknown_agency_gets_a_did_you_mean(data: DataFolder, command: list[str]) -> None:
    run = cli(*command, "--lang", "en")
    assert run.exit_code == 2
    assert "no agency is called 'Sở Khoa hoc va Cong ngh'; did you mean dost (Sở Khoa học và Công nghệ)" in run.stderr


def test_help_lists_the_commands_in_the_documented_order() -> None:
    """COMMAND_MODULES is the documented order; the groups `task` and `collect` keep their place
    in it instead of trailing after the plain commands."""
    from stiplan.cli.root import COMMAND_MODULES

    text = cli("--help").stdout
    listed = [line.split()[0] for line in text.split("Commands:")[1].splitlines() if line.startswith("  ")]
    assert listed == list(COMMAND_MODULES)
    assert listed.index("task") == listed.index("record") + 1  # beside the other recording command
