"""The events' report tables of `.cop/search.sqlite`, part of the report tables (`reports.py`): what
`cop insights` counts of events, kept as event records are indexed, so it reads narrow rows instead of
every event's JSON (10,000 events at 100k entries: ~0.15-0.3 s of CPU, the largest part left).

- `event_facts`: per event, its community, status, start and end in UTC and how many attendees and
  outcomes it lists.
- `event_people`: per event and attendee, the event's community, status and end.
- `event_firsts`: per community and person, the end of the first scheduled event they attended: a
  person counts among the attendees of the events held by `now` when that end is by `now`.

An event is held when it is scheduled and has ended by `now`, which each report asks about anew, so the
tables keep what does not depend on it. `reports.forget` calls `forget` with the paths about to be
dropped; `reports.derive` calls `derive`, which adds every event record that has no row yet and makes
the first ends of the people of the events written or dropped again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # gatherings imports the index, which writes these tables
    from cop.store.index.gatherings import EventCounts

SCHEMA = """
CREATE TABLE IF NOT EXISTS event_facts(
    path TEXT PRIMARY KEY, community TEXT NOT NULL, status TEXT, starts TEXT, ends TEXT,
    attendees INTEGER NOT NULL, outcomes INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_people(
    path TEXT NOT NULL, community TEXT NOT NULL, person TEXT NOT NULL, status TEXT, ends TEXT
);
CREATE INDEX IF NOT EXISTS event_people_path ON event_people(path);
CREATE INDEX IF NOT EXISTS event_people_person ON event_people(community, person, status, ends);
CREATE TABLE IF NOT EXISTS event_firsts(
    community TEXT NOT NULL, person TEXT NOT NULL, first TEXT NOT NULL, PRIMARY KEY (community, person)
) WITHOUT ROWID;
"""
TABLES = ("event_facts", "event_people", "event_firsts")

_TEMP = (
    "CREATE TEMP TABLE IF NOT EXISTS event_touched("
    "community TEXT, person TEXT, PRIMARY KEY (community, person))"
)
_TOUCHED = (
    "INSERT OR IGNORE INTO temp.event_touched SELECT community, person FROM event_people"
    " WHERE path IN (SELECT path FROM temp.event_todo)"
)


def forget(cur: sqlite3.Cursor, paths: Iterable[str]) -> None:
    """Before these files' rows go: their events' rows gone, their people kept for `derive`."""
    cur.execute(_TEMP)
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS event_todo(path TEXT PRIMARY KEY)")
    cur.execute("DELETE FROM temp.event_todo")
    cur.executemany("INSERT OR IGNORE INTO temp.event_todo VALUES (?)", [(p,) for p in paths])
    cur.execute(_TOUCHED)
    for table in ("event_facts", "event_people"):
        cur.execute(f"DELETE FROM {table} WHERE path IN (SELECT path FROM temp.event_todo)")
    cur.execute("DELETE FROM temp.event_todo")


def derive(cur: sqlite3.Cursor) -> None:
    """The rows of every event record that has none (the ones just written, or all of them into empty
    tables), and the first ends of the people of the events written or dropped."""
    cur.execute(_TEMP)
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS event_todo(path TEXT PRIMARY KEY)")
    cur.execute("DELETE FROM temp.event_todo")
    cur.execute(
        "INSERT INTO temp.event_todo SELECT r.path FROM records r WHERE r.type = 'event'"
        " AND NOT EXISTS (SELECT 1 FROM event_facts f WHERE f.path = r.path)"
    )
    new = "FROM temp.event_todo d CROSS JOIN records r ON r.path = d.path"
    cur.execute(
        "INSERT INTO event_facts(path, community, status, starts, ends, attendees, outcomes)"
        " SELECT r.path, coalesce(r.community, ''), r.status, r.starts, r.ends,"
        " coalesce(json_array_length(r.doc, '$.attendees'), 0),"
        f" coalesce(json_array_length(r.doc, '$.outcomes'), 0) {new}"
    )
    cur.execute(
        "INSERT INTO event_people(path, community, person, status, ends)"
        f" SELECT r.path, coalesce(r.community, ''), a.value, r.status, r.ends {new},"
        " json_each(r.doc, '$.attendees') a WHERE a.value IS NOT NULL"
    )
    cur.execute(_TOUCHED)
    cur.execute(
        "DELETE FROM event_firsts"
        " WHERE (community, person) IN (SELECT community, person FROM temp.event_touched)"
    )
    cur.execute(
        "INSERT INTO event_firsts(community, person, first) SELECT t.community, t.person,"
        " (SELECT min(p.ends) FROM event_people p WHERE p.community = t.community AND p.person = t.person"
        "  AND p.status = 'scheduled' AND p.ends IS NOT NULL) AS first"
        " FROM temp.event_touched t WHERE first IS NOT NULL"
    )
    cur.execute("DELETE FROM temp.event_todo")
    cur.execute("DELETE FROM temp.event_touched")


def event_counts(conn: sqlite3.Connection, community: str | None, now: str) -> dict[str | None, EventCounts]:
    """`gatherings.event_counts` counting every event (no `since`), from these tables: scope -> held,
    cancelled, upcoming, and of those held the places, the different attendees, the outcomes and the
    months. Scope None is every community together (a person counted once)."""
    from cop.store.index.gatherings import EventCounts, added_up

    where, args = ("WHERE community = :c", {"now": now, "c": community}) if community else ("", {"now": now})
    held = "(status = 'scheduled' AND ends <= :now)"
    rows = conn.execute(
        f"SELECT community, substr(starts, 1, 7), CASE WHEN {held} THEN 'held'"
        " WHEN status = 'cancelled' AND starts IS NOT NULL THEN 'cancelled'"
        " WHEN status = 'scheduled' AND ends > :now THEN 'upcoming' END AS state, count(*),"
        f" sum(attendees), sum(outcomes) FROM event_facts {where} GROUP BY 1, 2, 3",
        args,
    )
    out: dict[str | None, EventCounts] = {}
    for scope, month, state, n, places, outcomes in rows:
        if state is None:
            continue
        counts = out.setdefault(scope or None, EventCounts())
        if state == "cancelled":
            counts.cancelled += n
        elif state == "upcoming":
            counts.upcoming += n
        else:
            counts.held += n
            counts.places += places
            counts.outcomes += outcomes
            was_held, was_places = counts.months.get(month, (0, 0))
            counts.months[month] = (was_held + n, was_places + places)
    firsts = "FROM event_firsts WHERE first <= :now" + (" AND community = :c" if community else "")
    for scope, n in conn.execute(f"SELECT community, count(*) {firsts} GROUP BY community", args):
        out.setdefault(scope or None, EventCounts()).distinct = n
    if community is None:  # every community together: the sums, and each person once
        out[None] = added_up(out.values())
        out[None].distinct = conn.execute(f"SELECT count(DISTINCT person) {firsts}", args).fetchone()[0]
    return out
