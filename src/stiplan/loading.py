"""Data folder → validated models, with every problem located in the file the user edits.

Flow: find the folder, read each file safely (`yamlread`), validate it against its schema
(`models`), then run the cross-file rules (`checks`). Problems are collected, never raised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from stiplan import problems as P
from stiplan.models import ActualsFile, AgenciesFile, TargetsFile, TasksFile

if TYPE_CHECKING:
    from stiplan.yamlread import Located

ENV_VAR = "STIPLAN_DATA"
ACTUALS_NAME = re.compile(r"^(\d{4})\.ya?ml$")

M = TypeVar("M", bound=BaseModel)


class DataDirNotFound(Exception):
    """No data folder could be found; the message names every place that was tried."""


def find_data_dir(option: str | Path | None, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path:
    """`--data DIR`, else $STIPLAN_DATA, else the nearest `data/` holding targets.yaml upward."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    for given, how in ((option, "--data"), (env.get(ENV_VAR) or None, ENV_VAR)):
        if given:
            path = Path(given)
            if (path / "targets.yaml").is_file():
                return path
            raise DataDirNotFound(f"{how} {str(given)!r}: no targets.yaml in that folder")
    tried = []
    for folder in (cwd, *cwd.parents):
        candidate = folder / "data"
        tried.append(str(candidate))
        if (candidate / "targets.yaml").is_file():
            return candidate if folder != cwd else Path("data")
    raise DataDirNotFound(
        "no data folder found: pass --data DIR or set STIPLAN_DATA; "
        f"looked for data/targets.yaml in {', '.join(tried[:3])}{' …' if len(tried) > 3 else ''}"
    )


@dataclass
class Dataset:
    """Everything one plan's data folder holds, validated file by file."""

    root: Path
    targets: TargetsFile
    agencies: AgenciesFile | None
    tasks: TasksFile | None
    actuals: dict[int, ActualsFile]
    files: dict[str, Located] = field(default_factory=dict)
    """Loaded files by role ('targets', 'agencies', 'tasks', 'actuals/2022'), for locating problems."""

    def actuals_file(self, year: int) -> Located | None:
        return self.files.get(f"actuals/{year}")


@dataclass
class LoadResult:
    dataset: Dataset | None
    problems: list[P.Problem]


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_dataset(root: Path, *, overrides: Mapping[Path, str] | None = None, check: bool = True) -> LoadResult:
    """Load and check a data folder. `overrides` replaces files' text (to check an edit first)."""
    from stiplan.checks import check_dataset
    from stiplan.yamlread import read_yaml

    overrides = {Path(k).resolve(): v for k, v in (overrides or {}).items()}
    problems: list[P.Problem] = []
    files: dict[str, Located] = {}

    def load(path: Path, role: str, model: type[M], required: bool) -> M | None:
        text = overrides.get(path.resolve())
        if text is None and not path.exists():
            if required:
                problems.append(P.FileMissing.at(display_path(path), what=f"{path.name} (required in every data folder)"))
            return None
        located, found = read_yaml(path, display_path(path), text=text)
        problems.extend(found)
        if located is None:
            return None
        files[role] = located
        return validate_model(located, model, problems)

    targets = load(root / "targets.yaml", "targets", TargetsFile, True)
    agencies = load(root / "agencies.yaml", "agencies", AgenciesFile, False)
    tasks = load(root / "tasks.yaml", "tasks", TasksFile, False)

    actuals: dict[int, ActualsFile] = {}
    actuals_dir = root / "actuals"
    # Every visible file counts, so that a misnamed one ('2023.YAML', '2023.json') is reported
    # rather than silently ignored; dotfiles are editors' and git's business.
    # Keyed by the resolved path, so that a file both on disk and overridden is read once.
    found = {p.resolve(): p for p in actuals_dir.iterdir() if not p.name.startswith(".")} if actuals_dir.is_dir() else {}
    for p in overrides:
        if p.parent == actuals_dir.resolve():
            found.setdefault(p, actuals_dir / p.name)
    for path in sorted(found.values(), key=lambda p: p.name):
        match = ACTUALS_NAME.match(path.name)
        if not match:
            problems.append(P.BadFileName.at(display_path(path), name=path.name))
            continue
        year = int(match.group(1))
        model = load(path, f"actuals/{year}", ActualsFile, False)
        if model is not None:
            actuals[year] = model

    dataset = None
    if targets is not None:
        dataset = Dataset(root=root, targets=targets, agencies=agencies, tasks=tasks, actuals=actuals, files=files)
        if check:
            problems.extend(check_dataset(dataset))
    return LoadResult(dataset=dataset, problems=sort_problems(problems))


CACHE_FORMAT = 1


def cache_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """$STIPLAN_CACHE_DIR, else $XDG_CACHE_HOME/stiplan, else ~/.cache/stiplan; None disables."""
    env = os.environ if env is None else env
    if env.get("STIPLAN_NO_CACHE"):
        return None
    if env.get("STIPLAN_CACHE_DIR"):
        return Path(env["STIPLAN_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "stiplan"


def _content_key(root: Path) -> str:
    """A digest of every data file's bytes, plus what else the checks depend on."""
    from stiplan import __version__

    h = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}\0{dt.date.today().year}\0".encode())
    names = ["targets.yaml", "agencies.yaml", "tasks.yaml"]
    actuals = root / "actuals"
    if actuals.is_dir():
        names += sorted(f"actuals/{p.name}" for p in actuals.iterdir())
    for name in names:
        path = root / name
        h.update(name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"\0missing")
        h.update(b"\0")
    return h.hexdigest()


def load_dataset_cached(root: Path) -> LoadResult:
    """Like `load_dataset`, reusing the last clean load of exactly these bytes.

    Parsing and validating cost more than all the rest of `stiplan status`; a clean load is
    therefore kept (pickled, keyed by a digest of every file's bytes) in the user's cache.
    Any change to any file, to stiplan or to the year misses the cache and loads afresh.
    Only clean loads (no errors) are kept; their warnings are kept with them.
    """
    folder = cache_dir()
    if folder is None:
        return load_dataset(root)
    try:
        key = _content_key(root)
    except OSError:
        return load_dataset(root)
    path = folder / (hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24] + ".pickle")
    try:
        with path.open("rb") as fh:
            stored_key, result = pickle.load(fh)
        if stored_key == key and isinstance(result, LoadResult):
            result.dataset.root = root
            return result
    except Exception:  # noqa: BLE001 - a missing, stale or unreadable cache is just a miss
        pass
    result = load_dataset(root)
    if result.dataset is not None and not any(p.severity == "error" for p in result.problems):
        lean = LoadResult(dataset=Dataset(**{**result.dataset.__dict__, "files": {}}), problems=result.problems)
        import tempfile  # only a cache miss writes

        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump((key, lean), fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            pass  # a read-only home only costs speed
    return result


def sort_problems(problems: list[P.Problem]) -> list[P.Problem]:
    """File order, then position: the order a person fixes them in."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.column or 0, p.code))


def validate_model(located: Located, model: type[M], problems: list[P.Problem]) -> M | None:
    """Validate one file's data; translate Pydantic's errors into located problems."""
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(_problem_from_pydantic(located, err, model))
        return None


def _problem_from_pydantic(located: Located, err: Any, model: type[BaseModel]) -> P.Problem:
    loc = tuple(err["loc"])
    etype: str = err["type"]
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc = loc[:-1]
    name = dotted(loc)
    last = loc[-1] if loc else ""
    if etype == "extra_forbidden":
        line, col = located.locate(loc, key=True)
        return P.UnknownField.at(located.display, line, col, field=str(last), hint=_field_hint(model, loc))
    if etype == "missing":
        line, col = located.locate(loc[:-1])
        if last == "source":
            return P.MissingSource.at(located.display, line, col, what=dotted(loc[:-1]) or "entry")
        return P.MissingField.at(located.display, line, col, field=name)
    line, col = located.locate(loc, key=is_key)
    if last == "source" and etype.startswith("string_"):
        return P.MissingSource.at(located.display, line, col, what=dotted(loc[:-1]))
    if last == "status" and etype == "literal_error":
        return P.UnknownStatus.at(
            located.display, line, col, status=err.get("input"), hint=f"use one of {_expected(err)}"
        )
    message = err["msg"]
    if etype.endswith("_type") or etype.endswith("_parsing") or etype == "model_type" or etype == "dict_type":
        return P.WrongType.at(located.display, line, col, field=name, message=message)
    return P.InvalidValue.at(located.display, line, col, field=name, message=message)


def dotted(loc: tuple[object, ...]) -> str:
    """('indicators', 3, 'targets', 0, 'value') → 'indicators[3].targets[0].value'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _expected(err: Any) -> str:
    ctx = err.get("ctx") or {}
    return str(ctx.get("expected", "")).replace("'", "")


def _field_hint(model: type[BaseModel], loc: tuple[object, ...]) -> str:
    """'did you mean …?' from the fields the schema allows at that place, else the list of them."""
    from stiplan.checks import closest

    allowed = _fields_at(model, loc[:-1])
    if not allowed:
        return "unknown fields are rejected so that typos cannot hide data"
    return closest(str(loc[-1]), allowed) or f"allowed here: {', '.join(allowed)}"


def _fields_at(model: type[BaseModel], loc: tuple[object, ...]) -> list[str]:
    """The field names of the model that sits at `loc` in a file of type `model`."""
    current: Any = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field is not None else None
        else:  # list[X], dict[K, X] or X | None: step into X
            current = _element(current)
        if current is None:
            return []
    while current is not None and not (isinstance(current, type) and issubclass(current, BaseModel)):
        current = _element(current)  # e.g. `list[Target]` left at the end
    return list(current.model_fields) if current is not None else []


def _element(annotation: Any) -> Any:
    args = [a for a in get_args(annotation) if a is not type(None)]
    return args[-1] if args else None
