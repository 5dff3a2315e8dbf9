"""The load cache: the last clean load of exactly the same bytes, kept between runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path

from stiplan.store.reading import Dataset, LoadResult

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


def load_cached(root: Path, load: Callable[[Path], LoadResult]) -> LoadResult:
    """`load(root)`, reusing the last clean load of exactly these bytes.

    Parsing and validating cost more than all the rest of `stiplan status`; a clean load is
    therefore kept (pickled, keyed by a digest of every file's bytes) in the user's cache.
    Any change to any file, to stiplan or to the year misses the cache and loads afresh.
    Only clean loads (no errors) are kept; their warnings are kept with them.
    """
    folder = cache_dir()
    if folder is None:
        return load(root)
    try:
        key = _content_key(root)
    except OSError:
        return load(root)
    path = folder / (hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24] + ".pickle")
    try:
        with path.open("rb") as fh:
            stored_key, result = pickle.load(fh)
        # only clean loads (with a dataset) are stored; anything else is a stale or foreign file
        if stored_key == key and isinstance(result, LoadResult) and result.dataset is not None:
            result.dataset.root = root
            return result
    except Exception:
        pass
    result = load(root)
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
