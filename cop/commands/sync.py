"""`cop clone`, `cop sync`, `cop status`, `cop log` and git's hook `cop merge-driver`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands.context import get_cop, state
from cop.commands.examples import examples
from cop.commands.output import clean, paged, print_json, print_plain
from cop.domain.errors import SyncError

if TYPE_CHECKING:
    from cop.core.sharing.history import LogItem
    from cop.core.sharing.sync import Changes, SyncReport

app = typer.Typer()
SHOWN = 20  # records listed per side in a sync summary


def _changes_json(changes: Changes) -> dict[str, list[str]]:
    return {"added": changes.added, "changed": changes.changed, "removed": changes.removed}


def _report_json(report: SyncReport) -> dict[str, Any]:
    return {
        "branch": report.branch,
        "remote": report.remote,
        "committed": report.committed,
        "sent": _changes_json(report.sent),
        "received": _changes_json(report.received),
        "pushed": report.pushed,
        "push_attempts": report.push_attempts,
        "offline": report.offline,
        "refused": report.refused,
        "conflicts": report.conflicts,
        "kept": report.kept,
        "moved": report.moved,
        "repaired": report.repaired,
    }


def _print_report(report: SyncReport) -> None:
    print_plain(f"committed: {report.committed}" if report.committed else "committed: nothing new")
    if report.remote is None:
        print_plain("no remote: committed locally only (add one with 'git remote add origin URL')")
        return
    shown = (
        ("received", report.received, not report.conflicts and (not report.offline or bool(report.received))),
        ("sent", report.sent, report.pushed and _any(report.sent)),
    )
    for label, changes, show in shown:  # no counts for a step that did not happen
        if not show:
            continue
        print_plain(f"{label}: {changes.counts()}")
        lines = [
            f"  {verb} {item}"
            for verb, items in (("+", changes.added), ("~", changes.changed), ("-", changes.removed))
            for item in items
        ]
        for line in lines[:SHOWN]:
            print_plain(line)
        if len(lines) > SHOWN:
            print_plain(f"  … and {len(lines) - SHOWN} more (see 'cop log')")
    for path in report.kept:
        print_plain(f"kept: {path} (deleted on one side, edited on the other: the edit is kept)")
    for path in report.moved:
        print_plain(
            f"moved: {path} (moved on both sides, or moved and deleted: kept where it says it belongs)"
        )
    if report.pushed and _any(report.sent):
        print_plain(f"pushed to origin/{report.branch}")
    elif report.pushed:  # the push found the remote already there: say so, not "sent: 0 added, ..."
        print_plain(f"nothing to push: origin/{report.branch} has everything")


def _any(changes: Changes) -> bool:
    return bool(changes.added or changes.changed or changes.removed)


@app.command()
def clone(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The shared repo: a forge URL or a path to a bare repo.")],
    directory: Annotated[
        Path | None,
        typer.Argument(help="Where to put it (default: from the URL).", show_default=False),
    ] = None,
) -> None:
    """Clone a shared knowledge repo and set up cop's merge driver in it."""
    from cop.core import clone_repo

    name = url.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    target = directory or Path(name[:-4] if name.endswith(".git") else name or "cop-repo")
    from cop.commands.progress import progress, progress_of

    with progress(f"cloning {clean(url)}", None):  # one git step: a bar without a total, while it runs
        core = clone_repo(url, target, state(ctx).acting)
    try:
        with progress_of("indexing") as step:  # the first build, counted on a terminal
            core.build_index(step)
        counts = core.entry_counts()
        total = sum(counts.values())
    finally:
        core.close()
    typer.echo(f"cloned {clean(url)} into {clean(str(target))}: {total} entries", err=True)
    typer.echo(
        f"work there with 'cd {clean(str(target))}' or 'cop --repo {clean(str(target))} ...'", err=True
    )


@app.command(
    epilog=examples(
        "cop sync   # commit your changes, merge the remote's, push",
        "cop status   # what a sync would share",
        "cop sync --json",
    )
)
def sync(
    ctx: typer.Context,
    no_push: Annotated[bool, typer.Option("--no-push", help="Commit and merge, but do not push.")] = False,
    message: Annotated[
        str | None,
        typer.Option("--message", "-m", help="Commit message (default: what changed).", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Share your work: commit, merge the remote's changes, push, refresh the index."""
    from cop.commands.progress import progress
    from cop.core.sharing.sync import SYNC_STEPS

    core = get_cop(ctx)
    with progress("syncing with origin", SYNC_STEPS - (1 if no_push else 0)) as advance:
        report = core.sync(push=not no_push, message=message, progress=advance)
    for line in report.repaired:
        typer.echo(f"cop: {clean(line)}", err=True)
    if as_json:
        print_json(_report_json(report))
    else:
        _print_report(report)
    if report.conflicts:
        raise SyncError(
            f"conflict: {len(report.conflicts)} record(s) edited in the same place on both sides: "
            f"{clean(', '.join(report.conflicts))}; each file keeps both texts between <<<<<<< and >>>>>>> "
            "lines: keep the right text, delete the marker lines, then run 'cop sync' again to finish"
        )
    if report.refused:
        raise SyncError(
            f"{clean(report.refused)}; your changes are committed locally: settle it with the remote's "
            "owners, then run 'cop sync' again"
        )
    if report.offline:
        raise SyncError(
            f"{report.offline}; your changes are committed locally and the next 'cop sync' will push them"
        )


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """What is not shared yet: local changes, commits ahead/behind, unresolved conflicts."""
    core = get_cop(ctx)
    st = core.sync_status()
    changes = [core.describe_change(c) for c in st.pending]
    if as_json:
        print_json(
            {
                "branch": st.branch,
                "remote": st.remote,
                "changes": changes,
                "ahead": st.ahead,
                "behind": st.behind,
                "merging": st.merging,
                "conflicts": st.conflicts,
            }
        )
        return
    print_plain(f"branch {st.branch}" + (f", remote {st.remote}" if st.remote else ", no remote"))
    if st.remote and st.tracked:
        print_plain(f"{st.ahead} commit(s) to push, {st.behind} to pull (as of the last sync)")
    elif st.remote:
        print_plain("never synced with the remote yet")
    print_plain(f"{len(changes)} local change(s) since the last sync" + (":" if changes else ""))
    for line in changes:
        print_plain(f"  {line}")
    if st.conflicts:
        print_plain(f"{len(st.conflicts)} unresolved conflict(s): fix the files, then 'cop sync':")
        for path in st.conflicts:
            print_plain(f"  {path}")
    elif st.merging:
        print_plain("a merge is waiting to be finished: run 'cop sync'")


@app.command()
def log(
    ctx: typer.Context,
    ident: Annotated[
        str | None,
        typer.Argument(
            metavar="RECORD",
            help="A record: entry or mentorship id (or prefix), community slug or member handle.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many commits.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print the history as JSON.")] = False,
) -> None:
    """The history of the repo, or of one record, from git: who, when, what changed."""
    items = get_cop(ctx).history(ident, limit)
    if as_json:
        print_json(
            [
                {
                    "commit": i.commit.sha,
                    "author": i.commit.author,
                    "email": i.commit.email,
                    "date": i.commit.date,
                    "subject": i.commit.subject,
                    "records": i.records,
                    "fields": i.fields,
                }
                for i in items
            ]
        )
        return
    if not items:
        print_plain("no history yet: run 'cop sync' to make the first commit")
    with paged():  # on a terminal, a long history goes through the pager
        _print_history(items, ident)


def _print_history(items: list[LogItem], ident: str | None) -> None:
    for item in items:
        c = item.commit
        print_plain(f"{c.sha[:10]}  {c.date[:16].replace('T', ' ')}  {c.author}  {c.subject}")
        if ident and item.fields:
            print_plain(f"    changed: {', '.join(item.fields)}")
        elif not ident:
            for record in item.records[:10]:
                print_plain(f"    {record}")
            if len(item.records) > 10:
                print_plain(f"    … and {len(item.records) - 10} more")


@app.command("merge-driver", hidden=True)
def merge_driver(
    base: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[Path, typer.Argument(help="%A: the local version; the result is written here.")],
    theirs: Annotated[Path, typer.Argument(help="%B: the other side's version.")],
    name: Annotated[str, typer.Argument(help="%P: the record's path.")] = "",
) -> None:
    """git's merge driver for record files (configured by cop; see docs/sync.md)."""
    from cop.core.sharing.sync import run_merge_driver

    code = run_merge_driver(base, ours, theirs, name)
    if code:
        typer.echo(
            f"cop: conflict in the text of {clean(name)}: both versions kept between markers", err=True
        )
    raise typer.Exit(code)
