"""`cop tui` in a real pseudo-terminal: the time from spawning the process until entry rows are on screen.

This is what a person sees: the real console script, the real Textual driver writing escape codes to a
terminal (120×40 here), and the clock stopped when the bytes of a list row (its `updated` date) have
been written to the terminal. Nothing inside the app is polled, so nothing in the measurement competes
with the app for the GIL or waits for it to go "idle" (Pilot's idle wait counts the whole load behind
the first page: see benchmarks/notes.md). The keystroke and memory figures still come from the headless
probe (tui_probe.py), where the app's state can be read.

Linux and macOS only (`pty`); the harness skips the row elsewhere.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence

COLUMNS, LINES = 120, 40
TIMEOUT_S = 300.0
#: escape sequences Textual writes: CSI (`ESC [ … letter`), OSC (`ESC ] … BEL/ST`), and two-byte ones
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
#: a row of the entry list shows its `updated` date; nothing else on the main screen holds a date
ROW = re.compile(rb"\b\d{4}-\d{2}-\d{2}\b")


class NoRows(RuntimeError):
    """`cop tui` exited, or never showed a row, before the timeout."""


def first_rows(argv: Sequence[str], env: Mapping[str, str]) -> float:
    """Seconds from spawning `argv` in a 120×40 pseudo-terminal until a list row has been written."""
    return times_to(argv, env, [ROW])[0]


def times_to(
    argv: Sequence[str], env: Mapping[str, str], patterns: Sequence[re.Pattern[bytes]]
) -> list[float]:
    """Seconds from spawning `argv` in a 120×40 pseudo-terminal until each pattern, in turn, matches the
    text written so far (escapes stripped): a list row, then, say, the status line's count of the
    whole view (both may come in one frame)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {**env, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True
    )
    os.close(slave)
    seen = b""
    found: list[float] = []
    try:
        while True:
            if time.perf_counter() - started > TIMEOUT_S:
                raise NoRows(f"no entry row after {TIMEOUT_S:.0f} s")
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if process.poll() is not None:
                    raise NoRows(f"cop tui exited with {process.returncode} before showing a row")
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # EIO: the terminal's other side is closed, the app is gone
                chunk = b""
            if not chunk:
                raise NoRows(f"cop tui closed the terminal before showing a row: {_text(seen)[-300:]!r}")
            # Escapes can split a date across writes: match on the text written so far (its tail).
            seen = (seen + chunk)[-(1 << 16) :]
            text = _ESCAPES.sub(b"", seen)
            while patterns[len(found)].search(text):  # several may be on the same frame
                found.append(time.perf_counter() - started)
                if len(found) == len(patterns):
                    return found
    finally:
        _quit(process, master)


def _text(data: bytes) -> str:
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


def _quit(process: subprocess.Popen[bytes], master: int) -> None:
    """Press q, keep draining the terminal so the app can write its goodbye, kill it if it hangs."""
    try:
        os.write(master, b"q")
        deadline = time.perf_counter() + 10
        while process.poll() is None and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
    finally:
        os.close(master)
