"""A write re-checks only what it changed: the check of the data as they would be reuses the
first load's reading of every file whose bytes are the same (`reading.read_dataset(reuse=...)`).

What it must give is what a full load gives: the same problems (place, code, parameters, the
wording in both languages) and the same data. Each test here makes an edit, checks it once
reusing a first load and once from scratch, and compares the two; and it counts the files
actually parsed, so that a reuse that silently re-read everything would fail too.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import TWO_PLANS, cli
from stiplan.actions import writing
from stiplan.actions.loading import load_dataset
from stiplan.store import yamlread
from stiplan.store.dataset import Dataset
from stiplan.store.reading import LoadResult

TW57 = Path("plans") / "tw57_2024" / "targets.yaml"
P843 = Path("plans") / "vinh_phuc_843_2023"
FILES = 11
"""Files of the two-plan folder: 2 targets, 1 tasks, agencies, 7 actuals (2019–2025)."""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(TWO_PLANS, folder)
    return folder


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The name of every file `read_yaml` parses, in order."""
    names: list[str] = []
    real = yamlread.read_yaml

    def counting(path: Path, display: str, **kw: Any) -> Any:
        names.append(path.name if path.parent.name != "tw57_2024" else "tw57/" + path.name)
        return real(path, display, **kw)

    monkeypatch.setattr(yamlread, "read_yaml", counting)
    yield names


def edited(root: Path, rel: Path | str, old: str, new: str) -> dict[Path, str]:
    """The override of one file with the first `old` replaced by `new`."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    return {path: text.replace(old, new, 1)}


def problems_of(result: LoadResult) -> list[tuple[object, ...]]:
    """Every problem as a person and a program see it: place, code, parameters, both wordings."""
    return [(p, p.params, p.format("vi"), p.format("en")) for p in result.problems]


def data_of(ds: Dataset | None) -> dict[str, object] | None:
    if ds is None:
        return None

    def dump(model: Any) -> object:
        return None if model is None else model.model_dump()

    return {
        "targets": dump(ds.targets),
        "agencies": dump(ds.agencies),
        "tasks": dump(ds.tasks),
        "actuals": {year: dump(a) for year, a in ds.actuals.items()},
        "collection": {year: dump(c) for year, c in ds.collection.items()},
        "plans": {pid: (dump(own.targets), dump(own.tasks)) for pid, own in ds.plans.items()},
        "files": {role: (f.display, f.text, f.kept, f.dropped) for role, f in ds.files.items()},
    }


def both_ways(root: Path, overrides: dict[Path, str], parsed: list[str]) -> tuple[LoadResult, list[str]]:
    """The edit checked reusing a first load (returned, with the files that check parsed),
    after asserting it equals the edit checked by a full load."""
    first = load_dataset(root)
    assert first.dataset is not None
    parsed.clear()
    reused = writing.check(root, overrides, reuse=first.dataset.reads)
    names = list(parsed)
    full = load_dataset(root, overrides=overrides)
    assert problems_of(reused) == problems_of(full)
    assert data_of(reused.dataset) == data_of(full.dataset)
    return reused, names


def codes(result: LoadResult) -> set[str]:
    return {p.code for p in result.problems}


def test_an_edited_year_file_is_the_only_one_parsed_again(root: Path, parsed: list[str]) -> None:
    result, names = both_ways(root, edited(root, "actuals/2023.yaml", "value: 46", "value: 45"), parsed)
    assert names == ["2023.yaml"]
    assert result.problems == []
    assert result.dataset is not None
    assert result.dataset.actuals[2023].model_dump()["indicators"]["gii_rank"]["value"] == 45


def test_a_new_file_is_parsed_the_others_reused(root: Path, parsed: list[str]) -> None:
    new = root / "actuals" / "2026.yaml"
    text = "year: 2026\nindicators:\n  gii_rank: {value: 44, of: 133, source: x, scope: vietnam}\ntasks: {}\n"
    result, names = both_ways(root, {new: text}, parsed)
    assert names == ["2026.yaml"]
    assert result.problems == []
    assert result.dataset is not None and sorted(result.dataset.actuals)[-1] == 2026
    assert not new.exists()


def test_a_second_file_of_a_year_is_refused_as_a_full_load_refuses_it(root: Path, parsed: list[str]) -> None:
    result, names = both_ways(root, {root / "actuals" / "2024.yml": "year: 2024\n"}, parsed)
    assert names == []  # neither file of the year is taken: nothing new to parse
    assert codes(result) == {"duplicate-year"}


def test_an_edit_that_breaks_the_schema(root: Path, parsed: list[str]) -> None:
    result, names = both_ways(root, edited(root, "actuals/2023.yaml", "    of: 132\n", "    off: 132\n"), parsed)
    assert names == ["2023.yaml"]
    (problem,) = result.problems
    assert (problem.code, problem.path.endswith("actuals/2023.yaml"), problem.line) == ("unknown-field", True, 13)


def test_an_edit_that_breaks_a_rule_across_files(root: Path, parsed: list[str]) -> None:
    result, names = both_ways(root, edited(root, "actuals/2023.yaml", "  gii_rank:\n", "  gii_rnk:\n"), parsed)
    assert names == ["2023.yaml"]
    assert "unknown-indicator" in codes(result)


def test_an_edit_of_the_agencies_breaks_the_tasks_that_name_one(root: Path, parsed: list[str]) -> None:
    """The file edited is reread; the tasks file, unchanged, is not, yet its references to the
    agency now missing are found: the rules across files run on the whole folder."""
    result, names = both_ways(root, edited(root, "agencies.yaml", "  - id: dost\n", "  - id: dost_x\n"), parsed)
    assert names == ["agencies.yaml"]
    broken = [p for p in result.problems if p.path.endswith("tasks.yaml") and p.severity == "error"]
    assert broken, [p.format() for p in result.problems]


def test_edits_of_a_plans_targets_and_tasks(root: Path, parsed: list[str]) -> None:
    targets = edited(root, TW57, "  - id: digital_competitiveness_rank_sea\n", "  - id: Digital\n")
    result, names = both_ways(root, targets, parsed)
    assert names == ["tw57/targets.yaml"]
    assert "invalid-value" in codes(result)
    tasks = edited(root, P843 / "tasks.yaml", "    lead: dost\n", "    lead: nobody\n")
    result, names = both_ways(root, tasks, parsed)
    assert names == ["tasks.yaml"]
    assert any(p.path.endswith("tasks.yaml") and p.severity == "error" for p in result.problems)


def test_two_files_at_once(root: Path, parsed: list[str]) -> None:
    """An import changes an actuals file and writes the collection log: both are read, no other."""
    both = {
        **edited(root, "actuals/2023.yaml", "value: 46", "value: 45"),
        root / "collection" / "2023.yaml": "year: 2023\nevents: []\n",
    }
    _result, names = both_ways(root, both, parsed)
    assert sorted(names) == ["2023.yaml", "2023.yaml"]


def test_problems_of_an_unchanged_file_come_out_as_a_full_load_finds_them(root: Path, parsed: list[str]) -> None:
    """A first load with errors of its own in a file the edit leaves alone (a dropped list item:
    `Located.kept` places the later ones, `dropped` keeps a reference to it from being unknown)."""
    agencies = root / "agencies.yaml"
    text = agencies.read_text(encoding="utf-8")
    agencies.write_text(text.replace("  - id: dpi\n", "  - id: dpi\n    colour: blue\n", 1), encoding="utf-8")
    result, names = both_ways(root, edited(root, "actuals/2023.yaml", "  gii_rank:\n", "  gii_rnk:\n"), parsed)
    assert names == ["2023.yaml"]
    assert {"unknown-field", "unknown-indicator"} <= codes(result)


def test_a_file_changed_on_disk_after_the_first_load_is_read_again(root: Path, parsed: list[str]) -> None:
    """The reuse is keyed on the bytes read now, not on a date: a change that keeps the file's
    size and modification time is still seen."""
    first = load_dataset(root)
    assert first.dataset is not None
    agencies = root / "agencies.yaml"
    text = agencies.read_text(encoding="utf-8")
    stamp = agencies.stat()
    agencies.write_text(text.replace("  - id: dost\n", "  - id: dosx\n", 1), encoding="utf-8")
    os.utime(agencies, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert agencies.stat().st_size == stamp.st_size
    override = edited(root, "actuals/2023.yaml", "value: 46", "value: 45")
    parsed.clear()
    reused = writing.check(root, override, reuse=first.dataset.reads)
    assert sorted(parsed) == ["2023.yaml", "agencies.yaml"]
    full = load_dataset(root, overrides=override)
    assert problems_of(reused) == problems_of(full)
    assert any(p.path.endswith("tasks.yaml") for p in reused.problems)


def test_record_parses_the_folder_once_and_then_only_the_file_it_writes(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The product win itself: `stiplan record` reads the folder, then checks its edit by
    parsing the one file it changes (before: the whole folder a second time)."""
    monkeypatch.setenv("STIPLAN_NO_CACHE", "1")
    run = cli("record", "--data", str(root), "gii_rank", "2023", "45", "--of", "132", "--replace", "--source", "x")
    assert run.exit_code == 0, run.stderr
    assert len(parsed) == FILES + 1
    assert parsed[-1] == "2023.yaml"
    assert "value: 45\n" in (root / "actuals" / "2023.yaml").read_text(encoding="utf-8")


def test_new_year_parses_the_folder_once_and_then_only_the_form_it_writes(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STIPLAN_NO_CACHE", "1")
    run = cli("new-year", "--data", str(root), "--lang", "en", "2026")
    assert run.exit_code == 0, run.stderr
    assert parsed == [*parsed[:FILES], "2026.yaml"] and len(parsed) == FILES + 1
    assert (root / "actuals" / "2026.yaml").is_file()
