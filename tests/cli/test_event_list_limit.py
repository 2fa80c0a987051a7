"""`cop event list` pages like `cop list`: 50 unless --limit N or --all (--json too), --ics writes every
event unless --limit N, and the page is the first of the documented order (soonest first, --past
latest first)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop


def run(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", "event", "list", *args])


@pytest.fixture
def many(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COP_NOW", "2026-03-01T12:00:00Z")
    for day in range(1, 29):  # 27 upcoming (2-28 March); 28 past (February) and 1 March, ended at 11:00
        cop.add_event(f"Up {day:02d}", "py", "meetup", f"2026-03-{day:02d}T10:00Z")
        cop.add_event(f"Past {day:02d}", "py", "meetup", f"2026-02-{day:02d}T10:00Z")
    for day in range(1, 31):
        cop.add_event(f"April {day:02d}", "py", "meetup", f"2026-04-{day:02d}T10:00Z")
    return cop.root


def titles(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [row["title"] for row in json.loads(result.stdout)]


def test_default_page_is_50_soonest_first(many: Path) -> None:
    shown = titles(run(many, "--json"))
    assert len(shown) == 50
    assert shown[:2] == ["Up 02", "Up 03"] and shown[-1] == "April 23"
    plain = run(many).stdout.splitlines()
    assert len(plain) == 50 and plain[0].endswith("Up 02")


def test_limit_all_and_past(many: Path) -> None:
    assert titles(run(many, "--limit", "3", "--json")) == ["Up 02", "Up 03", "Up 04"]
    assert len(titles(run(many, "--all", "--json"))) == 57
    assert titles(run(many, "--past", "-n", "2", "--json")) == ["Up 01", "Past 28"]


def test_ics_writes_every_event_unless_limited(many: Path) -> None:
    everything = run(many, "--ics")
    assert everything.exit_code == 0, everything.output
    assert everything.stdout.count("BEGIN:VEVENT") == 57
    assert run(many, "--ics", "--limit", "4").stdout.count("BEGIN:VEVENT") == 4


def test_limit_and_all_together_is_one_clear_error(many: Path) -> None:
    result = run(many, "--all", "--limit", "3")
    assert result.exit_code != 0
    assert "give --limit N or --all, not both" in result.stderr
    assert "Traceback" not in result.output
