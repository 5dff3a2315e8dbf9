"""CONTRIBUTING.md stays true: the paths it names exist, its layers are the enforced ones, and no
comment points at an issue number a reader of the code cannot follow."""

from __future__ import annotations

import re
from pathlib import Path

from test_layers import LAYERS

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_every_path_it_names_exists() -> None:
    named = set(re.findall(r"`((?:src|tests)/[\w/.]+)`", TEXT))
    assert len(named) >= 10  # the rule reads the file's paths at all
    assert sorted(p for p in named if not (ROOT / p).exists()) == []


def test_the_layers_are_the_enforced_ones() -> None:
    line = next(line for line in TEXT.splitlines() if line.startswith("In `tests/test_layers.py`"))
    block = TEXT[TEXT.index(line) :].split("\n\n")[0]
    said = {name: int(n) for name, n in re.findall(r"`(\w+)` (\d)", block)}
    shared = re.search(r"shared 0 \(([^)]*)\)", block)
    assert shared is not None
    said |= {name: 0 for name in re.findall(r"`(\w+)`", shared.group(1))}
    assert said == {k: v for k, v in LAYERS.items() if k != "__main__"}


def test_no_reference_to_an_issue_number() -> None:
    pattern = re.compile(r"\bissue #?\d+|\(#\d+\)", re.IGNORECASE)
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("src", "tests", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) and path.name != "test_contributing.py"
    ]
    assert found == []
