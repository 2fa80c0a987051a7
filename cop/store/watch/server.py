"""The watcher behind `cop watch`: the socket server that answers clients from the change journal.

`serve()` runs one: a `Server` owns the repo's `Journal` (`cop.store.watch.journal`: the inotify watches and
the generation) and answers the clients of `cop.store.watch.client` on the repo's socket (the protocol and the
cookie sync are described there and in docs/watch.md). Linux only (inotify through ctypes, standard
library only). Imported only by `cop watch` when it runs a watcher, so its imports cost the commands
nothing.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cop.domain.watch import WatchStatus
from cop.store.records import layout
from cop.store.watch import listen
from cop.store.watch.client import COOKIE_DIR, WatchError, is_supported, peer_uid
from cop.store.watch.journal import Journal

_HEX = frozenset("0123456789abcdef")


def _is_cookie(name: str) -> bool:
    """Whether `name` is a cookie's name: `cookie-` and 1 to 32 hex digits."""
    digits = name.removeprefix("cookie-")
    return digits != name and 0 < len(digits) <= 32 and _HEX.issuperset(digits)


class _Client:
    __slots__ = ("sock", "buffer", "since", "cookie", "asked", "rescued", "base")

    def __init__(self, sock: Any) -> None:
        self.sock = sock
        self.buffer = b""
        self.since = time.monotonic()
        self.cookie = ""  # the cookie it waits for
        self.asked = 0.0  # when it asked for a token
        self.rescued = False  # whether a cookie of the watcher's own stands in for its own
        self.base: str | None = None  # `changes`: the token whose later changes it asks for


class Server:
    """The socket of one repo's watcher: its clients, their requests and cookies, and the run loop.

    Tokens come from the `Journal` it owns; the journal tells it of cookies (`cookie_seen`,
    `cookies_lost`) in queue order with the changes, which is what lets a token cover every change
    made before it was asked for.
    """

    CLIENT_TIMEOUT = 10.0  # a connection that says nothing for this long is closed
    COOKIE_GRACE = 0.05  # a client's cookie not seen after this long may be lost: make one of our own
    EARLY_COOKIES = 256  # cookies seen before their request arrived (the two race), kept this many
    SEND_TIMEOUT = 1.0  # how long a long reply may wait for a client to read it

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.journal = Journal(self.root)
        self.started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.pending: dict[str, _Client] = {}  # cookie name -> the client waiting for it
        self.early: dict[str, None] = {}
        self.own_cookies: dict[str, list[_Client]] = {}  # the watcher's own cookies -> who waits
        self._own_count = 0
        self.clients: dict[int, _Client] = {}
        self.exit_reason: str | None = None
        self._listener: Any = None
        self._socket: Path | None = None
        self._socket_inode = 0
        self._selector: selectors.BaseSelector | None = None
        self._stopper: _Client | None = None  # the client that asked to stop: told last, when done

    # -- life cycle --------------------------------------------------------------------------------
    def bind(self) -> None:
        """Claim the repo's socket (`cop.store.watch.listen.claim`)."""
        self._listener, self._socket, self._socket_inode = listen.claim(self.root)

    def _release(self) -> None:
        if self._listener is not None:
            listen.release(self._listener, self._socket, self._socket_inode)
            self._listener = self._socket = None

    def setup(self) -> None:
        """Bind, then watch: a client can only be answered once every watch is in place."""
        if not (self.root / layout.CONFIG_FILE).is_file():
            raise WatchError(f"{self.root} is not a cop repo (no {layout.CONFIG_FILE})")
        self.bind()
        try:
            self.journal.open()
        except OSError as error:
            self.close()
            raise WatchError(f"cannot watch {self.root}: {error.strerror or error}") from None

    def close(self) -> None:
        self._release()
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
        self.journal.close()

    def status(self) -> WatchStatus:
        journal = self.journal
        return WatchStatus(
            root=str(self.root),
            pid=os.getpid(),
            instance=journal.instance,
            generation=journal.generation,
            folders=journal.folders,
            started=self.started,
            overflows=journal.overflows,
            degraded=journal.degraded,
        )

    # -- cookies -----------------------------------------------------------------------------------
    def read_events(self) -> None:
        """Let the journal count what the kernel queued; answer the clients whose cookie came."""
        overflowed = self.journal.handle(self.journal.read(), self)
        if self.journal.gone is not None:
            self.exit_reason = self.journal.gone
            return
        if overflowed:
            # Cookies may have been lost with the queue. Every change made before a waiting client
            # asked was either read in this batch or dropped, and the overflow counted the dropped.
            for client in self.pending.values():
                self._answer(client, self._reply(client))
            self.pending.clear()

    def cookie_seen(self, name: str) -> None:
        """A file appeared in `.cop/watch/`: every change before it is counted by now."""
        if name in self.pending:
            client = self.pending.pop(name)
            self._answer(client, self._reply(client))
        elif name in self.own_cookies:
            self._own_cookie_seen(name)
        elif _is_cookie(name):
            self.early[name] = None
            if len(self.early) > self.EARLY_COOKIES:
                del self.early[next(iter(self.early))]

    def cookies_lost(self) -> None:
        """`.cop/watch/` went (someone deleted `.cop`): waiting clients are told to retry; the folder
        is made and watched again on the next request."""
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
        if overdue and self.journal.watching_cookies:
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
                self._answer(client, self._reply(client))
        try:
            os.unlink(self.root / COOKIE_DIR / name)
        except OSError:
            pass

    def _reply(self, client: _Client) -> str:
        """What a client whose cookie came is told: the token, and for `changes` the paths changed
        since its base token (JSON: `{"token": T, "changed": [paths] or null}`, null for unknown)."""
        token = self.journal.token()
        if client.base is None:
            return token
        changed = self.journal.since(client.base) if client.base != "-" else None
        return json.dumps({"token": token, "changed": changed})

    # -- clients -----------------------------------------------------------------------------------
    def _answer(self, client: _Client, line: str, close: bool = True) -> None:
        data = f"{line}\n".encode()
        try:
            if len(data) > 16384:  # a long list of paths: the client is reading, so wait for room
                client.sock.settimeout(self.SEND_TIMEOUT)
            client.sock.sendall(data)
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
        if verb == "changes":  # `changes BASE cookie-HEX`: as `token`, with the paths changed since BASE
            client.base, _, argument = argument.partition(" ")
            verb = "token" if client.base else "unknown"
        if verb == "token" and _is_cookie(argument):
            if self.journal.degraded:
                self._answer(client, f"error: {self.journal.degraded}")
            elif not self.journal.watching_cookies:
                try:
                    self.journal.watch_cookies()
                except OSError as error:
                    self._answer(client, f"error: cannot watch {COOKIE_DIR}: {error.strerror}")
                    return
                # this client's cookie may predate the watch: it asks again
                self._answer(client, "retry: the cookie folder is watched again")
            elif argument in self.early:
                del self.early[argument]
                self._answer(client, self._reply(client))
            else:
                client.cookie, client.asked = argument, time.monotonic()
                self.pending[argument] = client
        elif verb == "status" and not argument:
            self._answer(client, json.dumps(self.status().to_json()))
        elif verb == "stop" and not argument:
            self.exit_reason = "asked to stop"
            if self._selector is not None:
                self._selector.unregister(self._listener)
            self._release()  # free the socket's name before answering: a new watcher may start
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
        assert self._listener is not None
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
        selector.register(self.journal.fd, selectors.EVENT_READ, "inotify")
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
                self.read_events()
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
    server = Server(root)
    server.setup()
    if ready is not None:
        ready(server.status())
    return server.run()
