"""The report tables of `.cop/search.sqlite`: what `cop insights`, `cop digest` and `cop risk` read
instead of scanning every entry and its front matter JSON (docs/insights.md, "How it is kept").

- `entry_facts`: per entry, the front matter fields the reports filter on that are not `meta` columns
  (`accepted`, `review`, how many `verified`), taken from the JSON once when the entry is indexed.
- `report_months`: per community, month created and author, the entries and answers (drafts aside):
  entries and answers a month are its sums, active contributors the authors counted.
- `report_tags`: per community and tag, the entries carrying it (drafts aside).
- `report_trust`: per community, review date and verified or not, the published entries that are not
  questions (trust is then one small GROUP BY for any today).
- `report_questions`: per question, whether it is accepted, whether it has a live answer and the days
  to its first one (so these depend on its answers).
- `report_pairs`: per live answer and question it answers, the asker and the answerer and their
  departments (the silo measure; these depend on the question's author and on both member records).
- `report_departments`: per member handle, the department its record gives ('' when none), what the
  pairs' departments are looked up in; a member record written or dropped updates its pairs.

`RecordTables.apply` (tables.py) calls `forget` before it drops a file's rows and `derive` after it
writes the new ones, in the same transaction. The three counted tables are kept by difference: `forget`
takes the dropped rows' counts off, `derive` adds the written rows' counts; the per-question and
per-answer rows are made again for every question id the change touches (a question's, or an answer's
`question`), from the rows as they are then. A build that defers the secondary indexes marks the tables
stale instead, and `derive` then makes them whole.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from cop.store.index import attendance, knowledge, progress

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS entry_facts(
    entry INTEGER PRIMARY KEY, accepted TEXT NOT NULL, review TEXT NOT NULL, verified INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entry_facts_review ON entry_facts(review) WHERE review != '';
CREATE TABLE IF NOT EXISTS report_months(
    community TEXT NOT NULL, month TEXT NOT NULL, author TEXT NOT NULL,
    entries INTEGER NOT NULL, answers INTEGER NOT NULL, PRIMARY KEY (community, month, author)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS report_months_month ON report_months(month, author);
CREATE TABLE IF NOT EXISTS report_tags(
    community TEXT NOT NULL, tag TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (community, tag)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS report_trust(
    community TEXT NOT NULL, review TEXT NOT NULL, verified INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (community, review, verified)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS report_questions(
    entry INTEGER PRIMARY KEY, id TEXT, community TEXT, status TEXT, created TEXT,
    accepted INTEGER NOT NULL, answered INTEGER NOT NULL, wait REAL
);
CREATE INDEX IF NOT EXISTS report_questions_id ON report_questions(id);
-- the median wait and the oldest unanswered of each community and of all: a LIMIT along these
CREATE INDEX IF NOT EXISTS report_questions_waits ON report_questions(community, wait, status, created)
    WHERE wait IS NOT NULL;
CREATE INDEX IF NOT EXISTS report_questions_all_waits ON report_questions(wait, status, created)
    WHERE wait IS NOT NULL;
CREATE INDEX IF NOT EXISTS report_questions_open ON report_questions(community, created, id, status)
    WHERE answered = 0;
CREATE INDEX IF NOT EXISTS report_questions_all_open ON report_questions(created, id, status)
    WHERE answered = 0;
CREATE TABLE IF NOT EXISTS report_pairs(
    answer INTEGER NOT NULL, community TEXT, asker TEXT, answerer TEXT, created TEXT,
    asker_dep TEXT NOT NULL DEFAULT '', answerer_dep TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS report_pairs_answer ON report_pairs(answer);
-- the silo measure: answers per community and pair of departments, along this index
CREATE INDEX IF NOT EXISTS report_pairs_silo ON report_pairs(community, asker_dep, answerer_dep, created);
CREATE INDEX IF NOT EXISTS report_pairs_asker ON report_pairs(asker, created);
CREATE TABLE IF NOT EXISTS report_departments(key TEXT PRIMARY KEY, dep TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS report_stale(one INTEGER PRIMARY KEY CHECK (one = 1));
"""
    + knowledge.SCHEMA
    + attendance.SCHEMA
    + progress.SCHEMA
)
TABLES = (
    "entry_facts",
    "report_months",
    "report_tags",
    "report_trust",
    "report_questions",
    "report_pairs",
    "report_departments",
    "report_stale",
    *knowledge.TABLES,
    *attendance.TABLES,
    *progress.TABLES,
)

_TEMP = (
    "CREATE TEMP TABLE IF NOT EXISTS report_todo(entry INTEGER PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS report_ids(id TEXT PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS report_members(key TEXT PRIMARY KEY)",
)
_TODO = "FROM temp.report_todo d CROSS JOIN meta m ON m.rowid = d.entry"
#: the question ids the entries in `report_todo` touch: their own (questions) and their `question`
_IDS = (
    "INSERT OR IGNORE INTO temp.report_ids SELECT CASE WHEN m.kind = 'question' THEN m.id"
    f" ELSE m.question END {_TODO} WHERE m.kind = 'question' OR m.question IS NOT NULL"
)
#: the counted tables: what the entries in `report_todo` count, times :sign (1 to add, -1 to take off)
_COUNTS = (
    "INSERT INTO report_months(community, month, author, entries, answers) SELECT * FROM ("
    " SELECT coalesce(m.community, ''), substr(m.created, 1, 7), m.author,"
    f" :sign * sum(m.kind != 'answer'), :sign * sum(m.kind = 'answer') {_TODO}"
    " WHERE m.status != 'draft' AND m.created != '' GROUP BY 1, 2, 3) WHERE true"
    " ON CONFLICT DO UPDATE SET entries = entries + excluded.entries, answers = answers + excluded.answers",
    "INSERT INTO report_tags(community, tag, n) SELECT * FROM ("
    f" SELECT coalesce(m.community, ''), t.tag, :sign * count(*) {_TODO}"
    " CROSS JOIN tags t ON t.entry = m.rowid WHERE m.status != 'draft' GROUP BY 1, 2) WHERE true"
    " ON CONFLICT DO UPDATE SET n = n + excluded.n",
    "INSERT INTO report_trust(community, review, verified, n) SELECT * FROM ("
    f" SELECT coalesce(m.community, ''), f.review, f.verified > 0, :sign * count(*) {_TODO}"
    " CROSS JOIN entry_facts f ON f.entry = m.rowid"
    " WHERE m.status = 'published' AND m.kind != 'question' GROUP BY 1, 2, 3) WHERE true"
    " ON CONFLICT DO UPDATE SET n = n + excluded.n",
)
_FACTS = (
    "INSERT OR REPLACE INTO entry_facts(entry, accepted, review, verified) SELECT m.rowid,"
    " coalesce(json_extract(m.doc, '$.accepted'), ''), coalesce(json_extract(m.doc, '$.review'), ''),"
    f" coalesce(json_array_length(m.doc, '$.verified'), 0) {_TODO}"
)
_ANSWERS = "FROM meta a WHERE a.question = q.id AND a.kind = 'answer' AND a.status != 'draft'"
_QUESTIONS = (
    "INSERT INTO report_questions(entry, id, community, status, created, accepted, answered, wait)"
    " SELECT q.rowid, q.id, q.community, q.status, q.created, f.accepted != '',"
    f" EXISTS (SELECT 1 {_ANSWERS}), (SELECT julianday(min(a.created)) - julianday(q.created) {_ANSWERS}"
    "  AND a.created != '' AND q.created != '')"
    " FROM temp.report_ids i CROSS JOIN meta q ON q.id = i.id AND +q.kind = 'question'"
    " CROSS JOIN entry_facts f ON f.entry = q.rowid"
)
_DEP = "coalesce((SELECT d.dep FROM report_departments d WHERE d.key = {}), '')"
_PAIRS = (
    "INSERT INTO report_pairs(answer, community, asker, answerer, created, asker_dep, answerer_dep)"
    f" SELECT a.rowid, a.community, q.author, a.author, a.created, {_DEP.format('q.author')},"
    f" {_DEP.format('a.author')} FROM temp.report_ids i"
    " CROSS JOIN meta a ON a.question = i.id AND +a.kind = 'answer'"
    " CROSS JOIN meta q ON q.id = a.question AND +q.kind = 'question' WHERE a.status != 'draft'"
)
#: the departments of the members in `report_members` (all of them when it is empty), as their records say
_DEPARTMENTS = (
    "INSERT INTO report_departments(key, dep)"
    " SELECT key, max(coalesce(json_extract(doc, '$.department'), '')) FROM records"
    " WHERE type = 'member' AND key IN (SELECT key FROM temp.report_members) GROUP BY key"
)


def _prepare(cur: sqlite3.Cursor, paths: Iterable[str]) -> None:
    for sql in _TEMP:
        cur.execute(sql)
    cur.execute("DELETE FROM temp.report_todo")
    cur.executemany(
        "INSERT OR IGNORE INTO temp.report_todo SELECT rowid FROM meta WHERE path = ?", [(p,) for p in paths]
    )
    cur.execute(_IDS)


def forget(cur: sqlite3.Cursor, paths: Iterable[str]) -> None:
    """Take the entries at these paths off the report tables, before their rows go; the question ids
    they touch wait in `temp.report_ids` for `derive`."""
    paths = list(paths)
    _prepare(cur, paths)
    cur.executemany(  # whose department may change: `derive` looks again
        "INSERT OR IGNORE INTO temp.report_members"
        " SELECT key FROM records WHERE path = ? AND type = 'member'",
        [(p,) for p in paths],
    )
    attendance.forget(cur, paths)
    progress.forget(cur, paths)
    for sql in _COUNTS:
        cur.execute(sql, {"sign": -1})
    knowledge.forget(cur)
    for table, key in (("entry_facts", "entry"), ("report_questions", "entry"), ("report_pairs", "answer")):
        cur.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT entry FROM temp.report_todo)")
    cur.execute("DELETE FROM temp.report_todo")


def mark_stale(cur: sqlite3.Cursor) -> None:
    """Say the tables must be made whole (a build writing without the indexes `derive` needs)."""
    cur.execute("INSERT OR IGNORE INTO report_stale(one) VALUES (1)")


def derive(cur: sqlite3.Cursor, paths: Iterable[str], members: Iterable[str] = ()) -> None:
    """Count the entries just indexed at `paths` in, and make the rows of every question id they and
    `forget` touched again; take the departments of `members` (handles of member records just written)
    and of those `forget` dropped again, into their answers' pairs; or, when the tables are stale, make
    them whole from every entry and member."""
    for sql in _TEMP:
        cur.execute(sql)
    whole = cur.execute("SELECT 1 FROM report_stale").fetchone() is not None
    if whole:
        for table in TABLES:
            cur.execute(f"DELETE FROM {table}")
        cur.execute("DELETE FROM temp.report_todo")
        cur.execute("INSERT INTO temp.report_todo SELECT rowid FROM meta")
        cur.execute(_IDS)
        cur.execute("INSERT OR IGNORE INTO temp.report_members SELECT key FROM records WHERE type = 'member'")
    else:
        _prepare(cur, paths)
        cur.executemany("INSERT OR IGNORE INTO temp.report_members VALUES (?)", [(m,) for m in members])
    _departments(cur, whole)
    cur.execute(_FACTS)
    for sql in _COUNTS:
        cur.execute(sql, {"sign": 1})
    cur.execute("DELETE FROM report_questions WHERE id IN (SELECT id FROM temp.report_ids)")
    cur.execute(
        "DELETE FROM report_pairs WHERE answer IN (SELECT a.rowid FROM temp.report_ids i"
        " CROSS JOIN meta a ON a.question = i.id AND +a.kind = 'answer')"
    )
    cur.execute(_QUESTIONS)
    cur.execute(_PAIRS)
    knowledge.derive(cur, whole)
    attendance.derive(cur)
    progress.derive(cur)
    cur.execute("DELETE FROM report_months WHERE entries = 0 AND answers = 0")
    cur.execute("DELETE FROM report_tags WHERE n = 0")
    cur.execute("DELETE FROM report_trust WHERE n = 0")
    cur.execute("DELETE FROM temp.report_todo")
    cur.execute("DELETE FROM temp.report_ids")
    cur.execute("DELETE FROM temp.report_members")


def _departments(cur: sqlite3.Cursor, whole: bool) -> None:
    """The departments of the members in `temp.report_members` again, and in the pairs already kept
    (the pairs about to be made look them up)."""
    if cur.execute("SELECT 1 FROM temp.report_members LIMIT 1").fetchone() is None:
        return
    cur.execute("DELETE FROM report_departments WHERE key IN (SELECT key FROM temp.report_members)")
    cur.execute(_DEPARTMENTS)
    if whole:  # the pairs are all made after this
        return
    for column in ("asker", "answerer"):
        cur.execute(
            f"UPDATE report_pairs SET {column}_dep = {_DEP.format(column)}"
            f" WHERE {column} IN (SELECT key FROM temp.report_members)"
        )
