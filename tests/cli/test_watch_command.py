"""`cop watch`: start it in the background, ask its status, stop it; and a foreground run as a process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.store.watch import client as watch

pytestmark = pytest.mark.skipif(not watch.is_supported(), reason="inotify is Linux only")


#: the last line of `cop watch --status` with the default setting
SETTING = "setting: watch = auto (default; 'cop config set watch auto|on|off')\n"


def run(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), "watch", *args])


@pytest.fixture
def kb(repo_path: Path) -> Iterator[Path]:
    """A repo whose watcher, if a test started one, is stopped afterwards even when the test failed."""
    yield repo_path
    try:
        found = watch.status(repo_path)
    except watch.WatchError:  # a test's unsafe socket folder: no watcher could start there
        return
    if found is not None:
        try:
            watch.stop(repo_path)
        except watch.WatchError:
            os.kill(found.pid, signal.SIGKILL)


def test_status_without_a_watcher(kb: Path) -> None:
    result = run(kb, "--status")
    assert result.exit_code == 1
    assert result.stdout == f"no watcher runs for {kb.resolve()}\n{SETTING}"
    result = run(kb, "--status", "--json")
    assert result.exit_code == 1
    setting = {"watch": "auto", "origin": "default"}
    assert json.loads(result.stdout) == {"running": False, "root": str(kb.resolve()), "setting": setting}


def test_background_status_stop(kb: Path) -> None:
    started = run(kb, "--background")
    assert started.exit_code == 0, started.output
    assert "watching" in started.stderr and "in the background" in started.stderr
    assert started.stdout == ""
    found = watch.status(kb)
    assert found is not None
    assert watch.token(kb) == found.token

    result = run(kb, "--status")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"watching {kb.resolve()} (pid {found.pid}, ")
    data = json.loads(run(kb, "--status", "--json").stdout)
    assert data["running"] is True
    assert data["pid"] == found.pid
    assert data["root"] == str(kb.resolve())
    assert data["instance"] == found.instance
    assert set(data) == {"running", "root", "pid", "instance", "generation", "folders", "started"} | {
        "overflows",
        "degraded",
        "setting",
    }

    stopped = run(kb, "--stop")
    assert stopped.exit_code == 0, stopped.output
    assert f"(pid {found.pid})" in stopped.stderr
    assert watch.token(kb) is None
    assert run(kb, "--status").exit_code == 1
    log = (kb / ".cop" / "watch" / "log").read_text()
    assert "ctrl-c to stop" in log and "asked to stop" in log


def test_a_second_background_watcher_is_refused(kb: Path) -> None:
    assert run(kb, "--background").exit_code == 0
    second = run(kb, "--background")
    assert second.exit_code == 1
    assert second.stderr.startswith("error: a watcher already runs for ")
    assert len(second.stderr.splitlines()) == 1
    assert run(kb, "--status").exit_code == 0


def test_stop_without_a_watcher(kb: Path) -> None:
    result = run(kb, "--stop")
    assert result.exit_code == 1
    assert result.stderr == f"error: no watcher runs for {kb.resolve()}\n"


@pytest.mark.parametrize(
    "args", [["--stop", "--status"], ["--background", "--stop"], ["--json"], ["--background", "--json"]]
)
def test_options_that_do_not_go_together(kb: Path, args: list[str]) -> None:
    result = run(kb, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert watch.status(kb) is None  # nothing was started


def test_foreground_as_a_process(kb: Path) -> None:
    """`cop watch` in a real process: one line saying what it watches, tokens, then ctrl-c."""
    command = [sys.executable, "-m", "cop", "--repo", str(kb), "watch"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None and process.stdout is not None
        first = process.stderr.readline()
        assert first.startswith(f"watching {kb.resolve()}: cop.yaml and 8 record folders (pid {process.pid})")
        assert first.rstrip().endswith("ctrl-c to stop")
        before = watch.token(kb)
        assert before is not None
        (kb / "members" / "ada.yaml").write_text("handle: ada\n")
        assert watch.token(kb) not in (None, before)

        command = [sys.executable, "-m", "cop", "--repo", str(kb), "watch"]
        second = subprocess.run(command, capture_output=True, text=True, timeout=30)
        assert second.returncode == 1
        assert second.stderr.startswith("error: a watcher already runs for ")
        assert "Traceback" not in second.stderr

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=5) == 0
        rest = process.stderr.read()
        assert rest == f"stopped watching {kb.resolve()}: SIGINT received\n"
        assert process.stdout.read() == ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# -- the socket's folder: only this user may enter it, and --background/--status/--stop agree ------------
@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private XDG_RUNTIME_DIR for the test (the watcher's socket folder is `cop/` in it)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cop-run-", dir="/tmp"))  # short: a socket path is <108 bytes
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _all_three_refuse(kb: Path, folder: Path, reason: str) -> None:
    for args in (["--status"], ["--stop"], ["--background"]):
        result = run(kb, *args)
        assert result.exit_code == 1, (args, result.output)
        assert f"error: {folder} is not private ({reason}" in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
        assert "watching" not in result.stderr
    assert not list(folder.glob("*.sock"))


def test_a_socket_folder_others_may_write_to_is_refused_by_all_three(kb: Path, runtime: Path) -> None:
    squatted = runtime / "cop"
    squatted.mkdir()
    squatted.chmod(0o777)
    _all_three_refuse(kb, squatted, "others may write to it (mode 777)")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_socket_folder_owned_by_another_user_is_refused_by_all_three(kb: Path, runtime: Path) -> None:
    squatted = runtime / "cop"
    squatted.mkdir(mode=0o700)
    os.chown(squatted, 65534, 65534)
    _all_three_refuse(kb, squatted, "it belongs to user id 65534, not to you")


def test_a_left_over_socket_file_is_no_watcher_and_is_replaced(kb: Path, runtime: Path) -> None:
    import socket

    path = watch.socket_path(kb.resolve(), create=True)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(path))  # as a killed watcher leaves it: the file, nobody listening
    dead.close()
    status = run(kb, "--status")
    assert status.exit_code == 1 and status.stdout == f"no watcher runs for {kb.resolve()}\n{SETTING}"
    stop = run(kb, "--stop")
    assert stop.exit_code == 1 and "no watcher runs" in stop.stderr
    started = run(kb, "--background")
    assert started.exit_code == 0, started.output
    status = run(kb, "--status")
    assert status.exit_code == 0 and status.stdout.startswith(f"watching {kb.resolve()} (pid ")
    stop = run(kb, "--stop")
    assert stop.exit_code == 0, stop.output
    assert not path.exists()
    assert run(kb, "--status").exit_code == 1


SQUATTER = """
import hashlib, socket, sys
digest = hashlib.blake2b(f"{sys.argv[1]}\\0{sys.argv[2]}".encode(), digest_size=16).hexdigest()
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(f"\\0cop-watch-{digest}".encode())
s.listen(1)
print("bound", flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(
    os.geteuid() != 0 or not os.path.exists("/usr/bin/python3"),
    reason="running a squatter as another user needs root (and a Python that user may run)",
)
def test_another_users_squatter_cannot_take_the_watchers_name(kb: Path, runtime: Path) -> None:
    """Another local user binds the name cop's watcher used to take (an abstract socket named for the
    user id and the repo path): --background then said a watcher runs while --status said none."""
    squatter = subprocess.Popen(
        ["/usr/bin/python3", "-c", SQUATTER, str(os.getuid()), str(kb.resolve())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        user=65534,
    )
    try:
        assert squatter.stdout is not None and squatter.stdout.readline() == "bound\n"
        assert run(kb, "--status").exit_code == 1
        started = run(kb, "--background")
        assert started.exit_code == 0, started.output
        status = run(kb, "--status")
        assert status.exit_code == 0, status.output
        assert status.stdout.startswith(f"watching {kb.resolve()} (pid ")
        assert run(kb, "--stop").exit_code == 0
        assert run(kb, "--status").exit_code == 1
    finally:
        squatter.kill()
        squatter.wait()
