"""`cop member add|list|show|edit`, `cop join` and `cop leave` through the real CLI on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.commands import output
from cop.core import Cop
from cop.store import default_repo_path
from tests.cli.bash_completion import bash, complete


def run(repo: Path, *args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), *args], **kwargs)  # type: ignore[arg-type]


def load(repo: Path, path: str) -> dict[str, object]:
    data = yaml.safe_load((repo / path).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def one_error_line(result: Result) -> str:
    """The failure printed exactly one line on stderr, no traceback, nothing on stdout."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return lines[0]


def snapshot(repo: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in repo.rglob("*.yaml")}


@pytest.fixture
def repo(cop: Cop) -> Path:
    """The small repo from conftest (ada coordinates py, bob is a member), as a path."""
    return cop.repo.root


# -- add ---------------------------------------------------------------------------------------------
def test_add_bootstraps_a_new_repo_without_an_acting_member(
    repo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COP_NOW", "2026-04-01T12:00:00Z")
    result = run(
        repo_path, "member", "add", "cy", "--name", "Cy Twombly", "--email", "cy@example.org",
        "--title", "Painter", "--department", "Art", "--team", "Studio", "--external",
        "--expertise", "Painting", "--expertise", "drawing", "--interest", "sculpture", "--bio", "Hi.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "added member cy (Cy Twombly): members/cy.yaml" in result.stderr
    assert load(repo_path, "members/cy.yaml") == {
        "handle": "cy",
        "name": "Cy Twombly",
        "email": "cy@example.org",
        "title": "Painter",
        "department": "Art",
        "team": "Studio",
        "external": True,
        "expertise": ["painting", "drawing"],
        "interests": ["sculpture"],
        "bio": "Hi.",
        "joined": "2026-04-01",
    }


def test_add_json_and_joined(repo: Path) -> None:
    result = run(repo, "member", "add", "cy", "--name", "Cy", "--joined", "2025-12-31", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["handle"] == "cy" and data["joined"] == "2025-12-31"
    assert data["external"] is False and data["memberships"] == [] and data["expertise"] == []
    assert data["path"] == "members/cy.yaml"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["cy"], 2, "--name"),
        (["Cy!", "--name", "Cy"], 1, "is not valid"),
        (["ada", "--name", "Other Ada"], 1, "member 'ada' exists already"),
        (["cy", "--name", "Cy", "--joined", "someday"], 1, "joined: 'someday' is not a date"),
        (["cy", "--name", "Cy", "--expertise", "a,b"], 1, "is not a tag"),
    ],
)
def test_add_errors_write_nothing(repo: Path, args: list[str], code: int, message: str) -> None:
    before = snapshot(repo)
    result = run(repo, "member", "add", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(repo) == before


# -- list --------------------------------------------------------------------------------------------
def test_list_plain_and_filters(repo: Path, cop: Cop) -> None:
    cop.add_member("cy", "Cy Twombly", external=True, expertise=["painting", "python"])
    result = run(repo, "member", "list")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "ada\tAda Lovelace\tEngineering\t\t\t",
        "bob\tBob Builder\tOperations\t\t\t",
        "cy\tCy Twombly\t\t\tpainting, python\texternal",
    ]
    assert run(repo, "member", "list", "--community", "py").stdout.split("\n")[0].startswith("ada\t")
    assert [line.split("\t")[0] for line in run(repo, "member", "list", "-c", "py").stdout.splitlines()] == [
        "ada",
        "bob",
    ]
    assert run(repo, "member", "list", "--expertise", "Python").stdout.startswith("cy\t")


def test_list_json(repo: Path) -> None:
    result = run(repo, "member", "list", "--json")
    data = json.loads(result.stdout)
    assert [m["handle"] for m in data] == ["ada", "bob"]
    assert data[0]["memberships"] == [{"community": "py", "role": "coordinator"}]
    assert data[1]["memberships"] == [{"community": "py", "role": "member"}]  # defaults spelled out


def test_list_unknown_community(repo: Path) -> None:
    result = run(repo, "member", "list", "--community", "nope")
    assert result.exit_code == 1
    assert "no community 'nope'" in one_error_line(result)


def test_list_nobody_matches(repo: Path) -> None:
    result = run(repo, "member", "list", "--expertise", "juggling")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no members found" in result.stderr


# -- show --------------------------------------------------------------------------------------------
def test_show_plain_has_communities_contributions_and_mentorships(repo: Path, cop: Cop) -> None:
    entry = cop.add_entry("lesson", "Back up before migrating", "py")
    mentorship = cop.add_mentorship("ada", "bob")
    result = run(repo, "member", "show", "ada")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "name: Ada Lovelace" in lines and "email: ada@example.org" in lines
    assert lines[lines.index("communities (1):") + 1] == "  py\tcoordinator"
    contribution = f"  {entry.id}\tlesson\t{entry.created[:10]}\tBack up before migrating"
    assert lines[lines.index("contributions (1):") + 1] == contribution
    pairing = f"  {mentorship.id}\tmentor\tbob\tactive\t{mentorship.started}"
    assert lines[lines.index("mentorships (1):") + 1] == pairing


def test_show_json_shape(repo: Path, cop: Cop) -> None:
    entry = cop.add_entry("lesson", "Back up before migrating", "py")
    mentorship = cop.add_mentorship("ada", "bob", goals=["Learn SQL"])
    result = run(repo, "member", "show", "ada", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["handle"] == "ada" and data["path"] == "members/ada.yaml"
    assert [e["id"] for e in data["contributions"]] == [entry.id]
    assert data["contributions"][0]["title"] == "Back up before migrating"
    assert [m["id"] for m in data["mentorships"]] == [mentorship.id]
    assert data["mentorships"][0]["goals"] == [{"text": "Learn SQL", "status": "open"}]


def test_show_unknown_member(repo: Path) -> None:
    result = run(repo, "member", "show", "zed")
    assert result.exit_code == 1
    assert "no member 'zed'" in one_error_line(result)


def test_hostile_names_print_literally(repo: Path, cop: Cop, monkeypatch: pytest.MonkeyPatch) -> None:
    cop.add_member("evil", "[red]x[/red] \x1b]0;pwned\x07", bio="\x1b[2J[blink]b[/blink]")
    plain = run(repo, "member", "list")
    assert "[red]x[/red] \\x1b]0;pwned\\x07" in plain.stdout
    assert "\x1b" not in plain.stdout and "\x07" not in plain.stdout
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    for args in (["member", "list"], ["member", "show", "evil"]):
        result = run(repo, *args)
        assert result.exit_code == 0, result.output
        assert "[red]x[/red]" in result.stdout
        assert "\x07" not in result.stdout and "\x1b]0;" not in result.stdout
    shown = run(repo, "member", "show", "evil").stdout
    assert "[blink]b[/blink]" in shown and "\x1b[2J" not in shown


# -- edit --------------------------------------------------------------------------------------------
def test_edit(repo: Path, cop: Cop) -> None:
    cop.add_member("cy", "Cy", external=True, expertise=["painting", "unit-tests"], interests=["go"])
    result = run(
        repo, "member", "edit", "cy", "--name", "Cy Twombly", "--title", "Painter", "--internal",
        "--add-expertise", "drawing", "--remove-expertise", "Unit Tests", "--add-interest", "rust",
        "--remove-interest", "go", "--bio", "Line\nby line.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "updated member cy (Cy Twombly)" in result.stderr
    data = load(repo, "members/cy.yaml")
    assert data["name"] == "Cy Twombly" and data["title"] == "Painter"
    assert "external" not in data
    assert data["expertise"] == ["painting", "drawing"]
    assert data["interests"] == ["rust"]
    assert data["bio"] == "Line\nby line."
    assert run(repo, "member", "edit", "cy", "--external", "--title", "").exit_code == 0
    data = load(repo, "members/cy.yaml")
    assert data["external"] is True and "title" not in data


@pytest.mark.parametrize(
    ("handle", "args", "code", "message"),
    [
        ("bob", [], 2, "nothing to change"),
        ("zed", ["--name", "Zed"], 1, "no member 'zed'"),
        ("bob", ["--name", ""], 1, "name: is required"),
        ("bob", ["--add-expertise", "a,b"], 1, "is not a tag"),
    ],
)
def test_edit_errors_write_nothing(repo: Path, handle: str, args: list[str], code: int, message: str) -> None:
    before = snapshot(repo)
    result = run(repo, "member", "edit", handle, *args)
    assert result.exit_code == code
    assert message in one_error_line(result)
    assert snapshot(repo) == before


# -- join and leave ----------------------------------------------------------------------------------
@pytest.fixture
def second(cop: Cop) -> str:
    cop.add_community("ops", "Ops", "corporate")
    cop.add_member("cy", "Cy")
    return "ops"


def test_join_as_the_acting_member(repo: Path, second: str) -> None:
    result = run(repo, "--as", "cy", "join", "ops")
    assert result.exit_code == 0, result.output
    assert "cy is now a member of ops" in result.stderr
    assert load(repo, "members/cy.yaml")["memberships"] == [{"community": "ops"}]
    result = run(repo, "--as", "cy", "leave", "ops")
    assert result.exit_code == 0, result.output
    assert "cy left ops" in result.stderr
    assert "memberships" not in load(repo, "members/cy.yaml")


def test_join_acting_member_from_git_email(repo: Path, second: str, cop: Cop) -> None:
    cop.edit_member("cy", email="test@example.invalid")  # the isolated git user.email from conftest
    assert run(repo, "join", "ops").exit_code == 0
    assert load(repo, "members/cy.yaml")["memberships"] == [{"community": "ops"}]


def test_join_someone_else_as_coordinator(repo: Path, second: str) -> None:
    result = run(repo, "join", "ops", "--member", "bob", "--role", "coordinator")
    assert result.exit_code == 0, result.output
    assert load(repo, "communities/ops.yaml")["coordinators"] == ["bob"]
    assert {"community": "ops", "role": "coordinator"} in load(repo, "members/bob.yaml")["memberships"]  # type: ignore[operator]
    assert run(repo, "leave", "ops", "--member", "bob").exit_code == 0
    assert "coordinators" not in load(repo, "communities/ops.yaml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["join", "ops"], "cop does not know who you are"),
        (["leave", "ops"], "cop does not know who you are"),
        (["--as", "zed", "join", "ops"], "'zed' (from --as) is not a member"),
        (["join", "ops", "--member", "zed"], "no member 'zed'"),
        (["join", "nope", "--member", "bob"], "no community 'nope'"),
        (["join", "ops", "--member", "bob", "--role", "boss"], "role: 'boss' is not one of: member, coord"),
        (["leave", "ops", "--member", "bob"], "'bob' is not a member of 'ops'"),
    ],
)
def test_join_leave_errors_write_nothing(repo: Path, second: str, args: list[str], message: str) -> None:
    before = snapshot(repo)
    result = run(repo, *args)
    assert result.exit_code == 1
    assert message in one_error_line(result)
    assert snapshot(repo) == before


def test_join_needs_the_community_argument(repo: Path) -> None:
    result = run(repo, "--as", "ada", "join")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr and "COMMUNITY" in result.stderr


# -- completion --------------------------------------------------------------------------------------
def test_completion_of_handles_slugs_roles_and_tags(repo: Path, cop: Cop) -> None:
    cop.add_member("bea", "Bea", expertise=["baking"])
    assert complete(repo, "member", "show", "b") == ["bea", "bob"]
    assert complete(repo, "join", "p") == ["py"]
    assert complete(repo, "join", "py", "--member", "a") == ["ada"]
    assert complete(repo, "join", "py", "--role", "c") == ["coordinator"]
    assert complete(repo, "member", "list", "--expertise", "ba") == ["baking"]


def test_completion_does_not_create_the_personal_repo() -> None:
    assert bash("member", "show", "") == []
    assert not default_repo_path().exists()
