"""Files written whole and atomically, guarded by the hash of what was read (as fava does).

A write goes to a temporary file in the same folder, is flushed and fsynced, then renamed over
the original; on any failure the original is untouched. `expected_digest` makes the write a
compare-and-swap: it is refused if the file changed on disk after it was read.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

_LINE_RE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])?")


class EditError(Exception):
    """Base class: the edit could not be made safely; nothing was changed."""


class ConcurrentModification(EditError):
    """The file on disk is not the one the edit was computed from."""


# --------------------------------------------------------------------------- digests


def digest(data: bytes) -> str:
    """sha256 hex digest: the token :func:`atomic_write` compares to detect races."""
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- writing


def _current_umask() -> int:
    """Process umask without os.umask()'s set-and-restore race (Linux /proc), else 022."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _check_expected(path: Path, expected_digest: str | None) -> None:
    """Compare-and-swap guard: the file must still be what the edit was computed from."""
    if expected_digest is None:
        if os.path.lexists(path):
            raise ConcurrentModification(
                f"{path} already exists (it was created after this edit was prepared); "
                "refusing to overwrite it - re-run the command"
            )
        return
    try:
        current = digest(path.read_bytes())
    except FileNotFoundError:
        raise ConcurrentModification(
            f"{path} was deleted after this edit was prepared; refusing to recreate it"
        ) from None
    if current != expected_digest:
        raise ConcurrentModification(
            f"{path} changed on disk after it was read (sha256 {current[:12]}..., "
            f"expected {expected_digest[:12]}...); nothing was written - re-run the command"
        )


def _fsync_dir(directory: Path) -> None:
    """Persist the rename itself (POSIX); best effort, the data is already in place."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        fd = os.open(directory, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, expected_digest: str | None) -> None:
    """Replace ``path`` with ``data`` atomically, only if it is unchanged since it was read.

    ``expected_digest`` is the :func:`digest` of the bytes the edit was based
    on, or None to create a file that must not exist yet.  Readers see either
    the old or the new file, never a partial one; on any failure the temporary
    file is removed and the original is untouched.  Permission bits of an
    existing file are kept; a symlink is written through to its target.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    directory = path.parent
    _check_expected(path, expected_digest)
    mode = stat.S_IMODE(os.stat(path).st_mode) if expected_digest is not None else 0o666 & ~_current_umask()
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix="." + path.name + ".", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        _check_expected(path, expected_digest)  # narrow the race window
        if expected_digest is None:
            try:
                os.link(tmp, path)  # atomic create-if-absent: never clobbers
            except FileExistsError:
                raise ConcurrentModification(
                    f"{path} was created by someone else meanwhile; refusing to overwrite it"
                ) from None
            except OSError:
                os.replace(tmp, path)  # filesystem without hard links
            else:
                tmp.unlink()
        else:
            os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(directory)


# --------------------------------------------------------------------------- diff


def unified_diff(old: str, new: str, path: str) -> str:
    """git-style unified diff (a/ b/ labels) to show an edit before it is written."""
    old_lines = [m.group(0) for m in _LINE_RE.finditer(old) if m.group(0)]
    new_lines = [m.group(0) for m in _LINE_RE.finditer(new) if m.group(0)]
    out: list[str] = []
    for line in difflib.unified_diff(old_lines, new_lines, fromfile=f"a/{path}", tofile=f"b/{path}"):
        out.append(line)
        if not line.endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)
