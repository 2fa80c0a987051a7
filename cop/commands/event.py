"""`cop event`: schedule events, attend them, write notes afterwards, export them to calendars."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output, paging
from cop.commands.complete import complete_choices, complete_handles, complete_records, complete_slugs
from cop.commands.context import get_cop
from cop.commands.entry_options import choices
from cop.commands.options import AsJson, Member, OnlyCommunity, read_text
from cop.commands.records import print_fields, print_rows, record_json, report_saved, said
from cop.domain.errors import UsageError
from cop.domain.events import EVENT_KINDS

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.domain.events import Event

app = typer.Typer(no_args_is_help=True)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Event ids from the index, each with its start and title as help text."""
    return complete_records(
        ctx,
        incomplete.lower(),
        lambda core: [(e.id, f"{e.start[:16]} {e.title}") for e in [*core.events(), *core.events(past=True)]],
    )


_complete_kinds = complete_choices(EVENT_KINDS)

EventId = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="The event's id (or a unique prefix of it).", autocompletion=complete_ids
    ),
]


def _attending(saved: Event, as_json: bool) -> None:
    report_saved(saved, f"{len(saved.attendees)} attending event {saved.id}", as_json)


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", "-t", help="What it is called.", show_default=False)],
    community: Annotated[
        str,
        typer.Option("--community", "-c", help="The community holding it.", autocompletion=complete_slugs),
    ],
    start: Annotated[
        str,
        typer.Option(
            "--start",
            help="When it starts: ISO 8601 with an offset (2026-03-05T18:00+01:00).",
            show_default=False,
        ),
    ],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            "-k",
            metavar=choices(EVENT_KINDS),
            help="What kind of event.",
            autocompletion=_complete_kinds,
        ),
    ] = "meetup",
    duration: Annotated[str, typer.Option("--duration", "-d", help="How long: 90m, 2h, 1h30m.")] = "1h",
    place: Annotated[str, typer.Option("--place", help="Where (a room, an address).")] = "",
    link: Annotated[str, typer.Option("--link", help="A link to join or to read more.")] = "",
    host: Annotated[
        list[str] | None,
        typer.Option(
            "--host", help="A host's handle (repeat; default: you).", autocompletion=complete_handles
        ),
    ] = None,
    description: Annotated[
        str, typer.Option("--description", help="What it is about ('-' reads stdin).")
    ] = "",
    as_json: AsJson = False,
) -> None:
    """Schedule an event in a community."""
    saved = get_cop(ctx).add_event(
        title,
        community,
        kind,
        start,
        duration=duration,
        place=place,
        link=link,
        hosts=host or [],
        description=read_text(description),
    )
    report_saved(saved, f"added event {saved.id} ({saved.start})", as_json)


def _rows(events: list[Event]) -> list[list[str]]:
    return [
        [
            e.id,
            e.start[:16].replace("T", " "),
            e.duration,
            e.kind,
            e.community,
            str(len(e.attendees)),
            ("CANCELLED " if e.status == "cancelled" else "") + e.title,
        ]
        for e in events
    ]


@app.command("list")
def list_(
    ctx: typer.Context,
    past: Annotated[bool, typer.Option("--past", help="Events that have ended, latest first.")] = False,
    community: OnlyCommunity = None,
    member: Annotated[
        str | None,
        typer.Option(
            "--member",
            "-m",
            help="Only those this member hosts, attends, or that are in their communities.",
            autocompletion=complete_handles,
        ),
    ] = None,
    ics: Annotated[
        bool, typer.Option("--ics", help="Write iCalendar (RFC 5545) instead of a table.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="With --ics: the file to write (default stdout).")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            help=f"At most N events (default {paging.LIST_LIMIT}).",
            show_default=False,
        ),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Every matching event, no limit.")] = False,
    as_json: AsJson = False,
) -> None:
    """List upcoming events, soonest first (--past: the ones that have ended).

    At most 50 unless --limit N or --all (with --json too; --ics writes every event unless --limit N);
    on a terminal, stderr says how many there are."""
    core = get_cop(ctx)
    if community:
        core.community(community)
    if member:
        core.member(member)
    shown = paging.page_size(limit, show_all or (ics and limit is None))
    found = core.events(past=past, community=community, member=member, limit=shown)
    output.warn_problems(core.problems())
    if not ics:
        paging.say_more(
            shown, len(found), lambda: core.count_events(past=past, community=community, member=member)
        )
    if ics:
        _write_ics(core, found, out)
        return
    if out is not None:
        raise UsageError("--output goes with --ics")
    if as_json:
        output.print_json([record_json(e) for e in found])
        return
    print_rows(
        ["id", "start", "length", "kind", "community", "going", "title"],
        _rows(found),
        drop=("length", "going", "kind", "community"),
        empty="no past events" if past else "no upcoming events; schedule one with 'cop event add'",
    )


def _write_ics(core: Cop, events: list[Event], out: Path | None) -> None:
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(core.events_ics(events).encode("utf-8"))
        sys.stdout.flush()
        return
    core.write_calendar(out, events)
    said(f"wrote {len(events)} event(s) to {out}")


def _person(who: Any) -> list[str]:
    member = who.member
    if member is None:
        return [who.handle, "host" if who.host else "", "(not a member)", "", "", ""]
    return [
        who.handle,
        "host" if who.host else "",
        member.name,
        member.department,
        ", ".join(member.expertise),
        ", ".join(member.interests),
    ]


@app.command("show")
def show(ctx: typer.Context, event_id: EventId, as_json: AsJson = False) -> None:
    """Show an event: when, where, who is coming (with their expertise, interests and department), notes."""
    core = get_cop(ctx)
    e = core.event(event_id)
    people = core.attendees(e)
    if as_json:
        data = record_json(e)
        data["people"] = [
            {
                "handle": p.handle,
                "host": p.host,
                "name": p.member.name if p.member else "",
                "department": p.member.department if p.member else "",
                "expertise": p.member.expertise if p.member else [],
                "interests": p.member.interests if p.member else [],
            }
            for p in people
        ]
        output.print_json(data)
        return
    print_fields(
        f"event {e.id}: {e.title}",
        [
            ("id", e.id),
            ("title", e.title),
            ("status", e.status),
            ("kind", e.kind),
            ("community", e.community),
            ("start", e.start),
            ("duration", e.duration),
            ("place", e.place),
            ("link", e.link),
            ("hosts", ", ".join(e.hosts)),
            ("outcomes", ", ".join(e.outcomes)),
            ("description", e.description),
        ],
    )
    print_rows(
        ["handle", "role", "name", "department", "expertise", "interests"],
        (_person(p) for p in people),
        title=f"who is coming ({len(people)})",
        empty=f"nobody yet: 'cop event attend {e.id}'",
    )
    print_rows(
        ["date", "by", "note"],
        ([n.date, n.by, n.text.rstrip("\n")] for n in e.notes),
        title=f"notes ({len(e.notes)})",
        empty=f"none yet: 'cop event note {e.id} --text TEXT'",
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    event_id: EventId,
    title: Annotated[
        str | None, typer.Option("--title", "-t", help="A new title.", show_default=False)
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar=choices(EVENT_KINDS),
            help="A new kind.",
            autocompletion=_complete_kinds,
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="A new start (ISO 8601 with an offset).", show_default=False)
    ] = None,
    duration: Annotated[
        str | None, typer.Option("--duration", "-d", help="A new duration.", show_default=False)
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="A new place ('' clears it).", show_default=False)
    ] = None,
    link: Annotated[
        str | None, typer.Option("--link", help="A new link ('' clears it).", show_default=False)
    ] = None,
    description: Annotated[
        str | None,
        typer.Option("--description", help="A new description ('-' reads stdin).", show_default=False),
    ] = None,
    add_host: Annotated[list[str] | None, typer.Option("--add-host", help="Add a host (repeat).")] = None,
    remove_host: Annotated[
        list[str] | None, typer.Option("--remove-host", help="Remove a host (repeat).")
    ] = None,
    outcome: Annotated[
        list[str] | None, typer.Option("--outcome", help="Link an entry it produced (id or prefix; repeat).")
    ] = None,
    remove_outcome: Annotated[
        list[str] | None, typer.Option("--remove-outcome", help="Unlink an outcome (repeat).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Change an event's fields, hosts or outcomes (the entries it produced)."""
    saved = get_cop(ctx).edit_event(
        event_id,
        title=title,
        kind=kind,
        start=start,
        duration=duration,
        place=place,
        link=link,
        description=read_text(description) if description is not None else None,
        add_hosts=add_host or [],
        remove_hosts=remove_host or [],
        add_outcomes=outcome or [],
        remove_outcomes=remove_outcome or [],
    )
    report_saved(saved, f"updated event {saved.id}", as_json)


@app.command("attend")
def attend(ctx: typer.Context, event_id: EventId, member: Member = None, as_json: AsJson = False) -> None:
    """Say you are coming (or, with --member, that someone else is)."""
    saved = get_cop(ctx).attend(event_id, member)
    _attending(saved, as_json)


@app.command("unattend")
def unattend(ctx: typer.Context, event_id: EventId, member: Member = None, as_json: AsJson = False) -> None:
    """Say you are not coming after all."""
    saved = get_cop(ctx).unattend(event_id, member)
    _attending(saved, as_json)


@app.command("note")
def note(
    ctx: typer.Context,
    event_id: EventId,
    text: Annotated[
        str, typer.Option("--text", "-n", help="What came out of it ('-' reads stdin).", show_default=False)
    ],
    date: Annotated[
        str, typer.Option("--date", help="When you wrote it (YYYY-MM-DD, today, yesterday).")
    ] = "today",
    as_json: AsJson = False,
) -> None:
    """Write a note after an event: what was learned, what to follow up."""
    saved = get_cop(ctx).add_event_note(event_id, read_text(text), date=date)
    report_saved(saved, f"added note {len(saved.notes)} to event {saved.id}", as_json)


@app.command("cancel")
def cancel(ctx: typer.Context, event_id: EventId, as_json: AsJson = False) -> None:
    """Cancel an event (it stays listed, and calendars show it cancelled)."""
    saved = get_cop(ctx).cancel_event(event_id)
    report_saved(saved, f"cancelled event {saved.id}", as_json)


@app.command("export")
def export(
    ctx: typer.Context,
    event_id: EventId,
    ics: Annotated[bool, typer.Option("--ics", help="iCalendar (RFC 5545); the only format so far.")] = False,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="The file to write (default stdout).")
    ] = None,
) -> None:
    """Write one event as iCalendar, for any calendar to import."""
    if not ics:
        raise UsageError("say which format: --ics")
    core = get_cop(ctx)
    _write_ics(core, [core.event(event_id)], out)
