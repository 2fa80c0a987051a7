"""The TUI honours the config file as the CLI does: the identity (`cop config set identity ...`) makes it
writable, and the E key opens the `editor` setting's editor (one lookup, cop.core.editing, for both faces)."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cop.cli import app as cli
from cop.commands import tui as tui_command
from cop.core.editing import EditorFailed, editor_command
from cop.tui.app import CopApp
from tests.tui.conftest import entry_list, settle


@pytest.fixture
def clone(acme: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example as a git clone (per-clone settings live in its .git/), the current folder."""
    subprocess.run(["git", "init", "-q", str(acme)], check=True)
    monkeypatch.chdir(acme)
    return acme


def _drive(monkeypatch: pytest.MonkeyPatch, steps: Any = None) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    async def drive(core: Any) -> None:
        app = CopApp(core, refresh_every=None)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            seen["user"] = app.user.handle if app.user else None
            if steps is not None:
                await steps(app, pilot)

    monkeypatch.setattr(tui_command, "_run", lambda core: asyncio.run(drive(core)))
    return seen


@pytest.mark.parametrize("scope", [[], ["--user"]])
def test_identity_from_the_config_makes_the_tui_writable(
    clone: Path, monkeypatch: pytest.MonkeyPatch, scope: list[str]
) -> None:
    seen = _drive(monkeypatch)
    assert CliRunner().invoke(cli, ["tui"]).exit_code == 0
    assert seen["user"] is None  # nobody: read-only (git's user.email is no member of the example)
    assert CliRunner().invoke(cli, ["config", "set", *scope, "identity", "ada"]).exit_code == 0
    result = CliRunner().invoke(cli, ["tui"])
    assert result.exit_code == 0, result.output
    assert seen["user"] == "ada"


def test_the_tui_editor_is_the_editor_setting(
    clone: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = tmp_path / "my editor.sh"
    script.write_text("#!/bin/sh\nsed -i 's/^title: .*/title: Edited by the configured editor/' \"$1\"\n")
    script.chmod(0o755)
    set_editor = CliRunner().invoke(cli, ["config", "set", "editor", f"'{script}'"])
    assert set_editor.exit_code == 0, set_editor.output
    assert editor_command(clone) == [str(script)]

    async def edit(app: CopApp, pilot: Any) -> None:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # headless: no terminal to hand over
        assert entry_list(app).select_id("3m3bnt9w")
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)

    _drive(monkeypatch, edit)
    assert CliRunner().invoke(cli, ["--as", "ada", "tui"]).exit_code == 0
    (path,) = (clone / "entries").glob("*/3m3bnt9w-*.md")
    assert "title: Edited by the configured editor" in path.read_text(encoding="utf-8")


def test_the_environment_wins_over_the_config_and_names_itself(
    clone: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CliRunner().invoke(cli, ["config", "set", "editor", "nano"]).exit_code == 0
    assert editor_command(clone) == ["nano"]
    monkeypatch.setenv("VISUAL", "code --wait")
    assert editor_command(clone) == ["code", "--wait"]
    monkeypatch.setenv("VISUAL", "'unclosed")
    with pytest.raises(EditorFailed, match=r"\$VISUAL"):
        editor_command(clone)
