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


# -- for insights: events held and projects, per community (None: every community together) ---------
def _held_scope(community: str | None, since: str, now: str) -> tuple[str, dict[str, str]]:
    clause = ["r.type = 'event'"]
    args = {"now": now, "since": since}
    if community:
        clause.append("r.community = :community")
        args["community"] = community
    return " AND ".join(clause), args


_HELD = "(r.status = 'scheduled' AND r.ends <= :now AND r.starts >= :since)"


def event_summary(
    conn: sqlite3.Connection, community: str | None, since: str, now: str
) -> dict[str | None, tuple[int, int, int, int, int, int]]:
    """scope -> (events held, cancelled, upcoming, places taken at those held, different attendees,
    outcomes of those held). Held: scheduled, started from `since` and ended by `now`; cancelled:
    started from `since`. Scope None is every community together (people counted once)."""
    where, args = _held_scope(community, since, now)
    sums = conn.execute(  # each event's JSON read once (materialized)
        f"WITH e AS MATERIALIZED (SELECT r.community AS c, {_HELD} AS held,"
        " r.status = 'cancelled' AND r.starts >= :since AS cancelled,"
        " r.status = 'scheduled' AND r.ends > :now AS upcoming,"
        " json_array_length(r.doc, '$.attendees') AS places, json_array_length(r.doc, '$.outcomes') AS made"
        f" FROM records r WHERE {where})"
        " SELECT c, sum(held), sum(cancelled), sum(upcoming), sum(held * places), sum(held * made)"
        " FROM e GROUP BY c",
        args,
    ).fetchall()
    people: dict[str | None, set[str]] = {None: set()}
    for scope, handle in conn.execute(
        f"SELECT DISTINCT r.community, a.value FROM records r, json_each(r.doc, '$.attendees') a"
        f" WHERE {where} AND {_HELD}",
        args,
    ):
        people.setdefault(scope, set()).add(handle)
        people[None].add(handle)
    out: dict[str | None, tuple[int, int, int, int, int, int]] = {}
    for scope, held, cancelled, upcoming, places, made in sums:
        counts = (
            int(held),
            int(cancelled),
            int(upcoming),
            int(places),
            len(people.get(scope, ())),
            int(made),
        )
        out[scope] = counts
    if community is None:
        parts = [sum(row[i] for row in out.values()) for i in range(6)]
        out[None] = (parts[0], parts[1], parts[2], parts[3], len(people[None]), parts[5])
    return out


def event_months(
    conn: sqlite3.Connection, community: str | None, since: str, now: str
) -> list[tuple[str, str, int, int]]:
    """(community, month it started in UTC, events held, places taken at them)."""
    where, args = _held_scope(community, since, now)
    sql = (
        "SELECT r.community, substr(r.starts, 1, 7), count(*), sum(json_array_length(r.doc, '$.attendees'))"
        f" FROM records r WHERE {where} AND {_HELD} GROUP BY 1, 2"
    )
    return [(str(s), str(m), int(n), int(p or 0)) for s, m, n, p in conn.execute(sql, args)]


def _project_scopes(community: str | None, since: str, inner: str) -> tuple[str, dict[str, str]]:
    """A query over each (scope, project) pair: the project under each of its communities, and with no
    `community` also under None (every community together, a project counted once)."""
    created = " AND json_extract(r.doc, '$.created') >= :since" if since else ""
    one = "" if community is None else " AND c.value = :community"
    sql = (
        f"SELECT c.value AS scope, r.doc AS doc, r.status AS status FROM records r,"
        f" json_each(r.doc, '$.communities') c WHERE r.type = 'project'{created}{one}"
    )
    if community is None:
        sql += f" UNION ALL SELECT NULL, r.doc, r.status FROM records r WHERE r.type = 'project'{created}"
    return f"WITH scoped AS ({sql}) {inner}", {"since": since, "community": community or ""}


def project_summary(
    conn: sqlite3.Connection, community: str | None, since: str
) -> list[tuple[str | None, str, int]]:
    """(scope, status, projects) of the projects created from `since` (scope None: all of them)."""
    sql, args = _project_scopes(community, since, "SELECT scope, status, count(*) FROM scoped GROUP BY 1, 2")
    return [(s, str(st), int(n)) for s, st, n in conn.execute(sql, args)]


def project_update_months(
    conn: sqlite3.Connection, community: str | None, since: str
) -> list[tuple[str | None, str, int]]:
    """(scope, month, updates logged) of every project, updates dated from `since`."""
    inner = (
        "SELECT scope, substr(json_extract(u.value, '$.date'), 1, 7) AS month, count(*) FROM scoped,"
        " json_each(scoped.doc, '$.updates') u WHERE json_extract(u.value, '$.date') >= :day GROUP BY 1, 2"
    )
    sql, args = _project_scopes(community, "", inner)
    return [(s, str(m), int(n)) for s, m, n in conn.execute(sql, {**args, "day": since[:10]}) if m]
