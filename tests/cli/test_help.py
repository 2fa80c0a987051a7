"""Every command of `cop` has help text and is documented by its full name in README.md or docs/*.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from cop.cli import app

ROOT = Path(__file__).resolve().parents[2]


def all_commands() -> list[tuple[str, Any]]:
    """(full name, click command) for every command and sub-command, e.g. ('cop mentor log', …)."""
    found: list[tuple[str, Any]] = []

    def walk(prefix: str, command: Any) -> None:
        if not hasattr(command, "list_commands"):
            return
        ctx = command.make_context(prefix.split()[-1], [], resilient_parsing=True)
        for name in sorted(command.list_commands(ctx)):  # the root builds each one lazily on request
            sub = command.get_command(ctx, name)
            full = f"{prefix} {name}"
            found.append((full, sub))
            walk(full, sub)

    walk("cop", get_command(app))
    return found


def documentation() -> str:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(f.read_text(encoding="utf-8") for f in files if f.is_file())


COMMANDS = all_commands()


def test_the_command_tree_is_complete() -> None:
    names = {name for name, _ in COMMANDS}
    mine = {"init", "whoami", "doctor", "reindex", "add", "list", "show", "edit", "rm", "search", "tags"}
    mine |= {"ask", "answer", "accept"}
    assert {f"cop {n}" for n in mine} <= names
    assert {"cop mentor log", "cop community add", "cop member show"} <= names


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_and_is_documented(name: str, command: Any) -> None:
    assert (command.help or "").strip(), f"{name} has no help text"
    assert re.search(rf"{re.escape(name)}(?![\w-])", documentation()), f"{name} is not in README.md or docs/"
    for param in command.params:
        if getattr(param, "param_type_name", "") == "option" and param.name != "help":
            assert (getattr(param, "help", "") or "").strip(), f"{name} {param.opts[0]} has no help text"


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS])
def test_help_runs(name: str) -> None:
    result = CliRunner().invoke(app, [*name.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout


def test_my_options_are_in_cli_md() -> None:
    """Each option of the entry and repo commands is named in docs/cli.md."""
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    mine = {"init", "whoami", "doctor", "reindex", "add", "list", "show", "edit", "rm", "search", "tags"}
    mine |= {"ask", "answer", "accept"}
    for name, command in COMMANDS:
        if name.split()[1] not in mine or len(name.split()) != 2:
            continue
        assert f"### `{name}" in doc, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert f"`{opt}" in doc, f"{name} {opt}"
