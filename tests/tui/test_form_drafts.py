"""The entry form keeps what was typed as a draft (debounced) and puts it back when it opens again,
so a crashed or closed TUI never loses text; saving or discarding drops the draft."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from cop.core import Cop
from cop.tui.screens.entry_form import EntryForm
from cop.tui.screens.main import MainScreen
from tests.tui.conftest import make_app, settle


async def type_and_quit(repo: Path) -> None:
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        form = app.screen
        await pilot.press(*"Half a title", "tab", "tab", "tab", *"typed before the crash")
        assert form._draft_timer is not None  # each key (re)starts the debounce
        form._keep_draft()  # what the timer does when the keys pause (no waiting in tests)
        await settle(pilot)
        app.exit()  # the TUI goes away with the form open (no save, no discard)


async def test_typed_text_comes_back_when_the_form_opens_again(acme: Path) -> None:
    await type_and_quit(acme)
    core = Cop.open(acme, "ada")
    assert core.draft("form:New entry") is not None
    core.close()
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.query_one("#title", Input).value == "Half a title"
        assert "typed before the crash" in form.query_one("#body", TextArea).text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    core = Cop.open(acme, "ada")
    assert core.draft("form:New entry") is None  # saved: the draft is gone
    assert any(e.title == "Half a title" for e in core.entries())
    core.close()


async def test_discarding_drops_the_draft(acme: Path) -> None:
    await type_and_quit(acme)
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    core = Cop.open(acme, "ada")
    assert core.draft("form:New entry") is None
    core.close()
