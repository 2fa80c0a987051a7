"""The options the entry commands share (`cop add`, `list`, `search`, `edit`…), typed once so their
names, short forms, help and completion stay the same everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import typer

from cop.commands.complete import (
    complete_entry_ids,
    complete_entry_kinds,
    complete_entry_statuses,
    complete_handles,
    complete_slugs,
    complete_sorts,
    complete_tags,
)
from cop.commands.options import AsJson as AsJson  # --json: the entry commands import it from here too
from cop.domain.filters import ENTRY_SORTS
from cop.domain.models import ENTRY_KINDS, ENTRY_STATUSES

#: a choice list's width in help before it goes on to the next line (at a `|`, never inside a value)
CHOICES_WIDTH = 24


def choices(values: Iterable[str]) -> str:
    """An option's values as its help shows them, `[a|b|c]` (as Click shows a choice), broken into lines
    of about `CHOICES_WIDTH` at a `|` so a narrow help column never cuts a value in two. cop checks the
    value itself, so a wrong one still gets cop's one-line error naming the values allowed."""
    lines = [""]
    for value in values:
        if lines[-1] and len(lines[-1]) + len(value) + 1 > CHOICES_WIDTH:
            lines.append("")
        lines[-1] += f"{value}|"
    return "[" + "\n".join(lines)[:-1] + "]"


EntryId = Annotated[
    str, typer.Argument(metavar="ID", help="Entry id (any unique prefix).", autocompletion=complete_entry_ids)
]
Community = Annotated[
    str | None,
    typer.Option(
        "--community", "-c", help="Community slug.", autocompletion=complete_slugs, show_default=False
    ),
]
Kind = Annotated[
    str | None,
    typer.Option(
        "--kind", "-k", metavar=choices(ENTRY_KINDS), help="The entry's kind.",
        autocompletion=complete_entry_kinds, show_default=False,
    ),
]  # fmt: skip
Tags = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="A tag (repeat for several).", autocompletion=complete_tags),
]
Author = Annotated[
    str | None,
    typer.Option(
        "--author", "-a", help="Member handle.", autocompletion=complete_handles, show_default=False
    ),
]
Status = Annotated[
    str | None,
    typer.Option(
        "--status", "-s", metavar=choices((*ENTRY_STATUSES, "all")), help="'all' for 'cop list' only, which "
        "leaves obsolete entries out unless asked.", autocompletion=complete_entry_statuses,
        show_default=False,
    ),
]  # fmt: skip
Sort = Annotated[
    str,
    typer.Option(
        "--sort", metavar=choices(ENTRY_SORTS), help="updated and created: newest first; title: A to Z; kind "
        "and author: A to Z, then by title; endorsements: most first.", autocompletion=complete_sorts,
    ),
]  # fmt: skip
Since = Annotated[
    str | None,
    typer.Option("--since", help="Updated on or after: YYYY-MM-DD, today or yesterday.", show_default=False),
]
Limit = Annotated[
    int | None, typer.Option("--limit", "-n", min=1, help="At most N entries.", show_default=False)
]
Body = Annotated[str | None, typer.Option("--body", "-b", help="The text (Markdown).", show_default=False)]
BodyFile = Annotated[
    str | None,
    typer.Option(
        "--body-file",
        "-F",
        metavar="PATH",
        help="Read the text from a file ('-': stdin).",
        show_default=False,
    ),
]
Edit = Annotated[
    bool,
    typer.Option("--edit", "-e", help="Write the text in $VISUAL/$EDITOR (default on a terminal, no body)."),
]
