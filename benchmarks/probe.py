"""In-process probes: a fresh process that reads the clock around one operation and prints one JSON line.

    python -m benchmarks.probe fresh REPO        # the index freshness check / refresh, in ms
    python -m benchmarks.probe tui KEY SPAWNED   # cop tui (COP_REPO, COP_USER): first rows, filter keystroke
    python -m benchmarks.probe screens TOPIC     # cop tui: the key that opens each screen to its data shown

The runner starts each probe as a new process (so nothing is cached in memory), several times, and takes
the median. `started` in the TUI probe is the harness's clock at spawn: CLOCK_MONOTONIC is shared by
every process on the machine, so the child can subtract it from its own `time.perf_counter()`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def fresh(repo: str) -> dict[str, float]:
    """Open the repo and bring its index up to date; the refresh alone is timed."""
    from cop.store import Repo

    opened = Repo.open(Path(repo))
    started = time.perf_counter()
    report = opened.refresh()
    ms = (time.perf_counter() - started) * 1000
    opened.close()
    return {"ms": ms, "changed": len(report.changed), "removed": len(report.removed)}


def tui(key: str, spawned: float) -> dict[str, float]:
    """Run `cop tui` headless; times to the first entry rows, and from a filter keystroke to the redraw."""
    from benchmarks.tui_probe import measure

    return measure(key, spawned)


def main() -> None:
    what, *rest = sys.argv[1:]
    if what == "fresh":
        result = fresh(rest[0])
    elif what == "tui":
        key, spawned = rest
        result = tui(key, float(spawned))
    elif what == "screens":
        from benchmarks.screens_probe import measure

        result = measure(rest[0])
    else:
        raise SystemExit(f"unknown probe {what!r}: use fresh, tui or screens")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
