"""The reader's two passes agree: the fast pass (`_build`, no positions) accepts exactly the
texts the locating pass (`_read`) finds no problem in, and builds the same data from them.

`read_yaml` trusts the fast pass for every clean file and runs the locating pass only when
the fast one stops; a file the fast pass let through with a problem, or read differently,
would reach the schema unchecked or changed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from stiplan.store.yamlread import _build, _read, _Stop, read_yaml

FIXTURES = Path(__file__).parent / "fixtures"

CLEAN = [
    "k: 2023\nn: 010\nbig: 999999999999999999\nd: 2024-05-01\nf: 1.5\nneg: -3\nt: true\nz: ~\ne:\n",
    "tasks:\n  1: {status: done}\n  2: [a, 'b', \"c\", 2, 2024-01-31]\nnested: [[1, [2, [3]]], {a: {b: {}}}]\n",
    "list:\n- Nghị quyết số 57\n- Tỷ lệ\n- no\n- 'yes'\n- .5\n- 0x1F\n- 1_000\n- 2023-4-18\n",
    "%YAML 1.1\n---\nk: no\n",
    "---\nk: v\n...\n",
    "a line\u2028break: value with \u2029 and \x85 inside\nlist: [x\u2028y]\n",
    "? simple key\n: value\n1: one\n2024-01-01: a date as a key\nnull: a null key\n",
    "",
    "---\n",
    "# only a comment\n",
    "just text\n",
    "[1, 2]\n",
]

PROBLEMS = [
    "k: 9999999999999999999\n",  # beyond MAX_MAGNITUDE
    "k: 12345678901234567890123\n",
    "k: .inf\n",
    "k: .nan\n",
    "k: 1e309\n",
    "k: 2023-02-30\n",
    "a: 1\na: 2\n",
    "tasks:\n  1: x\n  01: y\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: [&y 1]\n",
    "a: &m {b: 1}\n",
    "a: *nothing\n",
    "? [a, b]\n: 1\n",
    "? {a: 1}\n: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "note: abc\x07\n",
    "key: 'a \ue085 stand-in, already there'\nother: x\u2028y\n",  # so U+2028 breaks the line
    "a:" + " [" * 33 + "]" * 33 + "\n",
]


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1, 1.0 and True are all equal in Python)."""
    containers = (isinstance(a, dict) and isinstance(b, dict)) or (isinstance(a, list) and isinstance(b, list))
    if type(a) is not type(b) and not containers:  # the locating pass's containers are subclasses
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(k, j) and same(a[k], b[j]) for k, j in zip(a, b, strict=True))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b or (a != a and b != b))


def agree(text: str) -> bool:
    """Whether the passes agree on `text`; True when the locating pass finds problems."""
    data, problems = _read(text, "x.yaml")
    try:
        built = _build(text)
    except _Stop:
        assert problems, f"the fast pass stopped on a clean text: {text!r}"
        return False
    assert not problems, f"the fast pass accepted a text with {[p.code for p in problems]}: {text!r}"
    assert same(built, data), (built, data)
    return True


@pytest.mark.parametrize("text", CLEAN)
def test_a_clean_text_reads_the_same_in_both_passes(text: str) -> None:
    problems = _read(text, "x.yaml")[1]
    if not problems:
        assert agree(text)
    else:  # no document at all: both passes refuse it
        assert [p.code for p in problems] == ["empty-file"]
        with pytest.raises(_Stop):
            _build(text)


def test_the_breaks_libyaml_does_not_know_come_back_in_keys_and_values() -> None:
    data = _build(CLEAN[5])  # the text with U+2028, U+2029 and U+0085
    assert data == {"a line\u2028break": "value with \u2029 and \x85 inside", "list": ["x\u2028y"]}


def test_the_common_numbers_keep_their_types_and_values() -> None:
    data = _build(CLEAN[0])
    assert data == {
        "k": 2023,
        "n": 10,
        "big": 999_999_999_999_999_999,
        "d": dt.date(2024, 5, 1),
        "f": 1.5,
        "neg": -3,
        "t": True,
        "z": None,
        "e": None,
    }
    assert [type(v) for v in data.values()] == [int, int, int, dt.date, float, int, bool, type(None), type(None)]


@pytest.mark.parametrize("text", PROBLEMS)
def test_the_fast_pass_stops_wherever_the_locating_pass_finds_a_problem(text: str) -> None:
    assert _read(text, "x.yaml")[1], "the case must hold a problem"
    assert not agree(text)
    located, problems = read_yaml(Path("x.yaml"), "x.yaml", text=text)
    assert located is None and problems and all(p.line is not None for p in problems)


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.yaml")), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_file_reads_the_same_in_both_passes(path: Path) -> None:
    assert agree(path.read_text(encoding="utf-8"))
