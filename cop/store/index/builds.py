"""How a whole index is written, a build (`cop reindex`, a first command, an import into a new repo):
the settings it writes under, its secondary indexes put off and made once at the end, and the
evidence and report tables derived once from every entry (mixed into `RecordTables`).

A build's end at 100k entries (`benchmarks/notes.md`, ninth session): the indexes the derivations
look up by are made first (~0.3 s); then a second connection derives the report tables (`beside.py`,
~3-4 s) while this one makes the other indexes (~2.2 s) and derives the evidence (~3 s); then the
report tables are copied in (~1-1.5 s). About 6 s in all; ~10 s one step after another.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from cop.store.index import evidence, reports

if TYPE_CHECKING:
    from pathlib import Path

#: the indexes the evidence and report derivations look up by, made first at a build's end: with these
#: alone they take as long as with every index (~3 s each at 100k)
DERIVE_INDEXES = frozenset({"meta_id", "meta_question", "tags_entry", "records_key"})


class Builds:
    """A build's settings, deferred indexes and derivations, over `conn` (the index's writer)."""

    conn: sqlite3.Connection
    path: Path
    #: how many CPUs a build may use (the index sets it before it builds: `parsing.workers`); with more
    #: than one, the report tables are derived beside the evidence at a build's end (`beside.py`)
    cpus = 1
    _bulk = False
    _deferring = False  # a build without the secondary indexes: the evidence table waits for them
    _built_pending = False  # such a build wrote its last chunk: built once the evidence is derived

    @contextlib.contextmanager
    def bulk(self, *, defer_indexes: bool = False) -> Iterator[None]:
        """Settings for writing a whole index: no WAL syncs (a crash loses only a cache, and a damaged
        one is rebuilt), room in memory for FTS5's segment merges, and with `defer_indexes` the
        secondary indexes of the record tables dropped, then made once at the end: sorting each key
        once costs far less than keeping seven B-trees in step row by row (a third of a 100k build,
        docs/performance.md). A build killed meanwhile gets them back from the build that completes
        it (the next refresh: the index is not marked built), at its start when it writes with them,
        at its end when it too defers them."""
        if self._bulk:
            yield
            return
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("PRAGMA cache_size = -65536")
        deferred: list[tuple[str, str]] = []
        if not defer_indexes:  # it may complete a killed build: the indexes that one put off, first
            self._make_schema()
        else:
            deferred = self.conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                " AND tbl_name IN ('meta', 'tags', 'links', 'records')"
            ).fetchall()
            for name, _sql in deferred:
                self.conn.execute(f'DROP INDEX IF EXISTS "{name}"')
            self._fts_merges(16, 64)  # while every row is new: fewer, bigger merges (~20% less FTS CPU)
        self._bulk = True
        self._deferring = defer_indexes
        done = False
        try:
            yield
            done = True
        finally:
            self._bulk = self._deferring = False
            settle = defer_indexes and done  # the derivations start once the indexes they need are made
            first = [sql for name, sql in deferred if not settle or name in DERIVE_INDEXES]
            later = [sql for name, sql in deferred if settle and name not in DERIVE_INDEXES]
            for sql in first:
                self._make_index(sql)
            if settle:
                self._settle_evidence(later)
            elif defer_indexes:  # those a killed build or import had put off, which it did not find
                self._make_schema()
            if defer_indexes:
                self._fts_merges(4, 16)  # FTS5's own, for the refreshes that follow
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA cache_size = -2000")

    @contextlib.contextmanager
    def building(self) -> Iterator[None]:
        """Write the block's batches (`apply`) as one build when the index holds no file yet (an
        import into a new repo): the secondary indexes made and the evidence and report tables
        derived once at the end, as `bulk(defer_indexes=True)` does, instead of kept in step batch by
        batch. Until then the index is not marked built, so after a kill the next refresh is a build
        that completes it. Otherwise the block writes as usual."""
        if self._bulk or self.conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is not None:
            yield
            return
        with self.conn:
            self.conn.execute("DELETE FROM built")
        with self.bulk(defer_indexes=True):
            yield

    def _make_index(self, sql: str) -> None:
        """Make a deferred index again (another process may have made it meanwhile, on opening)."""
        self.conn.execute(re.sub(r"^CREATE (UNIQUE )?INDEX ", r"CREATE \1INDEX IF NOT EXISTS ", sql))

    def _has_indexes(self, names: Iterable[str]) -> bool:
        wanted = sorted(names)
        marks = ", ".join("?" * len(wanted))
        query = f"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ({marks})"
        return int(self.conn.execute(query, wanted).fetchone()[0]) == len(wanted)

    def _make_schema(self) -> None:
        """Make whatever tables and indexes are missing (`SearchDB` has the schema)."""
        raise NotImplementedError

    def _fts_merges(self, automerge: int, crisismerge: int) -> None:
        """How many FTS5 segments of a size wait before they are merged (automerge) and how many force
        a merge at once (crisismerge). A whole build with 16 and 64 takes ~8 s of FTS CPU at 100k
        instead of ~9.7 s, and searches the index it leaves as fast (docs/performance.md)."""
        with self.conn:
            for name, value in (("automerge", automerge), ("crisismerge", crisismerge)):
                self.conn.execute("INSERT INTO fts(fts, rank) VALUES (?, ?)", (name, value))

    def _settle_evidence(self, later: list[str]) -> None:
        """After a build without the secondary indexes, with those the derivations look up by made:
        derive the evidence and report tables whole, then mark the index built if the build was
        complete (killed before, the next refresh is still a build and derives them). With a second
        CPU the report tables are derived in a second connection (`beside.py`) while this one makes
        the `later` indexes and derives the evidence; at 100k the indexes take ~2.2 s of the ~2.5."""
        from cop.store.index import beside

        if not self._has_indexes(DERIVE_INDEXES):  # a killed build had put them off, and they were not
            self._make_schema()  # found when this one started
        side = None
        if self.cpus > 1:
            with contextlib.suppress(OSError):  # no scratch database here: derived one after the other
                side = beside.Reports(self.path).start()
        for sql in later:
            self._make_index(sql)
        self._make_schema()  # and those a killed build or import had put off, which it did not find
        with self.conn:
            evidence.derive(self.conn.cursor(), ())
        if side is None or not side.copy_into(self.conn):
            with self.conn:
                reports.derive(self.conn.cursor(), ())
        with self.conn:
            if self._built_pending:
                self.conn.execute("INSERT OR IGNORE INTO built(one) VALUES (1)")
        self._built_pending = False
