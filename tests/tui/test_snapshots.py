"""Snapshots of the main screens at 80x24 and 120x40 (fixed clock, cursor blink off).

Review a change with `pytest tests/tui/test_snapshots.py --snapshot-report` (an HTML diff) and accept it
with `--snapshot-update`; the SVGs live in tests/tui/__snapshots__.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from tests.tui.conftest import entry_list, make_app, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Steps = Callable[[Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_NOW", "2026-11-16T09:00:00Z")


async def still(pilot: Pilot[None]) -> None:
    """Everything loaded, and no cursor that blinks (a blink would make the picture depend on timing)."""
    await settle(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False
    await settle(pilot)


async def main(pilot: Pilot[None]) -> None:
    await still(pilot)


async def question(pilot: Pilot[None]) -> None:
    await settle(pilot)
    assert entry_list(pilot.app).select_id("xjpb6rht")  # a question with two answers, one accepted
    await still(pilot)


async def new_entry(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("n")
    await still(pilot)


async def mentorships(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    options = pilot.app.screen.query_one("#mentorships", OptionList)
    options.highlighted = options.get_option_index("23ae357g")
    await still(pilot)


async def people(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    options = pilot.app.screen.query_one("#people", OptionList)
    options.highlighted = options.get_option_index("marco")
    await still(pilot)


async def help_screen(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await still(pilot)


SCREENS = [
    pytest.param(main, id="main"),
    pytest.param(question, id="question"),
    pytest.param(new_entry, id="new-entry"),
    pytest.param(mentorships, id="mentorships"),
    pytest.param(people, id="people"),
    pytest.param(help_screen, id="help"),
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("steps", SCREENS)
def test_screen(snap_compare, acme: Path, steps: Steps, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(acme), terminal_size=size, run_before=steps)
