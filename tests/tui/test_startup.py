"""Start-up: the first page comes from the index as last saved and is painted before the full load, which
then corrects it (entries added or deleted by another process since)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from cop.core import Cop
from cop.tui import views
from cop.tui.app import CopApp
from cop.tui.rows import Row
from cop.tui.screens.main import MainScreen
from cop.tui.widgets.entry_list import EntryList
from cop.tui.widgets.reader import Reader
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


async def test_first_page_is_the_index_as_saved_then_the_full_load_corrects_it(acme: Path) -> None:
    before = index(acme)
    newest = before[0]
    other = outside(acme, "marco")  # another process, while no cop tui runs: one entry in, one out
    added = other.add_entry("how-to", "Written while the app was closed", "python-guild")
    other.close()
    deleted = next((acme / "entries").glob(f"*/{newest}-*.md"))
    deleted.unlink()

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
    rows_of, render_line = views.rows_of, EntryList.render_line

    def loading(core: Cop, view: views.View, limit: int | None = None) -> list[Row]:
        happened.append("full load" if limit is None else "page")  # on the core thread, as it starts
        return rows_of(core, view, limit)

    def drawing(self: EntryList, y: int):  # type: ignore[no-untyped-def]
        if self.rows and not happened[-1:] == ["painted"]:
            happened.append("painted")
        return render_line(self, y)

    monkeypatch.setattr(views, "rows_of", loading)
    monkeypatch.setattr(EntryList, "render_line", drawing)
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert "page" not in happened, "the first page came from the saved index"
    assert happened.index("painted") < happened.index("full load")
