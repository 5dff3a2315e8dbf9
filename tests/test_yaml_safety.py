"""`stiplan validate` on hostile or broken YAML: every file is read safely and every problem is
located. Each test writes one broken file inline (count its lines to check the position) into
an otherwise valid data folder (see conftest.py) and runs the command in-process.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from conftest import DataFolder, run_module
from stiplan.store.safefile import MAX_BYTES
from stiplan.store.yamlread import MAX_DEPTH, read_yaml, scan_events

ACTUALS = "data/actuals/2022.yaml"


def test_malformed_yaml_is_yaml_syntax(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          dti_rank: {value: 18, source: "dti.gov.vn"
        tasks: {}
        """,
    )
    run = data.validate()
    assert run.exit_code == 1
    p = run.only()
    # The unclosed flow mapping opened on line 3 is noticed where line 4 begins.
    assert (p.path, p.line, p.column, p.severity, p.code) == (ACTUALS, 4, 1, "error", "yaml-syntax")


def test_duplicate_key_names_both_lines(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          dti_rank:
            value: 18
            source: "dti.gov.vn"
            value: 19
        """,
    )
    run = data.validate()
    assert run.exit_code == 1
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 6, 5, "duplicate-key")
    assert "'value'" in p.message
    assert "line 4" in p.message  # the first definition; the second is the reported position


def test_every_duplicate_key_in_a_file_is_reported(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        tasks:
          1: {status: done, source: "a"}
          1: {status: done, source: "b"}
        year: 2022
        """,
    )
    run = data.validate()
    assert run.exit_code == 1
    assert [(p.line, p.column, p.code) for p in run.problems] == [(4, 3, "duplicate-key"), (5, 1, "duplicate-key")]
    assert "first defined on line 3" in run.problems[0].message
    assert "first defined on line 1" in run.problems[1].message


def test_anchor_is_rejected(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        """\
        year: 2022
        indicators:
          dti_rank: &rank
            value: 18
            source: "dti.gov.vn"
        """,
    )
    run = data.validate()
    assert run.exit_code == 1
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 3, 13, "anchor-alias")
    assert "&rank" in p.message


def test_alias_is_rejected_by_the_event_scan() -> None:
    # An alias without any anchor: the scan must reject it before anything is composed.
    problems = scan_events("year: 2022\nother: *y\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("anchor-alias", 2, 8)]
    assert "*y" in problems[0].message


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_alias_bomb_is_rejected_quickly_and_in_little_memory(data: DataFolder) -> None:
    assert data.validate().exit_code == 0  # warm up: imports are not what is measured
    data.write("actuals/2022.yaml", BILLION_LAUGHS)  # 9 levels: 9**9 = 387 million strings if expanded

    tracemalloc.start()
    try:
        started = time.perf_counter()
        run = data.validate()
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert run.exit_code == 1
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 1, 4, "anchor-alias")
    assert elapsed < 1.0, f"alias bomb took {elapsed:.2f} s"  # a safety bound, not a benchmark
    assert peak < 20 * 1024 * 1024, f"alias bomb peaked at {peak / 2**20:.1f} MiB"


@pytest.mark.slow
def test_python_tag_is_rejected_and_nothing_runs(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path)
    import shutil

    from conftest import FROZEN

    shutil.copytree(FROZEN, folder.root)
    marker = tmp_path / "hacked"
    folder.write(
        "actuals/2022.yaml",
        f"""\
        year: 2022
        indicators: !!python/object/apply:os.system ["echo hacked"]
        tasks: !!python/object/apply:os.system ["touch {marker}"]
        """,
    )
    # A child process: os.system would write to the real stdout, which CliRunner cannot see.
    run = run_module("validate", cwd=tmp_path)
    assert run.exit_code == 1
    assert "Traceback" not in run.stderr
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 2, 13, "explicit-tag")
    assert "python/object/apply:os.system" in p.message
    assert "hacked" not in run.stdout
    assert not marker.exists()


def test_even_a_standard_tag_is_rejected(data: DataFolder) -> None:
    data.write("actuals/2022.yaml", "year: !!int 2022\n")
    run = data.validate()
    assert run.exit_code == 1
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 1, 7, "explicit-tag")


def test_non_utf8_byte_is_located_in_characters(data: DataFolder) -> None:
    data.write(
        "actuals/2022.yaml",
        b"year: 2022\nindicators:\n  dti_rank:\n    value: 18\n" + '    source: "Bộ TT'.encode() + b"\xff" + b'"\n',
    )
    run = data.validate()
    assert run.exit_code == 1
    p = run.only()
    # `    source: "` is 13 characters, `Bộ TT` 5 more (7 bytes: ộ takes 3): the byte is character 19.
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 5, 19, "not-utf8")
    assert "0xff" in p.message


@pytest.mark.parametrize("text", ["", "\n\n   \n", "# only a comment\n# and another\n"])
def test_empty_file(data: DataFolder, text: str) -> None:
    data.write("actuals/2022.yaml", text)
    run = data.validate()
    assert run.exit_code == 1
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 1, 1, "empty-file")


@pytest.mark.parametrize(
    ("text", "found"),
    [("- year: 2022\n- year: 2023\n", "a list"), ("2022\n", "a number"), ('"year: 2022"\n', "a text")],
)
def test_top_level_must_be_a_mapping(data: DataFolder, text: str, found: str) -> None:
    data.write("actuals/2022.yaml", text)
    run = data.validate()
    assert run.exit_code == 1
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 1, 1, "not-a-mapping")
    assert found in p.message


def test_fifty_megabyte_file_is_refused_unread(data: DataFolder) -> None:
    path = data.root / "actuals" / "2022.yaml"
    with path.open("wb") as f:  # sparse: quick to make, and reading it would be the bug
        f.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    run = data.validate()
    assert time.perf_counter() - started < 1.0
    assert run.exit_code == 1
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 1, 1, "file-too-large")
    assert str(50 * 1024 * 1024) in p.message and str(MAX_BYTES) in p.message


def test_the_event_scan_allows_32_levels_and_rejects_33() -> None:
    # The top mapping is level 1, so 31 brackets make 32 levels; the 32nd bracket (column 35)
    # opens level 33.
    assert MAX_DEPTH == 32
    assert scan_events("a: " + "[" * 31 + "]" * 31 + "\n", "x.yaml") == []
    problems = scan_events("a: " + "[" * 32 + "]" * 32 + "\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("too-deep", 1, 35)]


def test_deep_nesting_is_too_deep_when_the_file_also_looks_unsafe(data: DataFolder) -> None:
    # The '&' in the comment sends the file through the event scan, which enforces the limit.
    data.write("actuals/2022.yaml", "# A & B\na: " + "[" * 1000 + "]" * 1000 + "\n")
    run = data.validate()
    assert run.exit_code == 1
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 2, 35, "too-deep")


# Regression: read_yaml used to enforce MAX_DEPTH only in scan_events, which ran only when the
# text held '&', '*' or '!' (or the fast C loader failed). The C loader accepts 1000 levels,
# pydantic rejected the data, and Located.locate re-parsed it with the pure-Python round-trip
# loader, which raised RecursionError: the CLI crashed instead of reporting too-deep.


def test_thousand_levels_deep_is_too_deep_not_a_crash(data: DataFolder) -> None:
    data.write("actuals/2022.yaml", "a: " + "[" * 1000 + "]" * 1000 + "\n")
    run = data.validate()  # conftest.cli fails the test on a RecursionError
    assert run.exit_code == 1
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 1, 35, "too-deep")


def test_thousand_levels_deep_block_style_is_too_deep_not_a_crash(data: DataFolder) -> None:
    # k0:\n  k1:\n    k2: ... : mapping i (the top one is i = 0) starts at its key k<i>, on
    # line i + 1, column 2 * i + 1; the 33rd mapping (i = 32) is on line 33, column 65.
    text = "".join("  " * i + f"k{i}:\n" for i in range(1000)) + "  " * 1000 + "leaf\n"
    data.write("actuals/2022.yaml", text)
    run = data.validate()
    assert run.exit_code == 1
    assert "RecursionError" not in run.stderr
    p = run.only()
    assert (p.path, p.line, p.column, p.code) == (ACTUALS, 33, 65, "too-deep")


def test_read_yaml_enforces_the_depth_limit_on_its_own() -> None:
    # 40 levels: well within Python's recursion limit, but over MAX_DEPTH.
    located, problems = read_yaml(Path("x.yaml"), "x.yaml", text="a: " + "[" * 39 + "]" * 39 + "\n")
    assert located is None
    assert [(p.code, p.line, p.column) for p in problems] == [("too-deep", 1, 35)]
