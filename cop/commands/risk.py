"""`cop risk`: topics whose knowledge rests on one or two people (a truck factor per tag), ranked with
staleness and holders who left, each with the parts of its score, why, and remedies (docs/insights.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output
from cop.commands.context import get_cop
from cop.commands.entry_options import AsJson, Community

if TYPE_CHECKING:
    from cop.domain.risk import TopicRisk

app = typer.Typer()


def risk_json(row: TopicRisk) -> dict[str, Any]:
    """One topic as JSON: the score and every part of it."""
    return {
        "tag": row.tag,
        "score": row.score,
        "why": row.why,
        "breakdown": {
            "truck_factor": row.truck.factor,
            "holders": list(row.truck.holders),
            "units": row.truck.units,
            "orphaned_without_holders": row.truck.orphaned,
            "concentration": row.concentration,
            "entries": row.entries,
            "stale": row.stale,
            "stale_share": round(row.stale_share, 4),
            "left": list(row.left),
            "verifiers": list(row.verifiers),
        },
        "remedies": list(row.remedies),
    }


@app.command("risk")
def risk(
    ctx: typer.Context,
    community: Community = None,
    every: Annotated[
        bool, typer.Option("--all", "-a", help="Every topic, not only truck factor 1 or 2.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Topics whose knowledge rests on one or two people, riskiest first, with why and a remedy."""
    core = get_cop(ctx)
    rows = core.knowledge_risk(community, every=every)
    output.warn_problems(core.problems())
    if as_json:
        output.print_json([risk_json(r) for r in rows])
        return
    if not output.is_terminal():
        for r in rows:
            cells = [r.tag, f"{r.score:g}", str(r.truck.factor), ",".join(r.truck.holders), r.why,
                     "; ".join(r.remedies)]  # fmt: skip
            output.print_plain("\t".join(" ".join(c.split()) for c in cells))
        return
    if not rows:
        output.message("[dim]no topic rests on one or two people[/dim]")
        return
    console = output.console()
    for r in rows:
        colour = "red" if r.truck.factor == 1 else "yellow"
        console.print(f"[bold]#{output.escape(r.tag)}[/bold]  score {r.score:g}  "
                      f"[{colour}]truck factor {r.truck.factor}[/{colour}]")  # fmt: skip
        console.print(f"  why: {output.escape(r.why)}")
        for remedy in r.remedies:
            console.print(f"  → {output.escape(remedy)}")
