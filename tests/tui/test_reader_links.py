"""The reading pane's links: follow one with enter or a click, go back with backspace or `[`."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from cop.core import Cop
from cop.tui.app import CopApp
from cop.tui.widgets.reader import Reader
from tests.tui.conftest import entry_list, make_app, settle


def linked_pair(repo: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A target and, newest of all (so on show at start), a source linking to it and to nothing."""
    core = Cop.open(repo, "marco")
    try:
        community = core.entries()[0].community
        monkeypatch.setenv("COP_NOW", "2099-01-01T00:00:00Z")
        target = core.add_entry("how-to", "The \x1b[31mtarget", community, body="target body")
        monkeypatch.setenv("COP_NOW", "2099-01-02T00:00:00Z")
        source = core.add_entry(
            "lesson", "The source", community, body=f"see [[{target.id[:6]}|it]] [[zzzz]]"
        )
        return source.id, target.id
    finally:
        monkeypatch.delenv("COP_NOW")
        core.close()


async def open_row(pilot: Pilot[None], app: CopApp, entry_id: str) -> None:
    """Move the list's cursor to the entry, as a person would, and let the reader show it."""
    await settle(pilot)
    index = [row.id for row in entry_list(app).rows].index(entry_id)
    await pilot.press("end", "home")  # the cursor may sit on the first page's row: move it for real
    for _ in range(index):
        await pilot.press("down")
    await settle(pilot)


async def test_follow_a_link_with_enter_and_go_back(acme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = linked_pair(acme, monkeypatch)
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_row(pilot, app, source)
        reader = app.screen.query_one(Reader)
        assert reader.entry_id == source
        links = reader.query_one("#links", OptionList)
        prompts = [str(links.get_option_at_index(i).prompt) for i in range(links.option_count)]
        assert "→ The \\x1b[31mtarget" in prompts[0]  # cleaned, not an escape sequence
        assert "no such entry" in prompts[1] and links.get_option_at_index(1).disabled
        await pilot.press("enter", "l")  # enter: to the reading pane; l: to its links
        await settle(pilot)
        assert app.focused is links
        await pilot.press("enter")
        await settle(pilot)
        assert reader.entry_id == target
        assert app.screen.loaded is not None and app.screen.loaded.entry.id == target
        back = reader.query_one("#links", OptionList)  # the target lists its backlink
        assert "← The source" in str(back.get_option_at_index(0).prompt)
        reader.focus()
        await pilot.press("backspace")
        await settle(pilot)
        assert reader.entry_id == source
        await pilot.press("left_square_bracket")  # nothing left to go back to: stays
        await settle(pilot)
        assert reader.entry_id == source


async def test_follow_a_link_with_a_click_then_back_with_bracket(
    acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = linked_pair(acme, monkeypatch)
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_row(pilot, app, source)
        reader = app.screen.query_one(Reader)
        reader.scroll_end(animate=False)
        await settle(pilot)
        await pilot.click("#links", offset=(4, 0))
        await settle(pilot)
        assert reader.entry_id == target
        reader.focus()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert reader.entry_id == source
