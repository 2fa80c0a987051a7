"""`cop mentor`: pair a mentor and a mentee, set goals, log sessions, and follow a mentorship's status."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output
from cop.commands.complete import complete_handles, complete_slugs, completion_core
from cop.commands.context import get_cop
from cop.commands.entry_options import choices
from cop.commands.records import print_fields, print_rows, record_json, said
from cop.domain.errors import UsageError
from cop.domain.models import MENTORSHIP_STATUSES

if TYPE_CHECKING:
    from cop.domain.matching import Match
    from cop.domain.models import Mentorship

app = typer.Typer(no_args_is_help=True)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Mentorship ids from the index, each with who mentors whom as its help text."""
    core = completion_core(ctx)
    if core is None:
        return []
    try:
        return [
            (m.id, f"{m.mentor} → {m.mentee} ({m.status})")
            for m in core.mentorships()
            if m.id.startswith(incomplete.lower())
        ]
    except Exception:  # completion must never print a traceback into the shell
        return []
    finally:
        core.close()


def _complete_statuses(incomplete: str) -> list[str]:
    return [s for s in MENTORSHIP_STATUSES if s.startswith(incomplete)]


MentorshipId = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="The mentorship's id (or a unique prefix of it).", autocompletion=complete_ids
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (the documented shape) to stdout.")]


def _done(saved: Mentorship, text: str, as_json: bool) -> None:
    said(f"{text}: {saved.path}")
    if as_json:
        output.print_json(record_json(saved))


@app.command("add")
def add(
    ctx: typer.Context,
    mentor: Annotated[
        str,
        typer.Option(
            "--mentor", help="The mentor's handle.", autocompletion=complete_handles, show_default=False
        ),
    ],
    mentee: Annotated[
        str,
        typer.Option(
            "--mentee", help="The mentee's handle.", autocompletion=complete_handles, show_default=False
        ),
    ],
    community: Annotated[
        str,
        typer.Option("--community", "-c", help="The community it belongs to.", autocompletion=complete_slugs),
    ] = "",
    goal: Annotated[list[str] | None, typer.Option("--goal", "-g", help="A goal (repeat).")] = None,
    started: Annotated[str, typer.Option("--started", help="Start date (YYYY-MM-DD; default today).")] = "",
    ends: Annotated[str, typer.Option("--ends", help="Planned end date (YYYY-MM-DD).")] = "",
    cadence: Annotated[
        str, typer.Option("--cadence", help="How often you meet, e.g. 'every two weeks'.")
    ] = "",
    proposed: Annotated[
        bool, typer.Option("--proposed", help="Record it as proposed rather than active.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Start a mentorship between two members."""
    saved = get_cop(ctx).add_mentorship(
        mentor,
        mentee,
        community=community,
        goals=goal or [],
        started=started,
        ends=ends,
        cadence=cadence,
        status="proposed" if proposed else "active",
    )
    _done(saved, f"added mentorship {saved.id} ({saved.mentor} mentors {saved.mentee})", as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    member: Annotated[
        str | None,
        typer.Option(
            "--member",
            "-m",
            help="Only this member's (as mentor or mentee).",
            autocompletion=complete_handles,
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar=choices(MENTORSHIP_STATUSES),
            help="Only this status.",
            autocompletion=_complete_statuses,
        ),
    ] = None,
    community: Annotated[
        str | None,
        typer.Option("--community", "-c", help="Only this community's.", autocompletion=complete_slugs),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """List mentorships (active first), with goal progress and the last session's date."""
    core = get_cop(ctx)
    if member:
        core.member(member)  # an unknown handle is an error, not an empty list
    if community:
        core.community(community)
    found = [
        m for m in core.mentorships(member=member, status=status) if not community or m.community == community
    ]
    if as_json:
        output.print_json([record_json(m) for m in found])
        return
    rows = [
        [
            m.id,
            m.mentor,
            m.mentee,
            m.community,
            m.status,
            m.started,
            _goal_count(m),
            str(len(m.sessions)),
            m.sessions[-1].date if m.sessions else "",
        ]
        for m in found
    ]
    columns = ["id", "mentor", "mentee", "community", "status", "started", "goals", "log", "last"]
    print_rows(  # plain lines keep every column; a narrow terminal drops them by MENTOR_LIST_DROP
        columns,
        rows,
        drop=MENTOR_LIST_DROP,
        keep=4,  # ids and handles are typed back: never cut them
        empty="no mentorships found; start one with 'cop mentor add --mentor M --mentee N'",
    )


#: on a narrow terminal, `mentor list` hides these first (docs/cli.md, "Narrow terminals")
MENTOR_LIST_DROP = ("started", "log", "last", "community", "goals")


def _goal_count(m: Mentorship) -> str:
    """Goals done out of those still meant: a dropped goal counts neither way ("1/2", not "1/3")."""
    kept = [g for g in m.goals if g.status != "dropped"]
    return f"{sum(g.status == 'done' for g in kept)}/{len(kept)}"


@app.command("show")
def show(ctx: typer.Context, mentorship_id: MentorshipId, as_json: AsJson = False) -> None:
    """Show a mentorship: who, status, goals (numbered for `mentor goal`) and the session log."""
    m = get_cop(ctx).mentorship(mentorship_id)
    if as_json:
        output.print_json(record_json(m))
        return
    print_fields(
        f"mentorship {m.id}: {m.mentor} mentors {m.mentee}",
        [
            ("id", m.id),
            ("mentor", m.mentor),
            ("mentee", m.mentee),
            ("community", m.community),
            ("status", m.status),
            ("started", m.started),
            ("ends", m.ends),
            ("cadence", m.cadence),
            ("updated", m.updated),
        ],
    )
    print_rows(
        ["#", "status", "goal"],
        ([str(number), g.status, g.text] for number, g in enumerate(m.goals, 1)),
        title=f"goals ({_goal_count(m)} done)",
        empty=f"none yet: 'cop mentor goal {m.id} --add TEXT'",
    )
    print_rows(
        ["date", "minutes", "notes", "next"],
        ([s.date, str(s.minutes or ""), s.notes.rstrip("\n"), s.next] for s in m.sessions),
        title=f"sessions ({len(m.sessions)})",
        empty=f"none yet: 'cop mentor log {m.id} --notes TEXT'",
    )


@app.command("log")
def log(
    ctx: typer.Context,
    mentorship_id: MentorshipId,
    notes: Annotated[
        str, typer.Option("--notes", "-n", help="What you covered ('-' reads stdin).", show_default=False)
    ],
    minutes: Annotated[int, typer.Option("--minutes", min=0, help="How long it took.")] = 0,
    date: Annotated[str, typer.Option("--date", "-d", help="When (YYYY-MM-DD, today, yesterday).")] = "today",
    next_steps: Annotated[str, typer.Option("--next", help="What to do before the next session.")] = "",
    as_json: AsJson = False,
) -> None:
    """Log a session in a mentorship's log (kept in date order)."""
    text = sys.stdin.read() if notes == "-" else notes
    saved = get_cop(ctx).log_session(mentorship_id, text, minutes=minutes, date=date, next_steps=next_steps)
    _done(saved, f"logged a session in mentorship {saved.id}, {len(saved.sessions)} in all", as_json)


@app.command("goal")
def goal(
    ctx: typer.Context,
    mentorship_id: MentorshipId,
    add: Annotated[str | None, typer.Option("--add", "-a", help="Add a goal.", show_default=False)] = None,
    done: Annotated[int | None, typer.Option("--done", help="Mark goal N done.", show_default=False)] = None,
    drop: Annotated[
        int | None, typer.Option("--drop", help="Mark goal N dropped.", show_default=False)
    ] = None,
    reopen: Annotated[
        int | None, typer.Option("--reopen", help="Mark goal N open again.", show_default=False)
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Add a goal, or mark goal N (as numbered by `mentor show`) done, dropped or open."""
    chosen = [
        name
        for name, value in (("--add", add), ("--done", done), ("--drop", drop), ("--reopen", reopen))
        if value is not None
    ]
    if len(chosen) != 1:
        raise UsageError(
            "give exactly one of --add TEXT, --done N, --drop N or --reopen N"
            + (f" (got {', '.join(chosen)})" if chosen else "")
        )
    core = get_cop(ctx)
    if add is not None:
        saved = core.add_goal(mentorship_id, add)
        _done(saved, f"added goal {len(saved.goals)} to mentorship {saved.id}", as_json)
        return
    number, status = next(
        (n, s) for n, s in ((done, "done"), (drop, "dropped"), (reopen, "open")) if n is not None
    )
    saved = core.set_goal(mentorship_id, number, status)
    _done(saved, f"goal {number} of mentorship {saved.id} is now {status}", as_json)


@app.command("status")
def status(
    ctx: typer.Context,
    mentorship_id: MentorshipId,
    state: Annotated[
        str,
        typer.Argument(
            metavar="STATE",
            help=f"One of: {', '.join(MENTORSHIP_STATUSES)}.",
            autocompletion=_complete_statuses,
        ),
    ],
    as_json: AsJson = False,
) -> None:
    """Set a mentorship's status (completed or cancelled also sets its end date, if none)."""
    saved = get_cop(ctx).set_mentorship_status(mentorship_id, state)
    _done(saved, f"mentorship {saved.id} is now {saved.status}", as_json)


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
    said(
        f"{saved.handle} is seeking a mentor"
        + (f" in {', '.join(saved.interests)}" if saved.interests else "")
        + f"; see 'cop mentor match {saved.handle}': {saved.path}"
    )
    if as_json:
        output.print_json(record_json(saved))
