"""Progress bars on stderr when stderr is a terminal, a no-op otherwise, with counts.

    with progress("importing", len(records)) as advance:
        core.import_bundle(path, progress=advance)   # the core calls advance(n) as n more are done

    with progress_of("indexing") as step:
        core.reindex(step)                             # the core calls step(done, total[, what])

Rich is imported only when a bar is drawn, so a piped or scripted command pays nothing for it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.progress import Progress


class Step(Protocol):
    """Told where a long step is: `done` of `total` (`what`: the stage, when it changes)."""

    def __call__(self, done: int, total: int, what: str | None = None) -> None: ...


def _nothing(done: int = 1, total: int = 0, what: str | None = None) -> None:
    pass


def _bar(in_bytes: bool) -> Progress:
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from cop.commands.output import err_console

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn() if in_bytes else MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console(),
        transient=True,
    )


def _escaped(label: str) -> str:
    return label.replace("[", r"\[")


@contextlib.contextmanager
def progress(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """Yield `advance(n)`; while the block runs, a transient bar of `label` (done of `total`, or a
    count without one) is drawn on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield _nothing
        return
    with _bar(in_bytes=False) as bar:
        task = bar.add_task(_escaped(label), total=total)

        def advance(n: int = 1) -> None:
            bar.advance(task, n)

        yield advance


@contextlib.contextmanager
def progress_of(label: str, *, in_bytes: bool = False) -> Iterator[Step]:
    """Yield `step(done, total, what=None)` for a core call that knows how far it is: a transient bar
    of `label` (or of `what`, the stage the call is at) with `done/total` (or `1.2/100.0 MB` when
    `in_bytes`), on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield _nothing
        return
    with _bar(in_bytes) as bar:
        task = bar.add_task(_escaped(label), total=None)

        def step(done: int, total: int, what: str | None = None) -> None:
            shown = _escaped(what) if what else bar.tasks[0].description
            bar.update(task, completed=done, total=total, description=shown)

        yield step
