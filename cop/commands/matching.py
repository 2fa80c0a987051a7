"""`cop mentor match` and `cop mentor request`: candidate mentors for a member by their evidence, one
mentor for everyone seeking one (a Hungarian assignment), and saying you are seeking one. Part of the
`cop mentor` group (`cop.commands.mentor` adds this Typer to its own)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output
from cop.commands.complete import complete_handles, complete_slugs
from cop.commands.context import get_cop
from cop.commands.options import AsJson
from cop.commands.records import print_rows, report_saved, said
from cop.domain.errors import UsageError

if TYPE_CHECKING:
    from cop.domain.matching import Match

app = typer.Typer()


def _match_json(m: Match) -> dict[str, Any]:
    """A candidate mentor: the score and every part of it."""
    return {
        "mentor": m.mentor,
        "name": m.mentor_name,
        "mentee": m.mentee,
        "score": m.score,
        "parts": {
            "topics": [
                {"topic": t.topic, "expert_score": t.expert_score, "points": t.points} for t in m.topics
            ],
            "spare_capacity": {"slots": m.spare, "points": m.spare_points},
            "other_department": m.department_points,
            "other_team": m.team_points,
        },
        "why": m.why(),
    }


@app.command("match")
def match(
    ctx: typer.Context,
    mentee: Annotated[
        str | None,
        typer.Argument(
            metavar="MENTEE",
            help="Who wants a mentor (leave out with --all).",
            autocompletion=complete_handles,
        ),
    ] = None,
    community: Annotated[
        str | None,
        typer.Option(
            "--community",
            "-c",
            help="Only mentors (and evidence) of this community.",
            autocompletion=complete_slugs,
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many candidates to list.")] = 5,
    every: Annotated[
        bool, typer.Option("--all", help="One mentor for every member seeking one (best total score).")
    ] = False,
    apply: Annotated[
        bool, typer.Option("--apply", help="With --all: record each pair as a proposed mentorship.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Candidate mentors for a member, or (--all) one for every member seeking one, every score explained."""
    if every == (mentee is not None):
        raise UsageError("give a MENTEE, or --all (not both)")
    if apply and not every:
        raise UsageError("--apply goes with --all")
    core = get_cop(ctx)
    if not every:
        assert mentee is not None
        found = core.mentor_matches(mentee, community=community, limit=limit)
        if as_json:
            output.print_json([_match_json(m) for m in found])
            return
        print_rows(
            ["mentor", "name", "score", "why"],
            ([m.mentor, m.mentor_name, f"{m.score:.1f}", m.why()] for m in found),
            empty=f"no candidate mentor for {mentee}: nobody with a free slot has evidence in their interests"
            f" (add some with 'cop member edit {mentee} --add-interest TAG')",
            drop=("name",),
            grow={"why": 30, "name": 12},
        )
        return
    proposals = core.match_all(community=community, apply=apply)
    if as_json:
        output.print_json(
            [
                {
                    "mentee": p.mentee,
                    "match": _match_json(p.match) if p.match else None,
                    "mentorship": p.mentorship or None,
                }
                for p in proposals
            ]
        )
    else:
        print_rows(
            ["mentee", "mentor", "score", "why"],
            (
                [
                    p.mentee,
                    p.match.mentor if p.match else "-",
                    f"{p.match.score:.1f}" if p.match else "",
                    p.match.why() if p.match else "no mentor with a free slot and a shared topic",
                ]
                for p in proposals
            ),
            empty="nobody is seeking a mentor ('cop mentor request' marks you as seeking one)",
            keep=2,
            grow={"why": 30},
        )
    if proposals:
        total = sum(p.match.score for p in proposals if p.match)
        matched = sum(1 for p in proposals if p.match)
        said(f"{matched} of {len(proposals)} matched, total score {total:.1f} (Hungarian assignment)")
    for p in proposals:
        if p.mentorship and p.match:
            said(f"proposed mentorship {p.mentorship} ({p.match.mentor} mentors {p.mentee})")


@app.command("request")
def request(
    ctx: typer.Context,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", "-t", help="What you want to learn (repeat); joins your interests."),
    ] = None,
    member: Annotated[
        str | None,
        typer.Option("--member", "-m", help="Mark someone else as seeking.", autocompletion=complete_handles),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Mark yourself as seeking a mentor, optionally with the topics you want to learn."""
    saved = get_cop(ctx).request_mentor(topic or [], handle=member)
    topics = f" in {', '.join(saved.interests)}" if saved.interests else ""
    report_saved(
        saved, f"{saved.handle} is seeking a mentor{topics}; see 'cop mentor match {saved.handle}'", as_json
    )
