"""The Experts screen (x) and the mentor matches on a member's page, through the real app and Pilot."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from cop.tui.screens.experts import ExpertsScreen
from cop.tui.screens.help import KEYS
from cop.tui.screens.main import MainScreen
from cop.tui.screens.people import PeopleScreen
from tests.tui.conftest import settle


def option_ids(screen: object, selector: str) -> list[str]:
    options = screen.query_one(selector, OptionList)  # type: ignore[attr-defined]
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


def shown(static: Static) -> str:
    return str(static.render())


async def test_type_a_topic_see_ranked_members_with_evidence_enter_opens_the_person(running) -> None:
    app, pilot = running
    await pilot.press("x")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ExpertsScreen)
    assert screen.query_one("#experts-topic", Input).has_focus
    await pilot.press(*"learning-design", "enter")
    await settle(pilot)
    ranking = await app.runner.call(app.core.experts, "learning-design", None, 50)
    expected = [e.handle for e in ranking.experts]
    assert option_ids(screen, "#experts") == expected[: len(option_ids(screen, "#experts"))]
    assert expected[0] == "kwame"
    detail = shown(screen.query_one("#expert-evidence", Static))
    assert "score" in detail and "learning-design" in detail and "+" in detail
    await pilot.press("down")  # the next member's evidence
    await settle(pilot)
    assert f"@{expected[1]}" in shown(screen.query_one("#expert-evidence", Static))
    await pilot.press("up", "enter")
    await settle(pilot)
    people = app.screen
    assert isinstance(people, PeopleScreen)
    assert people.selected is not None and people.selected.handle == "kwame"
    await pilot.press("escape", "escape")
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)


async def test_unknown_topic_says_nobody_and_typing_x_in_the_box_stays(running) -> None:
    app, pilot = running
    await pilot.press("x")
    await settle(pilot)
    await pilot.press(*"xyzzy", "enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ExpertsScreen)
    assert screen.query_one("#experts-topic", Input).value == "xyzzy"
    assert "Nobody has evidence" in shown(screen.query_one("#expert-evidence", Static))


async def test_member_page_shows_mentor_matches_with_their_parts(running) -> None:
    app, pilot = running
    await pilot.press("p")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PeopleScreen)
    people = screen.query_one("#people", OptionList)
    people.highlighted = option_ids(screen, "#people").index("fatima")
    await settle(pilot)
    profile = shown(screen.query_one("#profile", Static))
    best = (await app.runner.call(app.core.mentor_matches, "fatima"))[0]
    assert "mentor matches" in profile and best.mentor_name in profile
    assert "spare slot" in profile and "expert score" in profile


def test_help_lists_the_experts_key() -> None:
    assert any(key == "x" and "experts" in what for _, keys in KEYS for key, what in keys)
