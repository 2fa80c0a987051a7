"""`cop member` (add, list, show, edit) and the top-level `cop join` and `cop leave`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cop.commands import output
from cop.commands.complete import complete_handles, complete_slugs, complete_tags
from cop.commands.context import get_cop
from cop.commands.entry_options import choices
from cop.commands.options import AsJson
from cop.commands.records import entry_rows, print_fields, print_rows, record_json, report_saved, said
from cop.domain.errors import UsageError
from cop.domain.models import ROLES

app = typer.Typer(no_args_is_help=True)
top = typer.Typer()
RECENT = 10  # contributions listed by `member show` unless --recent says otherwise
TOPICS = 5  # top topics `member show` lists

Handle = Annotated[
    str, typer.Argument(metavar="HANDLE", help="The member's handle.", autocompletion=complete_handles)
]


def _complete_roles(incomplete: str) -> list[str]:
    return [r for r in ROLES if r.startswith(incomplete)]


@app.command("add")
def add(
    ctx: typer.Context,
    handle: Annotated[
        str, typer.Argument(metavar="HANDLE", help="Short name: lowercase letters, digits, '-', '_', '.'.")
    ],
    name: Annotated[str, typer.Option("--name", "-n", help="Full name.", show_default=False)],
    email: Annotated[str, typer.Option("--email", "-e", help="Matched against git's user.email.")] = "",
    title: Annotated[str, typer.Option("--title", help="Job title.")] = "",
    department: Annotated[str, typer.Option("--department", help="Department.")] = "",
    team: Annotated[str, typer.Option("--team", help="Team.")] = "",
    external: Annotated[
        bool, typer.Option("--external", help="An external stakeholder (partner, client…).")
    ] = False,
    expertise: Annotated[
        list[str] | None,
        typer.Option(
            "--expertise", "-x", help="What they can help with (repeat).", autocompletion=complete_tags
        ),
    ] = None,
    interest: Annotated[
        list[str] | None,
        typer.Option(
            "--interest", "-i", help="What they want to learn (repeat).", autocompletion=complete_tags
        ),
    ] = None,
    bio: Annotated[str, typer.Option("--bio", help="A few words about them.")] = "",
    joined: Annotated[str, typer.Option("--joined", help="Date joined (YYYY-MM-DD; default today).")] = "",
    as_json: AsJson = False,
) -> None:
    """Add a member (needs no acting member, so it is how a new repo gets its first person)."""
    member = get_cop(ctx).add_member(
        handle,
        name,
        email=email,
        title=title,
        department=department,
        team=team,
        external=external,
        expertise=expertise or [],
        interests=interest or [],
        bio=bio,
        joined=joined or None,
    )
    report_saved(member, f"added member {member.handle} ({member.name})", as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    community: Annotated[
        str | None,
        typer.Option(
            "--community", "-c", help="Only members of this community.", autocompletion=complete_slugs
        ),
    ] = None,
    expertise: Annotated[
        str | None,
        typer.Option(
            "--expertise", "-x", help="Only members with this expertise.", autocompletion=complete_tags
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """List members (by name), optionally those of one community or with one expertise."""
    core = get_cop(ctx)
    if community:
        found = [member for member, _ in core.community_members(community)]
        found.sort(key=lambda m: (m.name.casefold(), m.handle))
    else:
        found = core.members()
    if expertise:
        wanted = expertise.strip().lower().replace(" ", "-")
        found = [m for m in found if wanted in m.expertise]
    if as_json:
        output.print_json([record_json(m) for m in found])
        return
    columns = ["handle", "name", "department", "team", "expertise", "external"]
    rows = [
        [m.handle, m.name, m.department, m.team, ", ".join(m.expertise), "external" if m.external else ""]
        for m in found
    ]
    if output.is_terminal():  # the marker column is for scripts; a terminal shows it in `member show`
        columns, rows = columns[:-1], [row[:-1] for row in rows]
    print_rows(
        columns,
        rows,
        drop=("team", "department", "expertise"),  # docs/cli.md, "Narrow terminals"
        grow={"name": output.MIN_TITLE, "expertise": output.MIN_FREE_TEXT},
        empty="no members found; add one with 'cop member add HANDLE --name NAME'",
    )


@app.command("show")
def show(
    ctx: typer.Context,
    handle: Handle,
    recent: Annotated[
        int, typer.Option("--recent", "-r", min=0, help="How many contributions to list.")
    ] = RECENT,
    as_json: AsJson = False,
) -> None:
    """Show a member: profile, communities, contributions (newest first) and mentorships."""
    core = get_cop(ctx)
    member = core.member(handle)
    # the table shows `recent` of them and their count: read only those (16k entries for one member at 100k)
    contributions = core.contributions(member.handle, limit=None if as_json else recent)
    mentorships = core.mentorships(member=member.handle)
    topics = core.member_topics(member.handle, limit=TOPICS)
    if as_json:
        from cop.commands.experts import expert_json

        output.print_json(
            {
                **record_json(member),
                "contributions": [record_json(e) for e in contributions],
                "mentorships": [record_json(m) for m in mentorships],
                "topics": [{"topic": t.topic, **expert_json(t.expert)} for t in topics],
            }
        )
        return
    print_fields(
        f"{member.name} ({member.handle})",
        [
            ("handle", member.handle),
            ("name", member.name),
            ("email", member.email),
            ("title", member.title),
            ("department", member.department),
            ("team", member.team),
            ("external", "yes" if member.external else ""),
            ("expertise", ", ".join(member.expertise)),
            ("interests", ", ".join(member.interests)),
            ("joined", member.joined),
            ("bio", member.bio),
        ],
    )
    print_rows(
        ["community", "role"],
        ([m.community, m.role] for m in member.memberships),
        title=f"communities ({len(member.memberships)})",
        empty=f"none yet: 'cop join COMMUNITY --member {member.handle}'",
    )
    if recent:
        print_rows(
            ["id", "kind", "updated", "title"],
            entry_rows(contributions),
            title=f"contributions ({core.contribution_count(member.handle)})",
            empty="none yet",
        )
    print_rows(  # the same evidence `cop experts` ranks by (docs/people.md, "Experts")
        ["topic", "score", "why"],
        ([t.topic, f"{t.expert.score:.1f}", t.expert.why()] for t in topics),
        title=f"top topics ({len(topics)})",
        empty="no evidence yet",
    )
    print_rows(
        ["id", "role", "with", "status", "started"],
        (
            [
                m.id,
                "mentor" if m.mentor == member.handle else "mentee",
                m.mentee if m.mentor == member.handle else m.mentor,
                m.status,
                m.started,
            ]
            for m in mentorships
        ),
        title=f"mentorships ({len(mentorships)})",
        empty="none",
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    handle: Handle,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="New full name.", show_default=False)
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", "-e", help="New email ('' clears).", show_default=False)
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="New job title ('' clears).", show_default=False)
    ] = None,
    department: Annotated[
        str | None, typer.Option("--department", help="New department ('' clears).", show_default=False)
    ] = None,
    team: Annotated[
        str | None, typer.Option("--team", help="New team ('' clears).", show_default=False)
    ] = None,
    external: Annotated[
        bool | None,
        typer.Option(
            "--external/--internal", help="Mark as external stakeholder, or not.", show_default=False
        ),
    ] = None,
    add_expertise: Annotated[
        list[str] | None,
        typer.Option("--add-expertise", help="Add an expertise (repeat).", autocompletion=complete_tags),
    ] = None,
    remove_expertise: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-expertise", help="Remove an expertise (repeat).", autocompletion=complete_tags
        ),
    ] = None,
    add_interest: Annotated[
        list[str] | None,
        typer.Option("--add-interest", help="Add an interest (repeat).", autocompletion=complete_tags),
    ] = None,
    remove_interest: Annotated[
        list[str] | None,
        typer.Option("--remove-interest", help="Remove an interest (repeat).", autocompletion=complete_tags),
    ] = None,
    bio: Annotated[str | None, typer.Option("--bio", help="New bio ('' clears).", show_default=False)] = None,
    mentor_capacity: Annotated[
        int | None,
        typer.Option(
            "--mentor-capacity",
            min=0,
            max=100,
            help="Mentees they can take at once (default 2).",
            show_default=False,
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Change a member's profile (only what you pass changes)."""
    core = get_cop(ctx)
    member = core.member(handle)
    changes: dict[str, Any] = {
        "name": name,
        "email": email,
        "title": title,
        "department": department,
        "team": team,
        "external": external,
        "bio": bio,
        "mentor_capacity": mentor_capacity,
    }
    lists = {
        "add_expertise": add_expertise or [],
        "remove_expertise": remove_expertise or [],
        "add_interests": add_interest or [],
        "remove_interests": remove_interest or [],
    }
    if all(v is None for v in changes.values()) and not any(lists.values()):
        raise UsageError("nothing to change: pass an option such as --name (see 'cop member edit --help')")
    member = core.edit_member(member.handle, **lists, **changes)  # lists change on the file as written
    report_saved(member, f"updated member {member.handle} ({member.name})", as_json)


OtherMember = Annotated[
    str | None,
    typer.Option(
        "--member",
        "-m",
        help="Who (default: you, from --as, COP_USER or git's user.email).",
        autocompletion=complete_handles,
        show_default=False,
    ),
]
Community = Annotated[
    str, typer.Argument(metavar="COMMUNITY", help="The community's slug.", autocompletion=complete_slugs)
]


@top.command("join")
def join(
    ctx: typer.Context,
    community: Community,
    role: Annotated[
        str,
        typer.Option(
            "--role", metavar=choices(ROLES), help="Your role in it.", autocompletion=_complete_roles
        ),
    ] = "member",
    member: OtherMember = None,
) -> None:
    """Join a community (or change your role in it); --member adds someone else."""
    core = get_cop(ctx)
    handle = member or core.require_user().handle
    before = {m.community: m.role for m in core.member(handle).memberships}.get(community)
    joined = core.join(community, handle, role=role)
    if before == role:  # nothing changed: say so rather than "is now"
        said(f"{joined.handle} is already a {role} of {community}")
    else:
        said(f"{joined.handle} is now a {role} of {community}")


@top.command("leave")
def leave(ctx: typer.Context, community: Community, member: OtherMember = None) -> None:
    """Leave a community (a coordinator stops coordinating it too); --member removes someone else."""
    core = get_cop(ctx)
    handle = member or core.require_user().handle
    left = core.leave(community, handle)
    said(f"{left.handle} left {community}")
