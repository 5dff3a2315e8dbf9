"""Several plans at once: each data folder's plan assessed, for the national picture a Ministry or
a merged province needs. No new engine: one `assess_dataset` per folder that loaded cleanly
(`actions.loading.load_folders` loads them); a folder with errors is reported, the others kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from stiplan import problems as P
from stiplan.engine.amendments import in_force
from stiplan.engine.asof import cutoff_date
from stiplan.engine.indicators import IndicatorStatus, assess_dataset, status_counts
from stiplan.store.dataset import Dataset
from stiplan.store.reading import LoadResult


@dataclass
class PlanRollup:
    """One folder's plan: its statuses when it loads cleanly, else the problems that stop it."""

    root: Path
    display: str
    dataset: Dataset | None
    statuses: list[IndicatorStatus] = field(default_factory=list)
    problems: list[P.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.dataset is not None and not P.has_errors(self.problems)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def milestones(self) -> list[int]:
        return self.dataset.target_years() if self.dataset else []

    def counts(self, milestone: int) -> Counter[str]:
        return status_counts(self.statuses, milestone)


def rollup(loaded: Iterable[tuple[Path, str, LoadResult]], as_of: int) -> list[PlanRollup]:
    """Each loaded folder (root, as shown, load result) assessed as of `as_of`, in the order given;
    each plan of a folder of several is a row of its own (its targets in force at the year's cut-off)."""
    plans = []
    for root, display, result in loaded:
        whole = result.dataset
        if whole is None or P.has_errors(result.problems):
            plans.append(PlanRollup(root=root, display=display, dataset=whole, problems=result.problems))
            continue
        for view in whole.each_plan():  # a folder of several plans gives a row per plan
            view = in_force(view, cutoff_date(view.plan(), as_of))
            plan = PlanRollup(root=root, display=display, dataset=view, problems=result.problems)
            plan.statuses = assess_dataset(view, as_of)
            plans.append(plan)
    return plans
