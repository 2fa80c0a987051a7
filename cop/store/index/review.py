"""The review queue as SQL over the index: which entries are due, how urgent each is (days overdue, then
reliance: endorsements, entries linking to it, questions that accepted it), ordered and paged in the
database, so `cop review` on 100k never-verified entries reads one page of documents, not all of them.

The rules are `cop.domain.trust`'s (`urgency`, `reliance_counts`); this is the same arithmetic over the
index's columns and JSON documents, and tests/core/test_review_ops.py holds both to the same answers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cop.domain.filters import EntryFilter
from cop.store.index.links import LINKED_TARGETS
from cop.store.index.query import entry_where


@dataclass(frozen=True)
class QueueRow:
    """One due entry with the parts of its urgency, as the index computed them."""

    path: str
    doc: dict[str, Any]
    overdue_days: int
    never_verified: bool
    due: str
    endorsements: int
    links_in: int
    accepted: int


@dataclass(frozen=True)
class Mine:
    """Only entries `handle` may verify: named in `verifiers` (or, with none named, their author), or
    in a community `handle` coordinates."""

    handle: str
    coordinates: Sequence[str] = ()


_VERIFIED = "COALESCE(json_array_length(m.doc, '$.verified'), 0)"
# when it fell due: never verified, its creation day; else its review date, else its last verification
_DUE = (
    f"CASE WHEN {_VERIFIED} = 0 THEN substr(m.created, 1, 10)"
    " ELSE COALESCE(NULLIF(json_extract(m.doc, '$.review'), ''),"
    " (SELECT max(json_extract(v.value, '$.date')) FROM json_each(m.doc, '$.verified') v)) END"
)
_BACKLINKS = f"""
SELECT r.id AS id, count(DISTINCT l.src) AS n
FROM links l JOIN ({LINKED_TARGETS}) r ON r.dst = l.dst
WHERE l.src != r.id GROUP BY r.id
"""
_ACCEPTED = """
SELECT json_extract(q.doc, '$.accepted') AS id, count(*) AS n FROM meta q
WHERE q.kind = 'question' AND COALESCE(json_extract(q.doc, '$.accepted'), '') != '' GROUP BY 1
"""


def _reliance_table(conn: sqlite3.Connection) -> None:
    """Fill `temp.review_reliance` (id -> entries linking to it, questions accepting it): a few thousand
    rows with a key, so the queue joins it by index (a join on the grouped queries themselves scanned
    them once per due entry: a minute at 100k)."""
    was_open = conn.in_transaction
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS review_reliance("
        "id TEXT PRIMARY KEY, links_in INTEGER NOT NULL, accepted INTEGER NOT NULL) WITHOUT ROWID"
    )
    conn.execute("DELETE FROM temp.review_reliance")
    conn.execute(
        "INSERT INTO temp.review_reliance(id, links_in, accepted)"
        f" SELECT id, sum(li), sum(ac) FROM (SELECT id, n AS li, 0 AS ac FROM ({_BACKLINKS})"
        f" UNION ALL SELECT id, 0, n FROM ({_ACCEPTED})) WHERE id IS NOT NULL GROUP BY id"
    )
    if not was_open:  # only the temporary table was written: end the implicit transaction it opened
        conn.commit()


def _where(where: EntryFilter, skip_kinds: Sequence[str], mine: Mine | None) -> tuple[str, list[object]]:
    clause, args = entry_where(where)
    if skip_kinds:
        clause += f" AND m.kind NOT IN ({', '.join('?' * len(skip_kinds))})"
        args += list(skip_kinds)
    if mine is not None:
        named = "COALESCE(json_array_length(m.doc, '$.verifiers'), 0)"
        ors = [
            f"({named} > 0 AND EXISTS (SELECT 1 FROM json_each(m.doc, '$.verifiers') w WHERE w.value = ?))",
            f"({named} = 0 AND m.author = ?)",
        ]
        args += [mine.handle, mine.handle]
        if mine.coordinates:
            ors.append(f"m.community IN ({', '.join('?' * len(mine.coordinates))})")
            args += list(mine.coordinates)
        clause += f" AND ({' OR '.join(ors)})"
    return clause, args


def queue_count(
    conn: sqlite3.Connection, where: EntryFilter, skip_kinds: Sequence[str], mine: Mine | None = None
) -> int:
    """How many entries are in the queue (a count; no urgency computed, no document returned)."""
    clause, args = _where(where, skip_kinds, mine)
    return int(conn.execute(f"SELECT count(*) FROM meta m WHERE {clause}", args).fetchone()[0])


def queue_rows(
    conn: sqlite3.Connection,
    where: EntryFilter,
    today: str,
    skip_kinds: Sequence[str],
    mine: Mine | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[QueueRow]:
    """The due entries matching `where` (its `due_by` picks them), most urgent first (days overdue,
    then reliance, then id), `limit` of them from `offset`; only those rows' documents are read."""
    clause, args = _where(where, skip_kinds, mine)
    _reliance_table(conn)
    ranked = f"""
    WITH d AS (
        SELECT m.rowid AS rid, m.id AS id, m.endorsements AS e, {_VERIFIED} = 0 AS never,
               COALESCE({_DUE}, '') AS due
        FROM meta m WHERE {clause}
    )
    SELECT d.rid, MAX(COALESCE(CAST(julianday(?) - julianday(d.due) AS INTEGER), 0), 0) AS overdue,
           d.never, d.due, d.e, COALESCE(r.links_in, 0) AS links_in, COALESCE(r.accepted, 0) AS accepted
    FROM d LEFT JOIN temp.review_reliance r ON r.id = d.id
    -- the sum spells out COALESCE: inside an expression SQLite binds links_in/accepted to the
    -- joined columns (NULL without a reliance row), not to the aliases above
    ORDER BY overdue DESC, d.e + COALESCE(r.links_in, 0) + COALESCE(r.accepted, 0) DESC, d.id, d.rid
    LIMIT ? OFFSET ?
    """
    rows = conn.execute(ranked, [*args, today, -1 if limit is None else limit, offset]).fetchall()
    docs: dict[int, tuple[str, str]] = {}
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found = conn.execute(
            f"SELECT rowid, path, doc FROM meta WHERE rowid IN ({', '.join('?' * len(chunk))})", chunk
        )
        docs.update({rid: (path, doc) for rid, path, doc in found})
    loads = json.loads
    return [
        QueueRow(
            docs[rid][0], loads(docs[rid][1]), int(over), bool(never), str(due), int(e), int(li), int(acc)
        )
        for rid, over, never, due, e, li, acc in rows
        if rid in docs
    ]
