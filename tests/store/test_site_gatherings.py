"""The HTML export's events and projects pages escape every piece of user text."""

from __future__ import annotations

from cop.domain.events import Event, Project
from cop.domain.models import Community, Entry
from cop.store.export.site import render_site

EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_events_and_projects_pages_are_escaped() -> None:
    records = [
        Community.from_data({"slug": "py", "name": "Py", "kind": "professional"}),
        Entry.from_data({"id": "abcd2345", "kind": "lesson", "title": EVIL, "community": "py"}),
        Event.from_data(
            {
                "id": "bcde2345",
                "title": EVIL,
                "community": "py",
                "kind": "meetup",
                "start": "2026-03-05T18:00Z",
                "place": EVIL,
                "link": "javascript:alert(3)",
                "description": EVIL,
                "outcomes": ["abcd2345"],
                "notes": [{"by": "ada", "date": "2026-03-06", "text": EVIL}],
            }
        ),
        Project.from_data(
            {
                "slug": "bot",
                "title": EVIL,
                "goal": EVIL,
                "links": ["abcd2345"],
                "updates": [{"date": "2026-03-06", "author": "ada", "text": EVIL}],
            }
        ),
    ]
    pages = render_site("Site", "", records)
    for name in ("events.html", "projects.html"):
        page = pages[name]
        assert "<script>" not in page and "<img" not in page, name
        assert "&lt;script&gt;" in page
        assert 'href="e/abcd2345.html"' in page
    assert 'href="javascript:' not in pages["events.html"]
    assert 'href="events.html"' in pages["index.html"] and 'href="projects.html"' in pages["index.html"]


def test_no_pages_without_events_or_projects() -> None:
    pages = render_site(
        "Site", "", [Community.from_data({"slug": "py", "name": "Py", "kind": "professional"})]
    )
    assert "events.html" not in pages and "projects.html" not in pages
    assert "events.html" not in pages["index.html"]
