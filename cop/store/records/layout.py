"""Where each record lives in a repo, and how a file's path maps back to a record type."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from cop.domain import ids
from cop.domain.models import Community, Entry, Member, Mentorship, Record

CONFIG_FILE = "cop.yaml"
CACHE_DIR = ".cop"
FOLDERS = {"community": "communities", "member": "members", "entry": "entries", "mentorship": "mentorships"}
TYPE_OF = {Community: "community", Member: "member", Entry: "entry", Mentorship: "mentorship"}
GITIGNORE = f"# cop's cache: derived from the files, rebuilt on demand\n/{CACHE_DIR}/\n"


def record_path(record: Record) -> str:
    """The repo-relative path of a new record's file (entries keep theirs once written)."""
    if isinstance(record, Community):
        return f"communities/{ids.check_slug(record.slug, 'slug')}.yaml"
    if isinstance(record, Member):
        return f"members/{ids.check_slug(record.handle, 'handle')}.yaml"
    if isinstance(record, Mentorship):
        return f"mentorships/{ids.check_id(record.id)}.yaml"
    if isinstance(record, Entry):
        community = ids.check_slug(record.community, "community")
        return f"entries/{community}/{ids.check_id(record.id)}-{ids.slugify(record.title)}.md"
    raise TypeError(type(record))


def type_of_path(path: str) -> str | None:
    """Which record type a repo-relative path holds, or None when it is not a record file."""
    parts = PurePosixPath(path).parts
    if len(parts) == 2 and parts[0] == "communities" and parts[1].endswith(".yaml"):
        return "community"
    if len(parts) == 2 and parts[0] == "members" and parts[1].endswith(".yaml"):
        return "member"
    if len(parts) == 2 and parts[0] == "mentorships" and parts[1].endswith(".yaml"):
        return "mentorship"
    if len(parts) == 3 and parts[0] == "entries" and parts[2].endswith(".md"):
        return "entry"
    return None


def expected_key(path: str) -> str:
    """The identifier a file's name promises: slug, handle or id (an entry's name starts with its id)."""
    name = PurePosixPath(path).name
    stem = name.rsplit(".", 1)[0]
    if type_of_path(path) == "entry":
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

    for kind, folder in FOLDERS.items():
        if (root / folder).is_symlink():
            found.append(folder)
        elif kind != "entry":
            links_in(folder, ".yaml")
    if not (root / FOLDERS["entry"]).is_symlink():
        links_in(FOLDERS["entry"], "")
        try:
            with os.scandir(root / FOLDERS["entry"]) as items:
                communities = [i.name for i in items if i.is_dir(follow_symlinks=False)]
        except (FileNotFoundError, NotADirectoryError):
            communities = []
        for name in communities:
            links_in(f"{FOLDERS['entry']}/{name}", ".md")
    return sorted(found)
