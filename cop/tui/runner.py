"""`CoreRunner`: every core call the TUI makes runs on one thread of its own, never on the UI thread.

One thread, not a thread per worker: the core's SQLite connection belongs to the thread that opened it,
and one thread also serialises writes and index refreshes, so the core needs no locks.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from cop.core import Cop

T = TypeVar("T")


class CoreRunner:
    """Runs core calls one at a time on a dedicated thread; awaitable from the event loop."""

    def __init__(self, core: Cop) -> None:
        self.core = core
        # Connections the caller's thread opened cannot be used from ours: drop them, they reopen lazily.
        core.close()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cop-core")

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Start `fn(*args, **kwargs)` on the core thread now, before any event loop runs (a prefetch)."""
        return self._pool.submit(fn, *args, **kwargs)

    async def result(self, future: Future[T]) -> T:
        """Await a future from `submit`."""
        return await asyncio.wrap_future(future)

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `fn(*args, **kwargs)` on the core thread and return its result (or raise its error)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    def close(self) -> None:
        """Close the core on its own thread (its connections live there), then stop the thread."""
        try:
            self._pool.submit(self.core.close).result(timeout=30)
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
