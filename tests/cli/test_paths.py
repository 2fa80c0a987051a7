"""`cop path add|list|show|edit|start|done|next|status` through the real CLI on real files: plain output,
`--json`, flagged steps, who is stuck, and errors that are one line and write nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop


def run(repo: Path, *args: str, who: str = "ada") -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), "--as", who, *args])


def ok(repo: Path, *args: str, who: str = "ada") -> Result:
    result = run(repo, *args, who=who)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def repo(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COP_NOW", "2026-05-01T10:00:00Z")
    return cop.root


@pytest.fixture
def entries(repo: Path, cop: Cop) -> tuple[str, str]:
    first = cop.add_entry("how-to", "Set up your laptop", "py").id
    second = cop.add_entry("best-practice", "Pin your dependencies", "py").id
    ok(repo, "path", "add", "py-start", "--title", "Python at Acme", "-c", "py", "--audience", "new devs")
    ok(repo, "path", "edit", "py-start", "--add-step", first, "--expected-days", "2")
    ok(repo, "path", "edit", "py-start", "--add-task", "Pair on a review")
    ok(repo, "path", "edit", "py-start", "--add-step", second[:4])
    return first, second


def test_add_says_where_and_json_gives_the_record(repo: Path) -> None:
    result = ok(repo, "path", "add", "ops", "--title", "Ops", "--community", "py", "--json")
    assert "added path ops (Ops): paths/ops.yaml" in result.stderr
    data = json.loads(result.stdout)
    assert data["slug"] == "ops" and data["steps"] == [] and data["path"] == "paths/ops.yaml"


def test_show_lists_the_steps_from_one_and_flags_an_obsolete_entry(
    repo: Path, entries: tuple[str, str]
) -> None:
    first, second = entries
    ok(repo, "obsolete", second)
    result = ok(repo, "path", "show", "py-start")
    assert "expected days: 2" in result.stdout
    assert "steps (3):" in result.stdout
    assert f"  1\t{first}\t2\tSet up your laptop\n" in result.stdout
    assert "  2\ttask\t\tPair on a review\n" in result.stdout
    assert f"  3\t{second}\t\tPin your dependencies  [obsolete]\n" in result.stdout
    data = json.loads(ok(repo, "path", "show", "py-start", "--json").stdout)
    assert [(s["number"], s["kind"], s["problem"]) for s in data["steps"]] == [
        (1, "entry", ""),
        (2, "task", ""),
        (3, "entry", "obsolete"),
    ]
    assert data["steps"][2]["entry_status"] == "obsolete" and data["followers"] == 0


def test_edit_moves_and_removes_steps(repo: Path, entries: tuple[str, str]) -> None:
    first, second = entries
    result = ok(repo, "path", "edit", "py-start", "--move", "3", "1", "--json")
    assert [s.get("entry", "") for s in json.loads(result.stdout)["steps"]] == [second, first, ""]
    result = ok(repo, "path", "edit", "py-start", "--remove", "2")
    assert "updated path py-start (2 steps)" in result.stderr
    ok(repo, "path", "edit", "py-start", "--title", "Python here", "--audience", "")
    data = json.loads(ok(repo, "path", "show", "py-start", "--json").stdout)
    assert data["title"] == "Python here" and data["audience"] == ""


def test_start_done_next_and_status(
    repo: Path, entries: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = entries
    result = ok(repo, "path", "start", "py-start")
    assert "ada started path py-start: progress/py-start/ada.yaml" in result.stderr
    result = ok(repo, "path", "next")
    assert result.stdout == f"py-start\t1/3\t{first}\tSet up your laptop\n"
    result = ok(repo, "path", "done", "py-start", "1", "--note", "done in an hour")
    assert "ada did step 1 of py-start (1 of 3): progress/py-start/ada.yaml" in result.stderr
    assert "next: step 2, Pair on a review" in result.stderr
    result = ok(repo, "path", "done", "py-start", "2", "--member", "bob")
    assert "bob started path py-start" in result.stderr
    nexts = json.loads(ok(repo, "path", "next", "--json").stdout)
    assert nexts[0]["done"] == 1 and nexts[0]["step"]["number"] == 2 and nexts[0]["step"]["kind"] == "task"
    monkeypatch.setenv("COP_NOW", "2026-05-20T10:00:00Z")
    result = ok(repo, "path", "status", "py-start", "--stuck-days", "10")
    assert result.stdout == (
        "ada\t1/3\t███░░░░░░░\t2026-05-01\t2026-05-01\t2\tstuck 19 days\n"
        "bob\t1/3\t███░░░░░░░\t2026-05-01\t2026-05-01\t1\tstuck 19 days\n"
    )
    assert "2 stuck (nothing done for 10 days or more)" in result.stderr
    data = json.loads(ok(repo, "path", "status", "py-start", "--json").stdout)
    assert data["stuck"] == ["ada", "bob"] and data["stuck_days"] == 14
    assert data["members"][0] == {
        "member": "ada",
        "started": "2026-05-01",
        "done": 1,
        "total": 3,
        "percent": 33,
        "last_active": "2026-05-01",
        "next": 2,
        "idle_days": 19,
        "stuck": True,
    }
    listed = ok(repo, "path", "list")
    assert listed.stdout == "py-start\tpy\t3\t2\tnew devs\tPython at Acme\n"
    assert json.loads(ok(repo, "path", "list", "--json").stdout)[0]["followers"] == 2


def test_status_lists_steps_needing_a_look(repo: Path, entries: tuple[str, str]) -> None:
    _, second = entries
    ok(repo, "rm", second, "--yes")
    result = ok(repo, "path", "status", "py-start")
    assert "steps needing a look (1):" in result.stdout
    assert f"  3\t{second}\t\t{second}  [deleted]" in result.stdout
    data = json.loads(ok(repo, "path", "status", "py-start", "--json").stdout)
    assert [(s["number"], s["problem"], s["entry_status"]) for s in data["flagged"]] == [
        (3, "deleted", "missing")
    ]


def _tree(repo: Path) -> dict[str, str]:
    return {
        p.relative_to(repo).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in repo.rglob("*")
        if p.is_file() and ".cop" not in p.parts
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["path", "show", "nope"], 1, "error: no path 'nope'; see 'cop path list'"),
        (["path", "done", "py-start", "7"], 2, "error: path py-start has steps 1 to 3, not 7"),
        (["path", "done", "py-start", "two"], 2, "Invalid value for 'N'"),
        (["path", "edit", "py-start"], 2, "error: nothing to change"),
        (
            ["path", "edit", "py-start", "--add-task", "x", "--remove", "1"],
            2,
            "error: one step change at a time",
        ),
        (["path", "edit", "py-start", "--move", "1"], 2, "--move"),
        (["path", "edit", "py-start", "--add-task", "x", "--expected-days", "999"], 1, "expected-days"),
        (["path", "add", "Bad Slug", "--title", "T", "-c", "py"], 1, "slug"),
        (["path", "add", "x", "--title", "T", "-c", "nowhere"], 1, "error: no community 'nowhere'"),
        (["path", "start", "py-start", "--member", "ghost"], 1, "error: no member 'ghost'"),
        (["path", "status", "py-start", "--stuck-days", "0"], 1, "must be at least 1"),
    ],
)
def test_errors_are_one_line_and_write_nothing(
    repo: Path, entries: tuple[str, str], args: list[str], code: int, message: str
) -> None:
    before = _tree(repo)
    result = run(repo, *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert _tree(repo) == before


def test_next_without_an_acting_member_says_how(repo: Path) -> None:
    result = CliRunner().invoke(app, ["--repo", str(repo), "path", "next"])
    assert result.exit_code == 1 and "cop does not know who you are" in result.stderr
    result = ok(repo, "path", "next", who="bob")
    assert "you follow no path" in result.stderr
