"""`cop project add|list|show|join|leave|update|status` and an idea's `cop show` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop


def run(repo: Path, *args: str, who: str = "ada") -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), "--as", who, *args])


@pytest.fixture
def repo(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COP_NOW", "2026-03-01T09:00:00Z")
    return cop.root


def test_promote_an_idea(repo: Path, cop: Cop) -> None:
    idea = cop.add_entry("idea", "A review bot", "py", body="It reviews.")
    result = run(
        repo, "project", "add", "review-bot", "--from", idea.id[:5], "--goal", "Fewer nits", "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["path"] == "projects/review-bot.yaml"
    assert yaml.safe_load((repo / "projects/review-bot.yaml").read_text()) == {
        "slug": "review-bot",
        "title": "A review bot",
        "communities": ["py"],
        "owner": "ada",
        "members": ["ada"],
        "goal": "Fewer nits",
        "links": [idea.id],
        "created": "2026-03-01T09:00:00Z",
        "updated": "2026-03-01T09:00:00Z",
    }


def test_from_needs_an_idea(repo: Path, cop: Cop) -> None:
    lesson = cop.add_entry("lesson", "A lesson", "py")
    result = run(repo, "project", "add", "x", "--from", lesson.id)
    assert result.exit_code != 0 and "not an idea" in result.stderr
    assert not (repo / "projects/x.yaml").exists()


def test_join_leave_update_status_list(repo: Path, cop: Cop) -> None:
    assert run(repo, "project", "add", "bot", "--title", "Bot", "-c", "py").exit_code == 0
    assert run(repo, "project", "join", "bot", who="bob").exit_code == 0
    again = run(repo, "project", "join", "bot", who="bob")
    assert again.exit_code != 0 and "already" in again.stderr
    lesson = cop.add_entry("lesson", "Learned", "py")
    result = run(repo, "project", "update", "bot", "--text", "Shipped v1", "--link", lesson.id, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["updates"] == [{"date": "2026-03-01", "author": "ada", "text": "Shipped v1"}]
    assert data["links"] == [lesson.id] and data["members"] == ["ada", "bob"]
    assert json.loads(run(repo, "project", "status", "bot", "active", "--json").stdout)["status"] == "active"
    assert run(repo, "project", "leave", "bot", who="bob").exit_code == 0
    listed = json.loads(run(repo, "project", "list", "--status", "active", "--json").stdout)
    assert [p["slug"] for p in listed] == ["bot"] and listed[0]["members"] == ["ada"]
    assert json.loads(run(repo, "project", "list", "--status", "done", "--json").stdout) == []
    plain = run(repo, "project", "show", "bot").stdout
    assert "Shipped v1" in plain and "Learned" in plain


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("project", "add", "Bad Slug", "--title", "x"), "not valid"),
        (("project", "add", "ok", "--title", "a\nb"), "one line"),
        (("project", "add", "ok"), "needs a title"),
        (("project", "add", "ok", "--title", "x", "-c", "nowhere"), "no community"),
        (("project", "status", "ghost", "active"), "no project"),
    ],
)
def test_bad_input(repo: Path, args: tuple[str, ...], message: str) -> None:
    result = run(repo, *args)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not list((repo / "projects").glob("*.yaml"))


def test_doctor_names_a_dangling_member_and_entry(repo: Path) -> None:
    (repo / "projects/p.yaml").write_text("slug: p\ntitle: P\nmembers:\n- ghost\nlinks:\n- zzzzzzzz\n")
    result = run(repo, "doctor")
    assert result.exit_code == 1
    assert "member 'ghost' is not a known member" in result.output
    assert "link to entry 'zzzzzzzz' is not a known entry" in result.output
