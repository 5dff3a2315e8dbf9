"""Nothing of one plan in the code: no province, decision number, department name or plan date
of the shipped plan appears anywhere in src/ (code, docstrings, help, templates).

The words are read from the frozen copy of the shipped data (tests/fixtures/shipped), never
typed here, so a plan added to the fixtures is checked the same way.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FROZEN, ROOT

SRC = ROOT / "src" / "stiplan"
TEXT_SUFFIXES = {".py", ".md", ".txt", ".yaml", ".yml", ".json", ".xml", ".html", ".j2", ".toml"}


@cache
def load(name: str) -> Any:
    """Parsed once per run and shared read-only: each of the ~120 files' tests reads the same two
    frozen files (parsing them each time was a third of the inner loop's time)."""
    return yaml.safe_load((FROZEN / name).read_text(encoding="utf-8"))


@cache
def plan_words() -> dict[str, str]:
    """word → what it is, for every name, number and date of the shipped plan's files."""
    targets, agencies = load("targets.yaml"), load("agencies.yaml")
    plan = targets["plan"]
    words: dict[str, str] = {}
    for doc in (plan, plan.get("implements") or {}):
        if doc:
            number = doc["decision"]
            words[number] = "decision number"
            words[number.split("/")[0] + "/"] = "decision number"
            words[doc["date"].isoformat()] = "document date"
            words[f"{doc['date'].day}/{doc['date'].month}/{doc['date'].year}"] = "document date"
    for scope in plan["scopes"]:
        # the country's own name is no plan's: every Vietnamese form carries it
        if scope["id"] == "vietnam":
            continue
        for alias in scope.get("aliases", []):
            words[alias] = f"name of scope {scope['id']}"
    for agency in agencies["agencies"]:
        if agency["kind"] in ("department", "people_committee", "fund", "police", "media"):
            words[agency["name"]["vi"]] = f"name of agency {agency['id']}"
    return words


def source_files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)


def test_the_shipped_plan_gives_words_to_look_for() -> None:
    words = plan_words()
    kinds = set(words.values())
    assert {"decision number", "document date"} <= kinds
    assert any(k.startswith("name of scope") for k in kinds) and any(k.startswith("name of agency") for k in kinds)


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_word_of_the_shipped_plan_in_the_code(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    numbers = {load("targets.yaml")["plan"]["decision"].split("/")[0]}  # 'Plan 843', '843 has …'
    found = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group()!r} (decision number)"
        for n in numbers
        for m in re.finditer(rf"(?<![\d.,]){re.escape(n)}(?![\d.,])", text)
    ]
    found += [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, text.index(word)) + 1}: {word!r} ({what})"
        for word, what in plan_words().items()
        if word in text
    ]
    assert not found, "\n".join(found)
