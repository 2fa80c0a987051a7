"""Headless timing of every `cop tui` screen (run inside benchmarks.probe): from the key that opens it
to the screen showing its data.

Run like `benchmarks/tui_probe.py` (the real `cop tui` command line, `_run(core)` replaced by Textual's
headless `run_test` at 120×40). Once the main screen has loaded every row, each screen is opened by the
keys a person types; "ready" is when the app's screen is that screen, its workers (the core calls that
load it) are done and the app has gone idle. Pilot's own round trip for a key that changes nothing is
measured first and taken off, as for the filter keystroke. The screen is then closed with escape and
the next one opened from the main screen.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from benchmarks.tui_probe import POLL_S, TIMEOUT_S, _rows, app_class

#: (row key, the keys that open it from the main screen, keys typed once it is open and then timed)
SCREENS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("screen_review", ("R",), ()),
    ("screen_people", ("p",), ()),
    ("screen_mentorships", ("m",), ()),
    ("screen_events", ("v",), ()),
    ("screen_projects", ("P",), ()),
    ("screen_new", ("N",), ()),
    ("screen_insights", ("i",), ()),
    ("screen_paths", ("o",), ()),
    ("screen_experts", ("x",), ("TOPIC", "enter")),
)

KEYS = tuple(key for key, _, _ in SCREENS)


async def _settled(pilot: Any) -> float:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # a worker that started another
    return time.perf_counter()


async def _until(pilot: Any, ready: Any, what: str, timeout: float = TIMEOUT_S) -> bool:
    deadline = time.perf_counter() + timeout
    while not ready():
        if time.perf_counter() > deadline:
            return False
        if pilot.app._exit_renderables or not pilot.app.is_running:
            raise RuntimeError(f"cop tui stopped while waiting for {what}")
        await pilot.pause(POLL_S)
    return True


async def _drive(core: Any, topic: str) -> dict[str, float]:
    app = app_class()(core, refresh_every=None)
    out: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        if not await _until(pilot, lambda: bool(_rows(app)), "the entry list"):
            raise TimeoutError("the entry list never showed rows")
        await _settled(pilot)
        main = app.screen
        started = time.perf_counter()
        await pilot.press("left")  # Pilot's round trip for a key that opens nothing
        await pilot.pause()
        out["pilot_ms"] = (time.perf_counter() - started) * 1000
        for key, opening, typed in SCREENS:
            await _settled(pilot)
            started = time.perf_counter()
            for k in opening:
                await pilot.press(k)
            if not await _until(pilot, lambda: app.screen is not main, key, timeout=10.0):
                continue  # this build has no such screen or key: the row says so
            if typed:
                await _settled(pilot)
                started = time.perf_counter()
                for k in typed:
                    if k == "TOPIC":
                        await pilot.press(*topic)
                    else:
                        await pilot.press(k)
            ready = await _settled(pilot)
            out[key] = max(0.0, (ready - started) * 1000 - out["pilot_ms"])
            while app.screen is not main:
                await pilot.press("escape")
                await pilot.pause()
    return out


def measure(topic: str) -> dict[str, float]:
    """Open every screen of `cop tui` (repo and member from COP_REPO / COP_USER) headless; ms each."""
    from cop.cli import app
    from cop.commands import tui as tui_command

    found: dict[str, float] = {}

    def run_headless(core: object) -> None:
        found.update(asyncio.run(_drive(core, topic)))

    tui_command._run = run_headless  # type: ignore[assignment]  # the one substitution (see above)
    app(["tui"], prog_name="cop", standalone_mode=False)
    if not found:
        raise SystemExit("cop tui returned without running the app")
    return found
