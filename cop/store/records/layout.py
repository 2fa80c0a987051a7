"""Where each record lives in a repo, and how a file's path maps back to a record type."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from cop.domain.models import Record
from cop.domain.registry import NESTED, RECORD_TYPES, RecordType, of

CONFIG_FILE = "cop.yaml"
CACHE_DIR = ".cop"
#: record type name -> its top folder, and record class -> type name (both derived from the registry)
FOLDERS = {t.name: t.folder for t in RECORD_TYPES.values()}
TYPE_OF = {t.cls: t.name for t in RECORD_TYPES.values()}
#: the types whose files sit directly in their folder (all but entries), in registry order
FLAT_TYPES = tuple(t for t in RECORD_TYPES.values() if not t.nest)
#: the types whose files sit one folder down (entries by community, progress by path), in registry order
NESTED_TYPES = NESTED
GITIGNORE = f"# cop's cache: derived from the files, rebuilt on demand\n/{CACHE_DIR}/\n"


def record_path(record: Record) -> str:
    """The repo-relative path of a new record's file (entries keep theirs once written)."""
    try:
        kind = of(record)
    except KeyError:
        raise TypeError(type(record)) from None
    return kind.path_for(record)


def _parts(path: str) -> tuple[str, ...] | list[str]:
    """A repo-relative path's parts: split on "/" (a sweep's paths are clean, and a rebuild asks
    three times per file), through PurePosixPath only for a path with empty or "." parts to fold."""
    parts = path.split("/")
    if "" in parts or "." in parts:
        return PurePosixPath(path).parts
    return parts


def record_type_of_path(path: str) -> RecordType | None:
    """Which record type a repo-relative path holds, or None when it is not a record file."""
    parts = _parts(path)
    for kind in RECORD_TYPES.values():
        if len(parts) == kind.depth and parts[0] == kind.folder and parts[-1].endswith(kind.suffix):
            return kind
    return None


def type_of_path(path: str) -> str | None:
    """The name of the record type a repo-relative path holds, or None when it is not a record file."""
    kind = record_type_of_path(path)
    return kind.name if kind else None


def nest_of_path(path: str) -> str:
    """The subfolder a nested record's file is in (an entry's community), or "" for flat types."""
    parts = _parts(path)
    return parts[1] if len(parts) == 3 else ""


def expected_key(path: str) -> str:
    """The identifier a file's name promises: slug, handle or id (an entry's name starts with its id)."""
    parts = _parts(path)
    name = parts[-1] if parts else ""
    stem = name.rsplit(".", 1)[0]
    kind = record_type_of_path(path)
    if kind is not None and kind.titled:
        return stem.split("-", 1)[0]
    return stem


def entry_id_in_use(root: Path, entry_id: str) -> bool:
    """Whether any entry file in the repo at `root` is named for this id (`ID-title.md`, any community).

    Asked of the files, not the index: a file is only indexed when its name starts with its id, so the
    names answer exactly, and a write need not bring the index up to date first (listing the names
    costs milliseconds; a refresh after one change costs seconds at 100k files).
    """
    start, bare = f"{entry_id}-", f"{entry_id}.md"
    try:
        folders = [f.path for f in os.scandir(root / FOLDERS["entry"]) if f.is_dir(follow_symlinks=False)]
    except FileNotFoundError:
        return False
    for folder in folders:
        with os.scandir(folder) as names:
            if any(n.name.startswith(start) or n.name == bare for n in names):
                return True
    return False


def linked_records(root: Path) -> list[str]:
    """Repo-relative paths of the symbolic links where record folders and files live.

    cop never follows them (the sweep skips them, writes refuse them: a target could be outside the
    repo); `cop doctor` reports each one so a committed link does not hide records silently.
    """
    found: list[str] = []

    def links_in(folder: str, suffix: str) -> None:
        try:
            with os.scandir(root / folder) as items:
                found.extend(
                    f"{folder}/{i.name}" for i in items if i.name.endswith(suffix) and i.is_symlink()
                )
        except (FileNotFoundError, NotADirectoryError):
            pass

    for kind in RECORD_TYPES.values():
        if (root / kind.folder).is_symlink():
            found.append(kind.folder)
            continue
        if not kind.nest:
            links_in(kind.folder, kind.suffix)
            continue
        links_in(kind.folder, "")
        try:
            with os.scandir(root / kind.folder) as items:
                nests = [i.name for i in items if i.is_dir(follow_symlinks=False)]
        except (FileNotFoundError, NotADirectoryError):
            nests = []
        for name in nests:
            links_in(f"{kind.folder}/{name}", kind.suffix)
    return sorted(found)
