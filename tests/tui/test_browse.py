"""Browsing: first data, views, live filter, full-text search, kind and tag filters, sort, reading pane."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Markdown, Static

from cop.core import Cop
from cop.domain.filters import EntryFilter
from cop.tui import palette
from cop.tui.app import CopApp
from cop.tui.screens.dialogs import PickOne
from cop.tui.widgets.reader import Reader
from cop.tui.widgets.sidebar import Sidebar
from tests.tui.conftest import entry_list, settle, titles


def all_entries(repo: Path) -> list:
    core = Cop.open(repo)
    try:
        return core.entries(EntryFilter())
    finally:
        core.close()


async def test_opens_on_every_entry_newest_first(running, acme: Path) -> None:
    app, pilot = running
    expected = all_entries(acme)
    assert app.title == "Acme Communities of Practice"
    assert [r.id for r in entry_list(app).rows] == [e.id for e in expected]
    sidebar = app.screen.query_one(Sidebar)
    ids = [sidebar.get_option_at_index(i).id for i in range(sidebar.option_count)]
    assert "community:python-guild" in ids and "view:unanswered" in ids and "screen:people" in ids
    # the reading pane shows the highlighted (first) entry
    assert app.screen.query_one(Reader).entry_id == expected[0].id


async def test_cursor_moves_and_reader_follows(running) -> None:
    app, pilot = running
    rows = entry_list(app).rows
    await pilot.press("down", "down")
    await settle(pilot)
    assert entry_list(app).cursor == 2
    assert app.screen.query_one(Reader).entry_id == rows[2].id
    await pilot.press("end")
    await settle(pilot)
    assert entry_list(app).current is rows[-1]


async def test_click_selects_a_row(running) -> None:
    app, pilot = running
    rows = entry_list(app).rows
    await pilot.click("#entries", offset=(5, 3))
    await settle(pilot)
    assert entry_list(app).current is rows[3]


async def test_live_filter_on_title_and_tags_then_escape_clears(running) -> None:
    app, pilot = running
    total = len(entry_list(app).rows)
    await pilot.press("slash")
    assert app.focused is app.screen.query_one("#search", Input)
    await pilot.press(*"pytest")
    await pilot.pause()
    rows = entry_list(app).rows
    assert 0 < len(rows) < total
    assert all("pytest" in r.title.lower() or "pytest" in r.tags for r in rows)
    await pilot.press("down")  # from the search box into the list
    assert app.focused is entry_list(app)
    await pilot.press("escape")
    await pilot.pause()
    assert len(entry_list(app).rows) == total
    assert app.screen.query_one("#search", Input).value == ""


async def test_enter_runs_full_text_search_with_snippets(running) -> None:
    app, pilot = running
    await pilot.press("slash", *"freezegun", "enter")
    await settle(pilot)
    rows = entry_list(app).rows
    ids = [r.id for r in rows]
    assert "308np531" in ids and "26awse57" not in ids  # a question and its answer are one hit (issue 13)
    assert all(r.snippet for r in rows)
    assert entry_list(app).line_height == 2
    status = str(app.screen.query_one("#status", Static).render())
    assert "freezegun" in status


async def test_kind_filter_through_the_picker(running) -> None:
    app, pilot = running
    await pilot.press("k")
    await pilot.pause()
    assert isinstance(app.screen, PickOne)
    picker = app.screen.query_one("#choices")
    index = next(i for i in range(picker.option_count) if picker.get_option_at_index(i).id == "question")
    picker.highlighted = index
    await pilot.press("enter")
    await settle(pilot)
    rows = entry_list(app).rows
    assert rows and all(r.kind == "question" for r in rows)
    await pilot.press("escape")
    await pilot.pause()
    assert any(r.kind != "question" for r in entry_list(app).rows)


async def test_tag_filter_through_the_picker(running) -> None:
    app, pilot = running
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(app.screen, PickOne)
    picker = app.screen.query_one("#choices")
    first_tag = picker.get_option_at_index(1).id  # the most used tag
    picker.highlighted = 1
    await pilot.press("enter")
    await settle(pilot)
    rows = entry_list(app).rows
    assert rows and all(first_tag in r.tags for r in rows)


async def test_sort_cycles_and_reverses(running) -> None:
    app, pilot = running
    await pilot.press("s")  # created
    await pilot.pause()
    created = [r.created for r in entry_list(app).rows]
    assert created == sorted(created, reverse=True)
    await pilot.press("s")  # title
    await pilot.pause()
    names = [t.casefold() for t in titles(app)]
    assert names == sorted(names)
    await pilot.press("S")
    await pilot.pause()
    assert [t.casefold() for t in titles(app)] == sorted(names, reverse=True)


async def test_palette_switches_community(running) -> None:
    app, pilot = running
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Switch community: Python Guild")
    await settle(pilot)  # the palette searches in a worker of its own
    await pilot.press("enter")
    await settle(pilot)
    rows = entry_list(app).rows
    assert rows and {r.community for r in rows} == {"python-guild"}


async def test_open_questions_view(running) -> None:
    app, pilot = running
    app.screen.pick("view:unanswered")
    await settle(pilot)
    rows = entry_list(app).rows
    assert rows and all(r.kind == "question" and not r.accepted for r in rows)
    assert "308np531" in {r.id for r in rows}


async def test_sidebar_enter_picks_a_community(running) -> None:
    app, pilot = running
    sidebar = app.screen.query_one(Sidebar)
    sidebar.focus()
    sidebar.highlighted = sidebar.get_option_index("community:sre-chapter")
    await pilot.press("enter")
    await settle(pilot)
    assert {r.community for r in entry_list(app).rows} == {"sre-chapter"}


async def test_question_shows_its_answers_accepted_first(acme: Path) -> None:
    from tests.tui.conftest import make_app

    app: CopApp = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert entry_list(app).select_id("xjpb6rht")  # a question with an accepted answer
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.entry_id == "xjpb6rht"
        heads = [str(s.render()) for s in reader.query(".answer-head").results(Static)]
        assert heads and heads[0].startswith("✓ Accepted answer") and "4tqg1dfe" in heads[0]
        assert len(reader.query(Markdown)) == 1 + len(heads)


async def test_palette_lists_cops_actions_and_toggles_the_theme(running) -> None:
    app, pilot = running
    titles = [c.title for c in palette.commands(app, app.screen)]
    for wanted in ("New entry", "Delete entry", "Switch community: SRE Chapter", "Reindex", "Mentorships"):
        assert wanted in titles
    dark = app.current_theme.dark
    await pilot.press("ctrl+p")
    await pilot.press(*"Toggle dark")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert app.current_theme.dark is not dark


async def test_f5_rebuilds_the_index_and_keeps_the_list(running, acme: Path) -> None:
    app, pilot = running
    before = [r.id for r in entry_list(app).rows]
    await pilot.press("f5")
    await settle(pilot)
    assert any(n.title == "Reindex" and "Index rebuilt" in n.message for n in app._notifications)
    assert [r.id for r in entry_list(app).rows] == before


async def test_clicking_a_column_title_sorts_by_it(running) -> None:
    app, pilot = running
    await pilot.click("#columns", offset=(20, 0))  # "title" (after the 13-cell kind column)
    await pilot.pause()
    names = [t.casefold() for t in titles(app)]
    assert names == sorted(names)
    await pilot.click("#columns", offset=(20, 0))  # again: reversed
    await pilot.pause()
    assert [t.casefold() for t in titles(app)] == sorted(names, reverse=True)
