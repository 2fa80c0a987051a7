"""`cop tui` (the full-screen app on the repo) and `cop demo` (the app on a copy of the example repo).

Textual is imported inside the commands only: it costs ~200 ms, and no other command needs it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cop.commands.context import fail, get_cop

if TYPE_CHECKING:
    from cop.core import Cop

app = typer.Typer()

#: the example a coordinator of which `cop demo` acts as (the first that exists in the example)
DEMO_USERS = ("ada",)


def example_repo() -> Path:
    """The bundled example repo (`examples/acme` next to the package)."""
    import cop

    return Path(cop.__file__).resolve().parent.parent / "examples" / "acme"


def need_terminal() -> None:
    """Refuse to start the app without a terminal on both ends: with stdin or stdout redirected Textual
    would draw into a pipe and wait for keys that never come, spinning a core, forever."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise fail("cop tui needs a terminal (stdin and stdout must not be redirected)")


def _run(core: Cop) -> None:
    """Run the app on the terminal (the one thing tests and the benchmark probe replace)."""
    need_terminal()
    import gc

    gc.freeze()  # what is loaded by now lives as long as the app (see `CopApp.freeze_garbage`)
    from cop.tui.app import CopApp

    CopApp(core).run()


@app.command()
def tui(ctx: typer.Context) -> None:
    """Open the full-screen app on the repo (browse, read, search, write; ? shows the keys)."""
    _run(get_cop(ctx))


def _demo_user(repo: Path) -> str:
    """A coordinator of the example: the first `coordinators:` handle of its first community."""
    from cop.core import Cop

    core = Cop.open(repo)
    try:
        for handle in DEMO_USERS:
            if core.has_member(handle):
                return handle
        for community in core.communities():
            if community.coordinators:
                return community.coordinators[0]
        members = core.members()
        return members[0].handle if members else ""
    finally:
        core.close()


@app.command()
def demo(
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the copy afterwards (its path is printed).")
    ] = False,
) -> None:
    """Try cop on a temporary copy of the bundled example repo, acting as one of its coordinators."""
    from cop.core import is_repo

    source = example_repo()
    if not is_repo(source):
        raise fail(
            f"the example repo is not at {source}: 'cop demo' needs a source checkout "
            "(pip install -e .); try 'cop tui' on your own repo instead"
        )
    folder = Path(tempfile.mkdtemp(prefix="cop-demo-"))
    target = folder / "acme"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".cop"))
    typer.echo(f"demo: a copy of the example repo is at {target}", err=True)
    try:
        from cop.core import Cop

        user = _demo_user(target)
        typer.echo(f"demo: acting as '{user}' (a coordinator); press ? for the keys, q to quit", err=True)
        _run(Cop.open(target, user or None))
    finally:
        if keep:
            typer.echo(f"demo: kept the copy at {target} (cop --repo {target} ...)", err=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)
