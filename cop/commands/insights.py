"""`cop insights [COMMUNITY]`: is the community alive? Per month activity, questions answered, trust,
tags, the silo measure and mentoring, as charts on a terminal, tab-separated lines on a pipe, --json or
--csv. The numbers come from `Cop.insights` (SQL aggregates); the rules are docs/insights.md."""

from __future__ import annotations

import csv
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import charts, output
from cop.commands.complete import complete_slugs
from cop.commands.context import get_cop
from cop.commands.entry_options import AsJson
from cop.domain.insights import percent

if TYPE_CHECKING:
    from cop.domain.insights import Insights

app = typer.Typer()

#: the per-month measures, as --json names them and --csv lists them
MONTHLY = ("entries", "answers", "contributors", "sessions", "events", "attendance", "project_updates")


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def insights_json(found: Insights) -> dict[str, Any]:
    """One scope's insights as JSON, every measure with its parts."""
    m = found.monthly
    total, current, overdue, never = found.trust
    q, g = found.questions, found.gatherings
    return {
        "community": found.community or None,
        "since": found.since or None,
        "today": found.today,
        "months": [
            {
                "month": month,
                "entries": e,
                "answers": a,
                "contributors": c,
                "sessions": s,
                "events": ev,
                "attendance": at,
                "project_updates": u,
            }
            for month, e, a, c, s, ev, at, u in zip(
                m.span,
                m.entries,
                m.answers,
                m.contributors,
                m.sessions,
                m.events,
                m.attendance,
                m.updates,
                strict=True,
            )
        ],
        "questions": {
            "asked": q.asked,
            "answered": q.answered,
            "accepted": q.accepted,
            "share_answered": _round(q.share_answered, 4),
            "share_accepted": _round(q.share_accepted, 4),
            "median_hours_to_first_answer": _round(q.median_hours),
        },
        "unanswered": {
            "total": found.unanswered_total,
            "oldest": [{"id": i, "created": c, "title": t} for i, c, t in found.unanswered],
        },
        "trust": {
            "score": _round(found.trust_score, 4),
            "total": total,
            "current": current,
            "overdue": overdue,
            "never_verified": never,
        },
        "tags": {
            "top": [{"tag": t, "entries": n} for t, n in found.top_tags],
            "rising": [
                {"tag": r.tag, "recent": r.recent, "before": r.before, "growth": r.growth}
                for r in found.rising
            ],
        },
        "silo": {
            "share_across": _round(found.silo.share_across, 4),
            "across": found.silo.across,
            "known": found.silo.known,
            "unknown_department": found.silo.unknown,
            "pairs": [
                {"asker_department": a, "answerer_department": b, "answers": n}
                for a, b, n in found.silo.pairs
            ],
        },
        "mentoring": {"active": found.mentorships_active, "sessions": sum(m.sessions)},
        "events": {
            "held": g.held,
            "cancelled": g.cancelled,
            "upcoming": g.upcoming,
            "attendance": g.attendance,
            "attendees": g.attendees,
            "mean_attendance": _round(g.mean_attendance),
            "outcomes": g.outcomes,
        },
        "projects": {
            "total": found.projects.total,
            "by_status": dict(found.projects.by_status),
            "updates": found.projects.updates,
        },
    }


def csv_rows(found: Insights) -> list[list[str]]:
    """scope, measure, key, value rows (long format: one number a row)."""
    scope = found.community or "all"
    data = insights_json(found)
    rows: list[list[str]] = []
    for month in data["months"]:
        for measure in MONTHLY:
            rows.append([scope, measure, month["month"], str(month[measure])])
    for section in ("questions", "trust", "mentoring", "events"):
        for key, value in data[section].items():
            rows.append([scope, section, key, "" if value is None else str(value)])
    for key in ("share_across", "across", "known", "unknown_department"):
        value = data["silo"][key]
        rows.append([scope, "silo", key, "" if value is None else str(value)])
    rows.append([scope, "projects", "total", str(found.projects.total)])
    rows += [[scope, "projects", status, str(n)] for status, n in found.projects.by_status]
    rows.append([scope, "projects", "updates", str(found.projects.updates)])
    rows.append([scope, "unanswered", "total", str(found.unanswered_total)])
    rows += [[scope, "top_tag", t, str(n)] for t, n in found.top_tags]
    rows += [[scope, "rising_tag", r.tag, str(r.growth)] for r in found.rising]
    return rows


def _hours(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} days"


def _mean(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _summary(found: Insights) -> list[tuple[str, str]]:
    q, s, g, p = found.questions, found.silo, found.gatherings, found.projects
    total, current, overdue, never = found.trust
    return [
        ("questions", f"{q.asked} asked, {q.answered} answered ({percent(q.share_answered)}), "
         f"{q.accepted} accepted ({percent(q.share_accepted)})"),
        ("first answer", f"median {_hours(q.median_hours)} over {q.answered} answered"),
        ("unanswered", str(found.unanswered_total)),
        ("trust", f"{percent(found.trust_score)} ({current} of {total} current, {overdue} past review, "
         f"{never} never verified)"),
        ("across departments", f"{percent(s.share_across)} of {s.known} answers "
         f"({s.unknown} with a department unknown)"),
        ("mentoring", f"{found.mentorships_active} active, {sum(found.monthly.sessions)} sessions"),
        ("events", f"{g.held} held, {_mean(g.mean_attendance)} at each, {g.attendees} people, "
         f"{g.outcomes} outcomes; {g.cancelled} cancelled, {g.upcoming} to come"),
        ("projects", f"{p.count('active')} active, {p.count('done')} done of {p.total}, "
         f"{p.updates} updates"),
    ]  # fmt: skip


def _plain(found: Insights) -> None:
    scope = found.community or "all"
    m = found.monthly
    columns = (m.entries, m.answers, m.contributors, m.sessions, m.events, m.attendance, m.updates)
    for month, *counts in zip(m.span, *columns, strict=True):
        output.print_plain("\t".join([scope, "month", month, *map(str, counts)]))
    for key, text in _summary(found):
        output.print_plain(f"{scope}\t{key}\t{text}")
    for ident, created, title in found.unanswered:
        output.print_plain(f"{scope}\tunanswered\t{ident}\t{created[:10]}\t{' '.join(title.split())}")
    for tag, n in found.top_tags:
        output.print_plain(f"{scope}\ttag\t{tag}\t{n}")
    for r in found.rising:
        output.print_plain(f"{scope}\trising\t{r.tag}\t+{r.growth}")


def _rich(found: Insights) -> None:
    console = output.console()
    m = found.monthly
    title = found.community or "all communities"
    since = f" since {found.since[:10]}" if found.since else ""
    console.print(f"[bold]Insights: {output.escape(title)}[/bold]{since}  [dim]({m.span[0] if m.span else ''}"
                  f" to {m.span[-1] if m.span else ''})[/dim]")  # fmt: skip
    for label, values, adds_up in (
        ("entries", m.entries, True),
        ("answers", m.answers, True),
        ("contributors", m.contributors, False),  # distinct authors a month: months do not add up
        ("sessions", m.sessions, True),
        ("events held", m.events, True),
        ("project updates", m.updates, True),
    ):
        console.print(charts.spark_line(label, list(values), total=adds_up))
    recent = list(zip(m.span, m.entries, strict=True))[-12:]
    console.print(charts.bar_table("Entries per month (last 12)", recent))
    for key, text in _summary(found):
        console.print(f"{key:<18} {output.escape(text)}")
    if found.top_tags:
        console.print(charts.bar_table("Top tags", [(f"#{t}", n) for t, n in found.top_tags]))
    if found.rising:
        rising = ", ".join(f"#{r.tag} +{r.growth}" for r in found.rising)
        console.print(f"rising tags        {output.escape(rising)}")
    if found.unanswered:
        console.print(f"[bold]Unanswered, oldest first[/bold] ({found.unanswered_total})")
        for ident, created, title in found.unanswered:
            console.print(f"  {ident}  {created[:10]}  {output.escape(' '.join(title.split()))}")


@app.command("insights")
def insights(
    ctx: typer.Context,
    community: Annotated[
        str | None,
        typer.Argument(
            metavar="[COMMUNITY]",
            help="One community (default: overall and each community).",
            autocompletion=complete_slugs,
            show_default=False,
        ),
    ] = None,  # fmt: skip
    since: Annotated[
        str | None,
        typer.Option("--since", help="Count what was created on or after: YYYY-MM-DD.", show_default=False),
    ] = None,
    as_json: AsJson = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV to stdout: scope,measure,key,value.")] = False,
) -> None:
    """Is a community alive: activity per month, questions answered, trust, tags, silos, mentoring."""
    if as_json and as_csv:
        raise output.exit_error("give --json or --csv, not both", 2)
    core = get_cop(ctx)
    found = [core.insights(community, since=since)] if community else core.insights_by_community(since=since)
    output.warn_problems(core.problems())
    if as_json:
        data = [insights_json(f) for f in found]
        output.print_json(data[0] if community else {"overall": data[0], "communities": data[1:]})
        return
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["scope", "measure", "key", "value"])
        for f in found:
            writer.writerows([[output.clean(c) for c in row] for row in csv_rows(f)])
        return
    show = _plain if not output.is_terminal() else _rich
    with output.paged():  # on a terminal, every community's insights outgrow the screen: the pager
        for number, f in enumerate(found):
            if number and show is _rich:
                output.console().print()
            show(f)
