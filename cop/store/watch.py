"""`cop watch`: a change journal kept by a long-running inotify watcher, and the client that asks it.

Every command checks the index is fresh by stat-ing every record file. A watcher makes that check
cheap, as git's fsmonitor does: it holds inotify watches on the record folders and counts every event
that may concern a record file in a *generation*. A client asks for a token `instance:generation`;
while two tokens are equal, no record file changed between them, so a command that stored the token
with its last sweep may skip the sweep. The journal is deliberately coarse: when in doubt (a queue
overflow, a folder created, moved or removed, a watch lost) the generation goes up, which only costs the
next command the full sweep.

Synchronising uses git's cookie idea. The client sends a cookie name, then creates that file in
`.cop/watch/`; the watcher answers only when it reads the cookie's own inotify event. One inotify
instance delivers events in order, so by then it has counted every change made before the client asked.

Linux only (inotify through ctypes, standard library only). The client (`token`, `status`, `stop`)
imports nothing beyond the C socket module; the watcher's own imports wait until it runs.
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
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cop.errors import CopError
from cop.store import layout

if TYPE_CHECKING:
    import selectors
    import subprocess

COOKIE_DIR = f"{layout.CACHE_DIR}/watch"
LOG_FILE = f"{COOKIE_DIR}/log"
RECORD_FOLDERS = tuple(layout.FOLDERS.values())  # communities, members, entries, mentorships
_HEX = frozenset("0123456789abcdef")
_SO_PEERCRED = getattr(_socket, "SO_PEERCRED", 17)  # Linux's value; only read on Linux
_UCRED = struct.Struct("3i")  # struct ucred: pid, uid, gid

# inotify(7)
IN_MODIFY = 0x00000002
IN_ATTRIB = 0x00000004
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_MOVE_SELF = 0x00000800
IN_UNMOUNT = 0x00002000
IN_Q_OVERFLOW = 0x00004000
IN_IGNORED = 0x00008000
IN_ONLYDIR = 0x01000000
IN_DONT_FOLLOW = 0x02000000
IN_ISDIR = 0x40000000
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = os.O_CLOEXEC

WATCHED = (
    IN_CREATE
    | IN_DELETE
    | IN_MODIFY
    | IN_CLOSE_WRITE
    | IN_MOVED_FROM
    | IN_MOVED_TO
    | IN_ATTRIB
    | IN_DELETE_SELF
    | IN_MOVE_SELF
)
COOKIE_EVENTS = IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF
_EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then len bytes of name


class WatchError(CopError):
    """The watcher cannot start, or no watcher answers where one was expected."""


class WatchStatus(NamedTuple):
    """What a running watcher says about itself (a NamedTuple: a frozen dataclass would cost ~1 ms at
    import, paid by every command once the index asks for tokens)."""

    root: str
    pid: int
    instance: str
    generation: int
    folders: int  # record folders under watch: communities/, members/, ..., entries/<each community>/
    started: str  # UTC, ISO 8601
    overflows: int  # times the kernel's event queue overflowed (each one cost a sweep)
    degraded: str | None  # why tokens are refused (a watch could not be added), else None

    @property
    def token(self) -> str:
        return f"{self.instance}:{self.generation}"

    def to_json(self) -> dict[str, Any]:
        return self._asdict()


def _is_cookie(name: str) -> bool:
    """Whether `name` is a cookie's name: `cookie-` and 1 to 32 hex digits (no regex: cheap import)."""
    digits = name.removeprefix("cookie-")
    return digits != name and 0 < len(digits) <= 32 and _HEX.issuperset(digits)


# -- the client ------------------------------------------------------------------------------------
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


def _connect(root: Path, timeout: float) -> Any:
    """A connected socket to this repo's watcher, run by this user; raises OSError when there is none."""
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(address(root))
        _pid, uid, _gid = _UCRED.unpack(sock.getsockopt(_socket.SOL_SOCKET, _SO_PEERCRED, _UCRED.size))
        if uid != os.getuid():  # someone else bound our address: never trust their answers
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


# -- the watcher -----------------------------------------------------------------------------------
class _Inotify:
    """The three inotify calls, through ctypes."""

    def __init__(self) -> None:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        self._ctypes = ctypes
        self._add = libc.inotify_add_watch
        self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        self._add.restype = ctypes.c_int
        self._rm = libc.inotify_rm_watch
        self._rm.argtypes = [ctypes.c_int, ctypes.c_int]
        self._rm.restype = ctypes.c_int
        init = libc.inotify_init1
        init.argtypes = [ctypes.c_int]
        init.restype = ctypes.c_int
        self.fd = init(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            self._raise("inotify_init1")

    def _raise(self, call: str, path: str = "") -> None:
        code = self._ctypes.get_errno()
        raise OSError(code, f"{call}: {os.strerror(code)}", path or None)

    def add(self, path: str, mask: int) -> int:
        wd: int = self._add(self.fd, os.fsencode(path), mask)
        if wd < 0:
            self._raise("inotify_add_watch", path)
        return wd

    def remove(self, wd: int) -> None:
        self._rm(self.fd, wd)  # fails only for a watch the kernel already dropped

    def read(self) -> list[tuple[int, int, str]]:
        """Every queued event as (wd, mask, name); [] when none is queued."""
        events: list[tuple[int, int, str]] = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return events
            offset = 0
            while offset < len(data):
                wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
                start = offset + _EVENT.size
                name = os.fsdecode(data[start : start + length].rstrip(b"\0"))
                events.append((wd, mask, name))
                offset = start + length

    def close(self) -> None:
        os.close(self.fd)


class _Client:
    __slots__ = ("sock", "buffer", "since", "cookie", "asked", "rescued")

    def __init__(self, sock: Any) -> None:
        self.sock = sock
        self.buffer = b""
        self.since = time.monotonic()
        self.cookie = ""  # the cookie it waits for
        self.asked = 0.0  # when it asked for a token
        self.rescued = False  # whether a cookie of the watcher's own stands in for its own


class Watcher:
    """The watcher of one repo: its watches, its journal, and the socket clients ask it on."""

    CLIENT_TIMEOUT = 10.0  # a connection that says nothing for this long is closed
    COOKIE_GRACE = 0.05  # a client's cookie not seen after this long may be lost: make one of our own
    EARLY_COOKIES = 256  # cookies seen before their request arrived (the two race), kept this many

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.instance = os.urandom(8).hex()
        self.generation = 0
        self.overflows = 0
        self.degraded: str | None = None
        self.started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.paths: dict[int, str] = {}  # wd -> repo-relative folder ("" is the root)
        self.root_wd = -1
        self.cookie_wd: int | None = None
        self.pending: dict[str, _Client] = {}  # cookie name -> the client waiting for it
        self.early: dict[str, None] = {}
        self.own_cookies: dict[str, list[_Client]] = {}  # the watcher's own cookies -> who waits
        self._own_count = 0
        self.clients: dict[int, _Client] = {}
        self.exit_reason: str | None = None
        self._listener: Any = None
        self._inotify: _Inotify | None = None
        self._selector: selectors.BaseSelector | None = None
        self._stopper: _Client | None = None  # the client that asked to stop: told last, when done

    # -- life cycle --------------------------------------------------------------------------------
    def bind(self) -> None:
        """Claim the repo's address: fails with a clear message when another watcher holds it."""
        import socket

        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(address(self.root))
        except OSError as error:
            listener.close()
            if error.errno != errno.EADDRINUSE:
                raise WatchError(f"cannot listen for clients: {error.strerror}") from None
            other = status(self.root)
            pid = f" (pid {other.pid})" if other is not None else ""
            raise WatchError(
                f"a watcher already runs for {self.root}{pid}; stop it with 'cop watch --stop'"
            ) from None
        listener.listen(64)
        listener.setblocking(False)
        self._listener = listener

    def setup(self) -> None:
        """Bind, then watch: a client can only be answered once every watch is in place."""
        if not (self.root / layout.CONFIG_FILE).is_file():
            raise WatchError(f"{self.root} is not a cop repo (no {layout.CONFIG_FILE})")
        self.bind()
        try:
            self._inotify = _Inotify()
            self.root_wd = self._inotify.add(str(self.root), WATCHED | IN_ONLYDIR)
            self.paths[self.root_wd] = ""
            self.resync()
            self._watch_cookies()
        except OSError as error:
            self.close()
            raise WatchError(f"cannot watch {self.root}: {error.strerror or error}") from None

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        for client in list(self.clients.values()):
            client.sock.close()
        self.clients.clear()
        self.pending.clear()
        for name in self.own_cookies:
            try:
                os.unlink(self.root / COOKIE_DIR / name)
            except OSError:
                pass
        self.own_cookies.clear()
        if self._inotify is not None:
            self._inotify.close()
            self._inotify = None

    def status(self) -> WatchStatus:
        return WatchStatus(
            root=str(self.root),
            pid=os.getpid(),
            instance=self.instance,
            generation=self.generation,
            folders=sum(1 for path in self.paths.values() if path and path != COOKIE_DIR),
            started=self.started,
            overflows=self.overflows,
            degraded=self.degraded,
        )

    # -- the watch set -----------------------------------------------------------------------------
    def resync(self) -> None:
        """Make the watch set match the folders on disk (after a folder appeared, vanished or moved).

        The record folders are watched (followed if symlinks, as the sweep does), then entries/ is
        listed and each community folder watched (not followed: the sweep skips symlinked ones). In
        that order, a community folder made while this runs is either listed or reported by the watch
        on entries/. Adding a watch on a folder already watched returns its descriptor, so this is
        idempotent; a watch whose folder moved away is removed. A watch that cannot be added for a
        reason other than the folder vanishing (the inotify limit) makes tokens refused until a later
        resync succeeds: a journal with a hole must not vouch for anything.
        """
        assert self._inotify is not None
        paths = {self.root_wd: ""}
        problems: list[str] = []

        def watch(folder: str, mask: int) -> None:
            assert self._inotify is not None
            try:
                paths[self._inotify.add(str(self.root / folder), mask)] = folder
            except OSError as error:
                if error.errno in (errno.ENOENT, errno.ENOTDIR):
                    return  # not there (or gone since the listing): its parent's event brings us back
                problem = f"cannot watch {folder}: {os.strerror(error.errno or 0)}"
                if error.errno == errno.ENOSPC:
                    problem += " (raise fs.inotify.max_user_watches)"
                problems.append(problem)

        for folder in RECORD_FOLDERS:
            watch(folder, WATCHED | IN_ONLYDIR)
        if layout.FOLDERS["entry"] in paths.values():
            try:
                with os.scandir(self.root / layout.FOLDERS["entry"]) as items:
                    names = [
                        i.name
                        for i in items
                        if not i.name.startswith(".") and i.is_dir(follow_symlinks=False)
                    ]
            except OSError:
                names = []  # gone meanwhile: the root's watch reports it
            for name in names:
                watch(f"entries/{name}", WATCHED | IN_ONLYDIR | IN_DONT_FOLLOW)
        for wd in self.paths:
            if wd not in paths and wd != self.cookie_wd:
                self._inotify.remove(wd)
        if self.cookie_wd is not None:
            paths[self.cookie_wd] = COOKIE_DIR
        self.paths = paths
        problem = problems[0] if problems else None
        if problem != self.degraded:
            _log(problem or "all record folders are watched again")
        self.degraded = problem

    def _watch_cookies(self) -> None:
        """Watch `.cop/watch/`, making it if needed (it goes when someone deletes `.cop`)."""
        assert self._inotify is not None
        folder = self.root / COOKIE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.cookie_wd = self._inotify.add(str(folder), COOKIE_EVENTS | IN_ONLYDIR | IN_DONT_FOLLOW)
        self.paths[self.cookie_wd] = COOKIE_DIR

    # -- events ------------------------------------------------------------------------------------
    def _concerns_records(self, folder: str, name: str) -> bool:
        """Whether an event (in a watched folder, for `name`) may change what the sweep finds."""
        if not name:
            return True  # the folder itself (its attributes): cheap to be safe
        if name.startswith("."):
            return False  # dotfiles, .cop and .git: the sweep skips them
        if folder == "":
            return name in RECORD_FOLDERS or name == layout.CONFIG_FILE
        if folder == layout.FOLDERS["entry"]:
            return True  # a community folder (or a stray file: the sweep ignores it, a bump is cheap)
        if folder.startswith("entries/"):
            return name.endswith(".md")
        return name.endswith(".yaml")

    def handle(self, events: list[tuple[int, int, str]]) -> None:
        """Count the events that may concern record files; re-sync after structural ones; answer
        the clients whose cookie arrived (every event before it is counted by then)."""
        overflowed = False
        for wd, mask, name in events:
            if mask & IN_Q_OVERFLOW:
                self.overflows += 1
                overflowed = True
                _log("the kernel's event queue overflowed: the next command sweeps")
                self.generation += 1
                self.resync()
                continue
            if wd == self.root_wd and mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT):
                self.exit_reason = "the repo folder was " + ("moved" if mask & IN_MOVE_SELF else "removed")
                return
            if wd == self.cookie_wd:
                if mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT):
                    self._lose_cookies()
                elif name in self.pending:
                    self._answer(self.pending.pop(name), self.token_line())
                elif name in self.own_cookies:
                    self._own_cookie_seen(name)
                elif _is_cookie(name):
                    self.early[name] = None
                    if len(self.early) > self.EARLY_COOKIES:
                        del self.early[next(iter(self.early))]
                continue
            folder = self.paths.get(wd)
            if folder is None:
                continue  # a watch removed by a resync earlier in this batch
            if mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT):
                self.generation += 1
                self.resync()
            elif self._concerns_records(folder, name):
                self.generation += 1
                moved = mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)
                # A folder came, went or moved (or, at the root, entries/ became a file or a symlink):
                # re-sync now, so a cookie later in this batch finds the new folder watched; else a
                # change in it made before the cookie could go uncounted.
                if moved and (mask & IN_ISDIR or folder == ""):
                    self.resync()
        if overflowed:
            # Cookies may have been lost with the queue. Every change made before a waiting client
            # asked was either read in this batch or dropped, and the overflow counted the dropped.
            for client in self.pending.values():
                self._answer(client, self.token_line())
            self.pending.clear()

    def _lose_cookies(self) -> None:
        """`.cop/watch/` went (someone deleted `.cop`): waiting clients get an error; the folder is
        made and watched again on the next request."""
        self.paths.pop(self.cookie_wd or -1, None)
        self.cookie_wd = None
        for client in self.pending.values():
            self._answer(client, "retry: the cookie folder was removed")
        self.pending.clear()
        self.early.clear()
        self.own_cookies.clear()

    def rescue(self) -> float | None:
        """Stand in for cookies that have not come: returns how long until the next one is due.

        A client's cookie is lost when it was made while the kernel's queue was full (the overflow
        counts the change, but the client would wait for nothing). The watcher then makes a cookie of
        its own: made after the request was read, it follows every change the client made before
        asking, so its event is as good a sign. Also covers a client slow between asking and making.
        """
        if not self.pending:
            return None
        now = time.monotonic()
        overdue = [c for c in self.pending.values() if not c.rescued and now - c.asked >= self.COOKIE_GRACE]
        if overdue and self.cookie_wd is not None:
            self._own_count += 1
            name = f"watcher-{self._own_count}"
            try:
                os.close(
                    os.open(self.root / COOKIE_DIR / name, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600)
                )
            except OSError as error:
                for client in overdue:
                    self.pending.pop(client.cookie, None)
                    self._answer(client, f"error: cannot make a cookie: {error.strerror}")
            else:
                self.own_cookies[name] = overdue
                for client in overdue:
                    client.rescued = True
        waiting = [c.asked + self.COOKIE_GRACE - now for c in self.pending.values() if not c.rescued]
        return max(min(waiting), 0.0) if waiting else None

    def _own_cookie_seen(self, name: str) -> None:
        for client in self.own_cookies.pop(name):
            if self.pending.get(client.cookie) is client:
                del self.pending[client.cookie]
                self._answer(client, self.token_line())
        try:
            os.unlink(self.root / COOKIE_DIR / name)
        except OSError:
            pass

    def token_line(self) -> str:
        return f"{self.instance}:{self.generation}"

    # -- clients -----------------------------------------------------------------------------------
    def _answer(self, client: _Client, line: str, close: bool = True) -> None:
        try:
            client.sock.sendall(f"{line}\n".encode())
        except OSError:
            pass
        if close:
            self._drop(client)

    def _drop(self, client: _Client) -> None:
        if self.clients.pop(client.sock.fileno(), None) is not None and self._selector is not None:
            self._selector.unregister(client.sock)
        client.sock.close()

    def accept(self) -> bool:
        """Take one waiting connection; False when none is waiting."""
        try:
            sock, _ = self._listener.accept()
        except (BlockingIOError, InterruptedError):
            return False
        sock.setblocking(False)
        client = _Client(sock)
        _pid, uid, _gid = _UCRED.unpack(sock.getsockopt(_socket.SOL_SOCKET, _SO_PEERCRED, _UCRED.size))
        if uid != os.getuid():
            self._answer(client, "error: this watcher belongs to another user")
            return True
        self.clients[sock.fileno()] = client
        if self._selector is not None:
            import selectors

            self._selector.register(sock, selectors.EVENT_READ, client)
        return True

    def receive(self, client: _Client) -> None:
        """Read what a client sent; act on its request once the line is complete."""
        try:
            data = client.sock.recv(4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client went away (a timed-out token, a finished status)
            self._forget(client)
            self._drop(client)
            return
        client.buffer += data
        if b"\n" in client.buffer:
            self.request(client, client.buffer.split(b"\n", 1)[0].decode("utf-8", "replace").strip())
        elif len(client.buffer) > 1024:
            self._answer(client, "error: request too long")

    def _forget(self, client: _Client) -> None:
        for name, waiting in list(self.pending.items()):
            if waiting is client:
                del self.pending[name]

    def request(self, client: _Client, line: str) -> None:
        verb, _, argument = line.partition(" ")
        if verb == "token" and _is_cookie(argument):
            if self.degraded:
                self._answer(client, f"error: {self.degraded}")
            elif self.cookie_wd is None:
                try:
                    self._watch_cookies()
                except OSError as error:
                    self._answer(client, f"error: cannot watch {COOKIE_DIR}: {error.strerror}")
                    return
                # this client's cookie may predate the watch: it asks again
                self._answer(client, "retry: the cookie folder is watched again")
            elif argument in self.early:
                del self.early[argument]
                self._answer(client, self.token_line())
            else:
                client.cookie, client.asked = argument, time.monotonic()
                self.pending[argument] = client
        elif verb == "status" and not argument:
            self._answer(client, json.dumps(self.status().to_json()))
        elif verb == "stop" and not argument:
            self.exit_reason = "asked to stop"
            if self._selector is not None:
                self._selector.unregister(self._listener)
            self._listener.close()  # free the address before answering: a new watcher may start
            self._listener = None
            self._answer(client, f"stopping {os.getpid()}", close=False)
            self._stopper = client
        else:
            self._answer(client, "error: unknown request")

    def expire(self) -> None:
        now = time.monotonic()
        for client in list(self.clients.values()):
            if now - client.since > self.CLIENT_TIMEOUT:
                self._forget(client)
                self._drop(client)

    # -- the loop ----------------------------------------------------------------------------------
    def run(self) -> str:
        """Serve until stopped (a `stop` request, SIGINT/SIGTERM/SIGHUP, the repo folder removed or
        moved); returns why it stopped."""
        import selectors
        import signal
        import threading

        assert self._inotify is not None and self._listener is not None
        wake_read, wake_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        caught: list[int] = []

        def on_signal(number: int, _frame: object) -> None:
            caught.append(number)
            try:
                os.write(wake_write, b"x")
            except OSError:
                pass

        previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                previous[number] = signal.signal(number, on_signal)
        selector = self._selector = selectors.DefaultSelector()
        selector.register(self._inotify.fd, selectors.EVENT_READ, "inotify")
        selector.register(self._listener, selectors.EVENT_READ, "listener")
        selector.register(wake_read, selectors.EVENT_READ, "signal")
        try:
            while self.exit_reason is None:
                # wake up only for a late cookie or to drop silent clients: an idle watcher sleeps
                due = self.rescue()
                if due is None and self.clients:
                    due = self.CLIENT_TIMEOUT / 2
                ready = selector.select(timeout=due)
                if caught:
                    self.exit_reason = f"{signal.Signals(caught[0]).name} received"
                    break
                # Requests first, then events: a cookie whose request is still unread lands in
                # `early` and is answered when its request comes.
                if any(key.data == "listener" for key, _ in ready):
                    while self.accept():
                        pass
                for key, _ in ready:
                    client = key.data
                    if isinstance(client, _Client) and self.clients.get(key.fd) is client:
                        self.receive(client)
                        if self.exit_reason is not None:
                            break
                if self.exit_reason is not None:
                    break
                self.handle(self._inotify.read())
                self.expire()
        finally:
            self._selector = None
            selector.close()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            os.close(wake_read)
            os.close(wake_write)
            stopper = self._stopper
            if stopper is not None:
                self.clients.pop(stopper.sock.fileno(), None)
            self.close()
            if stopper is not None:
                stopper.sock.close()  # last: `stop()` returns when it sees this
        return self.exit_reason or "stopped"


def serve(root: Path, ready: Callable[[WatchStatus], None] | None = None) -> str:
    """Watch the repo at `root` until stopped; `ready` is called once clients can be answered.

    Returns why it stopped. Raises WatchError when it cannot start (another watcher runs, not a cop
    repo, inotify unavailable or out of watches).
    """
    if not is_supported():
        raise WatchError("cop watch needs Linux's inotify; on this system every command sweeps the files")
    watcher = Watcher(root)
    watcher.setup()
    if ready is not None:
        ready(watcher.status())
    return watcher.run()


def _log(line: str) -> None:
    """A line for the watcher's log (stderr: the terminal in the foreground, `.cop/watch/log` else)."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print(f"{stamp} cop watch: {line}", file=sys.stderr, flush=True)
