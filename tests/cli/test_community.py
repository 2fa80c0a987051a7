"""`cop community add|list|show|edit|archive` through the real CLI on real files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.commands import output
from cop.core import Cop
from tests.cli.bash_completion import complete


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


@pytest.fixture
def repo(cop: Cop) -> Path:
    """The small repo from conftest (ada coordinates py, bob is a member), as a path."""
    return cop.repo.root


# -- add ---------------------------------------------------------------------------------------------
def test_add_writes_the_community_file(repo: Path) -> None:
    result = run(
        repo, "community", "add", "sre", "--name", "SRE Chapter", "--kind", "corporate",
        "--domain", "operations", "--description", "Keeping things up.", "--tag", "On Call",
        "--tag", "slo", "--link", "chat=#sre", "--coordinator", "bob",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "added community sre (SRE Chapter): communities/sre.yaml" in result.stderr
    data = load(repo, "communities/sre.yaml")
    assert data["name"] == "SRE Chapter"
    assert data["kind"] == "corporate"
    assert data["domain"] == "operations"
    assert data["tags"] == ["on-call", "slo"]
    assert data["links"] == {"chat": "#sre"}
    assert data["coordinators"] == ["bob"]
    # the coordinator is a member too, with the coordinator role in their own file
    assert {"community": "sre", "role": "coordinator"} in load(repo, "members/bob.yaml")["memberships"]  # type: ignore[operator]


def test_add_json_is_the_record(repo: Path) -> None:
    result = run(repo, "community", "add", "book-club", "--name", "Books", "--kind", "social", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["slug"] == "book-club"
    assert data["status"] == "active"  # defaults are included in JSON
    assert data["tags"] == [] and data["links"] == {} and data["coordinators"] == []
    assert data["path"] == "communities/book-club.yaml"


def test_add_needs_name_and_kind(repo: Path) -> None:
    result = run(repo, "community", "add", "x", "--name", "X")
    assert result.exit_code == 2
    assert "--kind" in result.stderr
    assert not (repo / "communities/x.yaml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bad slug!", "--name", "X", "--kind", "social"], "is not valid"),
        (["x", "--name", "X", "--kind", "club"], "kind: 'club' is not one of: professional"),
        (["x", "--name", "X", "--kind", "social", "--coordinator", "nobody"], "no member 'nobody'"),
        (["py", "--name", "X", "--kind", "social"], "py"),
    ],
)
def test_add_errors_write_nothing(repo: Path, args: list[str], message: str) -> None:
    before = sorted(p.name for p in (repo / "communities").iterdir())
    py_before = (repo / "communities/py.yaml").read_bytes()
    result = run(repo, "community", "add", *args)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert line.startswith("error: ") and message in line
    assert sorted(p.name for p in (repo / "communities").iterdir()) == before
    assert (repo / "communities/py.yaml").read_bytes() == py_before


def test_add_bad_link_is_a_usage_error(repo: Path) -> None:
    result = run(repo, "community", "add", "x", "--name", "X", "--kind", "social", "--link", "chat")
    assert result.exit_code == 2
    assert "NAME=VALUE" in one_error_line(result)
    assert not (repo / "communities/x.yaml").exists()


# -- list --------------------------------------------------------------------------------------------
def test_list_plain_lines_and_archived(repo: Path, cop: Cop) -> None:
    cop.add_community("old", "Old Club", "social", domain="history")
    cop.archive_community("old")
    cop.add_entry("lesson", "Pin versions", "py")
    result = run(repo, "community", "list")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["py\tPython Guild\tprofessional\tactive\t2\t1\t0%\t"]
    result = run(repo, "community", "list", "--all")
    assert result.stdout.splitlines() == [
        "old\tOld Club\tsocial\tarchived\t0\t0\t-\thistory",
        "py\tPython Guild\tprofessional\tactive\t2\t1\t0%\t",
    ]


def test_list_json_has_counts(repo: Path) -> None:
    result = run(repo, "community", "list", "--json")
    assert result.exit_code == 0, result.output
    [data] = json.loads(result.stdout)
    assert data["slug"] == "py" and data["member_count"] == 2 and data["entry_count"] == 0
    assert data["path"] == "communities/py.yaml"


def test_list_empty_says_so_on_stderr(repo_path: Path) -> None:
    result = run(repo_path, "community", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no communities" in result.stderr and "cop community add" in result.stderr


def test_missing_repo_is_one_line(tmp_path: Path) -> None:
    result = run(tmp_path / "nowhere", "community", "list")
    assert result.exit_code == 1
    assert "does not exist" in one_error_line(result)


# -- show --------------------------------------------------------------------------------------------
def test_show_plain_has_members_and_recent_entries(repo: Path, cop: Cop) -> None:
    entry = cop.add_entry("how-to", "Profile a slow endpoint", "py", tags=["perf"])
    result = run(repo, "community", "show", "py")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "name: Python Guild" in lines
    assert "coordinators: ada" in lines
    assert lines[lines.index("members (2):") + 1 :][:2] == [
        "  ada\tAda Lovelace\tcoordinator",
        "  bob\tBob Builder\tmember",
    ]
    assert f"  {entry.id}\thow-to\t{entry.created[:10]}\tProfile a slow endpoint" in lines


def test_show_json_shape(repo: Path, cop: Cop) -> None:
    entries = [cop.add_entry("lesson", f"Lesson {n}", "py") for n in range(3)]
    result = run(repo, "community", "show", "py", "--json", "--recent", "2")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["slug"] == "py" and data["kind"] == "professional"
    assert data["members"] == [
        {"handle": "ada", "name": "Ada Lovelace", "role": "coordinator"},
        {"handle": "bob", "name": "Bob Builder", "role": "member"},
    ]
    assert len(data["recent"]) == 2
    assert {e["id"] for e in data["recent"]} <= {e.id for e in entries}
    assert data["recent"][0]["path"].startswith("entries/py/")


def test_show_unknown_slug(repo: Path) -> None:
    result = run(repo, "community", "show", "nope")
    assert result.exit_code == 1
    assert "no community 'nope'" in one_error_line(result)


def test_hostile_text_prints_literally_plain(repo: Path, cop: Cop) -> None:
    cop.edit_community("py", name="[red]x[/red] \x1b[31mred\x1b[0m")
    result = run(repo, "community", "list")
    assert "[red]x[/red] \\x1b[31mred\\x1b[0m" in result.stdout
    assert "\x1b" not in result.stdout


def test_hostile_text_prints_literally_on_a_terminal(
    repo: Path, cop: Cop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    cop.edit_community("py", name="[red]x[/red]", description="\x1b[2Jwiped")
    cop.add_entry("lesson", "[bold]loud[/bold]", "py")
    for args in (["community", "show", "py"], ["community", "list"]):
        result = run(repo, *args)
        assert result.exit_code == 0, result.output
        assert "[red]x[/red]" in result.stdout
        assert "\x1b[2J" not in result.stdout
    assert "[bold]loud[/bold]" in run(repo, "community", "show", "py").stdout
    assert "\\x1b[2Jwiped" in run(repo, "community", "show", "py").stdout


# -- edit --------------------------------------------------------------------------------------------
def test_edit_fields_tags_and_links(repo: Path, cop: Cop) -> None:
    cop.edit_community("py", links={"chat": "#py", "wiki": "https://wiki"}, tags=["python", "unit-tests"])
    result = run(
        repo, "community", "edit", "py", "--name", "Pythonistas", "--domain", "software",
        "--add-tag", "typing", "--remove-tag", "Unit Tests", "--link", "wiki=", "--link", "meet=Thursdays",
        "--description", "All things Python.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "updated community py (Pythonistas)" in result.stderr
    data = load(repo, "communities/py.yaml")
    assert data["name"] == "Pythonistas"
    assert data["domain"] == "software"
    assert data["tags"] == ["python", "typing"]
    assert data["links"] == {"chat": "#py", "meet": "Thursdays"}
    assert data["description"] == "All things Python."
    assert data["kind"] == "professional"  # untouched


def test_edit_clears_with_empty_value(repo: Path, cop: Cop) -> None:
    cop.edit_community("py", domain="software")
    assert run(repo, "community", "edit", "py", "--domain", "").exit_code == 0
    assert "domain" not in load(repo, "communities/py.yaml")


def test_edit_coordinators(repo: Path) -> None:
    result = run(repo, "community", "edit", "py", "--add-coordinator", "bob", "--remove-coordinator", "ada")
    assert result.exit_code == 0, result.output
    assert load(repo, "communities/py.yaml")["coordinators"] == ["bob"]
    assert load(repo, "members/bob.yaml")["memberships"] == [{"community": "py", "role": "coordinator"}]
    # ada stays a member, no longer a coordinator
    assert load(repo, "members/ada.yaml")["memberships"] == [{"community": "py"}]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "nothing to change"),
        (["--kind", "club"], 1, "kind: 'club' is not one of"),
        (["--status", "gone"], 1, "status: 'gone' is not one of"),
        (["--name", "New", "--add-coordinator", "nobody"], 1, "no member 'nobody'"),
        (["--name", "New", "--remove-coordinator", "bob"], 2, "'bob' is not a coordinator of 'py'"),
        (["--link", "oops"], 2, "NAME=VALUE"),
    ],
)
def test_edit_errors_write_nothing(repo: Path, args: list[str], code: int, message: str) -> None:
    before = {p: p.read_bytes() for p in repo.rglob("*.yaml")}
    result = run(repo, "community", "edit", "py", *args)
    assert result.exit_code == code
    assert message in one_error_line(result)
    assert {p: p.read_bytes() for p in repo.rglob("*.yaml")} == before


def test_edit_unknown_community(repo: Path) -> None:
    result = run(repo, "community", "edit", "nope", "--name", "X")
    assert result.exit_code == 1
    assert "no community 'nope'" in one_error_line(result)


# -- archive -----------------------------------------------------------------------------------------
def test_archive(repo: Path) -> None:
    result = run(repo, "community", "archive", "py")
    assert result.exit_code == 0, result.output
    assert "archived community py" in result.stderr
    assert load(repo, "communities/py.yaml")["status"] == "archived"
    again = run(repo, "community", "archive", "py", "--json")
    assert again.exit_code == 0
    assert "archived already" in again.stderr
    assert json.loads(again.stdout)["status"] == "archived"
    assert run(repo, "community", "list").stdout == ""
    assert run(repo, "community", "show", "py").exit_code == 0  # still readable


def test_archive_unknown(repo: Path) -> None:
    result = run(repo, "community", "archive", "nope")
    assert result.exit_code == 1
    assert "no community 'nope'" in one_error_line(result)


# -- completion --------------------------------------------------------------------------------------
def test_completion_of_slugs_tags_and_kinds(repo: Path, cop: Cop) -> None:
    cop.add_community("pets", "Pets", "social")
    cop.add_entry("lesson", "Typing", "py", tags=["typing", "tests"])
    assert complete(repo, "community", "show", "p") == ["pets", "py"]
    assert complete(repo, "community", "show", "py") == ["py"]
    assert complete(repo, "community", "edit", "py", "--add-tag", "t") == ["tests", "typing"]
    assert complete(repo, "community", "add", "x", "--kind", "so") == ["social"]


def test_completion_never_fails_without_a_repo(tmp_path: Path) -> None:
    assert complete(tmp_path / "nowhere", "community", "show", "p") == []


# -- documentation -----------------------------------------------------------------------------------
def _people_commands() -> list[tuple[str, Any]]:
    from typer.main import get_command

    root = get_command(app)
    built = root.get_command  # type: ignore[attr-defined]  # the root builds commands lazily (ctx unused)
    found = [(f"cop {name}", built(None, name)) for name in ("join", "leave")]
    for group in ("community", "member", "mentor"):
        sub = built(None, group)
        found += [(f"cop {group} {name}", command) for name, command in sub.commands.items()]
    return found


def test_every_people_command_and_option_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "people.md").read_text(encoding="utf-8")
    commands = _people_commands()
    assert len(commands) == 19  # mentor match and mentor request (issue 15)
    for name, command in commands:
        assert f"### `{name} " in doc or f"### `{name}`" in doc, name
        assert command.help, f"{name} has no help text"
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert f"`{opt}" in doc or f"{opt}`" in doc or f"{opt} " in doc, f"{name} {opt}"
