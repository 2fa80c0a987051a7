"""Every write command of the people groups reports a saved record one way (`records.report_saved`):
`WHAT: PATH` as the last stderr line, and with --json the record as saved on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop


@pytest.mark.parametrize(
    ("args", "said", "key"),
    [
        (
            ["community", "add", "sre", "--name", "SRE", "--kind", "corporate"],
            "added community sre (SRE): communities/sre.yaml",
            ("slug", "sre"),
        ),
        (
            ["community", "edit", "py", "--name", "Pythonistas"],
            "updated community py (Pythonistas): communities/py.yaml",
            ("name", "Pythonistas"),
        ),
        (
            ["community", "archive", "py"],
            "archived community py (Python Guild): communities/py.yaml",
            ("status", "archived"),
        ),
        (
            ["member", "add", "cy", "--name", "Cy", "--email", "cy@example.org"],
            "added member cy (Cy): members/cy.yaml",
            ("handle", "cy"),
        ),
        (
            ["member", "edit", "bob", "--team", "web"],
            "updated member bob (Bob Builder): members/bob.yaml",
            ("team", "web"),
        ),
        (
            ["mentor", "request", "--topic", "rust", "--member", "bob"],
            "bob is seeking a mentor in rust; see 'cop mentor match bob': members/bob.yaml",
            ("seeking_mentor", True),
        ),
    ],
    ids=lambda value: " ".join(value[:2]) if isinstance(value, list) else "",
)
def test_a_saved_record_is_reported_one_way(
    cop: Cop, args: list[str], said: str, key: tuple[str, object]
) -> None:
    root: Path = cop.repo.root
    result = CliRunner().invoke(app, ["--repo", str(root), "--as", "ada", *args, "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines()[-1] == said
    data = json.loads(result.stdout)
    assert data[key[0]] == key[1]
