"""The entry commands: `cop add`, `list`, `show`, `edit`, `rm`, `search`, `tags` (and, from
`questions.py`, `ask`, `answer`, `accept`). Each is a thin wrapper over the core (`cop.core.entries`)."""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from cop.commands import links, output, paging, questions, render
from cop.commands.complete import complete_entry_statuses, complete_slugs, complete_tags
from cop.commands.context import get_cop
from cop.commands.editor import (
    body_from_options,
    edit_until_valid,
    new_entry_in_editor,
    read_text_option,
    wants_editor,
)
from cop.commands.entry_options import (
    AsJson,
    Author,
    Body,
    BodyFile,
    Community,
    Edit,
    EntryId,
    Kind,
    Since,
    Sort,
    Status,
    Tags,
    choices,
)
from cop.commands.examples import examples
from cop.domain.errors import UsageError

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.domain.filters import EntryFilter

app = typer.Typer()
app.add_typer(questions.app)  # ask, answer, accept: top-level commands too


def _filter(
    core: Cop,
    community: str | None,
    kind: str | None,
    tags: list[str] | None,
    author: str | None,
    status: str | None,
    since: str | None,
    unanswered: bool = False,
    hide_obsolete: bool = False,
) -> EntryFilter:
    return core.entry_filter(
        hide_obsolete=hide_obsolete,
        community=community,
        kind=kind,
        tags=tags or [],
        author=author,
        status=status,
        since=since,
        unanswered=unanswered,
    )


# -- writing ------------------------------------------------------------------------------------------
@app.command(
    "add",
    epilog=examples(
        "cop add -k lesson -T 'Pin your deps' -c python-guild -t packaging   # opens your editor",
        "cop add -k how-to -T 'Rotate keys' -c ops -b 'Steps: ...'",
        "cop add --from-file note.md --json",
    ),
)
def add(
    ctx: typer.Context,
    kind: Kind = None,
    title: Annotated[str | None, typer.Option("--title", "-T", help="One line.", show_default=False)] = None,
    community: Community = None,
    tag: Tags = None,
    url: Annotated[str, typer.Option("--url", "-u", help="What a resource points to (needed for one).")] = "",
    status: Annotated[
        str,
        typer.Option(
            "--status",
            "-s",
            metavar=choices(("published", "draft")),
            help="Publish it, or keep it a draft.",
            autocompletion=complete_entry_statuses,
        ),
    ] = "published",
    body: Body = None,
    body_file: BodyFile = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from-file",
            metavar="PATH",
            show_default=False,
            help="Create the entry from a file holding front matter and body (a kept editor draft).",
        ),
    ] = None,  # fmt: skip
    edit: Edit = False,
    as_json: AsJson = False,
) -> None:
    """Add an entry: a best practice, how-to, lesson, resource, question, idea, discussion or announcement.

    With no body on a terminal (or with --edit) your editor opens on a template for the kind.
    """
    core = get_cop(ctx)
    core.require_user()  # before any typing in the editor
    if from_file is not None:
        entry = core.add_entry_from_text(read_text_option(from_file, "--from-file"))
    else:
        text = body_from_options(body, body_file)
        if wants_editor(edit, text):
            template = core.entry_template(kind or "", community or "", title or "", tag or [], url)
            entry = new_entry_in_editor(core, template)
        else:
            given = (("--kind", kind), ("--title", title), ("--community", community))
            missing = [name for name, value in given if not value]
            if missing:
                raise UsageError(
                    f"missing {', '.join(missing)} (or add --edit to write the entry in your editor)"
                )
            assert kind and title and community
            entry = core.add_entry(
                kind, title, community, body=text or "", tags=tag or [], url=url, status=status
            )
    render.saved("added", entry, as_json)


@app.command("edit")
def edit_entry(
    ctx: typer.Context,
    entry_id: EntryId,
    title: Annotated[str | None, typer.Option("--title", "-T", help="New title.", show_default=False)] = None,
    kind: Kind = None,
    status: Status = None,
    community: Annotated[
        str | None,
        typer.Option(
            "--community",
            "-c",
            help="Move it to this community.",
            autocompletion=complete_slugs,
            show_default=False,
        ),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", "-u", help="New URL.", show_default=False)] = None,
    add_tag: Annotated[
        list[str] | None, typer.Option("--add-tag", help="Add a tag (repeat).", autocompletion=complete_tags)
    ] = None,
    remove_tag: Annotated[
        list[str] | None,
        typer.Option("--remove-tag", help="Remove a tag (repeat).", autocompletion=complete_tags),
    ] = None,
    body: Body = None,
    body_file: BodyFile = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from-file",
            metavar="PATH",
            help="Replace the whole entry (front matter and body) with a file.",
            show_default=False,
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Change an entry with options, or with none open the whole entry in $VISUAL/$EDITOR."""
    core = get_cop(ctx)
    text = body_from_options(body, body_file)
    fields = {"title": title, "kind": kind, "status": status, "community": community, "url": url}
    flagged = any(v is not None for v in fields.values()) or add_tag or remove_tag or text is not None
    if from_file is not None:
        if flagged:
            raise UsageError("--from-file replaces the whole entry: give no other changes with it")
        entry = core.replace_entry_text(entry_id, read_text_option(from_file, "--from-file"))
    elif flagged:
        entry = core.edit_entry(
            entry_id, add_tags=add_tag or [], remove_tags=remove_tag or [], body=text, **fields
        )
    else:
        current = core.entry(entry_id)
        saved = edit_until_valid(
            core.entry_text(current), lambda t: core.replace_entry_text(current.id, t), name=current.id,
            resume=f"cop edit {current.id} --from-file {{path}}", core=core,
        )  # fmt: skip
        if saved is None:
            output.message(output.escape(f"no changes to {current.id}; nothing saved"))
            return
        entry = saved
    render.saved("saved", entry, as_json)


# -- reading ------------------------------------------------------------------------------------------
@app.command(
    "list",
    epilog=examples(
        "cop list -c python-guild -t packaging",
        "cop list --kind question --unanswered",
        "cop list --since yesterday --sort created --all --json",
    ),
)
def list_entries(
    ctx: typer.Context,
    community: Community = None,
    kind: Kind = None,
    tag: Tags = None,
    author: Author = None,
    status: Status = None,
    since: Since = None,
    unanswered: Annotated[
        bool, typer.Option("--unanswered", help="Only questions with no answer yet.")
    ] = False,
    links_to: Annotated[
        str | None,
        typer.Option(
            "--links-to", help="Only entries whose body links to this entry ([[ID]]).", show_default=False
        ),
    ] = None,
    orphans: Annotated[
        bool, typer.Option("--orphans", help="Only entries nothing links to (questions and answers aside).")
    ] = False,
    sort: Sort = "updated",
    limit: paging.PageLimit = None,
    show_all: Annotated[bool, typer.Option("--all", help="Every matching entry, no limit.")] = False,
    as_json: AsJson = False,
) -> None:
    """List entries, newest first; the filters combine (several --tag: entries with all of them).
    At most 50 unless --limit N or --all (with --json too); on a terminal, stderr says how many there are."""
    core = get_cop(ctx)
    where = _filter(core, community, kind, tag, author, status, since, unanswered, hide_obsolete=True)
    if links_to or orphans:
        target = core.link_target(links_to) if links_to else None
        where = dataclasses.replace(where, links_to=target, orphans=orphans)
    shown = paging.page_size(limit, show_all)
    found = core.entries(where, sort=sort, limit=shown)
    output.warn_problems(core.problems())
    if as_json:
        output.print_json([render.entry_json(e) for e in found])
    else:
        render.print_entries(found)
    paging.say_more(shown, len(found), lambda: core.count_entries(where))


@app.command(
    "show",
    epilog=examples("cop show 7k2m   # any unique prefix of the id", "cop show 7k2m9qxa --json"),
)
def show(
    ctx: typer.Context,
    entry_id: EntryId,
    raw: Annotated[
        bool, typer.Option("--raw", help="Print the file as it is (front matter and body).")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Show an entry with its body rendered; a question shows its answers, the accepted one first."""
    core = get_cop(ctx)
    entry = core.entry(entry_id)
    output.warn_problems(core.problems())
    if raw:
        text = core.raw(entry)
        sys.stdout.write(output.clean(text) if output.is_terminal() else text)
        return
    thread = core.thread(entry.id)  # a dangling answer still shows; 'cop doctor' reports it
    answers, question = thread.answers, thread.question
    projects = core.projects_from(entry.id)  # the projects an idea led to (or a lesson came from)
    if as_json:
        data = render.entry_json(entry, body=True)
        if entry.kind == "question":
            data["answers"] = [render.entry_json(a, body=True) for a in answers]
        data["links_to"] = [links.link_json(x) for x in core.links_from(entry)]
        data["linked_from"] = [links.backlink_json(x) for x in core.links_to(entry)]
        data["projects"] = [{"slug": p.slug, "title": p.title, "status": p.status} for p in projects]
        output.print_json(data)
    else:
        render.print_entry(entry, answers, question, core.superseding(entry))
        links.print_links(core.links_from(entry), core.links_to(entry))
        render.print_projects(entry, projects)


@app.command(
    "search",
    epilog=examples("cop search 'connection pool'", "cop search flaky -c python-guild --kind lesson --json"),
)
def search(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(metavar="QUERY", help="Words to find (in titles, tags and bodies).")
    ],
    community: Community = None,
    kind: Kind = None,
    tag: Tags = None,
    author: Author = None,
    status: Status = None,
    since: Since = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most N results.")] = 20,
    as_json: AsJson = False,
) -> None:
    """Full-text search, best match first, with a snippet around the words found."""
    if not query.strip():
        raise UsageError("give some words to search for, e.g. cop search 'lock file'")
    core = get_cop(ctx)
    rows = core.search(query, _filter(core, community, kind, tag, author, status, since), limit)
    output.warn_problems(core.problems())
    counts = core.endorsement_counts(r.id for r in rows)
    if as_json:
        output.print_json([{**render.search_json(r), "endorsements": counts.get(r.id, 0)} for r in rows])
    else:
        render.print_search(rows, counts)


@app.command("tags")
def tags(ctx: typer.Context, community: Community = None, as_json: AsJson = False) -> None:
    """Tags in use with the number of entries carrying each, most used first."""
    core = get_cop(ctx)
    counts = core.tags(community)
    output.warn_problems(core.problems())
    if as_json:
        output.print_json([{"tag": tag, "count": count} for tag, count in counts])
    elif not output.is_terminal():
        for tag, count in counts:
            output.print_plain(f"{tag}\t{count}")
    elif not counts:
        output.message("[dim]no tags yet[/dim]")
    else:
        table = output.new_table("tag", "entries")
        table.columns[1].justify = "right"
        for tag, count in counts:
            table.add_row(output.escape(tag), str(count))
        output.console().print(table)
