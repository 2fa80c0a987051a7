"""Knowledge that stays true: `cop endorse`, `verify`, `verifiers`, `obsolete` and `review` (the queue).

Thin faces over `cop.core.review`: the rules (who may verify, review dates, urgency, trust) are
`cop.domain.trust`'s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output, paging, render
from cop.commands.complete import complete_entry_ids, complete_handles
from cop.commands.context import get_cop
from cop.commands.entry_options import AsJson, Community, EntryId

if TYPE_CHECKING:
    from cop.domain.trust import Trust, Urgency

app = typer.Typer()


@app.command("endorse")
def endorse(
    ctx: typer.Context,
    entry_id: EntryId,
    undo: Annotated[bool, typer.Option("--undo", help="Take your endorsement back.")] = False,
    as_json: AsJson = False,
) -> None:
    """Vouch for an entry as the acting member (--undo takes it back); an author cannot endorse their own."""
    core = get_cop(ctx)
    entry, changed = core.endorse(entry_id, undo=undo)
    count = len(entry.endorsements)
    total = f"{count} endorsement{'s' * (count != 1)}"
    if not changed:
        state = "had not endorsed" if undo else "already endorse"
        output.message(output.escape(f'you {state} {entry.id} "{entry.title}" ({total})'))
    else:
        verb = "took back your endorsement of" if undo else "endorsed"
        output.message(output.escape(f'{verb} {entry.id} "{entry.title}": {total}'))
    if as_json:
        output.print_json(render.entry_json(entry))


@app.command("verify")
def verify(
    ctx: typer.Context,
    entry_id: EntryId,
    note: Annotated[
        str, typer.Option("--note", "-m", help="What you checked (kept with the verification).")
    ] = "",
    interval: Annotated[
        str | None,
        typer.Option(
            "--in",
            metavar="INTERVAL",
            help="Next review after this long: 30d, 6w, 3m, 1y (default: the community's review_days).",
            show_default=False,
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Record that you checked an entry today and set its next review date (a verifier or coordinator may)."""
    entry = get_cop(ctx).verify(entry_id, note=note, interval=interval)
    output.message(output.escape(f'verified {entry.id} "{entry.title}": next review {entry.review}'))
    if as_json:
        output.print_json(render.entry_json(entry))


@app.command("verifiers")
def verifiers(
    ctx: typer.Context,
    entry_id: EntryId,
    handles: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[HANDLE]...",
            help="Name these members as the verifiers (the author or a coordinator may).",
            autocompletion=complete_handles,
            show_default=False,
        ),
    ] = None,
    default: Annotated[
        bool, typer.Option("--default", help="Back to the default: the author and the coordinators.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Show who may verify an entry, or name its verifiers (by default its author and the coordinators)."""
    core = get_cop(ctx)
    if handles or default:
        entry = core.set_verifiers(entry_id, [] if default else handles or [])
        output.message(output.escape(f"verifiers of {entry.id}: {', '.join(core.verifiers(entry))}"))
    else:
        entry = core.entry(entry_id)
    named = core.verifiers(entry)
    if as_json:
        output.print_json({"id": entry.id, "verifiers": named, "default": not entry.verifiers})
    elif not handles and not default:
        shown = ", ".join(named) or "nobody (no author, no coordinators)"
        suffix = "" if entry.verifiers else " (the default: the author and the coordinators)"
        output.print_plain(output.clean(f"{shown}{suffix}"))


@app.command("obsolete")
def obsolete(
    ctx: typer.Context,
    entry_id: EntryId,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="NEW_ID",
            help="The entry that replaces it (any unique id prefix).",
            autocompletion=complete_entry_ids,
            show_default=False,
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Mark an entry obsolete, optionally superseded by a newer one (--by); lists leave it out."""
    entry = get_cop(ctx).mark_obsolete(entry_id, by=by)
    newer = f", superseded by {entry.superseded_by}" if entry.superseded_by else ""
    output.message(output.escape(f'marked {entry.id} "{entry.title}" obsolete{newer}'))
    if as_json:
        output.print_json(render.entry_json(entry))


def urgency_json(item: Urgency) -> dict[str, Any]:
    """One queue row as JSON: the entry's key fields, why it is there, and each part of its urgency."""
    entry = item.entry
    return {
        "id": entry.id,
        "title": entry.title,
        "kind": entry.kind,
        "community": entry.community,
        "author": entry.author,
        "review": entry.review,
        "reason": item.reason,
        "urgency": {
            "overdue_days": item.overdue_days,
            "never_verified": item.never_verified,
            "due": item.due,
            "endorsements": item.reliance.endorsements,
            "links_in": item.reliance.links_in,
            "accepted": item.reliance.accepted,
            "reliance": item.reliance.total,
        },
        "path": entry.path,
    }


def trust_json(score: Trust) -> dict[str, Any]:
    """A trust score as JSON, with its parts."""
    return {
        "score": None if score.score is None else round(score.score, 4),
        "current": score.current,
        "total": score.total,
        "overdue": score.overdue,
        "never_verified": score.never,
    }


def trust_line(score: Trust) -> str:
    """A trust score as `cop community show` says it: the share and its parts."""
    if not score.total:
        return "- (no published entries to verify yet)"
    parts = [f"{score.current} of {score.total} verified and current"]
    if score.overdue:
        parts.append(f"{score.overdue} past review")
    if score.never:
        parts.append(f"{score.never} never verified")
    return f"{score.percent} ({', '.join(parts)})"


@app.command("review")
def review(
    ctx: typer.Context,
    community: Community = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only entries you are named to verify.")] = False,
    limit: paging.PageLimit = None,
    show_all: Annotated[bool, typer.Option("--all", help="Every entry in the queue, no limit.")] = False,
    as_json: AsJson = False,
) -> None:
    """The review queue: entries due for review or never verified, most urgent first, with why.
    At most 50 unless --limit N or --all (with --json too); on a terminal, stderr says how many there are."""
    core = get_cop(ctx)
    shown = paging.page_size(limit, show_all)
    queue = core.review_queue(community=community, mine=mine, limit=shown)
    output.warn_problems(core.problems())

    counted: list[int] = []

    def total() -> int:
        if not counted:
            counted.append(core.review_count(community=community, mine=mine))
        return counted[0]

    if as_json:
        output.print_json([urgency_json(u) for u in queue])
    elif not output.is_terminal():
        for u in queue:
            row = [u.entry.id, u.entry.community, u.entry.title, u.reason]
            output.print_plain("\t".join(" ".join(cell.split()) for cell in row))
    elif not queue:
        output.message("[dim]nothing is due for review[/dim]")
    else:
        table = output.new_table("id", "community", "title", "why")
        table.columns[0].no_wrap = True
        for u in queue:
            cells = [output.escape(c) for c in (u.entry.id, u.entry.community, u.entry.title, u.reason)]
            cells[0] = f"[bold]{cells[0]}[/bold]"
            table.add_row(*cells)
        output.console().print(table)
        count = total() if shown is not None and len(queue) == shown else len(queue)
        output.message(f"[dim]{count:,} to review; verify with 'cop verify ID'[/dim]")
    paging.say_more(shown, len(queue), total)
