"""The `cop` command line: the root app, its global options, and the command groups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cop import __version__
from cop.commands import community, entries, member, mentor, repo, sync, transfer, tui, watch
from cop.commands.context import CopGroup, State

app = typer.Typer(
    name="cop",
    cls=CopGroup,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cop {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    repo_path: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            "-R",
            envvar="COP_REPO",
            help="The knowledge repo (default: the nearest cop.yaml above this folder, "
            "else your personal repo).",
            show_default=False,
        ),
    ] = None,
    acting: Annotated[
        str | None,
        typer.Option("--as", envvar="COP_USER", help="Act as this member (handle).", show_default=False),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show cop's version and exit."),
    ] = False,
) -> None:
    """cop: your community of practice's shared knowledge, in plain files, in git.

    Query and add best practices, how-tos, lessons, questions and answers, and mentorships.
    Run 'cop tui' for the full-screen app.
    """
    state = State(repo=repo_path, acting=acting)
    ctx.obj = state
    ctx.call_on_close(state.close)


app.add_typer(repo.app)
app.add_typer(entries.app)
app.add_typer(member.top)
app.add_typer(community.app, name="community", help="Communities: add, list, show, edit, archive.")
app.add_typer(member.app, name="member", help="Members: add, list, show, edit.")
app.add_typer(mentor.app, name="mentor", help="Mentorships: pair people, set goals, log sessions.")
app.add_typer(sync.app)
app.add_typer(transfer.app)
app.add_typer(tui.app)
app.add_typer(watch.app)


def main() -> None:
    app(prog_name="cop")
