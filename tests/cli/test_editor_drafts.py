"""Text typed in `$EDITOR` and not saved (the editor failed, the text did not validate) is kept as a
draft in the clone's local state and offered back by the next edit of the same thing."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from cop.core import Cop
from tests.cli.test_editor import NEW, Editor, entries, run
from tests.cli.test_editor import editor as editor  # noqa: F401 - the fixture
from tests.cli.test_editor import repo as repo  # noqa: F401 - the fixture


def test_a_declined_fix_is_offered_back_and_dropped_once_saved(repo: Path, editor: Editor) -> None:
    broken = NEW.replace("community: py", "community: nowhere")
    editor.replies([broken])
    assert run(repo, "add", "--edit", input="n\n").exit_code == 1
    core = Cop.open(repo, "ada")
    assert core.draft("editor:new") == broken
    core.close()
    editor.replies([NEW])
    result = run(repo, "add", "--edit", input="y\n")
    assert result.exit_code == 0, result.output
    assert "was not saved: start from its text?" in result.stderr
    assert editor.data["seen"][0] == broken  # offered back, not a fresh template
    assert len(entries(repo)) == 1
    core = Cop.open(repo, "ada")
    assert core.draft("editor:new") is None
    core.close()


def test_a_declined_draft_stays_for_later(repo: Path, editor: Editor) -> None:
    core = Cop.open(repo, "ada")
    core.save_draft("editor:new", NEW)
    core.close()
    editor.replies([None])  # quit without typing
    run(repo, "add", "--edit", input="n\n")
    assert "title: Profile" not in editor.data["seen"][0]
    core = Cop.open(repo, "ada")
    assert core.draft("editor:new") == NEW
    core.close()


def test_an_editor_that_fails_after_typing_keeps_the_text(
    repo: Path, editor: Editor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = Cop.open(repo, "ada")
    entry = core.add_entry("lesson", "Old title", "py", body="old body")
    core.close()
    script = tmp_path / "crash.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\np = Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('old body', 'half of a new body'))\nsys.exit(9)\n"
    )
    monkeypatch.setenv("EDITOR", shlex.join([sys.executable, str(script)]))
    result = run(repo, "edit", entry.id)
    assert result.exit_code != 0
    core = Cop.open(repo, "ada")
    kept = core.draft(f"editor:{entry.id}")
    assert kept is not None and "half of a new body" in kept
    assert core.entry(entry.id).body == "old body\n"  # nothing saved
    core.close()
    monkeypatch.setenv("EDITOR", editor.command)
    editor.replies([kept])
    result = run(repo, "edit", entry.id, input="y\n")
    assert result.exit_code == 0, result.output
    core = Cop.open(repo, "ada")
    assert core.entry(entry.id).body == "half of a new body\n"
    assert core.draft(f"editor:{entry.id}") is None
    core.close()
