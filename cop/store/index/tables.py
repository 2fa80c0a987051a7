"""The record tables of `.cop/search.sqlite`: what every list, filter, count and lookup reads.

Entries live in `meta` (one row each: the index fields as columns, with indexes, and the whole front
matter as a JSON document in `doc`, so a list never opens a file; bodies stay in their files, only their
words are in `fts`), their tags in `tags` (one row per tag, indexed), and communities, members,
mentorships, events and projects in `records` (small documents: one table and one JSON column each is
simpler than a table per type, with the few columns their lists filter and sort on: `rows.py`).
`apply` writes a refresh's changed rows, and only those, in one transaction, with the evidence of who
knows what they give (`evidence.py`).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from cop.domain.filters import EntryFilter
from cop.store.index import evidence, links, reports
from cop.store.index.builds import Builds
from cop.store.index.query import common_tags, entry_where, order_by, position_condition, sort_key
from cop.store.index.rows import (
    Document,
    EntryInput,
    EntryRows,
    RecordInput,
    RecordRow,
    entry_rows,
    record_row,
)


class FileState(NamedTuple):
    """What the ledger knows of one record file (a tuple: a refresh at 100k files reads 100k)."""

    mtime: int
    size: int
    seen: int
    hash: str
    error: str | None


def _in_ledger(cur: sqlite3.Cursor, paths: list[str]) -> bool:
    """Whether any of these files has a ledger row (looked up by its key, some hundreds at a time)."""
    for start in range(0, len(paths), 500):
        chunk = paths[start : start + 500]
        sql = f"SELECT 1 FROM files WHERE path IN ({', '.join('?' * len(chunk))}) LIMIT 1"
        if cur.execute(sql, chunk).fetchone() is not None:
            return True
    return False


def _same_meta(cur: sqlite3.Cursor, rows: list[EntryRows]) -> dict[str, int]:
    """path -> rowid of each of these entries whose `meta` row already holds exactly the columns it
    would be written with (its front matter is unchanged: a body edited, as most of a `git pull` is).
    Its meta and tags rows, evidence and report rows stay; only its text and links are written again."""
    kept: dict[str, int] = {}
    new = {r.path: r.meta for r in rows}
    paths = list(new)
    for start in range(0, len(paths), 500):
        chunk = paths[start : start + 500]
        found = cur.execute(
            "SELECT rowid, path, id, community, kind, status, author, updated, created, title, tags,"
            " question, modified, title_key, endorsements, doc FROM meta"
            f" WHERE path IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        kept.update((old[1], old[0]) for old in found if tuple(old[1:]) == new[old[1]])
    return kept


def _delete_texts(cur: sqlite3.Cursor, paths: list[str]) -> None:
    """Delete the full text of the entries at these paths in one statement (Python's lock stays
    released while it runs: `drop_texts`), which deletes in the order of their rowids (SQLite walks an
    `IN (SELECT …)` list sorted): one by one in the order given, FTS5 wrote a segment at each rowid
    below the one before (1,000 scattered entries: ~240 ms, ~50-70 ms in order)."""
    cur.execute(
        "DELETE FROM fts WHERE rowid IN"
        " (SELECT m.rowid FROM json_each(?) p CROSS JOIN meta m ON m.path = p.value)",
        (json.dumps(paths),),
    )


def _rewrite_text(cur: sqlite3.Cursor, rows: list[tuple[int, EntryRows]], gone: bool) -> None:
    """Write the full text and links of entries kept in `meta` (rowid, rows) in place of their old
    (`gone`: their old text is deleted already, `drop_texts`), in the order of their rowids: FTS5
    writes its pending terms out as a new segment whenever a rowid is not above the one before, so
    the 1,000 texts of a pull in the watcher's order took ~160 ms to insert, ~45 ms in order."""
    rows = sorted(rows, key=lambda row: row[0])
    if not gone:
        cur.executemany("DELETE FROM fts WHERE rowid = ?", [(rowid,) for rowid, _ in rows])
    cur.executemany(
        "INSERT INTO fts(rowid, title, tags, body) VALUES (?, ?, ?, ?)",
        [(rowid, *r.text) for rowid, r in rows],
    )
    links.drop(cur, [(r.path,) for _, r in rows])
    links.insert(cur, [(r.path, *link) for _, r in rows for link in r.links])


class RecordTables(Builds):
    """Writing and querying the record tables (mixed into `SearchDB`, which owns `conn`); how a whole
    index is written (a build) is `Builds`."""

    # -- writing -----------------------------------------------------------------------------------
    def apply(
        self,
        files: Iterable[tuple[str, FileState]],
        removed: Iterable[str],
        entries: Iterable[EntryInput],
        unindexed: Iterable[str],
        others: Iterable[RecordInput] = (),
        fresh: bool | None = None,
        complete: bool = True,
        texts_gone: bool = False,
    ) -> bool:
        """Record file states, drop the rows of vanished or changed files (`unindexed`), and write the
        new rows of entries (path, document, body, or `EntryRows`) and other records (path, type,
        document, or a `RecordRow`): one
        transaction, so a reader sees the old index or the new one, and a kill leaves the old.
        `fresh` says none of `unindexed` has rows (None: none is in the ledger), so there is
        nothing to look up and drop; `complete=False` writes one chunk of a build, which is not yet
        marked built. `texts_gone`: `drop_texts` deleted the full text of every entry among `unindexed` in
        the transaction this commits. Returns whether it wrote or dropped any entry's `meta` row
        (`recent.json` moves)."""
        first = not self._bulk and self.conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None
        with self.bulk() if first else contextlib.nullcontext():  # a build from nothing
            return self._apply(files, removed, entries, unindexed, others, fresh, complete, texts_gone)

    def _apply(
        self,
        files: Iterable[tuple[str, FileState]],
        removed: Iterable[str],
        entries: Iterable[EntryInput],
        unindexed: Iterable[str],
        others: Iterable[RecordInput],
        fresh: bool | None,
        complete: bool,
        texts_gone: bool = False,
    ) -> bool:
        moved = False
        with self.conn:
            cur = self.conn.cursor()
            dropping = list(unindexed)
            if fresh is None:  # a file's rows are kept only with its ledger row
                fresh = not _in_ledger(cur, dropping)
            cur.execute("DELETE FROM snapshot")
            cur.execute("DELETE FROM watch")
            cur.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in removed])
            questions: list[str] = []  # questions written or dropped: their answers' evidence moves
            rows = [e if isinstance(e, EntryRows) else entry_rows(*e) for e in entries]
            kept: dict[str, int] = {}  # path -> rowid of each entry whose front matter is unchanged
            if not fresh:  # new files have nothing to drop: skip 5 deletes a file
                kept = _same_meta(cur, rows)
                dropping = [p for p in dropping if p not in kept]
                if not self._deferring:
                    questions = evidence.forget(cur, dropping)
                    reports.forget(cur, dropping)
                moved = self._drop(cur, dropping)
            cur.executemany(
                "INSERT OR REPLACE INTO files(path, mtime, size, seen, hash, error)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(p, s.mtime, s.size, s.seen, s.hash, s.error) for p, s in files],
            )
            if kept:
                _rewrite_text(cur, [(kept[r.path], r) for r in rows if r.path in kept], texts_gone)
                rows = [r for r in rows if r.path not in kept]
            self._insert_entries(cur, rows)  # each in `unindexed`: its old rows are gone
            written = [r.path for r in rows]
            questions += [str(r.meta[1]) for r in rows if r.meta[3] == "question"]
            records = [r if isinstance(r, RecordRow) else record_row(*r) for r in others]
            cur.executemany(
                "INSERT OR REPLACE INTO records(path, type, key, doc, community, status, starts, ends)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                records,
            )
            if self._deferring:  # `derive` looks up by the indexes made at the end: derived then
                evidence.mark_stale(cur)
                reports.mark_stale(cur)
                self._built_pending = self._built_pending or complete
            else:
                evidence.derive(cur, written, questions)
                reports.derive(cur, written, [r.key for r in records if r.type == "member"])
                if complete:
                    cur.execute("INSERT OR IGNORE INTO built(one) VALUES (1)")
        return moved or bool(rows)

    @staticmethod
    def _insert_entries(cur: sqlite3.Cursor, rows: list[EntryRows]) -> None:
        """Insert these entries' rows: one statement per table, the rowids numbered on from the
        largest (as SQLite would number them row by row)."""
        if not rows:
            return
        first = int(cur.execute("SELECT coalesce(max(rowid), 0) FROM meta").fetchone()[0]) + 1
        numbered = list(enumerate(rows, first))
        cur.executemany(
            "INSERT INTO meta(rowid, path, id, community, kind, status, author, updated, created, title,"
            " tags, question, modified, title_key, endorsements, doc)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(rowid, *r.meta) for rowid, r in numbered],
        )
        cur.executemany(
            "INSERT OR IGNORE INTO tags(tag, entry) VALUES (?, ?)",
            [(tag, rowid) for rowid, r in numbered for tag in r.tags],
        )
        cur.executemany(
            "INSERT INTO fts(rowid, title, tags, body) VALUES (?, ?, ?, ?)",
            [(rowid, *r.text) for rowid, r in numbered],
        )
        links.insert(cur, [(r.path, *link) for r in rows for link in r.links])

    def drop_texts(self, paths: Iterable[str]) -> None:
        """Delete the full text of the entries at these paths, leaving the transaction open for the
        `apply(texts_gone=True)` that writes them again (or for a rollback)."""
        _delete_texts(self.conn.cursor(), list(paths))

    @staticmethod
    def _drop(cur: sqlite3.Cursor, paths: Iterable[str]) -> bool:
        """Delete every row of these files (one statement per table for all of them); whether any
        held an entry."""
        rows = [(p,) for p in paths]
        entry = "(SELECT rowid FROM meta WHERE path = ?)"
        _delete_texts(cur, [p for (p,) in rows])
        cur.executemany(f"DELETE FROM tags WHERE entry = {entry}", rows)
        cur.executemany("DELETE FROM meta WHERE path = ?", rows)
        entries = cur.rowcount > 0  # summed over the rows
        cur.executemany("DELETE FROM records WHERE path = ?", rows)
        links.drop(cur, rows)
        return entries

    # -- entries -----------------------------------------------------------------------------------
    def entry_rows(
        self,
        where: EntryFilter,
        sort: str = "updated",
        limit: int | None = None,
        offset: int = 0,
        reverse: bool = False,
    ) -> Iterator[tuple[str, Document]]:
        """(path, document) of the entries matching `where`, in `sort` order (`reverse`: the other way
        round), `limit` of them from `offset` (one indexed query; the documents are fresh copies)."""
        common = common_tags(self.conn, where.tags, limit + offset) if limit is not None else ()
        clause, args = entry_where(where, common)
        order = order_by(sort, reverse)
        sql = f"SELECT m.path, m.doc FROM meta m WHERE {clause} ORDER BY {order}"
        if limit is not None or offset:  # the page's rows found over the indexes, then only their
            # documents read: 2-5x faster deep in a list (at 100k, OFFSET 20000 with a tag: 345 -> 72 ms)
            page = f"SELECT m.rowid FROM meta m WHERE {clause} ORDER BY {order} LIMIT ? OFFSET ?"
            sql = f"SELECT m.path, m.doc FROM meta m WHERE m.rowid IN ({page}) ORDER BY {order}"
            args = [*args, -1 if limit is None else limit, offset]
        loads = json.loads
        for path, doc in self.conn.execute(sql, args):
            yield path, loads(doc)

    def entry_count(self, where: EntryFilter) -> int:
        """How many entries match `where` (a count over the indexes; no document is read)."""
        clause, args = entry_where(where)
        return int(self.conn.execute(f"SELECT count(*) FROM meta m WHERE {clause}", args).fetchone()[0])

    def entry_position(
        self, entry_id: str, where: EntryFilter, sort: str, reverse: bool = False
    ) -> int | None:
        """How many entries come before `entry_id` in `entry_rows(where, sort, reverse=reverse)`, None
        when it is not among them: its sort key, then one count over the rows before it."""
        clause, args = entry_where(where)
        key = self.conn.execute(
            f"SELECT {sort_key(sort)} FROM meta m WHERE m.id = ? AND {clause} LIMIT 1", [entry_id, *args]
        ).fetchone()
        if key is None:
            return None
        condition = position_condition(sort, reverse)
        sql = f"SELECT count(*) FROM meta m WHERE {clause} AND {condition}"
        return int(self.conn.execute(sql, [*args, *key]).fetchone()[0])

    def tag_counts(self, community: str | None = None) -> list[tuple[str, int]]:
        """Tags with the number of entries carrying each, most used first, then A-Z."""
        if community:
            sql = (
                "SELECT t.tag, count(*) AS n FROM tags t JOIN meta m ON m.rowid = t.entry"
                " WHERE m.community = ? GROUP BY t.tag ORDER BY n DESC, t.tag"
            )
            return self.conn.execute(sql, (community,)).fetchall()
        return self.conn.execute(
            "SELECT tag, count(*) AS n FROM tags GROUP BY tag ORDER BY n DESC, tag"
        ).fetchall()

    def newest_entries(self, limit: int) -> list[tuple[str, Document]]:
        """(path, document) of the newest `limit` entries (for `.cop/recent.json`)."""
        rows = self.conn.execute(
            "SELECT path, doc FROM meta m ORDER BY m.updated DESC, m.id DESC LIMIT ?", (limit,)
        )
        return [(path, json.loads(doc)) for path, doc in rows]

    # -- communities, members, mentorships -----------------------------------------------------------
    def record_rows(self, kind: str) -> list[tuple[str, Document]]:
        """(path, document) of every record of a type, by key."""
        rows = self.conn.execute("SELECT path, doc FROM records WHERE type = ? ORDER BY key, path", (kind,))
        return [(path, json.loads(doc)) for path, doc in rows]

    def record_keys(self, kind: str, prefix: str) -> list[tuple[str, str]]:
        """(key, path) of records of a type whose key starts with `prefix` (an index range scan)."""
        return self.conn.execute(
            "SELECT key, path FROM records WHERE type = ? AND key >= ? AND key < ? ORDER BY key, path",
            (kind, prefix, prefix + "\x7f"),
        ).fetchall()
