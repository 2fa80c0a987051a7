"""The default page of a long listing (`cop list`, `cop review`): at most `LIST_LIMIT` rows unless
`--limit N` or `--all` (with `--json` too), and on a terminal one line on stderr saying how many there are."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from cop.commands import output
from cop.domain.errors import UsageError

#: how many rows `cop list` and `cop review` show unless given --limit or --all (gh's is 30)
LIST_LIMIT = 50

#: the `--limit/-n` option of a paged listing (None: the default page)
PageLimit = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", min=1, help=f"At most N entries (default {LIST_LIMIT}).", show_default=False
    ),
]


def page_size(limit: int | None, show_all: bool) -> int | None:
    """How many rows to show: `limit`, else the default; None (every row) for `--all`."""
    if show_all and limit is not None:
        raise UsageError("give --limit N or --all, not both")
    return None if show_all else (limit or LIST_LIMIT)


def say_more(shown: int | None, got: int, total: Callable[[], int]) -> None:
    """On a terminal, when the page came back full, say how many there are (`total` is asked only then)."""
    if shown is not None and got == shown and sys.stderr.isatty():
        count = total()
        if count > shown:
            output.message(f"showing {shown:,} of {count:,}: --limit N or --all")
