"""Load a plan: read every file against its schema (`store.reading`), then check the rules
across files (`engine.checks`). The one entry point for every command that reads data.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from stiplan.engine.checks import check_dataset
from stiplan.store import cache
from stiplan.store.reading import LoadResult, read_dataset, sort_problems


def load_dataset(root: Path, *, overrides: Mapping[Path, str] | None = None, check: bool = True) -> LoadResult:
    """Load and check a data folder. `overrides` replaces files' text (to check an edit first)."""
    result = read_dataset(root, overrides=overrides)
    if check and result.dataset is not None:
        result.problems = sort_problems(result.problems + check_dataset(result.dataset))
    return result


def load_dataset_cached(root: Path) -> LoadResult:
    """Like `load_dataset`, reusing the last clean load of exactly the same bytes (`store.cache`)."""
    return cache.load_cached(root, load_dataset)
