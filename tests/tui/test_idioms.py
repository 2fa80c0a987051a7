"""The Textual idioms the app is built on: the palette's provider, the RecordsChanged message, the main
screen's reactive filter state."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.content import Content
from textual.widgets import Static

from cop.tui import palette, views
from cop.tui.app import CopApp
from cop.tui.rows import Row
from tests.tui.conftest import entry_list, make_app, outside, settle, titles

MARKUP_NAME = "[bold red]Loud[/bold red] Guild [link=x]"


async def test_the_palette_is_one_provider_with_cops_commands_then_textuals(running) -> None:
    app, _pilot = running
    assert CopApp.COMMANDS == {palette.CopCommands}
    titles_ = [c.title for c in palette.commands(app, app.screen)]
    assert titles_.index("New entry") < titles_.index("Reindex") < titles_.index("Quit")
    assert "Switch community: Python Guild" in titles_


async def test_palette_shows_a_community_name_literally(acme: Path) -> None:
    core = outside(acme, "ada")
    core.add_community("loud-guild", MARKUP_NAME, "social")
    core.close()
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        [title] = [c.title for c in palette.commands(app, app.screen) if "loud" in c.help]
        assert Content.from_markup(title).plain == f"Switch community: {MARKUP_NAME}"
        await pilot.press("ctrl+p")
        await pilot.press(*"Loud Guild")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.view.where.community == "loud-guild"


async def test_filter_state_redraws_through_its_watchers(running) -> None:
    app, pilot = running
    screen = app.screen
    screen.kind = "question"
    await settle(pilot)
    rows: list[Row] = entry_list(app).rows
    assert rows and all(r.kind == "question" for r in rows)
    assert "kind: question" in str(screen.query_one("#status", Static).render())
    screen.sort = "title"
    await settle(pilot)
    assert [t.casefold() for t in titles(app)] == sorted(t.casefold() for t in titles(app))
    screen.reverse = True
    await settle(pilot)
    assert [t.casefold() for t in titles(app)] == sorted((t.casefold() for t in titles(app)), reverse=True)
    screen.view = views.community("sre-chapter", "SRE Chapter")
    await settle(pilot)
    assert {r.community for r in entry_list(app).rows} == {"sre-chapter"}
    screen.kind = None
    await settle(pilot)
    assert {r.kind for r in entry_list(app).rows} != {"question"}


async def test_records_changed_reaches_the_screen_below_too(running, acme: Path) -> None:
    app, pilot = running
    await pilot.press("p")
    await settle(pilot)
    other = outside(acme, "marco")
    added = other.add_entry("idea", "Written while People is open", "sre-chapter")
    other.close()
    await app.check_files().wait()
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    assert added.id in {r.id for r in entry_list(app).rows}  # no second look at the files needed
