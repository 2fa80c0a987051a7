"""`cop config`: get, set, unset and list cop's settings, like `git config`.

Values come from the core (`cop.core.settings`), which reads the user's and the clone's files and
applies the precedence (flags > environment > clone > user > default); see docs/cli.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cop.commands.context import fail, state
from cop.commands.options import AsJson
from cop.commands.output import clean, print_json, print_plain

if TYPE_CHECKING:
    from pathlib import Path

    from cop.domain.settings import Value as Resolved

app = typer.Typer(
    no_args_is_help=True, help="Get and set cop's settings (user and per-clone), like git config."
)

Key = Annotated[str, typer.Argument(metavar="KEY", help="A setting (see 'cop config list') or alias.NAME.")]
Value = Annotated[str, typer.Argument(metavar="VALUE", help="The value.")]
User = Annotated[bool, typer.Option("--user", help="The user's file ($XDG_CONFIG_HOME/cop/config.toml).")]
Clone = Annotated[bool, typer.Option("--clone", help="The clone's file (.git/cop/config.toml; the default).")]
ShowOrigin = Annotated[bool, typer.Option("--show-origin", help="Say where each value comes from.")]


def _root(ctx: typer.Context) -> Path | None:
    return state(ctx).repo


def _scope(user: bool, clone: bool) -> str:
    if user and clone:
        raise fail("choose one of --user and --clone", 2)
    return "user" if user else "clone"


def _json(value: Resolved) -> dict[str, object]:
    kind, _, where = value.origin.partition(":")
    return {"name": value.name, "value": value.value, "origin": kind, "where": where or None}


def _line(value: Resolved, show_origin: bool, with_name: bool) -> str:
    text = clean(value.value or "")
    if with_name:
        text = f"{value.name}={text}"
    return f"{clean(value.origin)}\t{text}" if show_origin else text


@app.command("get")
def get(ctx: typer.Context, key: Key, show_origin: ShowOrigin = False, as_json: AsJson = False) -> None:
    """Print a setting's value as cop resolves it (exit 1 when it is unset)."""
    from cop.core.settings import lookup

    value = lookup(key, root=_root(ctx))
    if as_json:
        print_json(_json(value))
    elif value.value is not None:
        print_plain(_line(value, show_origin, with_name=False))
    if value.value is None:
        raise typer.Exit(1)


@app.command("set")
def set_(ctx: typer.Context, key: Key, value: Value, user: User = False, clone: Clone = False) -> None:
    """Set a setting in the clone's file (or the user's with --user)."""
    from cop.commands.registry import ALIASES, BY_NAME
    from cop.core.settings import set_value

    path = set_value(key, value, _scope(user, clone), _root(ctx), frozenset(BY_NAME) | frozenset(ALIASES))
    typer.echo(f"set {key} in {path}", err=True)


@app.command("unset")
def unset(ctx: typer.Context, key: Key, user: User = False, clone: Clone = False) -> None:
    """Remove a setting from the clone's file (or the user's with --user); exit 1 when it was not set."""
    from cop.core.settings import unset_value

    if not unset_value(key, _scope(user, clone), _root(ctx)):
        raise fail(f"{key} is not set in the {_scope(user, clone)} file")


@app.command("list")
def list_(ctx: typer.Context, show_origin: ShowOrigin = False, as_json: AsJson = False,
          user: User = False, clone: Clone = False) -> None:  # fmt: skip
    """Every setting as cop resolves it here (or only one file's, with --user or --clone)."""
    from cop.core.settings import all_values

    scope = None if not (user or clone) else _scope(user, clone)
    values = [v for v in all_values(_root(ctx), scope) if v.value is not None]
    if as_json:
        print_json([_json(v) for v in values])
        return
    for value in values:
        print_plain(_line(value, show_origin, with_name=True))
