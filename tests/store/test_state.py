"""`.cop/state.json`: the clone's local state in TinyDB, namespaced, shared safely between processes,
never holding a record."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cop.core import Cop
from cop.store.state import State


def test_values_are_namespaced_and_survive_a_new_process(tmp_path: Path) -> None:
    state = State(tmp_path / ".cop")
    assert state.get("drafts", "x") is None and state.items("seen") == {}
    state.put("drafts", "x", {"text": "half a sentence"})
    state.put("seen", "x", "2024-01-01T00:00:00Z")
    state.put("preferences", "sort", "title")
    assert state.get("drafts", "x") == {"text": "half a sentence"}
    assert state.get("seen", "x") == "2024-01-01T00:00:00Z"  # same key, another namespace
    code = (
        "import sys; from pathlib import Path; from cop.store.state import State;"
        "print(State(Path(sys.argv[1])).get('preferences', 'sort'))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / ".cop")], capture_output=True, text=True)
    assert out.stdout.strip() == "title"
    state.delete("drafts", "x")
    assert state.get("drafts", "x") is None
    with pytest.raises(ValueError):
        state.put("entries", "x", 1)


def test_a_returned_value_is_a_copy(tmp_path: Path) -> None:
    state = State(tmp_path / ".cop")
    state.put("viewed", "entries", ["a"])
    state.get("viewed", "entries").append("b")
    assert state.get("viewed", "entries") == ["a"]


def test_concurrent_writers_keep_every_key(tmp_path: Path) -> None:
    cache = tmp_path / ".cop"
    code = (
        "import sys; from pathlib import Path; from cop.store.state import State\n"
        "s = State(Path(sys.argv[1]))\n"
        "for i in range(15): s.put('seen', sys.argv[2] + str(i), i)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(cache), f"p{n}-"]) for n in range(4)]
    assert [p.wait() for p in procs] == [0, 0, 0, 0]
    assert len(State(cache).items("seen")) == 60


def test_a_damaged_file_reads_as_empty_and_is_moved_aside_not_lost(tmp_path: Path) -> None:
    cache = tmp_path / ".cop"
    cache.mkdir()
    (cache / "state.json").write_text('{"drafts": [1, 2')
    state = State(cache)
    assert state.get("drafts", "x") is None
    state.put("drafts", "x", "new")
    assert (cache / "state.json.damaged").read_text() == '{"drafts": [1, 2'
    assert state.get("drafts", "x") == "new"


def test_the_core_keeps_drafts_marks_preferences_and_views_but_never_a_record(cop: Cop) -> None:
    entry = cop.add_entry("lesson", "A lesson", "py", body="words")
    cop.save_draft("editor:new", "typed text")
    cop.mark_seen("digest:py", "2024-05-01T00:00:00Z")
    cop.set_preference("tui.sort", "title")
    cop.viewed(entry.id)
    cop.viewed("zzzzzzzz")
    cop.viewed(entry.id)
    assert cop.draft("editor:new") == "typed text"
    assert cop.last_seen("digest:py") == "2024-05-01T00:00:00Z"
    assert cop.preference("tui.sort") == "title"
    assert cop.recently_viewed() == [entry.id, "zzzzzzzz"]
    cop.save_draft("editor:new", "  ")  # an empty draft is no draft
    assert cop.draft("editor:new") is None
    data = json.loads((cop.root / ".cop" / "state.json").read_text())
    assert set(data) <= {"drafts", "seen", "preferences", "viewed"}
    assert "A lesson" not in json.dumps(data)
