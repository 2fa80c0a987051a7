"""The watcher's socket: claiming the repo's name in the user's private socket folder (a stale socket
left by a killed watcher is replaced; a live one is refused) and giving it back. Used by
`cop.store.watch.server`; Linux only, standard library only."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

from cop.store.records import files
from cop.store.watch.client import WatchError, socket_path, status


def claim(root: Path) -> tuple[socket.socket, Path, int]:
    """Listen on the repo's socket (`client.socket_path`): the listener, its path and its inode. Fails
    with a clear message when another watcher answers there; a socket nobody listens on (left by a
    killed watcher) is replaced. Under a lock, so two watchers starting at once cannot both."""
    path = socket_path(root, create=True)
    with files.locked(path.with_suffix(".lock")):
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            try:
                listener.bind(str(path))
            except OSError as error:
                if error.errno != errno.EADDRINUSE or not is_stale(path):
                    raise
                os.unlink(path)
                listener.bind(str(path))
        except OSError as error:
            listener.close()
            if error.errno != errno.EADDRINUSE:
                raise WatchError(f"cannot listen for clients on {path}: {error.strerror}") from None
            other = status(root)
            pid = f" (pid {other.pid})" if other is not None else ""
            raise WatchError(
                f"a watcher already runs for {root}{pid}; stop it with 'cop watch --stop'"
            ) from None
        listener.listen(64)
    listener.setblocking(False)
    return listener, path, os.lstat(path).st_ino


def is_stale(path: Path) -> bool:
    """Whether nothing listens on `path` (connection refused, or not a socket at all)."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(1.0)
        probe.connect(str(path))
    except (ConnectionRefusedError, FileNotFoundError):
        return True
    except OSError:
        return False
    finally:
        probe.close()
    return False


def release(listener: socket.socket, path: Path | None, inode: int) -> None:
    """Close `listener` and remove its socket file, unless another watcher has taken the name since
    (a new socket there is theirs)."""
    if path is not None:
        try:
            if os.lstat(path).st_ino == inode:
                os.unlink(path)
        except OSError:
            pass
    listener.close()
