"""The freshness sweep: the size and mtime of every record file, compared with what the index saw.

Every command that reads the index runs one sweep unless `cop watch` vouches that nothing changed
(index.py). It is the floor of a command's cost on a big repo: the kernel alone takes 20-30 ms to stat
10k files here, ~290 ms for 100k (docs/performance.md).
"""

from __future__ import annotations

import errno
import hashlib
import marshal
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from cop.store.records import layout

if TYPE_CHECKING:
    from cop.store.index.search import FileState

#: a file changed less than this long before it was indexed may hide a same-size edit in one clock tick
RACY_NS = 2_000_000_000


def scan(root: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every record file, by repo-relative path (symlinks and dotfiles skipped).

    Each folder is listed once and its files are stat-ed relative to the folder's descriptor
    (`fstatat`): the kernel resolves one name instead of the whole path, and no `DirEntry` objects are
    built. At 100k files this is ~25% less CPU than `scandir` + `DirEntry.stat`, and this sweep is
    most of every command's cost there (docs/performance.md).
    """
    found: dict[str, tuple[int, int]] = {}
    lstat, is_regular = os.stat, stat.S_ISREG

    def sweep(folder: str, prefix: str, suffix: str) -> None:
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as error:
            if error.errno == errno.ELOOP:
                return  # a symbolic link: never followed (doctor reports it)
            raise
        try:
            for name in os.listdir(fd):
                if name.startswith(".") or not name.endswith(suffix):
                    continue
                try:
                    st = lstat(name, dir_fd=fd, follow_symlinks=False)
                except FileNotFoundError:  # removed since the listing
                    continue
                if is_regular(st.st_mode):
                    found[prefix + name] = (st.st_mtime_ns, st.st_size)
        finally:
            os.close(fd)

    for kind in layout.FLAT_TYPES:  # every type whose files sit in its folder, from the registry
        sweep(str(root / kind.folder), f"{kind.folder}/", kind.suffix)
    for kind in layout.NESTED_TYPES:  # entries/<community>/, progress/<path>/
        if os.path.islink(root / kind.folder):
            continue  # never followed, like every record folder (doctor reports it)
        try:
            subfolders = os.scandir(root / kind.folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with subfolders:
            for item in subfolders:
                if not item.name.startswith(".") and item.is_dir(follow_symlinks=False):
                    sweep(item.path, f"{kind.folder}/{item.name}/", kind.suffix)
    return found


def fingerprint(found: dict[str, tuple[int, int]]) -> str:
    """A digest of a sweep (paths, mtimes and sizes, in sweep order).

    Equal digests mean equal sweeps; a different order of the same files only costs the slow check.
    """
    return hashlib.blake2b(marshal.dumps(found, 4), digest_size=16).hexdigest()


def differs(found: dict[str, tuple[int, int]], ledger: dict[str, FileState]) -> bool:
    """Whether a sweep disagrees with the ledger: a file added, removed, changed, or still racy."""
    if found.keys() != ledger.keys():
        return True
    for path, (mtime, size) in found.items():
        state = ledger[path]
        if state.mtime != mtime or state.size != size or state.seen - mtime < RACY_NS:
            return True
    return False
