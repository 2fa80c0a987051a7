"""git's own lock files (`.git/index.lock`, `.git/HEAD.lock`, a ref's `.lock`) left behind by a git
that was killed: every later git command in the repo then fails with "File exists" and no hint.

`stale_lock(stderr, root)` reads such a failure: it names the lock and says whether it is provably
stale (no git process runs in the repo and the lock is older than `STALE_AFTER` seconds), so the
caller may remove it and run the command again, or else tells the person how to clear it.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

STALE_AFTER = 10.0  # seconds: a lock this old with no git running in the repo is left over
_LOCK = re.compile(r"Unable to create '([^']+\.lock)': File exists")
_PROC = Path("/proc")


@dataclass(frozen=True)
class LeftLock:
    path: Path
    stale: bool  # provably left over: safe to remove
    busy: bool  # a git process runs in this repo (it may hold the lock)

    def advice(self) -> str:
        if self.busy:
            return (
                f"git's lock {self.path} is held: another git command is running in this repo; "
                "wait for it to finish, then run the command again"
            )
        return (
            f"git's lock {self.path} is left over from a git that stopped (no git process runs in this "
            f"repo): delete it ('rm {self.path}') and run the command again"
        )


def stale_lock(stderr: str, root: Path, git_dir: Path | None) -> LeftLock | None:
    """The lock a failed git command could not create, None when the failure is about something else."""
    found = _LOCK.search(stderr)
    if found is None:
        return None
    path = Path(found.group(1))
    if not path.is_absolute():
        path = root / path
    busy = _git_running_in([root, *([git_dir] if git_dir else [])])
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        age = STALE_AFTER  # gone meanwhile: running again is safe
    return LeftLock(path, stale=busy is False and age >= STALE_AFTER, busy=busy is True)


def _git_running_in(folders: list[Path]) -> bool | None:
    """Whether a git process has its current folder in one of `folders`; None when that cannot be
    known (no /proc: not Linux), so nothing is ever removed on a guess."""
    if not (_PROC / "self" / "cwd").exists():
        return None
    roots = [str(f.resolve()) for f in folders]
    me = os.getpid()
    for entry in _PROC.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            if not (entry / "comm").read_text().startswith("git"):
                continue
            cwd = os.readlink(entry / "cwd")
        except PermissionError:
            return None  # another user's git: it may run here
        except OSError:
            continue  # gone meanwhile
        if any(cwd == r or cwd.startswith(r + os.sep) for r in roots):
            return True
    return False
