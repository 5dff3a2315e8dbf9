"""Every JSON output carries one envelope: stiplan's version, the data format, the judging
date as `{year, date}`, the data folder and the language, first and in that order.

The commands are found from the application itself (every command whose `--format` offers
`json`), so a new command with JSON output fails here until it is listed with a run.
"""

from __future__ import annotations

import json
import shutil
from enum import Enum
from typing import Any, Literal, get_args, get_origin

import pytest
import typer.main

from conftest import DataFolder, cli
from stiplan import __version__
from stiplan.cli import app
from test_diff import commit, git
from test_signing import SIGNED

KEYS = ["stiplan", "data_format", "as_of", "data", "lang"]

# command path → (arguments, the envelope expected, worked out by hand). The test plan declares
# no reporting cut-off, so a bare year is judged on 31 December of it.
RUNS: dict[str, list[tuple[list[str], dict[str, Any]]]] = {
    "status": [
        (
            ["status", "-f", "json", "--as-of", "2026", "--lang", "en"],
            {"as_of": {"year": 2026, "date": "2026-12-31"}, "data": "data", "lang": "en"},
        )
    ],
    "show": [
        (
            ["show", "dti_rank", "-f", "json", "--as-of", "2025-06-30"],
            {"as_of": {"year": 2025, "date": "2025-06-30"}, "data": "data", "lang": "vi"},
        )
    ],
    "tasks": [
        (
            ["tasks", "-f", "json", "--as-of", "2026-06-30"],
            {"as_of": {"year": 2026, "date": "2026-06-30"}, "data": "data", "lang": "vi"},
        ),
        (
            ["tasks", "--by", "agency", "-f", "json", "--as-of", "2026", "--lang", "en"],
            {"as_of": {"year": 2026, "date": "2026-12-31"}, "data": "data", "lang": "en"},
        ),
    ],
    "collect status": [
        (
            ["collect", "status", "2026", "-f", "json", "--as-of", "2026-12-20"],
            {"as_of": {"year": 2026, "date": "2026-12-20"}, "data": "data", "lang": "vi"},
        )
    ],
    "validate": [
        (["validate", "-f", "json"], {"as_of": {"year": None, "date": None}, "data": "data", "lang": "vi"}),
    ],
    "report": [
        (
            ["report", "-f", "json", "--as-of", "2026"],  # its sources are in the report's language
            {"as_of": {"year": 2026, "date": "2026-12-31"}, "data": "data", "lang": "vi"},
        ),
        (  # the pre-signing checklist, with settings that leave nothing open (it exits 0)
            ["report", "--check", "-f", "json", "--as-of", "2026", "--settings", str(SIGNED)],
            {"as_of": {"year": 2026, "date": "2026-12-31"}, "data": "data", "lang": "vi"},
        ),
    ],
    "export": [
        (
            ["export", "-f", "json", "--as-of", "2024", "--lang", "en"],
            {"as_of": {"year": 2024, "date": "2024-12-31"}, "data": "data", "lang": "en"},
        )
    ],
    "rollup": [
        (
            ["rollup", "data", "-f", "json", "--as-of", "2026"],
            {"as_of": {"year": 2026, "date": None}, "data": ["data"], "lang": "vi"},
        )
    ],
    "diff": [
        (
            ["diff", "HEAD", "-f", "json", "--as-of", "2026"],
            {"as_of": {"year": 2026, "date": None}, "data": "data", "lang": "vi"},
        )
    ],
}


def choices(param: Any) -> tuple[str, ...]:
    """The values an option accepts: click's Choice, or (recent typer, which builds its types
    lazily) the Enum the option is annotated with."""
    kind = getattr(param, "type", None)
    if kind is not None:
        return tuple(getattr(kind, "choices", ()))
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple(str(m.value) for m in annotation)
    if get_origin(annotation) is Literal:  # built from a renderer table (cli/renderers.py)
        return tuple(str(v) for v in get_args(annotation))
    return ()


def json_commands() -> set[str]:
    """Every command (and subcommand) whose --format offers json."""
    found = set()

    def walk(command: Any, path: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())
        for param in getattr(command, "params", []):
            if param.name == "format" and "json" in choices(param):
                found.add(path)

    walk(typer.main.get_command(app), "")
    return found


def test_every_json_command_is_checked() -> None:
    assert json_commands() == set(RUNS)


@pytest.mark.parametrize("command", sorted(RUNS))
def test_json_output_carries_the_envelope(data: DataFolder, command: str) -> None:
    if command == "diff":
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        git(data.base, "init", "-q", "-b", "main")
        commit(data.base, "data")
    for args, expected in RUNS[command]:
        run = cli(*args)
        assert run.exit_code == 0, run.stderr
        body = json.loads(run.stdout)
        assert list(body)[: len(KEYS)] == KEYS
        assert {k: body[k] for k in KEYS} == {"stiplan": __version__, "data_format": 1, **expected}
        assert len(body) > len(KEYS)  # the command's own body follows
