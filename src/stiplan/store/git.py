"""The data folder as it was at a git revision, read through git without checking anything out.

`git ls-tree` lists the folder's files at the revision and `git cat-file` reads each one; the
files are copied into a temporary folder and loaded with the ordinary loader, so a revision's
data gets exactly the checks the working tree gets. Nothing in the repository is touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from stiplan.problems import Refusal, Refused
from stiplan.store.safefile import MAX_BYTES

DEFAULT_BASE_BRANCHES = ("main", "origin/main")
"""Where `stiplan diff` looks for the branch a change forks from, in order."""


class GitError(Refused):
    """Git is missing, the folder is not in a repository, or git refused: which, as a key of the
    refusal words (`views.writes.REFUSALS`) and its parameters, which `diff` words in its
    language. What git itself printed is passed on as git words it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(Refusal(key, params))


class RevisionNotFound(GitError):
    """A revision name that does not resolve to a commit (a usage error)."""


class NotARepository(GitError):
    """The data folder is not inside a git work tree (a usage error)."""


@dataclass(frozen=True)
class Revision:
    """A resolved commit: what the user typed and the full hash."""

    name: str
    sha: str
    typed: bool = True
    """False when stiplan chose the revision (the merge-base): `name` then describes it."""

    @property
    def label(self) -> str:
        short = self.sha[:10]
        return short if self.sha.startswith(self.name.lower()) else f"{self.name} ({short})"

    @property
    def spec(self) -> str:
        """How to name it to git (`SPEC:data/targets.yaml`): as typed, else the short hash."""
        return self.name if self.typed else self.sha[:10]


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise GitError("git_missing") from None
    except subprocess.TimeoutExpired:
        raise GitError("git_too_long", command=args[0]) from None
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        if message:
            raise GitError("git_failed", command=args[0], detail=message[-1])
        raise GitError("git_failed_exit", command=args[0], code=proc.returncode)
    return proc


def repo_root(folder: Path) -> Path:
    """The top of the work tree holding `folder`; a GitError when there is none."""
    proc = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0:
        raise NotARepository("not_a_repository", folder=folder)
    return Path(proc.stdout.decode("utf-8").strip())


def resolve(repo: Path, name: str) -> Revision:
    """The commit a revision name points to; RevisionNotFound when it names none."""
    if not name or name.startswith("-"):
        raise RevisionNotFound("not_a_revision", name=name)
    proc = _git(repo, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False)
    if proc.returncode != 0:
        raise RevisionNotFound("no_such_revision", name=name, repo=repo)
    return Revision(name=name, sha=proc.stdout.decode("ascii").strip())


def default_base(repo: Path) -> Revision:
    """The merge-base of HEAD with `main` (or `origin/main`): where the current change forks."""
    for branch in DEFAULT_BASE_BRANCHES:
        try:
            resolve(repo, branch)
        except RevisionNotFound:
            continue
        proc = _git(repo, "merge-base", branch, "HEAD", check=False)
        if proc.returncode != 0:
            raise GitError("no_common_history", branch=branch)
        sha = proc.stdout.decode("ascii").strip()
        return Revision(name=f"merge-base({branch}, HEAD)", sha=sha, typed=False)
    raise RevisionNotFound("no_base_branch", branches=DEFAULT_BASE_BRANCHES)


def folder_in_repo(repo: Path, folder: Path) -> PurePosixPath:
    """The data folder's path inside the repository, as git names it."""
    try:
        rel = folder.resolve().relative_to(repo.resolve())
    except ValueError:
        raise NotARepository("not_in_repository", folder=folder, repo=repo) from None
    return PurePosixPath(rel.as_posix())


LINK_MODE = b"120000"


def list_files(repo: Path, rev: Revision, folder: PurePosixPath) -> list[tuple[PurePosixPath, str, int]]:
    """(path inside the folder, blob id, size) of every file under `folder` at `rev`; a symbolic
    link has size -1 (it is recreated as a link, so the loader judges it as in a work tree)."""
    spec = f"{folder.as_posix()}/" if str(folder) != "." else "."
    proc = _git(repo, "ls-tree", "-r", "-z", "-l", "--full-tree", rev.sha, "--", spec)
    out = []
    for entry in proc.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, blob, size = meta.split()
        if kind != b"blob" or mode not in (b"100644", b"100755", LINK_MODE):
            continue  # submodules are not data
        full = PurePosixPath(path.decode("utf-8", "surrogateescape"))
        rel = full.relative_to(folder) if str(folder) != "." else full
        out.append((rel, blob.decode("ascii"), -1 if mode == LINK_MODE else int(size)))
    return out


@contextmanager
def checkout_folder(repo: Path, rev: Revision, folder: PurePosixPath) -> Iterator[Path]:
    """A temporary copy of `folder` as it is at `rev`; removed on exit.

    Raises GitError when the revision has no such folder. A file larger than the loader's
    limit is not read from git at all: a placeholder one byte over the limit stands in for
    it, so the loader reports it as too large.
    """
    files = list_files(repo, rev, folder)
    if not files:
        raise GitError("no_folder_at", revision=rev.label, folder=folder.as_posix())
    tmp = Path(tempfile.mkdtemp(prefix="stiplan-diff-"))
    try:
        root = tmp / (folder.name or "data")
        root.mkdir()
        for rel, blob, size in files:
            if ".." in rel.parts:
                continue
            dest = root.joinpath(*rel.parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if size < 0:  # a link: the same rules as in a work tree (never out of the folder)
                target = _git(repo, "cat-file", "blob", blob).stdout[:4096]
                os.symlink(target.decode("utf-8", "surrogateescape"), dest)
                continue
            if size > MAX_BYTES:
                with dest.open("wb") as fh:  # a sparse stand-in: its size alone says too large
                    fh.truncate(MAX_BYTES + 1)
                continue
            dest.write_bytes(_git(repo, "cat-file", "blob", blob).stdout)
        yield root
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
