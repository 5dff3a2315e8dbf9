"""Files written whole and atomically, guarded by the hash of what was read (as fava does).

A write goes to a temporary file in the same folder, is flushed and fsynced, then renamed over
the original; on any failure the original is untouched. `expected_digest` makes the write a
compare-and-swap: it is refused if the file changed on disk after it was read.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import re
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from stiplan.lang import Term, Words
from stiplan.store.layout import PLANS, holds_data
from stiplan.store.lock import folder_lock

_LINE_RE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])?")


EDIT_WORDS = Words(
    # this module's guarded writes
    concurrent_created=Term(
        "{path} đã có (được tạo sau khi thay đổi này được chuẩn bị); không ghi đè - hãy chạy lại lệnh",
        "{path} already exists (it was created after this edit was prepared); refusing to overwrite it"
        " - re-run the command",
    ),
    concurrent_deleted=Term(
        "{path} đã bị xoá sau khi thay đổi này được chuẩn bị; không tạo lại tệp",
        "{path} was deleted after this edit was prepared; refusing to recreate it",
    ),
    concurrent_changed=Term(
        "{path} đã thay đổi trên đĩa sau khi được đọc (sha256 {current}..., cần {expected}...); "
        "chưa ghi gì - hãy chạy lại lệnh",
        "{path} changed on disk after it was read (sha256 {current}..., expected {expected}...); "
        "nothing was written - re-run the command",
    ),
    concurrent_taken=Term(
        "{path} vừa được người khác tạo trong lúc này; không ghi đè",
        "{path} was created by someone else meanwhile; refusing to overwrite it",
    ),
    outside_folder=Term(
        "{path} dẫn ra ngoài {inside} (tới {real}); chưa ghi gì",
        "{path} leads out of {inside} (to {real}); nothing was written",
    ),
    write_protected=Term(
        "{path} đang được bảo vệ chống ghi (chế độ {mode}); chưa ghi gì. "
        "Nếu tệp cần thay đổi, hãy cho phép ghi trước (chmod u+w)",
        "{path} is write-protected (mode {mode}); nothing was written. "
        "Make it writable first (chmod u+w) if it is meant to change",
    ),
    folder_not_empty=Term(
        "{target} đã có và không phải là thư mục trống; chưa ghi gì",
        "{target} already exists and is not an empty folder; nothing was written",
    ),
    overwrites_data=Term(
        "{path} nằm trong thư mục dữ liệu {folder}: tệp kết quả không bao giờ thay thế hay thêm tệp dữ liệu; "
        "hãy ghi ra ngoài thư mục dữ liệu",
        "{path} is in the data folder {folder}: an output never replaces or adds a data file; "
        "write it outside the data folder",
    ),
    # store.yamledit's minimal-diff edits
    indicator=Term("chỉ tiêu {id!r}", "indicator {id!r}"),
    task=Term("nhiệm vụ {id}", "task {id}"),
    empty_section_inline=Term(
        "không chuyển được mục trống ở dòng {line} thành một khối ánh xạ: giá trị của nó không nằm trên dòng "
        "của khoá; hãy sửa tay",
        "cannot turn the empty section at line {line} into a block mapping: its value is not on the key line; "
        "edit it by hand",
    ),
    top_not_block=Term(
        "cấp ngoài cùng của tệp phải là một khối ánh xạ (year:, indicators:, tasks:)",
        "the file's top level must be a block mapping (year:, indicators:, tasks:)",
    ),
    top_unsupported=Term(
        "YAML không được hỗ trợ ở cấp ngoài cùng (khoá gộp?); hãy sửa tay",
        "unsupported YAML at the top level (merge keys?); edit by hand",
    ),
    entry_exists=Term(
        "{what} đã có một mục trong tệp này ({shown}); dùng replace để ghi đè",
        "{what} already has an entry in this file ({shown}); use replace to overwrite it",
    ),
    section_unsupported=Term(
        "YAML không được hỗ trợ trong '{section}' (khoá gộp?); hãy sửa tay",
        "unsupported YAML in '{section}' (merge keys?); edit by hand",
    ),
    section_not_block=Term(
        "'{section}' ở dòng {line} không phải là một khối ánh xạ; hãy sửa tay",
        "'{section}' at line {line} is not a block mapping; edit it by hand",
    ),
    section_not_plain_block=Term(
        "'{section}' ở dòng {line} không phải là một khối ánh xạ đơn giản; hãy sửa tay",
        "'{section}' at line {line} is not a plain block mapping; edit by hand",
    ),
    invalid_indicator_id=Term("mã chỉ tiêu {id!r} không hợp lệ", "invalid indicator id {id!r}"),
    invalid_task_id=Term(
        "mã nhiệm vụ {id!r} không hợp lệ: phải là số nguyên hoặc '<mã kế hoạch>/<số>'",
        "invalid task id {id!r}: must be an integer or '<plan id>/<number>'",
    ),
    figures_not_blocks=Term(
        "{what}: danh sách số liệu phải gồm các khối ánh xạ; hãy sửa tay",
        "{what}: a list of figures must hold block mappings; edit it by hand",
    ),
    scope_exists=Term(
        "{what} đã có số liệu cho phạm vi {scope!r} ({shown})",
        "{what} already has a figure for scope {scope!r} ({shown})",
    ),
    figure_not_block=Term(
        "{what}: số liệu đang có không phải là một khối ánh xạ trên các dòng riêng; hãy sửa tay",
        "{what}: the existing figure is not a block mapping on its own lines; edit it by hand",
    ),
    figure_indentation=Term(
        "{what}: không chuyển được số liệu đang có thành danh sách (thụt lề); hãy sửa tay",
        "{what}: cannot turn the existing figure into a list (indentation); edit it by hand",
    ),
    no_entry=Term("{section} không có mục {entry}", "{section} has no entry {entry}"),
    invalid_field_name=Term("tên trường {name!r} không hợp lệ", "invalid field name {name!r}"),
    no_fields=Term("không có gì để ghi: mọi trường đều trống", "nothing to write: every field is empty"),
    not_yaml=Term(
        "tệp không phải YAML hợp lệ, hãy sửa trước:\n{detail}", "the file is not valid YAML, fix it first:\n{detail}"
    ),
    cannot_mark_empty=Term(
        "không đánh dấu được '{section}' là trống; hãy sửa tay", "cannot mark '{section}' as empty; edit by hand"
    ),
    # what this module says in place of the system's strerror (`WordedOSError`)
    is_a_directory=Term("là một thư mục", "is a directory"),
    pipe_without_reader=Term(
        "không có tiến trình nào đọc ống có tên (named pipe) đó", "no process is reading that named pipe"
    ),
)
"""Why an edit or a guarded write refused, in each language: `EditError`'s words (what the
import turns into a problem of an entry, below the views, so the words sit with the error)."""


def edit_words(key: str, **params: object) -> Term:
    """`EDIT_WORDS[key]` filled in each language; a `Term` among the parameters in the same one."""
    return EDIT_WORDS.term(key, **params)


class EditError(Exception):
    """Base class: the edit could not be made safely; nothing was changed. `wording` says why in
    each language (`EDIT_WORDS`); the exception's text is its English."""

    def __init__(self, key: str, **params: object) -> None:
        self.wording = edit_words(key, **params)
        super().__init__(self.wording.en)


class WordedOSError(OSError):
    """An OSError whose strerror is this module's words, not the system's (an output that is a
    folder, a named pipe nobody reads): `wording` holds them in each language (`EDIT_WORDS`);
    the strerror is the English, so `str(exc)` reads as it always did."""

    def __init__(self, errno: int, key: str, path: Path) -> None:
        self.wording = edit_words(key)
        super().__init__(errno, self.wording.en, str(path))


class DirectoryNotFile(WordedOSError, IsADirectoryError):
    """An output names a folder where a file is written."""


def why_not_written(exc: BaseException) -> object:
    """What a failed write's message says after its path: the system's strerror, or this
    module's own words in each language (a `WordedOSError`'s `wording`, an `EditError`)."""
    if isinstance(exc, WordedOSError):
        return exc.wording
    return getattr(exc, "strerror", None) or exc


class ConcurrentModification(EditError):
    """The file on disk is not the one the edit was computed from."""


class OutsideFolder(EditError):
    """The write would land outside the folder it belongs in (through a symbolic link)."""


STALE_AFTER = 60.0
"""Seconds after which a temporary file of ours is a leftover of a killed write, not a live one."""
_TEMP_SUFFIX = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$", re.ASCII)


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
            raise ConcurrentModification("concurrent_created", path=path)
        return
    try:
        current = digest(path.read_bytes())
    except FileNotFoundError:
        raise ConcurrentModification("concurrent_deleted", path=path) from None
    if current != expected_digest:
        raise ConcurrentModification(
            "concurrent_changed", path=path, current=current[:12], expected=expected_digest[:12]
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


def remove_stale_temps(directory: Path, name: str, *, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove `.NAME.XXXXXXXX.tmp` files that a killed write of `name` left in `directory`.

    Only files of exactly our naming, regular, and older than `older_than` seconds (a live
    write's temporary file is seconds old at most); returns what was removed.
    """
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_SUFFIX.match(entry.name)
        if not m or m["name"] != name:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > older_than:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived during a write; raised to clean up, then the process exits."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception for the duration of a write, so the temporary
    file is removed as for Ctrl-C; the previous handlers are restored afterwards."""
    wanted = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    previous = {s: signal.signal(s, handler) for s in wanted}
    try:
        yield
    except _Terminated as exc:
        for s, h in previous.items():
            signal.signal(s, h)
        previous = {}
        raise SystemExit(128 + exc.signum) from None
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _check_inside(path: Path, inside: Path | None) -> None:
    if inside is None:
        return
    root = os.path.realpath(inside)
    real = os.path.realpath(path)
    if not (real == root or real.startswith(root.rstrip(os.sep) + os.sep)):
        raise OutsideFolder("outside_folder", path=path, inside=inside, real=real)


def atomic_write(
    path: Path,
    data: bytes,
    *,
    expected_digest: str | None,
    overwrite: bool = False,
    inside: Path | None = None,
    durable: bool = True,
) -> None:
    """Replace ``path`` with ``data`` atomically, only if it is unchanged since it was read.

    ``expected_digest`` is the :func:`digest` of the bytes the edit was based
    on, or None to create a file that must not exist yet; ``overwrite`` drops that guard
    (an output file, replaced whatever it holds).  Readers see either the old or the new
    file, never a partial one; on any failure, Ctrl-C, SIGTERM or SIGHUP the temporary
    file is removed and the original is untouched.  Permission bits of an existing file are
    kept; a symlink is written through to its target, which must lie in ``inside`` when
    given (a data file never lands outside the data folder).  Temporary files that a killed
    write left beside the file are removed first. ``durable=False`` skips the two fsyncs (the
    file's and its folder's): still atomic, but a crash may lose it, for an output the caller
    can make again and syncs once for many files (`fsync_dir`).
    """
    path = Path(path)
    _check_inside(path, inside)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    directory = path.parent
    check_writable(path)
    if not overwrite:
        _check_expected(path, expected_digest)
    exists = overwrite and os.path.exists(path)
    keep_mode = expected_digest is not None or exists
    mode = stat.S_IMODE(os.stat(path).st_mode) if keep_mode else 0o666 & ~_current_umask()
    remove_stale_temps(directory, path.name)
    with _cleanup_on_signals(), folder_lock(directory):  # the last check and the rename: one step
        _replace(path, directory, data, mode, None if overwrite else expected_digest, overwrite, durable)
    if durable:
        _fsync_dir(directory)


class WriteProtected(EditError):
    """The file is write-protected (no write permission bit): someone meant it not to change."""


def check_writable(path: Path) -> None:
    """Refuse to replace a file that has no write permission bit (0444): a rename would replace
    it whatever its mode, silently undoing the protection."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode) and not mode & 0o222:
        raise WriteProtected("write_protected", path=path, mode=f"{stat.S_IMODE(mode):04o}")


def _replace(
    path: Path,
    directory: Path,
    data: bytes,
    mode: int,
    expected_digest: str | None,
    overwrite: bool,
    durable: bool = True,
) -> None:
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix="." + path.name + ".", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, path)
            return
        _check_expected(path, expected_digest)  # narrow the race window
        if expected_digest is None:
            try:
                os.link(tmp, path)  # atomic create-if-absent: never clobbers
            except FileExistsError:
                raise ConcurrentModification("concurrent_taken", path=path) from None
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


# --------------------------------------------------------------------------- output


class FolderNotEmpty(EditError):
    """The folder to create already holds something."""


def create_folder(target: Path, files: Mapping[str, bytes]) -> None:
    """Create `target` holding `files` (relative POSIX paths → bytes), whole or not at all.

    The tree is written into a temporary sibling folder and renamed into place, so an
    interrupted run leaves no half-made folder. `target` must not exist, or be an empty folder.
    """
    target = Path(target)
    if target.is_symlink() or (target.exists() and (not target.is_dir() or any(target.iterdir()))):
        raise FolderNotEmpty("folder_not_empty", target=target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    with _cleanup_on_signals():
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
        try:
            os.chmod(tmp, 0o777 & ~_current_umask())
            for rel, data in sorted(files.items()):
                path = tmp / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "xb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
            if target.is_dir():
                target.rmdir()  # empty, checked above
            os.rename(tmp, target)
        except BaseException:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
            raise
    _fsync_dir(parent)


def write_output(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write a command's output where the user asked: the one way every `-o` writes.

    A regular file (or a new one) is replaced atomically; a device, a named pipe or
    /dev/stdout is streamed to, never replaced and never read. A pipe nobody reads is an
    error at once, not a hang. `durable=False`: see `atomic_write`.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise DirectoryNotFile(21, "is_a_directory", path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _stream(path, data)
        return
    refuse_data_file(path)
    atomic_write(Path(os.path.realpath(path)), data, expected_digest=None, overwrite=True, durable=durable)


class OverwritesData(EditError):
    """An output (`-o`) would land on a data file: outputs never replace or add data."""


DATA_PARTS = ("actuals", "collection", "templates", PLANS)
"""A data folder's subfolders whose files stiplan reads."""


def refuse_data_file(path: Path) -> None:
    """Refuse an output that would replace a file of a data folder, or add a file where the data
    is read from (a .yaml anywhere in it, anything in actuals/, collection/, templates/, plans/).
    A data folder of either layout: one plan's, or several plans' (plans/, no targets.yaml)."""
    real = Path(os.path.realpath(path))
    for folder in real.parents:
        if holds_data(folder):
            rel = real.relative_to(folder)
            read_there = real.suffix in (".yaml", ".yml") or rel.parts[0] in DATA_PARTS
            if real.exists() or read_there:
                raise OverwritesData("overwrites_data", path=path, folder=folder)
            return


def refuse_data_folder(folder: Path) -> None:
    """Refuse an output folder where the data is read (actuals/, plans/ … of a data folder): even
    empty, a new folder there changes what is read (plans/<new> would be a plan without targets).
    Elsewhere in a data folder, or the data folder itself, each file is checked on its own."""
    real = Path(os.path.realpath(folder))
    for top in (real, *real.parents):
        if holds_data(top):
            rel = real.relative_to(top)
            if rel.parts and rel.parts[0] in DATA_PARTS:
                raise OverwritesData("overwrites_data", path=folder, folder=top)
            return


def output_folder(folder: Path) -> Path:
    """The folder an output goes to, made if missing — never where the data is read."""
    refuse_data_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stream(path: Path, data: bytes) -> None:
    """Write to a device or pipe as it is: no create, no truncate, no read."""
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == 6:  # ENXIO: a named pipe with no reader
            raise WordedOSError(exc.errno, "pipe_without_reader", path) from None
        raise
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)


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
