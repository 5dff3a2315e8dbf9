"""What must hold of ANY data folder stiplan's commands leave behind, as functions of the folder.

The fidelity tests apply them to the frozen copy of the shipped plan; the whole-round test
applies them to a copy after a yearly round run through the commands. Each returns the
violations it finds (an empty list: it holds), so a test can show them when it fails.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from ruamel.yaml import YAML

FRAGMENT_SEPARATOR = " … "
"""How targets.yaml joins the fragments of one clause it quotes."""


def normalise(text: str) -> str:
    """NFC, every run of whitespace one space."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def load(path: Path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def cited_items(folder: Path) -> list[tuple[str, str, str]]:
    """(id, clause, quoted text) of every indicator and goal of the folder's targets.yaml."""
    t = load(folder / "targets.yaml")
    return [(i["id"], i["source"]["clause"], i["source"]["text"]) for i in t["indicators"] + (t.get("goals") or [])]


def fragments_not_in(text: str, plan_text: str) -> list[str]:
    """The fragments of a quoted text that are not verbatim in the plan's (normalised) text."""
    return [f for f in (normalise(f) for f in text.split(FRAGMENT_SEPARATOR)) if not f or f not in plan_text]


def targets_not_verbatim(folder: Path, plan_text: str) -> list[str]:
    """Every target's and goal's quoted text is the plan's own words."""
    plan = normalise(plan_text)
    return [
        f"{ident} ({clause}): {bad!r}"
        for ident, clause, text in cited_items(folder)
        for bad in fragments_not_in(text, plan)
    ]


def encoding_problems(path: Path) -> list[str]:
    """A data file is UTF-8, without a byte-order mark, NFC, with Vietnamese stored as text."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"{path.name}: not UTF-8 ({exc.reason})"]
    found = []
    if raw.startswith(b"\xef\xbb\xbf"):
        found.append(f"{path.name}: byte-order mark")
    if any(escape in raw for escape in (b"\\u", b"\\U", b"\\x")):
        found.append(f"{path.name}: text stored as escapes")
    if not unicodedata.is_normalized("NFC", text):
        found.append(f"{path.name}: not NFC")
    return found


def data_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.yaml"))


def files_badly_encoded(folder: Path) -> list[str]:
    return [problem for path in data_files(folder) for problem in encoding_problems(path)]


def validate_strict(folder: Path, *, today: dt.date | None = None) -> list[str]:
    """`stiplan validate --strict`'s problem lines (none: clean), through the library it calls.

    `today` fixes what "this year" is (an actual after it is a warning), so a round dated in
    a given year is checked as of that year, whatever the machine's clock says.
    """
    from stiplan.engine.checks import check_dataset
    from stiplan.store.reading import read_dataset, sort_problems

    result = read_dataset(folder)
    problems = result.problems
    if result.dataset is not None:
        problems = sort_problems(problems + check_dataset(result.dataset, today=today))
    return [p.format() for p in problems]
