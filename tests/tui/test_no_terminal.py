"""`cop tui` without a terminal refuses at once instead of spinning forever (issue 11, item 17)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("redirect", ["stdin", "stdout", "both"])
def test_cop_tui_without_a_terminal_says_so_and_exits(acme: Path, redirect: str) -> None:
    env = {**os.environ, "COP_REPO": str(acme), "COP_USER": "ada", "TERM": "xterm-256color"}
    # the test runner's own stdin/stdout are not terminals either; with one of them a real tty the other
    # end is still redirected, which is the case the issue found (`cop tui < file`, `cop tui | less`)
    stdin = subprocess.DEVNULL if redirect in ("stdin", "both") else None
    stdout = subprocess.PIPE if redirect in ("stdout", "both") else None
    result = subprocess.run(
        [sys.executable, "-m", "cop", "tui"],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=60,  # the old code never returned
        check=False,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cop tui needs a terminal" in lines[0]
