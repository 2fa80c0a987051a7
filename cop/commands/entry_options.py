"""The options the entry commands share (`cop add`, `list`, `search`, `edit`…), typed once so their
names, short forms, help and completion stay the same everywhere."""

from __future__ import annotations

from typing import Annotated

import typer

from cop.commands.complete import (
    complete_entry_ids,
    complete_entry_kinds,
    complete_entry_statuses,
    complete_handles,
    complete_slugs,
    complete_tags,
)

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
        "--kind", "-k", help="best-practice, how-to, lesson, resource, question, answer, idea, discussion "
        "or announcement.", autocompletion=complete_entry_kinds, show_default=False,
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
        "--status", "-s", help="published, draft, archived or obsolete ('cop list': also all; "
        "it leaves obsolete entries out unless asked).", autocompletion=complete_entry_statuses,
        show_default=False,
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
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (the documented shape) to stdout.")]
