"""`cop community`: add, list, show, edit and archive communities.

Also holds the small display helpers the people commands share (`cop member`, `cop mentor`): a record as
JSON, key/value fields and rows, each printed as Rich output on a terminal and as plain lines otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output
from cop.commands.context import get_cop
from cop.errors import UsageError
from cop.models import COMMUNITY_KINDS, COMMUNITY_STATUSES, Record

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.models import Community, Entry

app = typer.Typer(no_args_is_help=True)
RECENT = 10  # entries shown by `community show` unless --recent says otherwise


# -- shared display helpers (used by member.py and mentor.py too) ---------------------------------------
def record_json(record: Record) -> dict[str, Any]:
    """A record as the documented JSON object: every field (defaults included, nested items too) + path."""
    data = record.to_index()
    for key in data:
        value = getattr(record, key)
        if isinstance(value, Record):
            data[key] = value.to_index()
        elif isinstance(value, list) and value and isinstance(value[0], Record):
            data[key] = [item.to_index() for item in value]
    data["path"] = record.path
    return data


def print_fields(title: str, fields: Sequence[tuple[str, str]]) -> None:
    """A record's fields: a titled grid on a terminal, `key: value` lines otherwise (empty ones skipped).

    Multi-line values (descriptions, notes) are indented under their key in plain output.
    """
    shown = [(key, value) for key, value in fields if value]
    if not output.is_terminal():
        for key, value in shown:
            lines = value.rstrip("\n").split("\n")
            if len(lines) == 1:
                output.print_plain(f"{key}: {lines[0]}")
            else:
                output.print_plain(f"{key}:")
                for line in lines:
                    output.print_plain(f"  {line}")
        return
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, value in shown:
        grid.add_row(key, output.escape(value.rstrip("\n")))
    console = output.console()
    console.print(f"[bold]{output.escape(title)}[/bold]")
    console.print(grid)


def print_rows(
    columns: Sequence[str], rows: Iterable[Sequence[str]], title: str = "", empty: str = "", keep: int = 1
) -> None:
    """Rows of values: a Rich table on a terminal, tab-separated lines (no header) otherwise.

    In plain output a section `title` becomes a `title:` line and its rows are indented, so a `show`
    command's sections stay apart; top-level lists pass no title and print bare lines for `cut`/`awk`.
    `empty` is said (on stderr for a bare list) when there are no rows. The first `keep` columns (ids,
    slugs, handles) are never wrapped or cut on a terminal.
    """
    rows = [list(row) for row in rows]
    if not output.is_terminal():
        indent = "  " if title else ""
        if title:
            output.print_plain(f"{title}:")
        if not rows and empty:
            if title:
                output.print_plain(f"  ({empty})")
            else:
                typer.echo(empty, err=True)
        for row in rows:
            output.print_plain(indent + "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row))
        return
    console = output.console()
    if title:
        console.print()
        console.print(f"[bold]{output.escape(title)}[/bold]")
    if not rows:
        if empty:
            console.print(f"[dim]{output.escape(empty)}[/dim]")
        return
    table = output.new_table(*columns)
    for index in range(min(keep, len(columns))):  # ids and slugs are typed back: never cut them
        table.columns[index].no_wrap = True
        table.columns[index].min_width = max(len(row[index]) for row in rows)
    for row in rows:
        table.add_row(*(output.escape(cell) for cell in row))
    console.print(table)


def entry_rows(entries: Iterable[Entry]) -> list[list[str]]:
    """Rows for a short entry list (id, kind, date, title) as `community show` and `member show` print."""
    return [[e.id, e.kind, (e.updated or e.created)[:10], e.title] for e in entries]


def edit_tags(tags: list[str], add: Iterable[str] | None, remove: Iterable[str] | None) -> list[str]:
    """`tags` with some added and some removed; removal matches the way tags are stored (lowercase,
    '-' for spaces), so `--remove-tag "Unit Tests"` removes `unit-tests`. The model validates the rest."""
    removed = {t.strip().lower().replace(" ", "-") for t in remove or []}
    return [t for t in tags if t not in removed] + list(add or [])


def said(text: str) -> None:
    """A confirmation for the person on stderr; `text` is plain (escaped here)."""
    output.message(output.escape(text))


def parse_links(values: Iterable[str]) -> dict[str, str]:
    """`NAME=VALUE` options as a mapping (an empty VALUE means: remove that link)."""
    links: dict[str, str] = {}
    for value in values:
        name, sep, target = value.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--link '{value}' is not NAME=VALUE (e.g. --link chat=#python-guild)")
        links[name.strip()] = target.strip()
    return links


# -- completion (the lead may move these next to the other callbacks in complete.py) ------------------
def completion_core(ctx: typer.Context) -> Cop | None:
    """The core for a completion callback, from --repo/COP_REPO or the folder; None when there is none.

    Completion must never fail nor create anything, so the personal repo is not created here.
    """
    try:
        from cop.core import Cop, resolve_repo_path

        root = ctx.find_root()
        path, is_default = resolve_repo_path(root.params.get("repo_path"))
        if not (path / "cop.yaml").is_file():
            return None
        return Cop.open(path)
    except Exception:  # completion must never print a traceback into the shell
        return None


def _complete(ctx: typer.Context, incomplete: str, values: Any) -> list[str]:
    core = completion_core(ctx)
    if core is None:
        return []
    try:
        return [v for v in values(core) if v.startswith(incomplete)]
    except Exception:
        return []
    finally:
        core.close()


def complete_slugs(ctx: typer.Context, incomplete: str) -> list[str]:
    """Community slugs from the index."""
    return _complete(ctx, incomplete, lambda core: [c.slug for c in core.communities()])


def complete_handles(ctx: typer.Context, incomplete: str) -> list[str]:
    """Member handles from the index."""
    return _complete(ctx, incomplete, lambda core: [m.handle for m in core.members()])


def complete_tags(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tags in use: entry tags, then member expertise and interests and community tags."""

    def tags(core: Cop) -> list[str]:
        found = [tag for tag, _ in core.tags()]
        for member in core.members():
            found += member.expertise + member.interests
        for community in core.communities():
            found += community.tags
        return list(dict.fromkeys(found))

    return _complete(ctx, incomplete, tags)


def complete_kinds(incomplete: str) -> list[str]:
    return [k for k in COMMUNITY_KINDS if k.startswith(incomplete)]


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


def _say_saved(verb: str, community: Community) -> None:
    said(f"{verb} community {community.slug} ({community.name}): {community.path}")


Slug = Annotated[
    str, typer.Argument(metavar="SLUG", help="The community's slug.", autocompletion=complete_slugs)
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (the documented shape) to stdout.")]


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
            help=f"One of: {', '.join(COMMUNITY_KINDS)}.",
            autocompletion=complete_kinds,
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
    community = core.community(community.slug)
    _say_saved("added", community)
    if as_json:
        output.print_json(record_json(community))


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
    if as_json:
        output.print_json(
            [
                {
                    **record_json(c),
                    "member_count": members.get(c.slug, 0),
                    "entry_count": entries.get(c.slug, 0),
                }
                for c in found
            ]
        )
        return
    # plain lines keep every column (domain last: free text); a terminal drops domain to stay readable
    columns = ["slug", "name", "kind", "status", "members", "entries", "domain"]
    rows = [
        [c.slug, c.name, c.kind, c.status, str(members.get(c.slug, 0)), str(entries.get(c.slug, 0)), c.domain]
        for c in found
    ]
    if output.is_terminal():
        columns, rows = columns[:-1], [row[:-1] for row in rows]
    print_rows(
        columns,
        rows,
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
    from cop.store import EntryFilter

    core = get_cop(ctx)
    community = core.community(slug)
    members = core.community_members(community.slug)
    latest = core.entries(EntryFilter(community=community.slug), limit=recent) if recent else []
    if as_json:
        output.print_json(
            {
                **record_json(community),
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
            ("description", community.description),
            ("charter", community.charter),
        ],
    )
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
        typer.Option("--kind", "-k", help="New kind.", autocompletion=complete_kinds, show_default=False),
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
        typer.Option("--status", help=f"One of: {', '.join(COMMUNITY_STATUSES)}.", show_default=False),
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
    }
    if add_tag or remove_tag:
        changes["tags"] = edit_tags(community.tags, add_tag, remove_tag)
    if links:
        merged = {**community.links, **links}
        changes["links"] = {k: v for k, v in merged.items() if v}
    promote = list(add_coordinator or [])
    demote = list(remove_coordinator or [])
    if all(v is None for v in changes.values()) and not promote and not demote:
        raise UsageError("nothing to change: pass an option such as --name (see 'cop community edit --help')")
    for handle in promote:
        core.member(handle)  # fail before anything is written
    for handle in demote:
        if handle not in community.coordinators:
            raise UsageError(f"'{handle}' is not a coordinator of '{community.slug}'")
    if any(v is not None for v in changes.values()):
        community = core.edit_community(community.slug, **changes)
    for handle in promote:
        core.join(community.slug, handle, role="coordinator")
    for handle in demote:
        core.join(community.slug, handle, role="member")
    community = core.community(community.slug)
    _say_saved("updated", community)
    if as_json:
        output.print_json(record_json(community))


@app.command("archive")
def archive(ctx: typer.Context, slug: Slug, as_json: AsJson = False) -> None:
    """Archive a community: it stays readable, and is left out of `community list` (see --all)."""
    core = get_cop(ctx)
    community = core.community(slug)
    if community.status == "archived":
        said(f"community {community.slug} is archived already")
    else:
        community = core.archive_community(community.slug)
        _say_saved("archived", community)
    if as_json:
        output.print_json(record_json(community))
