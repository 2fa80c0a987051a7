"""`cop project`: start a project (or promote an idea to one), join it, log updates, set its status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cop.commands import output
from cop.commands.complete import complete_choices, complete_handles, complete_records, complete_slugs
from cop.commands.context import get_cop
from cop.commands.entry_options import choices
from cop.commands.options import AsJson, Member, OnlyCommunity, read_text
from cop.commands.records import print_fields, print_rows, record_json, report_saved
from cop.domain.errors import CopError
from cop.domain.events import PROJECT_STATUSES

if TYPE_CHECKING:
    from cop.domain.events import Project

app = typer.Typer(no_args_is_help=True)


def complete_projects(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Project slugs, each with its title as help text."""
    return complete_records(ctx, incomplete, lambda core: [(p.slug, p.title) for p in core.projects()])


_complete_statuses = complete_choices(PROJECT_STATUSES)

Slug = Annotated[
    str, typer.Argument(metavar="SLUG", help="The project's slug.", autocompletion=complete_projects)
]


def _on_project(saved: Project, as_json: bool) -> None:
    report_saved(saved, f"{len(saved.members)} on project {saved.slug}", as_json)


@app.command("add")
def add(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="A short name: lowercase, digits, '-'.")],
    from_idea: Annotated[
        str,
        typer.Option(
            "--from", help="Promote this idea (id or prefix): links it, takes its title and community."
        ),
    ] = "",
    title: Annotated[
        str, typer.Option("--title", "-t", help="What it is called (default: the idea's).")
    ] = "",
    community: Annotated[
        list[str] | None,
        typer.Option(
            "--community", "-c", help="A community it belongs to (repeat).", autocompletion=complete_slugs
        ),
    ] = None,
    goal: Annotated[str, typer.Option("--goal", help="What it sets out to do, in one line.")] = "",
    description: Annotated[str, typer.Option("--description", help="More about it ('-' reads stdin).")] = "",
    active: Annotated[
        bool, typer.Option("--active", help="Start it as active rather than proposed.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Start a project owned by you, from scratch or from an idea."""
    saved = get_cop(ctx).add_project(
        slug,
        title=title,
        from_idea=from_idea,
        communities=community or [],
        goal=goal,
        description=read_text(description),
        status="active" if active else "proposed",
    )
    report_saved(saved, f"added project {saved.slug} ({saved.title})", as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar=choices(PROJECT_STATUSES),
            help="Only this status.",
            autocompletion=_complete_statuses,
        ),
    ] = None,
    community: OnlyCommunity = None,
    member: Annotated[
        str | None,
        typer.Option(
            "--member", "-m", help="Only those this member owns or is on.", autocompletion=complete_handles
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """List projects, active first."""
    core = get_cop(ctx)
    if community:
        core.community(community)
    if member:
        core.member(member)
    found = core.projects(status=status, community=community, member=member)
    output.warn_problems(core.problems())
    if as_json:
        output.print_json([record_json(p) for p in found])
        return
    rows = [
        [
            p.slug,
            p.status,
            p.owner,
            str(len(p.members)),
            ", ".join(p.communities),
            p.updates[-1].date if p.updates else "",
            p.title,
        ]
        for p in found
    ]
    print_rows(
        ["slug", "status", "owner", "people", "communities", "last update", "title"],
        rows,
        drop=("last update", "communities", "people", "owner"),
        empty="no projects found; start one with 'cop project add SLUG --title TITLE'",
    )


@app.command("show")
def show(ctx: typer.Context, slug: Slug, as_json: AsJson = False) -> None:
    """Show a project: goal, people, the entries it grew from or produced, and its updates."""
    core = get_cop(ctx)
    p = core.project(slug)
    if as_json:
        output.print_json(record_json(p))
        return
    print_fields(
        f"project {p.slug}: {p.title}",
        [
            ("slug", p.slug),
            ("title", p.title),
            ("status", p.status),
            ("communities", ", ".join(p.communities)),
            ("owner", p.owner),
            ("members", ", ".join(p.members)),
            ("goal", p.goal),
            ("description", p.description),
            ("updated", p.updated),
        ],
    )
    linked = []
    for entry_id in p.links:
        try:
            entry = core.entry(entry_id)
            linked.append([entry.id, entry.kind, entry.title])
        except CopError:  # a dangling link is shown as the id it is; cop doctor names it
            linked.append([entry_id, "?", "(no such entry)"])
    print_rows(["id", "kind", "title"], linked, title=f"entries ({len(linked)})", empty="none linked")
    print_rows(
        ["date", "by", "update"],
        ([u.date, u.author, u.text.rstrip("\n")] for u in p.updates),
        title=f"updates ({len(p.updates)})",
        empty=f"none yet: 'cop project update {p.slug} --text TEXT'",
    )


@app.command("join")
def join(ctx: typer.Context, slug: Slug, member: Member = None, as_json: AsJson = False) -> None:
    """Join a project (or, with --member, add someone)."""
    saved = get_cop(ctx).join_project(slug, member)
    _on_project(saved, as_json)


@app.command("leave")
def leave(ctx: typer.Context, slug: Slug, member: Member = None, as_json: AsJson = False) -> None:
    """Leave a project (or, with --member, take someone off it)."""
    saved = get_cop(ctx).leave_project(slug, member)
    _on_project(saved, as_json)


@app.command("update")
def update(
    ctx: typer.Context,
    slug: Slug,
    text: Annotated[
        str, typer.Option("--text", "-n", help="What happened ('-' reads stdin).", show_default=False)
    ],
    date: Annotated[str, typer.Option("--date", help="When (YYYY-MM-DD, today, yesterday).")] = "today",
    link: Annotated[
        list[str] | None,
        typer.Option("--link", help="Also link an entry it produced (id or prefix; repeat)."),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Log an update on a project (and link the entries it produced)."""
    core = get_cop(ctx)
    saved = core.project_update(slug, read_text(text), date=date)
    for entry in link or []:
        saved = core.link_project(slug, entry)
    report_saved(saved, f"logged update {len(saved.updates)} on project {saved.slug}", as_json)


@app.command("status")
def status(
    ctx: typer.Context,
    slug: Slug,
    state: Annotated[
        str,
        typer.Argument(
            metavar=choices(PROJECT_STATUSES), help="The new status.", autocompletion=_complete_statuses
        ),
    ],
    as_json: AsJson = False,
) -> None:
    """Set a project's status."""
    saved = get_cop(ctx).set_project_status(slug, state)
    report_saved(saved, f"project {saved.slug} is now {saved.status}", as_json)
