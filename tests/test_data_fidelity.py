"""The shipped data says what its sources say.

- every `source.text` in data/targets.yaml is a verbatim quote of the plan (sources/843-QD-UBND-2023.vi.txt);
- every `source.text` of the second plan (57-NQ/TW, in the two-plan fixture) is a verbatim quote of
  sources/57-NQ-TW-2024.vi.txt;
- every clause of section II.2 (Mục tiêu cụ thể) is cited by at least one indicator;
- every actual has a source, and its figure is one of those listed in sources/published-figures.md;
- the files are UTF-8 and NFC, with Vietnamese stored as text, not as \\u escapes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import invariants
from conftest import FROZEN, ROOT, TWO_PLANS

DATA = FROZEN
PLAN_TEXT = ROOT / "sources" / "843-QD-UBND-2023.vi.txt"
FIGURES = ROOT / "sources" / "published-figures.md"
DATA_FILES = invariants.data_files(DATA)
ACTUALS_FILES = sorted((DATA / "actuals").glob("*.yaml"))
SECTION_II_2_CLAUSES = ("a", "b", "c", "d", "đ", "e", "g", "h", "i")


@cache
def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@cache
def plan_text() -> str:
    return invariants.normalise(PLAN_TEXT.read_text(encoding="utf-8"))


def targets() -> Any:
    return load(DATA / "targets.yaml")


def cited_items() -> list[tuple[str, str, str]]:
    """(id, clause, text) of every indicator and goal."""
    return invariants.cited_items(DATA)


# --- targets.yaml against the plan's text ------------------------------------------------------


@pytest.mark.parametrize(("ident", "clause", "text"), cited_items(), ids=[c[0] for c in cited_items()])
def test_source_text_is_verbatim(ident: str, clause: str, text: str) -> None:
    assert invariants.fragments_not_in(text, plan_text()) == [], f"{ident} ({clause}): not in the plan's text"


def test_fragment_check_is_not_vacuous() -> None:
    """The check above would catch a changed word."""
    ident, _, text = cited_items()[0]
    changed = text.replace("phấn đấu", "cố gắng", 1)
    assert changed != text, ident
    assert invariants.fragments_not_in(changed, plan_text()) != []


def test_every_clause_of_section_ii_2_is_cited_by_an_indicator() -> None:
    cited = {i["source"]["clause"] for i in targets()["indicators"]}
    missing = [f"II.2.{c}" for c in SECTION_II_2_CLAUSES if f"II.2.{c}" not in cited]
    assert not missing, f"clauses of II.2 no indicator cites: {missing}"


def test_section_ii_2_has_exactly_those_clauses() -> None:
    """The clause list above is read off the source, not assumed."""
    raw = PLAN_TEXT.read_text(encoding="utf-8")
    start = raw.index("2. Mục tiêu cụ thể")
    end = raw.index("\nII. NỘI", start)
    labels = re.findall(r"^([a-zđ])\) ", raw[start:end], re.MULTILINE)
    assert tuple(labels) == SECTION_II_2_CLAUSES


def test_cited_clauses_exist_in_the_plan() -> None:
    for ident, clause, _ in cited_items():
        assert re.fullmatch(r"II\.1|II\.\d\.[a-iđ]", clause), f"{ident}: odd clause {clause!r}"


def test_every_target_year_is_a_milestone() -> None:
    t = targets()
    assert t["plan"]["milestones"] == [2025, 2030]
    for ind in t["indicators"]:
        assert ind["targets"], ind["id"]
        for target in ind["targets"]:
            assert target["year"] in (2025, 2030), f"{ind['id']}: target year {target['year']}"


# --- actuals against the published figures ----------------------------------------------------

# Words of the published-figures row that holds each indicator's figures.
ROW_LABEL = {
    "dti_rank": "DTI",
    "digital_economy_share": "digital economy share of GRDP",
    "gii_rank": "Global Innovation Index",
    "tfp_contribution": "TFP contribution",
    "st_enterprises": "S&T enterprises",
}


def actuals() -> list[tuple[str, int, str, dict]]:
    """(file name, year, indicator id, entry) for every actual value."""
    out = []
    for path in ACTUALS_FILES:
        doc = load(path)
        for ident, entry in (doc.get("indicators") or {}).items():
            out.append((path.name, doc["year"], ident, entry))
    return out


def figure_forms(value: float) -> list[str]:
    """How a figure can be printed: 18, 22.87, and the Vietnamese 22,87."""
    text = f"{value:g}" if float(value) != int(value) else str(int(value))
    return [text, text.replace(".", ",")]


def figure_published(ident: str, year: int, value: float, of: int | None) -> bool:
    """Whether a line of published-figures.md gives `value` for `year` in the indicator's row.

    Rows are either `| label | YEAR | VALUE ... |` or `| label | ... YEAR: VALUE ... |`.
    """
    label = ROW_LABEL.get(ident)
    for line in FIGURES.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or str(year) not in line:
            continue
        if label is not None and label not in line.split("|")[1]:
            continue
        for form in figure_forms(value):
            num = re.escape(form) + r"(?![\d.,]*\d)"
            of_part = rf" \(of {of}\)" if of is not None else r"(?! \(of)"
            if re.search(rf"\| {year} \| {num}{of_part}", line) or re.search(rf"\b{year}: {num}{of_part}", line):
                return True
    return False


def test_published_figure_matcher() -> None:
    assert figure_published("dti_rank", 2022, 18, 63)
    assert figure_published("digital_economy_share", 2022, 22.87, None)
    assert figure_published("tfp_contribution", 2019, 46.11, None)
    assert not figure_published("dti_rank", 2022, 19, 63)  # wrong value
    assert not figure_published("dti_rank", 2021, 18, 63)  # right value, wrong year
    assert not figure_published("dti_rank", 2022, 18, 64)  # wrong number ranked
    assert not figure_published("gii_rank", 2022, 22.87, None)  # another row's figure
    assert not figure_published("digital_economy_share", 2022, 22.8, None)  # a prefix is not the figure


@pytest.mark.parametrize(("name", "year", "ident", "entry"), actuals(), ids=[f"{a[0]}:{a[2]}" for a in actuals()])
def test_actual_has_a_source(name: str, year: int, ident: str, entry: dict) -> None:
    source = entry.get("source")
    assert isinstance(source, str) and source.strip(), f"{name}: {ident} has no source"


@pytest.mark.parametrize(("name", "year", "ident", "entry"), actuals(), ids=[f"{a[0]}:{a[2]}" for a in actuals()])
def test_actual_figure_is_published(name: str, year: int, ident: str, entry: dict) -> None:
    assert name == f"{year}.yaml"
    assert figure_published(ident, year, entry["value"], entry.get("of")), (
        f"{name}: {ident} = {entry['value']}"
        + (f" (of {entry['of']})" if entry.get("of") else "")
        + " is not in sources/published-figures.md"
    )


def test_task_statuses_have_sources() -> None:
    for path in ACTUALS_FILES:
        for task, report in (load(path).get("tasks") or {}).items():
            assert str(report.get("source") or "").strip(), f"{path.name}: task {task} has no source"


def test_there_are_actuals_to_check() -> None:
    assert len(actuals()) >= 10


# --- encoding ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", DATA_FILES, ids=[str(p.relative_to(DATA)) for p in DATA_FILES])
def test_data_file_is_utf8_nfc_without_escapes(path: Path) -> None:
    assert invariants.encoding_problems(path) == []


def test_the_encoding_check_bites(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    for raw, found in (
        ("Vĩnh Phúc".encode("utf-16"), "not UTF-8 (invalid start byte)"),
        (b"\xef\xbb\xbfyear: 2024\n", "byte-order mark"),
        (b'name: "Vi\\u0303nh"\n', "text stored as escapes"),
        (unicodedata.normalize("NFD", "Vĩnh Phúc").encode("utf-8"), "not NFC"),
    ):
        path.write_bytes(raw)
        assert invariants.encoding_problems(path) == [f"x.yaml: {found}"]


def test_vietnamese_is_stored_as_text() -> None:
    """The escape check has something to look at: the files do hold Vietnamese letters."""
    assert "Vĩnh Phúc" in (DATA / "targets.yaml").read_text(encoding="utf-8")


# --- the second plan, 57-NQ/TW, in the frozen two-plan folder ------------------------------------

PLAN_57 = TWO_PLANS / "plans" / "tw57_2024"
PLAN_57_TEXT = ROOT / "sources" / "57-NQ-TW-2024.vi.txt"


def test_57_source_texts_are_verbatim() -> None:
    """Every indicator's and goal's quote in 57's targets.yaml is the resolution's own words."""
    assert invariants.targets_not_verbatim(PLAN_57, PLAN_57_TEXT.read_text(encoding="utf-8")) == []


def test_57_fragment_check_is_not_vacuous() -> None:
    """A changed figure in one of 57's quotes is caught: "10%/năm" is T17's, "12%/năm" is not in the text."""
    plan = invariants.normalise(PLAN_57_TEXT.read_text(encoding="utf-8"))
    quotes = {ident: text for ident, _, text in invariants.cited_items(PLAN_57)}
    assert invariants.fragments_not_in(quotes["intl_publications"], plan) == []
    assert invariants.fragments_not_in(quotes["intl_publications"].replace("10%", "12%"), plan) != []
