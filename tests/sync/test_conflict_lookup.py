"""During a conflict an entry's file cannot be parsed, so it is not in the index: `cop show ID` and
`cop edit ID` say which file holds conflict markers and how to resolve it, not "no entry with id"."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cop.cli import app
from tests.sync.conftest import Shared, edit
from tests.sync.test_sync import ok, shared_entry

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize("command", [["show"], ["edit", "--add-tag", "x"]])
def test_show_and_edit_of_a_conflicted_entry_name_its_file(shared: Shared, command: list[str]) -> None:
    entry = shared_entry(shared)
    edit(shared, shared.a, "ada", lambda c: c.edit_entry(entry.id, body="Ada's first.\n"))
    edit(shared, shared.b, "bob", lambda c: c.edit_entry(entry.id, body="Bob's first.\n"))
    ok(shared.sync(shared.a, "ada"))
    assert shared.sync(shared.b, "bob").exit_code == 1  # the same paragraph on both sides: markers

    verb, *rest = command
    result = CliRunner().invoke(app, ["--repo", str(shared.b), "--as", "bob", verb, entry.id, *rest])
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert entry.path in lines[0] and "conflict" in lines[0]
    assert "cop sync" in lines[0] and "no entry with id" not in lines[0]
    assert "<<<<<<<" in (shared.b / entry.path).read_text()  # nothing was written over it


def test_an_unknown_id_still_says_no_entry(shared: Shared) -> None:
    result = CliRunner().invoke(app, ["--repo", str(shared.b), "show", "zzzzzzzz"])
    assert result.exit_code != 0 and "no entry with id 'zzzzzzzz'" in result.stderr
