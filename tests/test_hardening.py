"""Hardening: hostile files, odd devices, non-finite numbers, a cache that cannot run code,
output that goes where asked, interrupted writes. One parametrized case per attack, each on a
copy of the data, each guarded by an alarm so that a regression fails instead of hanging.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import INDICATORS, PLAN, PLAN_LINES, DataFolder, cli

HAS_FIFO = hasattr(os, "mkfifo")
GUARD_SECONDS = 30  # a hang would fail here; a healthy case takes well under a second


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """Fail (not hang) when a case blocks: SIGALRM raises inside the blocked call."""

    def timeout(signum: int, frame: object) -> None:
        raise TimeoutError(f"case took more than {GUARD_SECONDS} s: something blocked")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(GUARD_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Case:
    """One hostile data folder: `setup` changes a copy of the tiny valid folder; `expect` is
    (code, path, line, column) of the problem validate must report, or None for clean data."""

    id: str
    setup: Callable[[DataFolder], object]
    expect: tuple[str, str, int | None, int | None] | None
    needs_fifo: bool = False


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    os.mkfifo(path)


def _link(path: Path, target: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def _dir(path: Path) -> None:
    if path.exists():
        path.unlink()
    path.mkdir(parents=True)
    (path / "README").write_text("a directory, as git can commit one\n")


def _outside_fifo(d: DataFolder) -> None:
    # Reading the target would block forever: refusing it unread is what keeps this fast.
    os.mkfifo(d.base / "outside.fifo")
    _link(d.root / "actuals/2023.yaml", d.base / "outside.fifo")


def _outside_regular(d: DataFolder) -> None:
    (d.base / "secret.yaml").write_text("year: 2023\n")
    _link(d.root / "actuals/2023.yaml", d.base / "secret.yaml")


def _inside_link(d: DataFolder) -> None:
    d.write("extra/2023.yaml", "year: 2023\n")
    _link(d.root / "actuals/2023.yaml", "../extra/2023.yaml")


def _actual(value: str) -> Callable[[DataFolder], None]:
    """actuals/2023.yaml whose line 4 is `    value: VALUE` (the value starts at column 12)."""

    def setup(d: DataFolder) -> None:
        d.write("actuals/2023.yaml", f'year: 2023\nindicators:\n  dti_rank:\n    value: {value}\n    source: "s"\n')

    return setup


def _target_line(old: str, new: str) -> Callable[[DataFolder], None]:
    def setup(d: DataFolder) -> None:
        assert old in INDICATORS
        d.write_targets(INDICATORS.replace(old, new))

    return setup


def _plan_date(d: DataFolder) -> None:
    d.write("targets.yaml", PLAN.replace("date: 2023-04-18", "date: 2023-02-29") + INDICATORS)


def _task_date(d: DataFolder) -> None:
    d.write("actuals/2023.yaml", "year: 2023\ntasks:\n  1:\n    status: done\n    source: s\n    date: 2024-02-30\n")


def _name_escape(d: DataFolder) -> None:
    d.write_targets(INDICATORS.replace('vi: "Đóng góp của TFP"', 'vi: "Đóng góp\\e[2J của TFP"'))


def _source_bidi(d: DataFolder) -> None:
    d.write("actuals/2023.yaml", 'year: 2023\nindicators:\n  dti_rank:\n    value: 17\n    source: "abc\\u202Edef"\n')


def _key_escape(d: DataFolder) -> None:
    d.write("actuals/2023.yaml", 'year: 2023\nindicators:\n  "\\e[31mdti":\n    value: 17\n    source: "s"\n')


def _yml_beside_yaml(d: DataFolder) -> None:
    d.write("actuals/2022.yml", "year: 2022\n")


def _too_large(d: DataFolder) -> None:
    from stiplan.store.safefile import MAX_BYTES

    d.write("actuals/2023.yaml", b"year: 2023\n" + b"#" * MAX_BYTES)


def _blank_line_source(d: DataFolder) -> None:
    d.write("actuals/2023.yaml", 'year: 2023\nindicators:\n  dti_rank:\n    value: 17\n    source: "one\\n\\ntwo"\n')


def _formula_source(d: DataFolder) -> None:
    d.write(
        "actuals/2023.yaml", "year: 2023\nindicators:\n  dti_rank:\n    value: 17\n    source: \"=HYPERLINK('x')\"\n"
    )


A = "data/actuals/2023.yaml"
# Targets: PLAN has 13 lines; INDICATORS' line 7 is tfp's target, line 21 st_enterprises'.
T_TFP_TARGET = PLAN_LINES + 7  # 20
T_ST_TARGET = PLAN_LINES + 21  # 34
CASES = [
    # --- only regular files, only inside the folder, one year one file
    Case("actuals-fifo", lambda d: _fifo(d.root / "actuals/2023.yaml"), ("not-a-file", A, None, None), True),
    Case(
        "targets-fifo", lambda d: _fifo(d.root / "targets.yaml"), ("not-a-file", "data/targets.yaml", None, None), True
    ),
    Case(
        "link-to-dev-zero", lambda d: _link(d.root / "actuals/2023.yaml", "/dev/zero"), ("link-outside", A, None, None)
    ),
    Case("year-file-is-a-directory", lambda d: _dir(d.root / "actuals/2023.yaml"), ("not-a-file", A, None, None)),
    Case(
        "agencies-is-a-directory",
        lambda d: _dir(d.root / "agencies.yaml"),
        ("not-a-file", "data/agencies.yaml", None, None),
    ),
    Case("link-out-to-a-fifo", _outside_fifo, ("link-outside", A, None, None), True),
    Case("link-out-to-a-file", _outside_regular, ("link-outside", A, None, None)),
    Case(
        "dangling-agencies",
        lambda d: _link(d.root / "agencies.yaml", "nowhere.yaml"),
        ("dangling-link", "data/agencies.yaml", None, None),
    ),
    Case(
        "dangling-actuals", lambda d: _link(d.root / "actuals/2023.yaml", "gone.yaml"), ("dangling-link", A, None, None)
    ),
    Case("link-inside-the-folder", _inside_link, None),
    Case("yml-beside-yaml", _yml_beside_yaml, ("duplicate-year", "data/actuals/2022.yml", None, None)),
    Case(
        "fullwidth-digits",
        lambda d: d.write("actuals/２０２３.yaml", "year: 2023\n"),
        ("bad-file-name", "data/actuals/２０２３.yaml", None, None),
    ),
    Case(
        "arabic-indic-digits",
        lambda d: d.write("actuals/٢٠٢٣.yaml", "year: 2023\n"),
        ("bad-file-name", "data/actuals/٢٠٢٣.yaml", None, None),
    ),
    Case("too-large", _too_large, ("file-too-large", A, 1, 1)),
    # --- numbers finite and in range, dates that exist; line and column of the value
    Case("value-inf", _actual(".inf"), ("bad-number", A, 4, 12)),
    Case("value-minus-inf", _actual("-.inf"), ("bad-number", A, 4, 12)),
    Case("value-nan", _actual(".nan"), ("bad-number", A, 4, 12)),
    Case("value-1e309", _actual("1e309"), ("bad-number", A, 4, 12)),
    Case("value-1e-400-underflows", _actual("1e-400"), ("bad-number", A, 4, 12)),
    Case("value-5000-digits", _actual("9" * 5000), ("bad-number", A, 4, 12)),
    Case("value-beyond-1e18", _actual("1e19"), ("bad-number", A, 4, 12)),
    # "      - {year: 2025, kind: increment_over_baseline, value: " is 6+3+12+31+7 = 59 chars
    Case(
        "increment-nan",
        _target_line("value: 5, baseline", "value: .nan, baseline"),
        ("bad-number", "data/targets.yaml", T_ST_TARGET, 60),
    ),
    # "      - {year: 2025, kind: multiple_of_baseline, factor: " is 6+3+12+28+8 = 57 chars
    Case(
        "factor-inf",
        _target_line("kind: at_least, value: 50}", "kind: multiple_of_baseline, factor: .inf, baseline_year: 2020}"),
        ("bad-number", "data/targets.yaml", T_TFP_TARGET, 58),
    ),
    Case("plan-date-feb-29-2023", _plan_date, ("bad-date", "data/targets.yaml", 4, 9)),  # "  date: " is 8 chars
    Case("task-date-feb-30", _task_date, ("bad-date", A, 6, 11)),  # "    date: " is 10 chars
    # --- text that would rewrite the terminal
    # '    name: {vi: ' is 4+6+1+4 = 15 chars: the string (its quote) starts at column 16, on
    # line PLAN_LINES + 2 = 15
    Case("name-with-escape", _name_escape, ("control-character", "data/targets.yaml", PLAN_LINES + 2, 16)),
    Case("source-with-bidi-override", _source_bidi, ("control-character", A, 5, 13)),  # "    source: " 12 chars
    Case("key-with-escape", _key_escape, ("control-character", A, 3, 3)),
    # --- clean data that must survive every command (extreme but finite values included)
    Case(
        "factor-tiny",
        _target_line("kind: at_least, value: 50}", "kind: multiple_of_baseline, factor: 1e-300, baseline_year: 2020}"),
        None,
    ),
    Case(
        "huge-finite-count",
        lambda d: d.write("actuals/2023.yaml", "year: 2023\nindicators:\n  st_enterprises: {value: 1e18, source: s}\n"),
        None,
    ),
    Case("source-with-blank-lines", _blank_line_source, None),
    Case("source-like-a-formula", _formula_source, None),
]


def _prepare(data: DataFolder, case: Case) -> None:
    if case.needs_fifo and not HAS_FIFO:
        pytest.skip("no named pipes on this platform")
    case.setup(data)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_validate_reports_each_case_at_its_place(data: DataFolder, case: Case) -> None:
    _prepare(data, case)
    run = data.validate()
    out = run.stdout + run.stderr
    assert "Traceback" not in out and "internal error" not in out
    if case.expect is None:
        assert run.exit_code == 0, out
        return
    code, path, line, column = case.expect
    assert run.exit_code == 1, out
    found = [(p.code, p.path, p.line, p.column) for p in run.problems if p.code == code]
    assert (code, path, line, column) in found, out
    assert "\x1b" not in out and "\u202e" not in out


READ_COMMANDS = [
    ["status"],
    ["status", "--format", "json"],
    ["show", "dti_rank"],
    ["report"],
    ["tasks"],
    ["tasks", "--late"],
    ["tasks", "--no-report", "--by", "agency"],
    ["export", "--format", "json"],
    ["export", "--format", "csv", "--table", "actuals"],
    ["export", "--format", "xlsx", "-o", "out.xlsx"],
]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_validate_clean_means_every_read_command_works(data: DataFolder, case: Case) -> None:
    """The principle: validate clean ⇒ every read command exits 0; not clean ⇒ they exit 1,
    each with a one-line refusal, never an internal error."""
    _prepare(data, case)
    clean = data.validate().exit_code == 0
    # Refusing needs no rendering, so three commands show it; clean data goes through all.
    for args in READ_COMMANDS if clean else [["status"], ["report"], ["export", "--format", "json"]]:
        run = cli(*args)
        assert "internal error" not in run.stderr and "Traceback" not in run.stderr, (args, run.stderr)
        assert run.exit_code == (0 if clean else 1), (args, run.exit_code, run.stderr)


# --------------------------------------------------------------------------- safefile


def test_size_limit_holds_while_reading_not_only_by_stat(tmp_path: Path) -> None:
    """/proc files say size 0 yet hold bytes: only a bounded read catches them."""
    from stiplan.store.safefile import UnsafeFile, read_regular

    maps = Path("/proc/self/maps")
    if not maps.exists() or maps.stat().st_size != 0:
        pytest.skip("no /proc with zero-sized files here")
    with pytest.raises(UnsafeFile) as exc:
        read_regular(maps, 10)
    assert exc.value.reason == UnsafeFile.TOO_LARGE


def test_unreadable_file_is_located(data: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root chmod 000 does not stop a read, so the refusal of the OS is simulated."""

    real_open = os.open

    def refuse(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("2022.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)  # the os module safefile opens with
    run = data.validate()
    assert run.exit_code == 1
    p = run.only()
    assert (p.code, p.path) == ("unreadable-file", "data/actuals/2022.yaml")
    assert "Permission denied" in p.message


def test_control_characters_in_a_file_name_are_shown_escaped(data: DataFolder) -> None:
    data.write("actuals/2023\x1b[31m.yaml", "year: 2023\n")
    run = data.validate()
    assert run.exit_code == 1
    assert "\x1b" not in run.stdout + run.stderr
    assert "2023\\x1b[31m.yaml" in run.stdout


def test_the_terminal_console_escapes_data_text() -> None:
    import io

    from rich.text import Text

    from stiplan.views.terminal import console

    out = io.StringIO()
    console(file=out, width=80).print(Text("a\x1b[2Jb\u202ec"))
    assert out.getvalue() == "a\\x1b[2Jb\\u202ec\n"


# --------------------------------------------------------------------------- record


def test_record_refuses_an_infinite_figure(data: DataFolder) -> None:
    before = (data.root / "actuals/2022.yaml").read_bytes()
    run = cli("record", "tfp_contribution", "2022", "1e309", "--source", "s", "--replace")
    assert run.exit_code == 1
    assert "bad-number" in run.stderr
    assert (data.root / "actuals/2022.yaml").read_bytes() == before
    assert data.validate().exit_code == 0


def test_record_does_not_read_a_fifo(data: DataFolder) -> None:
    if not HAS_FIFO:
        pytest.skip("no named pipes")
    _fifo(data.root / "actuals/2023.yaml")
    run = cli("record", "dti_rank", "2023", "17", "--of", "63", "--source", "s")
    assert run.exit_code == 1
    assert stat.S_ISFIFO(os.lstat(data.root / "actuals/2023.yaml").st_mode)


def test_record_never_writes_through_a_folder_that_leads_outside(data: DataFolder, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2022.yaml").write_text("year: 2022\n")
    (data.root / "actuals/2022.yaml").unlink()
    (data.root / "actuals").rmdir()
    (data.root / "actuals").symlink_to(elsewhere)
    run = cli("new-year", "2027")
    assert run.exit_code == 1
    assert not (elsewhere / "2027.yaml").exists()


# --------------------------------------------------------------------------- the cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STIPLAN_CACHE_DIR", str(folder))
    return folder


def _dti_2022(root: Path) -> float:
    from stiplan.actions.loading import load_dataset_cached
    from stiplan.models import Actual

    result = load_dataset_cached(root)
    assert result.dataset is not None
    entry = result.dataset.actuals[2022].indicators["dti_rank"]
    assert isinstance(entry, Actual)
    return entry.value


def _forge(cache_dir: Path) -> Path:
    """Change the cached figure 18 to 99: shows whether the next load used the cache."""
    (path,) = cache_dir.glob("*.json")
    body = json.loads(path.read_text(encoding="utf-8"))
    body["actuals"]["2022"]["indicators"]["dti_rank"]["value"] = 99
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_cache_is_used_when_the_folder_is_the_users_own(data: DataFolder, cache_dir: Path) -> None:
    assert _dti_2022(data.root) == 18  # fresh load, stored
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    _forge(cache_dir)
    assert _dti_2022(data.root) == 99  # the forged cache IS read: the refusals below mean something


def test_cache_is_not_reused_after_stiplan_itself_changed(
    data: DataFolder, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stiplan.store import cache

    assert _dti_2022(data.root) == 18
    _forge(cache_dir)
    assert _dti_2022(data.root) == 99  # same code, same bytes: the stored load is reused
    monkeypatch.setattr(cache, "own_fingerprint", lambda: "an edited stiplan")
    assert _dti_2022(data.root) == 18  # the code changed: a fresh load, not the stored objects


def test_code_fingerprint_follows_every_module(tmp_path: Path) -> None:
    from stiplan.store.cache import code_fingerprint

    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "b.py").write_text("y = 2\n")
    (package / "notes.txt").write_text("not code\n")
    first = code_fingerprint(package)
    assert code_fingerprint(package) == first
    (package / "notes.txt").write_text("still not code, longer\n")
    assert code_fingerprint(package) == first  # only modules count
    (package / "sub" / "b.py").write_text("y = 22\n")  # one byte longer
    assert code_fingerprint(package) != first


FIGURES_PER_SCOPE = """\
year: 2024
indicators:
  dti_rank:
  - value: 9
    of: 63
    source: "a"
  - value: 4
    of: 63
    source: "b"
    scope: vietnam
    note: "national"
"""


def _rebuilt_equals_fresh(root: Path, cache_dir: Path) -> None:
    from stiplan.actions.loading import load_dataset, load_dataset_cached
    from stiplan.store import cache

    fresh = load_dataset(root)
    assert not any(p.severity == "error" for p in fresh.problems), fresh.problems
    load_dataset_cached(root)
    (path,) = cache_dir.glob("*.json")
    restored = cache._restore(path.read_bytes(), cache._content_key(root), root)
    assert restored is not None and restored.dataset is not None and fresh.dataset is not None
    for part in ("targets", "agencies", "tasks", "actuals"):
        assert getattr(restored.dataset, part) == getattr(fresh.dataset, part), part
    assert restored.problems == fresh.problems


def test_cache_rebuilds_the_shipped_data_exactly(shipped: DataFolder, cache_dir: Path) -> None:
    """Every model shape (one figure, dates, task ids...) comes back from the JSON equal to a
    fresh load; a shape the rebuild cannot follow would silently make every run a fresh load."""
    _rebuilt_equals_fresh(shipped.root, cache_dir)


def test_cache_rebuilds_figures_per_scope_exactly(data: DataFolder, cache_dir: Path) -> None:
    data.write("actuals/2024.yaml", FIGURES_PER_SCOPE)
    _rebuilt_equals_fresh(data.root, cache_dir)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda folder, path: folder.chmod(0o777), id="folder-writable-by-all"),
        pytest.param(lambda folder, path: folder.chmod(0o770), id="folder-writable-by-group"),
        pytest.param(lambda folder, path: path.chmod(0o666), id="file-writable-by-all"),
        pytest.param(lambda folder, path: os.chown(path, 54321, -1), id="file-of-another-user"),
        pytest.param(lambda folder, path: os.chown(folder, 54321, -1), id="folder-of-another-user"),
    ],
)
def test_cache_from_a_place_others_can_write_is_ignored(
    data: DataFolder, cache_dir: Path, spoil: Callable[[Path, Path], None]
) -> None:
    _dti_2022(data.root)
    path = _forge(cache_dir)
    if "chown" in repr(spoil.__code__.co_names) and os.geteuid() != 0:
        pytest.skip("only root can give a file away")
    spoil(cache_dir, path)
    assert _dti_2022(data.root) == 18


def test_cache_file_that_is_a_link_is_ignored(data: DataFolder, cache_dir: Path, tmp_path: Path) -> None:
    _dti_2022(data.root)
    path = _forge(cache_dir)
    moved = tmp_path / "forged.json"
    path.rename(moved)
    path.symlink_to(moved)
    assert _dti_2022(data.root) == 18


def test_cache_that_is_a_fifo_does_not_hang(data: DataFolder, cache_dir: Path) -> None:
    if not HAS_FIFO:
        pytest.skip("no named pipes")
    _dti_2022(data.root)
    (path,) = cache_dir.glob("*.json")
    path.unlink()
    os.mkfifo(path)
    assert _dti_2022(data.root) == 18


def test_a_pickle_in_the_cache_never_runs(data: DataFolder, cache_dir: Path, tmp_path: Path) -> None:
    """The old attack: a pickle whose loading runs a command. It must stay inert data."""
    import pickle

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    _dti_2022(data.root)
    for path in cache_dir.glob("*.json"):
        path.write_bytes(pickle.dumps(Payload()))
        path.with_suffix(".pickle").write_bytes(pickle.dumps(Payload()))
    assert _dti_2022(data.root) == 18
    assert not marker.exists()


def test_damaged_cache_is_a_fresh_load(data: DataFolder, cache_dir: Path) -> None:
    _dti_2022(data.root)
    (path,) = cache_dir.glob("*.json")
    path.write_text('{"key": "x", "actuals": [1, 2')
    assert _dti_2022(data.root) == 18


def test_a_fifo_in_the_data_folder_does_not_hang_the_cache_key(data: DataFolder, cache_dir: Path) -> None:
    if not HAS_FIFO:
        pytest.skip("no named pipes")
    _fifo(data.root / "actuals/.notes")  # a dotfile: never data, but listed
    _fifo(data.root / "actuals/2023.yaml")
    run = cli("status")
    assert run.exit_code == 1
    assert "not-a-file" in run.stderr


# --------------------------------------------------------------------------- output


def _memo() -> str:
    run = cli("report")
    assert run.exit_code == 0
    return run.stdout


def test_report_to_a_fifo_streams_to_its_reader(data: DataFolder, tmp_path: Path) -> None:
    if not HAS_FIFO:
        pytest.skip("no named pipes")
    fifo = tmp_path / "memo.pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    t = threading.Thread(target=reader)
    t.start()
    # the reader may not have opened yet: retry briefly until someone reads
    for _ in range(200):
        run = cli("report", "-o", str(fifo))
        if run.exit_code == 0:
            break
        threading.Event().wait(0.02)
    t.join(10)
    assert run.exit_code == 0, run.stderr
    assert got == [_memo().encode("utf-8")]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_report_to_a_fifo_nobody_reads_is_an_error_not_a_hang(data: DataFolder, tmp_path: Path) -> None:
    if not HAS_FIFO:
        pytest.skip("no named pipes")
    fifo = tmp_path / "memo.pipe"
    os.mkfifo(fifo)
    run = cli("report", "-o", str(fifo), "--lang", "en")
    assert run.exit_code == 1
    assert "no process is reading" in run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_report_to_a_device_streams_and_never_replaces_it(data: DataFolder, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    null = os.stat("/dev/null")
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, null.st_rdev)
    cli("report", "-o", str(node))  # may be refused on a nodev mount; never replaced
    st = os.lstat(node)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == null.st_rdev


@pytest.mark.slow
def test_report_to_dev_stdout_streams_into_the_pipe(data: DataFolder) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "stiplan", "report", "-o", "/dev/stdout"],
        cwd=data.base,
        capture_output=True,
        timeout=GUARD_SECONDS,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == _memo()


def test_report_replaces_a_regular_file_atomically(data: DataFolder, tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    out.write_text("old memo\n")
    os.chmod(out, 0o640)
    inode = out.stat().st_ino
    link = tmp_path / "memo-link.md"
    link.symlink_to(out)
    # --no-charts: with charts, -o also writes memo-link-charts/ and links them from the memo.
    assert cli("report", "-o", str(link), "--no-charts").exit_code == 0
    assert link.is_symlink()  # the link stays; its target is replaced
    assert out.read_text(encoding="utf-8") == _memo()
    assert out.stat().st_ino != inode  # a new file renamed into place, not rewritten
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.glob(".*.tmp")] == []


@pytest.mark.parametrize(
    "args,written",
    [
        (["export", "--format", "json", "-o", "OUT/x.json"], "x.json"),
        (["export", "--format", "csv", "-o", "OUT"], "actuals.csv"),
        (["export", "--format", "xlsx", "-o", "OUT/x.xlsx"], "x.xlsx"),
        (["schema", "--output", "OUT"], "targets.schema.json"),
        (["report", "-o", "OUT/m.md"], "m.md"),
    ],
)
def test_a_failed_write_leaves_the_previous_output(
    data: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], written: str
) -> None:

    out = tmp_path / "OUT"
    out.mkdir()
    (out / written).write_bytes(b"previous")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)  # the os module files renames with
    run = cli(*[a.replace("OUT", str(out)) for a in args])
    assert run.exit_code == 1
    assert (out / written).read_bytes() == b"previous"
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def test_csv_export_neutralises_formulas(data: DataFolder) -> None:
    _formula_source(data)
    run = cli("export", "--format", "csv", "--table", "actuals")
    assert run.exit_code == 0
    assert "\"'=HYPERLINK('x')\"" in run.stdout or "'=HYPERLINK('x')" in run.stdout
    assert ",=HYPERLINK" not in run.stdout


@pytest.mark.parametrize(
    "value,cell",
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        (-5.0, "-5"),  # a number stays a number
        (-2.5, "-2.5"),
        (-3, "-3"),
    ],
)
def test_csv_cell(value: object, cell: str) -> None:
    from stiplan.views.export import csv_cell

    assert csv_cell(value) == cell


def test_a_source_with_blank_lines_stays_inside_its_footnote(data: DataFolder) -> None:
    _blank_line_source(data)
    memo = _memo()
    (note,) = [line for line in memo.splitlines() if line.startswith("[^") and "one" in line]
    assert note.endswith("one  two")  # both paragraphs on the footnote's one line
    assert "two" not in memo.splitlines()


# --------------------------------------------------------------------------- closed stdout


@pytest.mark.slow
@pytest.mark.parametrize("args", [["status"], ["report"], ["validate", "--format", "json"]])
@pytest.mark.parametrize("how", ["closed", "reader-gone"])
def test_no_traceback_when_stdout_is_closed_or_its_reader_gone(shipped: DataFolder, args: list[str], how: str) -> None:
    if how == "closed":
        proc = subprocess.run(
            [sys.executable, "-m", "stiplan", *args],
            cwd=shipped.base,
            stdout=None,
            stderr=subprocess.PIPE,
            timeout=GUARD_SECONDS,
            preexec_fn=lambda: os.close(1),
        )
    else:
        r, w = os.pipe()
        os.close(r)  # the reader left before a byte was written
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "stiplan", *args],
                cwd=shipped.base,
                stdout=w,
                stderr=subprocess.PIPE,
                timeout=GUARD_SECONDS,
            )
        finally:
            os.close(w)
    err = proc.stderr.decode("utf-8", "replace")
    for bad in ("Traceback", "Exception ignored", "internal error", "cannot write", "BrokenPipe"):
        assert bad not in err, err
    assert proc.returncode in (0, 1)


# --------------------------------------------------------------------------- interrupted writes

SIGNAL_PROBE = """\
import os, signal, sys
from pathlib import Path
import stiplan.store.files as files
target = Path(sys.argv[1])
real_fsync = os.fsync
def fsync_then_signal(fd):
    real_fsync(fd)
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))
files.os.fsync = fsync_then_signal
files.atomic_write(target, b"new\\n", expected_digest=files.digest(target.read_bytes()))
print("not reached")
"""


@pytest.mark.parametrize("signame,code", [("SIGTERM", 128 + 15), ("SIGHUP", 128 + 1)])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, signame: str, code: int) -> None:
    if not hasattr(signal, signame):
        pytest.skip(f"no {signame} here")
    target = tmp_path / "2022.yaml"
    target.write_bytes(b"old\n")
    proc = subprocess.run(
        [sys.executable, "-c", SIGNAL_PROBE, str(target), signame],
        capture_output=True,
        text=True,
        timeout=GUARD_SECONDS,
        cwd=tmp_path,
    )
    assert proc.returncode == code, proc.stderr
    assert "not reached" not in proc.stdout and "Traceback" not in proc.stderr
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2022.yaml"]


def test_signal_handlers_are_restored_after_a_write(tmp_path: Path) -> None:
    from stiplan.store.files import atomic_write

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    atomic_write(tmp_path / "x.yaml", b"x\n", expected_digest=None)
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)) == before


def test_stale_temporary_files_are_reported_then_removed_by_the_next_write(data: DataFolder) -> None:
    stale = data.write("actuals/.2022.yaml.k3j_x9ab.tmp", "year: 2022\n")
    live = data.write("actuals/.2022.yaml.abcdefgh.tmp", "year: 2022\n")
    hour_ago = stale.stat().st_mtime - 3600
    os.utime(stale, (hour_ago, hour_ago))
    run = data.validate()
    assert run.exit_code == 0  # a warning
    found = sorted((p.code, p.path) for p in run.problems)
    assert found == [
        ("stale-temp-file", "data/actuals/.2022.yaml.abcdefgh.tmp"),
        ("stale-temp-file", "data/actuals/.2022.yaml.k3j_x9ab.tmp"),
    ]
    assert data.validate("--strict").exit_code == 1
    assert cli("record", "dti_rank", "2022", "17", "--of", "63", "--source", "s", "--replace").exit_code == 0
    assert not stale.exists()  # a killed write's leftover: removed
    assert live.exists()  # seconds old: perhaps another write in progress, left alone


# --------------------------------------------------------------------------- arguments


def test_a_non_utf8_argument_is_a_usage_error_naming_the_option(data: DataFolder) -> None:
    before = (data.root / "actuals/2022.yaml").read_bytes()
    proc = subprocess.run(
        [sys.executable.encode(), b"-m", b"stiplan", b"record", b"dti_rank", b"2022", b"17", b"--source", b"\xff\xfe"],
        cwd=data.base,
        capture_output=True,
        timeout=GUARD_SECONDS,
    )
    assert proc.returncode == 2
    assert proc.stderr.decode() == (  # --lang vi, the default
        "stiplan: error: giá trị của --source không phải văn bản UTF-8 hợp lệ\nstiplan: hint: hãy gõ lại bằng UTF-8\n"
    )
    assert (data.root / "actuals/2022.yaml").read_bytes() == before


def test_debug_as_an_options_value_is_that_value(data: DataFolder) -> None:
    from stiplan.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["record", "dti_rank", "2023", "17", "--of", "63", "--source", "s", "--note", "--debug"])
    assert exc.value.code == 0
    assert 'note: "--debug"' in (data.root / "actuals/2023.yaml").read_text(encoding="utf-8")


def test_debug_after_double_dash_is_not_taken(data: DataFolder) -> None:
    from stiplan.cli.root import _take_debug

    args = ["show", "--", "--debug"]
    assert _take_debug(args) is False and args == ["show", "--", "--debug"]
    args = ["status", "--debug", "--lang", "en"]
    assert _take_debug(args) is True and args == ["status", "--lang", "en"]


# --------------------------------------------------------------------------- diff (git revisions)


@pytest.mark.parametrize(
    "setup,code",
    [
        pytest.param(lambda d: _dir(d.root / "actuals/2023.yaml"), "not-a-file", id="directory-2023.yaml/README"),
        pytest.param(lambda d: _link(d.root / "actuals/2023.yaml", "/dev/zero"), "link-outside", id="link-to-dev-zero"),
        pytest.param(
            lambda d: _link(d.root / "actuals/2023.yaml", "../" * 40 + "etc/passwd"),  # / whatever the depth
            "link-outside",
            id="link-up-and-out",
        ),
        pytest.param(lambda d: _link(d.root / "actuals/2023.yaml", "gone.yaml"), "dangling-link", id="dangling-link"),
        pytest.param(lambda d: d.write("actuals/2022.yml", "year: 2022\n"), "duplicate-year", id="yml-beside-yaml"),
        pytest.param(_actual("1e309"), "bad-number", id="value-1e309"),
    ],
)
def test_diff_applies_the_same_rules_to_a_committed_revision(
    data: DataFolder, setup: Callable[[DataFolder], None], code: str
) -> None:
    from test_diff import commit, git

    git(data.base, "init", "-q", "-b", "main")
    commit(data.base, "data")
    setup(data)
    bad = commit(data.base, "hostile")
    git(data.base, "reset", "-q", "--hard", "HEAD~1")
    run = cli("diff", bad[:12], "--data", "data", "--as-of", "2026")
    assert run.exit_code == 1, run.stderr
    assert f"error[{code}]" in run.stderr
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(data: DataFolder, fmt: str) -> None:
    (data.root / "actuals").joinpath(os.fsdecode(b"2023\xff.yaml")).write_text("year: 2023\n")
    proc = subprocess.run(
        [sys.executable, "-m", "stiplan", "validate", "--format", fmt],
        cwd=data.base,
        capture_output=True,
        timeout=GUARD_SECONDS,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},  # strict: a surrogate would not encode
    )
    assert proc.returncode == 1
    out = (proc.stdout + proc.stderr).decode("utf-8")
    assert "internal error" not in out
    assert "data/actuals/2023\\xff.yaml" in out.replace("\\\\", "\\")


def test_status_shows_a_data_path_with_an_escape_sequence_escaped(data: DataFolder) -> None:
    odd = data.base / "d\x1b]0;owned\x07"
    data.root.rename(odd)
    run = cli("status", "--data", str(odd))
    assert run.exit_code == 0, run.stderr
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    assert "d\\x1b]0;owned\\x07" in run.stdout


def test_record_refuses_a_year_file_that_links_out_and_leaves_the_target(data: DataFolder) -> None:
    outside = data.base / "outside-2023.yaml"
    outside.write_text("year: 2023\n")
    _link(data.root / "actuals/2023.yaml", outside)
    run = cli("record", "dti_rank", "2023", "17", "--of", "63", "--source", "s")
    assert run.exit_code == 1
    assert "leads out of the data folder" in run.stderr
    assert outside.read_text() == "year: 2023\n"
    assert (data.root / "actuals/2023.yaml").is_symlink()


def test_record_writes_through_a_link_that_stays_inside(data: DataFolder) -> None:
    _inside_link(data)
    run = cli("record", "dti_rank", "2023", "17", "--of", "63", "--source", "s")
    assert run.exit_code == 0, run.stderr
    assert (data.root / "actuals/2023.yaml").is_symlink()
    assert "value: 17" in (data.root / "extra/2023.yaml").read_text(encoding="utf-8")


def test_a_warning_served_from_the_cache_keeps_its_vietnamese(data: DataFolder, cache_dir: Path) -> None:
    """A task naming its lead by an alias is an `agency-alias` warning, worded in Vietnamese for
    `--lang vi`; the second load comes from the cache and must read the same in both languages
    (the cache once kept the English only)."""
    from stiplan.actions.loading import load_dataset_cached
    from stiplan.models import Actual

    tasks = data.root / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("lead: dpi", 'lead: "Sở Kế hoạch và Đầu tư"'), "utf-8")
    fresh = [p for p in load_dataset_cached(data.root).problems if p.code == "agency-alias"]
    assert len(fresh) == 1 and list(cache_dir.glob("*.json"))
    _forge(cache_dir)  # proves the next load is the cached one
    cached_result = load_dataset_cached(data.root)
    assert cached_result.dataset is not None
    entry = cached_result.dataset.actuals[2022].indicators["dti_rank"]
    assert isinstance(entry, Actual) and entry.value == 99
    cached = [p for p in cached_result.problems if p.code == "agency-alias"]
    assert [(p.text("vi"), p.text("en"), p.hint_text("vi")) for p in cached] == [
        (p.text("vi"), p.text("en"), p.hint_text("vi")) for p in fresh
    ]
    assert cached[0].text("vi") != cached[0].text("en")
