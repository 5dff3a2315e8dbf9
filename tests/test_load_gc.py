"""A load hands what it built to the cyclic collector without a scan (`store.yamlread.paused_gc`).

Freezing the load's objects (the command line, where start-up froze its own) is safe only while a
load leaves no cyclic garbage: a frozen cycle would never be freed. Both halves are checked here.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from conftest import DataFolder
from stiplan.store.reading import read_dataset
from stiplan.store.yamlread import paused_gc


@contextmanager
def _collector_off() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _cyclic_garbage_of_a_load(folder: DataFolder) -> tuple[int, int]:
    read_dataset(folder.root)  # the validators built, the modules imported: not the load's own
    gc.collect()
    with _collector_off():  # so the load's garbage is still there to count
        result = read_dataset(folder.root)
        problems = len(result.problems)
        del result
        return problems, gc.collect()


def test_a_clean_load_leaves_no_cyclic_garbage(two_plans: DataFolder) -> None:
    assert _cyclic_garbage_of_a_load(two_plans) == (0, 0)


def test_a_load_with_problems_leaves_no_cyclic_garbage(two_plans: DataFolder) -> None:
    """The locating pass (PyYAML's Python parser, whose states are bound methods) runs then."""
    two_plans.write("agencies.yaml", two_plans.root.joinpath("agencies.yaml").read_text("utf-8") + "\nbroken: [1, 2\n")
    problems, garbage = _cyclic_garbage_of_a_load(two_plans)
    assert problems >= 1
    assert garbage == 0


def _built_in_a_pause() -> list[object]:
    with paused_gc():
        return [[i] for i in range(2000)]  # 2,000 tracked objects


def test_what_a_pause_built_is_never_left_young_nor_frozen_where_nothing_was() -> None:
    gc.unfreeze()  # a clean start: whatever an earlier test froze goes to the oldest generation
    gc.collect()
    built = _built_in_a_pause()
    assert gc.get_freeze_count() == 0  # not kept from the collector
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(o) in young for o in built)  # moved to the oldest generation, unscanned
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(o) in oldest for o in built)


def test_what_a_pause_built_is_frozen_with_what_start_up_froze() -> None:
    gc.collect()
    gc.freeze()  # as `cli.root` does after start-up
    try:
        before = gc.get_freeze_count()
        built = _built_in_a_pause()
        assert gc.get_freeze_count() >= before + len(built)
    finally:
        gc.unfreeze()  # the rest of the session as it was: everything back to the oldest generation
