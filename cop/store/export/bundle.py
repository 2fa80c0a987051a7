"""Bundle files and note folders on disk: dump and load bundles, write imported records safely."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cop.domain.errors import CopError, ParseError
from cop.store.index.sweep import RACY_NS
from cop.store.records import files, yamlio

FORMATS = ("json", "yaml")
MAX_BUNDLE_BYTES = 512 * 1024 * 1024


def dump(data: dict[str, Any], fmt: str) -> str:
    """The bundle as text: the same data always gives the same bytes."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yamlio.dump(data)


def write_file(path: Path, text: str) -> None:
    files.atomic_write(path, text)


def load(path: Path) -> Any:
    """Parse a bundle file (JSON or YAML, told apart by content; YAML with the safe loader only)."""
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise CopError(f"{path} is larger than {MAX_BUNDLE_BYTES >> 20} MB; split the export")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CopError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise CopError(
            f"{path} is a folder; to import Markdown notes use 'cop import --markdown DIR'"
        ) from None
    except UnicodeDecodeError as error:
        raise ParseError(str(path), f"is not UTF-8 text (byte {error.start})") from None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as error:
            raise ParseError(str(path), f"invalid JSON: {error.msg}", error.lineno) from None
        except RecursionError:  # the C decoder gives up at ~Python's recursion limit
            raise ParseError(
                str(path), f"nests deeper than {yamlio.MAX_DEPTH} levels, which cop refuses"
            ) from None
        except _DuplicateKey as error:
            raise ParseError(str(path), str(error)) from None
        yamlio.check_depth(data, str(path))
        return data
    return yamlio.load(text, str(path))


class _DuplicateKey(Exception):
    """A JSON object gives one key twice (json keeps the last one silently)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                shown = key if len(key) <= 40 else key[:39] + "…"
                raise _DuplicateKey(f"gives the key '{shown}' twice (JSON keeps only the last one)")
            seen.add(key)
    return data


def write_new(root: Path, path: str, text: str) -> None:
    """Write an imported record; `path` was built from validated ids, checked here once more."""
    target = (root / path).resolve()
    if not target.is_relative_to(root.resolve()) or ".." in Path(path).parts:
        raise CopError(f"refusing to write {path}: outside the repo")
    files.atomic_write(target, text)


def write_batch(root: Path, items: list[tuple[str, str]]) -> list[bytes]:
    """Write new record files (repo-relative path, text) atomically and durably, as a batch: each to a
    temporary file beside its target, one `sync` for the batch, then the renames and one sync of each
    folder touched. A kill at any moment leaves every target either absent or whole (a temporary file
    at worst, which no sweep reads: its name starts with a dot). Returns the bytes written, in order.

    Each file's mtime is set back by twice the index's racy window before it is renamed into place,
    so the ledger row the import writes for it is not racy (`sweep.RACY_NS`: a same-size change in
    the clock tick of the recorded mtime could hide): a change after the write gets a later mtime,
    and the next command need not read every imported file again to be sure of it."""
    base = root.resolve()
    stamp = time.time_ns() - 2 * RACY_NS
    checked: set[Path] = set()
    pending: list[tuple[str, Path]] = []
    written: list[bytes] = []
    try:
        for path, text in items:
            target = base / path
            if ".." in Path(path).parts or target.parent == base:
                raise CopError(f"refusing to write {path}: outside the repo")
            if target.parent not in checked:  # each folder checked once, not each of 50k files
                files.real_folders(base, target.parent)  # makes them; refuses a committed link
                if not target.parent.resolve().is_relative_to(base):
                    raise CopError(f"refusing to write {path}: outside the repo")
                checked.add(target.parent)
            if target.is_symlink():  # the file itself: never written through
                raise CopError(f"{path} is a symbolic link; cop will not write through it")
            data = text.encode("utf-8")
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            pending.append((tmp, target))
            try:
                os.fchmod(fd, 0o644)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.utime(fd, ns=(stamp, stamp))
            finally:
                os.close(fd)
            written.append(data)
        os.sync()  # every temporary file is on disk before any rename makes it a record
        for tmp, target in pending:
            os.replace(tmp, target)
        pending = []
        for folder in checked:
            dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)  # the renames themselves survive a crash
            finally:
                os.close(dir_fd)
    finally:
        for tmp, _ in pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return written


@dataclass
class Note:
    """A Markdown note read from a folder: its path below it, front matter, body and text hash."""

    name: str
    front: dict[str, Any] | None
    body: str
    sha256: str = ""
    problem: str = ""  # why it cannot be read


def read_notes(folder: Path) -> list[Note]:
    """Every Markdown note under `folder`, sorted; hidden folders (such as .obsidian) skipped."""
    if not folder.is_dir():
        raise CopError(f"{folder} is not a folder of Markdown notes")
    notes: list[Note] = []
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.lower().endswith((".md", ".markdown")) or name.startswith("."):
                continue
            path = Path(current) / name
            rel = path.relative_to(folder).as_posix()
            try:
                data = files.read_regular(path, "note")
                text = data.decode("utf-8")
            except files.LinkRefused as error:
                notes.append(Note(rel, None, "", problem=str(error)))
                continue
            except (OSError, UnicodeDecodeError) as error:
                notes.append(Note(rel, None, "", problem=f"cannot read it ({error})"))
                continue
            front: dict[str, Any] | None = None
            body = text
            if text.startswith("---\n") or text.startswith("---\r\n"):
                try:
                    loaded, body = yamlio.load_front_matter(text, rel)
                    front = loaded if isinstance(loaded, dict) else None
                except ParseError:
                    body = text  # not front matter after all: keep the whole note as the body
            notes.append(Note(rel, front, body, hashlib.sha256(data).hexdigest()))
    return notes


def imported_notes(root: Path, paths: list[str]) -> list[str]:
    """The entry files among `paths` that an earlier `import --markdown` wrote (a byte search, so
    only those are parsed)."""
    found = []
    for path in paths:
        try:
            if b"\nimported_from:" in (root / path).read_bytes():
                found.append(path)
        except OSError:
            continue
    return found
