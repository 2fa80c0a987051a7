"""Events and projects as SQL over the index's `records` table: every list filtered, ordered and paged
in one query on the columns `tables.record_columns` fills (`community`, `status`, and an event's
`starts`/`ends` in UTC), so `cop event list` builds only the records it shows. Lists and sets inside a
record (attendees, hosts, a project's communities, members, links, updates) are read with `json_each`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from cop.domain.events import PROJECT_STATUSES, Event, Project
from cop.store.index.index import gc_paused

#: a project list's order: active first, then as `cop project list` documents it
PROJECT_ORDER = ("active", "proposed", "paused", "done", "dropped")
assert set(PROJECT_ORDER) == set(PROJECT_STATUSES)

G = TypeVar("G", Event, Project)


def _has(field: str) -> str:
    return f"EXISTS (SELECT 1 FROM json_each(r.doc, '$.{field}') x WHERE x.value = ?)"


#: the communities a member belongs to, from their member record (none when there is no record)
_THEIR_COMMUNITIES = (
    "SELECT json_extract(ms.value, '$.community') FROM records mr, json_each(mr.doc, '$.memberships') ms"
    " WHERE mr.type = 'member' AND mr.key = ?"
)


@dataclass(frozen=True)
class EventWhere:
    """Which events a list asks for: upcoming at `now` (a UTC timestamp: not ended by then), or `past`
    (ended); `member` keeps those they host or attend or that are in one of their communities,
    `scheduled` drops cancelled ones."""

    past: bool
    now: str
    community: str | None = None
    member: str | None = None
    scheduled: bool = False

    def sql(self) -> tuple[str, list[str]]:
        clause, args = ["r.type = 'event'", "r.ends <= ?" if self.past else "r.ends > ?"], [self.now]
        if self.community:
            clause.append("r.community = ?")
            args.append(self.community)
        if self.member:
            clause.append(
                f"({_has('attendees')} OR {_has('hosts')} OR r.community IN ({_THEIR_COMMUNITIES}))"
            )
            args += [self.member] * 3
        if self.scheduled:
            clause.append("r.status = 'scheduled'")
        return " AND ".join(clause), args


def events(
    conn: sqlite3.Connection, where: EventWhere, limit: int | None = None, offset: int = 0
) -> list[Event]:
    """The events `where` asks for, `limit` of them from `offset`: upcoming ones soonest first, past
    ones latest first (by start in UTC, then id)."""
    clause, args = where.sql()
    order = "r.starts DESC, r.key DESC" if where.past else "r.starts, r.key"
    sql = f"SELECT r.path, r.doc FROM records r WHERE {clause} ORDER BY {order} LIMIT ? OFFSET ?"
    return _build(Event, conn.execute(sql, [*args, -1 if limit is None else limit, offset]))


def event_count(conn: sqlite3.Connection, where: EventWhere) -> int:
    """How many events `where` asks for (no document read)."""
    clause, args = where.sql()
    return int(conn.execute(f"SELECT count(*) FROM records r WHERE {clause}", args).fetchone()[0])


def projects(
    conn: sqlite3.Connection,
    *,
    status: str | None = None,
    community: str | None = None,
    member: str | None = None,
    linking: str | None = None,
) -> list[Project]:
    """Projects by status (`PROJECT_ORDER`), then slug; `community` keeps those it is one of the
    communities of, `member` those they own or are on, `linking` those that link an entry id."""
    clause, args = ["r.type = 'project'"], []
    if status:
        clause.append("r.status = ?")
        args.append(status)
    if community:
        clause.append(_has("communities"))
        args.append(community)
    if member:
        clause.append(f"(json_extract(r.doc, '$.owner') = ? OR {_has('members')})")
        args += [member, member]
    if linking:
        clause.append(_has("links"))
        args.append(linking)
    rank = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(PROJECT_ORDER))
    sql = (
        f"SELECT r.path, r.doc FROM records r WHERE {' AND '.join(clause)}"
        f" ORDER BY CASE r.status {rank} ELSE {len(PROJECT_ORDER)} END, r.key"
    )
    return _build(Project, conn.execute(sql, args))


def projects_updated_since(conn: sqlite3.Connection, day: str) -> list[Project]:
    """Projects with an update dated `day` (YYYY-MM-DD) or later, by slug."""
    sql = (
        "SELECT r.path, r.doc FROM records r WHERE r.type = 'project' AND EXISTS (SELECT 1 FROM"
        " json_each(r.doc, '$.updates') u WHERE json_extract(u.value, '$.date') >= ?) ORDER BY r.key"
    )
    return _build(Project, conn.execute(sql, [day]))


def _build(cls: type[G], rows: Iterable[tuple[str, str]]) -> list[G]:
    with gc_paused():  # many small objects, no cycles (see gc_paused)
        return [cls.from_index(json.loads(doc), path) for path, doc in rows]
