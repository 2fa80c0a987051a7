"""`cop community`: add, list, show, edit and archive communities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output, render
from cop.commands.complete import complete_community_kinds, complete_handles, complete_slugs, complete_tags
from cop.commands.context import get_cop
from cop.commands.entry_options import choices
from cop.commands.options import AsJson
from cop.commands.records import (
    entry_rows,
    parse_links,
    print_fields,
    print_rows,
    record_json,
    report_saved,
    said,
)
from cop.commands.review import trust_json, trust_line
from cop.domain.errors import UsageError
from cop.domain.models import COMMUNITY_KINDS, COMMUNITY_STATUSES

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.domain.models import Community

app = typer.Typer(no_args_is_help=True)
RECENT = 10  # entries shown by `community show` unless --recent says otherwise


# -- commands ----------------------------------------------------------------------------------------
def _member_counts(core: Cop) -> dict[str, int]:
    """Members per community slug (a coordinator not in the member list counts too)."""
    people: dict[str, set[str]] = {}
    for member in core.members():
        for membership in member.memberships:
            people.setdefault(membership.community, set()).add(member.handle)
    for community in core.communities():
        people.setdefault(community.slug, set()).update(community.coordinators)
    return {slug: len(handles) for slug, handles in people.items()}


def _report(verb: str, community: Community, as_json: bool) -> None:
    report_saved(community, f"{verb} community {community.slug} ({community.name})", as_json)


Slug = Annotated[
    str, typer.Argument(metavar="SLUG", help="The community's slug.", autocompletion=complete_slugs)
]


@app.command("add")
def add(
    ctx: typer.Context,
    slug: Annotated[
        str, typer.Argument(metavar="SLUG", help="Short name: lowercase letters, digits, '-', '_', '.'.")
    ],
    name: Annotated[str, typer.Option("--name", "-n", help="Display name.", show_default=False)],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            "-k",
            metavar=choices(COMMUNITY_KINDS),
            help="What kind of community.",
            autocompletion=complete_community_kinds,
            show_default=False,
        ),
    ],
    domain: Annotated[
        str, typer.Option("--domain", "-d", help="Field: software development, education…")
    ] = "",
    description: Annotated[str, typer.Option("--description", help="What the community is about.")] = "",
    charter: Annotated[str, typer.Option("--charter", help="Purpose and norms.")] = "",
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="A topic (repeat).", autocompletion=complete_tags)
    ] = None,
    coordinator: Annotated[
        list[str] | None,
        typer.Option(
            "--coordinator", help="A member who looks after it (repeat).", autocompletion=complete_handles
        ),
    ] = None,
    link: Annotated[
        list[str] | None, typer.Option("--link", help="NAME=VALUE, e.g. chat=#python-guild (repeat).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Create a community (coordinators also become its members)."""
    core = get_cop(ctx)
    links = {k: v for k, v in parse_links(link or []).items() if v}
    community = core.add_community(
        slug,
        name,
        kind,
        domain=domain,
        description=description,
        charter=charter,
        tags=tag or [],
        coordinators=coordinator or [],
        links=links,
    )
    for handle in community.coordinators:
        core.join(community.slug, handle, role="coordinator")
    _report("added", core.community(community.slug), as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    show_all: Annotated[bool, typer.Option("--all", "-a", help="Include archived communities.")] = False,
    as_json: AsJson = False,
) -> None:
    """List communities with their member and entry counts (archived ones with --all)."""
    core = get_cop(ctx)
    found = core.communities(include_archived=show_all)
    members = _member_counts(core)
    entries = core.entry_counts()
    scores = core.trust_scores()
    if as_json:
        output.print_json(
            [
                {
                    **record_json(c),
                    "member_count": members.get(c.slug, 0),
                    "entry_count": entries.get(c.slug, 0),
                    "trust": trust_json(scores[c.slug]),
                }
                for c in found
            ]
        )
        return
    # plain lines keep every column (domain last: free text); a terminal drops domain to stay readable
    columns = ["slug", "name", "kind", "status", "members", "entries", "trust", "domain"]
    rows = [
        [c.slug, c.name, c.kind, c.status, str(members.get(c.slug, 0)), str(entries.get(c.slug, 0))]
        + [scores[c.slug].percent, c.domain]
        for c in found
    ]
    if output.is_terminal():
        columns, rows = columns[:-1], [row[:-1] for row in rows]
    print_rows(
        columns,
        rows,
        drop=("entries", "members", "kind", "status"),  # docs/cli.md, "Narrow terminals"
        empty="no communities"
        + ("" if show_all else " (archived ones show with --all)")
        + "; add one with 'cop community add SLUG --name NAME --kind KIND'",
    )


@app.command("show")
def show(
    ctx: typer.Context,
    slug: Slug,
    recent: Annotated[
        int, typer.Option("--recent", "-r", min=0, help="How many recent entries to show.")
    ] = RECENT,
    as_json: AsJson = False,
) -> None:
    """Show a community: its details, members (coordinators first) and most recent entries."""
    from cop.domain.filters import EntryFilter

    core = get_cop(ctx)
    community = core.community(slug)
    members = core.community_members(community.slug)
    latest = core.entries(EntryFilter(community=community.slug), limit=recent) if recent else []
    score = core.trust_score(community.slug)
    if as_json:
        output.print_json(
            {
                **record_json(community),
                "trust": trust_json(score),
                "members": [{"handle": m.handle, "name": m.name, "role": role} for m, role in members],
                "recent": [record_json(e) for e in latest],
            }
        )
        return
    print_fields(
        f"{community.name} ({community.slug})",
        [
            ("slug", community.slug),
            ("name", community.name),
            ("kind", community.kind),
            ("domain", community.domain),
            ("status", community.status),
            ("tags", ", ".join(community.tags)),
            ("coordinators", ", ".join(community.coordinators)),
            *((f"link {key}", value) for key, value in community.links.items()),
            ("created", community.created),
            ("trust", trust_line(score)),
            ("review days", str(community.review_days)),
            ("description", community.description),
            ("charter", "" if output.is_terminal() else community.charter),
        ],
    )
    if output.is_terminal() and community.charter.strip():  # Markdown, rendered as `cop show` does a body
        render.print_markdown("charter", community.charter)
    print_rows(
        ["handle", "name", "role"],
        ([m.handle, m.name, role] for m, role in members),
        title=f"members ({len(members)})",
        empty="no members yet: 'cop join " + community.slug + "'",
    )
    if recent:
        print_rows(
            ["id", "kind", "updated", "title"],
            entry_rows(latest),
            title="recent entries",
            empty="no entries yet",
        )


@app.command("edit")
def edit(
    ctx: typer.Context,
    slug: Slug,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="New display name.", show_default=False)
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar=choices(COMMUNITY_KINDS),
            help="New kind.",
            autocompletion=complete_community_kinds,
            show_default=False,
        ),
    ] = None,
    domain: Annotated[
        str | None, typer.Option("--domain", "-d", help="New domain ('' clears).", show_default=False)
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="New description ('' clears).", show_default=False)
    ] = None,
    charter: Annotated[
        str | None, typer.Option("--charter", help="New charter ('' clears).", show_default=False)
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar=choices(COMMUNITY_STATUSES), help="New status.", show_default=False),
    ] = None,
    review_days: Annotated[
        int | None,
        typer.Option(
            "--review-days",
            min=1,
            max=36500,
            help="Days until a verified entry is due again (default 90).",
            show_default=False,
        ),
    ] = None,
    add_tag: Annotated[
        list[str] | None,
        typer.Option("--add-tag", help="Add a topic (repeat).", autocompletion=complete_tags),
    ] = None,
    remove_tag: Annotated[
        list[str] | None,
        typer.Option("--remove-tag", help="Remove a topic (repeat).", autocompletion=complete_tags),
    ] = None,
    link: Annotated[
        list[str] | None, typer.Option("--link", help="Set NAME=VALUE; NAME= removes it (repeat).")
    ] = None,
    add_coordinator: Annotated[
        list[str] | None,
        typer.Option(
            "--add-coordinator", help="Make a member a coordinator (repeat).", autocompletion=complete_handles
        ),
    ] = None,
    remove_coordinator: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-coordinator",
            help="Make a coordinator a plain member (repeat).",
            autocompletion=complete_handles,
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Change a community's details, tags, links or coordinators (only what you pass changes)."""
    core = get_cop(ctx)
    community = core.community(slug)
    links = parse_links(link or [])
    changes: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "domain": domain,
        "description": description,
        "charter": charter,
        "status": status,
        "review_days": review_days,
    }
    promote = list(add_coordinator or [])
    demote = list(remove_coordinator or [])
    edits = any(v is not None for v in changes.values()) or add_tag or remove_tag or links
    if not edits and not promote and not demote:
        raise UsageError("nothing to change: pass an option such as --name (see 'cop community edit --help')")
    for handle in promote:
        core.member(handle)  # fail before anything is written
    for handle in demote:
        if handle not in community.coordinators:
            raise UsageError(f"'{handle}' is not a coordinator of '{community.slug}'")
    if edits:  # lists change on the file as it is when written (concurrent edits all land)
        community = core.edit_community(
            community.slug, add_tags=add_tag or [], remove_tags=remove_tag or [], set_links=links, **changes
        )
    for handle in promote:
        core.join(community.slug, handle, role="coordinator")
    for handle in demote:
        core.join(community.slug, handle, role="member")
    _report("updated", core.community(community.slug), as_json)


@app.command("archive")
def archive(ctx: typer.Context, slug: Slug, as_json: AsJson = False) -> None:
    """Archive a community: it stays readable, and is left out of `community list` (see --all)."""
    core = get_cop(ctx)
    community = core.community(slug)
    if community.status != "archived":
        _report("archived", core.archive_community(community.slug), as_json)
        return
    said(f"community {community.slug} is archived already")
    if as_json:
        output.print_json(record_json(community))
