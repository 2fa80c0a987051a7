"""The main list pages from the index: with thousands of entries the app holds a window of rows, not every
entry; End, a scroll or a kept selection fetch the rows there from SQL; filters and sorts give what
`cop list` gives for the same filter and sort."""

from __future__ import annotations

import gc
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Static
from typer.testing import CliRunner

from cop.cli import app as cli
from cop.core import Cop
from cop.domain import ids
from cop.domain.models import Entry
from cop.store import Repo
from cop.tui import views
from cop.tui.app import CopApp
from cop.tui.rows import SORTS, Row, filter_rows
from cop.tui.screens.main import FIRST_PAGE, MainScreen
from cop.tui.widgets.reader import Reader
from tests.record_files import write_record
from tests.tui.conftest import entry_list, make_app, outside, settle

COUNT = 2500
KINDS = ("question", "how-to", "lesson", "idea", "resource")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repo of `COUNT` entries written as files (kinds, authors, tags, titles and endorsements vary),
    indexed once for the module (a home of its own: the module's fixtures run before `isolated_env`)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("HOME", str(tmp_path_factory.mktemp("home")))
        env.setenv("GIT_CONFIG_NOSYSTEM", "1")
        for name in ("COP_REPO", "COP_USER", "COP_NOW", "XDG_CONFIG_HOME"):
            env.delenv(name, raising=False)
        root = tmp_path_factory.mktemp("big") / "kb"
        core = Cop(Repo.init(root, name="Many entries"), acting="ada")
        core.add_member("ada", "Ada Lovelace")
        core.add_member("bob", "Bob Builder")
        core.add_community("py", "Python Guild", "professional", coordinators=["ada"])
        an_hour_ago = time.time() - 3600  # older than the index's racy window: a copy is not re-read
        for n in range(COUNT):
            os.utime(write_record(root, entry(n)), (an_hour_ago, an_hour_ago))
        assert core.count_entries() == COUNT  # the index is built here, once
        core.close()
    return root


def entry(n: int) -> Entry:
    kind = KINDS[n % len(KINDS)]
    data = {
        "id": ids.new_id(),
        "kind": kind,
        "title": f"{'Alpha' if n % 3 else 'beta'} note {n:04d}",
        "community": "py",
        "author": "ada" if n % 4 else "bob",
        "created": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z",
        "tags": ["many"] if n % 2 else ["few", "python"],
        "endorsements": ["bob"] * (n % 3 == 0) + ["ada"] * (n % 5 == 0),
    }
    if kind == "resource":
        data["url"] = "https://example.org"
    if kind == "question" and n % 10 == 0:
        data["accepted"] = ids.new_id()
    return Entry.from_data(data)


@pytest.fixture
def big(template: Path, tmp_path: Path) -> Path:
    """A private copy of the module's repo, index included."""
    return Path(shutil.copytree(template, tmp_path / "kb"))


@pytest.fixture
def acme(big: Path) -> Path:
    """The repo conftest's `running` app opens: this module's many entries, not the example."""
    return big


def main_screen(app: CopApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def listed(root: Path, *args: str) -> list[str]:
    """The ids `cop list --all --json` prints for these options."""
    result = CliRunner().invoke(cli, ["--repo", str(root), "list", "--all", "--json", *args])
    assert result.exit_code == 0, result.output
    return [e["id"] for e in json.loads(result.stdout)]


def shown(app: CopApp) -> list[str]:
    return [r.id for r in entry_list(app).rows]


def window_of(app: CopApp, ids_: list[str]) -> list[str]:
    """The part of `ids_` at the positions the list holds."""
    rows = entry_list(app)
    return ids_[rows.start : rows.start + len(rows.rows)]


def live(cls: type) -> int:
    """How many instances of `cls` are alive in this process."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is cls)


async def test_the_app_holds_a_window_of_rows_not_every_entry(running, big: Path) -> None:
    app, _pilot = running
    rows = entry_list(app)
    assert rows.total == COUNT
    assert len(rows.rows) <= views.WINDOW < COUNT
    assert "2,500" in str(main_screen(app).query_one("#status", Static).render())
    assert shown(app) == listed(big)[: len(rows.rows)]
    # nothing else keeps the entries either: the rows in memory are about a window's, the entries none
    assert live(Row) <= views.WINDOW + FIRST_PAGE
    assert live(Entry) <= views.WINDOW


async def test_end_shows_the_last_entry_from_the_index_and_home_the_first(running, big: Path) -> None:
    app, pilot = running
    every = listed(big)
    await pilot.press("end")
    await settle(pilot)
    rows = entry_list(app)
    assert rows.cursor == COUNT - 1 and rows.current is not None and rows.current.id == every[-1]
    assert len(rows.rows) <= views.WINDOW and rows.start + len(rows.rows) == COUNT
    assert shown(app) == every[rows.start :]
    assert app.screen.query_one(Reader).entry_id == every[-1]  # the reader follows
    await pilot.press("home")
    await settle(pilot)
    assert rows.current is not None and rows.current.id == every[0]
    assert app.screen.query_one(Reader).entry_id == every[0]


async def test_paging_down_reads_each_window_as_it_comes_on_screen(running, big: Path) -> None:
    app, pilot = running
    every = listed(big)
    rows = entry_list(app)
    while rows.cursor <= views.WINDOW:  # a screen at a time, past the first window
        await pilot.press("pagedown")
        await settle(pilot)
    assert rows.current is not None and rows.current.id == every[rows.cursor]
    assert rows.start <= rows.cursor < rows.start + len(rows.rows) and len(rows.rows) <= views.WINDOW
    assert shown(app) == window_of(app, every)
    rows.scroll_to(y=1700, animate=False, immediate=True)  # the wheel or the scrollbar: no cursor move
    await settle(pilot)
    assert rows.start <= 1700 and 1700 + rows.scrollable_content_region.height <= rows.start + len(rows.rows)
    assert shown(app) == window_of(app, every)
    line = rows.render_line(0).text  # the line on top of the screen is the entry at 1700
    assert every[1700] == rows.row_at(1700).id and rows.row_at(1700).title[:20] in line  # type: ignore[union-attr]


@pytest.mark.parametrize("sort", SORTS)
async def test_each_sort_and_its_reverse_are_cop_lists(running, big: Path, sort: str) -> None:
    app, pilot = running
    screen = main_screen(app)
    order = listed(big, "--sort", sort)
    selected = entry_list(app).current
    screen.sort = sort
    await settle(pilot)
    rows = entry_list(app)
    assert rows.total == COUNT and shown(app) == window_of(app, order)
    assert rows.current == selected and rows.cursor == order.index(selected.id)  # type: ignore[union-attr]
    await pilot.press("end")
    await settle(pilot)
    assert shown(app) == order[rows.start :]
    screen.reverse = True
    await settle(pilot)
    backwards = order[::-1]
    assert rows.current is not None and rows.current.id == order[-1]  # the selection is kept: now first
    assert shown(app) == window_of(app, backwards)


async def test_kind_and_tag_filters_are_cop_lists(running, big: Path) -> None:
    app, pilot = running
    screen = main_screen(app)
    screen.kind = "question"
    screen.tag = "many"
    await settle(pilot)
    expected = listed(big, "--kind", "question", "--tag", "many")
    rows = entry_list(app)
    assert rows.total == len(expected) and shown(app) == window_of(app, expected)
    status = str(screen.query_one("#status", Static).render())
    assert f"{len(expected):,} of 2,500" in status
    screen.sort = "title"
    await settle(pilot)
    titled = listed(big, "--kind", "question", "--tag", "many", "--sort", "title")
    assert shown(app) == window_of(app, titled)


async def test_the_filter_box_matches_in_the_index_what_it_matched_in_python(running, big: Path) -> None:
    app, pilot = running
    core = Cop.open(big)
    every = [Row.of_entry(e) for e in core.entries()]
    core.close()
    await pilot.press("slash", *"beta #py")
    await settle(pilot)
    expected = [r.id for r in filter_rows(every, "beta #py")]
    rows = entry_list(app)
    assert 0 < len(expected) < COUNT and rows.total == len(expected)
    assert shown(app) == window_of(app, expected)
    await pilot.press("down", "end")
    await settle(pilot)
    assert rows.current is not None and rows.current.id == expected[-1]


async def test_open_questions_are_the_questions_without_an_accepted_answer(running, big: Path) -> None:
    app, pilot = running
    main_screen(app).pick("view:unanswered")
    await settle(pilot)
    core = Cop.open(big)
    expected = [e.id for e in core.entries() if e.kind == "question" and not e.accepted]
    core.close()
    rows = entry_list(app)
    assert rows.total == len(expected) and shown(app) == window_of(app, expected)


async def test_the_selection_deep_in_the_list_is_kept_when_files_change(running, big: Path) -> None:
    app, pilot = running
    screen = main_screen(app)
    every = listed(big)
    kept = every[2000]
    screen.set_view(views.ALL, keep=kept)  # as the review and people screens come back with an entry
    await settle(pilot)
    rows = entry_list(app)
    assert rows.cursor == 2000 and rows.current is not None and rows.current.id == kept
    other = outside(big, "bob")
    added = other.add_entry("idea", "Written in another terminal", "py")
    other.close()
    await app.check_files().wait()
    await settle(pilot)
    assert rows.total == COUNT + 1 and rows.row_at(0) is None  # the top is not held: far from the cursor
    assert rows.cursor == 2001 and rows.current is not None and rows.current.id == kept
    await pilot.press("home")
    await settle(pilot)
    assert rows.current is not None and rows.current.id == added.id


async def test_what_start_up_made_is_left_out_of_garbage_collection_until_the_app_ends(big: Path) -> None:
    """A full collection over the start-up objects fell on keystrokes (~80 ms at 10k entries), and
    during start-up each one walked the modules again: the collector is held off until the first load
    is done, then runs over what was made later."""
    app = make_app(big)
    gate = threading.Event()
    app.runner.submit(gate.wait, 30)  # the first load waits behind it
    async with app.run_test(size=(120, 40)) as pilot:
        assert not gc.isenabled() and gc.get_freeze_count() > 10_000  # held off while the app starts
        gate.set()
        await settle(pilot)
        assert main_screen(app).complete and gc.get_freeze_count() > 10_000
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0 and gc.isenabled()
