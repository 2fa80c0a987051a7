"""`cop path`: onboarding paths (entries to read and tasks to do, in order), following one, marking steps
done, what is next for you, and where every follower stands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output
from cop.commands.complete import complete_records, complete_slugs
from cop.commands.context import get_cop
from cop.commands.options import AsJson, Member, OnlyCommunity, read_text
from cop.commands.records import print_fields, print_rows, record_json, report_saved, said
from cop.domain.paths import STUCK_DAYS, next_step, progress_bar

if TYPE_CHECKING:
    from cop.core.paths import NextStep, StepView
    from cop.domain.paths import Standing

app = typer.Typer(no_args_is_help=True)


def complete_paths(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Path slugs, each with its title as help text."""
    return complete_records(ctx, incomplete, lambda core: [(p.slug, p.title) for p in core.learning_paths()])


Slug = Annotated[str, typer.Argument(help="The path's slug.", autocompletion=complete_paths)]


def step_json(view: StepView) -> dict[str, Any]:
    """A step as `--json` gives it: its number from 1, what it is, and what is wrong with it."""
    return {
        "number": view.number,
        "id": view.step.id,
        "kind": view.step.kind,
        "entry": view.step.entry,
        "task": view.step.task,
        "title": view.title,
        "expected_days": view.step.expected_days,
        "entry_status": view.entry.status if view.entry else ("missing" if view.step.entry else ""),
        "problem": view.problem,
    }


def _what(view: StepView) -> str:
    return view.title + (f"  [{view.problem}]" if view.problem else "")


@app.command("add")
def add(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="A short name: lowercase, digits, '-'.")],
    title: Annotated[str, typer.Option("--title", "-t", help="What it is called.", show_default=False)],
    community: Annotated[
        str,
        typer.Option("--community", "-c", help="The community it leads into.", autocompletion=complete_slugs),
    ],
    audience: Annotated[
        str, typer.Option("--audience", "-a", metavar="TEXT", help="Who it is for, e.g. 'new SRE'.")
    ] = "",
    description: Annotated[
        str, typer.Option("--description", metavar="TEXT", help="More about it ('-' reads stdin).")
    ] = "",
    as_json: AsJson = False,
) -> None:
    """Create an onboarding path in a community (then add steps with 'cop path edit')."""
    saved = get_cop(ctx).add_path(
        slug, title, community, audience=audience, description=read_text(description)
    )
    report_saved(saved, f"added path {saved.slug} ({saved.title})", as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    community: OnlyCommunity = None,
    as_json: AsJson = False,
) -> None:
    """List onboarding paths with their steps and how many follow each."""
    core = get_cop(ctx)
    found = core.learning_paths(community)
    followers = core.path_followers()
    output.warn_problems(core.problems())
    if as_json:
        output.print_json([{**record_json(p), "followers": followers.get(p.slug, 0)} for p in found])
        return
    print_rows(
        ["slug", "community", "steps", "followers", "audience", "title"],
        (
            [p.slug, p.community, str(len(p.steps)), str(followers.get(p.slug, 0)), p.audience, p.title]
            for p in found
        ),
        drop=("audience", "community"),
        empty="no paths yet; write one with 'cop path add SLUG --title T --community C'",
    )


def _step_rows(steps: list[StepView]) -> list[list[str]]:
    return [
        [
            str(v.number),
            v.step.entry or "task",
            str(v.step.expected_days or ""),
            _what(v),
        ]
        for v in steps
    ]


@app.command("show")
def show(ctx: typer.Context, slug: Slug, as_json: AsJson = False) -> None:
    """Show a path and its steps (a step whose entry is obsolete, deleted or past review is flagged)."""
    view = get_cop(ctx).path_view(slug)
    p = view.path
    if as_json:
        output.print_json(
            {**record_json(p), "steps": [step_json(s) for s in view.steps], "followers": view.followers}
        )
        return
    print_fields(
        f"path {p.slug}: {p.title}",
        [
            ("slug", p.slug),
            ("title", p.title),
            ("community", p.community),
            ("audience", p.audience),
            ("expected days", str(p.expected_days or "")),
            ("followers", str(view.followers)),
            ("description", p.description),
        ],
    )
    print_rows(
        ["step", "entry", "days", "what"],
        _step_rows(view.steps),
        title=f"steps ({len(view.steps)})",
        empty=f"none yet: 'cop path edit {p.slug} --add-step ENTRY_ID' or '--add-task TEXT'",
        grow={"what": output.MIN_TITLE},
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    slug: Slug,
    add_step: Annotated[
        str | None,
        typer.Option("--add-step", metavar="ENTRY_ID", help="Add a step: read this entry (id or prefix)."),
    ] = None,
    add_task: Annotated[
        str | None, typer.Option("--add-task", metavar="TEXT", help="Add a step: a task to do.")
    ] = None,
    expected_days: Annotated[
        int | None,
        typer.Option("--expected-days", metavar="N", help="With --add-step/--add-task: days it should take."),
    ] = None,
    move: Annotated[
        tuple[int, int] | None,
        typer.Option("--move", metavar="N M", help="Move step N to place M (steps count from 1)."),
    ] = None,
    remove: Annotated[
        int | None,
        typer.Option("--remove", metavar="N", help="Remove step N (and its marks in followers' progress)."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", "-t", metavar="TEXT", help="A new title.")] = None,
    audience: Annotated[
        str | None, typer.Option("--audience", "-a", metavar="TEXT", help="A new audience ('' clears it).")
    ] = None,
    description: Annotated[
        str | None,
        typer.Option("--description", metavar="TEXT", help="A new description ('-' reads stdin)."),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Add, move or remove a step (one at a time), or change a path's title, audience or description."""
    saved = get_cop(ctx).edit_path(
        slug,
        title=title,
        audience=audience,
        description=read_text(description) if description is not None else None,
        add_entry=add_step,
        add_task=add_task,
        expected_days=expected_days,
        move=move,
        remove=remove,
    )
    count = len(saved.steps)
    report_saved(saved, f"updated path {saved.slug} ({count} step{'s' * (count != 1)})", as_json)


@app.command("start")
def start(ctx: typer.Context, slug: Slug, member: Member = None, as_json: AsJson = False) -> None:
    """Start following a path (or, with --member, start someone else on it)."""
    progress = get_cop(ctx).start_path(slug, member)
    report_saved(progress, f"{progress.member} started path {progress.learning_path}", as_json)


@app.command("done")
def done(
    ctx: typer.Context,
    slug: Slug,
    number: Annotated[int, typer.Argument(metavar="N", help="The step's number (from 1).")],
    note: Annotated[str, typer.Option("--note", "-n", metavar="TEXT", help="What you took from it.")] = "",
    member: Member = None,
    as_json: AsJson = False,
) -> None:
    """Mark step N of a path done today (starting the path first if you had not)."""
    core = get_cop(ctx)
    progress, started = core.mark_done(slug, number, note=read_text(note), member=member)
    if started:
        said(f"{progress.member} started path {progress.learning_path}")
    path = core.learning_path(slug)
    count = len(progress.done_steps & {s.id for s in path.steps})
    text = f"{progress.member} did step {number} of {path.slug} ({count} of {len(path.steps)})"
    report_saved(progress, text, as_json)
    upcoming = next_step(path, progress.done_steps)
    if upcoming is None:
        said(f"every step of {path.slug} is done")
    else:
        step = path.steps[upcoming - 1]
        what = step.task.strip() or f"read {step.entry} ('cop show {step.entry}')"
        said(f"next: step {upcoming}, {what}")


def _next_json(item: NextStep) -> dict[str, Any]:
    return {
        "path": item.path.slug,
        "title": item.path.title,
        "member": item.progress.member,
        "started": item.progress.started,
        "done": item.done,
        "total": len(item.path.steps),
        "step": step_json(item.step) if item.step is not None else None,
    }


@app.command("next")
def next_(ctx: typer.Context, member: Member = None, as_json: AsJson = False) -> None:
    """Your next step on each path you follow, with the entry to read ('cop show ID')."""
    found = get_cop(ctx).next_steps(member)
    if as_json:
        output.print_json([_next_json(item) for item in found])
        return
    rows = []
    for item in found:
        total = len(item.path.steps)
        if item.step is None:
            rows.append([item.path.slug, f"{item.done}/{total}", "", "finished"])
            continue
        rows.append([item.path.slug, f"{item.step.number}/{total}", item.step.step.entry, _what(item.step)])
    print_rows(
        ["path", "step", "entry", "what"],
        rows,
        empty="you follow no path; see 'cop path list', then 'cop path start SLUG'",
        grow={"what": output.MIN_TITLE},
    )


def _standing_json(s: Standing) -> dict[str, Any]:
    return {
        "member": s.member,
        "started": s.started,
        "done": s.done,
        "total": s.total,
        "percent": s.percent,
        "last_active": s.last_active,
        "next": s.next,
        "idle_days": s.idle_days,
        "stuck": s.stuck,
    }


@app.command("status")
def status(
    ctx: typer.Context,
    slug: Slug,
    stuck_days: Annotated[
        int,
        typer.Option(
            "--stuck-days", metavar="N", help="Stuck: no step done for this many days.", show_default=True
        ),
    ] = STUCK_DAYS,
    as_json: AsJson = False,
) -> None:
    """Every follower's progress on a path, and who is stuck (no step done for N days)."""
    found = get_cop(ctx).path_status(slug, stuck_days)
    flagged = [s for s in found.steps if s.problem]
    if as_json:
        output.print_json(
            {
                "path": found.path.slug,
                "title": found.path.title,
                "steps": len(found.path.steps),
                "stuck_days": found.stuck_days,
                "members": [_standing_json(s) for s in found.members],
                "stuck": [s.member for s in found.stuck],
                "flagged": [step_json(s) for s in flagged],
            }
        )
        return
    rows = [
        [
            s.member,
            f"{s.done}/{s.total}",
            progress_bar(s.done, s.total),
            s.started,
            s.last_active,
            "done" if s.next is None else str(s.next),
            f"stuck {s.idle_days} days" if s.stuck else "",
        ]
        for s in found.members
    ]
    print_rows(
        ["member", "done", "progress", "started", "last active", "next", "stuck"],
        rows,
        empty=f"nobody follows {found.path.slug} yet: 'cop path start {found.path.slug}'",
        drop=("started", "progress"),
    )
    if flagged:
        print_rows(
            ["step", "entry", "days", "what"],
            _step_rows(flagged),
            title=f"steps needing a look ({len(flagged)})",
            grow={"what": output.MIN_TITLE},
        )
    if found.stuck:
        said(f"{len(found.stuck)} stuck (nothing done for {found.stuck_days} days or more)")
