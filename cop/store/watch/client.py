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
import stat
import struct
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cop.domain.errors import CopError
from cop.domain.watch import WatchStatus
from cop.store.records import files, layout

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


def socket_folder(*, create: bool = False) -> Path:
    """The folder holding this user's watcher sockets, which only this user may enter.

    `$XDG_RUNTIME_DIR/cop/` (per-user, made by the login manager), else `$TMPDIR` (or `/tmp`)
    `/cop-<uid>/`, made 0700. A folder that is a symbolic link, is owned by someone else, or that group
    or others may write to is refused with WatchError: another local user could otherwise take the
    socket's name first and answer for our watcher (or keep it from starting).
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime) and os.path.isdir(runtime):
        folder = Path(runtime) / "cop"
    else:
        folder = Path(os.environ.get("TMPDIR") or "/tmp") / f"cop-{os.getuid()}"
    if create:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError as error:
            raise WatchError(f"cannot create {folder} for the watcher's socket: {error.strerror}") from None
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return folder  # no watcher has run: a client finds no socket in it
    problem = ""
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        problem = "it is not a folder (a symbolic link?)"
    elif st.st_uid != os.getuid():
        problem = f"it belongs to user id {st.st_uid}, not to you"
    elif st.st_mode & 0o022:
        problem = f"others may write to it (mode {stat.S_IMODE(st.st_mode):o})"
    if problem:
        raise WatchError(
            f"{folder} is not private ({problem}); cop keeps the watcher's socket there and will not "
            "use it: remove it (or set XDG_RUNTIME_DIR to a folder only you can enter)"
        )
    return folder


def socket_path(root: Path, *, create: bool = False) -> Path:
    """The watcher's Unix socket for the repo at `root` (already resolved), in `socket_folder()`:
    named for a hash of the path, so each repo has one watcher per user. Raises WatchError (the
    folder is not private, or the path is too long for a Unix socket)."""
    digest = hashlib.blake2b(str(root).encode(), digest_size=12).hexdigest()
    path = socket_folder(create=create) / f"w-{digest}.sock"
    if len(os.fsencode(path)) > 107:
        raise WatchError(f"{path} is too long for a Unix socket: set XDG_RUNTIME_DIR or TMPDIR shorter")
    return path


def peer_uid(sock: Any) -> int:
    """The user id of the process at the other end of a connected Unix socket (SO_PEERCRED)."""
    _pid, uid, _gid = _UCRED.unpack(sock.getsockopt(_socket.SOL_SOCKET, _SO_PEERCRED, _UCRED.size))
    return int(uid)


def _connect(root: Path, timeout: float) -> Any:
    """A connected socket to this repo's watcher, run by this user; raises OSError when there is none
    and WatchError when the socket's folder is not private."""
    path = os.fsencode(socket_path(root))
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(path)
        if peer_uid(sock) != os.getuid():  # someone else bound our address: never trust their answers
            raise OSError(errno.EPERM, "the watcher's socket belongs to another user")
    except BaseException:
        sock.close()
        raise
    return sock


def _read_line(sock: Any, deadline: float, limit: int = 65536) -> str:
    chunks: list[bytes] = []
    size = 0
    while not chunks or not chunks[-1].endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock.settimeout(left)
        chunk = sock.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise OSError(errno.EMSGSIZE, "reply too long")
    return b"".join(chunks).decode("utf-8", "replace").strip()


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
    if not sys.platform.startswith("linux"):  # the watcher needs inotify: Linux only
        return None
    try:
        reply = _cookie_round(root, timeout, "token")
    except (OSError, ValueError, WatchError):  # TimeoutError is an OSError
        return None
    instance, colon, generation = reply.partition(":")
    if not colon or not instance.isalnum() or not generation.isdigit():
        return None  # "error: ...": the watcher cannot vouch for its journal right now
    return reply


#: the longest `changes` reply read: the journal names at most 20,000 paths (journal.PATHS_KEPT)
_CHANGES_LIMIT = 16 << 20


def changes(root: Path, since: str | None, timeout: float = 0.5) -> tuple[str, list[str] | None] | None:
    """The journal's token for the repo at `root` (as `token()`) and the repo-relative paths changed
    after the token `since`: record files, and folders to list again (ending in `/`), in no set
    order. The paths are None ("unknown") when the watcher cannot name them all: `since` is None or
    another instance's, older than what the journal keeps, or from before an overflow. None when no
    watcher answers. Never raises.

    An index that stored `since` with a ledger exact for every file then may check only these paths
    instead of sweeping; a file not among them has had no event since `since` was handed out."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        reply = _cookie_round(root, timeout, f"changes {since or '-'}", _CHANGES_LIMIT)
        found = json.loads(reply) if reply.startswith("{") else None
    except (OSError, ValueError, WatchError):
        return None
    if not isinstance(found, dict):
        return None  # "error: ...": the watcher cannot vouch for its journal right now
    token, paths = found.get("token"), found.get("changed")
    if not isinstance(token, str) or not (paths is None or isinstance(paths, list)):
        return None
    if paths is not None and not all(isinstance(path, str) for path in paths):
        return None
    return token, paths


def _cookie_round(root: Path, timeout: float, request: str, limit: int = 65536) -> str:
    """The watcher's reply to `request` for the repo at `root` (resolved here), after as many cookie
    rounds as it says "retry" (three at most), within `timeout`. Raises OSError, ValueError or
    WatchError."""
    real = root.resolve()
    deadline = time.monotonic() + timeout
    reply = "retry"
    for _attempt in range(3):
        reply = _token_once(real, timeout, deadline, request, limit)
        if not reply.startswith("retry"):
            break
    return reply


def _token_once(root: Path, timeout: float, deadline: float, request: str, limit: int) -> str:
    """One cookie round: the watcher's reply (a token, `retry: ...` or `error: ...`)."""
    sock = _connect(root, timeout)
    try:
        name = f"cookie-{os.getpid():x}{os.urandom(6).hex()}"
        cookie = f"{root}/{COOKIE_DIR}/{name}"
        sock.sendall(f"{request} {name}\n".encode())
        try:
            os.close(os.open(cookie, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
        except FileNotFoundError:
            # `.cop` was deleted: the watcher notices, makes the folder again and says "retry"
            return _read_line(sock, deadline, limit)
        try:
            return _read_line(sock, deadline, limit)
        finally:
            os.unlink(cookie)
    finally:
        sock.close()


def status(root: Path, timeout: float = 1.0) -> WatchStatus | None:
    """What the watcher of the repo at `root` says about itself, or None when none answers.

    The one test of "a watcher runs" (`--status`, `--stop` and `--background` all use it): our own
    user's watcher answered on the socket with a valid status, never "the socket file exists". Raises
    WatchError when the socket's folder is not private (said the same way by all three)."""
    real = root.resolve()
    socket_path(real)  # the folder's check: raises, unlike a missing or silent watcher
    try:
        reply = _ask(real, "status", timeout)
        found = WatchStatus(**json.loads(reply))
    except (OSError, ValueError, TypeError):
        return None
    return found if found.root == str(real) else None


def stop(root: Path, timeout: float = 2.0) -> int | None:
    """Ask the repo's watcher to exit; returns its pid once it has closed, or None when none runs."""
    if status(root) is None:  # the same test as --status: only our own answering watcher is stopped
        return None
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
        files.real_folders(real, log.parent)  # refuses a `.cop` (or `.cop/watch`) symbolic link
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
