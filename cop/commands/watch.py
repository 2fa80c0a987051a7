"""`cop watch`: run, start, stop or ask about the watcher that keeps the repo's change journal.

The core runs, starts, stops and asks the watcher (cop/core/health.py, over the store's watch client and
server); this face only picks what to do and says what happened.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from cop.commands.context import fail, get_cop
from cop.commands.output import print_json, print_plain

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.domain.watch import WatchStatus

app = typer.Typer()


@app.command()
def watch(
    ctx: typer.Context,
    background: Annotated[
        bool, typer.Option("--background", help="Start it detached (log in .cop/watch/log) and return.")
    ] = False,
    stop: Annotated[bool, typer.Option("--stop", help="Stop the watcher running for this repo.")] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Say whether a watcher runs for this repo (exit 1 if not).")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --status: print JSON (the documented shape) to stdout.")
    ] = False,
) -> None:
    """Watch the repo's record files (Linux inotify) so commands need not sweep them; ctrl-c stops.

    While it runs, each command asks it whether anything changed instead of checking every file's
    size and date. Without it, commands sweep as always. See docs/watch.md.
    """
    if sum((background, stop, status)) > 1:
        raise fail("choose one of --background, --stop and --status", 2)
    if as_json and not status:
        raise fail("--json goes with --status", 2)
    core = get_cop(ctx)
    root = core.root.resolve()
    if status:
        _status(core, as_json)
        return
    if stop:
        pid = core.stop_watcher()
        if pid is None:
            raise fail(f"no watcher runs for {root}")
        typer.echo(f"stopped the watcher of {root} (pid {pid})", err=True)
        return
    if not core.can_watch():
        raise fail("cop watch needs Linux's inotify; on this system every command sweeps the files")
    if background:
        started = core.start_watcher([sys.executable, "-m", "cop", "--repo", str(root), "watch"])
        typer.echo(
            f"watching {root} in the background (pid {started.pid}; log in {core.watcher_log()}); "
            "stop it with 'cop watch --stop'",
            err=True,
        )
        return

    def ready(found: WatchStatus) -> None:
        typer.echo(
            f"watching {root}: cop.yaml and {found.folders} record folders (pid {found.pid}); ctrl-c to stop",
            err=True,
        )

    reason = core.run_watcher(ready)
    typer.echo(f"stopped watching {root}: {reason}", err=True)


def _status(core: Cop, as_json: bool) -> None:
    from cop.core.settings import lookup

    root = core.root.resolve()
    found = core.watcher()
    mode = lookup("watch", root=root)
    origin = mode.origin.split(":", 1)[0]
    if as_json:
        print_json(
            {
                "running": found is not None,
                "root": str(root),
                "setting": {"watch": mode.value, "origin": origin},
            }
            | (found.to_json() if found else {})
        )
        if found is None:
            raise typer.Exit(1)
        return
    if found is None:
        print_plain(f"no watcher runs for {root}")
    else:
        print_plain(
            f"watching {root} (pid {found.pid}, since {found.started}, {found.folders} folders, "
            f"generation {found.generation}"
            + (f", {found.overflows} overflows" if found.overflows else "")
            + ")"
        )
        if found.degraded:
            print_plain(f"not vouching for changes: {found.degraded}")
    print_plain(f"setting: watch = {mode.value} ({origin}; 'cop config set watch auto|on|off')")
    if found is None:
        raise typer.Exit(1)
