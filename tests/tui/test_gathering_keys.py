"""The sidebar's "Coming up" lines, the Events and Projects entries and keys (v, P) of the main screen,
and the help screen's lines for them, through the real app and Pilot."""

from __future__ import annotations

from pathlib import Path

from cop.tui.screens.events import EventsScreen
from cop.tui.screens.help import help_table
from cop.tui.screens.projects import ProjectsScreen
from cop.tui.widgets.sidebar import Sidebar
from tests.tui.conftest import make_app, settle
from tests.tui.test_events_projects import repo  # noqa: F401  (the fixture)


async def test_sidebar_lists_upcoming_events_and_opens_them(repo: tuple[Path, str, str]) -> None:  # noqa: F811
    path, soon, _ = repo
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        ids = [sidebar.get_option_at_index(i).id for i in range(sidebar.option_count)]
        assert f"event:{soon}" in ids and "screen:events" in ids and "screen:projects" in ids
        assert ids.index(f"event:{soon}") < len(ids)
        sidebar.highlighted = ids.index(f"event:{soon}")
        sidebar.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert app.screen.selected is not None and app.screen.selected.id == soon


async def test_keys_open_the_screens(repo: tuple[Path, str, str]) -> None:  # noqa: F811
    app = make_app(repo[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        await pilot.press("escape")
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)


def test_help_lists_the_keys() -> None:
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(help_table())
    text = console.export_text()
    assert "events (a attend, u unattend, p past)" in text and "projects (j join, l leave)" in text
