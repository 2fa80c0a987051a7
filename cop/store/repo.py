"""`Repo`: the one API over a knowledge repo's files and index (read, write, query, search).

Writes go to the files only (atomically, under the repo's write lock: `cop.store.writer`); the index
catches up on the next read through its freshness check, so a write costs one small file and writers
never wait for the index.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cop import FORMAT_VERSION
from cop.domain import ids
from cop.domain.errors import (
    AlreadyExists,
    AmbiguousId,
    CopError,
    NotFound,
    ParseError,
    RepoNotFound,
)
from cop.domain.filters import EntryFilter, SearchRow
from cop.domain.models import Community, Entry, Member, Mentorship, Record, RepoInfo
from cop.store.index import recent
from cop.store.index.collector import gc_paused
from cop.store.index.index import INDEX_VERSION, Index, Problem, RefreshReport
from cop.store.records import files, layout, repo_config
from cop.store.records.codec import index_parse, parse_record
from cop.store.writer import Writes

if TYPE_CHECKING:
    import sqlite3

    from cop.store.state import State

R = TypeVar("R", bound=Record)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a `cop.yaml`, like git finds `.git`."""
    for folder in (start, *start.parents):
        if (folder / layout.CONFIG_FILE).is_file():
            return folder
    return None


class Repo(Writes):
    """A knowledge repo on disk (reading here, writing in `Writes`, under the repo's write lock)."""

    def __init__(self, root: Path, info: RepoInfo) -> None:
        self.root = root
        self.info = info
        self.index = Index(root, index_parse)
        self._fresh = False
        self._problems: list[Problem] = []
        self._state: State | None = None

    # -- opening -----------------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path) -> Repo:
        config = root / layout.CONFIG_FILE
        try:
            text = config.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RepoNotFound(
                f"{root} is not a cop repo (no {layout.CONFIG_FILE}); run 'cop init' there"
            ) from None
        data = repo_config.load(root, text) or {}
        if not isinstance(data, dict):
            raise ParseError(layout.CONFIG_FILE, "expected a mapping (format, name, description)")
        try:
            version = int(data.get("format", 1))
        except (TypeError, ValueError):
            raise ParseError(
                layout.CONFIG_FILE, f"format must be a number, not {data.get('format')!r}"
            ) from None
        extra = tuple((str(k), v) for k, v in data.items() if k not in ("format", "name", "description"))
        info = RepoInfo(
            name=str(data.get("name") or root.name),
            description=str(data.get("description") or ""),
            format=version,
            extra=extra,
        )
        return cls(root.resolve(), info)

    @classmethod
    def init(cls, root: Path, name: str | None = None, description: str = "") -> Repo:
        """Create the skeleton of a new repo in `root` (which may exist); refuses to overwrite one."""
        root.mkdir(parents=True, exist_ok=True)
        if (root / layout.CONFIG_FILE).exists():
            raise AlreadyExists(f"{root} is already a cop repo ({layout.CONFIG_FILE} exists)")
        data: dict[str, Any] = {"format": FORMAT_VERSION, "name": name or root.resolve().name}
        if description:
            data["description"] = description
        from cop.store.records import yamlio  # PyYAML off the read path (repo_config.py)

        files.atomic_write(root / layout.CONFIG_FILE, yamlio.dump(data))
        for folder in layout.FOLDERS.values():
            (root / folder).mkdir(exist_ok=True)
        gitignore = root / ".gitignore"
        existing = gitignore.read_text(encoding="utf-8") if gitignore.exists() else ""
        if f"/{layout.CACHE_DIR}/" not in existing:
            joiner = "" if not existing or existing.endswith("\n") else "\n"
            files.atomic_write(gitignore, existing + joiner + layout.GITIGNORE)
        return cls.open(root)

    def close(self) -> None:
        self.index.close()

    @property
    def state(self) -> State:
        """This clone's local state (`.cop/state.json`: drafts, marks, preferences, recent views)."""
        if self._state is None:
            from cop.store.state import State  # TinyDB only loads for a command that uses the state

            self._state = State(files.cache_dir(self.root))
        return self._state

    # -- freshness ---------------------------------------------------------------------------------
    def refresh(
        self, *, full: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> RefreshReport:
        """Catch the index up with the files (full=True rebuilds it from scratch)."""
        report = self.index.refresh(full=full, progress=progress)
        self._fresh = True
        self._problems = report.problems
        return report

    def _ensure_fresh(self) -> None:
        if not self._fresh:
            self.refresh()

    def index_conn(self) -> sqlite3.Connection:
        """The index's SQLite connection, checked against the files first: what the SQL modules of
        `cop.store.index` (insights, events and projects...) query."""
        self._ensure_fresh()
        return self.index.search_db.conn

    def invalidate(self) -> None:
        """Forget that the index was checked: the next query checks the files again."""
        self._fresh = False

    def problems(self) -> list[Problem]:
        """Files that failed to parse or validate, as of the last refresh."""
        self._ensure_fresh()
        return list(self._problems)

    # -- reading -----------------------------------------------------------------------------------
    def read(self, path: str) -> Record:
        """Parse one record file, fresh from disk."""
        try:
            data = (self.root / path).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"{path} does not exist") from None
        return parse_record(path, data)

    def raw(self, record: Record) -> str:
        return (self.root / record.path).read_text(encoding="utf-8")

    def _by_key(self, cls: type[R], kind: str, key: str, label: str) -> R:
        if not ids.is_slug(key):
            raise NotFound(f"no {label} '{key}' (not a valid {label} name)")
        path = f"{layout.FOLDERS[kind]}/{key}.yaml"
        if not (self.root / path).is_file():
            raise NotFound(f"no {label} '{key}'; see 'cop {kind} list'")
        record = self.read(path)
        assert isinstance(record, cls)
        return record

    def community(self, slug: str) -> Community:
        return self._by_key(Community, "community", slug, "community")

    def member(self, handle: str) -> Member:
        return self._by_key(Member, "member", handle, "member")

    def has_indexed(self, kind: str, key: str) -> bool:
        """Whether the index, checked against the files first, holds the `kind` record `key` at its
        path: the file parsed and validated as it is now, without parsing it (or loading PyYAML) again.
        False says nothing: the caller reads the file for the error to show."""
        if not ids.is_slug(key):
            return False
        self._ensure_fresh()
        path = f"{layout.FOLDERS[kind]}/{key}.yaml"
        return (key, path) in self.index.search_db.record_keys(kind, key)

    def has_member(self, handle: str) -> bool:
        return ids.is_slug(handle) and (self.root / f"members/{handle}.yaml").is_file()

    def _resolve(self, table: str, prefix: str, label: str) -> list[tuple[str, str]]:
        prefix = prefix.strip().lower()
        if not ids.is_id_prefix(prefix):
            raise NotFound(f"'{prefix}' is not {'an' if label[0] in 'aeiou' else 'a'} {label} id")
        self._ensure_fresh()
        if table == "entry":  # index range scans in SQLite
            return self.index.search_db.entry_ids(prefix)
        return self.index.search_db.record_keys(table, prefix)

    def _resolve_one(self, table: str, prefix: str, label: str) -> str:
        matches = self._resolve(table, prefix, label)
        exact = [m for m in matches if m[0] == prefix]
        if exact:
            matches = exact
        if not matches:
            stuck = [p for p in self.conflicted() if p.startswith(f"{layout.FOLDERS[table]}/")]
            stuck = [p for p in stuck if p.rsplit("/", 1)[-1].startswith(prefix)]
            if stuck:  # not indexed because its file cannot be parsed until the conflict is settled
                raise NotFound(
                    f"{stuck[0]} has merge conflict markers: keep the right text, delete the"
                    " <<<<<<< ======= >>>>>>> lines, then run 'cop sync'"
                )
            raise NotFound(
                f"no {label} with id '{prefix}'; see 'cop {'list' if table == 'entry' else 'mentor list'}'"
            )
        if len({m[0] for m in matches}) > 1:
            raise AmbiguousId(prefix, sorted({m[0] for m in matches}))
        if len(matches) > 1:
            paths = ", ".join(m[1] for m in matches)
            raise CopError(
                f"{label} id '{matches[0][0]}' is used by several files: {paths}; run 'cop doctor'"
            )
        return matches[0][1]

    def entry(self, id_or_prefix: str) -> Entry:
        """An entry, body included, by id or unique id prefix."""
        record = self.read(self._resolve_one("entry", id_or_prefix, "entry"))
        assert isinstance(record, Entry)
        return record

    def mentorship(self, id_or_prefix: str) -> Mentorship:
        record = self.read(self._resolve_one("mentorship", id_or_prefix, "mentorship"))
        assert isinstance(record, Mentorship)
        return record

    def all(self, cls: type[R]) -> list[R]:
        """Every record of a type from the index (entries without bodies)."""
        self._ensure_fresh()
        table = layout.TYPE_OF[cls]
        db = self.index.search_db
        with gc_paused():
            rows = db.entry_rows(EntryFilter(), "updated") if table == "entry" else db.record_rows(table)
            return [cls.from_index(doc, path) for path, doc in rows]

    def entries(
        self,
        where: EntryFilter = EntryFilter(),
        *,
        sort: str = "updated",
        limit: int | None = None,
        offset: int = 0,
        reverse: bool = False,
    ) -> list[Entry]:
        """Entries matching the filter (no bodies), sorted (updated/created newest first, title, kind or
        author A-Z, most endorsed first; `reverse` the other way round), `limit` of them from `offset`:
        one SQL query, no file opened."""
        self._ensure_fresh()
        with gc_paused():
            rows = self.index.search_db.entry_rows(where, sort, limit, offset, reverse)
            return [Entry.from_index(doc, path) for path, doc in rows]

    def count_entries(self, where: EntryFilter = EntryFilter()) -> int:
        """How many entries match the filter (counted in the index)."""
        self._ensure_fresh()
        return self.index.search_db.entry_count(where)

    def entry_position(
        self,
        entry_id: str,
        where: EntryFilter = EntryFilter(),
        *,
        sort: str = "updated",
        reverse: bool = False,
    ) -> int | None:
        """Where the entry stands in `entries(where, sort=sort, reverse=reverse)` (0: first), None when
        it is not in that list (counted in the index)."""
        self._ensure_fresh()
        return self.index.search_db.entry_position(entry_id, where, sort, reverse)

    def answers(self, question_id: str) -> list[Entry]:
        """The entries answering a question, bodies included, read from their files (found through the
        search index's `question` column: a question's answers are a handful of files, while a TinyDB query
        loads every entry). A file that changed underneath since the check is read as it is now."""
        self._ensure_fresh()
        found = []
        for path in self.index.search_db.answer_paths(question_id):
            try:
                record = self.read(path)
            except (NotFound, ParseError):  # deleted or broken since the check: the next refresh says so
                continue
            if isinstance(record, Entry) and record.question == question_id:
                found.append(record)
        return found

    def index_written(self, records: list[tuple[Record, bytes]]) -> None:
        """Index records this process has just written to their files (`record.path`), as written."""
        self.index.add_written(
            [
                (r.path, data, layout.TYPE_OF[type(r)], r.to_index(), getattr(r, "body", ""))
                for r, data in records
            ]
        )

    def indexing_batches(self) -> contextlib.AbstractContextManager[None]:
        """A block of `index_written` batches (an import): into an index with no file yet, indexed as
        one build, its secondary indexes and derived tables made once at the end."""
        return self.index.building()

    def entry_locations(self) -> dict[str, str]:
        """Entry id -> its file, for every indexed entry (one query: an import looks ids up by the
        thousand, and a miss through `entry()` would scan every file for conflict markers)."""
        self._ensure_fresh()
        return dict(self.index.search_db.entry_ids(""))

    def entries_as_indexed(self, limit: int) -> list[Entry] | None:
        """The newest `limit` entries (no bodies) as of the last index update, in the order of
        `entries(sort="updated")`, WITHOUT checking the files first: they may have changed since.
        None when there is no usable `.cop/recent.json` (never built, damaged, another version)."""
        return recent.read(self.index.cache, INDEX_VERSION, limit)

    def search(
        self, query: str, where: EntryFilter = EntryFilter(), limit: int | None = 20
    ) -> list[SearchRow]:
        self._ensure_fresh()
        return self.index.search_db.search(
            query,
            community=where.community,
            kind=where.kind,
            tags=where.tags,
            author=where.author,
            status=where.status,
            since=where.since,
            limit=limit,
        )

    def entry_counts(self) -> dict[str, int]:
        """Entries per community slug, counted in the index (the TUI's sidebar asks before first paint)."""
        self._ensure_fresh()
        return self.index.search_db.community_counts()

    def tag_counts(self, community: str | None = None) -> list[tuple[str, int]]:
        """Tags with the number of entries carrying each, most used first (one GROUP BY)."""
        self._ensure_fresh()
        return self.index.search_db.tag_counts(community)

    def files(self) -> list[str]:
        """Every record file's repo-relative path (indexed or not)."""
        from cop.store.index.sweep import scan

        return sorted(scan(self.root))

    def conflicted(self) -> list[str]:
        """Record files that still hold merge conflict markers, by path."""
        return [path for path in self.files() if files.has_conflict_markers(self.root / path)]

    def abs_path(self, record: Record) -> Path:
        return self.root / record.path

    def cache_dir(self) -> Path:
        return self.root / layout.CACHE_DIR

    def __enter__(self) -> Repo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_repo_path() -> Path:
    """The personal repo used when no repo is given or found: `$XDG_DATA_HOME/cop/default`."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "cop" / "default"
