"""Record writes: create, update in place, read-modify-write, move and delete, all under the repo's
write lock (`files.write_lock`), so N concurrent writers of one record give N changes.

The rule every write here follows: take the lock, find where the record is NOW (on disk, not in the
index, which may be a moment old), re-read it from its file, change it, write it atomically, then let
go. A read before the lock and a write under it would still lose updates; `modify` is the one way the
core changes an existing record. Lock order: the write lock before the index lock, never the reverse
(a refresh under the write lock takes the index lock inside it; the index never asks for this lock).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cop import FORMAT_VERSION
from cop.domain import ids, registry
from cop.domain.errors import AlreadyExists, CopError, FormatTooNew, NotFound
from cop.domain.models import Entry, Mentorship, Record, RepoInfo
from cop.store.records import files, layout
from cop.store.records.codec import parse_record, render

R = TypeVar("R", bound=Record)

_LABELS = layout.TYPE_OF  # record class -> type name, from the registry


def _keyed_by_id(cls: type[Record]) -> bool:
    """Whether records of this class (not entries) are keyed by a generated id."""
    return cls is not Entry and registry.of(cls).key_kind == "id"


class DuplicateId(CopError):
    """One id names several record files (a move interrupted by hand, or a bad merge)."""


class Writes:
    """The writing half of `Repo` (mixed in; `Repo` gives the reading half)."""

    root: Path
    info: RepoInfo
    _fresh: bool

    if TYPE_CHECKING:
        from cop.store.index.index import Index

        index: Index

        def read(self, path: str) -> Record: ...
        def _ensure_fresh(self) -> None: ...
        def _resolve_one(self, table: str, prefix: str, label: str) -> str: ...

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the repo's write lock for a block of several writes that belong together (join: the
        member and the community). Re-entrant: the writes inside take it again for free."""
        with files.write_lock(self.root):
            yield

    def _check_writable(self) -> None:
        if self.info.format > FORMAT_VERSION:
            raise FormatTooNew(
                f"this repo uses format {self.info.format}, this cop knows up to {FORMAT_VERSION}: "
                "upgrade cop (pip install -U cop) before changing it"
            )

    # -- where a record is now ---------------------------------------------------------------------
    def entry_files(self, entry_id: str) -> list[str]:
        """Every entry file named for this id, in any community folder, asked of the file names (not
        the index): one normally, none once deleted, several only if something went wrong."""
        start, bare = f"{entry_id}-", f"{entry_id}.md"
        base = self.root / layout.FOLDERS["entry"]
        found = []
        try:
            folders = [f for f in os.scandir(base) if f.is_dir(follow_symlinks=False)]
        except FileNotFoundError:
            return []
        for folder in folders:
            with os.scandir(folder.path) as names:
                found += [
                    f"{layout.FOLDERS['entry']}/{folder.name}/{n.name}"
                    for n in names
                    if n.name.startswith(start) or n.name == bare
                ]
        return sorted(found)

    def _entry_path_now(self, entry_id: str, label: str = "entry") -> str:
        paths = self.entry_files(entry_id)
        if not paths:
            raise NotFound(f"no {label} with id '{entry_id}'; see 'cop list'")
        if len(paths) > 1:
            raise DuplicateId(
                f"entry id '{entry_id}' is used by several files: {', '.join(paths)}; "
                "keep one (see 'cop doctor')"
            )
        return paths[0]

    def _full_id(self, table: str, id_or_prefix: str, label: str) -> str:
        """The whole id a person's id or prefix names (found in the index: ids never change, so a
        moment-old index answers this right; a whole id needs no index at all)."""
        key = id_or_prefix.strip().lower()
        if ids.is_id(key):
            return key
        path = self._resolve_one(table, key, label)
        return layout.expected_key(path)

    def _path_now(self, cls: type[Record], key: str, nest: str = "") -> str:
        """Where the record `key` names lives now (call under the write lock); NotFound if nowhere.
        `nest` is the folder of a nested record that never moves (progress: its path's slug)."""
        label = _LABELS[cls]
        if cls is Entry:
            return self._entry_path_now(key)
        if _keyed_by_id(cls):  # mentorships, events: keyed by a generated id
            path = f"{layout.FOLDERS[label]}/{key}.yaml"
            if not (self.root / path).is_file():
                command = "mentor" if cls is Mentorship else label
                raise NotFound(f"no {label} with id '{key}'; see 'cop {command} list'")
            return path
        if not ids.is_slug(key) or nest and not ids.is_slug(nest):
            raise NotFound(f"no {label} '{key}' (not a valid {label} name)")
        path = "/".join([layout.FOLDERS[label], *([nest] if nest else []), f"{key}.yaml"])
        if not (self.root / path).is_file():
            raise NotFound(f"no {label} '{key}'; see 'cop {label} list'")
        return path

    def find(self, cls: type[R], key: str, nest: str = "") -> R:
        """A record of any type but entries, fresh from its file, by its slug/handle or (for types
        keyed by id: mentorships, events) its id or a unique prefix of it; `nest` as for `_path_now`."""
        label = _LABELS[cls]
        if _keyed_by_id(cls):
            try:
                key = self._full_id(label, key, label)
            except NotFound as error:
                if str(error).startswith(f"no {label} with id") and cls is not Mentorship:
                    raise NotFound(f"no {label} with id '{key}'; see 'cop {label} list'") from None
                raise
        record = self.read(self._path_now(cls, key, nest))
        assert isinstance(record, cls)
        return record

    # -- writing -----------------------------------------------------------------------------------
    def modify(self, cls: type[R], key: str, change: Callable[[R], R | None], nest: str = "") -> R:
        """Change one existing record safely against concurrent writers: under the write lock, re-read
        it from its file where it is now, apply `change` (which edits the record in place or returns a
        new one; raising leaves the file untouched), validate, and write it back atomically. An entry
        whose community changed moves folder in the same locked step (new file written, old removed).

        `key` is a slug or handle, or an entry or mentorship id or unique prefix; `nest` the folder of
        a nested record that never moves (progress: its path's slug)."""
        self._check_writable()
        label = _LABELS[cls]
        if cls is Entry or _keyed_by_id(cls):
            key = self._full_id(label, key, label)
        with files.write_lock(self.root):
            path = self._path_now(cls, key, nest)
            try:
                before = (self.root / path).read_bytes()
            except FileNotFoundError:  # removed by something that is not cop (git, a person)
                raise NotFound(f"{path} does not exist") from None
            current = parse_record(path, before)
            assert isinstance(current, cls)
            changed = change(current)
            record: R = current if changed is None else changed
            record.path = path
            return self._write_over(record, path, before)

    def _write_over(self, record: R, path: str, before: bytes | None = None) -> R:
        """Write `record` over the file at `path` (the caller holds the lock); when the file already
        holds exactly these bytes (`before`), nothing is written."""
        record.validate()
        target = path
        if isinstance(record, Entry) and path.split("/")[1] != record.community:
            target = f"{layout.FOLDERS['entry']}/{ids.check_slug(record.community, 'community')}/"
            target += Path(path).name
        text = render(record)
        if target == path and before is not None and text.encode("utf-8") == before:
            return record
        files.atomic_write(self.root / target, text)
        if target != path:
            files.remove(self.root / path)
        record.path = target
        self._fresh = False
        return record

    def create(self, record: R) -> R:
        """Write a new record; refuses to replace an existing one (checked and written under the lock,
        so two processes creating the same slug cannot both succeed)."""
        self._check_writable()
        record.validate()
        path = layout.record_path(record)
        target = self.root / path
        if not self.index.built():
            self._ensure_fresh()  # the first command in a repo without a cache builds it, write or read
        with files.write_lock(self.root):
            if isinstance(record, Entry):
                if self.entry_files(record.id):
                    raise AlreadyExists(f"entry id {record.id} exists already")
            elif isinstance(record, Mentorship):
                if target.exists():
                    raise AlreadyExists(f"mentorship id {record.id} exists already")
            elif target.exists():
                raise AlreadyExists(f"{_LABELS[type(record)]} '{record.key}' exists already")
            files.atomic_write(target, render(record))
        record.path = path
        self._fresh = False
        return record

    def update(self, record: R) -> R:
        """Write a whole record over the one saved with its key (an entry that changed community moves
        folder). A blind write: what the file holds now is replaced, so prefer `modify`, which re-reads
        under the lock; this is for a caller that already merged what is on disk (import)."""
        self._check_writable()
        record.validate()
        if not record.path:
            raise NotFound(f"{record.key} was never saved; create it first")
        with files.write_lock(self.root):
            path = record.path
            if isinstance(record, Entry):
                found = self.entry_files(record.id)
                if len(found) > 1:
                    self._entry_path_now(record.id)  # raises, naming the files
                path = found[0] if found else path
            return self._write_over(record, path)

    def delete(self, record: Record) -> None:
        """Remove a record's file (an entry's file wherever it is now)."""
        self._check_writable()
        if not record.path:
            raise NotFound(f"{record.key} was never saved")
        with files.write_lock(self.root):
            path = self._entry_path_now(record.id) if isinstance(record, Entry) else record.path
            files.remove(self.root / path)
        self._fresh = False

    def write_text(self, record: Record, text: str) -> None:
        """Replace a record's file with text already rendered and validated by the caller."""
        self._check_writable()
        with files.write_lock(self.root):
            files.atomic_write(self.root / record.path, text)
        self._fresh = False
