"""A load pauses the cyclic collector (`store.yamlread.paused_gc`) and leaves no cyclic garbage:
what it built is freed by reference counting alone, what it keeps goes to the oldest generation
unscanned, and nothing is frozen behind it."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from conftest import DataFolder
from stiplan.store.yamlread import paused_gc

MEASURE = """
import gc, json, sys
from pathlib import Path
from stiplan.store.reading import read_dataset
from stiplan.store.yamlread import paused_gc
root = Path(sys.argv[1])
read_dataset(root)  # the validators built, the modules imported: not the load's own
gc.collect()
with paused_gc():  # so the load's garbage is still there to count
    result = read_dataset(root)
    problems = len(result.problems)
    del result
    print(json.dumps([problems, gc.collect()]))
"""


def _cyclic_garbage_of_a_load(folder: DataFolder) -> tuple[int, int]:
    """In a fresh process: in this one, garbage of earlier tests that something held until
    now (under Python 3.13, an unfinished ElementTree iterparse over a workbook) would be
    counted as the load's."""
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, str(folder.root)], capture_output=True, text=True, timeout=120, check=True
    )
    problems, garbage = json.loads(proc.stdout)
    return problems, garbage


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


def test_a_pause_freezes_nothing_and_gives_the_collector_back_as_it_was() -> None:
    """Even where start-up froze its own objects: a freeze after a load would take the garbage
    cycles of other work with it, never to be freed (an import's openpyxl workbooks)."""
    for frozen in (False, True):
        gc.collect()
        if frozen:
            gc.freeze()
        try:
            built = _built_in_a_pause()
            tracked = {id(o) for o in gc.get_objects()}  # every generation but the frozen one
            assert all(id(o) in tracked for o in built)  # left to the collector's own passes
            assert gc.isenabled()
        finally:
            gc.unfreeze()


def test_what_a_pause_built_goes_to_the_oldest_generation_unscanned() -> None:
    """The young passes would scan every object of a large load once or twice on its way there
    (a tenth of `validate` at 100x); in the young generations, none of them."""
    gc.collect()
    built = _built_in_a_pause()
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    young = {id(o) for o in (*gc.get_objects(generation=0), *gc.get_objects(generation=1))}
    assert all(id(o) in oldest for o in built)
    assert not any(id(o) in young for o in built)
