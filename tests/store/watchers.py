"""Real `cop watch` watchers for the store's tests: started in subprocesses (the `start` fixture, which
stops every one afterwards), the sweep counted (`sweeps`), and a flood that overflows the kernel's
inotify queue. The fixtures reach the tests through tests/store/conftest.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cop.store.watch import client as watch

#: a watcher of argv[1]; argv[2], if given, is how many changed paths its journal names (PATHS_KEPT)
SERVE = (
    "import sys; from pathlib import Path\n"
    "from cop.store.watch import client as watch, journal, server as watcher\n"
    "journal.PATHS_KEPT = int(sys.argv[2]) if len(sys.argv) > 2 else journal.PATHS_KEPT\n"
    "try:\n"
    "    reason = watcher.serve(Path(sys.argv[1]))\n"
    "except watch.WatchError as error:\n"
    "    print(f'error: {error}', file=sys.stderr); sys.exit(1)\n"
    "print(f'exit: {reason}', file=sys.stderr)\n"
)

Start = Callable[..., subprocess.Popen[str]]


def wait_for(predicate: Callable[[], object], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


@pytest.fixture
def start() -> Iterator[Start]:
    """Start watchers in subprocesses; every one is stopped (or killed) afterwards, pass or fail."""
    started: list[subprocess.Popen[str]] = []

    def run(root: Path, kept: int | None = None) -> subprocess.Popen[str]:
        """A watcher of `root` (naming at most `kept` changed paths: journal.PATHS_KEPT)."""
        argv = [sys.executable, "-c", SERVE, str(root), *([str(kept)] if kept else [])]
        process = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
        started.append(process)
        wait_for(lambda: watch.status(root) is not None or process.poll() is not None)
        return process

    yield run
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr is not None:
            process.stderr.close()


@pytest.fixture
def sweeps(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The real sweep, counted: the root of each (the index calls it through its module)."""
    from cop.store.index import index

    calls: list[Path] = []
    real = index.scan

    def counted(root: Path) -> dict[str, tuple[int, int]]:
        calls.append(root)
        return real(root)

    monkeypatch.setattr(index, "scan", counted)
    return calls


def queue_limit() -> int:
    """The kernel's inotify queue length (fs.inotify.max_queued_events)."""
    return int(Path("/proc/sys/fs/inotify/max_queued_events").read_text())


def flood(folder: Path, names: tuple[str, str]) -> None:
    """Queue more inotify events in `folder` than the kernel keeps (while the watcher is stopped)."""
    fds = [os.open(folder / name, os.O_WRONLY | os.O_CREAT, 0o644) for name in names]
    for _ in range(queue_limit() // 2 + 100):
        for fd in fds:  # alternate files: identical consecutive events would be merged
            os.write(fd, b"x")
    for fd in fds:
        os.close(fd)
