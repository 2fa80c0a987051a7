"""The Events and Projects screens and the sidebar's "Coming up" lines, through the real app and Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from cop.core import Cop
from cop.tui.screens.events import EventsScreen
from cop.tui.screens.projects import ProjectsScreen
from tests.tui.conftest import make_app, settle

HOSTILE = "Evil \x1b]52;c;aGk=\x07 \u202etitle"


@pytest.fixture
def repo(acme: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    monkeypatch.setenv("COP_NOW", "2026-03-01T09:00:00Z")
    core = Cop.open(acme, "ada")
    soon = core.add_event("Packaging brown bag", "python-guild", "brown-bag", "2026-03-05T12:00+01:00")
    core.add_event("Old meetup", "python-guild", "meetup", "2026-01-05T12:00Z")
    hostile = core.add_event(HOSTILE, "python-guild", "workshop", "2026-03-09T12:00Z", description=HOSTILE)
    core.add_project("review-bot", title="Review bot", communities=["python-guild"], status="active")
    core.project_update("review-bot", HOSTILE)
    core.close()
    return acme, soon.id, hostile.id


def _text(widget: Static) -> str:
    return str(widget.render())


async def test_events_screen_attend_unattend_and_past(repo: tuple[Path, str, str]) -> None:
    path, soon, hostile = repo
    app = make_app(path, acting="marco")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(EventsScreen())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        assert [e.title for e in screen.items][0] == "Packaging brown bag"  # soonest first, past left out
        assert "Old meetup" not in [e.title for e in screen.items]
        footer_keys = {k for k, b in screen.active_bindings.items() if b.binding.show}
        assert {"a", "u", "p"} <= footer_keys
        await pilot.press("a")
        await settle(pilot)
        core = Cop.open(path, "ada")
        assert core.event(soon).attendees == ["marco"]
        detail = _text(screen.query_one("#event-detail", Static))
        assert "marco" in detail and "Who is coming (2)" in detail
        await pilot.press("u")
        await settle(pilot)
        assert core.event(soon).attendees == []
        await pilot.press("p")
        await settle(pilot)
        assert [e.title for e in screen.items] == ["Old meetup"]
        core.close()


async def test_hostile_text_is_cleaned(repo: tuple[Path, str, str]) -> None:
    path, _, hostile = repo
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(EventsScreen(select=hostile))
        await settle(pilot)
        detail = _text(app.screen.query_one("#event-detail", Static))
        assert "\x1b" not in detail and "\u202e" not in detail and "\\x1b" in detail
        options = app.screen.query_one("#events", OptionList)
        for i in range(options.option_count):
            assert "\x1b" not in str(options.get_option_at_index(i).prompt)


async def test_projects_screen_join_and_leave(repo: tuple[Path, str, str]) -> None:
    path, _, _ = repo
    app = make_app(path, acting="marco")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ProjectsScreen())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProjectsScreen)
        footer_keys = {k for k, b in screen.active_bindings.items() if b.binding.show}
        assert {"j", "l"} <= footer_keys
        detail = _text(screen.query_one("#project-detail", Static))
        assert "Review bot" in detail and "\x1b" not in detail and "\\x1b" in detail
        await pilot.press("j")
        await settle(pilot)
        core = Cop.open(path, "ada")
        assert core.project("review-bot").members == ["ada", "marco"]
        await pilot.press("j")  # again: refused with a notification, nothing written
        await settle(pilot)
        assert core.project("review-bot").members == ["ada", "marco"]
        await pilot.press("l")
        await settle(pilot)
        assert core.project("review-bot").members == ["ada"]
        core.close()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProjectsScreen)
