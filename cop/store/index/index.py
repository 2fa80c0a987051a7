"""The query index under `.cop/`: every record's fields in SQLite (`search.sqlite`), fresh from the files.

Freshness: a sweep (`sweep.py`) compares every record file's size and mtime with the ledger (in SQLite);
only files that differ, appeared or vanished are read and parsed again. When nothing changed, the sweep's
fingerprint equals the one stored after the last refresh, so the ledger itself is not even loaded (it is
most of the cost at 100k files: see docs/performance.md). A file whose mtime is within two
seconds of when it was indexed is "racy" (a same-size edit could hide inside one clock tick, as git knows
well): it is re-read and its hash compared until it is old enough to trust.

When `cop watch` runs, its token (asked for before the sweep, stored with the fingerprint) tells the next
command that no record file changed since, and the sweep itself is skipped (docs/watch.md).

A refresh writes only the rows of the files that changed, in one SQLite transaction (`tables.py`); a
refresh that changed the entry table also saves the newest entries to `.cop/recent.json` (`recent.py`).
A build from nothing (`cop reindex`, a new clone) commits in chunks instead, with the files parsed in
worker processes when there are thousands (`parsing.py`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cop.store.index import recent
from cop.store.index.rows import EntryRows, RecordRow
from cop.store.index.search import FileState, SearchDB
from cop.store.index.sweep import RACY_NS, differs, fingerprint, scan, stat_paths
from cop.store.records import files
from cop.store.watch import client as watch

if TYPE_CHECKING:  # imported when files are read (a fresh index's commands never do)
    from cop.store.index import parsing
    from cop.store.index.parsing import Parser

INDEX_VERSION = 3  # 3: SQLite holds every record (TinyDB's index.json is gone)
TABLES = ("community", "member", "entry", "mentorship")
#: a build commits every this many files: its memory stays flat and a killed build keeps its work
BUILD_CHUNK = 2000
#: a refresh of this many files or more gets a bigger page cache while it writes (`Index._page_cache`)
BIG_REFRESH = 200


@dataclass(frozen=True)
class Problem:
    """A file cop could not use, with the one-line reason (it names the file and line)."""

    path: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class RefreshReport:
    """What a refresh changed: repo-relative paths."""

    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed)


@dataclass
class _Batch:
    """The rows of one write: ledger states, entries' and other records' rows, and the paths whose
    old rows go."""

    states: list[tuple[str, FileState]] = field(default_factory=list)
    texts: list[EntryRows] = field(default_factory=list)
    others: list[RecordRow] = field(default_factory=list)
    unindexed: list[str] = field(default_factory=list)

    def add(self, read: parsing.Read, report: RefreshReport, changed: bool = True) -> None:
        """A file read and parsed (or failed to parse): its new rows replace its old ones (`changed`:
        reported as changed)."""
        assert read.state is not None
        self.unindexed.append(read.path)
        if read.error is not None:
            self.states.append((read.path, read.state._replace(error=read.error)))
            return
        self.states.append((read.path, read.state))
        if isinstance(read.rows, EntryRows):
            self.texts.append(read.rows)
        elif read.rows is not None:
            self.others.append(read.rows)
        if changed:
            report.changed.append(read.path)


class Index:
    """The SQLite ledger, record tables and search of `.cop/search.sqlite`, refreshed from the files."""

    def __init__(self, root: Path, parse: Parser) -> None:
        self.root = root
        self.cache = files.cache_dir(root)  # refuses a `.cop` symlink: the cache never leaves the repo
        self._parse = parse
        self._search: SearchDB | None = None

    @property
    def search_db(self) -> SearchDB:
        if self._search is None:
            files.cache_dir(self.root, create=True)
            self._search = SearchDB(self.cache / "search.sqlite")
        return self._search

    def built(self) -> bool:
        """Whether the cache has been built (it may still be stale)."""
        return (self.cache / "search.sqlite").exists() and self.search_db.is_built()

    def close(self) -> None:
        if self._search is not None:
            self._search.close()
            self._search = None

    # -- freshness ---------------------------------------------------------------------------------
    def refresh(
        self, *, full: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> RefreshReport:
        """Bring the index up to date with the files; cheap when nothing changed."""
        found: dict[str, tuple[int, int]] | None = None
        ledger: dict[str, FileState] | None = None
        version = -1
        # The watcher's answer comes first: a change after this moment moves the next token.
        stored = self.search_db.watch_token() if not full and self.built() else None
        answer = watch.changes(self.root, stored)
        watched = answer[0] if answer is not None else None
        if not full:
            if answer is not None and stored is not None and answer[1] is not None:
                if watched == stored:  # nothing changed since the stored sweep
                    return self._unchanged()
                report = self._refresh_named(answer[1], stored, watched, progress)
                if report is not None:
                    return report
            found = scan(self.root)
            digest = fingerprint(found)
            if self.search_db.snapshot() == digest and self.search_db.is_built():
                if watched is not None:
                    self._remember_token(digest, watched)
                return self._unchanged()
            version = self.search_db.data_version()
            ledger = self.search_db.ledger()
            if not differs(found, ledger) and self.search_db.is_built():
                with files.locked(self.cache / "lock"):  # so the ledger cannot move under the snapshot
                    if self.search_db.data_version() != version:
                        ledger = self.search_db.ledger()
                    self._remember(found, ledger, watched)
                self._ensure_recent()
                return RefreshReport(problems=self._problems(ledger))
        with files.locked(self.cache / "lock"):
            if full:
                self.search_db.clear()
            elif self.search_db.data_version() != version:
                # Another process indexed while we waited for the lock: the ledger we hold lacks its
                # writes (a newer or racy file state), and the ledger `_apply` remembers must be the
                # true one, so sweep and read again. Otherwise the sweep and ledger taken before the
                # lock still describe each other and are reused (at 100k files a sweep is ~0.4 s).
                found = ledger = None
            if found is None or ledger is None:
                found = scan(self.root)
                ledger = self.search_db.ledger()
            return self._apply(found, ledger, progress, watched)

    def _refresh_named(
        self,
        named: list[str],
        stored: str,
        watched: str | None,
        progress: Callable[[int, int], None] | None,
    ) -> RefreshReport | None:
        """Refresh from the paths the watcher named as changed since the stored token, stat-ing and
        comparing those alone (and every file of a folder it names); None when another process wrote
        the index meanwhile (the caller then sweeps).

        Why that is enough: the stored token was taken before the refresh that wrote the ledger read
        any file, so the ledger is exact for every file without an event since, racy ones included (a
        same-size edit within a clock tick is an event too). The paths named are compared as a sweep
        would compare them (a racy one re-read and its hash checked), and the new token stored."""
        found, folders = stat_paths(self.root, named)
        with files.locked(self.cache / "lock"):
            if self.search_db.watch_token() != stored:  # written since we asked (every write clears it)
                return None
            ledger = self.search_db.ledger_of(named, folders)
            return self._apply(found, ledger, progress, watched, partial=True)

    def _unchanged(self) -> RefreshReport:
        """The report of a refresh that found nothing to do (the ledger is not even read)."""
        self._ensure_recent()
        return RefreshReport(problems=[Problem(p, e) for p, e in self.search_db.errors()])

    def _apply(
        self,
        found: dict[str, tuple[int, int]],
        ledger: dict[str, FileState],
        progress: Callable[[int, int], None] | None,
        watched: str | None = None,
        partial: bool = False,
    ) -> RefreshReport:
        """Index the files that differ from the ledger. A refresh writes them in one transaction. A
        build (no complete index yet: the first, or `reindex`) commits every `BUILD_CHUNK` files and
        makes the secondary indexes once at the end, so its memory stays flat, and a build that is
        killed keeps what it committed: the next refresh indexes only the files its ledger lacks.
        `partial`: `found` and `ledger` hold only the paths the watcher named (and their rows)."""
        from cop.store.index import parsing

        report = RefreshReport()
        removed = [p for p in ledger if p not in found]
        tasks: list[tuple[str, str | None]] = []  # (path, the hash it had) of each file to read
        for path, (mtime, size) in found.items():
            old = ledger.get(path)
            if old is None:
                tasks.append((path, None))
            elif old.mtime != mtime or old.size != size or old.seen - mtime < RACY_NS:
                tasks.append((path, old.hash))
        building = not self.search_db.is_built()
        self.search_db.cpus = parsing.workers()
        written: list[tuple[str, FileState]] = []  # every ledger row written, for the ledger in memory
        wrote_entries = False

        def write(batch: _Batch, gone: list[str], complete: bool) -> None:
            nonlocal wrote_entries
            unindexed = batch.unindexed + gone
            fresh = not any(p in ledger for p in unindexed)
            moved = self.search_db.apply(
                batch.states, gone, batch.texts, unindexed, batch.others, fresh, complete, texts_gone
            )
            written.extend(batch.states)
            wrote_entries = wrote_entries or moved  # not when only bodies changed: the same meta rows

        batch = _Batch()
        known: set[str] | None = None
        recheck = [path for path, old_hash in tasks if old_hash is not None]
        settings: contextlib.AbstractContextManager[None] = self.search_db.bulk(
            defer_indexes=len(tasks) > BUILD_CHUNK
        )
        if not building:  # a refresh of many files: room for the pages of the indexes it moves
            settings = self._page_cache() if len(tasks) >= BIG_REFRESH else contextlib.nullcontext()
        # A refresh of many indexed files parses them beside this thread's deleting their full text
        texts_gone = not building and len(recheck) >= BIG_REFRESH
        with settings:
            if texts_gone:
                reads: Iterable[parsing.Read] = self._read_beside(tasks, recheck)
            else:
                reads = parsing.read_all(self.root, tasks, self._parse)
            for number, read in enumerate(reads, 1):
                if progress:
                    progress(number, len(tasks))
                old = ledger.get(read.path)
                if read.state is not None and old is not None and old.hash == read.state.hash:
                    if old.error is not None:  # still the same broken file
                        batch.states.append((read.path, read.state._replace(error=old.error)))
                        continue
                    if known is None:  # once per refresh, not a lookup per racy file
                        known = self.search_db.indexed_among(recheck)
                    if texts_gone and read.kind == "entry":  # unchanged, but its text is gone: again
                        batch.add(read, report, changed=read.path not in known)
                        continue
                    if read.path in known:  # racy but unchanged: trusted from now on
                        batch.states.append((read.path, read.state))
                        continue
                    read = parsing.read_one(self.root, read.path, self._parse)  # its rows are missing
                if read.state is None:  # vanished since the sweep
                    removed.append(read.path)
                    continue
                batch.add(read, report)
                if building and len(batch.states) >= BUILD_CHUNK:
                    write(batch, [], complete=False)
                    batch = _Batch()
            write(batch, removed, complete=True)
        report.removed = removed
        if wrote_entries or any(p.startswith("entries/") for p in removed) or not recent.exists(self.cache):
            self._write_recent()
        if partial:  # the ledger now holds what the files say as of the token: store it, no fingerprint
            report.problems = [Problem(p, e) for p, e in self.search_db.errors()]
            self.search_db.set_snapshot(None, watched)
            return report
        ledger = dict(ledger)  # what `apply` just wrote, without reading 100k rows back
        for path in removed:
            ledger.pop(path, None)
        ledger.update(written)
        report.problems = self._problems(ledger)
        self._remember(found, ledger, watched)
        return report

    def _read_beside(self, tasks: list[tuple[str, str | None]], indexed: list[str]) -> list[parsing.Read]:
        """Every file of `tasks` read and parsed (hash or not: the text of each is written again) in a
        thread, while this one deletes the full text of the entries among `indexed`, in the transaction
        `apply` then commits. FTS5 tokenizes each deleted text again, in C, with Python's lock
        released, so the two run side by side: at 10k entries a 1,000-file pull spends ~150-250 ms
        on each."""
        import threading

        from cop.store.index import parsing

        found: list[parsing.Read] = []
        failed: list[BaseException] = []

        def read() -> None:
            try:
                found.extend(parsing.read_all(self.root, [(path, None) for path, _ in tasks], self._parse))
            except BaseException as error:  # raised below, in the caller's thread
                failed.append(error)

        reader = threading.Thread(target=read, name="cop-refresh-read", daemon=True)
        reader.start()
        try:
            self.search_db.drop_texts(indexed)
        finally:
            reader.join()
            if failed:
                self.search_db.conn.rollback()
        if failed:
            raise failed[0]
        return found

    @contextlib.contextmanager
    def _page_cache(self) -> Iterator[None]:
        """SQLite's page cache at 64 MiB instead of 2 while a refresh writes many files: each changed
        entry moves rows in ~15 B-trees (meta's indexes, tags, full text, the evidence's three), and
        at 100k entries 2 MiB holds few of their pages (a 1,000-file refresh: ~8% less CPU)."""
        conn = self.search_db.conn
        previous = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        conn.execute("PRAGMA cache_size = -65536")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {previous}")

    def _remember(
        self, found: dict[str, tuple[int, int]], ledger: dict[str, FileState], watched: str | None
    ) -> None:
        """Store the sweep's fingerprint when the ledger matches it and holds no racy file (caller holds
        the lock): without a watcher, a racy file must be re-checked by the slow path until it is old
        enough to trust. The watcher's token, taken before the sweep, is stored either way: any write
        after it, a same-size one within a clock tick included, is an event the watcher names."""
        self.search_db.set_snapshot(None if differs(found, ledger) else fingerprint(found), watched)

    def _remember_token(self, digest: str, watched: str) -> None:
        """Pair a new watcher token with the stored fingerprint its sweep just matched, so the next
        command skips the sweep; unless another process wrote the ledger meanwhile (then it clears the
        snapshot, and the next command sweeps)."""
        if self.search_db.watch_token() == watched:
            return
        with files.locked(self.cache / "lock"):
            if self.search_db.snapshot() == digest:
                self.search_db.set_snapshot(digest, watched)

    def add_written(self, written: list[tuple[str, bytes, str, dict[str, Any], str]]) -> None:
        """Index files this process has just written (path, bytes, record type, index document, body),
        without reading or parsing them again (an import indexes as it goes). Their ledger rows hold
        what was written; a file changed since is caught by the next sweep (its size or mtime moved)
        or, within the racy window, by its hash."""
        states: list[tuple[str, FileState]] = []
        entries: list[tuple[str, dict[str, Any], str]] = []
        others: list[tuple[str, str, dict[str, Any]]] = []
        from cop.store.index import parsing

        now = time.time_ns()
        for path, data, kind, document, body in written:
            try:
                st = os.stat(self.root / path)
            except OSError:
                continue  # gone already: the next refresh says so
            states.append((path, FileState(st.st_mtime_ns, st.st_size, now, parsing.digest(data), None)))
            if kind == "entry":
                entries.append((path, document, body))
            else:
                others.append((path, kind, document))
        with files.locked(self.cache / "lock"):
            self.search_db.apply(states, [], entries, [p for p, _ in states], others)
            if entries:
                self._write_recent()

    @contextlib.contextmanager
    def building(self) -> Iterator[None]:
        """Index the block's `add_written` batches as one build when the index holds no file yet (an
        import into a new repo: `RecordTables.building`), else as usual."""
        from cop.store.index import parsing

        self.search_db.cpus = parsing.workers()
        with self.search_db.building():
            yield

    def _write_recent(self) -> None:
        """Rewrite `recent.json` from the entry table (caller holds the lock, so it matches the index)."""
        recent.write(self.cache, self.search_db.newest_entries(recent.KEEP), INDEX_VERSION)

    def _ensure_recent(self) -> None:
        """Write `recent.json` when an index exists without one (built by an older cop, or deleted)."""
        if not recent.exists(self.cache) and self.built():
            with files.locked(self.cache / "lock"):
                self._write_recent()

    @staticmethod
    def _problems(ledger: dict[str, FileState]) -> list[Problem]:
        failed = sorted((path, s.error) for path, s in ledger.items() if s.error)
        return [Problem(path, error) for path, error in failed]
