"""The watcher's change journal: inotify watches on a repo's record folders and the generation they move.

`Journal` decides which events may concern a record file (and counts them), keeps the watch set in step
with the folders on disk, and notes when it cannot vouch for changes (a watch it could not add). It also
holds the watch on `.cop/watch/`, since a cookie tells anything only when it comes through the same
inotify queue as the changes before it; what a cookie means is the server's business
(`cop.store.watch.server`), told through `CookieListener`. Linux only; imported only to run a watcher.

Beside the generation it names what changed: each path an event concerned (a file, or a folder to list
again, ending in `/`) with the generation it moved to, the newest `PATHS_KEPT` of them. `since(token)`
answers "which paths changed after that token?", or None when it cannot say for sure (another
instance's token, paths forgotten past the bound, a queue overflow, a change at the root): the index
then sweeps every file, as without a watcher.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path
from typing import Protocol

from cop.store.records import layout
from cop.store.watch.client import COOKIE_DIR
from cop.store.watch.inotify import (
    IN_ATTRIB,
    IN_CLOSE_WRITE,
    IN_CREATE,
    IN_DELETE,
    IN_DELETE_SELF,
    IN_DONT_FOLLOW,
    IN_IGNORED,
    IN_ISDIR,
    IN_MODIFY,
    IN_MOVE_SELF,
    IN_MOVED_FROM,
    IN_MOVED_TO,
    IN_ONLYDIR,
    IN_Q_OVERFLOW,
    IN_UNMOUNT,
    Inotify,
)

RECORD_FOLDERS = tuple(layout.FOLDERS.values())  # communities, members, entries, mentorships, ...
#: the folders holding one subfolder per community or path (entries/, progress/), with their files' suffix
NESTED_FOLDERS = {kind.folder: kind.suffix for kind in layout.NESTED_TYPES}

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
GONE = IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT  # the watched folder itself went
#: how many changed paths the journal names (~100 bytes each); a token older than the oldest it forgot
#: gets "unknown", and the index sweeps
PATHS_KEPT = 20_000


class CookieListener(Protocol):
    """Who is told about `.cop/watch/`, in queue order with the changes (the server)."""

    def cookie_seen(self, name: str) -> None:
        """A file `name` appeared in `.cop/watch/`: every change before it has been counted."""

    def cookies_lost(self) -> None:
        """`.cop/watch/` itself went; it is no longer watched until `watch_cookies()`."""


class Journal:
    """The watch set over one repo's record folders, and the generation its events move."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.instance = os.urandom(8).hex()
        self.generation = 0
        self.overflows = 0
        self.degraded: str | None = None  # why tokens are refused (a watch missing), else None
        self.gone: str | None = None  # why the journal ended (the repo folder removed or moved)
        self.paths: dict[int, str] = {}  # wd -> repo-relative folder ("" is the root)
        self.root_wd = -1
        self.cookie_wd: int | None = None
        self._inotify: Inotify | None = None
        #: changed path -> the generation its last event moved to, oldest first (a folder ends in "/")
        self.changed: dict[str, int] = {}
        #: `since` names every change after a generation from here on; before it, paths were forgotten
        self.named_from = 0

    def open(self) -> None:
        """Watch the root, the record folders and `.cop/watch/`. Raises OSError (the caller closes)."""
        self._inotify = Inotify()
        self.root_wd = self._inotify.add(str(self.root), WATCHED | IN_ONLYDIR)
        self.paths[self.root_wd] = ""
        self.resync()
        self.watch_cookies()

    def close(self) -> None:
        if self._inotify is not None:
            self._inotify.close()
            self._inotify = None

    @property
    def fd(self) -> int:
        """The inotify descriptor, for a selector: readable when events are queued."""
        assert self._inotify is not None
        return self._inotify.fd

    def read(self) -> list[tuple[int, int, str]]:
        """Every queued event as (wd, mask, name); [] when none is queued."""
        assert self._inotify is not None
        return self._inotify.read()

    def token(self) -> str:
        """`INSTANCE:GENERATION`: equal tokens mean no event concerning records came in between."""
        return f"{self.instance}:{self.generation}"

    def since(self, token: str) -> list[str] | None:
        """The paths changed after `token` (an earlier `token()` of this journal), newest first; None
        when the journal cannot name them all: another instance's token, or one older than what it
        forgot (past `PATHS_KEPT` paths, an overflow, a change it could not place)."""
        instance, _, number = token.partition(":")
        if instance != self.instance or not number.isdigit():
            return None
        generation = int(number)
        if generation < self.named_from or generation > self.generation:
            return None
        paths: list[str] = []
        for path, moved in reversed(self.changed.items()):
            if moved <= generation:
                break
            paths.append(path)
        return paths

    def _note(self, path: str) -> None:
        """A change to `path` (a record file, or a folder to list again): the generation moves."""
        self.generation += 1
        self.changed.pop(path, None)
        self.changed[path] = self.generation
        while len(self.changed) > PATHS_KEPT:
            oldest = next(iter(self.changed))
            self.named_from = max(self.named_from, self.changed.pop(oldest))

    def _lose(self) -> None:
        """A change the journal cannot name (an overflow, a record folder or `cop.yaml` at the root):
        the generation moves and every earlier token gets "unknown"."""
        self.generation += 1
        self.named_from = self.generation
        self.changed.clear()

    @property
    def folders(self) -> int:
        """How many record folders are watched (not the root, not `.cop/watch/`)."""
        return sum(1 for path in self.paths.values() if path and path != COOKIE_DIR)

    @property
    def watching_cookies(self) -> bool:
        return self.cookie_wd is not None

    # -- the watch set -----------------------------------------------------------------------------
    def resync(self) -> None:
        """Make the watch set match the folders on disk (after a folder appeared, vanished or moved).

        The record folders are watched (never followed if symlinks: the sweep skips them), then entries/
        and progress/ are listed and each community or path folder watched (not followed either). In
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
            watch(folder, WATCHED | IN_ONLYDIR | IN_DONT_FOLLOW)
        for top in NESTED_FOLDERS:
            if top not in paths.values():
                continue
            try:
                with os.scandir(self.root / top) as items:
                    names = [
                        i.name
                        for i in items
                        if not i.name.startswith(".") and i.is_dir(follow_symlinks=False)
                    ]
            except OSError:
                names = []  # gone meanwhile: the root's watch reports it
            for name in names:
                watch(f"{top}/{name}", WATCHED | IN_ONLYDIR | IN_DONT_FOLLOW)
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

    def watch_cookies(self) -> None:
        """Watch `.cop/watch/`, making it if needed (it goes when someone deletes `.cop`). Raises
        OSError."""
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
        if folder in NESTED_FOLDERS:
            return True  # a community or path folder (or a stray file: the sweep ignores it, a bump is cheap)
        top = folder.split("/", 1)[0]
        if top in NESTED_FOLDERS:
            return name.endswith(NESTED_FOLDERS[top])
        return name.endswith(".yaml")

    def handle(self, events: list[tuple[int, int, str]], cookies: CookieListener) -> bool:
        """Count the events that may concern record files and re-sync after structural ones; tell
        `cookies` about `.cop/watch/` in queue order, so every event before a cookie is counted when
        it hears of it. Returns whether the kernel's queue overflowed (cookies may have been lost with
        it). Stops at once, setting `gone`, when the repo folder itself goes."""
        overflowed = False
        for wd, mask, name in events:
            if mask & IN_Q_OVERFLOW:
                self.overflows += 1
                overflowed = True
                _log("the kernel's event queue overflowed: the next command sweeps")
                self._lose()
                self.resync()
                continue
            if wd == self.root_wd and mask & GONE:
                self.gone = "the repo folder was " + ("moved" if mask & IN_MOVE_SELF else "removed")
                return overflowed
            if wd == self.cookie_wd:
                if mask & GONE:
                    self.paths.pop(self.cookie_wd, None)
                    self.cookie_wd = None
                    cookies.cookies_lost()
                else:
                    cookies.cookie_seen(name)
                continue
            folder = self.paths.get(wd)
            if folder is None:
                continue  # a watch removed by a resync earlier in this batch
            if mask & GONE:
                self._changed(folder, "")
                self.resync()
            elif self._concerns_records(folder, name):
                self._changed(folder, name)
                moved = mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)
                # A folder came, went or moved (or, at the root, entries/ became a file or a symlink):
                # re-sync now, so a cookie later in this batch finds the new folder watched; else a
                # change in it made before the cookie could go uncounted.
                if moved and (mask & IN_ISDIR or folder == ""):
                    self.resync()
        return overflowed

    def _changed(self, folder: str, name: str) -> None:
        """Name what an event in `folder` about `name` ("": the folder itself) may have changed: a
        record file, a community or path folder to list again, or (at the root, or a record folder
        itself) something the journal does not place, so every earlier token gets "unknown"."""
        top = folder.split("/", 1)[0]
        if top in NESTED_FOLDERS and folder != top:  # entries/<community>/: a file, or the folder itself
            self._note(f"{folder}/{name}" if name else f"{folder}/")
        elif folder in NESTED_FOLDERS and name:  # a community folder came, went or moved
            self._note(f"{folder}/{name}/")
        elif folder in RECORD_FOLDERS and name:
            self._note(f"{folder}/{name}")
        else:
            self._lose()


def _log(line: str) -> None:
    """A line for the watcher's log (stderr: the terminal in the foreground, `.cop/watch/log` else)."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print(f"{stamp} cop watch: {line}", file=sys.stderr, flush=True)
