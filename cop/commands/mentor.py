"""`cop mentor`: pair a mentor and a mentee, set goals, log sessions, and follow a mentorship's status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cop.commands import matching, output
from cop.commands.complete import complete_choices, complete_handles, complete_records, complete_slugs
from cop.commands.context import get_cop
from cop.commands.entry_options import choices
from cop.commands.options import AsJson, OnlyCommunity, read_text
from cop.commands.records import print_fields, print_rows, record_json, report_saved
from cop.domain.errors import UsageError
from cop.domain.models import MENTORSHIP_STATUSES

if TYPE_CHECKING:
    from cop.domain.models import Mentorship

app = typer.Typer(no_args_is_help=True)
app.add_typer(matching.app)  # match, request: `cop mentor match`, `cop mentor request`


def complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Mentorship ids from the index, each with who mentors whom as its help text."""
    return complete_records(
        ctx,
        incomplete.lower(),
        lambda core: [(m.id, f"{m.mentor} → {m.mentee} ({m.status})") for m in core.mentorships()],
    )


_complete_statuses = complete_choices(MENTORSHIP_STATUSES)

MentorshipId = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="The mentorship's id (or a unique prefix of it).", autocompletion=complete_ids
    ),
]


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
    report_saved(saved, f"added mentorship {saved.id} ({saved.mentor} mentors {saved.mentee})", as_json)


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
    community: OnlyCommunity = None,
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
    text = read_text(notes)
    saved = get_cop(ctx).log_session(mentorship_id, text, minutes=minutes, date=date, next_steps=next_steps)
    report_saved(saved, f"logged a session in mentorship {saved.id}, {len(saved.sessions)} in all", as_json)


@app.command("goal")
def goal(
    ctx: typer.Context,
    mentorship_id: MentorshipId,
    add: Annotated[str | None, typer.Option("--add", "-a", help="Add a goal.", show_default=False)] = None,
    done: Annotated[int | None, typer.Option("--done", metavar="N", help="Mark goal N done.")] = None,
    drop: Annotated[int | None, typer.Option("--drop", metavar="N", help="Mark goal N dropped.")] = None,
    reopen: Annotated[
        int | None, typer.Option("--reopen", metavar="N", help="Mark goal N open again.")
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
        report_saved(saved, f"added goal {len(saved.goals)} to mentorship {saved.id}", as_json)
        return
    number, status = next(
        (n, s) for n, s in ((done, "done"), (drop, "dropped"), (reopen, "open")) if n is not None
    )
    saved = core.set_goal(mentorship_id, number, status)
    report_saved(saved, f"goal {number} of mentorship {saved.id} is now {status}", as_json)


@app.command("status")
def status(
    ctx: typer.Context,
    mentorship_id: MentorshipId,
    state: Annotated[
        str,
        typer.Argument(
            metavar=choices(MENTORSHIP_STATUSES), help="The new status.", autocompletion=_complete_statuses
        ),
    ],
    as_json: AsJson = False,
) -> None:
    """Set a mentorship's status (completed or cancelled also sets its end date, if none)."""
    saved = get_cop(ctx).set_mentorship_status(mentorship_id, state)
    report_saved(saved, f"mentorship {saved.id} is now {saved.status}", as_json)
