"""The load cache on a folder of several plans: what comes back is the fresh load, shaped alike.

The folder is seen through its first plan (`Dataset.targets` and `.tasks` are that plan's
files); the cache keeps those files once, under the plan, and restores the same objects in
both places, as a fresh load has them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DataFolder


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STIPLAN_CACHE_DIR", str(folder))
    return folder


def test_a_folder_of_two_plans_comes_back_from_the_cache_as_loaded(two_plans: DataFolder, cache_dir: Path) -> None:
    from stiplan.actions.loading import load_dataset, load_dataset_cached
    from stiplan.store import cache

    root = two_plans.root
    fresh = load_dataset(root)
    assert fresh.dataset is not None and not any(p.severity == "error" for p in fresh.problems)
    load_dataset_cached(root)
    (path,) = cache_dir.glob("*.json")
    body = json.loads(path.read_text(encoding="utf-8"))
    assert [pid for pid, _, _ in body["plans"]] == ["tw57_2024", "vinh_phuc_843_2023"]
    assert body["seen_through"] is True and body["targets"] is None and body["tasks"] is None

    restored = cache._restore(path.read_bytes(), cache._content_key(root), root)
    assert restored is not None and restored.dataset is not None
    ds, want = restored.dataset, fresh.dataset
    for part in ("targets", "agencies", "tasks", "actuals", "collection", "plans"):
        assert getattr(ds, part) == getattr(want, part), part
    assert restored.problems == fresh.problems
    first = ds.plans["tw57_2024"]
    assert ds.targets is first.targets and ds.tasks is first.tasks
    assert ds.targets.plan.id == "tw57_2024"


def test_a_cache_without_the_layout_mark_is_a_fresh_load(two_plans: DataFolder, cache_dir: Path) -> None:
    """A cache file that does not say how its plans are kept is a miss, never half-read."""
    from stiplan.actions.loading import load_dataset_cached

    root = two_plans.root
    load_dataset_cached(root)
    (path,) = cache_dir.glob("*.json")
    body = json.loads(path.read_text(encoding="utf-8"))
    del body["seen_through"]
    body["plans"][0][1]["plan"]["title"]["vi"] = "TAMPERED"  # shows whether the file was used
    path.write_text(json.dumps(body), encoding="utf-8")
    result = load_dataset_cached(root)
    assert result.dataset is not None
    assert result.dataset.targets.plan.title.vi != "TAMPERED"
    assert result.dataset.plans["tw57_2024"].targets.plan.title.vi != "TAMPERED"
