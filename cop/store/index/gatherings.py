"""Events and projects as SQL over the index's `records` table: every list filtered, ordered and paged
in one query on the columns `rows.record_columns` fills (`community`, `status`, and an event's
`starts`/`ends` in UTC), so `cop event list` builds only the records it shows. Lists and sets inside a
record (attendees, hosts, a project's communities, members, links, updates) are read with `json_each`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from cop.domain.events import PROJECT_STATUSES, Event, Project
from cop.store.index.collector import gc_paused

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


@dataclass
class EventCounts:
    """What `event_counts` adds up for one scope."""

    held: int = 0
    cancelled: int = 0
    upcoming: int = 0
    places: int = 0  # attendees of the events held, added up
    outcomes: int = 0
    people: set[str] = field(default_factory=set)  # different attendees of the events held
    #: how many `people` are (set at the end, when the report tables count them without the names)
    distinct: int = 0
    months: dict[str, tuple[int, int]] = field(default_factory=dict)  # month -> (held, places)

    def add(self, month: str, state: str, attendees: list[str], outcomes: int) -> None:
        if state == "cancelled":
            self.cancelled += 1
        elif state == "upcoming":
            self.upcoming += 1
        elif state == "held":
            self.held += 1
            self.places += len(attendees)
            self.outcomes += outcomes
            self.people.update(attendees)
            held, places = self.months.get(month, (0, 0))
            self.months[month] = (held + 1, places + len(attendees))


def event_counts(
    conn: sqlite3.Connection, community: str | None, since: str, now: str
) -> dict[str | None, EventCounts]:
    """scope -> its events: held (scheduled, started from `since`, ended by `now`), cancelled (started
    from `since`), upcoming (scheduled, not ended), and of those held the places taken, the different
    attendees, the outcomes and the months (of the start, in UTC). Scope None is every community
    together (a person counted once). One pass: each event's JSON is read once, only the lists of the
    events held are parsed (this took three grouped queries, ~2x the time at 10,000 events)."""
    where, args = _held_scope(community, since, now)
    rows = conn.execute(
        f"SELECT r.community, substr(r.starts, 1, 7), CASE WHEN {_HELD} THEN 'held'"
        " WHEN r.status = 'cancelled' AND r.starts >= :since THEN 'cancelled'"
        " WHEN r.status = 'scheduled' AND r.ends > :now THEN 'upcoming' END AS state,"
        f" CASE WHEN {_HELD} THEN json_extract(r.doc, '$.attendees', '$.outcomes') END"
        f" FROM records r WHERE {where}",
        args,
    )
    out: dict[str | None, EventCounts] = {}
    for scope, month, state, lists in rows:
        if state is None:
            continue
        attendees, outcomes = json.loads(lists) if lists else ([], [])
        out.setdefault(scope, EventCounts()).add(month, state, attendees or [], len(outcomes or []))
    if community is None:  # every community together: the sums, and each person once
        out[None] = added_up(out.values())
    for counts in out.values():
        counts.distinct = len(counts.people)
    return out


def added_up(scopes: Iterable[EventCounts]) -> EventCounts:
    """Every scope's counts together: the sums, and each person once."""
    everyone = EventCounts()
    for counts in list(scopes):
        everyone.held += counts.held
        everyone.cancelled += counts.cancelled
        everyone.upcoming += counts.upcoming
        everyone.places += counts.places
        everyone.outcomes += counts.outcomes
        everyone.people |= counts.people
        for month, (held, places) in counts.months.items():
            was_held, was_places = everyone.months.get(month, (0, 0))
            everyone.months[month] = (was_held + held, was_places + places)
    return everyone
