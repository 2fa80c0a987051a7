"""The client of `cop watch`: asks the repo's watcher for a change token, its status, or to stop.

Every command checks the index is fresh by stat-ing every record file. A watcher (`cop.store.watch.server`)
makes that check cheap, as git's fsmonitor does: it holds inotify watches on the record folders and
counts every event that may concern a record file in a *generation*. A client asks for a token
`instance:generation`; while two tokens are equal, no record file changed between them, so a command
that stored the token with its last sweep may skip the sweep. The journal is deliberately coarse: when
in doubt (a queue overflow, a folder created, moved or removed, a watch lost) the generation goes up,
which only costs the next command the full sweep.

Synchronising uses git's cookie idea. The client sends a cookie name, then creates that file in
`.cop/watch/`; the watcher answers only when it reads the cookie's own inotify event. One inotify
instance delivers events in order, so by then it has counted every change made before the client asked.

Every command imports this module (the index asks for a token before its sweep), so it stays cheap:
standard library only, the C socket module rather than `socket`, and nothing of the watcher's own.
"""

from __future__ import annotations

# The C module, not `socket`: the wrapper's enum set-up costs ~2 ms at import, which is most of what a
# token costs; the client needs nothing from the wrapper.
import _socket
import errno
import hashlib
import json
import os
import struct
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cop.domain.errors import CopError
from cop.domain.watch import WatchStatus
from cop.store.records import layout

if TYPE_CHECKING:
    import subprocess

COOKIE_DIR = f"{layout.CACHE_DIR}/watch"
LOG_FILE = f"{COOKIE_DIR}/log"
_SO_PEERCRED = getattr(_socket, "SO_PEERCRED", 17)  # Linux's value; only read on Linux
_UCRED = struct.Struct("3i")  # struct ucred: pid, uid, gid


class WatchError(CopError):
    """The watcher cannot start, or no watcher answers where one was expected."""


def is_supported() -> bool:
    """Whether this system has inotify (Linux), so a watcher can run here."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        return hasattr(ctypes.CDLL(None), "inotify_init1")
    except OSError:
        return False


def address(root: Path) -> bytes:
    """The watcher's Linux abstract socket address for the repo at `root` (already resolved).

    Derived from a hash of the path and the user id: no file to clean up, no 108-byte path limit, and
    each user has their own watcher on a shared repo.
    """
    digest = hashlib.blake2b(f"{os.getuid()}\0{root}".encode(), digest_size=16).hexdigest()
    return f"\0cop-watch-{digest}".encode()


def peer_uid(sock: Any) -> int:
    """The user id of the process at the other end of a connected Unix socket (SO_PEERCRED)."""
    _pid, uid, _gid = _UCRED.unpack(sock.getsockopt(_socket.SOL_SOCKET, _SO_PEERCRED, _UCRED.size))
    return int(uid)


def _connect(root: Path, timeout: float) -> Any:
    """A connected socket to this repo's watcher, run by this user; raises OSError when there is none."""
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(address(root))
        if peer_uid(sock) != os.getuid():  # someone else bound our address: never trust their answers
            raise OSError(errno.EPERM, "the watcher's socket belongs to another user")
    except BaseException:
        sock.close()
        raise
    return sock


def _read_line(sock: Any, deadline: float) -> str:
    data = b""
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock.settimeout(left)
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
        if len(data) > 65536:
            raise OSError(errno.EMSGSIZE, "reply too long")
    return data.decode("utf-8", "replace").strip()


def _ask(root: Path, request: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    sock = _connect(root, timeout)
    try:
        sock.sendall(f"{request}\n".encode())
        return _read_line(sock, deadline)
    finally:
        sock.close()


def token(root: Path, timeout: float = 0.5) -> str | None:
    """The journal's token `instance:generation` for the repo at `root`, or None when no watcher answers.

    The token reflects every change made before the call: equal tokens mean that no record file (nor
    `cop.yaml`) changed between the two calls. Take it *before* sweeping, store it with the sweep, and
    skip the next sweep when the next token is equal. A watcher that restarts has a new instance, so a
    stored token never matches it. Never raises: any error or a timeout is None (do today's sweep).
    """
    if not sys.platform.startswith("linux"):  # abstract sockets and inotify: Linux only
        return None
    try:
        real = root.resolve()
        deadline = time.monotonic() + timeout
        for _attempt in range(3):
            reply = _token_once(real, timeout, deadline)
            if not reply.startswith("retry"):
                break
    except (OSError, ValueError):  # TimeoutError is an OSError
        return None
    instance, colon, generation = reply.partition(":")
    if not colon or not instance.isalnum() or not generation.isdigit():
        return None  # "error: ...": the watcher cannot vouch for its journal right now
    return reply


def _token_once(root: Path, timeout: float, deadline: float) -> str:
    """One cookie round: the watcher's reply (a token, `retry: ...` or `error: ...`)."""
    sock = _connect(root, timeout)
    try:
        name = f"cookie-{os.getpid():x}{os.urandom(6).hex()}"
        cookie = f"{root}/{COOKIE_DIR}/{name}"
        sock.sendall(f"token {name}\n".encode())
        try:
            os.close(os.open(cookie, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
        except FileNotFoundError:
            # `.cop` was deleted: the watcher notices, makes the folder again and says "retry"
            return _read_line(sock, deadline)
        try:
            return _read_line(sock, deadline)
        finally:
            os.unlink(cookie)
    finally:
        sock.close()


def status(root: Path, timeout: float = 1.0) -> WatchStatus | None:
    """What the watcher of the repo at `root` says about itself, or None when none answers."""
    try:
        reply = _ask(root.resolve(), "status", timeout)
        return WatchStatus(**json.loads(reply))
    except (OSError, ValueError, TypeError):
        return None


def stop(root: Path, timeout: float = 2.0) -> int | None:
    """Ask the repo's watcher to exit; returns its pid once it has closed, or None when none runs."""
    try:
        sock = _connect(root.resolve(), timeout)
    except (OSError, ValueError):
        return None
    try:
        sock.sendall(b"stop\n")
        deadline = time.monotonic() + timeout
        reply = _read_line(sock, deadline)
        while True:  # the watcher closes the connection last, when it is done
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
            if not sock.recv(4096):
                break
    except OSError as error:
        raise WatchError(f"the watcher did not stop within {timeout:g} s: {error}") from None
    finally:
        sock.close()
    word, _, pid = reply.partition(" ")
    if word != "stopping" or not pid.isdigit():
        raise WatchError(f"the watcher refused to stop: {reply or 'no answer'}")
    return int(pid)


def start_background(root: Path, command: list[str], timeout: float = 10.0) -> WatchStatus:
    """Run `command` (a foreground watcher for `root`) detached, output to `.cop/watch/log`, and
    return the watcher's status once it answers. Raises WatchError with the log's last line when it
    exits instead."""
    import subprocess

    real = root.resolve()
    running = status(real)
    if running is not None:
        raise WatchError(f"a watcher already runs for {real} (pid {running.pid})")
    log = real / LOG_FILE
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as output:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
                cwd=real,
                start_new_session=True,
                close_fds=True,
            )
    except OSError as error:
        raise WatchError(f"cannot start the watcher: {error.strerror or error}") from None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = status(real)
        if found is not None and found.pid == process.pid:
            _detach(process)
            return found
        if process.poll() is not None:
            raise WatchError(_last_line(log) or f"the watcher exited with code {process.returncode}")
        time.sleep(0.02)
    raise WatchError(f"the watcher did not answer within {timeout:g} s (pid {process.pid}; see {log})")


def _detach(process: subprocess.Popen[bytes]) -> None:
    """Forget a child that is meant to outlive us (so Python does not warn that it still runs)."""
    process.returncode = 0


def _last_line(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    line = lines[-1] if lines else ""
    return line.removeprefix("error: ")
