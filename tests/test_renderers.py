"""Output formats come from one table of renderers per command (cli/renderers.py): the `--format`
choices `--help` prints are exactly the table's keys, in its order, so a format cannot be offered
without a renderer nor a renderer left out of the help."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from conftest import cli
from stiplan.cli import collect, diff, export, report, rollup, status, tasks, validate
from test_json_envelope import json_commands

TABLES: dict[str, Mapping[str, object]] = {
    "status": status.STATUS_FORMATS,
    "show": status.SHOW_FORMATS,
    "diff": diff.DIFF_FORMATS,
    "rollup": rollup.ROLLUP_FORMATS,
    "export": export.EXPORT_FORMATS,
    "tasks": tasks.TASKS_FORMATS,
    "validate": validate.VALIDATE_FORMATS,
    "collect status": collect.ROUND_FORMATS,
    "report": report.REPORT_FORMATS,
}


def help_choices(command: str) -> list[str]:
    """The choices `stiplan COMMAND --help` prints for --format: `-f, --format <a|b|c>`."""
    run = cli(*command.split(), "--help")
    assert run.exit_code == 0
    found = re.search(r"--format <([a-z|]+)>", run.stdout)
    assert found, run.stdout
    return found[1].split("|")


@pytest.mark.parametrize("command", sorted(TABLES))
def test_the_help_offers_exactly_the_formats_the_table_renders(command: str) -> None:
    assert help_choices(command) == list(TABLES[command])


@pytest.mark.parametrize("command", sorted(TABLES))
def test_a_format_without_a_renderer_is_refused_as_usage(command: str) -> None:
    run = cli(*command.split(), *(["x"] if command == "show" else []), "--format", "yaml", "--lang", "en")
    assert run.exit_code == 2
    assert "'yaml' is not one of" in run.stderr


def test_every_command_with_a_format_has_a_table() -> None:
    formats = json_commands()  # every command with --format offers json
    assert formats == set(TABLES)
