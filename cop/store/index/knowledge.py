"""The knowledge-risk tables of `.cop/search.sqlite`, part of the report tables (`reports.py`): who holds
each knowledge unit of each tag, so `cop risk` reads one small grouped table instead of building every
unit, its people and its tags from 100k entries' rows and JSON (docs/insights.md).

- `risk_holds`: per knowledge unit's entry (`r`: the entry itself, or the question whose accepted answer
  the unit is), tag of it and person of the unit: whether that person holds the unit alone, whether as a
  verifier, and (when shared) the unit's key. The rows `cop.store.index.insights.knowledge_holdings`
  groups; they depend on `r` and, for a question, on its accepted answer.
- `risk_people`: those rows added up per community (and '' for every community), tag and person: the
  units held alone, how many as a verifier, and how many rows (the pair is gone at 0).
- `risk_entries`: per published knowledge entry and tag, its review date and `updated` (staleness is
  judged at the query's today).

`reports.forget` calls `forget` with the dropped rows in `temp.report_todo`; `reports.derive` calls
`derive` with the written ones there. The rows of every unit's entry a change touches (the written
entries, and the questions whose accepted answer was dropped or written) are taken off the sums as they
were stored, made again from the rows as they are now, and added back, so the sums never drift.
"""

from __future__ import annotations

import sqlite3

#: `risk_entries`' indexes, made again after a whole derivation (~190k rows at 100k entries: sorting
#: them once costs less than keeping three B-trees in step row by row)
_ENTRY_INDEXES = {
    "risk_entries_r": "r",
    "risk_entries_tag": "tag, updated, review",
    "risk_entries_community": "community, tag, updated, review",
}
_MAKE_ENTRY_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS {n} ON risk_entries({c})" for n, c in _ENTRY_INDEXES.items()
]
SCHEMA = """
CREATE INDEX IF NOT EXISTS entry_facts_accepted ON entry_facts(accepted) WHERE accepted != '';
CREATE TABLE IF NOT EXISTS risk_holds(
    r INTEGER NOT NULL, community TEXT NOT NULL, tag TEXT NOT NULL, person TEXT NOT NULL,
    alone INTEGER NOT NULL, verifier INTEGER NOT NULL, unit INTEGER
);
CREATE INDEX IF NOT EXISTS risk_holds_r ON risk_holds(r);
CREATE INDEX IF NOT EXISTS risk_holds_shared ON risk_holds(community, tag, person, unit)
    WHERE unit IS NOT NULL;
CREATE TABLE IF NOT EXISTS risk_people(
    community TEXT NOT NULL, tag TEXT NOT NULL, person TEXT NOT NULL,
    alone INTEGER NOT NULL, verifier INTEGER NOT NULL, rows INTEGER NOT NULL,
    PRIMARY KEY (community, tag, person)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS risk_entries(
    r INTEGER NOT NULL, community TEXT NOT NULL, tag TEXT NOT NULL, review TEXT NOT NULL, updated TEXT
);
""" + "".join(f"{sql};\n" for sql in _MAKE_ENTRY_INDEXES)
TABLES = ("risk_holds", "risk_people", "risk_entries")

_TEMP = (
    "CREATE TEMP TABLE IF NOT EXISTS risk_todo(r INTEGER PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS risk_answers(id TEXT PRIMARY KEY)",
)
_ANSWER_IDS = (
    "INSERT OR IGNORE INTO temp.risk_answers SELECT m.id FROM temp.report_todo d"
    " CROSS JOIN meta m ON m.rowid = d.entry WHERE m.kind = 'answer'"
)
_TODO = "FROM temp.risk_todo d CROSS JOIN meta m ON m.rowid = d.r"
#: the sums of the stored rows of the entries in `risk_todo`, times :sign, per community and overall
_SUMS = (
    "INSERT INTO risk_people(community, tag, person, alone, verifier, rows) SELECT * FROM ("
    " SELECT c, tag, person, :sign * sum(alone), :sign * sum(verifier), :sign * count(*) FROM ("
    "  SELECT h.community AS c, h.tag, h.person, h.alone, h.verifier FROM temp.risk_todo d"
    "  CROSS JOIN risk_holds h ON h.r = d.r"
    "  UNION ALL SELECT '', h.tag, h.person, h.alone, h.verifier FROM temp.risk_todo d"
    "  CROSS JOIN risk_holds h ON h.r = d.r"
    " ) GROUP BY 1, 2, 3) WHERE true ON CONFLICT DO UPDATE SET alone = alone + excluded.alone,"
    " verifier = verifier + excluded.verifier, rows = rows + excluded.rows"
)
#: the units of the entries in `risk_todo` (docs/insights.md: a published entry that is neither a
#: question nor an answer; a published question's accepted answer), their people, under r's tags
_HOLDS = f"""
INSERT INTO risk_holds(r, community, tag, person, alone, verifier, unit)
WITH units AS MATERIALIZED (
    SELECT m.rowid AS r, m.rowid AS unit, m.author AS holder {_TODO}
    WHERE m.status = 'published' AND m.kind NOT IN ('question', 'answer')
    UNION ALL
    SELECT m.rowid, a.rowid, a.author {_TODO} CROSS JOIN entry_facts f ON f.entry = m.rowid
    CROSS JOIN meta a ON a.id = f.accepted AND +a.kind = 'answer'
    WHERE m.kind = 'question' AND m.status = 'published'
), verified AS MATERIALIZED (
    SELECT u.unit AS unit, json_extract(v.value, '$.by') AS person FROM (SELECT DISTINCT unit FROM units) u
    CROSS JOIN entry_facts f ON f.entry = u.unit CROSS JOIN meta m ON m.rowid = u.unit,
    json_each(m.doc, '$.verified') v WHERE f.verified > 0
), people(r, unit, person, role) AS (
    SELECT r, unit, holder, 0 FROM units WHERE holder != ''
    UNION ALL SELECT u.r, u.unit, v.person, 1 FROM units u JOIN verified v ON v.unit = u.unit
), held AS MATERIALIZED (
    SELECT r, unit, person, max(role) AS verifier, count(*) OVER (PARTITION BY r, unit) AS n
    FROM people WHERE person IS NOT NULL AND person != '' GROUP BY 1, 2, 3
)
SELECT h.r, coalesce(m.community, ''), t.tag, h.person, h.n = 1, h.verifier,
    CASE WHEN h.n > 1 THEN h.unit END
FROM held h CROSS JOIN meta m ON m.rowid = h.r CROSS JOIN tags t ON t.entry = h.r
"""
_ENTRIES = (
    "INSERT INTO risk_entries(r, community, tag, review, updated)"
    f" SELECT m.rowid, coalesce(m.community, ''), t.tag, f.review, m.updated {_TODO}"
    " CROSS JOIN entry_facts f ON f.entry = m.rowid CROSS JOIN tags t ON t.entry = m.rowid"
    " WHERE m.status = 'published' AND m.kind NOT IN ('question', 'answer')"
)


def _take_off(cur: sqlite3.Cursor) -> None:
    """The stored rows of the entries in `risk_todo` off the sums, and gone."""
    cur.execute(_SUMS, {"sign": -1})
    for table in ("risk_holds", "risk_entries"):
        cur.execute(f"DELETE FROM {table} WHERE r IN (SELECT r FROM temp.risk_todo)")


def forget(cur: sqlite3.Cursor) -> None:
    """Before the rows in `temp.report_todo` go: their units off the sums; their answers' ids kept for
    `derive` (the questions that accepted them hold other units now)."""
    for sql in _TEMP:
        cur.execute(sql)
    cur.execute(_ANSWER_IDS)
    cur.execute("DELETE FROM temp.risk_todo")
    cur.execute("INSERT INTO temp.risk_todo SELECT entry FROM temp.report_todo")
    _take_off(cur)
    cur.execute("DELETE FROM temp.risk_todo")


def derive(cur: sqlite3.Cursor, whole: bool) -> None:
    """After the rows in `temp.report_todo` were written (`whole`: every entry, into empty tables):
    the units of those entries, and of the questions whose accepted answer was dropped or written,
    made again."""
    for sql in _TEMP:
        cur.execute(sql)
    cur.execute("DELETE FROM temp.risk_todo")
    if whole:
        cur.execute("INSERT INTO temp.risk_todo SELECT rowid FROM meta")
    else:
        cur.execute(_ANSWER_IDS)
        cur.execute("INSERT INTO temp.risk_todo SELECT entry FROM temp.report_todo")
        cur.execute(
            "INSERT OR IGNORE INTO temp.risk_todo SELECT f.entry FROM temp.risk_answers i"
            " CROSS JOIN entry_facts f ON f.accepted = i.id AND f.accepted != ''"
        )
        _take_off(cur)
    cur.execute(_HOLDS)
    if whole:
        for name in _ENTRY_INDEXES:
            cur.execute(f"DROP INDEX IF EXISTS {name}")
    cur.execute(_ENTRIES)
    if whole:
        for sql in _MAKE_ENTRY_INDEXES:
            cur.execute(sql)
    cur.execute(_SUMS, {"sign": 1})
    cur.execute("DELETE FROM risk_people WHERE rows = 0")
    cur.execute("DELETE FROM temp.risk_todo")
    cur.execute("DELETE FROM temp.risk_answers")
