"""Insights count events and projects (issue 17): events held, cancelled and to come, the places taken
and the different people at them, their outcomes, events and project updates a month, projects by
status; per community and overall, where a person or a project in two communities counts once. And the
grouped queries give every community the figures it gets when asked alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.store.export.site import render_site

NOW = "2026-03-01T12:00:00Z"


@pytest.fixture
def world(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> Cop:
    """py and ops; two events held in py (February, January), one in ops, one cancelled, one to come;
    three projects, one in both communities."""
    monkeypatch.setenv("COP_NOW", "2026-01-01T09:00:00Z")
    cop.add_community("ops", "Ops", "professional")
    cop.add_member("cy", "Cy", department="Support")
    lesson = cop.add_entry("lesson", "What we learned", "py").id
    held = cop.add_event("Packaging night", "py", "meetup", "2026-02-10T18:00+01:00", duration="2h")
    cop.attend(held.id, "bob")
    cop.attend(held.id, "cy")
    cop.edit_event(held.id, add_outcomes=[lesson])
    early = cop.add_event("New year", "py", "brown-bag", "2026-01-15T12:00Z")
    cop.attend(early.id, "bob")
    ops = cop.add_event("Ops day", "ops", "workshop", "2026-02-20T09:00Z", duration="1d")
    cop.attend(ops.id, "bob")
    off = cop.add_event("Called off", "py", "meetup", "2026-02-25T18:00Z")
    cop.cancel_event(off.id)
    cop.add_event("Coming", "py", "meetup", "2026-03-10T18:00Z")
    cop.add_project("bot", title="Review bot", communities=["py", "ops"], status="active")
    cop.add_project("docs", title="Docs day", communities=["py"])
    cop.set_project_status("docs", "done")
    cop.add_project("alone", title="No community", status="active")
    cop.project_update("bot", "first reviews", date="2026-02-03")
    cop.project_update("bot", "second", date="2026-02-20")
    cop.project_update("docs", "published", date="2026-01-30")
    monkeypatch.setenv("COP_NOW", NOW)
    return cop


def test_events_and_projects_per_community_and_overall(world: Cop) -> None:
    py = world.insights("py")
    g = py.gatherings
    assert (g.held, g.cancelled, g.upcoming) == (2, 1, 1)
    assert (g.attendance, g.attendees, g.outcomes) == (3, 2, 1)  # bob twice and cy; one lesson
    assert g.mean_attendance == 1.5
    months = dict(zip(py.monthly.span, py.monthly.events, strict=True))
    assert (months["2026-01"], months["2026-02"]) == (1, 1)
    assert dict(zip(py.monthly.span, py.monthly.attendance, strict=True))["2026-02"] == 2
    assert dict(py.projects.by_status) == {"active": 1, "done": 1}
    assert py.projects.updates == 3
    assert dict(zip(py.monthly.span, py.monthly.updates, strict=True)) == {
        "2026-01": 1,
        "2026-02": 2,
        "2026-03": 0,
    }
    overall = world.insights()
    assert (overall.gatherings.held, overall.gatherings.attendance) == (3, 4)
    assert overall.gatherings.attendees == 2, "bob went to events of both communities: one person"
    assert overall.projects.total == 3, "bot is in two communities, alone in none: each counted once"
    assert overall.projects.updates == 3
    ops = world.insights("ops")
    assert (ops.gatherings.held, ops.projects.total, ops.projects.count("active")) == (1, 1, 1)


def test_since_counts_events_started_and_projects_created_from_then(world: Cop) -> None:
    found = world.insights("py", since="2026-02-01")
    assert (found.gatherings.held, found.gatherings.cancelled) == (1, 1)
    assert found.projects.total == 0, "both py projects were created in January"
    assert found.projects.updates == 2, "updates count by their own date: bot's two in February"
    assert sum(found.monthly.updates) == 2


def test_every_community_gets_what_it_gets_alone(world: Cop) -> None:
    together = {i.community: i for i in world.insights_by_community()}
    assert set(together) == {"", "py", "ops"}
    for slug in ("py", "ops"):
        assert together[slug] == world.insights(slug)
    assert together[""] == world.insights()


def test_cli_json_csv_and_the_site_show_them(world: Cop) -> None:
    result = CliRunner().invoke(app, ["--repo", str(world.root), "insights", "py", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["events"] == {
        "held": 2,
        "cancelled": 1,
        "upcoming": 1,
        "attendance": 3,
        "attendees": 2,
        "mean_attendance": 1.5,
        "outcomes": 1,
    }
    assert data["projects"] == {"total": 2, "by_status": {"active": 1, "done": 1}, "updates": 3}
    feb = next(m for m in data["months"] if m["month"] == "2026-02")
    assert (feb["events"], feb["attendance"], feb["project_updates"]) == (1, 2, 2)
    rows = CliRunner().invoke(app, ["--repo", str(world.root), "insights", "py", "--csv"]).stdout
    assert "py,events,held,2" in rows and "py,projects,done,1" in rows and "py,events,2026-02,1" in rows
    plain = CliRunner().invoke(app, ["--repo", str(world.root), "insights", "py"]).stdout
    assert "py\tevents\t2 held, 1.5 at each, 2 people, 1 outcomes; 1 cancelled, 1 to come" in plain
    page = render_site("Site", "", [], world.insights())["insights.html"]
    assert "Events held per month" in page and "Projects by status" in page
    assert "Events: 3 held (1.3 attending each, 2 different people" in page


def test_the_contributors_line_says_most_in_a_month_not_a_total(
    world: Cop, monkeypatch: pytest.MonkeyPatch, repo_path: Path
) -> None:
    from cop.commands import output

    world.add_entry("how-to", "Second author", "py")
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    shown = CliRunner().invoke(app, ["--repo", str(repo_path), "insights", "py"]).stdout
    line = next(row for row in shown.splitlines() if row.startswith("contributors"))
    assert "most in a month 1" in line and "total" not in line
    assert next(row for row in shown.splitlines() if row.startswith("entries")).endswith("total 2")


def test_the_digest_lists_updates_on_your_projects_by_others(world: Cop) -> None:
    """Issue 17 item 3: projects go through the digest. bob is in py (not ops); 'alone' has no
    community and bob is not in it; his own update is not news to him."""
    bob = Cop(world.repo, acting="bob")
    bob.project_update("docs", "bob's own note", date="2026-02-21")
    world.project_update("alone", "nobody follows this", date="2026-02-22")
    found = bob.digest(since="2026-01-31").group("projects")
    assert [(i.id, i.title, i.who, i.kind) for i in found] == [
        ("bot@2026-02-20", "Review bot: second", "ada", "project"),
        ("bot@2026-02-03", "Review bot: first reviews", "ada", "project"),
    ]
    assert bob.digest(since="2026-02-20").group("projects") == [], "an update dated on the mark's day is old"
    world.join_project("alone", "bob")
    assert [i.id for i in bob.digest(since="2026-02-21").group("projects")] == ["alone@2026-02-22"]
    shown = CliRunner().invoke(
        app, ["--repo", str(world.repo.root), "--as", "bob", "digest", "--since", "2026-01-31"]
    )
    assert "projects\tbot@2026-02-20\t2026-02-20\tpy\tada\tReview bot: second" in shown.stdout  # piped: rows
