"""The repo commands: `cop init`, `cop whoami`, `cop doctor` and `cop reindex`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cop.commands import output
from cop.commands.context import get_cop, state
from cop.commands.options import AsJson
from cop.commands.progress import progress_of
from cop.domain.errors import AlreadyExists

if TYPE_CHECKING:
    from cop.core import Cop

app = typer.Typer()


def _add_templates(core: Cop) -> None:
    """`cop init` on an existing repo: write the default templates it lacks, touch nothing else."""
    try:
        written = core.install_templates()
    finally:
        core.close()
    if written:
        output.message(output.escape(f"{core.root} is already a cop repo: added {', '.join(written)}"))
    else:
        output.message(output.escape(f"{core.root} is already a cop repo with its templates: nothing to do"))


@app.command("init")
def init(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="PATH",
            help="Folder for the repo (created if needed; default: --repo, else COP_REPO, else here).",
            show_default=False,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", help="The repo's name (default: the folder's).", show_default=False),
    ] = None,
    description: Annotated[str, typer.Option("--description", "-d", help="What the repo is for.")] = "",
    remote: Annotated[
        str | None,
        typer.Option(
            "--remote", metavar="URL", help="git remote to share it through (origin).", show_default=False
        ),
    ] = None,
) -> None:
    """Create a knowledge repo: cop.yaml, the record folders, a .gitignore for the cache, templates and git.

    Where: PATH, else --repo/-R, else COP_REPO, else the current folder. On an existing repo it only
    adds the default templates the repo lacks (templates/KIND.md) and changes nothing else.
    """
    from cop.core import Cop, init_repo, is_repo

    target = (path if path is not None else state(ctx).repo or Path(".")).expanduser()
    if is_repo(target):
        if name or description or remote:  # those make a new repo: refused as before, nothing written
            raise AlreadyExists(f"{target} is already a cop repo (cop.yaml exists)")
        _add_templates(Cop.open(target))
        return
    core = init_repo(target, name, description, remote)
    try:
        root = core.root
        output.message(output.escape(f"created knowledge repo '{core.name}' in {root}"))
        output.message(
            "next: add yourself ('cop member add HANDLE --name NAME --email EMAIL'), "
            "then a community ('cop community add SLUG --name NAME --kind KIND')"
        )
    finally:
        core.close()


@app.command("whoami")
def whoami(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Show the acting member and where it came from: --as, COP_USER, the config, git user.email.

    The config is the clone's settings file, then the user's ('cop config set identity HANDLE'); without
    any, cop looks for the member whose email is git's user.email.
    """
    core = get_cop(ctx)
    member = core.require_user()
    source = core.identity_source()
    if as_json:
        from cop.commands.records import record_json

        output.print_json({**record_json(member), "source": source, "repo": str(core.root)})
        return
    fields = [("handle", member.handle), ("name", member.name), ("email", member.email), ("from", source)]
    fields.append(("repo", str(core.root)))
    for key, value in fields:
        if value:
            output.print_plain(f"{key}: {value}")


@app.command("doctor")
def doctor(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Check the whole repo for problems; exits 1 when there are any.

    Reports files that fail to parse or validate, references to missing members, communities or
    questions, duplicate ids, and left-over merge conflict markers.
    """
    core = get_cop(ctx)
    findings = core.doctor()
    if as_json:
        output.print_json(
            [{"path": f.path, "line": f.line, "kind": f.kind, "message": f.message} for f in findings]
        )
    else:
        for finding in findings:
            output.print_plain(str(finding))
    files = core.file_count()
    if findings:
        count = len({f.path for f in findings})
        output.message(f"[red]{len(findings)} problem(s) in {count} file(s)[/red] of {files}")
        raise typer.Exit(1)
    output.message(f"no problems in {files} file(s)")


@app.command("reindex")
def reindex(ctx: typer.Context) -> None:
    """Rebuild the index and the search database from the files (safe at any time)."""
    core = get_cop(ctx)
    started = time.perf_counter()
    with progress_of("indexing") as step:  # files read of those to read, on a terminal
        report = core.reindex(step)
    seconds = time.perf_counter() - started
    output.message(
        f"indexed {len(report.changed)} file(s) in {seconds:.2f}s"
        + (f"; {len(report.problems)} skipped (run 'cop doctor')" if report.problems else "")
    )
