"""Run the installed cop as a person at a terminal runs it: stderr a real terminal (a pty), so what cop
shows only there (progress bars, 'showing 50 of N') is drawn for real; stdout a file, so the data stays
apart and a big output never blocks the child on a full pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import tempfile


def on_a_terminal(*args: str, columns: int = 120) -> tuple[str, str]:
    """(stdout, the terminal's bytes decoded) of `python -m cop ARGS`; fails when cop exits non-zero."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "COP_WATCH": "off"}
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cop", *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=follower,
            env=env,
        )
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        proc.wait()
        os.close(leader)
        out.seek(0)
        shown = seen.decode(errors="replace")
        assert proc.returncode == 0, shown
        return out.read().decode(), shown
