"""The load cache: the last clean load of exactly the same bytes, kept between runs.

The cache can never run code: it holds JSON (plain data), rebuilt into the known models by
`_build`, which only ever calls those models' constructors. It is also never trusted from a
place another user could write: the folder must be the user's own and writable by nobody
else, and each file is opened without following links or blocking (a named pipe is refused,
not waited on), checked to be a regular file owned by the user and writable by nobody else.
Any doubt means a fresh load: never an error, never a hang.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import stat
import types
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from stiplan.lang import Term
from stiplan.models import ActualsFile, AgenciesFile, CollectionFile, TargetsFile, TasksFile
from stiplan.problems import Problem
from stiplan.store.dataset import Dataset, PlanFiles
from stiplan.store.layout import PLANS, is_several_plans, plan_folders
from stiplan.store.reading import LoadResult, display_path
from stiplan.store.safefile import MAX_BYTES, UnsafeFile, read_regular

CACHE_FORMAT = 6
"""2: JSON, owner-only folder (1 was pickle); 3: with the collection logs; 4: with several plans;
5: the first plan's files, which a folder of several is seen through, kept once (`seen_through`)."""
MAX_CACHE_BYTES = 64 * 1024 * 1024


def cache_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """$STIPLAN_CACHE_DIR, else $XDG_CACHE_HOME/stiplan, else ~/.cache/stiplan; None disables."""
    env = os.environ if env is None else env
    if env.get("STIPLAN_NO_CACHE"):
        return None
    if env.get("STIPLAN_CACHE_DIR"):
        return Path(env["STIPLAN_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "stiplan"


def code_fingerprint(package: Path) -> str:
    """The size and modification time of every module of stiplan itself.

    A cached load holds objects and problems that the code's models and checks made: an edited
    stiplan (a development checkout, an upgrade that kept the version number) must not reuse
    them. Stat calls only, no reading: about a millisecond for the whole package.
    """
    h = hashlib.sha256()
    for folder, _dirs, files in sorted(os.walk(package)):
        for name in sorted(f for f in files if f.endswith(".py")):
            st = os.stat(os.path.join(folder, name))
            h.update(f"{os.path.relpath(folder, package)}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


@functools.cache
def own_fingerprint() -> str:
    """`code_fingerprint` of the running stiplan, once per process: the code a process runs is
    the code it imported, so a later edit takes effect (and is seen) in the next run. The test
    suite's many in-process runs then stat the package once, not once per load."""
    return code_fingerprint(Path(__file__).resolve().parents[1])


def _content_key(root: Path) -> str:
    """A digest of every data file's bytes and of the folders' listings, plus what else the
    checks depend on. Raises UnsafeFile or OSError when a file cannot be read safely (the
    fresh load then reports it)."""
    from stiplan import __version__

    h = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}\0{dt.date.today().year}\0".encode())
    h.update(own_fingerprint().encode() + b"\0")
    names = ["targets.yaml", "agencies.yaml", "tasks.yaml"]
    h.update("\0".join(sorted(os.listdir(root))).encode("utf-8", "surrogateescape") + b"\0\0")
    if is_several_plans(root):
        for plan_dir in plan_folders(root):
            h.update(b"\0plan\0" + plan_dir.name.encode("utf-8", "surrogateescape") + b"\0")
            names += [f"{PLANS}/{plan_dir.name}/{name}" for name in ("targets.yaml", "tasks.yaml")]
    for folder in ("actuals", "collection"):
        if (root / folder).is_dir():
            listing = sorted(os.listdir(root / folder))
            h.update("\0".join(listing).encode("utf-8", "surrogateescape") + b"\0\0")
            names += [f"{folder}/{name}" for name in listing if not name.startswith(".")]
    for name in names:
        path = root / name
        h.update(name.encode("utf-8", "surrogateescape") + b"\0")
        h.update(read_regular(path, MAX_BYTES, root=root) if os.path.lexists(path) else b"\0missing")
        h.update(b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------- trust


def _owned_private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    uid = os.getuid() if hasattr(os, "getuid") else st.st_uid
    return st.st_uid == uid and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _trusted_folder(folder: Path, *, create: bool) -> bool:
    """The folder is the user's own, not a link, and writable by nobody else."""
    try:
        if create and not os.path.lexists(folder):
            os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and _owned_private(st)


def _read_trusted(path: Path) -> bytes | None:
    """The cache file's bytes if it is a regular file of the user's, else None (never blocks)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _owned_private(st) or st.st_size > MAX_CACHE_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- data only

_MODELS: dict[str, type[BaseModel]] = {"targets": TargetsFile, "agencies": AgenciesFile, "tasks": TasksFile}
_SEEN_THROUGH = ("targets", "tasks")
"""The roles a folder of several plans fills with its first plan's files (`reading.read_dataset`)."""


def _dump(result: LoadResult, key: str) -> bytes:
    ds = result.dataset
    assert ds is not None
    body: dict[str, Any] = {"key": key, "problems": [_portable(_kept(p), ds.root) for p in result.problems]}
    first = next(iter(ds.plans.values()), None)
    seen_through = first is not None and ds.targets is first.targets and ds.tasks is first.tasks
    body["seen_through"] = seen_through  # targets and tasks are the first plan's: under "plans" only
    for role in _MODELS:
        model = getattr(ds, role)
        kept = model is not None and not (seen_through and role in _SEEN_THROUGH)
        body[role] = model.model_dump(mode="json") if kept else None
    body["actuals"] = {str(year): a.model_dump(mode="json") for year, a in ds.actuals.items()}
    body["collection"] = {str(year): c.model_dump(mode="json") for year, c in ds.collection.items()}
    body["plans"] = [
        [pid, own.targets.model_dump(mode="json"), None if own.tasks is None else own.tasks.model_dump(mode="json")]
        for pid, own in ds.plans.items()
    ]
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _build(tp: Any, value: Any) -> Any:
    """Rebuild a value of type `tp` from its JSON dump, without re-validating it.

    The dump was made from validated models by this same version (the key says so); this
    only restores what JSON cannot say (models, dates, integer keys). A shape that does not
    fit raises, and the caller then loads afresh.
    """
    return _builder(tp)(value)


_BUILDERS: dict[Any, Callable[[Any], Any]] = {}
_set = object.__setattr__


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) not in _SCALARS:
        raise ValueError("cache does not fit the model")
    return value


def _number_or_text(key: str) -> int | str:
    """A JSON key back as the dict had it: an int when it was one (all digits), else the text."""
    return int(key) if key.isdigit() else key


def _builder(tp: Any) -> Callable[[Any], Any]:
    """A function rebuilding values of type `tp`, made once per type (the speed of a warm run)."""
    found = _BUILDERS.get(tp)
    if found is not None:
        return found
    origin = get_origin(tp)
    build: Callable[[Any], Any]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        build = _model_builder(tp)
    elif tp is dt.date:
        build = dt.date.fromisoformat
    elif origin is list:
        item = _builder(get_args(tp)[0])
        build = lambda v: [item(x) for x in v]  # noqa: E731
    elif origin is dict:
        k_tp, v_tp = get_args(tp)
        key: Callable[[Any], Any] = int if k_tp is int else str
        if get_origin(k_tp) is Annotated and int in get_args(get_args(k_tp)[0]):
            key = _number_or_text  # models.TaskKey: a task number, or "<plan id>/<number>"
        val = _builder(v_tp)
        build = lambda v: {key(k): val(x) for k, x in v.items()}  # noqa: E731
    elif origin in (Union, types.UnionType):
        # X | None, or branches told apart by their JSON shape (one figure or a list of them)
        by_shape = {_shape(a): _builder(a) for a in get_args(tp) if a is not type(None)}

        def build(v: Any) -> Any:
            if v is None:
                return None
            shape = list if type(v) is list else dict if type(v) is dict else None
            branch = by_shape.get(shape)
            if branch is None:
                raise ValueError("cache does not fit the model")
            return branch(v)

    elif origin is not None and origin is not Literal:  # Annotated[int, ...]
        build = _builder(get_args(tp)[0])
    else:
        build = _plain
    _BUILDERS[tp] = build
    return build


def _shape(tp: Any) -> type | None:
    """The JSON container a type is dumped as (list or dict), None for a scalar."""
    while get_origin(tp) is not None and get_origin(tp) not in (list, dict, Literal, Union, types.UnionType):
        tp = get_args(tp)[0]  # Annotated[X, ...]
    origin = get_origin(tp)
    if origin is list:
        return list
    if origin is dict or (isinstance(tp, type) and issubclass(tp, BaseModel)):
        return dict
    return None


def _model_builder(model: type[BaseModel]) -> Callable[[Any], Any]:
    nested: dict[str, Callable[[Any], Any]] = {}
    scalars: list[str] = []
    names: set[str] = set()

    def build(value: Any) -> Any:
        if not names:  # filled on first use: models may refer to themselves
            for name, f in model.model_fields.items():
                b = _builder(f.annotation)
                if b is _plain:
                    scalars.append(name)
                else:
                    nested[name] = b
                names.add(name)
        if type(value) is not dict or value.keys() != names:
            raise ValueError("cache does not fit the model")
        data = dict(value)
        for name in scalars:
            if type(data[name]) not in _SCALARS:
                raise ValueError("cache does not fit the model")
        for name, b in nested.items():
            data[name] = b(data[name])
        # What `model_construct` does, minus its per-field defaults pass (every field is in the
        # dump): a third of a warm run's time otherwise.
        obj = model.__new__(model)
        _set(obj, "__dict__", data)
        _set(obj, "__pydantic_fields_set__", set(data))
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj

    return build


_MARKER = "targets.yaml"


def _kept(problem: Problem) -> dict[str, Any]:
    """A problem as stored, with its wording in every language (`to_dict` has the English only):
    a warning served from the cache reads as the fresh load's does under `--lang vi`."""
    out: dict[str, Any] = problem.to_dict()
    for name in ("wording", "hint_wording"):
        term = getattr(problem, name)
        out[name] = None if term is None else [term.vi, term.en]
    return out


def _worded(problem: dict[str, Any]) -> dict[str, Any]:
    """A stored problem's wordings as `Term`s again."""
    for name in ("wording", "hint_wording"):
        pair = problem.get(name)
        problem[name] = None if pair is None else Term(vi=pair[0], en=pair[1])
    return problem


def _portable(problem: dict[str, Any], root: Path) -> dict[str, Any]:
    """A problem as stored: its path relative to the data folder, not to the working folder of
    the run that filled the cache (a later run from elsewhere would show a wrong path)."""
    prefix = display_path(root / _MARKER)[: -len(_MARKER)]  # "data/", or "" from inside the folder
    path = problem["path"]
    if path.startswith(prefix) and not (prefix == "" and os.path.isabs(path)):
        return {**problem, "path": None, "in_root": path[len(prefix) :]}
    return problem


def _placed(problem: dict[str, Any], root: Path) -> dict[str, Any]:
    """A stored problem with its path shown from this run's working folder."""
    rel = problem.pop("in_root", None)
    if rel is not None:
        problem["path"] = display_path(root / rel)
    return problem


def _restore(raw: bytes, key: str, root: Path) -> LoadResult | None:
    body = json.loads(raw)
    if not isinstance(body, dict) or body.get("key") != key:
        return None
    parts = {role: None if body[role] is None else _build(model, body[role]) for role, model in _MODELS.items()}
    plans = {
        pid: PlanFiles(_build(TargetsFile, t), None if k is None else _build(TasksFile, k))
        for pid, t, k in body["plans"]
    }
    if body["seen_through"]:  # the same objects, as the fresh load made them
        first = next(iter(plans.values()))
        parts["targets"], parts["tasks"] = first.targets, first.tasks
    if not isinstance(parts["targets"], TargetsFile):
        return None
    actuals = {int(year): _build(ActualsFile, a) for year, a in body["actuals"].items()}
    collection = {int(year): _build(CollectionFile, c) for year, c in body["collection"].items()}
    problems = [Problem(**_worded(_placed(p, root))) for p in body["problems"]]
    dataset = Dataset(
        root=root,
        targets=parts["targets"],
        agencies=parts["agencies"],
        tasks=parts["tasks"],
        actuals=actuals,
        collection=collection,
        plans=plans,
    )
    return LoadResult(dataset=dataset, problems=problems)


def load_cached(root: Path, load: Callable[[Path], LoadResult]) -> LoadResult:
    """`load(root)`, reusing the last clean load of exactly these bytes.

    Parsing and validating cost more than all the rest of `stiplan status`; a clean load is
    therefore kept (as JSON, keyed by a digest of every file's bytes) in the user's cache.
    Any change to any file, to stiplan or to the year misses the cache and loads afresh.
    Only clean loads (no errors) are kept; their warnings are kept with them.
    """
    folder = cache_dir()
    if folder is None:
        return load(root)
    try:
        key = _content_key(root)
    except (OSError, UnsafeFile):
        return load(root)
    path = folder / (hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24] + ".json")
    if _trusted_folder(folder, create=False):
        raw = _read_trusted(path)
        if raw is not None:
            try:
                cached = _restore(raw, key, root)
            except Exception:  # a damaged or foreign file is only a miss
                cached = None
            if cached is not None:
                return cached
    result = load(root)
    if result.dataset is not None and not any(p.severity == "error" for p in result.problems):
        _store(folder, path, _dump(result, key))
    return result


def _store(folder: Path, path: Path, data: bytes) -> None:
    """Write the cache file atomically, only into a folder that is the user's own."""
    import tempfile  # only a cache miss writes

    if not _trusted_folder(folder, create=True):
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass  # a read-only home only costs speed


# --------------------------------------------------------------------------- content-keyed files


def read_blob(kind: str, key: str) -> bytes | None:
    """What `write_blob` kept under `key` (a digest of everything the bytes depend on), or None.

    The file carries the sha256 of its bytes: a damaged or half-written one is a miss, never
    served."""
    folder = cache_dir()
    if folder is None or not _trusted_folder(folder, create=False) or not _trusted_folder(folder / kind, create=False):
        return None
    raw = _read_trusted(folder / kind / key)
    if raw is None or len(raw) < 32 or hashlib.sha256(raw[32:]).digest() != raw[:32]:
        return None
    return raw[32:]


def write_blob(kind: str, key: str, data: bytes) -> None:
    """Keep `data` under `key` in the user's cache (atomically; silently not, where it cannot)."""
    folder = cache_dir()
    if folder is None or not _trusted_folder(folder, create=True):
        return
    _store(folder / kind, folder / kind / key, hashlib.sha256(data).digest() + data)
