"""Getting a dataset: a data folder read against its schemas (`store.reading`) and checked across
files (`engine.checks`). The one entry point for every command that reads data, and the first
and last step of every action that writes it (the data as it would be is checked the same way).

Also here, because they are only loads of more than one folder: several plans' folders for
`rollup`, and one folder at two git revisions for `diff`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from stiplan import problems as P
from stiplan.engine.agencies import with_agency_hints
from stiplan.engine.checks import check_dataset
from stiplan.lang import Term
from stiplan.store import cache
from stiplan.store.dataset import Dataset, FileRead
from stiplan.store.layout import holds_data
from stiplan.store.reading import LoadResult, display_path, read_dataset, sort_problems

if TYPE_CHECKING:
    from stiplan.engine.comparison import DataDiff
    from stiplan.store.git import Revision


def load_dataset(
    root: Path,
    *,
    overrides: Mapping[Path, str] | None = None,
    check: bool = True,
    reuse: Mapping[Path, FileRead] | None = None,
) -> LoadResult:
    """Load and check a data folder. `overrides` replaces files' text (to check an edit first);
    `reuse`: files as an earlier load read them, taken again where their bytes are the same
    (`reading.read_dataset`). The rules across files always run on the whole folder."""
    result = read_dataset(root, overrides=overrides, reuse=reuse)
    if check and result.dataset is not None:
        found = check_dataset(result.dataset)
        result.problems = sort_problems(with_agency_hints(result.problems, result.dataset.agency_list) + found)
    return result


def load_dataset_cached(root: Path) -> LoadResult:
    """Like `load_dataset`, reusing the last clean load of exactly the same bytes (`store.cache`)."""
    return cache.load_cached(root, load_dataset)


# --- several folders ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Loaded:
    """One folder of several: where it is, as shown, and what loading it gave."""

    root: Path
    display: str
    result: LoadResult


def data_folder(given: Path) -> Path:
    """The folder itself when it holds data (targets.yaml, or plans/), else its `data/` when that
    does (a plan's repository)."""
    if not holds_data(given) and holds_data(given / "data"):
        return given / "data"
    return given


def load_folders(folders: Iterable[Path]) -> list[Loaded]:
    """Each folder (or a plan repository's data/) loaded through its cache, in the order given;
    a folder without targets.yaml is a located problem, not a stop."""
    out = []
    for given in folders:
        root = data_folder(given)
        if not holds_data(root):
            what = Term(
                "targets.yaml (thư mục dữ liệu nào cũng có tệp này)", "targets.yaml (every data folder holds one)"
            )
            missing = P.FileMissing.at(display_path(root / "targets.yaml"), what=what)
            out.append(Loaded(root, display_path(root), LoadResult(dataset=None, problems=[missing])))
            continue
        out.append(Loaded(root, display_path(root), load_dataset_cached(root)))
    return out


# --- one folder at two revisions ---------------------------------------------------------------


class InvalidData(P.Refused):
    """The data at one side of the comparison does not validate: a refusal naming the side, its
    label, how many errors and the first (a `Problem`, worded by the command in its language)."""

    def __init__(self, side: str, label: str, problems: list[P.Problem]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        self.side, self.label, self.problems = side, label, problems
        first: object = errors[0] if errors else P.Refusal("data_not_loaded")
        params = {"side": side, "label": label, "errors": P.Count(len(errors), "errors"), "first": first}
        super().__init__(P.Refusal("invalid_data_at", params))


def diff_revisions(
    folder: Path, base: str | None, head: str | None, as_of: int, *, plan: str | None = None
) -> DataDiff:
    """Compare the data folder at two revisions (None: the fork point with main / the working tree).

    A folder of several plans is compared through one plan (`plan`, needed then), at both sides.
    Raises store.git.GitError (git missing, not a repository, no such revision or folder),
    InvalidData (a side whose data does not validate) and UnknownPlan (no such plan at a side,
    or several and none named).
    """
    from stiplan.engine.comparison import WORKING_TREE, compare  # only `diff` needs it: not on every load
    from stiplan.store import git as gitdata

    repo = gitdata.repo_root(folder)
    rel = gitdata.folder_in_repo(repo, folder)
    base_rev = gitdata.resolve(repo, base) if base is not None else gitdata.default_base(repo)
    head_rev = gitdata.resolve(repo, head) if head is not None else None
    with ExitStack() as stack:
        base_ds = _load_at(stack, repo, base_rev, rel, "BASE")
        if head_rev is None:
            head_ds, head_label = _load_folder(folder, "HEAD", WORKING_TREE), WORKING_TREE
        else:
            head_ds, head_label = _load_at(stack, repo, head_rev, rel, "HEAD"), head_rev.label
        if plan is not None or base_ds.several_plans or head_ds.several_plans:
            chosen = head_ds.only_plan(plan)
            base_ds, head_ds = base_ds.for_plan(base_ds.only_plan(chosen)), head_ds.for_plan(chosen)
        return compare(base_ds, head_ds, as_of, base_label=base_rev.label, head_label=head_label)


def _load_folder(folder: Path, side: str, label: str, rename: tuple[str, str] | None = None) -> Dataset:
    result = load_dataset(folder)
    problems = result.problems
    if rename is not None:
        old, new = rename
        problems = [
            dataclasses.replace(p, path=new + p.path[len(old) :]) if p.path.startswith(old) else p for p in problems
        ]
    if result.dataset is None or any(p.severity == "error" for p in problems):
        raise InvalidData(side, label, problems)
    return result.dataset


def _load_at(stack: ExitStack, repo: Path, rev: Revision, rel: PurePosixPath, side: str) -> Dataset:
    from stiplan.store import git as gitdata

    root = stack.enter_context(gitdata.checkout_folder(repo, rev, rel))
    return _load_folder(root, side, rev.label, rename=(display_path(root), f"{rev.spec}:{rel.as_posix()}"))
