"""Event and project records: validation, byte-stable data, and the merge rules for their lists."""

from __future__ import annotations

from typing import Any

import pytest

from cop.domain.errors import ValidationError
from cop.domain.events import Event, Project
from cop.domain.merge import merge_data, merge_records
from cop.domain.registry import RECORD_TYPES

EVENT: dict[str, Any] = {
    "id": "abcd2345",
    "title": "Brown bag",
    "community": "py",
    "kind": "brown-bag",
    "start": "2026-03-05T18:00:00+01:00",
}


def test_registered_with_their_folders() -> None:
    assert RECORD_TYPES["event"].path_for(Event.from_data(EVENT)) == "events/abcd2345.yaml"
    project = Project.from_data({"slug": "bot", "title": "Bot"})
    assert RECORD_TYPES["project"].path_for(project) == "projects/bot.yaml"


def test_defaults_and_empties_are_left_out() -> None:
    assert Event.from_data(EVENT).to_data() == EVENT
    assert Project.from_data({"slug": "bot", "title": "Bot", "status": "proposed"}).to_data() == {
        "slug": "bot",
        "title": "Bot",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "party", "not one of"),
        ("title", "two\nlines", "one line"),
        ("place", "a\u2028b", "one line"),
        ("start", "2026-03-05T18:00", "offset"),
        ("duration", "forever", "not a duration"),
        ("outcomes", ["not-an-id"], "not a cop id"),
        ("attendees", ["../etc"], "not valid"),
        ("status", "maybe", "not one of"),
    ],
)
def test_event_validation(field: str, value: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Event.from_data({**EVENT, field: value})


def test_project_validation() -> None:
    with pytest.raises(ValidationError, match="one line"):
        Project.from_data({"slug": "bot", "title": "Bot", "goal": "a\nb"})
    with pytest.raises(ValidationError, match="not a cop id"):
        Project.from_data({"slug": "bot", "title": "Bot", "links": ["x"]})
    with pytest.raises(ValidationError, match="not one of"):
        Project.from_data({"slug": "bot", "title": "Bot", "status": "abandoned"})


def test_attendees_and_notes_added_on_both_sides_all_survive() -> None:
    base = Event.from_data({**EVENT, "attendees": ["ada"]})
    ours = Event.from_data(
        {**EVENT, "attendees": ["ada", "bob"], "notes": [{"by": "bob", "date": "2026-03-06", "text": "b"}]}
    )
    theirs = Event.from_data(
        {
            **EVENT,
            "attendees": ["ada", "cy"],
            "hosts": ["cy"],
            "outcomes": ["zzzz2345"],
            "notes": [{"by": "cy", "date": "2026-03-05", "text": "c"}],
        }
    )
    merged, conflicted = merge_records(base, ours, theirs)
    assert isinstance(merged, Event) and not conflicted
    assert merged.attendees == ["ada", "bob", "cy"]
    assert [n.by for n in merged.notes] == ["cy", "bob"]  # oldest first
    assert merged.hosts == ["cy"] and merged.outcomes == ["zzzz2345"]


def test_unattend_on_one_side_is_honoured() -> None:
    base = {**EVENT, "attendees": ["ada", "bob"]}
    ours = {**EVENT, "attendees": ["ada"]}
    theirs = {**EVENT, "attendees": ["ada", "bob", "cy"]}
    assert merge_data(Event, base, ours, theirs).data["attendees"] == ["ada", "cy"]


def test_project_members_links_and_updates_merge() -> None:
    base = {"slug": "bot", "title": "Bot", "members": ["ada"]}
    ours = {
        **base,
        "members": ["ada", "bob"],
        "updates": [{"date": "2026-03-02", "author": "bob", "text": "x"}],
    }
    theirs = {
        **base,
        "members": ["ada", "cy"],
        "links": ["zzzz2345"],
        "updates": [{"date": "2026-03-01", "author": "cy", "text": "y"}],
    }
    data = merge_data(Project, base, ours, theirs).data
    assert data["members"] == ["ada", "bob", "cy"]
    assert data["links"] == ["zzzz2345"]
    assert [u["author"] for u in data["updates"]] == ["cy", "bob"]
