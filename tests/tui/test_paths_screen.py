"""The Paths screen through the real app and Pilot: opened from the command palette, each follower's
progress bar, flagged steps, the next step's entry in the reader, and `s`/`d` writing the member's own
progress file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList, Static

from cop.core import Cop
from cop.tui.screens.paths import PathsScreen
from cop.tui.widgets.reader import Reader
from tests.tui.conftest import make_app, settle

HANDOVER, POSTMORTEM = "n990qvvb", "mrw4c0p9"  # an sre-chapter how-to and lesson in examples/acme
HOSTILE = "Evil \x1b]52;c;aGk=\x07 \u202etask"


@pytest.fixture
def repo(acme: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COP_NOW", "2026-12-01T09:00:00Z")
    core = Cop.open(acme, "marco")
    core.add_path("new-sre", "Your first month on call", "sre-chapter", audience="new SRE")
    core.edit_path("new-sre", add_entry=HANDOVER, expected_days=2)
    core.edit_path("new-sre", add_task=HOSTILE, expected_days=5)
    core.edit_path("new-sre", add_entry=POSTMORTEM)
    core.mark_obsolete(POSTMORTEM)
    core.mark_done("new-sre", 1, member="tomas")
    core.start_path("new-sre", "priya")
    core.close()
    monkeypatch.setenv("COP_NOW", "2026-12-20T09:00:00Z")  # 19 days on: both are stuck
    return acme


def _text(screen: PathsScreen) -> str:
    return str(screen.query_one("#path-detail", Static).render())


async def test_the_palette_opens_paths_with_bars_flags_and_the_next_entry_in_the_reader(repo: Path) -> None:
    app = make_app(repo, acting="marco")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Onboarding")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PathsScreen)
        assert [p.slug for p in screen.items] == ["new-sre"]
        detail = _text(screen)
        assert "tomas          ████░░░░░░░░ 1/3  stuck 19 days" in detail
        assert "priya          ░░░░░░░░░░░░ 0/3  stuck 19 days" in detail
        assert "⚠ obsolete" in detail
        assert "You do not follow this path: s starts it." in detail
        assert "\x1b" not in detail and "\u202e" not in detail and "\\x1b" in detail
        reader = screen.query_one(Reader)
        assert reader.entry_id == HANDOVER  # marco's next step: step 1, read the handover how-to
        assert reader.border_title == "Next step 1: read"
        footer_keys = {k for k, b in screen.active_bindings.items() if b.binding.show}
        assert {"s", "d"} <= footer_keys


async def test_start_and_done_write_the_members_own_file(repo: Path) -> None:
    app = make_app(repo, acting="marco")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.push_screen(PathsScreen())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PathsScreen)
        await pilot.press("s")
        await settle(pilot)
        assert (repo / "progress/new-sre/marco.yaml").read_text() == (
            "learning_path: new-sre\nmember: marco\nstarted: '2026-12-20'\n"
        )
        await pilot.press("d")
        await settle(pilot)
        core = Cop.open(repo, "marco")
        assert [m.date for m in core.progress("new-sre").done] == ["2026-12-20"]
        core.close()
        detail = _text(screen)
        assert "Your next step: 2 (d marks it done)" in detail
        assert "marco          ████░░░░░░░░ 1/3\n" in detail  # active today: not stuck
        reader = screen.query_one(Reader)
        assert reader.entry_id == "" and reader.border_title == "Next step 2: a task (see the path)"
        await pilot.press("d", "d")  # the task, then the obsolete entry: the path is done
        await settle(pilot)
        assert "You finished this path." in _text(screen)
        assert screen.query_one(Reader).border_title == "Next step: none, the path is done"
        await pilot.press("d")  # nothing left: a notification, nothing written
        await settle(pilot)
        core = Cop.open(repo, "marco")
        assert len(core.progress("new-sre").done) == 3
        core.close()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PathsScreen)


async def test_without_an_acting_member_nothing_is_written(repo: Path) -> None:
    app = make_app(repo, acting=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.push_screen(PathsScreen())
        await settle(pilot)
        await pilot.press("s", "d")
        await settle(pilot)
        assert not (repo / "progress/new-sre/marco.yaml").exists()
        assert sorted(p.name for p in (repo / "progress/new-sre").iterdir()) == ["priya.yaml", "tomas.yaml"]


async def test_a_repo_without_paths_says_how_to_make_one(acme: Path) -> None:
    app = make_app(acme, acting="marco")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(PathsScreen())
        await settle(pilot)
        options = app.screen.query_one("#paths", OptionList)
        assert options.option_count == 1
        assert "cop path add" in str(options.get_option_at_index(0).prompt)


async def test_o_and_the_sidebar_open_the_paths_screen_and_help_lists_the_key(repo: Path) -> None:
    from cop.tui.screens.help import KEYS
    from cop.tui.widgets.sidebar import Sidebar

    app = make_app(repo, acting="marco")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, PathsScreen)
        await pilot.press("escape")
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index("screen:paths")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PathsScreen)
    main_keys = dict(next(keys for where, keys in KEYS if where == "Main screen"))
    assert "onboarding paths" in main_keys["o"]
