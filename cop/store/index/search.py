"""The cache in `.cop/search.sqlite`: the file ledger (what was indexed, at which size/mtime), the record
tables every query is answered from (`tables.py`) and FTS5 search.

SQLite comes with Python and answers a full-text query in ~1-3 ms at any size we measured
(../shared/research/perf-baseline.md); an entry list is `WHERE … ORDER BY … LIMIT` over indexes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cop.domain.errors import UsageError
from cop.domain.filters import HIGHLIGHT_END, HIGHLIGHT_START, SearchRow
from cop.store.index import evidence, links, reports
from cop.store.index.rows import MAX_INDEXED_CHARS, indexed_text
from cop.store.index.tables import FileState, RecordTables

__all__ = ["MAX_INDEXED_CHARS", "FileState", "SearchDB", "indexed_text", "match_expression"]

SCHEMA_VERSION = 14  # 3: meta.question; 4: bodies indexed up to MAX_INDEXED_CHARS; 5: every record here;
# 6: records.community/status/starts/ends (events and projects listed in SQL); 7: the evidence table;
# 8: the report tables (reports.py); 9: their knowledge-risk tables (knowledge.py);
# 10-11: their events' tables (attendance.py); 12: report_pairs_asker (the digest);
# 13: report_questions' indexes of waits and of the unanswered (the median and oldest by LIMIT)
_SCHEMA = f"""
PRAGMA user_version = {SCHEMA_VERSION};
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, mtime INTEGER, size INTEGER, seen INTEGER, hash TEXT, error TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta(
    rowid INTEGER PRIMARY KEY, path TEXT UNIQUE, id TEXT, community TEXT, kind TEXT,
    status TEXT, author TEXT, updated TEXT, created TEXT, title TEXT, tags TEXT, question TEXT,
    modified TEXT, title_key TEXT, endorsements INTEGER, doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tags(tag TEXT NOT NULL, entry INTEGER NOT NULL, PRIMARY KEY (tag, entry))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records(
    path TEXT PRIMARY KEY, type TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,
    community TEXT, status TEXT, starts TEXT, ends TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS built(one INTEGER PRIMARY KEY CHECK (one = 1));
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, tags, body, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS snapshot(one INTEGER PRIMARY KEY CHECK (one = 1), digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS watch(one INTEGER PRIMARY KEY CHECK (one = 1), token TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS meta_id ON meta(id);
CREATE INDEX IF NOT EXISTS meta_question ON meta(question) WHERE question IS NOT NULL;
CREATE INDEX IF NOT EXISTS meta_updated ON meta(updated, id);
CREATE INDEX IF NOT EXISTS meta_created ON meta(created, id);
CREATE INDEX IF NOT EXISTS meta_title ON meta(title_key, id);
CREATE INDEX IF NOT EXISTS meta_community ON meta(community, kind, updated, id);
CREATE INDEX IF NOT EXISTS meta_author ON meta(author, updated);
-- the TUI's paged list (docs/tui.md): an index for each sort key (`query.SORT_COLUMNS`), holding the
-- title and tags too, so the filter box's words are matched in the index, never in the rows. Kind and
-- author sort COLLATE NOCASE (the same order: both are lower-case), so that `kind = ?` and `author = ?`
-- never pick these: led by kind itself, `cop list --kind question` sorted every question (0.2 -> 71 ms
-- at 100k). The two DROPs remove that first version, built only by unreleased trees.
DROP INDEX IF EXISTS meta_kind;
DROP INDEX IF EXISTS meta_author_title;
CREATE INDEX IF NOT EXISTS meta_text ON meta(updated, id, title_key, tags);
CREATE INDEX IF NOT EXISTS meta_kind_order ON meta(kind COLLATE NOCASE, title_key, id, tags);
CREATE INDEX IF NOT EXISTS meta_author_order ON meta(author COLLATE NOCASE, title_key, id, tags);
CREATE INDEX IF NOT EXISTS meta_endorsed ON meta(endorsements, updated, id, title_key, tags);
-- insights (cop/store/index/insights.py) scan this instead of the rows and their documents
CREATE INDEX IF NOT EXISTS meta_scope ON meta(community, created, status, kind, author);
CREATE INDEX IF NOT EXISTS tags_entry ON tags(entry);
CREATE INDEX IF NOT EXISTS records_key ON records(type, key);
CREATE INDEX IF NOT EXISTS records_starts ON records(type, starts, key);
CREATE INDEX IF NOT EXISTS records_ends ON records(type, ends);
CREATE INDEX IF NOT EXISTS files_error ON files(path) WHERE error IS NOT NULL;
"""


def match_expression(query: str) -> str:
    """Turn what a person typed into a safe FTS5 expression: every word must match.

    Each word is quoted, so FTS5 operators and stray quotes in the input cannot cause a syntax error;
    a trailing `*` keeps its meaning (prefix search).
    """
    words = re.findall(r"[\w'’-]+\*?", query)
    terms = []
    for word in words:
        prefix = word.endswith("*")
        core = word.rstrip("*").strip("'’-").replace('"', '""')
        if core:
            terms.append(f'"{core}"' + ("*" if prefix else ""))
    if not terms:
        raise UsageError(f"nothing to search for in {query!r}: give at least one word")
    return " ".join(terms)


def search_candidates(limit: int) -> int:
    """How many of the best-scored matches a search of `limit` rows groups into threads first."""
    return max(400, 20 * limit)


def _complete(rows: list[tuple[Any, ...]], limit: int, candidates: int) -> bool:
    """Whether rows found among the `candidates` best-scored matches are the search's whole answer:
    every match was a candidate, or `limit` rows were found, none obsolete (obsolete threads sort
    last, after any thread left out), and the last scores better than the worst candidate (so every
    match left out, and every thread of them, scores worse than it)."""
    if not rows:  # none among them: the whole search says whether anything else matches
        return False
    if rows[0][13] < candidates:
        return True
    last = rows[-1]
    return len(rows) == limit and all(r[12] != "obsolete" for r in rows) and last[8] < last[14]


class SearchDB(RecordTables):
    """The ledger, record tables and full-text tables in `.cop/search.sqlite`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._open()
        except sqlite3.DatabaseError:  # not a database (damaged, or written by something else): rebuild
            self.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            self._open()

    def _open(self) -> None:
        self.conn = sqlite3.connect(self.path, timeout=30)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            self._drop_all()
            (self.path.parent / "index.json").unlink(missing_ok=True)  # the TinyDB index of cop < 5
        if version != SCHEMA_VERSION:  # the script writes (user_version), costing a WAL checkpoint at close
            script = _SCHEMA + links.SCHEMA + evidence.SCHEMA + reports.SCHEMA
            self.conn.executescript(f"BEGIN; {script} COMMIT;")  # one transaction: that version, those tables
        evidence.register(self.conn)

    def close(self) -> None:
        if getattr(self, "conn", None) is not None:
            self.conn.close()

    _TABLES = (
        "files",
        "meta",
        "tags",
        "records",
        "fts",
        "snapshot",
        "watch",
        "built",
        "links",
        *evidence.TABLES,
        *reports.TABLES,
    )

    def _drop_all(self) -> None:
        self.conn.executescript("".join(f"DROP TABLE IF EXISTS {t};" for t in self._TABLES))

    def clear(self) -> None:
        """Empty the database for a rebuild, then make its tables again: an empty database copied
        over it with SQLite's backup, one transaction that other connections see as any commit (the
        schema cookie moves). Dropping the tables walked every page onto the free list: ~4.7 s of CPU
        at 100k entries, before a rebuild could start; the copy takes ~0.1 s."""
        page_size = int(self.conn.execute("PRAGMA page_size").fetchone()[0])
        empty = sqlite3.connect(":memory:")
        try:
            empty.execute(f"PRAGMA page_size = {page_size}")  # a WAL database keeps its page size
            empty.backup(self.conn)
        finally:
            empty.close()
        self._make_schema()

    def _make_schema(self) -> None:
        self.conn.executescript(_SCHEMA + links.SCHEMA + evidence.SCHEMA + reports.SCHEMA)

    def is_built(self) -> bool:
        """Whether a refresh has ever completed into these tables (they may still be stale)."""
        return self.conn.execute("SELECT 1 FROM built").fetchone() is not None

    def snapshot(self) -> str | None:
        """The fingerprint of the record files' (mtime, size) when the ledger last matched them, if any.

        Equal to a fresh sweep's fingerprint means nothing changed: the no-change check then needs
        neither the ledger (100k rows) nor a per-file comparison. Any ledger write clears it.
        """
        row = self.conn.execute("SELECT digest FROM snapshot").fetchone()
        return row[0] if row else None

    def set_snapshot(self, digest: str | None, watch_token: str | None = None) -> None:
        """Store (or with None, forget) the sweep's fingerprint, and the `cop watch` token taken before
        that sweep (see `watch_token`)."""
        with self.conn:
            self.conn.execute("DELETE FROM snapshot")
            self.conn.execute("DELETE FROM watch")
            if digest is not None:
                self.conn.execute("INSERT INTO snapshot(one, digest) VALUES (1, ?)", (digest,))
            if watch_token is not None:  # also without a digest: a ledger with racy files (index.py)
                self.conn.execute("INSERT INTO watch(one, token) VALUES (1, ?)", (watch_token,))

    def watch_token(self) -> str | None:
        """The `cop watch` token (watcher instance and change count) asked for just before the sweep
        that the snapshot describes: the watcher answering the same token now means no record file has
        changed since, so not even the sweep is needed. Any ledger write clears it with the snapshot."""
        row = self.conn.execute("SELECT token FROM watch").fetchone()
        return row[0] if row else None

    def errors(self) -> list[tuple[str, str]]:
        """(path, error) of every file that failed to parse, by path (an index answers it)."""
        return self.conn.execute(
            "SELECT path, error FROM files WHERE error IS NOT NULL ORDER BY path"
        ).fetchall()

    def oversized(self, limit: int) -> list[tuple[str, int]]:
        """(path, size) of entry files larger than `limit` bytes, by path (from the ledger)."""
        return self.conn.execute(
            "SELECT path, size FROM files WHERE size > ? AND path LIKE 'entries/%' ORDER BY path",
            (limit,),
        ).fetchall()

    def entry_ids(self, prefix: str) -> list[tuple[str, str]]:
        """(id, path) of indexed entries whose id starts with `prefix` (an index range scan)."""
        return self.conn.execute(
            "SELECT id, path FROM meta WHERE id >= ? AND id < ? ORDER BY id, path", (prefix, prefix + "\x7f")
        ).fetchall()

    def community_counts(self) -> dict[str, int]:
        """Indexed entries per community slug (one GROUP BY; no record is built)."""
        return dict(self.conn.execute("SELECT community, count(*) FROM meta GROUP BY community").fetchall())

    def answer_paths(self, question_id: str) -> list[str]:
        """The files of the entries answering `question_id` (an index lookup, not a load of every
        entry document: reading a question at 100k entries would otherwise load all of TinyDB)."""
        rows = self.conn.execute("SELECT path FROM meta WHERE question = ? ORDER BY path", (question_id,))
        return [row[0] for row in rows]

    def data_version(self) -> int:
        """A number that changes when another connection commits (SQLite's `PRAGMA data_version`):
        equal readings mean what this connection read in between is still what the file holds."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def ledger(self) -> dict[str, FileState]:
        rows = self.conn.execute("SELECT path, mtime, size, seen, hash, error FROM files")
        state = FileState._make
        return {path: state(rest) for path, *rest in rows}

    def ledger_of(self, paths: Iterable[str], folders: Iterable[str] = ()) -> dict[str, FileState]:
        """The ledger rows of these paths and of every file under these folders (`entries/c/`): what a
        refresh told which paths changed compares, instead of all of them."""
        state = FileState._make
        found: dict[str, FileState] = {}
        listed = list(paths)
        for start in range(0, len(listed), 500):  # SQLite takes some hundreds of values per statement
            chunk = listed[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT path, mtime, size, seen, hash, error FROM files WHERE path IN ({marks})"
            found.update((path, state(rest)) for path, *rest in self.conn.execute(sql, chunk))
        for folder in folders:  # "entries/c/" up to "entries/c0" ("0" follows "/"): a range of the key
            sql = "SELECT path, mtime, size, seen, hash, error FROM files WHERE path >= ? AND path < ?"
            rows = self.conn.execute(sql, (folder, folder[:-1] + "0"))
            found.update((path, state(rest)) for path, *rest in rows)
        return found

    def indexed_among(self, paths: Iterable[str]) -> set[str]:
        """Which of these files hold an indexed record (of any type)."""
        listed = list(paths)
        found: set[str] = set()
        for start in range(0, len(listed), 500):
            chunk = listed[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            sql = (
                f"SELECT path FROM meta WHERE path IN ({marks})"
                f" UNION ALL SELECT path FROM records WHERE path IN ({marks})"
            )
            found.update(row[0] for row in self.conn.execute(sql, chunk + chunk))
        return found

    def search(
        self,
        query: str,
        *,
        community: str | None = None,
        kind: str | None = None,
        tags: Iterable[str] = (),
        author: str | None = None,
        status: str | None = None,
        since: str | None = None,
        limit: int | None = 20,
    ) -> list[SearchRow]:
        """Threads matching every word of `query`, best first (bm25: title > tags > body; obsolete
        last). A question and its answers are one hit, shown as the question, scored by its best
        matching member, with that member's snippet and the question's answer count; `kind="answer"`
        lists answers alone. Filters apply to the matching entries (`kind` to the hit shown)."""
        expression = match_expression(query)
        where: list[str] = []
        args: list[object] = []
        for column, value in (("community", community), ("author", author), ("status", status)):
            if value:
                where.append(f"m.{column} = ?")
                args.append(value)
        for tag in dict.fromkeys(tags):
            where.append("m.rowid IN (SELECT entry FROM tags WHERE tag = ?)")
            args.append(tag)
        if since:
            where.append("m.updated >= ?")
            args.append(since)
        try:
            if limit:
                # First only the best-scored matches: a common word matches most entries, and
                # grouping them all into threads was most of a search at 100k (docs/performance.md).
                candidates = search_candidates(limit)
                rows = self._threads(expression, where, args, kind, limit, candidates)
                if _complete(rows, limit, candidates):
                    return self._hits(expression, rows)
            rows = self._threads(expression, where, args, kind, limit, None)
            return self._hits(expression, rows)
        except sqlite3.OperationalError as error:
            raise UsageError(f"cannot search for {query!r}: {error}") from None

    def _threads(
        self,
        expression: str,
        where: list[str],
        args: list[object],
        kind: str | None,
        limit: int | None,
        candidates: int | None,
    ) -> list[tuple[Any, ...]]:
        """The result rows of a search, from every match or (`candidates`) from that many best-scored
        ones; each row ends with the number of candidates and the worst candidate's score."""
        threads = kind != "answer"
        head = "CASE WHEN m.kind = 'answer' AND m.question IS NOT NULL THEN m.question ELSE m.id END"
        score = "bm25(fts, 10.0, 5.0, 1.0)"
        values: list[object] = [expression]
        if candidates:
            matches = f"SELECT rowid, {score} AS score FROM fts WHERE fts MATCH ? ORDER BY score LIMIT ?"
            values.append(candidates)
        else:
            matches = f"SELECT rowid, {score} AS score FROM fts WHERE fts MATCH ?"
        # every match with its score (materialized: bm25 cannot run inside an aggregate), the
        # entries among them that pass the filters, then one row per thread: its best score and (a
        # bare column beside min()) the entry that scored it
        hits = (
            f"SELECT {head if threads else 'm.rowid'} AS head, c.score AS score, m.rowid AS rid"
            " FROM matches c JOIN meta m ON m.rowid = c.rowid"
            + (f" WHERE {' AND '.join(where)}" if where else "")
        )
        grouped = "SELECT head, min(score) AS score, rid FROM hits GROUP BY head"
        # the question by its id (`+` keeps SQLite off an index led by kind: a covering one made it scan
        # every question for each thread, 0.7 s for a rare word at 100k)
        shown = (
            "COALESCE((SELECT x.rowid FROM meta x WHERE x.id = g.head AND +x.kind = 'question' LIMIT 1),"
            " g.rid)"
            if threads
            else "g.rid"
        )
        sql = (
            f"WITH matches AS MATERIALIZED ({matches}), hits AS ({hits}) "
            "SELECT h.id, h.path, h.title, h.kind, h.community, h.author, h.updated, h.tags, g.score,"
            " g.rid, h.rowid, (SELECT id FROM meta WHERE rowid = g.rid), h.status,"
            " (SELECT count(*) FROM matches), (SELECT max(score) FROM matches)"
            f" FROM ({grouped}) g JOIN meta h ON h.rowid = {shown}"
        )
        values += args
        if kind:
            sql += " WHERE h.kind = ?"
            values.append(kind)
        sql += " ORDER BY h.status = 'obsolete', g.score, h.id"
        if limit:
            sql += " LIMIT ?"
            values.append(limit)
        return self.conn.execute(sql, values).fetchall()

    def _hits(self, expression: str, rows: list[tuple[Any, ...]]) -> list[SearchRow]:
        """The result rows with their snippets, asked only for the rows shown and in one statement
        (one per row ran the match again for each: ~17 of a rare word's 20 ms at 10k)."""
        snippets: dict[object, str] = {}
        for start in range(0, len(rows), 500):  # SQLite takes some hundreds of values per statement
            chunk = [r[9] for r in rows[start : start + 500]]
            found = self.conn.execute(
                f"SELECT rowid, snippet(fts, 2, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 16) FROM fts"
                f" WHERE fts MATCH ? AND rowid IN ({', '.join('?' * len(chunk))})",
                (expression, *chunk),
            )
            snippets.update(found)
        return [self._hit(r, snippets.get(r[9])) for r in rows]

    def _hit(self, r: tuple[object, ...], snippet: str | None) -> SearchRow:
        """A result row with its snippet (from the body of the entry that matched: never the title
        again) and, for a question, its answer count."""
        answers = 0
        if r[3] == "question":
            answers = self.conn.execute("SELECT count(*) FROM meta WHERE question = ?", (r[0],)).fetchone()[0]
        tags = str(r[7] or "")
        return SearchRow(
            id=str(r[0]),
            path=str(r[1]),
            title=str(r[2]),
            kind=str(r[3]),
            community=str(r[4]),
            author=str(r[5]),
            updated=str(r[6]),
            tags=tags.split() if tags else [],
            snippet=str(snippet or ""),
            score=-float(r[8]),  # type: ignore[arg-type]
            answers=int(answers),
            matched="" if r[9] == r[10] else str(r[11]),
        )
