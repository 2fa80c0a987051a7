"""Atomic file writes, the locks that serialise record writes and index updates, and conflict markers."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
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


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
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
    return root / ".cop" / "write.lock"


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
