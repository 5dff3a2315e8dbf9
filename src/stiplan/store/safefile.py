"""Opening data files safely: the one place that decides what stiplan is willing to read.

A data file is read only if it is a regular file, inside the data folder (a symbolic link
may point elsewhere inside it, never out of it), and no bigger than a limit that is enforced
while reading, not only by a `stat()` that a growing file or a device can fool. It is opened
non-blocking, so a named pipe never hangs the command, and checked with `fstat` on the open
descriptor, so a device or a directory is refused before a single byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from stiplan.lang import Term, Words

_CHUNK = 1 << 16
MAX_BYTES = 32 * 1024 * 1024
"""Refused above this (enforced while reading). A protection against hostile input, not a
ceiling for a real plan: the largest shipped file (tasks.yaml, 74 KB for 87 tasks) would reach
it at about 37,000 tasks, and a national data set of 34 provinces (about 75 times the shipped
data) stays under a sixth of it; at the limit a file takes some seconds and a few hundred MiB
to read. Here, not in `yamlread`, so that the warm (cached) path can check sizes without
importing the YAML parser."""


SAFE_WORDS = Words(
    missing=Term("tệp không tồn tại", "file does not exist"),
    dangling=Term("liên kết tượng trưng không dẫn tới đâu", "symbolic link leads nowhere"),
    outside=Term("liên kết tượng trưng dẫn ra ngoài thư mục dữ liệu", "symbolic link leads out of the data folder"),
    cannot_open=Term("không mở được tệp ({error})", "cannot open the file ({error})"),
    cannot_read=Term("không đọc được tệp ({error})", "cannot read the file ({error})"),
    not_regular=Term("{kind}, không phải tệp thông thường", "{kind}, not a regular file"),
    too_large=Term("tệp quá lớn", "file too large"),
    # what a non-regular file is (`kind_of`)
    directory=Term("một thư mục", "a directory"),
    named_pipe=Term("một ống có tên (named pipe)", "a named pipe"),
    device=Term("một thiết bị", "a device"),
    socket=Term("một socket", "a socket"),
    other=Term("không phải tệp thông thường", "not a regular file"),
)
"""Why a file is not read, in each language (`UnsafeFile.wording`); the system's strerror
inside stays as the system words it."""


class UnsafeFile(Exception):
    """The file cannot be read safely; `reason` is one of the class constants below. `detail`
    says why in English, `wording` in each language."""

    MISSING = "missing"
    NOT_REGULAR = "not-regular"
    OUTSIDE = "outside"
    DANGLING = "dangling"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too-large"

    def __init__(self, reason: str, wording: Term, size: int | None = None) -> None:
        super().__init__(wording.en)
        self.reason = reason
        self.detail = wording.en
        self.wording = wording
        self.size = size


def kind_of(mode: int) -> Term:
    """What a non-regular file is, in words a user recognises."""
    if stat.S_ISDIR(mode):
        return SAFE_WORDS["directory"]
    if stat.S_ISFIFO(mode):
        return SAFE_WORDS["named_pipe"]
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return SAFE_WORDS["device"]
    if stat.S_ISSOCK(mode):
        return SAFE_WORDS["socket"]
    return SAFE_WORDS["other"]


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def resolve_inside(path: Path, root: Path | None) -> str:
    """The real path of `path`, refusing a dangling link and a link that leaves `root`.

    The link's target is only resolved, never opened, so a link to a device or to a secret
    outside the folder is reported at the link's own path without being read.
    """
    real = os.path.realpath(path)
    if os.path.islink(path) and not os.path.exists(real):
        raise UnsafeFile(UnsafeFile.DANGLING, SAFE_WORDS["dangling"])
    if root is not None and not _inside(real, os.path.realpath(root)):
        raise UnsafeFile(UnsafeFile.OUTSIDE, SAFE_WORDS["outside"])
    return real


def read_regular(path: Path, limit: int, *, root: Path | None = None) -> bytes:
    """The bytes of a regular file at most `limit` long; `UnsafeFile` otherwise.

    `root`: the folder the file (after following links) must lie in; None skips that check.
    """
    if not os.path.lexists(path):
        raise UnsafeFile(UnsafeFile.MISSING, SAFE_WORDS["missing"])
    real = resolve_inside(path, root)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        raise UnsafeFile(UnsafeFile.MISSING, SAFE_WORDS["missing"]) from None
    except OSError as exc:
        raise UnsafeFile(UnsafeFile.UNREADABLE, SAFE_WORDS.term("cannot_open", error=exc.strerror or exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFile(UnsafeFile.NOT_REGULAR, SAFE_WORDS.term("not_regular", kind=kind_of(st.st_mode)))
        if st.st_size > limit:
            raise UnsafeFile(UnsafeFile.TOO_LARGE, SAFE_WORDS["too_large"], size=st.st_size)
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            except OSError as exc:
                raise UnsafeFile(
                    UnsafeFile.UNREADABLE, SAFE_WORDS.term("cannot_read", error=exc.strerror or exc)
                ) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read: the limit holds anyway
                raise UnsafeFile(UnsafeFile.TOO_LARGE, SAFE_WORDS["too_large"], size=total)
        return b"".join(chunks)
    finally:
        os.close(fd)
