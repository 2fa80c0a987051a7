"""`cop export` (a JSON/YAML bundle or a static HTML site) and `cop import` (a bundle or Markdown notes)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cop.commands.context import get_cop
from cop.commands.entry_options import choices
from cop.commands.output import clean, print_json, print_plain
from cop.commands.progress import progress, progress_of
from cop.domain.errors import UsageError

if TYPE_CHECKING:
    from cop.core.transfer.plan import ImportPlan
    from cop.core.transfer.stackexchange import SEImport
from cop.domain.models import ENTRY_KINDS

app = typer.Typer()


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar=choices(("json", "yaml", "html")), help="What to write.")
    ] = "json",
    community: Annotated[
        str | None, typer.Option("--community", "-c", help="Only this community.", show_default=False)
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (html: the folder).", show_default=False),
    ] = None,
) -> None:
    """Export the repo as one self-describing bundle (stdout by default), or as a static HTML site."""
    core = get_cop(ctx)
    if fmt == "html":
        if output is None:
            raise UsageError("an HTML export is a folder of pages: give it with -o DIR")
        with progress_of("exporting") as step:  # records read, then pages written, on a terminal
            pages = core.export_site(output, community, step)
        typer.echo(f"wrote {pages} pages to {clean(str(output))} (open index.html)", err=True)
        return
    with progress_of("exporting") as step:  # stderr, only on a terminal: stdout may be the bundle itself
        text = core.export_bundle(fmt, community, output, step)
    if output is None:
        sys.stdout.write(text)
    else:
        typer.echo(f"wrote {clean(str(output))}", err=True)


def _refuse_notes_without_markdown(source: Path) -> None:
    """A note or a folder given as a bundle: say which flag reads it, rather than a JSON parse error."""
    if source.is_dir():
        raise UsageError(
            f"{clean(str(source))} is a folder: import Markdown notes with --markdown --community C"
        )
    if source.suffix.lower() in (".md", ".markdown"):
        raise UsageError(
            f"{clean(str(source))} is a Markdown note: put it in a folder and import that with "
            "--markdown --community C (a bundle is the .json or .yaml 'cop export' writes)"
        )


@app.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A bundle file, or with --markdown a folder of notes.")],
    markdown: Annotated[
        bool, typer.Option("--markdown", help="SOURCE is a folder of Markdown notes (nb, zk, Obsidian…).")
    ] = False,
    community: Annotated[
        str | None,
        typer.Option(
            "--community", "-c", help="With --markdown: the community the notes join.", show_default=False
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar=choices(ENTRY_KINDS),
            help="With --markdown: the entries' kind (default how-to).",
            show_default=False,
        ),
    ] = None,
    stackexchange: Annotated[
        bool,
        typer.Option(
            "--stackexchange", help="SOURCE is an unpacked Stack Exchange dump (Posts.xml, Users.xml)."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would change; write nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what changed as JSON.")] = False,
) -> None:
    """Merge a bundle into the repo by id, or bring in a folder of Markdown notes or a Stack Exchange
    dump as entries."""
    core = get_cop(ctx)
    if markdown and stackexchange:
        raise UsageError("pass --markdown or --stackexchange, not both")
    plan: ImportPlan | SEImport
    if stackexchange:
        from cop.core.transfer.stackexchange import import_stackexchange

        if not community or kind:
            raise UsageError("--stackexchange needs --community C (the community the posts join), not --kind")
        with progress_of("reading the dump", in_bytes=True) as step:  # bytes of each pass, on a terminal
            plan = import_stackexchange(core, source, community, dry_run=dry_run, progress=step)
        if plan.unread:
            typer.echo(f"not read: {clean(', '.join(plan.unread))}", err=True)
        if not dry_run and (plan.count("add") or plan.count("update")):
            with progress_of("indexing") as step:  # now, counted, not silently in the next command
                core.build_index(step)
    elif markdown:
        if not community:
            raise UsageError("--markdown needs --community C: the community the notes join")
        with progress_of("importing notes") as step:
            plan = core.import_markdown(source, community, kind, dry_run=dry_run, progress=step)
    else:
        _refuse_notes_without_markdown(source)
        if community or kind:
            raise UsageError("--community and --kind go with --markdown; a bundle says where records go")
        with progress("importing", None) as advance:
            plan = core.import_bundle(source, dry_run=dry_run, progress=advance)
    if as_json:
        print_json(
            {
                "dry_run": dry_run,
                "added": plan.count("add"),
                "updated": plan.count("update"),
                "unchanged": plan.count("same"),
                "actions": [{"verb": a.verb, "label": a.label} for a in plan.actions if a.verb != "same"],
                "skipped": plan.skipped,
            }
        )
        return
    prefix = "would " if dry_run else ""
    for action in plan.actions:
        if action.verb != "same":
            print_plain(f"{prefix}{action}")
    for skipped in plan.skipped:
        typer.echo(f"skipped {clean(skipped)}", err=True)
    added, updated, same = plan.count("add"), plan.count("update"), plan.count("same")
    verb = "would add" if dry_run else "added"
    typer.echo(
        f"{verb} {added}, {'would update' if dry_run else 'updated'} {updated}, unchanged {same}"
        + (f", skipped {len(plan.skipped)}" if plan.skipped else ""),
        err=True,
    )
