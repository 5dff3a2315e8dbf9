"""The guard of conftest.py: a test that reads the repository's live data/ would fail.

The live folder is a Department's data, changed by stiplan's own commands; a test that read
it would turn red after a normal collection round.
"""

from __future__ import annotations

import sys
from pathlib import Path

import conftest
from conftest import FROZEN, LIVE_DATA, ROOT


def test_reading_a_live_file_is_seen_and_a_frozen_one_is_not() -> None:
    live = str(LIVE_DATA / "targets.yaml")
    assert conftest._touches_live_data("open", (live, "r", 0)) == f"open {live}"
    assert conftest._touches_live_data("os.scandir", (str(LIVE_DATA / "actuals"),)) is not None
    assert conftest._touches_live_data("open", (str(FROZEN / "targets.yaml"), "r", 0)) is None
    assert conftest._touches_live_data("open", (str(ROOT / "README.md"), "r", 0)) is None


def test_a_child_process_in_the_repository_or_given_the_live_folder_is_seen(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "stiplan", "status"]
    assert conftest._touches_live_data("subprocess.Popen", (sys.executable, argv, str(ROOT), None))
    given = [*argv, "--data", str(LIVE_DATA)]
    assert conftest._touches_live_data("subprocess.Popen", (sys.executable, given, str(tmp_path), None))
    env = {"STIPLAN_DATA": str(LIVE_DATA)}
    assert conftest._touches_live_data("subprocess.Popen", (sys.executable, argv, str(tmp_path), env))
    assert conftest._touches_live_data("subprocess.Popen", (sys.executable, argv, str(tmp_path), None)) is None


def test_the_hook_is_installed_and_records_a_real_read() -> None:
    """An actual open() of a live file reaches the hook; the record is then cleared so that
    this test (which means to do it) passes, where any other test would fail at teardown."""
    assert conftest._live_reads == []
    with open(LIVE_DATA / "agencies.yaml", "rb"):  # a file every layout of data/ keeps at its top
        pass
    seen, conftest._live_reads[:] = list(conftest._live_reads), []
    assert seen == [f"open {LIVE_DATA / 'agencies.yaml'}"]


def test_every_test_starts_outside_the_repository() -> None:
    from pathlib import Path

    assert ROOT not in (Path.cwd(), *Path.cwd().parents)
