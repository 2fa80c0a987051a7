"""Event and project operations on a real repo, without the CLI: upcoming/past, the digest's seams
(`upcoming_events`, `project_updates_since`), concurrent attends, and the file bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cop.core import Cop
from cop.domain.errors import NotFound, UsageError
from cop.store import Repo


@pytest.fixture(autouse=True)
def now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_NOW", "2026-03-01T09:00:00Z")


def test_upcoming_counts_an_event_under_way_and_orders_by_utc(cop: Cop) -> None:
    # 09:30+01:00 is 08:30 UTC: started, but a 2h event has not ended at 09:00 UTC
    running = cop.add_event("Running", "py", "workshop", "2026-03-01T09:30+01:00", duration="2h")
    later_local = cop.add_event("Tokyo", "py", "meetup", "2026-03-02T08:00+09:00")  # 23:00 UTC on the 1st
    earlier = cop.add_event("Here", "py", "meetup", "2026-03-01T22:00Z")
    ended = cop.add_event("Ended", "py", "meetup", "2026-03-01T07:00Z", duration="1h")
    assert [e.id for e in cop.events()] == [running.id, earlier.id, later_local.id]
    assert [e.id for e in cop.events(past=True)] == [ended.id]


def test_upcoming_events_for_a_member(cop: Cop) -> None:
    cop.add_community("ops", "Ops", "professional")
    mine = cop.add_event("Py night", "py", "meetup", "2026-03-03T18:00Z")  # bob is in py
    other = cop.add_event("Ops night", "ops", "meetup", "2026-03-04T18:00Z")
    cancelled = cop.add_event("Off", "py", "meetup", "2026-03-05T18:00Z")
    cop.cancel_event(cancelled.id)
    assert [e.id for e in cop.upcoming_events("bob")] == [mine.id]
    cop.attend(other.id, "bob")
    assert [e.id for e in cop.upcoming_events("bob")] == [mine.id, other.id]
    assert [e.id for e in cop.upcoming_events("bob", limit=1)] == [mine.id]


def test_project_updates_since(cop: Cop) -> None:
    cop.add_project("a", title="A")
    cop.add_project("b", title="B")
    cop.project_update("a", "old", date="2026-02-01")
    cop.project_update("a", "new", date="2026-02-20")
    cop.project_update("b", "newest", date="2026-02-25")
    found = cop.project_updates_since("2026-02-15")
    assert [(p.slug, u.text) for p, u in found] == [("b", "newest"), ("a", "new")]


def test_errors_name_the_fix(cop: Cop) -> None:
    with pytest.raises(NotFound, match="cop event list"):
        cop.event("zz")
    event = cop.add_event("E", "py", "meetup", "2026-03-03T18:00Z")
    with pytest.raises(NotFound, match="not attending"):
        cop.unattend(event.id)
    with pytest.raises(NotFound, match="no member 'ghost'"):
        cop.attend(event.id, "ghost")
    cop.add_project("p", title="P")
    with pytest.raises(UsageError, match="already on project"):
        cop.join_project("p")
    with pytest.raises(NotFound, match="no entry"):
        cop.link_project("p", "zzzzzzzz")


_ATTEND = """
import sys
from cop.core import Cop
core = Cop.open(sys.argv[1], sys.argv[2])
core.attend(sys.argv[3])
core.close()
"""


def test_twenty_processes_attending_at_once_all_land(cop: Cop, repo_path: Path) -> None:
    handles = [f"m{i}" for i in range(20)]
    for handle in handles:
        cop.add_member(handle, handle.upper())
    event = cop.add_event("Big", "py", "conference", "2026-03-10T09:00Z", duration="1d")
    procs = [subprocess.Popen([sys.executable, "-c", _ATTEND, str(repo_path), h, event.id]) for h in handles]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    fresh = Cop(Repo.open(repo_path), acting="ada")
    assert sorted(fresh.event(event.id).attendees) == sorted(handles)
    fresh.close()
