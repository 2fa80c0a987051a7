"""`cop review` pages like `cop list`: 50 unless --limit N or --all, --json too, most urgent first, and
on a terminal stderr says how many there are."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop
from cop.domain import ids
from cop.domain.models import Entry
from tests.cli.terminal import on_a_terminal
from tests.record_files import write_record


@pytest.fixture
def many(cop: Cop) -> Path:
    """63 never-verified lessons, created a day apart (the oldest is the most overdue), and a question."""
    root = cop.repo.root
    for number in range(64):
        entry = Entry.from_data(
            {
                "id": ids.new_id(),
                "kind": "question" if number == 63 else "lesson",
                "title": f"Lesson {number:02d}",
                "community": "py",
                "created": f"{dt.date(2024, 1, 1) + dt.timedelta(days=number)}T09:00:00Z",
            }
        )
        write_record(root, entry)
    return root


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--repo", str(root), "review", *args])


def test_review_shows_50_most_urgent_unless_limit_or_all_json_too(many: Path) -> None:
    rows = json.loads(run(many, "--json").stdout)
    assert len(rows) == 50
    assert rows[0]["title"] == "Lesson 00" and rows[0]["urgency"]["never_verified"]
    assert all(
        a["urgency"]["overdue_days"] >= b["urgency"]["overdue_days"]
        for a, b in zip(rows, rows[1:], strict=False)
    )
    assert len(run(many).stdout.splitlines()) == 50
    everything = json.loads(run(many, "--all", "--json").stdout)
    assert len(everything) == 63, "the question takes no review"
    assert everything[:50] == rows, "a page is the start of the whole queue"
    assert [r["title"] for r in json.loads(run(many, "-n", "3", "--json").stdout)] == [
        "Lesson 00",
        "Lesson 01",
        "Lesson 02",
    ]
    both = run(many, "--limit", "7", "--all")
    assert both.exit_code != 0 and "not both" in both.stderr


def test_a_terminal_is_told_how_many_are_due(many: Path) -> None:
    out, err = on_a_terminal("--repo", str(many), "review", columns=200)
    assert len(out.splitlines()) == 50
    assert "showing 50 of 63: --limit N or --all" in err
