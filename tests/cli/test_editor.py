"""The `$VISUAL`/`$EDITOR` path of `cop add`, `ask`, `answer` and `edit`, with a script as the editor.

The script replays prepared texts, one per run, into the file it is given, and records what it was
shown, so each test can check both what cop offered and what cop saved.
"""

from __future__ import annotations

import json
import shlex
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop
from cop.store import parse_entry_text

SCRIPT = """
import json, sys
from pathlib import Path
state = Path(sys.argv[1])
target = Path(sys.argv[2])
data = json.loads(state.read_text())
data["seen"].append(target.read_text())
data["paths"].append(str(target))
reply = data["replies"].pop(0)
if reply == "FAIL":
    state.write_text(json.dumps(data))
    sys.exit(3)
if reply is not None:  # None: leave the file as it is (quit without saving)
    target.write_text(reply)
state.write_text(json.dumps(data))
"""


class Editor:
    """A fake editor: `replies` are the texts it saves, in order."""

    def __init__(self, folder: Path) -> None:
        self.script = folder / "editor.py"
        self.script.write_text(SCRIPT, encoding="utf-8")
        self.state = folder / "editor-state.json"
        self.replies([])

    def replies(self, texts: list[str | None]) -> None:
        self.state.write_text(json.dumps({"replies": texts, "seen": [], "paths": []}), encoding="utf-8")

    @property
    def data(self) -> dict[str, list[str]]:
        loaded = json.loads(self.state.read_text(encoding="utf-8"))
        assert isinstance(loaded, dict)
        return loaded

    @property
    def command(self) -> str:
        return shlex.join([sys.executable, str(self.script), str(self.state)])


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Editor:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # kept drafts land in the test's folder
    fake = Editor(tmp_path)
    monkeypatch.setenv("EDITOR", fake.command)
    monkeypatch.setenv("COP_USER", "ada")
    return fake


@pytest.fixture
def repo(cop: Cop) -> Path:
    return cop.repo.root


def run(repo: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), *args], input=input)


def entries(repo: Path) -> list[Path]:
    return sorted((repo / "entries").rglob("*.md"))


NEW = "---\nkind: how-to\ntitle: Profile a slow test\ncommunity: py\ntags:\n- pytest\n---\nUse --durations.\n"


def test_add_opens_a_template_for_the_kind(repo: Path, editor: Editor) -> None:
    editor.replies([NEW])
    result = run(repo, "add", "--edit", "--kind", "how-to", "--community", "py", "--tag", "pytest")
    assert result.exit_code == 0, result.output
    [template] = editor.data["seen"]
    assert template.startswith("---\n")
    assert "kind: how-to" in template and "community: py" in template and "- pytest" in template
    assert "## Steps" in template  # the how-to's body hints
    [path] = entries(repo)
    saved = parse_entry_text(path.read_text(encoding="utf-8"))
    assert saved.title == "Profile a slow test"
    assert saved.author == "ada"
    assert saved.body == "Use --durations.\n"
    assert not Path(editor.data["paths"][0]).exists()  # the temporary file is cleaned up


def test_visual_wins_over_editor(repo: Path, editor: Editor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.setenv("VISUAL", editor.command)
    editor.replies([NEW])
    assert run(repo, "add", "--edit").exit_code == 0
    assert len(entries(repo)) == 1


def test_an_invalid_text_can_be_fixed_after_reopening(repo: Path, editor: Editor) -> None:
    broken = NEW.replace("kind: how-to", "kind: recipe")
    editor.replies([broken, NEW])
    result = run(repo, "add", "--edit", input="y\n")
    assert result.exit_code == 0, result.output
    assert "error: kind: 'recipe' is not one of" in result.stderr
    assert "re-open the editor?" in result.stderr
    assert editor.data["seen"][1] == broken  # reopened on what they typed, not on a fresh template
    assert len(entries(repo)) == 1


def test_a_declined_fix_keeps_the_text_and_says_where(repo: Path, editor: Editor) -> None:
    broken = NEW.replace("community: py", "community: nowhere")
    editor.replies([broken])
    result = run(repo, "add", "--edit", input="n\n")
    assert result.exit_code == 1
    assert entries(repo) == []
    kept = Path(editor.data["paths"][0])
    assert kept.read_text(encoding="utf-8") == broken
    assert (
        f"error: nothing saved; your text is kept in {kept}: fix it, then run cop add --from-file {kept}"
        in (result.stderr)
    )
    # the promised way back works once the text is fixed
    kept.write_text(NEW, encoding="utf-8")
    assert run(repo, "add", "--from-file", str(kept)).exit_code == 0
    assert len(entries(repo)) == 1


def test_no_answer_to_the_question_keeps_the_text(repo: Path, editor: Editor, tmp_path: Path) -> None:
    editor.replies(["---\ntitle: no kind\n---\n"])
    result = run(repo, "add", "--edit")  # stdin at end of input: cannot ask, so do not loop
    assert result.exit_code == 1
    assert "kind: is required" in result.stderr
    assert Path(editor.data["paths"][0]).parent == tmp_path
    assert Path(editor.data["paths"][0]).exists()


def test_an_unchanged_template_saves_nothing(repo: Path, editor: Editor) -> None:
    editor.replies([None])
    result = run(repo, "add", "--edit", "--kind", "lesson", "--title", "T", "--community", "py")
    assert result.exit_code == 1
    assert "nothing saved" in result.stderr
    assert entries(repo) == []


def test_a_failing_editor_saves_nothing(repo: Path, editor: Editor) -> None:
    editor.replies(["FAIL"])
    result = run(repo, "add", "--edit")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: the editor exited with status 3; nothing was saved"
    assert entries(repo) == []


def test_a_missing_editor_is_a_clear_error(
    repo: Path, editor: Editor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "/no/such/editor --wait")
    result = run(repo, "add", "--edit")
    assert result.exit_code == 1
    assert "cannot run the editor '/no/such/editor'" in result.stderr
    assert "Traceback" not in result.output


def test_no_editor_at_all(
    repo: Path, editor: Editor, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("EDITOR")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run(repo, "add", "--edit")
    assert result.exit_code == 1
    assert "no editor found: set EDITOR" in result.stderr


def test_edit_without_options_opens_the_whole_entry(repo: Path, cop: Cop, editor: Editor) -> None:
    entry = cop.add_entry("lesson", "Old title", "py", body="Old body.")
    shown = cop.entry_text(cop.entry(entry.id))
    editor.replies([shown.replace("Old title", "New title").replace("Old body.", "New body.")])
    result = run(repo, "edit", entry.id)
    assert result.exit_code == 0, result.output
    assert editor.data["seen"] == [shown]
    again = cop.entry(entry.id)
    assert (again.title, again.body) == ("New title", "New body.\n")


def test_edit_with_no_change_writes_nothing(repo: Path, cop: Cop, editor: Editor) -> None:
    entry = cop.add_entry("lesson", "Same", "py")
    before = (repo / entry.path).read_bytes()
    editor.replies([None])
    result = run(repo, "edit", entry.id)
    assert result.exit_code == 0, result.output
    assert f"no changes to {entry.id}" in result.stderr
    assert (repo / entry.path).read_bytes() == before


def test_edit_refuses_a_changed_id_and_keeps_the_text(repo: Path, cop: Cop, editor: Editor) -> None:
    entry = cop.add_entry("lesson", "Keep my id", "py")
    changed = cop.entry_text(cop.entry(entry.id)).replace(f"id: {entry.id}", "id: zzzzzzzz")
    editor.replies([changed])
    before = (repo / entry.path).read_bytes()
    result = run(repo, "edit", entry.id, input="n\n")
    assert result.exit_code == 1
    assert "the id cannot change" in result.stderr
    assert f"cop edit {entry.id} --from-file" in result.stderr
    assert (repo / entry.path).read_bytes() == before


def test_answer_and_ask_in_the_editor(repo: Path, cop: Cop, editor: Editor) -> None:
    question = cop.ask("py", "How?")
    editor.replies(["Like this.\n"])
    result = run(repo, "answer", question.id, "--edit", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["body"] == "Like this.\n"
    assert editor.data["seen"] == [""]
    editor.replies([None])
    assert run(repo, "answer", question.id, "--edit").exit_code == 1
    editor.replies(["---\nkind: question\ntitle: Why?\ncommunity: py\n---\nDetails.\n"])
    result = run(repo, "ask", "--edit", "--community", "py")
    assert result.exit_code == 0, result.output
    assert "community: py" in editor.data["seen"][0]


def test_edit_and_a_body_together_is_a_usage_error(repo: Path, editor: Editor) -> None:
    result = run(repo, "add", "--edit", "--body", "x")
    assert result.exit_code == 2
    assert "not both" in result.stderr
    assert editor.data["seen"] == []
