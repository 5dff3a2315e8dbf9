"""What makes a folder a data folder: one plan's targets.yaml at its top, or plans/ of several.

Standard library only: the reader asks it, and so does the output guard (store/files), which
must know a data folder of either layout before it lets a report or an export be written."""

from __future__ import annotations

import os
from pathlib import Path

TARGETS = "targets.yaml"
"""One plan's file of targets: at the top of a one-plan folder, in each plans/<id>/ of several."""
PLANS = "plans"
"""The folder of a data folder holding several plans: plans/<plan id>/targets.yaml (+ tasks.yaml)."""


def is_several_plans(root: Path) -> bool:
    """A folder of several plans has plans/ and no targets.yaml of its own (one plan's folder
    keeps today's layout: targets.yaml at its top)."""
    return not os.path.lexists(root / TARGETS) and (root / PLANS).is_dir()


def holds_data(folder: Path) -> bool:
    """A data folder: one plan's targets.yaml at its top, or plans/ of several."""
    return os.path.lexists(folder / TARGETS) or is_several_plans(folder)


def plan_folders(root: Path) -> list[Path]:
    """plans/<id>/ folders, by name (dotfiles are editors' and git's business)."""
    return sorted(p for p in (root / PLANS).iterdir() if p.is_dir() and not p.name.startswith("."))
