"""`cop insights` costs one query per measure whatever the number of communities (issue 16: SQL
aggregates over the index, and the Insights screen's speed at 100k): the statements run for every
community's insights are counted on the index's own connection, at 2 and at 8 communities."""

from __future__ import annotations

import pytest

from cop.core import Cop


def statements(cop: Cop) -> list[str]:
    conn = cop.repo.index_conn()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        cop.insights_by_community()
    finally:
        conn.set_trace_callback(None)
    return [s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_the_queries_do_not_grow_with_the_communities(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_NOW", "2026-03-01T09:00:00Z")
    question = cop.ask("py", "How do we pin?", tags=["python"]).id
    cop.answer(question, "With a lock file.")
    cop.add_event("Meetup", "py", "meetup", "2026-02-01T18:00Z")
    cop.add_project("lock", title="Lock files", communities=["py"])
    few = len(statements(cop))
    for number in range(6):
        cop.add_community(f"c{number}", f"Community {number}", "professional")
        cop.add_entry("lesson", f"Lesson {number}", f"c{number}", tags=["python"])
    cop.repo.invalidate()
    found = cop.insights_by_community()
    assert len(found) == 8 and sum(sum(f.monthly.entries) for f in found[1:]) == sum(found[0].monthly.entries)
    assert len(statements(cop)) == few, "one query per measure, not per community"
