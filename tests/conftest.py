"""Shared fixtures: a tiny valid data folder in tmp_path, and ways to run `stiplan` on it.

The folder is small enough that a test can rewrite one file inline and count its lines by
hand. `PLAN` is the first 13 lines of every targets.yaml written by the tests, so an indicator
appended after it starts on line 14.

Tests never read the repository's own `data/`: it is a Department's living data, which
stiplan's commands change. Those that need the real plan read `FROZEN`, a copy of it as
transcribed (tests/fixtures/shipped). Every test runs in its own empty working folder, and an
audit hook fails any test that opens a file under `data/` or starts a child process there.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
import typer.testing
from typer.testing import CliRunner

ROOM_NEEDED = 2 * 1024**3
"""Free space /dev/shm must have to hold the suite's temporary folders: a run leaves about 170 MB
(the fast loop) to 350 MB there, kept until the next run (pyproject's tmp_path_retention_count);
several times that, so the memory filesystem is never the one a machine runs short of."""


def _temporary_folders_in_memory() -> None:
    """Put the suite's temporary folders (every tmp_path, the load cache, `diff`'s checkouts of
    a revision) on the machine's memory filesystem, /dev/shm, when it has one that runs programs
    (git's hooks) and TMPDIR names no other place. The tests write, fsync and remove some
    thousands of small data folders; on a disk that was 4-6 s of the fast loop's ~50 s CPU, and
    more of its wall time (fsync waits). No test depends on the disk under it: what a write guarantees
    (atomic replace, fsync called) is tested on its own (test_recording, test_hardening).
    `TMPDIR=/tmp pytest …` runs the suite on the disk."""
    shm = "/dev/shm"
    if os.environ.get("TMPDIR") or not os.path.isdir(shm) or not os.access(shm, os.W_OK | os.X_OK):
        return
    fs = os.statvfs(shm)
    if fs.f_flag & getattr(os, "ST_NOEXEC", 0):
        return
    if fs.f_bavail * fs.f_frsize < ROOM_NEEDED:  # a container's /dev/shm is often 64 MB
        return
    os.environ["TMPDIR"] = shm  # child processes (xdist's workers, git) inherit it
    tempfile.tempdir = None  # gettempdir() looks again


_temporary_folders_in_memory()

ROOT = Path(__file__).resolve().parents[1]
FOLDER_NAME = "data"
"""The name `stiplan` looks for upward from the working folder (store.reading.find_data_dir)."""
FROZEN = ROOT / "tests" / "fixtures" / "shipped"
"""The shipped plan as transcribed, frozen: what the transcription and fidelity tests read."""
TWO_PLANS = ROOT / "tests" / "fixtures" / "two_plans"
"""data/ as shipped with two plans (843 and 57-NQ/TW, plans/<id>/), frozen: what the tests of a
folder of several plans read."""
LIVE_DATA = ROOT / FOLDER_NAME
"""The repository's own data folder: no test may read it (see `_live_data_guard`)."""

PLAN = """\
plan:
  id: test_plan
  decision: "1/QĐ-UBND"
  date: 2023-04-18
  title: {vi: "Kế hoạch thử", en: "Test plan"}
  issuer: {vi: "UBND tỉnh", en: "People's Committee"}
  period: {start: 2023, end: 2030}
  milestones: [2025, 2030]
  jurisdiction: vinh_phuc
  scopes:
    - {id: vinh_phuc, name: {vi: "tỉnh Vĩnh Phúc", en: "Vinh Phuc province"}}
    - {id: vietnam, name: {vi: "Việt Nam", en: "Vietnam"}}
indicators:
"""
PLAN_LINES = 13
assert PLAN.count("\n") == PLAN_LINES

INDICATORS = """\
  - id: tfp_contribution
    name: {vi: "Đóng góp của TFP", en: "TFP contribution"}
    unit: percent
    direction: increase
    source: {clause: II.2.a, text: "phấn đấu đạt mức 50%"}
    targets:
      - {year: 2025, kind: at_least, value: 50}
  - id: dti_rank
    name: {vi: "Xếp hạng DTI", en: "DTI rank"}
    unit: rank
    direction: decrease
    source: {clause: II.2.b, text: "nhóm 20 tỉnh đứng đầu"}
    targets:
      - {year: 2025, kind: rank_within, value: 20}
  - id: st_enterprises
    name: {vi: "Số doanh nghiệp KH&CN", en: "S&T enterprises"}
    unit: count
    direction: increase
    source: {clause: II.2.h, text: "phát triển thêm 05 doanh nghiệp"}
    targets:
      - {year: 2025, kind: increment_over_baseline, value: 5, baseline_year: 2020}
"""

AGENCIES = """\
agencies:
  - id: dost
    name: {vi: "Sở Khoa học và Công nghệ", en: "Department of Science and Technology"}
    kind: department
    aliases: ["Sở Khoa học và Công nghệ", "Sở KH&CN"]
  - id: dpi
    name: {vi: "Sở Kế hoạch và Đầu tư", en: "Department of Planning and Investment"}
    kind: department
    aliases: ["Sở Kế hoạch và Đầu tư"]
"""

TASKS_HEAD = """\
parts:
  - id: A
    title: {vi: "Nhiệm vụ", en: "Tasks"}
    groups:
      - {id: I, title: {vi: "Hàng năm", en: "Yearly"}}
tasks:
"""
TASKS_HEAD_LINES = 6
assert TASKS_HEAD.count("\n") == TASKS_HEAD_LINES

TASKS = """\
  - id: 1
    part: A
    group: I
    title: {vi: "Nhiệm vụ một"}
    lead: dost
    cooperating: [dpi]
    timeframe: {text: "2023-2025", start: 2023, end: 2025}
  - id: 2
    part: A
    group: I
    title: {vi: "Nhiệm vụ hai"}
    lead: dpi
    timeframe: {text: "Hàng năm", start: 2023, yearly: true}
"""

ACTUALS_2022 = """\
year: 2022
indicators:
  dti_rank:
    value: 18
    of: 63
    source: "dti.gov.vn/xep-hang-2022"
  tfp_contribution:
    value: 46.11
    source: "english.vtv.vn (2019-12)"
    scope: vietnam
    note: "National reference figure."
tasks:
  1:
    status: in_progress
    source: "Báo cáo 12/BC-SKHCN"
"""


@dataclass
class Run:
    """The outcome of one `stiplan` run: exit code, stdout, stderr."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        """The problem lines (`validate` prints them on stdout: they are its result)."""
        return self.stdout.splitlines()

    @property
    def problems(self) -> list[Found]:
        """Every problem line of stdout, parsed; fails on a line that is not a problem."""
        assert "Traceback" not in self.stderr + self.stdout, self.stderr
        return [parse_problem(line) for line in self.lines]

    def only(self) -> Found:
        """The single problem reported (fails when there are none or several)."""
        found = self.problems
        assert len(found) == 1, self.stdout
        return found[0]


@dataclass(frozen=True)
class Found:
    """One parsed `path:line:col: severity[code]: message; hint` line."""

    path: str
    line: int | None
    column: int | None
    severity: str
    code: str
    message: str


PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:]+?)(?::(?P<line>\d+))?(?::(?P<column>\d+))?: "
    r"(?P<severity>error|warning)\[(?P<code>[a-z0-9-]+)\]: (?P<message>.*)$"
)


LETTERHEAD = """\
issuing_body: "UBND TỈNH"
agency: "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
recipients: ["Ủy ban nhân dân tỉnh"]
place: "Việt Trì"
signatory: {title: "GIÁM ĐỐC"}
"""
"""Every setting the Word report needs, for a test folder whose plan names no collector."""


def parse_problem(line: str) -> Found:
    m = PROBLEM_LINE.match(line)
    assert m, f"not a problem line: {line!r}"
    return Found(
        path=m["path"],
        line=int(m["line"]) if m["line"] else None,
        column=int(m["column"]) if m["column"] else None,
        severity=m["severity"],
        code=m["code"],
        message=m["message"],
    )


class DataFolder:
    """A valid data folder at <tmp>/data; the working directory is <tmp>."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.root = base / FOLDER_NAME

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def write_targets(self, indicators: str = INDICATORS, tail: str = "") -> Path:
        return self.write("targets.yaml", PLAN + indicators + tail)

    def write_tasks(self, tasks: str = TASKS) -> Path:
        return self.write("tasks.yaml", TASKS_HEAD + tasks)

    def validate(self, *args: str) -> Run:
        """In English unless the test asks otherwise: the tests read the messages' English wording."""
        english = () if "--lang" in args or "json" in args else ("--lang", "en")
        return cli("validate", *args, *english)

    def clear_actuals(self) -> None:
        """Leave one empty actuals file, so a test that rewrites targets or tasks stands alone."""
        for path in (self.root / "actuals").glob("*"):
            path.unlink()
        self.write("actuals/2022.yaml", "year: 2022\n")


def cli(*args: str) -> Run:
    """Run the typer app in-process. Fails the test on any exception other than an exit."""
    result = CliRunner().invoke(_app(), list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"stiplan raised {result.exception!r}") from result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def _app() -> typer.Typer:
    from stiplan.cli import app

    return app


_built: dict[tuple[int, int, int], Any] = {}


def _command_built_once(typer_instance: typer.Typer) -> Any:  # typer's or click's Command, by typer's version
    """typer's CliRunner rebuilds the click command from the app on every invoke: two thirds of
    a short command's time in the suite. The app changes only when a command is registered."""
    app = typer_instance
    key = (id(app), len(app.registered_commands), len(app.registered_groups))
    if key not in _built:
        _built[key] = typer.main.get_command(app)
    return _built[key]


vars(typer.testing)["_get_command"] = _command_built_once  # the private name CliRunner.invoke looks up


def git_env() -> dict[str, str]:
    """The environment of a git child process: a fixed identity, and no system or user config."""
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }


def run_module(*args: str, cwd: Path, env_extra: dict[str, str] | None = None, timeout: float = 60) -> Run:
    """Run `python -m stiplan` in a child process, for exact stdout, stderr and exit code."""
    env = {k: v for k, v in os.environ.items() if k != "STIPLAN_DATA"}
    env.update(env_extra or {})
    proc = subprocess.run(
        [sys.executable, "-m", "stiplan", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def tiny_folder(base: Path) -> DataFolder:
    """The `data` fixture's folder at <base>/data, for a fixture of wider scope to build once."""
    folder = DataFolder(base)
    folder.write_targets()
    folder.write("agencies.yaml", AGENCIES)
    folder.write_tasks()
    folder.write("actuals/2022.yaml", ACTUALS_2022)
    return folder


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataFolder:
    """A tiny valid data folder; cwd is its parent, so problems are reported as data/...."""
    folder = tiny_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STIPLAN_DATA", raising=False)
    return folder


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataFolder:
    """A copy of the frozen shipped plan (`FROZEN`); cwd is its parent."""
    return _copy_of(FROZEN, tmp_path, monkeypatch)


def _copy_of(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataFolder:
    """A copy of a frozen folder as <tmp>/data; cwd is its parent, $STIPLAN_DATA unset."""
    folder = DataFolder(tmp_path)
    shutil.copytree(source, folder.root)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STIPLAN_DATA", raising=False)
    return folder


@pytest.fixture
def two_plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataFolder:
    """A copy of the frozen two-plan folder (`TWO_PLANS`); cwd is its parent."""
    return _copy_of(TWO_PLANS, tmp_path, monkeypatch)


@pytest.fixture(autouse=True, scope="session")
def _private_load_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the tests' load cache out of the user's ~/.cache (subprocesses inherit this)."""
    os.environ["STIPLAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("stiplan-cache"))
    _session_factory[:] = [tmp_path_factory]


# --- the inner loop: `pytest -m "not slow"` ------------------------------------------------------

WHOLLY_SLOW = re.compile(r"^pytestmark = pytest\.mark\.slow\b", re.MULTILINE)
"""How a module says all its tests are slow (test_fuzz, test_packaging, test_report_docx, …)."""


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under `-m "not slow"`, a module marked slow as a whole is not imported at all: every test
    of it would be deselected, after importing what it needs (hypothesis, the packaging tools)
    in each xdist worker. Its text is read, not run; any other mark expression collects it."""
    if config.getoption("markexpr") != "not slow" or not collection_path.name.startswith("test_"):
        return None
    if collection_path.suffix != ".py":
        return None
    try:
        text = collection_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return True if WHOLLY_SLOW.search(text) else None


# --- folders built once a session, copied by each test that uses them ---------------------------

_session_factory: list[pytest.TempPathFactory] = []
_built_folders: dict[tuple[int, str], Path] = {}


def built_once(key: str, build: Callable[[Path], None]) -> Path:
    """The folder `build(base)` fills, built the first time a test of this session (of this
    xdist worker) asks for `key`, and never written after: a test that changes it works on its
    own copy (`copy_built`). For what several tests build the same way (a round of forms on the
    shipped plan) and is slow to build; `key` must name everything `build` does."""
    factory = _session_factory[0]
    entry = (id(factory), key)
    if entry not in _built_folders:
        _built_folders[entry] = _build_shared(factory, key, build) or _build_here(factory, build)
    return _built_folders[entry]


def _build_here(factory: pytest.TempPathFactory, build: Callable[[Path], None]) -> Path:
    base = factory.mktemp("built")
    build(base)
    return base


def _build_shared(factory: pytest.TempPathFactory, key: str, build: Callable[[Path], None]) -> Path | None:
    """Under xdist, the folder built once for the whole run, not once per worker: the first
    worker to ask builds it in the run's folder that every worker's own lies in, holding a lock
    the others wait on; a `.done` mark says it is whole (a build that failed half-way is made
    again). None when this is no xdist worker, or the system has no `fcntl` (each process then
    builds its own, as without xdist)."""
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return None
    shared = factory.getbasetemp().parent / "built-once"  # pytest-N/, the run's, holds popen-gwK/
    shared.mkdir(exist_ok=True)
    name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    base, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not done.exists():
            if base.exists():
                shutil.rmtree(base)
            base.mkdir()
            build(base)
            done.touch()
    return base


def copy_built(built: Path, dest: Path) -> Path:
    """A copy of a `built_once` folder's contents into `dest` (files that exist are replaced)."""
    for item in built.iterdir():
        if item.is_dir():
            if (dest / item.name).exists():
                shutil.rmtree(dest / item.name)
            shutil.copytree(item, dest / item.name)
        else:
            shutil.copy2(item, dest / item.name)
    return dest


# --- the guard: no test reads the live data/ ---------------------------------------------------

_LIVE_PREFIX = str(LIVE_DATA) + os.sep
_live_reads: list[str] = []
"""What the running test did to the live data/ (the audit hook cannot fail a test itself: a
raise inside it would reach the code under test, which may catch and report it)."""


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + os.sep)


def _text(value: object) -> str | None:
    """A path-like argument of an audit event as text; None for anything else (an fd)."""
    return os.fsdecode(value) if isinstance(value, (str, bytes, os.PathLike)) else None


def _touches_live_data(event: str, args: tuple[object, ...]) -> str | None:
    """A description of what the event does to the live data/ folder, or None."""
    if event in ("open", "os.listdir", "os.scandir"):
        target = _text(args[0]) if args else None
        if target is not None and _inside(os.path.abspath(target), str(LIVE_DATA)):
            return f"{event} {os.path.abspath(target)}"
    elif event == "subprocess.Popen":
        _executable, argv, cwd, env = args
        where = os.path.abspath(_text(cwd) or os.getcwd())
        if _inside(where, str(ROOT)):
            return f"a child process started in the repository ({where}): {argv!r}"
        words = [_text(a) for a in argv] if isinstance(argv, (list, tuple)) else [_text(argv)]
        words += [_text(v) for v in env.values()] if isinstance(env, dict) else []
        if any(_inside(os.path.abspath(w), str(LIVE_DATA)) for w in words if w and w.startswith(os.sep)):
            return f"a child process given the live data folder: {argv!r}"
    return None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event not in ("open", "os.listdir", "os.scandir", "subprocess.Popen"):
        return
    found = _touches_live_data(event, args)
    if found is not None:
        _live_reads.append(found)


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def _live_data_guard(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts in an empty folder of its own (so the upward search for data/ finds
    nothing of the repository's) and fails if it touched the live data/ anyway."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    monkeypatch.delenv("STIPLAN_DATA", raising=False)
    _live_reads.clear()
    yield
    found, _live_reads[:] = list(_live_reads), []
    assert not found, "the test read the repository's live data/ folder: " + "; ".join(found[:3])
