"""How the reader understands YAML: 1.2 semantics, as ruamel.yaml read the files before the
switch to libyaml's events (PyYAML), and the safety checks of the single pass.

Expected values are YAML 1.2's (the core schema, plus the dates, `0b`, `0x`, `0o` and `_`
separators that ruamel also reads); the last test checks the whole table against ruamel.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stiplan.store.safefile import MAX_BYTES
from stiplan.store.yamlread import read_yaml, scan_events


def value_of(scalar: str) -> object:
    located, problems = read_yaml(Path("x.yaml"), "x.yaml", text=f"k: {scalar}\n")
    assert located is not None, problems
    return located.data["k"]


SCALARS: list[tuple[str, object]] = [
    # YAML 1.1 booleans are plain text in 1.2: a Norwegian country code stays "no".
    ("no", "no"),
    ("yes", "yes"),
    ("on", "on"),
    ("off", "off"),
    ("y", "y"),
    ("No", "No"),
    ("true", True),
    ("False", False),
    ("TRUE", True),
    ("tRUE", "tRUE"),
    ("null", None),
    ("~", None),
    ("", None),
    ("nUll", "nUll"),
    # A leading zero is not octal in 1.2: 010 is ten (YAML 1.1 read eight).
    ("010", 10),
    ("007", 7),
    ("0o10", 8),
    ("0x1F", 31),
    ("0b101", 5),
    ("-0x1F", -31),
    ("+12", 12),
    # Digit separators, as ruamel reads them: 1_000 is a thousand.
    ("1_000", 1000),
    ("1_000.5", 1000.5),
    # Sexagesimal numbers are gone in 1.2: 1:30 is text (YAML 1.1 read ninety).
    ("1:30", "1:30"),
    ("190:20:30", "190:20:30"),
    ("1.5", 1.5),
    ("1.", 1.0),
    (".5", 0.5),
    ("1e3", 1000.0),
    ("6.8523015e+5", 685230.15),
    ("inf", "inf"),
    ("12abc", "12abc"),
    ("1,000", "1,000"),
    ("1.2.3", "1.2.3"),
    ("0X1F", "0X1F"),
    ("2023-04-18", dt.date(2023, 4, 18)),
    ("2023-4-18", "2023-4-18"),
    ("2001-12-14t21:59:43.10-05:00", dt.datetime(2001, 12, 15, 2, 59, 43, 100000, tzinfo=dt.timezone.utc)),
    ("'010'", "010"),
    ('"no"', "no"),
    ("=", "="),
]


@pytest.mark.parametrize(("scalar", "expected"), SCALARS)
def test_plain_scalars_follow_yaml_1_2(scalar: str, expected: object) -> None:
    got = value_of(scalar)
    assert type(got) is type(expected)
    assert got == expected


@pytest.mark.parametrize("scalar", [".nan", ".inf", "-.Inf", "1e309"])
def test_numbers_that_are_not_finite_are_refused_where_they_stand(scalar: str) -> None:
    # YAML reads them as floats; no plan figure is infinite. `k: ` is 3 characters.
    problems = scan_events(f"year: 2022\nk: {scalar}\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("bad-number", 2, 4)]


def test_a_yaml_1_1_directive_does_not_bring_back_1_1_booleans() -> None:
    located, problems = read_yaml(Path("x.yaml"), "x.yaml", text="%YAML 1.1\n---\nk: no\nn: 010\n")
    assert problems == [] and located is not None
    assert located.data == {"k": "no", "n": 10}


@pytest.mark.parametrize(("scalar", "expected"), [s for s in SCALARS if s[0] != "="])
def test_the_same_values_as_ruamel_read(scalar: str, expected: object) -> None:
    # The previous reader, ruamel.yaml (1.2), on the same text. `=` is left out: ruamel
    # refuses it (a YAML 1.1 "value" key); stiplan reads it as the text "=".
    from ruamel.yaml import YAML

    assert value_of(scalar) == YAML(typ="safe", pure=True).load(f"k: {scalar}\n")["k"]


def test_merge_key_is_an_ordinary_key_not_a_merge() -> None:
    # ruamel merges `<<: {...}` into the mapping; stiplan keeps `<<` as a key, which the schema
    # then rejects as an unknown field: nothing is merged behind the reader's back.
    located, _ = read_yaml(Path("x.yaml"), "x.yaml", text="a: {<<: {b: 1}, c: 2}\n")
    assert located is not None and located.data == {"a": {"<<": {"b": 1}, "c": 2}}


def test_ampersand_inside_quoted_text_is_text_not_an_anchor() -> None:
    # Agency names such as "Sở Nông nghiệp &PTNT" used to send every file through a slow scan.
    text = 'aliases: ["Sở Nông nghiệp &PTNT", "Sở Nông nghiệp & PTNT"]\nnote: "*not an alias* !not a tag"\n'
    located, problems = read_yaml(Path("x.yaml"), "x.yaml", text=text)
    assert problems == [] and located is not None
    assert located.data["aliases"] == ["Sở Nông nghiệp &PTNT", "Sở Nông nghiệp & PTNT"]


def test_an_anchor_after_quoted_ampersands_is_still_found() -> None:
    text = 'a: "Sở Nông nghiệp &PTNT"\nb: &x 1\n'
    assert [(p.code, p.line, p.column) for p in scan_events(text, "x.yaml")] == [("anchor-alias", 2, 4)]


def test_keys_equal_as_numbers_are_duplicates() -> None:
    # `1` and `01` are both the task id one: the second (line 3) would silently replace the first.
    problems = scan_events("tasks:\n  1: {status: done}\n  01: {status: cancelled}\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("duplicate-key", 3, 3)]
    assert "'01'" in problems[0].message and "line 2" in problems[0].message


def test_a_collection_as_a_key_is_located() -> None:
    # `? [a, b]` opens a key that is a list; it starts on line 2, column 3.
    problems = scan_events("year: 2022\n? [a, b]\n: 1\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-syntax", 2, 3)]


def test_a_second_document_is_located() -> None:
    problems = scan_events("year: 2022\n---\nyear: 2023\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-syntax", 2, 1)]


def test_an_impossible_date_is_located() -> None:
    problems = scan_events("year: 2022\ndate: 2023-02-30\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("bad-date", 2, 7)]
    assert "2023-02-30" in problems[0].message


def test_a_control_character_is_located() -> None:
    # \x07 (bell) is not allowed in YAML; it is the 11th character of line 2.
    problems = scan_events("year: 2022\nnote: abc\x07\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-syntax", 2, 10)]


def test_a_file_larger_than_the_old_5_mib_limit_is_read() -> None:
    # 6,000 remarks of 1,000 characters: 6 MB, the size of a national data set's tasks.yaml,
    # above the old 5 MiB limit and under MAX_BYTES (long texts keep the test quick).
    text = "remarks:\n" + "".join(f'  - "{i:06d}{"x" * 994}"\n' for i in range(6000))
    assert 5 * 2**20 < len(text.encode()) < MAX_BYTES
    located, problems = read_yaml(Path("x.yaml"), "x.yaml", text=text)
    assert problems == [] and located is not None
    assert len(located.data["remarks"]) == 6000
    assert located.data["remarks"][-1] == "005999" + "x" * 994
