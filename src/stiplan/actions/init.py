"""`stiplan init`: a Department's own data repository, made whole or not at all.

The repository holds the data folder (an empty plan skeleton, or a copy of an existing plan's
targets, tasks and agencies), the schemas its editors validate against, a pre-commit config
using stiplan's own hook, a GitHub Actions workflow, `.gitignore` and a README in Vietnamese
for the Department. The workflow and the hook install one pinned stiplan release: a git URL
and a tag (`stiplan @ git+URL@vX.Y.Z`), so that the data is checked by the release the
Department chose, and upgraded in a pull request of its own.

The files are package data (templates/init/), filled in with `<<name>>` fields.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from stiplan import __version__, dataformat
from stiplan.problems import Problem, Refusal, has_errors

REPOSITORY_FILES = {
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "requirements.txt": "requirements.txt",
    "stiplan.yml": ".github/workflows/stiplan.yml",
    "vscode-settings.json": ".vscode/settings.json",
}
"""Template (templates/init/NAME) → its path in the data repository."""

PLAN_FILES = ("targets.yaml", "tasks.yaml", "agencies.yaml")
"""What makes a plan: the skeleton's files, and what `--plan-from` copies (never the actuals,
the collection logs or the report settings: those are the new repository's own)."""

WORKFLOW_PYTHON = "3.13"
"""The Python the generated workflow runs stiplan on: the newest one stiplan's CI tests."""

PLACEHOLDER_YEARS = 5
"""The skeleton's period runs from the year of `init` this many years on, marked as a placeholder."""

_FIELD = re.compile(r"<<([a-z_]+)>>")


@dataclass(frozen=True)
class Pin:
    """The stiplan release a data repository installs: a git repository and a tag (or commit)."""

    url: str
    rev: str

    @property
    def requirement(self) -> str:
        """A PEP 508 requirement pip installs from the repository at that revision."""
        return f"stiplan @ git+{self.url}@{self.rev}"


def installed_source() -> tuple[str | None, str | None]:
    """Where the running stiplan was installed from: (git URL, revision), each None if unknown.

    A stiplan installed from git (`pip install "stiplan @ git+URL@v1.2.0"`) records both
    (PEP 610 direct_url.json), so `init` pins what the Department runs; otherwise the package
    metadata's project URL, and no revision.
    """
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        dist = distribution("stiplan")
    except PackageNotFoundError:
        return None, None
    direct = dist.read_text("direct_url.json")
    if direct:
        info = json.loads(direct)
        vcs = info.get("vcs_info") or {}
        if vcs.get("vcs") == "git" and info.get("url"):
            return info["url"], vcs.get("requested_revision") or vcs.get("commit_id")
    for entry in dist.metadata.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("repository", "source", "source code") and url.strip():
            return url.strip(), None
    return None, None


def default_rev() -> str:
    """The release tag of the running stiplan."""
    return f"v{__version__}"


class InitError(Exception):
    """The repository cannot be made; nothing was written. `refusal` says why (the command words
    it, `views.writes.REFUSALS`); `problems` are the source plan's."""

    def __init__(self, refusal: Refusal, problems: list[Problem] | None = None) -> None:
        super().__init__(refusal.key, dict(refusal.params))
        self.refusal = refusal
        self.problems = problems or []


@dataclass(frozen=True)
class InitResult:
    root: Path
    files: list[str] = field(default_factory=list)
    """Every file written, as a path relative to `root`, sorted."""
    plan_from: Path | None = None
    """The data folder the plan was copied from; None for the skeleton."""


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill `<<name>>` fields; a field with no value is a bug in stiplan, not the user's."""
    return _FIELD.sub(lambda m: values[m.group(1)], template)


def _template(*parts: str) -> str:
    return (files("stiplan") / "templates" / "init").joinpath(*parts).read_text(encoding="utf-8")


def plan_copy(plan_from: Path) -> tuple[Path, dict[str, bytes]]:
    """The plan files of an existing data folder (or of a repository holding `data/`), as
    they are, after checking the folder is valid: a broken plan is not copied."""
    from stiplan.actions.loading import data_folder, load_dataset

    root = data_folder(plan_from)
    if not (root / "targets.yaml").is_file():
        raise InitError(Refusal("init_no_plan", {"source": plan_from}))
    loaded = load_dataset(root)
    if loaded.dataset is None or has_errors(loaded.problems, strict=False):
        raise InitError(Refusal("init_plan_has_errors", {"root": root}), loaded.problems)
    return root, {name: (root / name).read_bytes() for name in PLAN_FILES if (root / name).is_file()}


def repository_files(
    pin: Pin,
    *,
    plan: Mapping[str, bytes] | None,
    schemas: Mapping[str, str],
    today: dt.date,
) -> dict[str, bytes]:
    """Every file of the new repository (relative path → bytes): the templates filled in,
    the plan (`plan`, or the skeleton when None) and the editors' schemas (file name → text)."""
    values = {
        "stiplan_url": pin.url,
        "stiplan_rev": pin.rev,
        "requirement": pin.requirement,
        "version": __version__,
        "format": str(dataformat.FORMAT),
        "python": WORKFLOW_PYTHON,
        "today": today.isoformat(),
        "year": str(today.year),
        "end_year": str(today.year + PLACEHOLDER_YEARS),
    }
    out = {dest: render(_template(name), values).encode("utf-8") for name, dest in REPOSITORY_FILES.items()}
    if plan is None:
        plan = {name: render(_template("data", name), values).encode("utf-8") for name in PLAN_FILES}
    out.update({f"data/{name}": text for name, text in plan.items()})
    out.update({f"schema/{name}": text.encode("utf-8") for name, text in schemas.items()})
    return out


def init(
    target: Path,
    pin: Pin,
    *,
    schemas: Mapping[str, str],
    plan_from: Path | None = None,
    today: dt.date | None = None,
) -> InitResult:
    """Create the data repository at `target` (absent, or an empty folder), whole or not at all."""
    from stiplan.store.files import FolderNotEmpty, create_folder

    source, plan = plan_copy(plan_from) if plan_from is not None else (None, None)
    written = repository_files(pin, plan=plan, schemas=schemas, today=today or dt.date.today())
    try:
        create_folder(target, written)
    except FolderNotEmpty:
        raise InitError(Refusal("init_not_empty", {"target": target})) from None
    except OSError as exc:
        raise InitError(Refusal("init_cannot_create", {"target": target, "detail": exc.strerror or exc})) from None
    return InitResult(root=target, files=sorted(written), plan_from=source)
