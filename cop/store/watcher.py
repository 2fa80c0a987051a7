"""The watcher behind `cop watch`: inotify watches on the record folders, the journal, and its socket.

It counts every event that may concern a record file in a generation and answers the clients of
`cop.store.watch` (the protocol and the cookie sync are described there and in docs/watch.md). Linux
only (inotify through ctypes, standard library only). Imported only by `cop watch` when it runs a
watcher, so its imports cost the commands nothing.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import selectors
import signal
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cop.store import layout
from cop.store.watch import COOKIE_DIR, WatchError, WatchStatus, address, is_supported, peer_uid, status

RECORD_FOLDERS = tuple(layout.FOLDERS.values())  # communities, members, entries, mentorships
_HEX = frozenset("0123456789abcdef")

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


def _is_cookie(name: str) -> bool:
    """Whether `name` is a cookie's name: `cookie-` and 1 to 32 hex digits."""
    digits = name.removeprefix("cookie-")
    return digits != name and 0 < len(digits) <= 32 and _HEX.issuperset(digits)


class _Inotify:
    """The three inotify calls, through ctypes."""

    def __init__(self) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
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
        code = ctypes.get_errno()
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
        if peer_uid(sock) != os.getuid():
            self._answer(client, "error: this watcher belongs to another user")
            return True
        self.clients[sock.fileno()] = client
        if self._selector is not None:
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
