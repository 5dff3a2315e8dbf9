"""`stiplan validate`: one reproducer per problem kind, then output formats, exit codes, start-up
and the docs' promises.

Each reproducer starts from the tiny valid data folder of conftest.py, rewrites ONE file inline
(count its lines to check the expected position) and asserts the code, path, line, column and
exit status of what is reported.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from conftest import INDICATORS, PLAN, PLAN_LINES, ROOT, DataFolder, Found, Run, cli, run_module
from conftest import TASKS as TASK_ROWS
from stiplan import __version__
from stiplan.problems import Problem
from stiplan.views.diagnostics import as_github

ACTUALS = "data/actuals/2022.yaml"
TASKS = "data/tasks.yaml"
TARGETS = "data/targets.yaml"


def expect_one(
    run: Run,
    path: str,
    line: int | None,
    column: int | None,
    code: str,
    *,
    exit_code: int = 1,
    severity: str = "error",
) -> Found:
    assert run.exit_code == exit_code, run.stdout
    assert run.stderr == ""  # the problems are the result: stdout
    p = run.only()  # also asserts no traceback
    assert (p.path, p.line, p.column, p.severity, p.code) == (path, line, column, severity, code)
    return p


# --- schema of an actuals file --------------------------------------------------------------


def test_unknown_field_at_the_key(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          dti_rank:
            value: 18
            sourse: "dti.gov.vn"
            source: "dti.gov.vn"
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 5, 5, "unknown-field")
    assert "'sourse'" in p.message
    # The hint comes from the fields an actual allows, not from a fixed text.
    assert p.message.endswith("; did you mean 'source'?")


def test_unknown_field_far_from_any_lists_what_is_allowed(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          dti_rank:
            value: 18
            source: "dti.gov.vn"
            xyz: 1
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 6, 5, "unknown-field")
    assert p.message.endswith(
        "; allowed here: value, of, source, source_en, estimate, scope, frame, note, reported_by, form"
    )


def test_wrong_type_at_the_value(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          dti_rank:
            value: "eighteen"
            source: "dti.gov.vn"
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 4, 12, "wrong-type")
    assert "indicators.dti_rank.value" in p.message


def test_year_as_text_is_wrong_type(data: DataFolder) -> None:
    data.write("actuals/2022.yaml", 'year: "2022"\n')
    expect_one(data.validate(), ACTUALS, 1, 7, "wrong-type")


def test_unknown_indicator_with_did_you_mean(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          dti_rnak:
            value: 18
            source: "dti.gov.vn"
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 3, 3, "unknown-indicator")
    assert "'dti_rnak'" in p.message
    assert "did you mean 'dti_rank'?" in p.message


def test_year_mismatch(data: DataFolder) -> None:
    data.write("actuals/2022.yaml", "year: 2021\n")
    p = expect_one(data.validate(), ACTUALS, 1, 7, "year-mismatch")
    assert "2021" in p.message and "2022.yaml" in p.message


def test_percent_of_140_is_out_of_range(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          tfp_contribution:
            value: 140
            source: "english.vtv.vn"
            scope: vietnam
            note: "national"
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 4, 12, "value-out-of-range")
    assert "140" in p.message and "percent" in p.message


def test_negative_count_is_out_of_range(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          st_enterprises:
            value: -3
            source: "baophapluat.vn"
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 4, 12, "value-out-of-range")
    assert "-3" in p.message and "count" in p.message


def test_rank_beyond_the_number_ranked_is_out_of_range(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          dti_rank: {value: 64, of: 63, source: "dti.gov.vn"}
        """,
    )
    # `  dti_rank: {value: ` is 20 characters.
    expect_one(data.validate(), ACTUALS, 3, 21, "value-out-of-range")


def test_missing_source(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          st_enterprises:
            value: 3
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 3, 3, "missing-source")
    assert "st_enterprises" in p.message


@pytest.mark.parametrize("blank", ['""', '"   "'])
def test_blank_source(data: DataFolder, blank: str) -> None:
    data.write(
        "actuals/2022.yaml",
        f"""\
        year: 2022
        indicators:
          st_enterprises:
            value: 3
            source: {blank}
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 5, 13, "missing-source")
    assert "st_enterprises" in p.message


def test_task_status_without_source(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        tasks:
          1:
            status: done
        """,
    )
    expect_one(data.validate(), ACTUALS, 3, 3, "missing-source")


def test_unknown_status(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        tasks:
          1:
            status: finished
            source: "Báo cáo 12/BC-SKHCN"
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 4, 13, "unknown-status")
    assert "'finished'" in p.message
    for status in ("not_started", "in_progress", "done", "cancelled"):
        assert status in p.message


def test_unknown_task(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        tasks:
          99:
            status: done
            source: "Báo cáo 12/BC-SKHCN"
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 3, 3, "unknown-task")
    assert "99" in p.message


def test_future_actual_is_a_warning(data: DataFolder) -> None:
    next_year = dt.date.today().year + 1
    name = f"data/actuals/{next_year}.yaml"
    data.write(f"actuals/{next_year}.yaml", f"year: {next_year}\n")
    p = expect_one(data.validate(), name, 1, 7, "future-actual", exit_code=0, severity="warning")
    assert str(next_year) in p.message
    expect_one(data.validate("--strict"), name, 1, 7, "future-actual", exit_code=1, severity="warning")


def test_this_years_actual_is_not_future(data: DataFolder) -> None:
    this_year = dt.date.today().year
    data.write(f"actuals/{this_year}.yaml", f"year: {this_year}\n")
    run = data.validate("--strict")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "")


def test_scope_without_note_is_a_warning(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          tfp_contribution:
            value: 46.11
            source: "english.vtv.vn (2019-12)"
            scope: vietnam
        """,
    )
    p = expect_one(data.validate(), ACTUALS, 6, 12, "scope-without-note", exit_code=0, severity="warning")
    assert "'vietnam'" in p.message
    expect_one(data.validate("--strict"), ACTUALS, 6, 12, "scope-without-note", exit_code=1, severity="warning")


def test_bad_actuals_file_name(data: DataFolder) -> None:
    data.write("actuals/2022-draft.yaml", "year: 2022\n")
    p = expect_one(data.validate(), "data/actuals/2022-draft.yaml", None, None, "bad-file-name")
    assert "'2022-draft.yaml'" in p.message


def test_actuals_file_with_upper_case_extension_is_not_silently_ignored(data: DataFolder) -> None:
    data.write("actuals/2023.YAML", "year: 2023\n")
    expect_one(data.validate(), "data/actuals/2023.YAML", None, None, "bad-file-name")


# --- tasks.yaml --------------------------------------------------------------------------------

TASKS_LINES_1_TO_10 = """\
parts:
  - id: A
    title: {vi: "Nhiệm vụ", en: "Tasks"}
    groups:
      - {id: I, title: {vi: "Hàng năm", en: "Yearly"}}
tasks:
  - id: 1
    part: A
    group: I
    title: {vi: "Nhiệm vụ một"}
"""


def test_unknown_agency_with_did_you_mean(data: DataFolder) -> None:
    data.write(
        "tasks.yaml",
        TASKS_LINES_1_TO_10
        + """\
    lead: dots
    timeframe: {text: "2023-2025", start: 2023, end: 2025}
""",
    )
    p = expect_one(data.validate(), TASKS, 11, 11, "unknown-agency")
    assert "'dots'" in p.message and "data/agencies.yaml" in p.message
    assert "did you mean 'dost'?" in p.message


def test_unknown_cooperating_agency(data: DataFolder) -> None:
    data.write(
        "tasks.yaml",
        TASKS_LINES_1_TO_10
        + """\
    lead: dost
    cooperating: [dpi, dots]
    timeframe: {text: "2023-2025", start: 2023, end: 2025}
""",
    )
    expect_one(data.validate(), TASKS, 12, 24, "unknown-agency")


def test_agency_alias_is_a_warning_and_fails_under_strict(data: DataFolder) -> None:
    data.write(
        "tasks.yaml",
        TASKS_LINES_1_TO_10
        + """\
    lead: "Sở KH&CN"
    timeframe: {text: "2023-2025", start: 2023, end: 2025}
""",
    )
    p = expect_one(data.validate(), TASKS, 11, 11, "agency-alias", exit_code=0, severity="warning")
    assert "'dost'" in p.message
    expect_one(data.validate("--strict"), TASKS, 11, 11, "agency-alias", exit_code=1, severity="warning")


def test_start_after_end(data: DataFolder) -> None:
    data.write(
        "tasks.yaml",
        TASKS_LINES_1_TO_10
        + """\
    lead: dost
    timeframe: {text: "2026-2024", start: 2026, end: 2024}
""",
    )
    p = expect_one(data.validate(), TASKS, 12, 5, "start-after-end")
    assert "2026" in p.message and "2024" in p.message


def test_duplicate_task_id(data: DataFolder) -> None:
    data.write(
        "tasks.yaml",
        TASKS_LINES_1_TO_10
        + """\
    lead: dost
    timeframe: {text: "2023-2025", start: 2023, end: 2025}
  - id: 1
    part: A
    group: I
    title: {vi: "Nhiệm vụ hai"}
    lead: dpi
    timeframe: {text: "2023", start: 2023, end: 2023}
""",
    )
    p = expect_one(data.validate(), TASKS, 13, 9, "duplicate-id")
    assert "line 7" in p.message


# --- targets.yaml ------------------------------------------------------------------------------
# PLAN (conftest.py) is lines 1-13; the indicator below it starts on line 14.

ONE_INDICATOR = """\
  - id: tfp_contribution
    name: {{vi: "Đóng góp của TFP", en: "TFP contribution"}}
    unit: percent
    direction: increase
    source: {{clause: II.2.a, text: "phấn đấu đạt mức 50%"}}
    targets:
      - {target}
"""


def write_one_indicator(data: DataFolder, target: str) -> None:
    assert PLAN_LINES == 13
    data.clear_actuals()
    data.write("targets.yaml", PLAN + ONE_INDICATOR.format(target=target))


def test_target_year_outside_period(data: DataFolder) -> None:
    write_one_indicator(data, "{year: 2035, kind: at_least, value: 50}")
    p = expect_one(data.validate(), TARGETS, 20, 16, "target-year-outside-period")
    assert "2035" in p.message and "2023-2030" in p.message


def test_rank_within_on_an_increase_indicator(data: DataFolder) -> None:
    write_one_indicator(data, "{year: 2025, kind: rank_within, value: 20}")
    # `      - {year: 2025, kind: ` is 27 characters.
    p = expect_one(data.validate(), TARGETS, 20, 28, "target-kind-mismatch")
    assert "tfp_contribution" in p.message


def test_multiple_of_baseline_without_baseline_year(data: DataFolder) -> None:
    write_one_indicator(data, "{year: 2030, kind: multiple_of_baseline, factor: 2}")
    p = expect_one(data.validate(), TARGETS, 20, 9, "baseline-year-missing")
    assert "multiple_of_baseline" in p.message


def test_target_percent_out_of_range(data: DataFolder) -> None:
    write_one_indicator(data, "{year: 2025, kind: at_least, value: 140}")
    # `      - {year: 2025, kind: at_least, value: ` is 44 characters.
    expect_one(data.validate(), TARGETS, 20, 45, "value-out-of-range")


def test_duplicate_indicator_id(data: DataFolder) -> None:
    data.clear_actuals()
    indicator = ONE_INDICATOR.format(target="{year: 2025, kind: at_least, value: 50}")
    data.write("targets.yaml", PLAN + indicator + indicator)  # 7 lines each: lines 14 and 21
    p = expect_one(data.validate(), TARGETS, 21, 9, "duplicate-id")
    assert "'tfp_contribution'" in p.message and "line 14" in p.message


# --- all problems, in order --------------------------------------------------------------------


def test_a_task_failing_its_schema_leaves_the_others_checked_at_their_own_lines(data: DataFolder) -> None:
    """Task 1 is broken (a typo, `leed`), so it is left out; task 2's unknown agency is still
    found, on task 2's line, not on the line of whatever item now comes first."""
    data.write_tasks(TASK_ROWS.replace("    lead: dost\n", "    leed: dost\n").replace("lead: dpi", "lead: dpx"))
    # tasks.yaml: 6 head lines; task 1 on lines 7–13 ("leed" on 11), task 2 from line 14, its
    # lead on line 18 after "    lead: " (10 characters): column 11. The actuals' report of
    # task 1 names a task that exists, though broken: it is not also called unknown.
    assert [(p.line, p.column, p.code) for p in data.validate().problems] == [
        (7, 5, "missing-field"),
        (11, 5, "unknown-field"),
        (18, 11, "unknown-agency"),
    ]


def test_an_indicator_failing_its_schema_is_not_also_unknown_to_the_actuals(data: DataFolder) -> None:
    data.write_targets(INDICATORS.replace("unit: rank", "unit: place"))
    data.write("actuals/2023.yaml", 'year: 2023\nindicators:\n  dti_rnk: {value: 18, source: "dti.gov.vn"}\n')
    # dti_rank is left out for its unit; the cross-file checks still run (the typo dti_rnk in
    # 2023 is found), but the 2022 figure for dti_rank is not reported again as "not an
    # indicator": the indicator exists, it is broken.
    found = data.validate().problems
    assert [(p.path, p.code) for p in found] == [
        ("data/actuals/2023.yaml", "unknown-indicator"),
        ("data/targets.yaml", "invalid-value"),
    ]
    assert "'dti_rnk'" in found[0].message and "unit" in found[1].message


def test_every_problem_in_every_file_is_reported_in_file_then_line_order(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2021
        indicators:
          dti_rnak: {value: 18, source: "dti.gov.vn"}
        """,
    )
    data.write("actuals/2023.yaml", "year: 2023\nyear: 2023\n")
    data.write("agencies.yaml", "agencies: [\n")
    data.write("targets.yaml", PLAN + INDICATORS_WITH_2035)
    data.write(
        "tasks.yaml",
        TASKS_LINES_1_TO_10
        + """\
    lead: dost
    timeframe: {text: "2026-2024", start: 2026, end: 2024}
""",
    )
    run = data.validate()
    assert run.exit_code == 1
    assert [(p.path, p.line, p.column, p.code) for p in run.problems] == [
        ("data/actuals/2022.yaml", 1, 7, "year-mismatch"),
        ("data/actuals/2022.yaml", 3, 3, "unknown-indicator"),
        ("data/actuals/2023.yaml", 2, 1, "duplicate-key"),
        ("data/agencies.yaml", 2, 1, "yaml-syntax"),
        ("data/targets.yaml", 20, 16, "target-year-outside-period"),
        ("data/tasks.yaml", 12, 5, "start-after-end"),
    ]


def _indicators_with_2035() -> str:
    from conftest import INDICATORS

    text = INDICATORS.replace("{year: 2025, kind: at_least, value: 50}", "{year: 2035, kind: at_least, value: 50}")
    assert text != INDICATORS and text.splitlines()[6] == "      - {year: 2035, kind: at_least, value: 50}"
    return text


INDICATORS_WITH_2035 = _indicators_with_2035()


# --- output formats ----------------------------------------------------------------------------


def test_clean_data_prints_nothing(data: DataFolder) -> None:
    run = data.validate()
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "")


def test_shipped_data_is_clean_even_under_strict(shipped: DataFolder) -> None:
    for args in ((), ("--strict",)):
        run = shipped.validate(*args)
        assert (run.exit_code, run.stdout, run.stderr) == (0, "", ""), args


@pytest.mark.slow
def test_quick_start_from_the_repository_root(shipped: DataFolder) -> None:
    """The Quick start runs from a clone's root and finds its data/ (here the frozen copy, laid
    out as in the repository: the live folder is `.ci/run`'s to check, never the tests')."""
    run = run_module("validate", "--strict", cwd=shipped.base)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "")


def test_json_format(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2021
        indicators:
          tfp_contribution:
            value: 46.11
            source: "english.vtv.vn"
            scope: vietnam
        """,
    )
    run = data.validate("--format", "json")
    assert run.exit_code == 1
    assert run.stderr == ""
    body = json.loads(run.stdout)
    assert (body["errors"], body["warnings"]) == (1, 1)
    for p in body["problems"]:
        assert set(p) == {"code", "severity", "path", "line", "column", "message", "hint", "params"}
    assert [(p["code"], p["severity"], p["path"], p["line"], p["column"]) for p in body["problems"]] == [
        ("year-mismatch", "error", ACTUALS, 1, 7),
        ("scope-without-note", "warning", ACTUALS, 6, 12),
    ]
    assert body["problems"][0]["hint"] == "set year: 2022 or rename the file"
    assert body["problems"][1]["hint"] is None
    # the values each message was built from (file 2022.yaml holds year 2021; a national figure
    # for an indicator of the province's own scope)
    assert body["problems"][0]["params"] == {"year": 2021, "name": "2022.yaml"}
    assert body["problems"][1]["params"] == {"scope": "vietnam", "expected": "vinh_phuc"}


def test_json_format_of_clean_data(data: DataFolder) -> None:
    run = data.validate("--format", "json")
    assert run.exit_code == 0
    assert json.loads(run.stdout) == {
        "stiplan": __version__,
        "data_format": 1,
        "as_of": {"year": None, "date": None},  # validate judges nothing by a date
        "data": "data",
        "lang": "vi",
        "problems": [],
        "errors": 0,
        "warnings": 0,
    }


def test_github_format_on_the_command_line(data: DataFolder) -> None:
    data.write("actuals/2022.yaml", "year: 2021\n")
    run = data.validate("--format", "github")
    assert run.exit_code == 1
    assert run.stderr == ""
    assert run.stdout == (
        "::error file=data/actuals/2022.yaml,line=1,col=7,title=stiplan year-mismatch::"
        "year 2021 does not match the file name 2022.yaml; set year: 2022 or rename the file\n"
    )


def test_github_format_escapes_messages_and_properties() -> None:
    problem = Problem(
        code="wrong-type",
        severity="error",
        path="C:\\data,v2\\actuals\\2022.yaml",
        line=3,
        column=4,
        message="100% wrong\r\nsecond line",
        hint="50% off",
    )
    assert as_github([problem]) == (
        "::error file=C%3A\\data%2Cv2\\actuals\\2022.yaml,line=3,col=4,title=stiplan wrong-type::"
        "100%25 wrong%0D%0Asecond line; 50%25 off\n"
    )
    warning = Problem("bad-file-name", "warning", "a%b", None, None, "x:y,z")
    assert as_github([warning]) == "::warning file=a%25b,title=stiplan bad-file-name::x:y,z\n"


def test_bad_format_is_a_usage_error(data: DataFolder) -> None:
    run = data.validate("--format", "xml")
    assert run.exit_code == 2
    assert "--format" in run.stderr
    assert "Traceback" not in run.stderr


# --- exit 2: no data folder --------------------------------------------------------------------


@pytest.mark.slow
def test_no_data_folder_anywhere(tmp_path: Path) -> None:
    run = run_module("validate", "--lang", "en", cwd=tmp_path, env_extra={"STIPLAN_DATA": ""})
    assert run.exit_code == 2
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("stiplan: error: no data folder found")
    assert str(tmp_path.resolve() / "data") in run.stderr  # names what was tried
    assert "--data" in run.stderr and "STIPLAN_DATA" in run.stderr


@pytest.mark.slow
def test_data_folder_without_targets(tmp_path: Path) -> None:
    (tmp_path / "data" / "actuals").mkdir(parents=True)
    (tmp_path / "data" / "actuals" / "2022.yaml").write_text("year: 2022\n", encoding="utf-8")
    run = run_module("validate", cwd=tmp_path, env_extra={"STIPLAN_DATA": ""})
    assert run.exit_code == 2
    assert str(tmp_path.resolve() / "data") in run.stderr
    assert "targets.yaml" in run.stderr


@pytest.mark.slow
def test_data_option_without_targets(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    run = run_module("validate", "--data", "elsewhere", "--lang", "en", cwd=tmp_path)
    assert run.exit_code == 2
    assert run.stderr == (
        "stiplan: error: --data 'elsewhere': no targets.yaml (nor plans/) in that folder\n"
        "stiplan: hint: pass --data DIR (a folder holding targets.yaml, or plans/ of several plans) or set STIPLAN_DATA\n"
    )


@pytest.mark.slow
def test_env_var_without_targets(tmp_path: Path) -> None:
    run = run_module("validate", "--lang", "en", cwd=tmp_path, env_extra={"STIPLAN_DATA": str(tmp_path)})
    assert run.exit_code == 2
    assert run.stderr == (
        f"stiplan: error: STIPLAN_DATA {str(tmp_path)!r}: no targets.yaml (nor plans/) in that folder\n"
        "stiplan: hint: pass --data DIR (a folder holding targets.yaml, or plans/ of several plans) or set STIPLAN_DATA\n"
    )


# --- start-up, version, internal errors --------------------------------------------------------


def test_version() -> None:
    import stiplan

    run = cli("--version")
    assert run.exit_code == 0
    assert run.stdout == f"stiplan {stiplan.__version__}\n"
    assert stiplan.__version__ == importlib.metadata.version("stiplan")


HELP_PROBE = """\
import sys
sys.argv = ["stiplan", "--help"]
from stiplan.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stdout.flush()
print("\\n#MODULES#", code, " ".join(sorted(sys.modules)))
"""


@pytest.mark.slow
def test_help_does_not_import_heavy_modules(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", HELP_PROBE], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    help_text, _, tail = proc.stdout.partition("#MODULES#")
    code, *modules = tail.split()
    assert code == "0"
    assert "validate" in help_text
    loaded = set(modules)
    assert "stiplan.cli" in loaded  # the probe did run the CLI
    heavy = {m for m in loaded if m in ("pydantic", "ruamel.yaml") or m.startswith(("pydantic.", "ruamel.yaml."))}
    heavy |= {m for m in loaded if m.startswith(("stiplan.views.status", "stiplan.views.report"))}
    assert not heavy, sorted(heavy)


COMMAND_PROBE = """\
import sys
from stiplan.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("#MODULES#", " ".join(sorted(m for m in sys.modules if m.startswith("stiplan.cli."))))
"""


@pytest.mark.slow
def test_a_run_imports_only_the_module_of_its_command(data: DataFolder) -> None:
    """`stiplan validate` needs cli/validate.py alone (with the shared options and renderer table);
    the other command modules stay unread."""
    proc = subprocess.run(
        [sys.executable, "-c", COMMAND_PROBE, "validate", "--data", str(data.root)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=data.base,
    )
    modules = set(proc.stdout.partition("#MODULES#")[2].split())
    shared = {"stiplan.cli.root", "stiplan.cli.options", "stiplan.cli.renderers"}
    assert modules == shared | {"stiplan.cli.validate"}, proc.stderr


def test_every_command_is_in_the_module_table() -> None:
    """A command missing from `COMMAND_MODULES`, or listed under the wrong module, could not be
    reached from the console script, which imports only the module the table names."""
    from stiplan.cli import app
    from stiplan.cli.root import COMMAND_MODULES, _command_name

    defined = {_command_name(c): c.callback.__module__ for c in app.registered_commands}
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        defined[group.name] = group.typer_instance.registered_commands[0].callback.__module__
    assert defined == {name: f"stiplan.cli.{module}" for name, module in COMMAND_MODULES.items()}


@pytest.mark.slow
def test_python_m_stiplan_help_runs(tmp_path: Path) -> None:
    run = run_module("--help", cwd=tmp_path)
    assert run.exit_code == 0
    assert "validate" in run.stdout
    assert run.stderr == ""


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_internal_error_is_one_line_without_traceback(
    data: DataFolder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import stiplan.actions.loading
    from stiplan.cli import main

    monkeypatch.setattr(stiplan.actions.loading, "load_dataset", _boom)
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--lang", "en"])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err == "stiplan: internal error: RuntimeError: boom (rerun with --debug for details)\n"
    with pytest.raises(SystemExit) as exc:
        main(["validate"])  # --lang vi, the default
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err == "stiplan: lỗi nội bộ: RuntimeError: boom (chạy lại với --debug để xem chi tiết)\n"


def test_internal_error_with_debug_raises(data: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    import stiplan.actions.loading
    from stiplan.cli import main

    monkeypatch.setattr(stiplan.actions.loading, "load_dataset", _boom)
    with pytest.raises(RuntimeError, match="boom"):
        main(["validate", "--debug"])


DEBUG_PROBE = """\
import sys
import stiplan.actions.loading
def boom(*args, **kwargs):
    raise RuntimeError("boom")
stiplan.actions.loading.load_dataset = boom
from stiplan.cli import main
main(sys.argv[1:])
"""


@pytest.mark.slow
@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_traceback_only_with_debug(data: DataFolder, debug: bool) -> None:
    args = ["--debug", "validate", "--lang", "en"] if debug else ["validate", "--lang", "en"]
    proc = subprocess.run(
        [sys.executable, "-c", DEBUG_PROBE, *args], capture_output=True, text=True, timeout=60, cwd=data.base
    )
    assert proc.returncode == 1
    if debug:
        assert "Traceback (most recent call last)" in proc.stderr
        assert proc.stderr.rstrip().endswith("RuntimeError: boom")
    else:
        assert proc.stderr == "stiplan: internal error: RuntimeError: boom (rerun with --debug for details)\n"


# --- the docs keep up -------------------------------------------------------------------------

GUIDES = sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "cli.md")
"""The hand-written pages (docs/cli.md, generated from every --help, would list any command)."""


# The table of problem codes is compared whole with the generated one in test_problem_codes.py.


def registered_commands() -> dict[str, object]:
    """Every command by its full name ('validate', 'task update'), groups included."""
    from stiplan.cli import app

    found: dict[str, object] = {}

    def walk(prefix: str, command: object) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            full = f"{prefix} {name}".strip()
            found[full] = sub
            walk(full, sub)

    walk("", typer.main.get_command(app))
    return found


def test_validate_is_registered() -> None:
    assert "validate" in registered_commands()


@pytest.mark.parametrize("name", sorted(registered_commands()))
def test_every_command_is_documented(name: str) -> None:
    """A section headed `stiplan NAME` in one of the guides under docs/, and an example in its --help."""
    heading = re.compile(rf"^#{{2,3}} `stiplan {re.escape(name)}[` ]", re.MULTILINE)
    pages = [p.name for p in GUIDES if heading.search(p.read_text(encoding="utf-8"))]
    assert pages, f"no page under docs/ has a section for stiplan {name}"
    help_text = getattr(registered_commands()[name], "help", None) or ""
    assert "Example:" in help_text, f"stiplan {name} --help has no Example:"


@pytest.mark.parametrize("command", [["record"], ["task", "update"]])
def test_each_example_of_a_help_keeps_its_own_line(command: list[str]) -> None:
    """click rewraps a help paragraph; the examples of `record` and `task update` are a block
    it leaves alone, so each one can be copied whole."""
    lines = [line.strip() for line in cli(*command, "--help").stdout.splitlines()]
    examples = [line for line in lines if line.startswith(("Example:", "Remove:"))]
    assert len(examples) == (4 if command == ["record"] else 3)
    assert all(line.split(":", 1)[1].strip().startswith("stiplan " + " ".join(command)) for line in examples)
