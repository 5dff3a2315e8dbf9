"""Writing the site: the whole tree or nothing.

The files go to a fresh folder beside the target, which then takes the target's place, so an
interrupted build leaves the previous site whole. A folder that holds other files is never
overwritten: only an empty one, or one an earlier `stiplan site` wrote (it carries MARKER).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from stiplan.problems import Refusal, Refused
from stiplan.store.files import refuse_data_folder

MARKER = ".stiplan-site"


class NotASite(Refused):
    """The output folder holds files that `stiplan site` did not write: a key of
    `views.writes.REFUSALS` and the folder, worded by the command in its language."""

    def __init__(self, key: str, out: Path) -> None:
        super().__init__(Refusal(key, {"path": out}))


def check_target(out: Path) -> None:
    """Refuse a folder that is not a site's, or one where the data is read (plans/, actuals/ …),
    as every output folder is (`files.refuse_data_folder`)."""
    refuse_data_folder(out)
    if out.exists() and not out.is_dir():
        raise NotASite("site_target_is_file", out)
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise NotASite("site_target_not_site", out)


def write_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` (relative paths → bytes) as the folder `out`, replacing an earlier site."""
    check_target(out)
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel in sorted(files):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[rel])
        (staging / MARKER).write_text("written by stiplan site; the folder is replaced on each build\n")
        staging.chmod(0o755)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / "site")
        os.replace(staging, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
