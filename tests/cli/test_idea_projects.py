"""An idea's `cop show` lists the projects it led to (--json: `projects`)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop


def test_an_idea_shows_the_projects_it_led_to(cop: Cop) -> None:
    idea = cop.add_entry("idea", "A review bot", "py")
    other = cop.add_entry("idea", "Unrelated", "py")
    cop.add_project("review-bot", from_idea=idea.id)
    run = CliRunner().invoke
    shown = json.loads(run(app, ["--repo", str(cop.root), "show", idea.id, "--json"]).stdout)
    assert shown["projects"] == [{"slug": "review-bot", "title": "A review bot", "status": "proposed"}]
    plain = run(app, ["--repo", str(cop.root), "show", idea.id]).stdout
    assert "led to projects (1):" in plain and "review-bot (proposed) A review bot" in plain
    assert (
        json.loads(run(app, ["--repo", str(cop.root), "show", other.id, "--json"]).stdout)["projects"] == []
    )
    assert "led to projects" not in run(app, ["--repo", str(cop.root), "show", other.id]).stdout
