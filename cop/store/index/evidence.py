"""The evidence table of `.cop/search.sqlite`: each piece of evidence of who knows a topic that an entry
gives, derived when the entry is indexed, so `cop experts`, a member's topics and `cop mentor match`
read one grouped range of an index instead of joining and parsing every entry in a topic (46k entries
for the most used tag at 100k: ~420 ms of SQL; docs/performance.md).

A piece is (entry, handle, factor, community, day, n): an entry written (`entries`), an answer given
(`answers`, or `accepted` when its question accepted it), the endorsements on either (`endorsements`, n
of them, dated by the entry), a verification done (`verifications`, dated by its date); drafts give none.
Each piece is stored once with the topic '' (what a words query counts: its scope is a set of entries)
and once per topic it counts in: the entry's tags, and for an answer's work its question's tags too (a
verification counts in the verified entry's own tags only). So an answer's rows depend on its question:
indexing or removing a question derives its answers' rows again.

Decay (`cop.domain.expertise.decay`) is exact and separable: 0.5 ** ((now - day) / H) =
0.5 ** ((now - T0) / H) * 2 ** ((day - T0) / H), so each row keeps w = n * 2 ** ((day - T0) / H) and a
query multiplies a group's sum of w by one number. Evidence dated at or after `now`, or undated, counts
fully, so a query sums n for those rows instead. `HALF_LIFE_DAYS` is thus in every stored w: changing
it needs `search.SCHEMA_VERSION` bumped.

`RecordTables.apply` (tables.py) calls `forget` before it drops a file's rows and `derive` after it
writes the new ones, in the same transaction. A build that defers the secondary indexes (without them
every lookup here is a scan) marks the table stale instead, and derives it whole once they are back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from cop.domain.expertise import HALF_LIFE_DAYS

#: the indexes a ranking reads (each holds every column it needs), made again after a whole derivation:
#: sorting once is ~2.5x faster than keeping them in step row by row (~345k rows at 100k entries)
_READ_INDEXES = {
    "evidence_topic": "topic, handle, factor, community, day, n, w",
    "evidence_handle": "handle, topic, factor, entry, day, n, w",
}
_MAKE_READ_INDEXES = [f"CREATE INDEX IF NOT EXISTS {n} ON evidence({c})" for n, c in _READ_INDEXES.items()]
SCHEMA = "\n".join(
    [
        "CREATE TABLE IF NOT EXISTS evidence(entry INTEGER NOT NULL, topic TEXT NOT NULL,"
        " handle TEXT NOT NULL, factor TEXT NOT NULL, community TEXT, day REAL, n INTEGER NOT NULL, w REAL);",
        *(f"{sql};" for sql in _MAKE_READ_INDEXES),
        "CREATE INDEX IF NOT EXISTS evidence_entry ON evidence(entry, topic);",  # drops, and words' scope
        "CREATE TABLE IF NOT EXISTS evidence_stale(one INTEGER PRIMARY KEY CHECK (one = 1));",
    ]
)
TABLES = ("evidence", "evidence_stale")

#: T0 of the stored weights: 2000-01-01T00:00:00Z as a Julian day (today's evidence then weighs ~2^27)
EPOCH = 2451544.5
#: past this exponent 2 ** x overflows a float; evidence dated after ~ year 3000 keeps no w (until then
#: it is in the future, where n counts, not w)
_MAX_EXPONENT = 1000.0

_TODO = "CREATE TEMP TABLE IF NOT EXISTS evidence_todo(entry INTEGER PRIMARY KEY)"
#: every piece of the entries in `evidence_todo`, topic '' (handle, factor, community, day, n)
_PIECES = """
INSERT INTO evidence(entry, topic, handle, factor, community, day, n, w)
SELECT e, '', h, f, c, day, n, n * cop_growth(day) FROM (
    SELECT m.rowid AS e, m.author AS h, CASE WHEN m.kind != 'answer' THEN 'entries'
        WHEN (SELECT coalesce(json_extract(q.doc, '$.accepted'), '') FROM meta q
              WHERE q.id = m.question AND +q.kind = 'question') = m.id THEN 'accepted'
        ELSE 'answers' END AS f, m.community AS c, julianday(m.created) AS day, 1 AS n
    FROM temp.evidence_todo d CROSS JOIN meta m ON m.rowid = d.entry
    WHERE m.kind != 'question' AND m.status != 'draft'
    UNION ALL
    SELECT m.rowid, m.author, 'endorsements', m.community, julianday(m.created), m.endorsements
    FROM temp.evidence_todo d CROSS JOIN meta m ON m.rowid = d.entry
    WHERE m.kind != 'question' AND m.status != 'draft' AND +m.endorsements > 0
    UNION ALL
    SELECT m.rowid, json_extract(v.value, '$.by'), 'verifications', m.community,
        julianday(json_extract(v.value, '$.date')), 1
    FROM temp.evidence_todo d CROSS JOIN meta m ON m.rowid = d.entry, json_each(m.doc, '$.verified') v
    WHERE m.status != 'draft' AND instr(m.doc, '"verified":[]') = 0
) WHERE h IS NOT NULL AND h != ''
"""
#: each piece again under every topic it counts in (an answer's work also under its question's tags)
_TOPICS = """
INSERT INTO evidence(entry, topic, handle, factor, community, day, n, w)
SELECT p.entry, t.topic, p.handle, p.factor, p.community, p.day, p.n, p.w
FROM (
    SELECT e, topic, max(own) AS own FROM (
        SELECT d.entry AS e, t.tag AS topic, 1 AS own FROM temp.evidence_todo d
        CROSS JOIN tags t ON t.entry = d.entry
        UNION ALL
        SELECT d.entry, t.tag, 0 FROM temp.evidence_todo d CROSS JOIN meta a ON a.rowid = d.entry
        CROSS JOIN meta q ON q.id = a.question AND +q.kind = 'question' CROSS JOIN tags t ON t.entry = q.rowid
        WHERE +a.kind = 'answer'
    ) GROUP BY e, topic
) t CROSS JOIN evidence p ON p.entry = t.e AND p.topic = ''
WHERE t.own = 1 OR p.factor != 'verifications'
"""


def growth(day: float | None) -> float | None:
    """2 ** ((day - T0) / H): a piece's weight at T0 relative to its day (None: undated, or too late)."""
    if day is None:
        return None
    exponent = (day - EPOCH) / HALF_LIFE_DAYS
    return None if exponent > _MAX_EXPONENT else float(2.0**exponent)


def scale(now_day: float) -> float:
    """0.5 ** ((now - T0) / H): what turns a sum of stored w into the decayed weight at `now`."""
    return float(0.5 ** ((now_day - EPOCH) / HALF_LIFE_DAYS))


def register(conn: sqlite3.Connection) -> None:
    """Give `conn` the SQL function `derive` uses (once, on opening: never while a statement runs)."""
    conn.create_function("cop_growth", 1, growth, deterministic=True)


def forget(cur: sqlite3.Cursor, paths: Iterable[str]) -> list[str]:
    """Drop the evidence of the entries at these paths, before their rows go; returns the ids of the
    questions among them, whose answers `derive` must see again."""
    rows = [(p,) for p in paths]
    cur.executemany("DELETE FROM evidence WHERE entry = (SELECT rowid FROM meta WHERE path = ?)", rows)
    questions: list[str] = []
    for start in range(0, len(rows), 500):  # SQLite takes some hundreds of values per statement
        chunk = [p for (p,) in rows[start : start + 500]]
        marks = ", ".join("?" * len(chunk))
        found = cur.execute(f"SELECT id FROM meta WHERE path IN ({marks}) AND +kind = 'question'", chunk)
        questions += [str(q) for (q,) in found]
    return questions


def mark_stale(cur: sqlite3.Cursor) -> None:
    """Say the table must be derived whole (a build writing without the indexes `derive` needs)."""
    cur.execute("INSERT OR IGNORE INTO evidence_stale(one) VALUES (1)")


def derive(cur: sqlite3.Cursor, paths: Iterable[str], questions: Iterable[str] = ()) -> None:
    """Write the evidence of the entries just indexed at `paths` and of the answers to `questions`
    (ids of questions indexed or removed: their tags and accepted answer count in their answers'
    rows); or of every entry when the table is stale."""
    cur.execute(_TODO)
    cur.execute("DELETE FROM temp.evidence_todo")
    whole = cur.execute("SELECT 1 FROM evidence_stale").fetchone() is not None
    if whole:
        cur.execute("DELETE FROM evidence")
        for name in _READ_INDEXES:
            cur.execute(f"DROP INDEX IF EXISTS {name}")
        cur.execute("INSERT INTO temp.evidence_todo SELECT rowid FROM meta")
        cur.execute("DELETE FROM evidence_stale")
    else:
        cur.executemany(
            "INSERT OR IGNORE INTO temp.evidence_todo SELECT rowid FROM meta WHERE path = ?",
            [(p,) for p in paths],
        )
        asked = sorted(set(questions))
        cur.executemany(
            "INSERT OR IGNORE INTO temp.evidence_todo"
            " SELECT rowid FROM meta WHERE question = ? AND +kind = 'answer'",
            [(q,) for q in asked],
        )
        if asked:  # those answers' old rows (a new entry's rows were dropped with its old file)
            cur.execute("DELETE FROM evidence WHERE entry IN (SELECT entry FROM temp.evidence_todo)")
    cur.execute(_PIECES)
    cur.execute(_TOPICS)
    cur.execute("DELETE FROM temp.evidence_todo")
    if whole:
        for sql in _MAKE_READ_INDEXES:
            cur.execute(sql)


Counted = tuple[str, str, str, int, float]  # handle, topic, factor, count, decayed weight

#: per group: the count, the sum of w of the pieces dated before now, the count of the others
_SUMS = "sum(x.n), sum(CASE WHEN x.day < :now THEN x.w END), sum(CASE WHEN x.day < :now THEN 0 ELSE x.n END)"
#: the entries a words query matches, and the answers to the questions among them (whose own
#: verifications are not in scope: only their work is)
_WORDS = """
WITH scope(e) AS MATERIALIZED (SELECT rowid FROM fts WHERE fts MATCH :match),
answered(e) AS MATERIALIZED (SELECT a.rowid FROM scope s CROSS JOIN meta q ON q.rowid = s.e
    AND +q.kind = 'question' CROSS JOIN meta a ON a.question = q.id AND +a.kind = 'answer'),
took(e, own) AS MATERIALIZED (SELECT e, max(own) FROM (SELECT e, 1 AS own FROM scope
    UNION ALL SELECT e, 0 FROM answered) GROUP BY e)
"""
#: the entries whose verifications count among a member's topics: what they wrote, the questions they
#: answered (the scope a member's topics have always had)
_THEIRS = (
    "(x.factor != 'verifications' OR x.entry IN (SELECT rowid FROM meta WHERE author = :handle)"
    " OR x.entry IN (SELECT q.rowid FROM meta a"
    " CROSS JOIN meta q ON q.id = a.question WHERE a.author = :handle AND +a.kind = 'answer'))"
)
#: a words query's verifications: of the matching entries only, not of the answers it takes along
_OWN = "(s.own = 1 OR x.factor != 'verifications')"
#: the rows under a topic (not the topic-less ones a words query reads)
_TOPICAL = "x.topic != ''"


class Scope(NamedTuple):
    """Which evidence a ranking adds up (`cop.store.index.experts.evidence` says how)."""

    tags: list[str] | None
    words: tuple[str, str] | None  # (FTS5 expression, topic label)
    handle: str | None
    community: str | None


def counts(conn: sqlite3.Connection, now: str, scope: Scope) -> list[Counted]:
    """(handle, topic, factor, count, decayed weight) of the pieces in `scope`'s entries: tagged with
    one of its tags, or matching its words, or (neither) in every topic of its handle."""
    tags, words, handle, community = scope
    now_day = conn.execute("SELECT julianday(?)", (now,)).fetchone()[0]
    args: dict[str, object] = {"now": now_day, "handle": handle, "community": community}
    where = [
        *(["x.handle = :handle"] if handle else []),
        *(["x.community = :community"] if community else []),
    ]
    if words is not None:
        args |= {"match": words[0], "label": words[1]}
        sql = (
            f"{_WORDS} SELECT x.handle, :label, x.factor, {_SUMS} FROM took s"
            " CROSS JOIN evidence x ON x.entry = s.e AND x.topic = ''"
            f" WHERE {' AND '.join([_OWN, *where])} GROUP BY x.handle, x.factor"
        )
    elif tags is not None:
        args |= {f"t{i}": t for i, t in enumerate(tags)}
        marks = ", ".join(f":t{i}" for i in range(len(tags))) or "NULL"
        sql = (
            f"SELECT x.handle, x.topic, x.factor, {_SUMS} FROM evidence x"
            f" WHERE {' AND '.join([f'x.topic IN ({marks})', *where])} GROUP BY x.handle, x.topic, x.factor"
        )
    elif handle is not None:
        sql = (
            f"SELECT x.handle, x.topic, x.factor, {_SUMS} FROM evidence x"
            f" WHERE {' AND '.join([*where, _TOPICAL, _THEIRS])} GROUP BY x.topic, x.factor"
        )
    else:
        raise ValueError("evidence over every topic needs a handle")
    factor = scale(now_day) if now_day is not None else 0.0
    return [
        (str(h), str(t), str(f), int(n), float(fresh or 0) + float(grown or 0.0) * factor)
        for h, t, f, n, grown, fresh in conn.execute(sql, args)
    ]
