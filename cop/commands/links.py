"""`cop show`'s links: the entries an entry links to (`[[ID]]`) and the entries linking to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cop.commands import output
from cop.domain.links import LinkEnd


def link_json(end: LinkEnd) -> dict[str, Any]:
    """One link as `cop show --json` gives it (empty fields left out)."""
    data: dict[str, Any] = {"target": end.target, "id": end.id, "state": end.state}
    for key, value in (("title", end.title), ("kind", end.kind), ("text", end.text)):
        if value:
            data[key] = value
    if end.state == "ambiguous":
        data["candidates"] = end.candidates
    return data


def backlink_json(end: LinkEnd) -> dict[str, Any]:
    return {"id": end.id, "title": end.title, "kind": end.kind}


def _line(end: LinkEnd) -> str:
    if end.state == "broken":
        return f"[[{end.target}]]  (no such entry)"
    if end.state == "ambiguous":
        return f"[[{end.target}]]  (names {end.candidates} entries: use more of the id)"
    return f"{end.id}  {end.title}  ({end.kind})"


def print_links(outgoing: Sequence[LinkEnd], incoming: Sequence[LinkEnd]) -> None:
    """The 'links to' and 'linked from' lists under an entry (nothing when it has neither)."""
    for heading, ends in (("links to", outgoing), ("linked from", incoming)):
        if not ends:
            continue
        if output.is_terminal():
            console = output.console()
            console.print()
            console.print(f"[bold]{heading} ({len(ends)})[/bold]")
            for end in ends:
                style = "red" if end.state != "ok" else ""
                text = output.escape(_line(end))
                console.print(f"  [{style}]{text}[/{style}]" if style else f"  {text}")
        else:
            output.print_plain("")
            output.print_plain(f"{heading} ({len(ends)}):")
            for end in ends:
                output.print_plain(f"  {_line(end)}")
