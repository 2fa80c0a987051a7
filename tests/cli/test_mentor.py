"""`cop mentor add|list|show|log|goal|status` through the real CLI on real files."""

from __future__ import annotations

import json
from pathlib import Path

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


def snapshot(repo: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in repo.rglob("*.yaml")}


@pytest.fixture
def repo(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small repo from conftest (ada, bob, community py) plus cy, with the clock pinned."""
    monkeypatch.setenv("COP_NOW", "2026-05-01T10:00:00Z")
    cop.add_member("cy", "Cy Twombly")
    return cop.repo.root


@pytest.fixture
def mid(cop: Cop, repo: Path) -> str:
    """An active mentorship ada -> bob with two goals and one session."""
    m = cop.add_mentorship("ada", "bob", community="py", goals=["Learn SQL", "Give a talk"])
    cop.log_session(m.id, "Kick-off.", minutes=30, date="2026-04-20")
    return m.id


# -- add ---------------------------------------------------------------------------------------------
def test_add_writes_the_mentorship(repo: Path) -> None:
    result = run(
        repo, "mentor", "add", "--mentor", "ada", "--mentee", "cy", "--community", "py",
        "--goal", "Ship a package", "--goal", "Review PRs", "--ends", "2026-12-31", "--cadence", "weekly",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    [path] = (repo / "mentorships").iterdir()
    mid = path.stem
    assert f"added mentorship {mid} (ada mentors cy): mentorships/{mid}.yaml" in result.stderr
    data = load(repo, f"mentorships/{mid}.yaml")
    assert data["mentor"] == "ada" and data["mentee"] == "cy" and data["community"] == "py"
    assert data["started"] == "2026-05-01" and data["ends"] == "2026-12-31" and data["cadence"] == "weekly"
    assert data["goals"] == [{"text": "Ship a package"}, {"text": "Review PRs"}]
    assert "status" not in data  # active is the default, left out of the file


def test_add_proposed_json(repo: Path) -> None:
    result = run(repo, "mentor", "add", "--mentor", "bob", "--mentee", "cy", "--proposed", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "proposed" and data["goals"] == [] and data["sessions"] == []
    assert data["path"] == f"mentorships/{data['id']}.yaml"
    assert load(repo, data["path"])["status"] == "proposed"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--mentor", "ada"], 2, "--mentee"),
        (["--mentor", "ada", "--mentee", "zed"], 1, "no member 'zed'"),
        (["--mentor", "zed", "--mentee", "ada"], 1, "no member 'zed'"),
        (["--mentor", "ada", "--mentee", "ada"], 1, "cannot mentor themselves"),
        (["--mentor", "ada", "--mentee", "bob", "--community", "nope"], 1, "no community 'nope'"),
        (["--mentor", "ada", "--mentee", "bob", "--ends", "soon"], 1, "ends: 'soon' is not a date"),
        (["--mentor", "ada", "--mentee", "bob", "--ends", "2026-01-01"], 1, "is before the start"),
    ],
)
def test_add_errors_write_nothing(repo: Path, args: list[str], code: int, message: str) -> None:
    result = run(repo, "mentor", "add", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (repo / "mentorships").exists() or not any((repo / "mentorships").iterdir())


# -- list --------------------------------------------------------------------------------------------
def test_list_plain_and_filters(repo: Path, cop: Cop, mid: str) -> None:
    cop.set_goal(mid, 1)
    other = cop.add_mentorship("bob", "cy", status="proposed")
    result = run(repo, "mentor", "list")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{mid}\tada\tbob\tpy\tactive\t2026-05-01\t1/2\t1\t2026-04-20",
        f"{other.id}\tbob\tcy\t\tproposed\t2026-05-01\t0/0\t0\t",
    ]
    assert run(repo, "mentor", "list", "--member", "cy").stdout.startswith(other.id)
    assert run(repo, "mentor", "list", "--member", "ada").stdout.startswith(mid)
    assert run(repo, "mentor", "list", "--status", "proposed").stdout.startswith(other.id)
    assert run(repo, "mentor", "list", "--community", "py").stdout.splitlines()[0].startswith(mid)
    assert len(run(repo, "mentor", "list", "--community", "py").stdout.splitlines()) == 1
    empty = run(repo, "mentor", "list", "--status", "paused")
    assert empty.exit_code == 0 and empty.stdout == "" and "no mentorships found" in empty.stderr


def test_list_json(repo: Path, mid: str) -> None:
    data = json.loads(run(repo, "mentor", "list", "--json").stdout)
    assert [m["id"] for m in data] == [mid]
    assert data[0]["goals"][0] == {"text": "Learn SQL", "status": "open"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "asleep"], "status: 'asleep' is not one of: active"),
        (["--member", "zed"], "no member 'zed'"),
        (["--community", "nope"], "no community 'nope'"),
    ],
)
def test_list_errors(repo: Path, args: list[str], message: str) -> None:
    result = run(repo, "mentor", "list", *args)
    assert result.exit_code == 1
    assert message in one_error_line(result)


# -- show --------------------------------------------------------------------------------------------
def test_show_plain_numbers_goals(repo: Path, cop: Cop, mid: str) -> None:
    cop.set_goal(mid, 2, "done")
    result = run(repo, "mentor", "show", mid[:3])  # a unique prefix is enough
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"id: {mid}" in lines and "mentor: ada" in lines and "mentee: bob" in lines
    goals = lines.index("goals (1/2 done):")
    assert lines[goals + 1 : goals + 3] == ["  1\topen\tLearn SQL", "  2\tdone\tGive a talk"]
    sessions = lines.index("sessions (1):")
    assert lines[sessions + 1] == "  2026-04-20\t30\tKick-off.\t"


def test_show_json_is_the_mentorship(repo: Path, mid: str) -> None:
    result = run(repo, "mentor", "show", mid, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == mid and data["status"] == "active" and data["community"] == "py"
    assert data["goals"] == [
        {"text": "Learn SQL", "status": "open"},
        {"text": "Give a talk", "status": "open"},
    ]
    assert data["sessions"] == [{"date": "2026-04-20", "minutes": 30, "notes": "Kick-off.", "next": ""}]
    assert data["path"] == f"mentorships/{mid}.yaml"


def _write(repo: Path, mid: str) -> None:
    (repo / "mentorships").mkdir(exist_ok=True)
    (repo / "mentorships" / f"{mid}.yaml").write_text(
        f"id: {mid}\nmentor: ada\nmentee: bob\n", encoding="utf-8"
    )


def test_show_unknown_and_ambiguous_ids(repo: Path) -> None:
    _write(repo, "aaaa0001")
    _write(repo, "aaaa0002")
    result = run(repo, "mentor", "show", "aaaa")
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "ambiguous" in line and "aaaa0001" in line and "aaaa0002" in line
    result = run(repo, "mentor", "show", "zzzz")
    assert result.exit_code == 1
    assert "no mentorship with id 'zzzz'" in one_error_line(result)
    assert run(repo, "mentor", "show", "aaaa0002").exit_code == 0


def test_show_escapes_hostile_text(repo: Path, cop: Cop, monkeypatch: pytest.MonkeyPatch) -> None:
    m = cop.add_mentorship("ada", "bob", goals=["[red]x[/red]"], cadence="\x1b[2Jweekly")
    cop.log_session(m.id, "[bold]notes[/bold]\x1b[31m")
    plain = run(repo, "mentor", "show", m.id).stdout
    assert "[red]x[/red]" in plain and "\\x1b[2Jweekly" in plain and "\x1b" not in plain
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    rich = run(repo, "mentor", "show", m.id).stdout
    assert "[red]x[/red]" in rich and "[bold]notes[/bold]" in rich
    assert "\x1b[2J" not in rich and "\x1b[31m" not in rich


# -- log ---------------------------------------------------------------------------------------------
def test_log_appends_a_session_in_date_order(repo: Path, mid: str) -> None:
    result = run(
        repo, "mentor", "log", mid, "--notes", "Went through joins.", "--minutes", "45",
        "--date", "2026-04-27", "--next", "Window functions.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"logged a session in mentorship {mid}, 2 in all: mentorships/{mid}.yaml" in result.stderr
    assert run(repo, "mentor", "log", mid, "--notes", "Earlier.", "--date", "2026-04-01").exit_code == 0
    sessions = load(repo, f"mentorships/{mid}.yaml")["sessions"]
    assert sessions == [
        {"date": "2026-04-01", "notes": "Earlier."},
        {"date": "2026-04-20", "minutes": 30, "notes": "Kick-off."},
        {"date": "2026-04-27", "minutes": 45, "notes": "Went through joins.", "next": "Window functions."},
    ]


def test_log_defaults_to_today_and_reads_notes_from_stdin(repo: Path, mid: str) -> None:
    result = run(repo, "mentor", "log", mid, "--notes", "-", input="Line one.\nLine two.\n")
    assert result.exit_code == 0, result.output
    last = load(repo, f"mentorships/{mid}.yaml")["sessions"][-1]  # type: ignore[index]
    assert last == {"date": "2026-05-01", "notes": "Line one.\nLine two.\n"}
    assert run(repo, "mentor", "log", mid, "--notes", "Yesterday.", "--date", "yesterday").exit_code == 0
    dates = [s["date"] for s in load(repo, f"mentorships/{mid}.yaml")["sessions"]]  # type: ignore[attr-defined]
    assert dates == ["2026-04-20", "2026-04-30", "2026-05-01"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--minutes", "5"], 2, "--notes"),
        (["--notes", "   "], 1, "a session needs notes"),
        (["--notes", "x", "--date", "2026-13-01"], 1, "'2026-13-01' is not a date"),
        (["--notes", "x", "--minutes", "-5"], 2, "Invalid value for '--minutes'"),
        (["--notes", "x", "--minutes", "lots"], 2, "Invalid value for '--minutes'"),
    ],
)
def test_log_errors_write_nothing(repo: Path, mid: str, args: list[str], code: int, message: str) -> None:
    before = snapshot(repo)
    result = run(repo, "mentor", "log", mid, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(repo) == before


def test_log_unknown_id(repo: Path) -> None:
    result = run(repo, "mentor", "log", "zzzzzzzz", "--notes", "x")
    assert result.exit_code == 1
    assert "no mentorship with id 'zzzzzzzz'" in one_error_line(result)


# -- goal --------------------------------------------------------------------------------------------
def test_goal_add_done_drop_reopen(repo: Path, mid: str) -> None:
    path = f"mentorships/{mid}.yaml"
    result = run(repo, "mentor", "goal", mid, "--add", "Write a query planner")
    assert result.exit_code == 0, result.output
    assert f"added goal 3 to mentorship {mid}" in result.stderr
    assert run(repo, "mentor", "goal", mid, "--done", "1").exit_code == 0
    assert run(repo, "mentor", "goal", mid, "--drop", "3").exit_code == 0
    assert load(repo, path)["goals"] == [
        {"text": "Learn SQL", "status": "done"},
        {"text": "Give a talk"},
        {"text": "Write a query planner", "status": "dropped"},
    ]
    result = run(repo, "mentor", "goal", mid, "--reopen", "1", "--json")
    assert result.exit_code == 0
    assert "goal 1 of mentorship" in result.stderr and "is now open" in result.stderr
    assert json.loads(result.stdout)["goals"][0] == {"text": "Learn SQL", "status": "open"}
    assert load(repo, path)["goals"][0] == {"text": "Learn SQL"}  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "give exactly one of --add TEXT, --done N, --drop N or --reopen N"),
        (["--add", "x", "--done", "1"], 2, "(got --add, --done)"),
        (["--done", "3"], 1, "has 2 goal(s); there is no goal 3"),
        (["--done", "0"], 1, "there is no goal 0"),
        (["--add", "  "], 1, "a goal needs some text"),
        (["--done", "one"], 2, "Invalid value for '--done'"),
    ],
)
def test_goal_errors_write_nothing(repo: Path, mid: str, args: list[str], code: int, message: str) -> None:
    before = snapshot(repo)
    result = run(repo, "mentor", "goal", mid, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(repo) == before


# -- status ------------------------------------------------------------------------------------------
def test_status_changes_and_completion_sets_the_end(repo: Path, mid: str) -> None:
    path = f"mentorships/{mid}.yaml"
    result = run(repo, "mentor", "status", mid, "paused")
    assert result.exit_code == 0, result.output
    assert f"mentorship {mid} is now paused" in result.stderr
    assert load(repo, path)["status"] == "paused" and "ends" not in load(repo, path)
    assert run(repo, "mentor", "status", mid, "completed").exit_code == 0
    data = load(repo, path)
    assert data["status"] == "completed" and data["ends"] == "2026-05-01"


def test_status_errors_write_nothing(repo: Path, mid: str) -> None:
    before = snapshot(repo)
    result = run(repo, "mentor", "status", mid, "asleep")
    assert result.exit_code == 1
    assert "status: 'asleep' is not one of: active, proposed" in one_error_line(result)
    missing = run(repo, "mentor", "status", mid)
    assert missing.exit_code == 2 and "Missing argument" in missing.stderr
    assert snapshot(repo) == before


# -- completion --------------------------------------------------------------------------------------
def test_completion_of_ids_and_states(repo: Path, mid: str) -> None:
    assert complete(repo, "mentor", "show", mid[:2]) == [mid]
    assert complete(repo, "mentor", "status", mid, "c") == ["completed", "cancelled"]
