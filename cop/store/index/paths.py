"""SQL for onboarding paths: every member's progress on a path, counted in `.cop/search.sqlite`.

Progress files are rows of the `records` table (type `progress`, key the member's handle, path
`progress/<path>/<handle>.yaml`), so one path's progress is a range of the table's primary key and one
member's is a range of its `records_key` index: no progress file is opened, and `cop path status` over
thousands of members is one grouped query.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

#: (member, started, steps done that the path still has, the last day one was done, their step ids)
Summary = tuple[str, str, int, str, list[str]]


def _folder(slug: str) -> tuple[str, str]:
    """The primary-key range holding `progress/<slug>/*` (`/` is followed by `0` in code-point order)."""
    return f"progress/{slug}/", f"progress/{slug}0"


def progress_summaries(conn: sqlite3.Connection, slug: str, steps: Iterable[str]) -> list[Summary]:
    """Each member's progress on path `slug`, in file order: marks of steps the path no longer has
    (`steps` are the ids it has) are not counted. One pass over the path's rows: `+r.type` keeps SQLite
    on the primary-key range (the type's own indexes would read every progress row of every path), and
    grouping by path follows that range without sorting (5,000 followers: ~95 ms, not ~250 ms)."""
    low, high = _folder(slug)
    rows = conn.execute(
        "SELECT r.key, json_extract(r.doc, '$.started'), count(m.value),"
        "       coalesce(max(json_extract(m.value, '$.date')), ''),"
        "       json_group_array(json_extract(m.value, '$.step')) FILTER (WHERE m.value IS NOT NULL)"
        " FROM records r LEFT JOIN json_each(r.doc, '$.done') m"
        "   ON json_extract(m.value, '$.step') IN (SELECT value FROM json_each(?))"
        " WHERE r.path >= ? AND r.path < ? AND +r.type = 'progress'"
        " GROUP BY r.path",
        (json.dumps(sorted(set(steps))), low, high),
    )
    return [
        (key, started or "", done, last, json.loads(marks) if marks else [])
        for key, started, done, last, marks in rows
    ]


def progress_of_member(conn: sqlite3.Connection, handle: str) -> list[tuple[str, dict[str, Any]]]:
    """(file, document) of every path `handle` follows, by path slug (the `records_key` index)."""
    rows = conn.execute(
        "SELECT path, doc FROM records WHERE type = 'progress' AND key = ? ORDER BY path", (handle,)
    )
    return [(path, json.loads(doc)) for path, doc in rows]


def followers(conn: sqlite3.Connection) -> dict[str, int]:
    """How many members follow each path (path slug -> count), one grouped query."""
    rows = conn.execute(
        "SELECT json_extract(doc, '$.learning_path') AS slug, count(*) FROM records"
        " WHERE type = 'progress' GROUP BY slug"
    )
    return {str(slug): int(n) for slug, n in rows}
