"""`cop experts`, `cop mentor match|request`, `member show`'s topics and `cop ask`'s experts through the
real CLI on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop


def run(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), *args])


@pytest.fixture
def repo(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ada (Engineering) wrote two python how-tos and declares python; bob (Operations) wrote one;
    eve (external, Engineering) wants to learn python; lin left."""
    monkeypatch.setenv("COP_NOW", "2026-05-01T10:00:00Z")
    root = cop.repo.root
    for handle, extra in (("eve", ["--external", "--department", "Engineering"]), ("lin", [])):
        assert run(root, "member", "add", handle, "--name", handle.title(), *extra).exit_code == 0
        assert run(root, "join", "py", "--member", handle).exit_code == 0
    assert run(root, "member", "edit", "ada", "--add-expertise", "python").exit_code == 0
    assert run(root, "member", "edit", "eve", "--add-interest", "python").exit_code == 0
    for who, title in (("ada", "Pin [red]deps[/red]"), ("ada", "Wheels"), ("bob", "Venvs"), ("lin", "Old")):
        done = run(
            root, "--as", who, "add", "-k", "how-to", "-T", title, "-c", "py", "-t", "python", "-b", "x"
        )
        assert done.exit_code == 0, done.output
    assert run(root, "leave", "py", "--member", "lin").exit_code == 0
    return root


def test_experts_plain_and_json_with_every_factor(repo: Path) -> None:
    plain = run(repo, "experts", "python")
    assert plain.exit_code == 0, plain.output
    lines = plain.stdout.splitlines()
    assert lines == [
        "ada\tAda Lovelace\t7.0\tdeclared expertise +3, 2 entries +4",
        "bob\tBob Builder\t2.0\t1 entry +2",
    ]  # lin left py: left out
    data = json.loads(run(repo, "experts", "python", "--json").stdout)
    assert data["matched"] == "tag" and data["half_life_days"] == 365
    ada = data["experts"][0]
    assert ada["factors"] == {
        "expertise": {"count": 1, "weight": 1.0, "points": 3.0},
        "entries": {"count": 2, "weight": 2.0, "points": 4.0},
    }
    assert ada["score"] == 7.0
    words = json.loads(run(repo, "experts", "wheels", "--json").stdout)
    assert words["matched"] == "words" and [e["handle"] for e in words["experts"]] == ["ada"]
    assert run(repo, "experts", "python", "--limit", "1").stdout.count("\n") == 1


def test_experts_errors_are_one_line(repo: Path) -> None:
    bad = run(repo, "experts", "python", "--community", "nope")
    assert bad.exit_code == 1 and "no community 'nope'" in bad.stderr and "Traceback" not in bad.output
    none = run(repo, "experts", "!!!")
    assert none.exit_code != 0 and "Traceback" not in none.output
    empty = run(repo, "experts", "cobol")
    assert empty.exit_code == 0 and empty.stdout == "" and "nobody has evidence" in empty.stderr


def test_member_show_lists_top_topics(repo: Path) -> None:
    shown = run(repo, "member", "show", "ada").stdout.splitlines()
    at = shown.index("top topics (1):")
    assert shown[at + 1] == "  python\t7.0\tdeclared expertise +3, 2 entries +4"
    data = json.loads(run(repo, "member", "show", "ada", "--json").stdout)
    assert data["topics"][0]["topic"] == "python" and data["topics"][0]["score"] == 7.0


def test_ask_names_likely_experts_on_stderr(repo: Path) -> None:
    asked = run(
        repo, "--as", "eve", "ask", "-c", "py", "-T", "Which python?", "-t", "python", "-b", "x", "--json"
    )
    assert asked.exit_code == 0, asked.output
    json.loads(asked.stdout)  # stdout stays the question
    assert "likely experts for python: ada (7.0: declared expertise +3, 2 entries +4); bob" in asked.stderr


def test_mentor_match_request_and_all_apply(repo: Path) -> None:
    matched = json.loads(run(repo, "mentor", "match", "eve", "--json").stdout)
    assert [m["mentor"] for m in matched] == ["ada", "bob"]
    bob = matched[1]
    assert bob["parts"]["other_department"] == 2.0  # eve is Engineering, bob Operations
    assert bob["parts"]["spare_capacity"] == {"slots": 2, "points": 1.0}
    assert "other department +2" in run(repo, "mentor", "match", "eve").stdout
    assert run(repo, "mentor", "match", "--all").stderr.startswith("nobody is seeking")
    requested = run(repo, "--as", "eve", "mentor", "request", "--topic", "Packaging")
    assert requested.exit_code == 0 and "eve is seeking a mentor" in requested.stderr
    assert "seeking_mentor: true" in (repo / "members" / "eve.yaml").read_text()
    applied = run(repo, "mentor", "match", "--all", "--apply", "--json")
    assert applied.exit_code == 0, applied.output
    [proposal] = json.loads(applied.stdout)
    assert proposal["mentee"] == "eve" and proposal["match"]["mentor"] == "ada" and proposal["mentorship"]
    assert "1 of 1 matched" in applied.stderr
    listed = json.loads(run(repo, "mentor", "list", "--json").stdout)
    assert [(m["mentor"], m["mentee"], m["status"]) for m in listed] == [("ada", "eve", "proposed")]
    assert [m["mentor"] for m in json.loads(run(repo, "mentor", "match", "eve", "--json").stdout)] == ["bob"]


def test_mentor_match_usage_errors(repo: Path) -> None:
    assert run(repo, "mentor", "match").exit_code == 2
    assert run(repo, "mentor", "match", "eve", "--all").exit_code == 2
    assert run(repo, "mentor", "match", "eve", "--apply").exit_code == 2
    assert run(repo, "mentor", "match", "nobody").exit_code == 1


def test_member_edit_mentor_capacity_is_left_out_at_default(repo: Path) -> None:
    assert run(repo, "member", "edit", "ada", "--mentor-capacity", "0").exit_code == 0
    assert "mentor_capacity: 0" in (repo / "members" / "ada.yaml").read_text()
    assert [m["mentor"] for m in json.loads(run(repo, "mentor", "match", "eve", "--json").stdout)] == ["bob"]
    assert run(repo, "member", "edit", "ada", "--mentor-capacity", "2").exit_code == 0
    assert "mentor_capacity" not in (repo / "members" / "ada.yaml").read_text()


def test_hostile_topic_is_shown_inert_and_short(repo: Path) -> None:
    escape = run(repo, "experts", "x\x1b[31m")
    assert escape.exit_code == 0 and "\x1b" not in escape.stderr and "nobody has evidence" in escape.stderr
    huge = run(repo, "experts", "a" * 100_000)
    assert huge.exit_code == 0 and len(huge.stderr) < 200
