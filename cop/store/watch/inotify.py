"""Linux inotify through ctypes: the constants of inotify(7), its event struct, and `Inotify`.

Standard library only; imported by the watcher (`cop.store.watch.journal`), never by the commands, since
loading `ctypes` alone costs a command more than the token it saves.
"""

from __future__ import annotations

import ctypes
import os
import struct

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

EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then len bytes of name


class Inotify:
    """One non-blocking inotify instance and its three calls (add a watch, remove one, read events)."""

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
        self.fd: int = init(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            self._raise("inotify_init1")

    def _raise(self, call: str, path: str = "") -> None:
        code = ctypes.get_errno()
        raise OSError(code, f"{call}: {os.strerror(code)}", path or None)

    def add(self, path: str, mask: int) -> int:
        """Watch `path` for the events in `mask`; returns the watch descriptor (the same one for a
        path already watched). Raises OSError."""
        wd: int = self._add(self.fd, os.fsencode(path), mask)
        if wd < 0:
            self._raise("inotify_add_watch", path)
        return wd

    def remove(self, wd: int) -> None:
        """Drop a watch; a watch the kernel already dropped is no error."""
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
                wd, mask, _cookie, length = EVENT.unpack_from(data, offset)
                start = offset + EVENT.size
                name = os.fsdecode(data[start : start + length].rstrip(b"\0"))
                events.append((wd, mask, name))
                offset = start + length

    def close(self) -> None:
        os.close(self.fd)
