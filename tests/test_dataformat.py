"""The data format number: `format: N` on any data file; a newer one is refused, by name.

A file written for a later release (a change of layout bumps the number) must not
be half-read by an older stiplan: one located error names both formats and the installed
version, and no misleading schema errors follow it.
"""

from __future__ import annotations

import pytest

from conftest import ACTUALS_2022, PLAN, DataFolder, cli, parse_problem
from stiplan import __version__
from stiplan.dataformat import FORMAT

NEWER = FORMAT + 1


def test_a_file_that_states_no_format_or_the_current_one_is_read(data: DataFolder) -> None:
    assert data.validate("--strict").exit_code == 0  # conftest's files state none
    data.write("actuals/2022.yaml", f"format: {FORMAT}\n{ACTUALS_2022}")
    data.write_targets(tail="")  # unchanged
    run = data.validate("--strict")
    assert (run.exit_code, run.stdout) == (0, "")


def test_a_newer_targets_file_is_one_error_naming_both_formats(data: DataFolder) -> None:
    # a layout of the future: a top-level `plans:` list the current schema does not know
    data.write("targets.yaml", f"format: {NEWER}\nplans: []\n" + PLAN)
    run = data.validate()
    assert run.exit_code == 1
    found = run.only()  # not followed by unknown-field / missing-field noise
    assert (found.code, found.path, found.line, found.column) == ("newer-format", "data/targets.yaml", 1, 9)
    assert found.message == (
        f"this file is in data format {NEWER}; stiplan {__version__} reads data format {FORMAT} and older; "
        "upgrade stiplan to a release that reads it (see CHANGELOG.md)"
    )


@pytest.mark.parametrize("command", [["status"], ["tasks"], ["report", "--format", "md"]])
def test_every_command_that_reads_the_folder_stops_on_it(data: DataFolder, command: list[str]) -> None:
    data.write("actuals/2022.yaml", f"format: {NEWER}\n{ACTUALS_2022}")
    run = cli(*command)
    assert run.exit_code == 1
    assert "error[newer-format]" in run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def test_a_write_does_not_touch_a_file_of_a_newer_format(data: DataFolder) -> None:
    path = data.write("actuals/2022.yaml", f"format: {NEWER}\n{ACTUALS_2022}")
    before = path.read_bytes()
    run = cli("record", "dti_rank", "2022", "17", "--of", "63", "--source", "x", "--replace")
    assert run.exit_code == 1
    assert path.read_bytes() == before


def test_the_report_settings_file_carries_the_format_too(data: DataFolder) -> None:
    data.write("report.yaml", f"format: {NEWER}\nnumber: '12/BC'\n")
    run = cli("report", "--format", "docx", "-o", str(data.base / "r.docx"))
    assert run.exit_code == 1
    found = parse_problem(run.stderr.splitlines()[0])
    assert (found.code, found.path, found.line, found.column) == ("newer-format", "data/report.yaml", 1, 9)
    assert not (data.base / "r.docx").exists()


@pytest.mark.parametrize(("value", "code"), [("0", "invalid-value"), ("'2'", "wrong-type"), ("true", "wrong-type")])
def test_a_format_that_is_not_a_number_of_a_format_is_a_schema_error(data: DataFolder, value: str, code: str) -> None:
    data.write("actuals/2022.yaml", f"format: {value}\n{ACTUALS_2022}")
    found = data.validate().only()
    assert (found.path, found.line, found.column) == ("data/actuals/2022.yaml", 1, 9)
    assert found.code == code


def test_the_schemas_describe_the_field() -> None:
    from stiplan.views import schema as S

    for name in S.FILES:
        prop = S.schema_for(name)["properties"]["format"]
        assert (prop["type"], prop["minimum"], prop["maximum"], prop["default"]) == ("integer", 1, FORMAT, 1), name
