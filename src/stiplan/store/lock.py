"""A folder locked for the moment a write checks its file and renames the new one over it.

The write path is a compare-and-swap (`files.atomic_write`): refused when the file changed since
it was read. Without a lock two writers that read the same file can both pass the check before
either renames, and the first one's update is lost. An exclusive `flock` on the folder itself
(no lock file to clutter the data repository or to be left behind: the kernel releases it when
the process ends, even killed) makes the check and the rename one step for every stiplan
writing in that folder. Where `fcntl` does not exist (Windows), writes are not locked.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

WAIT_SECONDS = 10.0
"""How long a write waits for another one in the same folder (a write holds it for milliseconds)."""


class FolderBusy(OSError):
    """Another process held the folder's lock for longer than WAIT_SECONDS."""


@contextlib.contextmanager
def folder_lock(folder: Path, *, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on `folder` for the body; raises FolderBusy after `wait` seconds."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise FolderBusy(11, "another stiplan is writing in this folder; try again", str(folder)) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
