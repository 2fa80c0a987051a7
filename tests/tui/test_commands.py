"""`cop tui` and `cop demo` through the real command line, the app run headless instead of on a terminal."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cop.cli import app as cli
from cop.commands import tui as tui_command
from cop.tui.app import CopApp
from tests.tui.conftest import settle


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the app saw when a command opened it: repo, acting member, rows on screen."""
    seen: dict[str, Any] = {}

    async def drive(core: Any) -> None:
        app = CopApp(core, refresh_every=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            seen.update(
                root=Path(core.repo.root),
                exists=Path(core.repo.root).is_dir(),
                title=app.title,
                user=app.user.handle if app.user else None,
                rows=len(app.screen.query_one("#entries").rows),
            )

    # the same one substitution benchmarks/tui_probe.py makes: run the app headless, not on the terminal
    monkeypatch.setattr(tui_command, "_run", lambda core: asyncio.run(drive(core)))
    return seen


def test_cop_tui_opens_on_the_repo_as_the_member(acme: Path, opened: dict[str, Any]) -> None:
    result = CliRunner().invoke(cli, ["--repo", str(acme), "--as", "marco", "tui"])
    assert result.exit_code == 0, result.output
    assert opened["root"] == acme and opened["user"] == "marco"
    assert opened["title"] == "Acme Communities of Practice" and opened["rows"] == 81


def test_cop_demo_opens_a_copy_and_removes_it(opened: dict[str, Any]) -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert opened["exists"] and opened["user"] == "ada" and opened["rows"] == 81
    assert opened["root"] != tui_command.example_repo()
    assert not opened["root"].exists()  # the copy is gone afterwards
    assert "acting as 'ada'" in result.output


def test_cop_demo_keep_keeps_the_copy(opened: dict[str, Any]) -> None:
    result = CliRunner().invoke(cli, ["demo", "--keep"])
    assert result.exit_code == 0, result.output
    assert opened["root"].is_dir() and str(opened["root"]) in result.output
    shutil.rmtree(opened["root"].parent)
