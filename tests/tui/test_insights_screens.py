"""The Insights screen and the New view (digest) on the real app over the example repo."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from cop.tui.screens.digest import DigestScreen
from cop.tui.screens.insights import InsightsScreen
from cop.tui.widgets.entry_list import ColumnHeader, column_widths
from cop.tui.widgets.sidebar import Sidebar
from tests.tui.conftest import entry_list, make_app, outside, settle


async def test_insights_screen_draws_every_community(running) -> None:
    app, pilot = running
    screen = InsightsScreen()
    app.push_screen(screen)
    await settle(pilot)
    assert [f.community for f in screen.found][:1] == [""] and len(screen.found) > 2
    assert screen.query_one("#insights-table", DataTable).row_count == len(screen.found)
    assert str(screen.query_one("#insights-tags", Static).render()) != "Counting…"


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


async def test_keys_and_the_sidebar_open_insights_and_the_new_view(running) -> None:
    app, pilot = running
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(app.screen, InsightsScreen) and app.screen.found
    await pilot.press("escape")
    await pilot.press("N")
    await settle(pilot)
    assert isinstance(app.screen, DigestScreen) and app.screen.found is not None
    await pilot.press("escape")
    sidebar = app.screen.query_one(Sidebar)
    ids = [sidebar.get_option_at_index(i).id for i in range(sidebar.option_count)]
    assert "screen:new" in ids and "screen:insights" in ids
    app.screen.pick("screen:insights")
    await settle(pilot)
    assert isinstance(app.screen, InsightsScreen)


async def test_start_up_says_how_much_is_new_and_leaves_the_mark(acme: Path) -> None:
    ada = outside(acme, "ada")
    user = ada.whoami()
    assert user is not None
    news = outside(acme, "marco")
    try:
        news.add_entry("how-to", "Fresh news", user.memberships[0].community)
        expected = ada.digest().new
    finally:
        news.close()
        ada.close()
    assert expected > 0, "the example has news for ada, or this test proves nothing"
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.new_since == expected
        notes = [str(n.message) for n in app._notifications]
        assert any(note.startswith(f"{expected:,} new since you last looked") for note in notes), notes
    core = outside(acme, "ada")
    try:
        assert core.digest().first, "a peek: the mark moves only when the New view is opened"
    finally:
        core.close()


def test_the_endorsement_column_fits_wide_lists_and_gives_way_first() -> None:
    wide, narrow = column_widths(120), column_widths(80)
    assert wide["endorsements"] and wide["tags"]
    assert narrow["endorsements"] == 0 and narrow["author"], "the count goes before the author"
    assert column_widths(85)["endorsements"] == 0 and column_widths(85)["tags"], "and before the tags"


async def test_the_entry_list_shows_endorsement_counts(running, acme: Path) -> None:
    app, pilot = running
    first = entry_list(app).rows[0]
    core = outside(acme, "marco")
    try:
        if core.entry(first.id).author != "marco":
            core.endorse(first.id)
    finally:
        core.close()
    app.check_files()
    await settle(pilot)
    row = next(r for r in entry_list(app).rows if r.id == first.id)
    assert row.endorsements >= 1
    line = entry_list(app).render_line(entry_list(app).rows.index(row)).text
    assert f"★{row.endorsements:>3}" in line
    assert "★" in str(app.screen.query_one(ColumnHeader).render())


async def test_new_view_shows_updates_on_your_projects(acme: Path) -> None:
    core = outside(acme, "marco")
    try:
        core.add_project("kit", title="Demo kit", communities=["python-guild"], status="active")
        core.project_update("kit", "first release is out\nmore later", date="2099-01-01")
    finally:
        core.close()
    app = make_app(acme, "ada")  # ada is in python-guild; marco wrote the update
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = DigestScreen()
        app.push_screen(screen)
        await settle(pilot)
        shown = str(screen.query_one("#digest-body", Static).render())
        assert "Updates on your projects" in shown and "Demo kit: first release is out" in shown
