"""The process's entry point (`cli.root.run`) ends without the interpreter's teardown, yet owes
nothing: its status, its output, every exit handler. The process cases run a real process."""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DataFolder
from stiplan.cli import root

# The first argument names a file each exit handler appends its word to; the rest is stiplan's.
PRELUDE = """
import atexit, sys
marker = sys.argv.pop(1)

def handler(word):
    def write():
        with open(marker, "a") as fh:
            fh.write(word + "\\n")
    return write
"""
RUN = "from stiplan.cli import root\nroot.run()\n"
HANDLER_DURING = """
from stiplan.cli import root
real = root.main
def main():
    atexit.register(handler("handler during the command"))
    real()
root.main = main
root.run()
"""
HANDLER_BEFORE = 'atexit.register(handler("handler before"))\n' + RUN


def _run(script: str, marker: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PRELUDE + script, str(marker), *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow  # runs stiplan in a child process
def test_the_whole_output_reaches_the_reader(data: DataFolder, tmp_path: Path) -> None:
    done = _run(RUN, tmp_path / "marker", "status", "--format", "json", "--data", str(data.root))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stiplan"]  # the whole document, flushed before the end


@pytest.mark.slow  # runs stiplan in two child processes
def test_its_status_is_mains(data: DataFolder, tmp_path: Path) -> None:
    assert _run(RUN, tmp_path / "m1", "status", "--bogus").returncode == 2  # a usage error
    data.write("actuals/2022.yaml", "year: [\n")
    bad = _run(RUN, tmp_path / "m2", "validate", "--data", str(data.root))
    assert bad.returncode == 1 and "2022.yaml" in bad.stdout + bad.stderr


@pytest.mark.slow  # runs stiplan in a child process
def test_a_handler_registered_during_the_command_still_runs(data: DataFolder, tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    done = _run(HANDLER_DURING, marker, "status", "--data", str(data.root))
    assert done.returncode == 0, done.stderr
    assert marker.read_text(encoding="utf-8") == "handler during the command\n"


@pytest.mark.slow  # runs stiplan in a child process
def test_a_handler_registered_before_it_still_runs(data: DataFolder, tmp_path: Path) -> None:
    """It would run after the fast end, that is never: the process then ends as usual."""
    marker = tmp_path / "marker"
    done = _run(HANDLER_BEFORE, marker, "status", "--data", str(data.root))
    assert done.returncode == 0, done.stderr
    assert marker.read_text(encoding="utf-8") == "handler before\n"


def test_the_last_handler_leaves_with_mains_status_and_only_then(monkeypatch: pytest.MonkeyPatch) -> None:
    left: list[int] = []
    monkeypatch.setattr(os, "_exit", left.append)
    root._end_without_teardown([])  # main never finished: the interpreter ends as usual
    assert left == []
    root._end_without_teardown([3])
    assert left == [3]


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), ("a message", 1)])
def test_a_system_exit_s_status_is_the_interpreter_s(code: object, status: int) -> None:
    assert root._status_of(SystemExit(code)) == status


def test_run_registers_the_fast_end_only_when_it_would_be_the_last_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[object] = []
    monkeypatch.setattr(atexit, "register", lambda f, *a: registered.append(f))
    monkeypatch.setattr(root, "main", lambda: None)
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 1)  # pytest's own, say
    root.run()
    assert registered == []
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0)
    root.run()
    assert registered == [root._end_without_teardown]
