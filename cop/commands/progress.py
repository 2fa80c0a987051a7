"""`progress(label, total)`: a progress bar on stderr when stderr is a terminal, a no-op otherwise.

    with progress("importing", len(records)) as advance:
        core.import_bundle(path, progress=advance)   # the core calls advance(n) as n more are done

Rich is imported only when a bar is drawn, so a piped or scripted command pays nothing for it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator


def _nothing(n: int = 1) -> None:
    pass


@contextlib.contextmanager
def progress(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """Yield `advance(n)`; while the block runs, a transient bar of `label` (done of `total`, or a
    spinner-like bar without one) is drawn on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield _nothing
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from cop.commands.output import err_console

    with Progress(
        TextColumn(label.replace("[", r"\[")),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console(),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)

        def advance(n: int = 1) -> None:
            bar.advance(task, n)

        yield advance
