"""The options several command groups share (`--json`, `--member`, a list's `--community`), typed once so
their names, short forms, help and completion stay the same everywhere, and what a text option's `-`
means. The entry commands' own options are in `cop.commands.entry_options`. Importing it loads only Typer
(completion is imported when the shell asks), so every command module can take `--json` from here."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def _handles(ctx: typer.Context, incomplete: str) -> list[str]:
    from cop.commands.complete import complete_handles  # loads the record models: only when completing

    return complete_handles(ctx, incomplete)


def _slugs(ctx: typer.Context, incomplete: str) -> list[str]:
    from cop.commands.complete import complete_slugs

    return complete_slugs(ctx, incomplete)


AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (the documented shape) to stdout.")]
#: whom a join, leave, attend or follow is for
Member = Annotated[
    str | None,
    typer.Option("--member", "-m", help="Someone else's handle (default: you).", autocompletion=_handles),
]
#: a list command's community filter
OnlyCommunity = Annotated[
    str | None,
    typer.Option("--community", "-c", help="Only this community's.", autocompletion=_slugs),
]


def read_text(value: str) -> str:
    """A text option's value as given, or standard input when it is `-` (`--description -`)."""
    return sys.stdin.read() if value == "-" else value
