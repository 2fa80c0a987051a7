"""`cop list` shows 50 entries unless --limit N or --all; --json follows the same limit; on a terminal
stderr says how many there are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.domain import ids
from cop.domain.models import Entry
from tests.cli.terminal import on_a_terminal
from tests.record_files import write_record


@pytest.fixture
def many(cop: Cop) -> Path:
    root = cop.repo.root
    for number in range(63):
        entry = Entry.from_data(
            {
                "id": ids.new_id(),
                "kind": "lesson",
                "title": f"Lesson {number:02d}",
                "community": "py",
                "created": f"2024-01-01T{number // 60:02d}:{number % 60:02d}:00Z",
                "tags": ["many"] if number % 2 else [],
            }
        )
        write_record(root, entry)
    return root


def run(root: Path, *args: str) -> object:
    return CliRunner().invoke(app, ["--repo", str(root), "list", *args])


def test_the_default_limit_is_50_newest_first_json_too(many: Path) -> None:
    result = run(many)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 50
    assert "Lesson 62" in lines[0] and "Lesson 13" in lines[-1]
    data = json.loads(run(many, "--json").stdout)
    assert [e["title"] for e in data] == [f"Lesson {n:02d}" for n in range(62, 12, -1)]
    assert "showing" not in result.stderr  # stderr is no terminal here


def test_all_and_limit(many: Path) -> None:
    assert len(json.loads(run(many, "--all", "--json").stdout)) == 63
    assert len(run(many, "--all").stdout.splitlines()) == 63
    assert len(json.loads(run(many, "--limit", "7", "--json").stdout)) == 7
    assert len(json.loads(run(many, "--tag", "many", "--json").stdout)) == 31  # under the limit
    both = run(many, "--limit", "7", "--all")
    assert both.exit_code != 0 and "not both" in both.stderr


def stderr_on_a_terminal(root: Path, *args: str) -> tuple[str, str]:
    """Run `cop list` in a subprocess whose stderr is a real terminal (a pty)."""
    return on_a_terminal("--repo", str(root), "list", *args, columns=200)


def test_a_terminal_is_told_how_many_there_are(many: Path) -> None:
    out, err = stderr_on_a_terminal(many)
    assert len(out.splitlines()) == 50
    assert "showing 50 of 63: --limit N or --all" in err
    _, err = stderr_on_a_terminal(many, "--all")
    assert "showing" not in err
    _, err = stderr_on_a_terminal(many, "--tag", "many")
    assert "showing" not in err  # all 31 shown
