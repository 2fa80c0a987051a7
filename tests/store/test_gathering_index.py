"""Events and projects are listed from the index's `records` columns (starts, ends, community, status) in
SQL, and the lists match what the files say, by a plain Python reading of the same rule, for random
events and projects, after an edit made outside cop, and a page at a time."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from cop.core import Cop
from cop.domain import ids
from cop.domain.events import EVENT_KINDS, Event, Project
from tests.record_files import write_record

NOW = "2026-03-01T09:00:00Z"
PEOPLE = ("ada", "bob", "cy")
OFFSETS = ("Z", "+01:00", "-05:00", "+09:30")
ORDER = ("active", "proposed", "paused", "done", "dropped")
World = tuple[Cop, list[Event], list[Project]]


def random_event(rng: random.Random) -> Event:
    moment = dt.datetime(2026, 3, 1, 9) + dt.timedelta(minutes=rng.randint(-3000, 3000))
    start = moment.strftime("%Y-%m-%dT%H:%M") + rng.choice(OFFSETS)
    return Event.from_data(
        {
            "id": ids.new_id(),
            "title": f"Event {rng.randint(0, 999)}",
            "community": rng.choice(("py", "ops")),
            "kind": rng.choice(EVENT_KINDS),
            "start": start,
            "duration": rng.choice(("", "30m", "2h", "1d", "1h30m")),
            "status": rng.choice(("scheduled", "scheduled", "cancelled")),
            "hosts": rng.sample(PEOPLE, rng.randint(0, 1)),
            "attendees": rng.sample(PEOPLE, rng.randint(0, 2)),
        }
    )


def random_project(rng: random.Random, number: int) -> Project:
    return Project.from_data(
        {
            "slug": f"p{number:02d}-{rng.choice(('a', 'b'))}",
            "title": f"Project {number}",
            "status": rng.choice(ORDER),
            "communities": rng.sample(("py", "ops"), rng.randint(0, 2)),
            "owner": rng.choice(PEOPLE),
            "members": rng.sample(PEOPLE, rng.randint(0, 2)),
            "links": ["aaaaaaaa"] if rng.random() < 0.3 else [],
        }
    )


@pytest.fixture
def world(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> tuple[Cop, list[Event], list[Project]]:
    monkeypatch.setenv("COP_NOW", NOW)
    cop.add_community("ops", "Ops", "professional")
    rng = random.Random(17)
    events = [random_event(rng) for _ in range(60)]
    projects = [random_project(rng, n) for n in range(25)]
    for record in (*events, *projects):
        write_record(cop.root, record)
    return cop, events, projects


def expected_events(events: list[Event], past: bool, community: str | None, member: str | None) -> list[str]:
    """The rule as docs/events.md says it, in Python: ended (start + duration, in UTC) or not."""
    mine = {"ada": {"py"}, "bob": {"py"}}.get(member or "", set())
    found = [
        e
        for e in events
        if e.is_past(NOW) == past
        and (not community or e.community == community)
        and (not member or member in e.attendees or member in e.hosts or e.community in mine)
    ]
    return [e.id for e in sorted(found, key=lambda e: (e.start_utc, e.id), reverse=past)]


@pytest.mark.parametrize("past", [False, True])
@pytest.mark.parametrize("community", [None, "py"])
@pytest.mark.parametrize("member", [None, "bob", "cy"])
def test_event_lists_match_the_files(
    world: World, past: bool, community: str | None, member: str | None
) -> None:
    cop, events, _ = world
    want = expected_events(events, past, community, member)
    assert [e.id for e in cop.events(past=past, community=community, member=member)] == want
    assert cop.count_events(past=past, community=community, member=member) == len(want)
    page = cop.events(past=past, community=community, member=member, limit=5, offset=3)
    assert [e.id for e in page] == want[3:8]


def test_an_edit_outside_cop_moves_the_event(world: World) -> None:
    cop, events, _ = world
    first = cop.events(limit=1)[0]
    moved = Event.from_data({**first.to_data(), "start": "2026-03-01T08:00Z", "duration": "30m"})
    write_record(cop.root, moved)  # ended at 08:30 UTC, so it is past now
    cop.repo.invalidate()
    assert first.id not in [e.id for e in cop.events()]
    assert cop.events(past=True, limit=1)[0].id == first.id


def test_upcoming_events_drop_cancelled(world: World) -> None:
    cop, events, _ = world
    scheduled = {e.id for e in events if e.status == "scheduled"}
    want = [i for i in expected_events(events, False, None, "bob") if i in scheduled]
    assert [e.id for e in cop.upcoming_events("bob")] == want
    assert [e.id for e in cop.upcoming_events("bob", limit=2)] == want[:2]


@pytest.mark.parametrize("status", [None, "active", "done"])
@pytest.mark.parametrize("community", [None, "ops"])
@pytest.mark.parametrize("member", [None, "cy"])
def test_project_lists_match_the_files(
    world: World, status: str | None, community: str | None, member: str | None
) -> None:
    cop, _, projects = world
    found = [
        p
        for p in projects
        if (not status or p.status == status)
        and (not community or community in p.communities)
        and (not member or member == p.owner or member in p.members)
    ]
    want = [p.slug for p in sorted(found, key=lambda p: (ORDER.index(p.status), p.slug))]
    assert [p.slug for p in cop.projects(status=status, community=community, member=member)] == want


def test_projects_linking_an_entry(world: World) -> None:
    cop, _, projects = world
    want = sorted(p.slug for p in projects if "aaaaaaaa" in p.links)
    assert want and [p.slug for p in cop.projects_from("aaaaaaaa")] == want


def test_lists_are_answered_from_the_records_indexes(world: World) -> None:
    cop, _, _ = world
    conn = cop.repo.index_conn()
    for ends in ("r.ends > ?", "r.ends <= ?"):
        plan = " ".join(
            str(row[-1])
            for row in conn.execute(
                f"EXPLAIN QUERY PLAN SELECT path FROM records r WHERE r.type = 'event' AND {ends}"
                " ORDER BY r.starts, r.key LIMIT 50",
                (NOW,),
            )
        )
        assert "records_ends" in plan or "records_starts" in plan, plan
    columns = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
    assert {"community", "status", "starts", "ends"} <= columns
