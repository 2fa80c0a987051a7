"""Template files: `templates/<kind>.md` and `templates/<community>/<kind>.md` (cop.domain.templates).

Templates come with a teammate's repo, so they are untrusted: a symbolic link (file or folder) is
refused, a file past `MAX_TEMPLATE_BYTES` or not UTF-8 text is refused, each in one line naming it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cop.domain import ids
from cop.domain.errors import CopError
from cop.domain.templates import MAX_TEMPLATE_BYTES, TEMPLATE_KINDS, template_text
from cop.store.records import files

FOLDER = "templates"


class TemplateError(CopError):
    """A template file cop will not use (a link, too large, not text)."""


def relative_path(kind: str, community: str = "") -> str:
    return f"{FOLDER}/{community}/{kind}.md" if community else f"{FOLDER}/{kind}.md"


def read(root: Path, kind: str, community: str = "") -> str | None:
    """The body of one template file, None when there is none; TemplateError when it is unusable."""
    if kind not in TEMPLATE_KINDS or (community and not ids.is_slug(community)):
        return None
    where = relative_path(kind, community)
    folder = root / FOLDER
    for part in (folder, folder / community) if community else (folder,):
        if part.is_symlink():
            raise TemplateError(
                f"{part.relative_to(root).as_posix()} is a symbolic link; cop does not follow it"
            )
    path = root / where
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISLNK(st.st_mode):
        raise TemplateError(f"{where} is a symbolic link; cop does not follow links for a template")
    if not stat.S_ISREG(st.st_mode):
        raise TemplateError(f"{where} is not a regular file; cop reads only regular files for a template")
    if st.st_size > MAX_TEMPLATE_BYTES:
        raise TemplateError(
            f"{where} is {st.st_size} bytes: a template may hold {MAX_TEMPLATE_BYTES} at most"
        )
    try:
        data = files.read_regular(path, "template")
    except CopError:  # replaced by a link or a FIFO since the lstat
        raise TemplateError(
            f"{where} is not a regular file; cop reads only regular files for a template"
        ) from None
    except OSError as error:
        raise TemplateError(f"cannot read {where}: {error.strerror}") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{where} is {len(data)} bytes: a template may hold {MAX_TEMPLATE_BYTES} at most")
    try:
        return template_text(data, where)
    except ValueError as error:
        raise TemplateError(str(error)) from None


def communities(root: Path) -> list[str]:
    """The community folders under templates/ (real folders with slug names), by name."""
    folder = root / FOLDER
    if folder.is_symlink() or not folder.is_dir():
        return []
    found = []
    with os.scandir(folder) as items:
        for item in items:
            if item.is_dir(follow_symlinks=False) and ids.is_slug(item.name):
                found.append(item.name)
    return sorted(found)


def write_missing(root: Path, bodies: dict[str, str]) -> list[str]:
    """Write `templates/<kind>.md` for each kind in `bodies` that has no file yet (a file someone
    edited, or emptied, is never touched); the repo-relative paths written."""
    written = []
    for kind, body in bodies.items():
        where = relative_path(kind)
        path = root / where
        if path.exists() or path.is_symlink():
            continue
        files.atomic_write(path, body, root=root)
        written.append(where)
    return written


def linked(root: Path) -> list[str]:
    """Repo-relative paths of the symbolic links in templates/ and its community folders (never
    followed: `cop doctor` names each)."""
    folder = root / FOLDER
    if folder.is_symlink():
        return [FOLDER]
    found = []
    for base in ["", *communities(root)]:
        try:
            with os.scandir(folder / base if base else folder) as items:
                found += [f"{FOLDER}/{base + '/' if base else ''}{i.name}" for i in items if i.is_symlink()]
        except (FileNotFoundError, NotADirectoryError):
            continue
    return sorted(found)
