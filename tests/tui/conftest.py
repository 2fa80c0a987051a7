"""TUI fixtures: the real app on a private copy of the example repo, and a way to wait for it to settle."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cop.core import Cop
from cop.tui.app import CopApp
from cop.tui.widgets.entry_list import EntryList


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    """Let every worker finish and every message be handled (workers start workers, hence rounds)."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def entry_list(app: CopApp) -> EntryList:
    return app.screen.query_one("#entries", EntryList)


def titles(app: CopApp) -> list[str]:
    return [row.title for row in entry_list(app).rows]


def make_app(repo: Path, acting: str | None = "ada") -> CopApp:
    """The app on `repo` without the live-refresh timer (tests call `check_files` when they mean to)."""
    return CopApp(Cop.open(repo, acting), refresh_every=None)


@pytest.fixture
def acme(example_path: Path) -> Path:
    return example_path


@pytest.fixture
async def running(acme: Path) -> AsyncIterator[tuple[CopApp, Pilot[None]]]:
    """The app on the example, 120×40, with its first data on screen."""
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        yield app, pilot


def outside(repo: Path, acting: str = "marco") -> Cop:
    """A second core on the same repo: what another terminal's `cop` would be."""
    return Cop.open(repo, acting)
