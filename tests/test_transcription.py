"""Check data/tasks.yaml and data/agencies.yaml against the source text of Decision 843/QĐ-UBND.

The expectations are derived from `sources/843-QD-UBND-2023.vi.txt` itself, not from the YAML files:
Appendix 1 is a flattened table (each cell is followed by a line holding only "|"), so the tests
rebuild its rows and compare them with the transcription.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import FROZEN, ROOT

SOURCE = ROOT / "sources" / "843-QD-UBND-2023.vi.txt"
TASKS_FILE = FROZEN / "tasks.yaml"
AGENCIES_FILE = FROZEN / "agencies.yaml"

TASK_COUNT = 87
# Read off the source by hand; test_group_counts_match_source also derives them from the text.
EXPECTED_GROUP_COUNTS = {("A", "I"): 9, ("A", "II"): 21, ("A", "III"): 15, ("B", "I"): 14, ("B", "II"): 28}
# The source prints part A's third group as "C"; it is recorded as group III.
GROUP_LABELS = {"I": "I", "II": "II", "III": "III", "C": "III"}
AGENCY_KINDS = {
    "department",
    "people_committee",
    "party_body",
    "mass_organisation",
    "media",
    "fund",
    "police",
    "collective",
    "other",
}
COMMON_TASK_KEYS = {"id", "part", "group", "title", "lead", "cooperating", "timeframe"}
OPTIONAL_TASK_KEYS = {"note", "remarks"}
PART_KEYS = {
    "A": {"document", "issuer", "responsible_text"},
    "B": {"output", "lead_text", "cooperating_text"},
}


def normalise(text: str) -> str:
    """NFC with every run of whitespace collapsed to one space, as the transcription stores text."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@cache
def source_lines() -> tuple[str, ...]:
    return tuple(SOURCE.read_text(encoding="utf-8").splitlines())


@cache
def source_text() -> str:
    return normalise("\n".join(source_lines()))


@cache
def tasks_data() -> dict:
    return load_yaml(TASKS_FILE)


@cache
def agencies() -> tuple[dict, ...]:
    return tuple(load_yaml(AGENCIES_FILE)["agencies"])


def tasks() -> list[dict]:
    return tasks_data()["tasks"]


@cache
def alias_index() -> dict[str, str]:
    """Alias -> agency id (test_aliases_are_unique checks that no alias is listed twice)."""
    return {alias: agency["id"] for agency in agencies() for alias in agency.get("aliases", [])}


# --- Appendix 1, rebuilt from the source ------------------------------------------------------


@dataclass(frozen=True)
class SourceRow:
    number: int
    part: str | None  # None only for a row printed before any heading (none is)
    group: str | None
    cells: tuple[str, ...]  # the six cells after the row number, in column order


def appendix_cells() -> list[str]:
    """Cells of Appendix 1, in order: the lines before each "|" line, joined and normalised."""
    lines = source_lines()
    cells: list[str] = []
    current: list[str] = []
    for line in lines[lines.index("PHỤ LỤC 1") :]:
        if line.strip() == "|":
            cells.append(normalise(" ".join(current)))
            current = []
        else:
            current.append(line)
    return cells


@cache
def source_rows() -> tuple[SourceRow, ...]:
    """Numbered rows of Appendix 1 with the part ("A. ..."/"B. ...") and group heading above them.

    The part headings share a cell with the table's header row, so they are searched for inside
    cells; a group heading is a cell holding only a group label ("I", "II", "C").
    """
    cells = appendix_cells()
    rows: list[SourceRow] = []
    part: str | None = None
    group: str | None = None
    i = 0
    while i < len(cells):
        cell = cells[i]
        if heading := re.search(r"\b([AB])\. CÁC ", cell):
            part, group = heading.group(1), None
        elif cell in GROUP_LABELS:
            group = GROUP_LABELS[cell]
        elif number := re.fullmatch(r"(\d+)\.", cell):
            rows.append(SourceRow(int(number.group(1)), part, group, tuple(cells[i + 1 : i + 7])))
            i += 7
            continue
        i += 1
    return tuple(rows)


def transcribed_cells(task: dict) -> tuple[str, ...]:
    """The task's verbatim fields in the column order of its part of the table."""
    if task["part"] == "A":
        columns = (task["document"], task["issuer"], task["responsible_text"])
    else:
        columns = (task["lead_text"], task["cooperating_text"], task["output"])
    return (task["title"]["vi"], *columns, task["timeframe"]["text"], task.get("note", ""))


# --- Section IV (Tổ chức thực hiện), rebuilt from the source -----------------------------------


@cache
def section_iv_headings() -> dict[int, str]:
    """Clause number -> the agency heading of that clause ("1. Sở Khoa học và Công nghệ" -> ...).

    A heading may wrap; it ends at its first bullet ("- " and a capital letter). Clause 11 has no
    bullet, so its heading runs on into its text: only its start names agencies.
    """
    lines = source_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("IV. TỔ CHỨC"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Trên đây là Kế hoạch"))
    headings: dict[int, list[str]] = {}
    clause = None
    for line in lines[start + 1 : end]:
        if numbered := re.match(r"(\d+)\. (.*)", line):
            clause = int(numbered.group(1))
            headings[clause] = [numbered.group(2)]
        elif re.match(r"-\s*[A-ZĐ]", line):
            clause = None
        elif clause is not None:
            headings[clause].append(line)
    return {number: normalise(" ".join(parts)) for number, parts in headings.items()}


def agencies_at_start(text: str) -> list[str]:
    """Agency ids named one after another at the start of `text` (longest alias first)."""
    found: list[str] = []
    rest = text
    while True:
        matches = [alias for alias in alias_index() if rest.startswith(alias)]
        if not matches:
            return found
        alias = max(matches, key=len)
        found.append(alias_index()[alias])
        rest = rest[len(alias) :].lstrip(" ,;.")


def aliases_of(agency_id: str) -> list[str]:
    return next(agency["aliases"] for agency in agencies() if agency["id"] == agency_id)


def first_position(agency_id: str, text: str) -> int:
    """Where `text` first names the agency (by any alias), or -1."""
    positions = [text.find(alias) for alias in aliases_of(agency_id) if alias in text]
    return min(positions) if positions else -1


# --- Tasks ------------------------------------------------------------------------------------


def test_source_has_the_expected_rows() -> None:
    assert [row.number for row in source_rows()] == list(range(1, TASK_COUNT + 1))
    assert all(row.part and row.group for row in source_rows())


def test_task_ids_are_1_to_87_in_order() -> None:
    assert [task["id"] for task in tasks()] == list(range(1, TASK_COUNT + 1))


def test_group_counts_match_source() -> None:
    from_source = Counter((row.part, row.group) for row in source_rows())
    transcribed = Counter((task["part"], task["group"]) for task in tasks())
    assert transcribed == from_source
    assert from_source == EXPECTED_GROUP_COUNTS


def test_each_task_sits_in_its_source_group() -> None:
    for task, row in zip(tasks(), source_rows(), strict=True):
        assert (task["part"], task["group"]) == (row.part, row.group), task["id"]


def test_parts_and_groups_are_declared() -> None:
    declared = {(part["id"], group["id"]) for part in tasks_data()["parts"] for group in part["groups"]}
    assert declared == set(EXPECTED_GROUP_COUNTS)


def test_part_and_group_titles_are_verbatim() -> None:
    for part in tasks_data()["parts"]:
        assert part["title"]["vi"] in source_text(), part["id"]
        for group in part["groups"]:
            assert group["title"]["vi"] in source_text(), (part["id"], group["id"])


def test_task_keys() -> None:
    for task in tasks():
        keys = set(task)
        required = COMMON_TASK_KEYS | PART_KEYS[task["part"]]
        assert required <= keys <= required | OPTIONAL_TASK_KEYS, task["id"]
        assert set(task["title"]) == {"vi", "en"}, task["id"]
        assert set(task["timeframe"]) == {"text", "start", "end", "yearly"}, task["id"]


def test_titles_appear_in_source() -> None:
    for task in tasks():
        assert normalise(task["title"]["vi"]) in source_text(), task["id"]


def test_responsibility_texts_appear_in_source() -> None:
    for task in tasks():
        fields = ("responsible_text",) if task["part"] == "A" else ("lead_text", "cooperating_text")
        for field in fields:
            assert normalise(task[field]) in source_text(), (task["id"], field)


def test_verbatim_fields_equal_source_cells() -> None:
    for task, row in zip(tasks(), source_rows(), strict=True):
        assert transcribed_cells(task) == row.cells, task["id"]


def test_verbatim_fields_are_normalised() -> None:
    for task in tasks():
        for text in transcribed_cells(task):
            assert text == normalise(text), task["id"]


def test_lead_and_cooperating_are_named_in_order() -> None:
    for task in tasks():
        if task["part"] == "A":
            named = [(task["responsible_text"], [task["lead"], *task["cooperating"]])]
        else:
            named = [(task["lead_text"], [task["lead"]]), (task["cooperating_text"], task["cooperating"])]
        for text, ids in named:
            positions = [first_position(agency_id, text) for agency_id in ids]
            assert -1 not in positions, (task["id"], text)
            assert positions == sorted(set(positions)), (task["id"], text)


def test_agency_references_exist() -> None:
    known = {agency["id"] for agency in agencies()}
    for task in tasks():
        assert task["lead"] in known, task["id"]
        assert set(task["cooperating"]) <= known, task["id"]
        assert len(task["cooperating"]) == len(set(task["cooperating"])), task["id"]
        assert task["lead"] not in task["cooperating"], task["id"]


def test_timeframes() -> None:
    for task in tasks():
        timeframe = task["timeframe"]
        years = {int(year) for year in re.findall(r"\b\d{4}\b", timeframe["text"])}
        assert isinstance(timeframe["start"], int) and timeframe["start"] in years, task["id"]
        if timeframe["end"] is not None:
            assert timeframe["start"] <= timeframe["end"], task["id"]
            assert timeframe["end"] in years, task["id"]
        assert timeframe["yearly"] == timeframe["text"].startswith("Hàng năm"), task["id"]
        if not timeframe["yearly"]:
            assert timeframe["end"] is not None, task["id"]


def test_files_are_utf8_without_escapes() -> None:
    for path in (TASKS_FILE, AGENCIES_FILE):
        text = path.read_text(encoding="utf-8")
        assert "\\u" not in text and "\\x" not in text, path.name
        assert unicodedata.is_normalized("NFC", text), path.name
        unquoted = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)
        assert not re.search(r"[:-] +[&*!]", unquoted), path.name  # no anchors, aliases or tags


# --- Agencies ---------------------------------------------------------------------------------


def test_agency_ids_are_unique_snake_case() -> None:
    ids = [agency["id"] for agency in agencies()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", agency_id) for agency_id in ids)


def test_agency_shape() -> None:
    successors = {s["to"] for agency in agencies() for s in agency.get("successions", [])}
    for agency in agencies():
        assert set(agency) <= {"id", "name", "kind", "aliases", "responsibilities", "successions", "notes", "parent"}, (
            agency["id"]
        )
        assert set(agency["name"]) == {"vi", "en"}, agency["id"]
        assert agency["kind"] in AGENCY_KINDS, agency["id"]
        # every agency the plan names has the plan's spellings; a successor added for the 2025
        # reorganisation is not in the plan, so it has none (and must be some agency's successor)
        assert agency.get("aliases") or (agency["id"] in successors and "aliases" not in agency), agency["id"]


def test_aliases_appear_in_source() -> None:
    for agency in agencies():
        for alias in agency.get("aliases", []):
            assert alias == normalise(alias) and alias in source_text(), (agency["id"], alias)


def test_aliases_are_unique() -> None:
    counts = Counter(alias for agency in agencies() for alias in agency.get("aliases", []))
    assert [alias for alias, count in counts.items() if count > 1] == []


def test_section_iv_has_eleven_clauses() -> None:
    assert sorted(section_iv_headings()) == list(range(1, 12))


@pytest.mark.parametrize("clause", range(1, 12))
def test_section_iv_agencies_resolve(clause: int) -> None:
    heading = section_iv_headings()[clause]
    named = agencies_at_start(heading)
    assert named, heading
    for agency in agencies():
        if agency["id"] in named:
            clauses = {item["clause"] for item in agency.get("responsibilities", [])}
            assert f"IV.{clause}" in clauses, (agency["id"], heading)


def test_responsibility_clauses_name_their_agency() -> None:
    for agency in agencies():
        for item in agency.get("responsibilities", []):
            assert set(item) == {"clause", "vi", "en"}, agency["id"]
            clause = int(item["clause"].removeprefix("IV."))
            assert agency["id"] in agencies_at_start(section_iv_headings()[clause]), (agency["id"], item)
