"""The projects' report tables of `.cop/search.sqlite`, part of the report tables (`reports.py`): what
`cop insights` counts of projects, kept as project records are indexed, so a report reads narrow rows
instead of every project's JSON twice (its communities, then its updates: 18-22 ms at 1,000 projects,
most of it grouping values straight out of `json_each`).

- `project_facts`: per project, its status and its `created` timestamp ('' when none).
- `project_scopes`: per project and community it lists.
- `project_updates`: per project and date, how many updates it logged that day.

`reports.forget` calls `forget` with the paths about to be dropped; `reports.derive` calls `derive`,
which adds the rows of every project record that has none yet (the ones just written, or all of them
into empty tables), the way `attendance.py` keeps the events'.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

SCHEMA = """
CREATE TABLE IF NOT EXISTS project_facts(
    path TEXT PRIMARY KEY, status TEXT, created TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS project_scopes(
    path TEXT NOT NULL, community TEXT NOT NULL, PRIMARY KEY (path, community)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS project_updates(
    path TEXT NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (path, day)
) WITHOUT ROWID;
"""
TABLES = ("project_facts", "project_scopes", "project_updates")


def forget(cur: sqlite3.Cursor, paths: Iterable[str]) -> None:
    """Before these files' rows go: their projects' rows gone."""
    rows = [(p,) for p in paths]
    for table in TABLES:
        cur.executemany(f"DELETE FROM {table} WHERE path = ?", rows)


def derive(cur: sqlite3.Cursor) -> None:
    """The rows of every project record that has none."""
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS project_todo(path TEXT PRIMARY KEY)")
    cur.execute("DELETE FROM temp.project_todo")
    cur.execute(
        "INSERT INTO temp.project_todo SELECT r.path FROM records r WHERE r.type = 'project'"
        " AND NOT EXISTS (SELECT 1 FROM project_facts f WHERE f.path = r.path)"
    )
    new = "FROM temp.project_todo d CROSS JOIN records r ON r.path = d.path"
    cur.execute(
        "INSERT INTO project_facts(path, status, created)"
        f" SELECT r.path, r.status, coalesce(json_extract(r.doc, '$.created'), '') {new}"
    )
    cur.execute(
        "INSERT OR IGNORE INTO project_scopes(path, community)"
        f" SELECT r.path, c.value {new}, json_each(r.doc, '$.communities') c"
        " WHERE c.type = 'text'"
    )
    cur.execute(
        "INSERT INTO project_updates(path, day, n) SELECT r.path, json_extract(u.value, '$.date'),"
        f" count(*) {new}, json_each(r.doc, '$.updates') u"
        " WHERE json_extract(u.value, '$.date') IS NOT NULL GROUP BY 1, 2"
    )
    cur.execute("DELETE FROM temp.project_todo")


def summary(conn: sqlite3.Connection, community: str | None, since: str) -> list[tuple[str | None, str, int]]:
    """(scope, status, projects) of the projects created from `since`: each community's (or `community`
    alone), and with no `community` also scope None, every project once."""
    one = "" if community is None else " AND s.community = :c"
    args = {"since": since, "c": community or ""}
    sql = (
        "SELECT s.community, f.status, count(*) FROM project_scopes s"
        f" CROSS JOIN project_facts f ON f.path = s.path WHERE f.created >= :since{one} GROUP BY 1, 2"
    )
    if community is None:
        sql += " UNION ALL SELECT NULL, status, count(*) FROM project_facts"
        sql += " WHERE created >= :since GROUP BY 2"
    return [(s, str(st), int(n)) for s, st, n in conn.execute(sql, args)]


def update_months(
    conn: sqlite3.Connection, community: str | None, since: str
) -> list[tuple[str | None, str, int]]:
    """(scope, month, updates logged) of every project, updates dated from `since` (scopes as `summary`)."""
    args = {"day": since[:10], "c": community or ""}
    one = "" if community is None else " AND s.community = :c"
    sql = (
        "SELECT s.community, substr(u.day, 1, 7), sum(u.n) FROM project_scopes s"
        f" CROSS JOIN project_updates u ON u.path = s.path WHERE u.day >= :day{one} GROUP BY 1, 2"
    )
    if community is None:
        sql += " UNION ALL SELECT NULL, substr(day, 1, 7), sum(n) FROM project_updates"
        sql += " WHERE day >= :day GROUP BY 2"
    return [(s, str(m), int(n)) for s, m, n in conn.execute(sql, args) if m]
