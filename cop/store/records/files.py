"""Atomic file writes, the locks that serialise record writes and index updates, and conflict markers."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from cop.domain.errors import CopError

#: a line git's conflict markers start (`<<<<<<< ours`, `>>>>>>> theirs`): the one definition cop uses
CONFLICT_MARKER = re.compile(r"^(<{7}|>{7})( |$)", re.MULTILINE)


def has_conflict_markers(path: Path) -> bool:
    """Whether a file still holds merge conflict markers (a missing file holds none)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return False
    return bool(CONFLICT_MARKER.search(text))


class LinkRefused(CopError):
    """A symbolic link (or a FIFO, a device) where cop reads or writes a repo's files: never followed."""


def cache_dir(root: Path, *, create: bool = False) -> Path:
    """The repo's cache folder (`.cop/`), refused when it is a symbolic link: a committed `.cop` link
    would lead the index (and every lock) to wherever it points."""
    folder = root / ".cop"
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        if create:
            real_folders(root, folder)
        return folder
    if stat.S_ISLNK(st.st_mode):
        raise LinkRefused(
            f"`.cop` is a symbolic link ({folder}); cop keeps its cache there and will not follow it: "
            "remove it"
        )
    if not stat.S_ISDIR(st.st_mode):
        raise CopError(f"{folder} is not a folder; cop keeps its cache there: remove it")
    return folder


def real_folders(root: Path, folder: Path) -> None:
    """Make sure every folder from below `root` down to `folder` is a real directory, creating the
    missing ones; a symbolic link on the way is refused, since a record file written through it
    would land outside the repo (`entries/evil -> /tmp/out`). `root` itself may be reached through
    links: it is the folder the person chose."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        raise CopError(f"{folder} is not inside the repo at {root}") from None
    current = root
    for part in parts:
        current = current / part
        try:
            os.mkdir(current, 0o755)
            continue
        except FileExistsError:
            pass
        except OSError as error:
            raise CopError(
                f"cannot create {current}: {error.strerror}; check the folder's permissions"
            ) from None
        st = os.lstat(current)
        where = current.relative_to(root).as_posix()
        if stat.S_ISLNK(st.st_mode):
            raise LinkRefused(
                f"{where} is a symbolic link; cop does not follow links inside a repo and will not "
                "write through it: replace it with a real folder"
            )
        if not stat.S_ISDIR(st.st_mode):
            raise CopError(f"could not write into {where}: it is not a folder, and cop needs one there")


def read_regular(path: Path, what: str = "file") -> bytes:
    """The bytes of `path` when it is a regular file; a symbolic link, FIFO, socket or device is
    refused in one line (opened with O_NOFOLLOW|O_NONBLOCK, so a FIFO cannot hang the read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LinkRefused(f"{path} is a symbolic link; cop does not follow links for a {what}") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise LinkRefused(f"{path} is not a regular file; cop reads only regular files for a {what}")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def repo_above(folder: Path) -> Path | None:
    """The nearest folder at or above `folder`, by name (no link resolved), holding a `cop.yaml`."""
    for candidate in (folder, *folder.parents):
        if os.path.isfile(candidate / "cop.yaml"):
            return candidate
    return None


def atomic_write(path: Path, text: str, *, root: Path | None = None) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never half of one.

    Inside a repo (`root`, else the nearest `cop.yaml` above the file by name), every folder between
    the repo and the file must be a real directory and the file itself no symbolic link
    (`real_folders`): a record or cache write never leaves the repo through a committed link.
    """
    root = root or repo_above(path.parent)
    if root is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        real_folders(root, path.parent)
        if path.is_symlink():
            where = path.relative_to(root).as_posix()
            raise LinkRefused(
                f"{where} is a symbolic link; cop will not write through it: replace it with the file"
            )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise CopError(f"cannot write {path}: {error.strerror}; check the folder's permissions") from None
    try:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644  # mkstemp makes 0600; record files are shared, so readable like any file
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `lock_path` (created if missing) for the block."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


#: how deep this process already holds each repo's write lock (flock is per open file, so a second
#: open + flock of the same file in one process would wait for itself)
_held: dict[Path, int] = {}
_held_guard = threading.Lock()
_thread_locks: dict[Path, threading.RLock] = {}


def write_lock_path(root: Path) -> Path:
    """The one file every writer of a repo locks: `.cop/write.lock` (the cache is gitignored)."""
    return cache_dir(root) / "write.lock"


@contextlib.contextmanager
def write_lock(root: Path) -> Iterator[None]:
    """Hold the repo's write lock for the block: every read-modify-write of a record, every create,
    move and delete, and the local phases of `cop sync` (commit, merge, settle) run under it, so N
    concurrent writers give N changes and no write slips between what sync read and what it writes.

    Re-entrant within a process (a sync that writes records through the repo takes it once); threads
    of one process queue on a thread lock first, processes on `flock`. Lock order: this lock before the
    index lock (`.cop/lock`), never the other way round.
    """
    key = write_lock_path(root).absolute()
    with _held_guard:
        rlock = _thread_locks.setdefault(key, threading.RLock())
    with rlock:
        if _held.get(key, 0):
            _held[key] += 1
            try:
                yield
            finally:
                _held[key] -= 1
            return
        with locked(key):
            _held[key] = 1
            try:
                yield
            finally:
                del _held[key]
