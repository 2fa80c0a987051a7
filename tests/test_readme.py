"""The README's tour is true: each `$ cop …` command in it runs, in order, on a copy of the bundled
example, and says what the README shows (write confirmations word for word, listed ids and counts)."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cop.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
TOUR_NOW = "2026-12-01T09:00:00Z"
ID = re.compile(r"\b[0-9a-z]{8}\b")


@dataclass
class Step:
    command: str
    shown: list[str]  # the output lines the README shows under it


def tour_steps() -> list[Step]:
    """The `$ cop …` commands of the README's console blocks, with the lines printed under each."""
    text = README.read_text(encoding="utf-8")
    tour = text.split("## A tour", 1)[1].split("\n## ", 1)[0]
    steps: list[Step] = []
    for block in re.findall(r"```console\n(.*?)```", tour, flags=re.S):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if not line.startswith("$ "):
                if steps:
                    steps[-1].shown.append(line.rstrip())
                continue
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1] + " " + lines[i].strip()
                i += 1
            steps.append(Step(command, []))
    return steps


def test_the_tour_has_commands() -> None:
    steps = tour_steps()
    assert len(steps) >= 8
    assert all(s.command.startswith("cop ") for s in steps), [s.command for s in steps]


def test_every_tour_command_runs_and_says_what_the_readme_shows(
    example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COP_REPO", str(example_path))
    monkeypatch.setenv("COP_NOW", TOUR_NOW)
    renamed: dict[str, str] = {}  # ids the README shows for records it creates -> the ids made here
    for step in tour_steps():
        words = shlex.split(step.command.split(" | ")[0])[1:]
        words = [renamed.get(w, w) for w in words]
        result = CliRunner().invoke(app, words)
        assert result.exit_code == 0, f"{step.command}\n{result.output}"
        said = result.stderr.strip()
        said_lines = r"(accepted|asked|added|logged|likely experts) "  # what a write says on stderr
        wrote = [line for line in step.shown if re.match(said_lines, line)]
        if wrote:  # a write: the confirmation, word for word once new ids are matched up
            for readme_id, real_id in zip(ID.findall(wrote[0]), ID.findall(said), strict=True):
                renamed.setdefault(readme_id, real_id)
            expected = "\n".join(wrote)  # what the write said on stderr, line by line
            for readme_id, real_id in renamed.items():
                expected = expected.replace(readme_id, real_id)
            assert said == expected
        elif "--json" in words:
            assert step.shown and str(len(json.loads(result.stdout))) == step.shown[0]
        elif step.shown and step.shown[0].startswith("╭"):  # a rendered entry: its title is printed
            title = step.shown[1].strip("│ ")
            assert f"title: {title}" in result.stdout
        elif len(step.shown) > 1 and step.shown[1].startswith("─"):  # a table: same first column, in order
            shown = [line.split()[0] for line in step.shown[2:] if line and not line.startswith(" ")]
            printed = [line.split("\t")[0] for line in result.stdout.splitlines()]
            assert printed == shown, step.command
        elif step.shown and step.shown[0] != "…":
            first = step.shown[0]
            assert first in result.stdout or first in said, f"{step.command}: {first!r} not printed"
