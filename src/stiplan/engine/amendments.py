"""Amended targets: which target of a plan, indicator and year is in force on a day.

A plan's own target is in force from the start; an amendment's from its `in_force_from`. On any
day the one that started last is in force, and the others are superseded (kept, and named beside
it). Two that start on the same day would both be in force: `targets_in_force_together` finds
them for `validate`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from stiplan.models import Indicator, Target
from stiplan.store.dataset import Dataset

ORIGINAL = dt.date.min
"""When the plan's own targets start to be in force: before any amendment."""


def in_force_from(target: Target) -> dt.date:
    return target.amended_by.in_force_from if target.amended_by is not None else ORIGINAL


def split(targets: Iterable[Target], day: dt.date) -> tuple[list[Target], list[Target]]:
    """(in force on `day`, the rest): per year, the target that started last on or before `day`.

    The result keeps the order of `targets`. A target whose amendment starts after `day` is
    not yet in force, so is among the rest.
    """
    targets = list(targets)
    chosen: dict[int, int] = {}
    for n, t in enumerate(targets):
        start = in_force_from(t)
        if start > day:
            continue
        best = chosen.get(t.year)
        if best is None or start >= in_force_from(targets[best]):
            chosen[t.year] = n
    keep = set(chosen.values())
    return [t for n, t in enumerate(targets) if n in keep], [t for n, t in enumerate(targets) if n not in keep]


def in_force(ds: Dataset, day: dt.date) -> Dataset:
    """The plan `ds` is seen through, with only the targets in force on `day`; the others are
    kept in `Dataset.superseded` by (indicator, year), so outputs can name the original."""
    if not any(t.amended_by is not None for ind in ds.targets.indicators for t in ind.targets):
        return ds  # nothing amended: a plan's own targets are all in force (and the common case stays free)
    indicators: list[Indicator] = []
    superseded: dict[tuple[str, int], list[Target]] = {}
    for ind in ds.targets.indicators:
        now, rest = split(ind.targets, day)
        for t in rest:
            superseded.setdefault((ind.id, t.year), []).append(t)
        indicators.append(ind.model_copy(update={"targets": now}))
    targets = ds.targets.model_copy(update={"indicators": indicators})
    return dataclasses.replace(ds, targets=targets, superseded=superseded)


def together(targets: list[Target]) -> list[tuple[int, int]]:
    """(index, index of the earlier one) for each target that starts being in force on the same
    day as an earlier target of the same year: both would be in force at once."""
    first: dict[tuple[int, dt.date], int] = {}
    out = []
    for n, t in enumerate(targets):
        key = (t.year, in_force_from(t))
        if key in first:
            out.append((n, first[key]))
        else:
            first[key] = n
    return out
