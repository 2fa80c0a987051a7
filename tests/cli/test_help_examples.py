"""Help that reads well (issue 18 item 1): choices show as choice lists, a wrong value is one clear line,
and the commands people use most end their help with an Examples block printed as lines."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.domain.filters import ENTRY_SORTS
from cop.domain.models import COMMUNITY_KINDS, ENTRY_KINDS, ENTRY_STATUSES, MENTORSHIP_STATUSES, ROLES


def help_of(*command: str) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


def choice_list(text: str, option: str) -> list[str]:
    """The `[a|b|...]` shown after `option` in help (over several lines), as its values."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.search(rf"{option}\b", line))
    found = ""
    for line in lines[start:]:
        cell = line[line.index("[") :] if not found else line.strip("│ ").split("  ")[0]
        found += cell.split("  ")[0].strip()
        if "]" in found:
            break
    return found.strip("[]").split("|")


@pytest.mark.parametrize(
    ("command", "option", "values"),
    [
        (["list"], "--kind", ENTRY_KINDS),
        (["list"], "--status", (*ENTRY_STATUSES, "all")),
        (["list"], "--sort", ENTRY_SORTS),
        (["add"], "--kind", ENTRY_KINDS),
        (["add"], "--status", ("published", "draft")),
        (["search"], "--kind", ENTRY_KINDS),
        (["export"], "--format", ("json", "yaml", "html")),
        (["community", "add"], "--kind", COMMUNITY_KINDS),
        (["join"], "--role", ROLES),
        (["mentor", "list"], "--status", MENTORSHIP_STATUSES),
    ],
)
def test_choices_show_as_a_choice_list(command: list[str], option: str, values: tuple[str, ...]) -> None:
    text = help_of(*command)
    assert choice_list(text, option) == list(values)
    assert "<str>" not in text.split(option, 1)[1].splitlines()[0]


def test_a_long_choice_list_breaks_between_values_never_inside_one() -> None:
    text = help_of("list")
    for value in ENTRY_KINDS:
        assert value in text  # whole, on one line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--kind", "bogus"], "error: kind: 'bogus' is not one of: best-practice, how-to,"),
        (
            ["list", "--sort", "bogus"],
            "error: sort: 'bogus' is not one of: updated, created, title, endorsements",
        ),
    ],
)
def test_a_wrong_choice_is_one_line(repo_path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["--repo", str(repo_path), *args])
    assert result.exit_code != 0
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["add"], ["list"], ["show"], ["search"], ["ask"], ["sync"]])
def test_the_most_used_commands_end_with_examples_as_lines(command: list[str]) -> None:
    text = help_of(*command)
    assert "Examples:" in text
    after = text.split("Examples:", 1)[1]
    shown = [line.strip() for line in after.splitlines() if line.strip().startswith("cop ")]
    assert len(shown) >= 2  # one command a line, not one paragraph
    assert all(line.startswith(f"cop {command[0]}") or line.startswith("cop status") for line in shown)
