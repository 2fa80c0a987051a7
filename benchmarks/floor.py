"""The floor: a bare Typer app shaped like cop (same command names, groups and kinds of options) whose
commands do nothing. Timing `python -m benchmarks.floor list --tag x` measures what any Typer CLI with
cop's shape pays before doing any work, so cop's own cost is the ratio above it.

It imports nothing from cop, on purpose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

TOP_LEVEL = (
    "init whoami doctor reindex add list show edit rm search tags ask answer accept join leave "
    "clone sync status log export import tui demo"
).split()
GROUPS = {
    "community": "add list show edit archive".split(),
    "member": "add list show edit".split(),
    "mentor": "add list show log goal status".split(),
}

app = typer.Typer(
    name="floor", no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]}
)


@app.callback()
def root(
    ctx: typer.Context,
    repo: Annotated[Path | None, typer.Option("--repo", "-R", envvar="COP_REPO", help="The repo.")] = None,
    acting: Annotated[str | None, typer.Option("--as", envvar="COP_USER", help="Act as.")] = None,
) -> None:
    """A Typer app with cop's shape and no work in it."""
    ctx.obj = (repo, acting)


def _command(name: str) -> typer.models.CommandFunctionType:
    def command(
        query: Annotated[str | None, typer.Argument(help="An id or a query.")] = None,
        community: Annotated[str | None, typer.Option("--community", "-c", help="A community.")] = None,
        kind: Annotated[str | None, typer.Option("--kind", "-k", help="A kind.")] = None,
        tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="A tag.")] = None,
        title: Annotated[str | None, typer.Option("--title", help="A title.")] = None,
        body: Annotated[str | None, typer.Option("--body", help="A body.")] = None,
        limit: Annotated[int | None, typer.Option("--limit", "-n", help="At most N.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    ) -> None:
        typer.echo(name)

    command.__doc__ = f"The {name} command (does nothing)."
    return command


for _name in TOP_LEVEL:
    app.command(_name)(_command(_name))
for _group, _names in GROUPS.items():
    _sub = typer.Typer(help=f"The {_group} commands.")
    for _name in _names:
        _sub.command(_name)(_command(f"{_group} {_name}"))
    app.add_typer(_sub, name=_group)


def command_count() -> int:
    """How many commands the floor has (the runner compares it with cop's)."""
    return len(TOP_LEVEL) + sum(len(v) for v in GROUPS.values())


if __name__ == "__main__":
    app(prog_name="floor")
