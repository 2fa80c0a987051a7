"""The `cop` command line: the root app, its global options, aliases, and the lazily built commands.

Start-up imports Typer and this module's few neighbours only: `cop.commands.registry` lists every
command from a static table and imports the invoked command's module when Click asks for it, so the
constant cost stays near a bare Typer app's however many commands cop grows (docs/performance.md).
Aliases (`ls`, `new`, `find`, and `[alias]` from the config) are expanded before Click parses.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cop import __version__
from cop.commands.context import State
from cop.commands.registry import ALIASES, BY_NAME, LazyGroup

OVERVIEW = """\
cop {version}: your community of practice's shared knowledge, in plain files, in git.

  cop list                  the newest entries        cop add           add an entry
  cop search WORDS          full-text search          cop ask           ask a question
  cop show ID               read an entry             cop sync          share your work
  cop tui                   the full-screen app       cop config list   your settings

'cop --help' lists every command; 'cop COMMAND --help' explains one (docs/cli.md).
"""

#: root options that take a value, and those that do not (to find the command word in argv)
_VALUED = {"-R", "--repo", "--as"}
_BARE = {"--json", "-V", "--version", "-h", "--help", "--no-pager"}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cop {__version__}")
        raise typer.Exit()


def _complete_handles(ctx: typer.Context, incomplete: str) -> list[str]:
    from cop.commands.complete import complete_handles

    return complete_handles(ctx, incomplete)


def root(
    ctx: typer.Context,
    repo_path: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            "-R",
            envvar="COP_REPO",
            metavar="PATH",
            help="The knowledge repo (default: the nearest cop.yaml above this folder, else the "
            "config's repo, else your personal repo). Also after the command.",
            show_default=False,
        ),
    ] = None,
    acting: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="COP_USER",
            metavar="HANDLE",
            help="Act as this member (default: the config's identity). Also after the command.",
            show_default=False,
            autocompletion=_complete_handles,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON, for a command that can (same as its own --json).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show cop's version and exit."
        ),
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Print long output straight to the terminal, without a pager.")
    ] = False,
) -> None:
    """cop: your community of practice's shared knowledge, in plain files, in git.

    Query and add best practices, how-tos, lessons, questions and answers, and mentorships.
    Run 'cop tui' for the full-screen app.
    """
    given = ctx.get_parameter_source("acting")
    from_env = given is not None and given.name == "ENVIRONMENT"
    state = State(repo=repo_path, acting=acting, acting_from="COP_USER" if from_env else "--as", json=as_json)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if no_pager:
        from cop.commands.output import disable_pager

        disable_pager()
    if ctx.invoked_subcommand is None:
        typer.echo(OVERVIEW.format(version=__version__), nl=False)
        raise typer.Exit(0)


def _command_index(args: list[str]) -> int | None:
    """Where the command word is in `args` (after the root options), or None."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return i + 1 if i + 1 < len(args) else None
        if arg in _VALUED:
            i += 2
        elif arg in _BARE or arg.startswith(("--repo=", "--as=")) or (arg.startswith("-R") and len(arg) > 2):
            i += 1
        else:
            return i
    return None


def _repo_flag(args: list[str]) -> str | None:
    for i, arg in enumerate(args):
        if arg in ("-R", "--repo") and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--repo="):
            return arg.split("=", 1)[1]
    return None


def expand_aliases(args: list[str], user_aliases: Any = None) -> list[str]:
    """`args` with an alias in the command's place replaced by what it stands for (shlex-split).

    Real commands always win, so an alias never shadows one. `user_aliases` is a callable returning
    the config's `[alias]` table, asked only when the word is not a command (so no config is read on
    the usual path).
    """
    at = _command_index(args)
    if at is None:
        return args
    word = args[at]
    if word in BY_NAME:
        return args
    if word in ALIASES:
        return [*args[:at], ALIASES[word], *args[at + 1 :]]
    table = user_aliases(_repo_flag(args[:at])) if user_aliases is not None else {}
    if word in table:
        return [*args[:at], *shlex.split(table[word]), *args[at + 1 :]]
    return args


def _user_aliases(repo_flag: str | None) -> dict[str, str]:
    from cop.core.settings import aliases

    try:
        return aliases(repo_flag)
    except Exception:  # a broken config file is reported by the command that reads it, not here
        return {}


class _Root(LazyGroup):
    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        if not os.environ.get("_COP_COMPLETE"):
            given = expand_aliases(given, _user_aliases)
        return super().main(given, *rest, **kwargs)


app = typer.Typer(
    name="cop",
    cls=_Root,
    invoke_without_command=True,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
)


app.callback()(root)


def main() -> None:
    app(prog_name="cop")
