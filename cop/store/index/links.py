"""The links table of the SQLite cache: which entry's body links to which id prefix, for backlinks,
`cop list --links-to/--orphans` and `cop doctor`.

A link is stored as written (its target is an id prefix, cop.domain.links) and resolved when asked,
against the entries indexed then: an entry added later can make a short prefix ambiguous, and that must
show at once without re-reading the linking file. `SearchDB` (search.py) creates the table and calls
`insert` (with the rows of `entry_links`) and `drop` in the transaction that (re)indexes an entry, on the
same connection.
"""

from __future__ import annotations

import sqlite3

from cop.domain.ids import ID_LENGTH
from cop.domain.links import parse_links

SCHEMA = """
CREATE TABLE IF NOT EXISTS links(
    path TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, line INTEGER NOT NULL,
    PRIMARY KEY (path, dst)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_dst ON links(dst);
"""
DROP = "DROP TABLE IF EXISTS links;"
CLEAR = "DELETE FROM links;"

#: Where the ids a target names start and end: `m.id >= dst AND m.id < dst || _END` (ids are lowercase
#: base32, so every id starting with dst sorts below dst + "zzzzzzzzz"): a range scan of meta's id index.
_END = "zzzzzzzzz"
# Each distinct target, how many ids it names, and the first (the one when there is one).
_RESOLVED = f"""
SELECT l.dst, count(DISTINCT m.id), min(m.id)
FROM (SELECT DISTINCT dst FROM links) l
LEFT JOIN meta m ON m.id >= l.dst AND m.id < l.dst || '{_END}'
GROUP BY l.dst
"""
#: The ids some link names (a target naming exactly one id), for `--orphans`.
LINKED_IDS = f"""
SELECT min(m.id) FROM (SELECT DISTINCT dst FROM links) l
JOIN meta m ON m.id >= l.dst AND m.id < l.dst || '{_END}'
GROUP BY l.dst HAVING count(DISTINCT m.id) = 1
"""
#: (dst, id) of every target naming exactly one id, for the review queue's backlink counts.
LINKED_TARGETS = f"""
SELECT l.dst AS dst, min(m.id) AS id FROM (SELECT DISTINCT dst FROM links) l
JOIN meta m ON m.id >= l.dst AND m.id < l.dst || '{_END}'
GROUP BY l.dst HAVING count(DISTINCT m.id) = 1
"""


def filter_conditions(links_to: str | None, orphans: bool) -> tuple[list[str], list[object]]:
    """SQL conditions on `meta m` (and their arguments) for EntryFilter's `links_to` and `orphans`."""
    conditions: list[str] = []
    args: list[object] = []
    if links_to:
        prefixes = _prefixes(links_to)
        conditions.append(
            f"m.path IN (SELECT l.path FROM links l WHERE l.dst IN ({','.join('?' * len(prefixes))})"
            f" AND (SELECT count(DISTINCT x.id) FROM meta x WHERE x.id >= l.dst AND x.id < l.dst || '{_END}')"
            " = 1)"
        )
        args += prefixes
    if orphans:
        conditions.append(f"m.kind NOT IN ('question', 'answer') AND m.id NOT IN ({LINKED_IDS})")
    return conditions, args


def entry_links(entry_id: str, body: str) -> list[tuple[str, str, int]]:
    """(src, dst, line) of the links in an entry's body: its first line per target."""
    first: dict[str, int] = {}
    for link in parse_links(body):
        first.setdefault(link.target, link.line)
    return [(entry_id, dst, line) for dst, line in first.items()]


def insert(cur: sqlite3.Cursor, rows: list[tuple[str, str, str, int]]) -> None:
    """Record links (path, src, dst, line) of entries whose old links the caller dropped."""
    cur.executemany("INSERT OR IGNORE INTO links(path, src, dst, line) VALUES (?, ?, ?, ?)", rows)


def drop(cur: sqlite3.Cursor, paths: list[tuple[str]]) -> None:
    """Forget the links of these files (each a 1-tuple of its path)."""
    cur.executemany("DELETE FROM links WHERE path = ?", paths)


def _prefixes(entry_id: str) -> list[str]:
    return [entry_id[:n] for n in range(1, min(len(entry_id), ID_LENGTH) + 1)]


def linking_paths(conn: sqlite3.Connection, entry_id: str) -> list[tuple[str, str]]:
    """(src id, path) of the entries whose body links to `entry_id` (by it or a prefix naming only it),
    by id. An ambiguous prefix links to nothing."""
    conditions, args = filter_conditions(entry_id, False)
    rows = conn.execute(
        f"SELECT m.id, m.path FROM meta m WHERE {conditions[0]} ORDER BY m.id, m.path", args
    ).fetchall()
    return [(src, path) for src, path in rows]


def describe(conn: sqlite3.Connection, target: str) -> list[tuple[str, str, str, str]]:
    """(id, path, title, kind) of the indexed entries `target` names, by id (one: it resolves)."""
    return conn.execute(
        "SELECT id, path, title, kind FROM meta WHERE id >= ? AND id < ? ORDER BY id, path",
        (target, target + _END),
    ).fetchall()


def unresolved(conn: sqlite3.Connection) -> list[tuple[str, str, int, int]]:
    """(path, target, body line, how many ids it names: 0 broken, 2+ ambiguous) of every link that
    does not name exactly one entry, by path and line."""
    bad = {dst: count for dst, count, _first in conn.execute(_RESOLVED) if count != 1}
    if not bad:
        return []
    rows = conn.execute("SELECT path, dst, line FROM links ORDER BY path, line, dst")
    return [(path, dst, line, bad[dst]) for path, dst, line in rows if dst in bad]
