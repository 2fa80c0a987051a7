"""The Insights screen and the New view (digest) on the real app over the example repo."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from cop.tui.screens.digest import DigestScreen
from cop.tui.screens.insights import InsightsScreen
from tests.tui.conftest import outside, settle


async def test_insights_screen_draws_every_community(running) -> None:
    app, pilot = running
    screen = InsightsScreen()
    app.push_screen(screen)
    await settle(pilot)
    assert [f.community for f in screen.found][:1] == [""] and len(screen.found) > 2
    shown = str(screen.query_one("#insights-table", Static).render())
    assert shown != "Counting…"


async def test_new_view_lists_the_digest_and_moves_the_mark(running, acme: Path) -> None:
    app, pilot = running
    user = app.core.whoami()
    assert user is not None
    screen = DigestScreen()
    app.push_screen(screen)
    await settle(pilot)
    assert screen.found is not None
    core = outside(acme, user.handle)
    try:
        assert not core.digest().first  # the view moved this member's mark in this clone
    finally:
        core.close()
