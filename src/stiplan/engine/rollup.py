"""Several plans at once: each data folder loaded (through its cache) and assessed, for the
national picture a Ministry or a merged province needs. No new engine: one `load_dataset_cached`
and one `assess_dataset` per folder; a folder with errors is reported and the others kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from stiplan import problems as P
from stiplan.engine.indicators import IndicatorStatus, assess_dataset, status_counts
from stiplan.engine.loading import load_dataset_cached
from stiplan.store.reading import Dataset, display_path


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
        return list(self.dataset.targets.plan.milestones) if self.dataset else []

    def counts(self, milestone: int) -> Counter[str]:
        return status_counts(self.statuses, milestone)


def data_folder(given: Path) -> Path:
    """The folder itself when it holds targets.yaml, else its `data/` when that does (a plan's repository)."""
    if not (given / "targets.yaml").is_file() and (given / "data" / "targets.yaml").is_file():
        return given / "data"
    return given


def rollup(folders: Iterable[Path], as_of: int) -> list[PlanRollup]:
    """Each folder loaded and assessed as of `as_of`, in the order given."""
    plans = []
    for given in folders:
        root = data_folder(given)
        if not (root / "targets.yaml").is_file():
            where = display_path(root / "targets.yaml")
            missing = P.FileMissing.at(where, what="targets.yaml (every data folder holds one)")
            plans.append(PlanRollup(root=root, display=display_path(root), dataset=None, problems=[missing]))
            continue
        result = load_dataset_cached(root)
        plan = PlanRollup(root=root, display=display_path(root), dataset=result.dataset, problems=result.problems)
        if plan.ok and result.dataset is not None:
            plan.statuses = assess_dataset(result.dataset, as_of)
        plans.append(plan)
    return plans
