"""Start-up: the first page comes from the index as last saved and is painted before the full load (the
view's page from the checked index), which then corrects it (entries added or deleted by another process
since); the highlighted entry is read once, after the full load."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from cop.core import Cop
from cop.tui import views
from cop.tui.app import CopApp
from cop.tui.rows import Row
from cop.tui.screens import main
from cop.tui.screens.main import MainScreen
from cop.tui.widgets.entry_list import EntryList
from cop.tui.widgets.reader import Loaded, Reader
from tests.tui.conftest import entry_list, make_app, outside, settle


def index(repo: Path) -> list[str]:
    """Build the repo's index as any `cop` command would, and return the entry ids newest first."""
    core = Cop.open(repo)
    try:
        return [e.id for e in core.entries()]
    finally:
        core.close()


def status(app: CopApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def until(pilot: Pilot[None], condition: Callable[[], bool], rounds: int = 500) -> None:
    """Let the app run until `condition` holds (workers may be blocked on purpose: no `settle`)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the app never got there")


def hold_the_core(app: CopApp) -> threading.Event:
    """Queue a job on the app's core thread that waits for the returned event: every core call the app
    makes from now on (the full load included) waits behind it, while the first page, asked for when the
    app was built, is already done or running."""
    gate = threading.Event()
    app.runner.submit(gate.wait, 30)
    return gate


def count_reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the reading pane's reads per entry id (the real read still runs, on the core thread)."""
    reads: Counter[str] = Counter()
    load = main.reader_load

    def reading(core: Cop, entry_id: str) -> Loaded:
        reads[entry_id] += 1
        return load(core, entry_id)

    monkeypatch.setattr(main, "reader_load", reading)
    return reads


def gate_the_full_load(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The checked load (the view's page: counts and rows from the checked index) waits on the core
    thread for the returned event, so any core call queued behind it waits too."""
    gate = threading.Event()
    page = views.page

    def loading(core: Cop, query: views.ListQuery, *args: Any) -> views.Page:
        gate.wait(30)
        return page(core, query, *args)

    monkeypatch.setattr(views, "page", loading)
    return gate


async def test_first_page_is_the_index_as_saved_then_the_full_load_corrects_it(
    acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = index(acme)
    newest = before[0]
    other = outside(acme, "marco")  # another process, while no cop tui runs: one entry in, one out
    added = other.add_entry("how-to", "Written while the app was closed", "python-guild")
    other.close()
    deleted = next((acme / "entries").glob(f"*/{newest}-*.md"))
    deleted.unlink()

    reads = count_reads(monkeypatch)
    app = make_app(acme)
    gate = hold_the_core(app)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            await until(pilot, lambda: bool(entry_list(app).rows))
            # the first page: the index as it was saved, with the deleted entry and without the new one
            assert [r.id for r in entry_list(app).rows] == before
            assert screen.complete is False and "loading…" in status(app)
            assert entry_list(app).current is not None and entry_list(app).current.id == newest
            gate.set()
            await settle(pilot)
            ids = [r.id for r in entry_list(app).rows]
            assert ids[0] == added.id and newest not in ids and len(ids) == len(before)
            assert screen.complete is True and "loading" not in status(app)
            # the cursor was on the deleted entry: it moved on, and the reader shows what it is on now
            assert entry_list(app).current.id == added.id
            assert app.screen.query_one(Reader).entry_id == added.id
            assert not [n for n in app._notifications if "Could not read" in n.title]
    finally:
        gate.set()
    assert reads == {added.id: 1}  # the deleted entry's row was gone before anything read it


async def test_the_first_entry_is_read_once_the_full_load_is_in(
    acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The highlighted entry is read after the view's page (which checks the files), at once (not after
    the cursor's rest), and once (the list's highlight of the first page does not read it again): read
    before the page, it held the whole list back by the read, and by building the reading pane, which
    holds the UI thread (~130 ms at 10k entries)."""
    newest = index(acme)[0]
    # a read that waited for the cursor to rest would come 2 s after the page
    monkeypatch.setattr(main, "READ_DELAY_S", 2.0)
    reads = count_reads(monkeypatch)
    gate = gate_the_full_load(monkeypatch)
    app = make_app(acme)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            reader = screen.query_one(Reader)
            await until(pilot, lambda: bool(entry_list(app).rows))
            for _ in range(20):
                await pilot.pause()
            assert not reads and screen.complete is False and "loading…" in status(app)
            gate.set()
            await until(pilot, lambda: reader.entry_id == newest)
            assert screen.complete is True
            title = entry_list(app).rows[0].title
            assert title in str(reader.query_one(".meta", Static).render())
            await settle(pilot)
            assert reader.entry_id == newest
    finally:
        gate.set()
    assert reads == {newest: 1}


async def test_each_entry_is_read_once_at_start_up(acme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the usual delay before a read: the start-up read is the only one."""
    newest = index(acme)[0]
    reads = count_reads(monkeypatch)
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(Reader).entry_id == newest
    assert reads == {newest: 1}


async def test_without_a_saved_page_the_first_page_is_fresh(acme: Path) -> None:
    """No index yet (a fresh clone): the first page is asked for as before, after the files are checked."""
    app = make_app(acme)
    gate = hold_the_core(app)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: bool(entry_list(app).rows))
            assert app.screen.complete is False  # type: ignore[attr-defined]
            gate.set()
            await settle(pilot)
            assert [r.id for r in entry_list(app).rows] == index(acme)
            assert "loading" not in status(app)
    finally:
        gate.set()


async def test_the_first_page_is_painted_before_the_full_load_starts(
    acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index(acme)
    happened: list[str] = []
    page, rows, render_line, load = views.page, views.rows, EntryList.render_line, main.reader_load

    def loading(core: Cop, query: views.ListQuery, *args: Any) -> views.Page:
        happened.append("full load")  # on the core thread, as it starts
        return page(core, query, *args)

    def first_page(core: Cop, query: views.ListQuery, *args: Any) -> list[Row]:
        happened.append("page")
        return rows(core, query, *args)

    def reading(core: Cop, entry_id: str) -> Loaded:
        happened.append("read")
        return load(core, entry_id)

    def drawing(self: EntryList, y: int):  # type: ignore[no-untyped-def]
        if self.rows and not happened[-1:] == ["painted"]:
            happened.append("painted")
        return render_line(self, y)

    monkeypatch.setattr(views, "page", loading)
    monkeypatch.setattr(views, "rows", first_page)
    monkeypatch.setattr(EntryList, "render_line", drawing)
    monkeypatch.setattr(main, "reader_load", reading)
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert "page" not in happened, "the first page came from the saved index"
    assert happened.index("painted") < happened.index("full load") < happened.index("read")


async def test_the_footer_is_built_once_in_the_first_frame(
    acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's footer composed nothing until after the first frame, then rebuilt its keys on every
    focus change and screen resume: five builds in a row at start-up (~20-25 ms each at 10k entries),
    each laying the screen out again. `KeysFooter` builds them once, as it mounts."""
    builds: list[int] = []
    compose = Footer.compose

    def counting(self: Footer):  # type: ignore[no-untyped-def]
        builds.append(len(builds))
        return compose(self)

    monkeypatch.setattr(Footer, "compose", counting)
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = [key.key for key in app.screen.query(FooterKey)]
        await pilot.press("slash")  # the filter box: fewer keys, so the footer is rebuilt
        await settle(pilot)
        narrowed = [key.key for key in app.screen.query(FooterKey)]
    assert {"slash", "n", "q"} <= set(keys) and "n" not in narrowed
    assert len(builds) == 2
