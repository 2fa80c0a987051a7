"""The pager (issue 18 item 4): on a terminal, output taller than the screen goes through $COP_PAGER /
$PAGER / the `pager` setting (else `less -FRX`); never when piped; `--no-pager` and 'off' turn it off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.commands import output
from cop.core import Cop
from cop.core.paging import pager_command, run_pager


def run(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", *args])


@pytest.fixture
def pager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pager program that copies what it is given to a file: a real subprocess, no terminal needed."""
    seen = tmp_path / "paged.txt"
    script = tmp_path / "pager.sh"
    script.write_text(f'#!/bin/sh\ncat > "{seen}"\n')
    script.chmod(0o755)
    monkeypatch.setenv("COP_PAGER", f"{script} --some-option")
    monkeypatch.delenv("PAGER", raising=False)
    return seen


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "10")
    monkeypatch.setattr(output, "_pager_off", False)
    output.console.cache_clear()
    yield
    output.console.cache_clear()


@pytest.fixture
def many(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> Cop:
    monkeypatch.setenv("COP_USER", "ada")
    for number in range(30):
        cop.add_entry("how-to", f"Tip number {number}", "py")
    return cop


def test_long_list_goes_through_the_pager(many: Cop, pager: Path, terminal: None) -> None:
    result = run(many.repo.root, "list", "--limit", "100")
    assert result.exit_code == 0, result.output
    assert "Tip number 0" not in result.stdout  # the pager had it, not stdout
    assert "Tip number 0" in pager.read_text() and "Tip number 29" in pager.read_text()


def test_short_output_is_not_paged(many: Cop, pager: Path, terminal: None) -> None:
    result = run(many.repo.root, "list", "--limit", "2")
    assert "Tip number" in result.stdout and not pager.exists()


def test_no_pager_flag_and_off_setting(
    many: Cop, pager: Path, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(many.repo.root, "--no-pager", "list", "--limit", "100")
    assert "Tip number 0" in result.stdout and not pager.exists()
    monkeypatch.setattr(output, "_pager_off", False)
    monkeypatch.setenv("COP_PAGER", "off")
    result = run(many.repo.root, "list", "--limit", "100")
    assert "Tip number 0" in result.stdout and not pager.exists()


def test_never_when_piped(many: Cop, pager: Path) -> None:
    result = run(many.repo.root, "list", "--limit", "100")
    assert "Tip number 0" in result.stdout and not pager.exists()


def test_show_and_log_are_paged(many: Cop, pager: Path, terminal: None) -> None:
    entry = many.add_entry("how-to", "Long one", "py", body="\n\n".join(f"Paragraph {n}." for n in range(40)))
    result = run(many.repo.root, "show", entry.id)
    assert result.exit_code == 0, result.output
    assert "Paragraph 39." in pager.read_text() and "Paragraph 39." not in result.stdout


def test_pager_command_default_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COP_PAGER", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    assert pager_command() == ["less", "-FRX"]
    monkeypatch.setenv("PAGER", "most -s")
    assert pager_command() == ["most", "-s"]
    monkeypatch.setenv("COP_PAGER", "off")
    assert pager_command() is None


def test_a_missing_pager_prints_directly(many: Cop, terminal: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_pager("x", ["/nonexistent/pager"]) is False
    monkeypatch.setenv("COP_PAGER", "/nonexistent/pager")
    result = run(many.repo.root, "list", "--limit", "100")
    assert "Tip number 0" in result.stdout


def test_insights_are_paged(many: Cop, pager: Path, terminal: None) -> None:
    result = run(many.repo.root, "insights")
    assert result.exit_code == 0, result.output
    assert "Insights: all communities" in pager.read_text() and "Insights: py" in pager.read_text()
    assert "Insights:" not in result.stdout
