"""The freshness sweep: the size and mtime of every record file, compared with what the index saw.

Every command that reads the index runs one sweep unless `cop watch` vouches that nothing changed
(index.py). It is the floor of a command's cost on a big repo: the kernel alone takes 20-30 ms to stat
10k files here, ~290 ms for 100k (docs/performance.md). When the watcher names the paths that changed,
`stat_paths` stats those alone.
"""

from __future__ import annotations

import errno
import hashlib
import marshal
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cop.store.records import layout

if TYPE_CHECKING:
    from cop.store.index.search import FileState

#: a file changed less than this long before it was indexed may hide a same-size edit in one clock tick
RACY_NS = 2_000_000_000


#: the folder of each record type whose files sit in it, and of each nested one (entries/<community>/),
#: with their files' suffix
_FLAT = {kind.folder: kind.suffix for kind in layout.FLAT_TYPES}
_NESTED = {kind.folder: kind.suffix for kind in layout.NESTED_TYPES}
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def scan(root: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every record file, by repo-relative path (symlinks and dotfiles skipped).

    Each folder is listed once and its files are stat-ed relative to the folder's descriptor
    (`fstatat`): the kernel resolves one name instead of the whole path, and no `DirEntry` objects are
    built. At 100k files this is ~25% less CPU than `scandir` + `DirEntry.stat`, and this sweep is
    most of every command's cost there (docs/performance.md).
    """
    found: dict[str, tuple[int, int]] = {}
    for folder, suffix in _FLAT.items():  # every type whose files sit in its folder, from the registry
        _sweep(_open(root, folder), f"{folder}/", suffix, found)
    for top, suffix in _NESTED.items():  # entries/<community>/, progress/<path>/
        if os.path.islink(root / top):
            continue  # never followed, like every record folder (doctor reports it)
        try:
            subfolders = os.scandir(root / top)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with subfolders:
            for item in subfolders:
                if not item.name.startswith(".") and item.is_dir(follow_symlinks=False):
                    _sweep(_open(root, f"{top}/{item.name}"), f"{top}/{item.name}/", suffix, found)
    return found


def stat_paths(root: Path, paths: Iterable[str]) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """What `scan` would find of these paths alone (a watcher's changed paths): the size and mtime of
    each that is a record file, and of every record file in each folder named with a trailing `/`
    (`entries/<community>/`, listed whole). Returns them and those folders, whose every ledger row
    must be compared too (a file gone from one was not named). Paths that cannot hold a record (a
    dotfile, a wrong suffix, another folder) are left out, as `scan` leaves them out."""
    found: dict[str, tuple[int, int]] = {}
    folders: dict[str, str] = {}  # folder listed whole -> its files' suffix
    names: dict[str, tuple[str, list[str]]] = {}  # folder -> (suffix, names in it to stat)
    for path in paths:
        top, _, rest = path.partition("/")
        if top in _NESTED:
            sub, slash, name = rest.partition("/")
            if not slash or not sub or sub.startswith(".") or "/" in name:
                continue
            suffix = _NESTED[top]
            if not name:
                folders[path] = suffix
                continue
        elif top in _FLAT and rest and "/" not in rest:
            name, suffix = rest, _FLAT[top]
        else:
            continue
        if not name.startswith(".") and name.endswith(suffix):
            names.setdefault(path[: -len(name)], (suffix, []))[1].append(name)
    for folder, suffix in folders.items():
        names.pop(folder, None)
        _sweep(_open(root, folder), folder, suffix, found)
    for folder, (_suffix, listed) in names.items():
        _sweep(_open(root, folder), folder, "", found, listed)
    return found, list(folders)


def _open(root: Path, folder: str) -> int | None:
    """A descriptor of a record folder (`entries/<community>`), no part of it followed if a symbolic
    link; None when it is not there (or is a link: never followed, doctor reports it)."""
    fd: int | None = None
    try:
        for part in folder.strip("/").split("/"):
            inner = os.open(part if fd is not None else str(root / part), _FOLDER, dir_fd=fd)
            if fd is not None:
                os.close(fd)
            fd = inner
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as error:
        if error.errno != errno.ELOOP:
            if fd is not None:
                os.close(fd)
            raise
    else:
        return fd
    if fd is not None:
        os.close(fd)
    return None


def _sweep(
    fd: int | None,
    prefix: str,
    suffix: str,
    found: dict[str, tuple[int, int]],
    names: Iterable[str] | None = None,
) -> None:
    """Stat the record files in the folder open at `fd` (every name ending in `suffix`, or just
    `names`) into `found`, and close it."""
    if fd is None:
        return
    lstat, is_regular = os.stat, stat.S_ISREG
    try:
        for name in os.listdir(fd) if names is None else names:
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
