"""Messages that say what happened: join twice, dry-run ids, goal counts, the charter, NO_COLOR, a note
given to `cop import` without --markdown (issue 18 item 9)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.commands import output
from cop.core import Cop


def run(repo: Path, *args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", *args], **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI as on a 100-column terminal that takes colour (Rich's FORCE_COLOR), fresh consoles."""
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    output.console.cache_clear()
    output.err_console.cache_clear()
    yield
    output.console.cache_clear()
    output.err_console.cache_clear()


def test_join_twice_says_already_a_member(cop: Cop) -> None:
    cop.add_community("js", "JS Guild", "professional")
    first = run(cop.repo.root, "join", "js")
    assert first.exit_code == 0 and "ada is now a member of js" in first.stderr
    again = run(cop.repo.root, "join", "js")
    assert again.exit_code == 0 and "ada is already a member of js" in again.stderr
    changed = run(cop.repo.root, "join", "js", "--role", "coordinator")
    assert "ada is now a coordinator of js" in changed.stderr


def test_markdown_dry_run_shows_the_ids_the_import_writes(cop: Cop, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Pin deps\n\nUse a lock file.\n")
    (notes / "b.md").write_text("# Run tests\n\nIn CI.\n")
    dry = run(cop.repo.root, "import", "--markdown", str(notes), "--community", "py", "--dry-run")
    assert dry.exit_code == 0, dry.output
    promised = set(re.findall(r"would add entry ([0-9a-z]{8})", dry.stdout))
    assert len(promised) == 2
    real = run(cop.repo.root, "import", "--markdown", str(notes), "--community", "py")
    assert real.exit_code == 0, real.output
    assert set(re.findall(r"add entry ([0-9a-z]{8})", real.stdout)) == promised
    assert {e.id for e in cop.entries()} >= promised


@pytest.mark.parametrize("name", ["note.md", "notes"])
def test_import_of_a_note_without_markdown_suggests_it(cop: Cop, tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    if name.endswith(".md"):
        source.write_text("# A note\n")
    else:
        source.mkdir()
    result = run(cop.repo.root, "import", str(source))
    assert result.exit_code != 0
    assert "--markdown --community C" in result.stderr and "Traceback" not in result.output


def test_goal_counts_leave_dropped_goals_out(cop: Cop) -> None:
    m = cop.add_mentorship("ada", "bob", community="py", goals=["one", "two", "three"])
    cop.set_goal(m.id, 1, "done")
    cop.set_goal(m.id, 3, "dropped")
    listed = run(cop.repo.root, "mentor", "list")
    assert listed.stdout.split("\t")[6] == "1/2"
    shown = run(cop.repo.root, "mentor", "show", m.id)
    assert "goals (1/2 done):" in shown.stdout


def test_community_show_renders_the_charter_markdown(cop: Cop, terminal: None) -> None:
    cop.add_community("js", "JS Guild", "professional", charter="## Norms\n\n- be **kind**\n- `[red]`\n")
    result = run(cop.repo.root, "community", "show", "js")
    assert result.exit_code == 0, result.output
    shown = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "## Norms" not in shown and "**kind**" not in shown  # rendered, not raw
    assert "Norms" in shown and "• be kind" in shown and "[red]" in shown


def test_community_show_off_a_terminal_keeps_the_charter_as_written(cop: Cop) -> None:
    cop.add_community("js", "JS Guild", "professional", charter="## Norms\n\n- be **kind**\n")
    result = run(cop.repo.root, "community", "show", "js")
    assert "  ## Norms" in result.stdout and "  - be **kind**" in result.stdout


_COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;[0-9;]+)m")


def test_no_color_removes_colour_and_keeps_bold(
    cop: Cop, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def warned() -> str:  # deleting a question but keeping its answer prints a (yellow) warning
        question = cop.add_entry("question", "Why?", "py")
        cop.answer(question.id, "Because.")
        return run(cop.repo.root, "rm", "-y", "--keep-answers", question.id).stderr

    assert _COLOUR.search(warned())  # `warning:` is yellow on a colour terminal
    monkeypatch.setenv("NO_COLOR", "1")
    output.console.cache_clear()
    output.err_console.cache_clear()
    plain = run(cop.repo.root, "community", "show", "py")
    stderr = warned()
    assert "\x1b[1m" in plain.stdout  # bold stays (no-color.org: colour only)
    assert not _COLOUR.search(plain.stdout) and not _COLOUR.search(stderr)
    assert "warning:" in stderr


def test_json_unaffected(cop: Cop) -> None:
    cop.add_community("js", "JS Guild", "professional", charter="## Norms\n")
    data = json.loads(run(cop.repo.root, "community", "show", "js", "--json").stdout)
    assert (
        data["community"]["charter"] == "## Norms\n"
        if "community" in data
        else data["charter"] == "## Norms\n"
    )
