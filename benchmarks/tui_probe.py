"""Headless `cop tui` timing (run inside benchmarks.probe): first entries on screen, filter keystroke.

The app runs under Textual's `run_test` (headless, 120×40) on the real core. "On screen" means the entry
list widget holds rows; the clock is read inside the process and compared with the harness's spawn time
(CLOCK_MONOTONIC is shared between processes). The keystroke is one character typed into the filter box
(after `/`), timed until the list holds a different set of rows.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

POLL_S = 0.002  # a probe, not a test: polling the app's state is how the moment is found
TIMEOUT_S = 120.0


def app_class() -> Any:
    """cop's Textual app class, or ImportError while the TUI has not landed."""
    from cop.tui.app import CopApp

    return CopApp


def _rows(app: Any) -> Sequence[Any] | None:
    """The rows of the entry list, found by duck typing (a widget named like EntryList)."""
    for widget in app.screen.walk_children():
        if "entrylist" not in type(widget).__name__.lower():
            continue
        for name in ("entries", "rows", "items"):
            rows = getattr(widget, name, None)
            if isinstance(rows, Sequence):
                return rows
    return None


async def _until(pilot: Any, ready: Any) -> float:
    deadline = time.perf_counter() + TIMEOUT_S
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the entry list never showed rows")
        await pilot.pause(POLL_S)
    return time.perf_counter()


async def measure(repo: Path, word: str, spawned: float, acting: str) -> dict[str, float]:
    from cop.core import Cop

    core = Cop.open(repo, acting)
    app = app_class()(core)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await _until(pilot, lambda: bool(_rows(app)))
        before = list(_rows(app) or [])
        await pilot.press("slash")
        await pilot.pause()
        pressed = time.perf_counter()
        await pilot.press(word[0])
        redrawn = await _until(pilot, lambda: list(_rows(app) or []) != before)
        count = len(before)
    core.close()
    return {"first_s": first - spawned, "key_ms": (redrawn - pressed) * 1000, "rows": count}
