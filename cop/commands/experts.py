"""`cop experts TOPIC`: members ranked for a topic, each with the evidence behind the score
(docs/people.md, "Experts"). Also the shared renderings `member show` and `cop ask` use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output
from cop.commands.context import get_cop
from cop.commands.entry_options import AsJson, Community
from cop.commands.records import print_rows

if TYPE_CHECKING:
    from cop.domain.expertise import Expert, Factor, Ranking

app = typer.Typer()


def factor_json(factor: Factor) -> dict[str, Any]:
    return {"count": factor.count, "weight": factor.weight, "points": factor.points}


def expert_json(expert: Expert) -> dict[str, Any]:
    """One member's score and every factor's contribution."""
    return {
        "handle": expert.handle,
        "name": expert.name,
        "external": expert.external,
        "department": expert.department,
        "team": expert.team,
        "score": expert.score,
        "factors": {f.name: factor_json(f) for f in expert.factors},
        "why": expert.why(),
    }


def ranking_json(ranking: Ranking) -> dict[str, Any]:
    return {
        "topic": ranking.topic,
        "matched": ranking.mode,
        "half_life_days": ranking.half_life_days,
        "experts": [expert_json(e) for e in ranking.experts],
    }


def _shown(topic: str, limit: int = 60) -> str:
    """A topic as a message names it: at most `limit` characters."""
    return topic if len(topic) <= limit else topic[: limit - 1] + "…"


def score_text(score: float) -> str:
    return f"{score:.1f}"


@app.command("experts")
def experts(
    ctx: typer.Context,
    topic: Annotated[
        str, typer.Argument(metavar="TOPIC", help="A tag, or words to match through the search index.")
    ],
    community: Community = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many members to list.")] = 10,
    as_json: AsJson = False,
) -> None:
    """Who knows a topic: members ranked by their evidence (expertise, entries, answers, endorsements,
    verifications, mentorships), recent work counting more."""
    ranking = get_cop(ctx).experts(topic, community=community, limit=limit)
    if as_json:
        output.print_json(ranking_json(ranking))
        return
    how = "tag" if ranking.mode == "tag" else "words"
    print_rows(
        ["handle", "name", "score", "why"],
        (
            [
                e.handle,
                e.name + (" (external)" if e.external else ""),
                score_text(e.score),
                e.why(),
            ]
            for e in ranking.experts
        ),
        empty=output.clean(f"nobody has evidence for {how} '{_shown(ranking.topic)}' yet")
        + (f" in {community}" if community else ""),
        drop=("name",),
        grow={"why": 30, "name": 12},
    )
