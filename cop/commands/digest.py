"""`cop digest`: what is new for you since you last looked (in this clone), grouped and counted. Showing it
moves your last-seen mark; `--peek` leaves it where it was. The groups' rules are docs/insights.md."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output
from cop.commands.context import get_cop
from cop.commands.entry_options import AsJson
from cop.domain.insights import DIGEST_GROUPS

if TYPE_CHECKING:
    from cop.domain.insights import Digest

app = typer.Typer()


def digest_json(found: Digest) -> dict[str, Any]:
    """The digest as JSON: the window, the counts per group, and each group's items."""
    return {
        "member": found.member,
        "since": found.since,
        "now": found.now,
        "first": found.first,
        "new": found.new,
        "counts": found.counts(),
        "groups": {
            group: [
                {
                    "id": i.id,
                    "kind": i.kind,
                    "title": i.title,
                    "community": i.community,
                    "who": i.who,
                    "when": i.when,
                }
                for i in found.group(group)
            ]
            for group, _ in DIGEST_GROUPS
        },
    }


def _line(found: Digest) -> str:
    start = "the last 30 days (first digest in this clone)" if found.first else found.since
    return f"{found.new} new since {start}"


@app.command("digest")
def digest(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Start here instead of your last look: YYYY-MM-DD or a timestamp.",
            show_default=False,
        ),
    ] = None,  # fmt: skip
    peek: Annotated[bool, typer.Option("--peek", help="Show it without moving your last-seen mark.")] = False,
    as_json: AsJson = False,
) -> None:
    """What is new for you since you last looked: answers, questions you could answer, reviews, sessions."""
    core = get_cop(ctx)
    found = core.digest(since=since)
    output.warn_problems(core.problems())
    if not peek:
        core.mark_digest_seen(found.now)
    if as_json:
        output.print_json(digest_json(found))
        return
    output.message(output.escape(_line(found)))
    plain = not output.is_terminal()
    for group, heading in DIGEST_GROUPS:
        items = found.group(group)
        if not items:
            continue
        if plain:
            for i in items:
                cells = [group, i.id, i.when[:10], i.community, i.who, " ".join(i.title.split())]
                output.print_plain("\t".join(cells))
            continue
        output.console().print(f"[bold]{heading}[/bold] ({len(items)})")
        for i in items:
            where = f" [dim]{output.escape(i.community)}[/dim]" if i.community else ""
            who = f" [dim]by {output.escape(i.who)}[/dim]" if i.who and i.kind != "session" else ""
            output.console().print(f"  {output.escape(i.id)}  {i.when[:10]}{where}  "
                                   f"{output.escape(' '.join(i.title.split()))}{who}")  # fmt: skip
