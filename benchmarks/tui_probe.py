"""Headless `cop tui` timing (run inside benchmarks.probe): first entries on screen, filter keystroke.

The probe runs the real command line (`cop tui`, through cop.cli's Typer app, so the start-up path,
option parsing and `Cop.open` are all paid), with one substitution: the command's `_run(core)` is
replaced by Textual's headless `run_test` (120×40) on the same `CopApp(core, refresh_every=None)`.
The clock is read inside the process and compared with the harness's spawn time (CLOCK_MONOTONIC is
shared between processes).

"On screen" means the entry list (`#entries`) holds rows (the first page) and the app has then gone
idle once (the refresh that paints them has run). "The whole list" means the main screen says its view
is complete (`MainScreen.complete`: the files checked and the view loaded, so a sort or a filter works
on all of it, not on the first page). The keystroke is one character typed into the filter
box (after `/`, once the whole list is loaded), timed from the key until the list holds a different set of
rows and the app is idle again, minus Pilot's own round trip for a key that changes no row, measured
in the same app just before (both figures are kept in the results).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

POLL_S = 0.002  # a probe, not a test: polling the app's state is how the moment is found
TIMEOUT_S = 300.0


def app_class() -> Any:
    """cop's Textual app class, or ImportError while the TUI has not landed."""
    from cop.tui.app import CopApp

    return CopApp


def _rows(app: Any) -> list[Any]:
    """The rows of the main screen's entry list (`EntryList.rows`), or [] before it exists."""
    from textual.css.query import NoMatches

    try:
        return list(app.screen.query_one("#entries").rows)
    except (NoMatches, AttributeError):
        return []


async def _until(pilot: Any, ready: Any) -> float:
    deadline = time.perf_counter() + TIMEOUT_S
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the entry list never showed rows")
        if pilot.app._exit_renderables or not pilot.app.is_running:  # crashed: its traceback is queued
            raise RuntimeError("cop tui stopped before the entry list showed rows")
        await pilot.pause(POLL_S)
    await pilot.pause()  # let the refresh that paints the rows run
    return time.perf_counter()


async def _drive(core: Any, key: str, spawned: float) -> dict[str, float]:
    app = app_class()(core, refresh_every=None)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await _until(pilot, lambda: bool(_rows(app)))
        first_rows = len(_rows(app))
        full = await _until(pilot, lambda: bool(_rows(app)) and getattr(app.screen, "complete", True))
        await (
            app.workers.wait_for_complete()
        )  # the list paints a first page, then the checked view: key on it
        await pilot.pause()
        before = _rows(app)
        await pilot.press("slash")
        await pilot.pause()
        # Pilot's own round trip (post the key, wait until the app is idle in 20 ms slices) costs ~100 ms
        # even in a one-widget app; a key that changes no row (the cursor moving left in the filter box)
        # measures it in this run, so the figure below is what cop adds on top of it.
        started = time.perf_counter()
        await pilot.press("left")
        await pilot.pause()
        pilot_ms = (time.perf_counter() - started) * 1000
        pressed = time.perf_counter()
        await pilot.press(key)
        redrawn = await _until(pilot, lambda: [r.id for r in _rows(app)] != [r.id for r in before])
        after = len(_rows(app))
    raw_ms = (redrawn - pressed) * 1000
    return {
        "first_s": first - spawned,
        "full_s": full - spawned,
        "key_ms": max(0.0, raw_ms - pilot_ms),
        "key_raw_ms": raw_ms,
        "pilot_ms": pilot_ms,
        "first_rows": first_rows,
        "rows": len(before),
        "rows_after_key": after,
    }


def measure(key: str, spawned: float) -> dict[str, float]:
    """Run `cop tui` (repo and member from COP_REPO / COP_USER) headless; returns the figures."""
    from cop.cli import app
    from cop.commands import tui as tui_command

    found: dict[str, float] = {}

    def run_headless(core: object) -> None:
        found.update(asyncio.run(_drive(core, key, spawned)))

    tui_command._run = run_headless  # type: ignore[assignment]  # the one substitution (see above)
    app(["tui"], prog_name="cop", standalone_mode=False)
    if not found:
        raise SystemExit("cop tui returned without running the app")
    return found
