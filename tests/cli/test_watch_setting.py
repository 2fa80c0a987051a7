"""The `watch` setting (auto | on | off) with a real watcher subprocess: `auto` starts one in a big
clone (COP_WATCH_THRESHOLD, documented for tests, makes this small repo count as big), `off` never
does, `on` always; `cop watch --status` shows the setting. Every watcher started here is stopped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cop.store.watch import client as watch

pytestmark = pytest.mark.skipif(not watch.is_supported(), reason="inotify is Linux only")


def cop(repo: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, **env}
    environ.pop("COP_WATCH", None)
    return subprocess.run(
        [sys.executable, "-m", "cop", "--repo", str(repo), *args],
        capture_output=True, text=True, env=environ, timeout=60, check=False,
    )  # fmt: skip


@pytest.fixture
def clone(repo_path: Path) -> Iterator[Path]:
    subprocess.run(["git", "init", "-q", str(repo_path)], check=True)
    yield repo_path
    if watch.status(repo_path.resolve()) is not None:
        watch.stop(repo_path.resolve())


def test_auto_starts_a_watcher_in_a_big_clone_and_says_so_once(clone: Path) -> None:
    first = cop(clone, "list", COP_WATCH_THRESHOLD="0")
    assert first.returncode == 0, first.stderr
    assert "started 'cop watch' in the background" in first.stderr
    assert "'cop config set watch off'" in first.stderr
    found = watch.status(clone.resolve())
    assert found is not None
    again = cop(clone, "list", COP_WATCH_THRESHOLD="0")
    assert "started 'cop watch'" not in again.stderr  # one runs: nothing started, nothing said
    status = cop(clone, "watch", "--status", "--json")
    assert json.loads(status.stdout)["setting"] == {"watch": "auto", "origin": "default"}
    assert json.loads(status.stdout)["pid"] == found.pid


def test_auto_leaves_a_small_clone_alone(clone: Path) -> None:
    result = cop(clone, "list")  # the real threshold: 5,000 files
    assert result.returncode == 0, result.stderr
    assert watch.status(clone.resolve()) is None


def test_off_never_starts_one(clone: Path) -> None:
    assert cop(clone, "config", "set", "watch", "off").returncode == 0
    result = cop(clone, "list", COP_WATCH_THRESHOLD="0")
    assert result.returncode == 0, result.stderr
    assert "started" not in result.stderr
    assert watch.status(clone.resolve()) is None
    status = cop(clone, "watch", "--status")
    assert status.returncode == 1
    assert "setting: watch = off (clone; 'cop config set watch auto|on|off')" in status.stdout


def test_on_always_starts_one(clone: Path) -> None:
    assert cop(clone, "config", "set", "watch", "on").returncode == 0
    result = cop(clone, "list")  # a small clone: only `on` starts one here
    assert result.returncode == 0, result.stderr
    assert "started 'cop watch' in the background" in result.stderr
    assert watch.status(clone.resolve()) is not None
