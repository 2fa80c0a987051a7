"""Onboarding paths and progress changed in two clones at once all survive `cop sync` (real git, a bare
remote, the merge driver), and travel through export and import."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from tests.sync.conftest import Shared, edit, git


def _ok(result: object) -> None:
    assert getattr(result, "exit_code", 1) == 0, getattr(result, "output", result)


def _seed(shared: Shared) -> list[str]:
    """Path `py-start` with steps A (an entry), B, C (tasks); bob has done A and B. Both clones have it."""

    def make(core: Cop) -> list[str]:
        entry = core.add_entry("how-to", "Set up", "py")
        core.add_path("py-start", "Python at Acme", "py")
        core.edit_path("py-start", add_entry=entry.id)
        core.edit_path("py-start", add_task="B")
        core.edit_path("py-start", add_task="C")
        core.mark_done("py-start", 1, member="bob")
        core.mark_done("py-start", 2, member="bob")
        return [s.id for s in core.learning_path("py-start").steps]

    steps = edit(shared, shared.a, "ada", make)
    assert isinstance(steps, list)
    _ok(shared.sync(shared.a, "ada"))
    _ok(shared.sync(shared.b, "bob"))
    return steps


def _both(shared: Shared) -> None:
    _ok(shared.sync(shared.a, "ada"))
    _ok(shared.sync(shared.b, "bob"))
    _ok(shared.sync(shared.a, "ada"))


def test_steps_added_and_moved_in_two_clones_and_marks_made_at_once_all_survive(shared: Shared) -> None:
    a, b, c = _seed(shared)

    def ada_side(core: Cop) -> None:
        core.edit_path("py-start", add_task="D from ada")
        core.mark_done("py-start", 1)  # ada's own progress file
        core.edit_path("py-start", remove=2)  # takes B's mark out of bob's file

    def bob_side(core: Cop) -> None:
        core.edit_path("py-start", move=(3, 1))  # C first
        core.mark_done("py-start", 1)  # C, step 1 since the move: bob's file, changed in both clones
        core.add_path("py-more", "More", "py")
        core.start_path("py-more")  # bob on a second path: another file of his

    edit(shared, shared.a, "ada", ada_side)
    edit(shared, shared.b, "bob", bob_side)
    _both(shared)
    for clone in (shared.a, shared.b):
        core = shared.core(clone, "ada")
        path = core.learning_path("py-start")
        assert [s.task or "A" for s in path.steps] == ["C", "A", "D from ada"]
        assert not path.superseded
        bob = core.progress("py-start", "bob")
        assert sorted(m.step for m in bob.done) == sorted([a, c])  # B's mark went with B
        standing = {s.member: (s.done, s.next) for s in core.path_status("py-start").members}
        assert standing == {"ada": (1, 1), "bob": (2, 3)}
        assert [n.path.slug for n in core.next_steps("bob")] == ["py-more", "py-start"]
        assert core.doctor() == []
        core.close()
    for name in ("paths/py-start.yaml", "progress/py-start/bob.yaml", "progress/py-start/ada.yaml"):
        assert (shared.a / name).read_bytes() == (shared.b / name).read_bytes(), name
    attributes = (shared.b / ".gitattributes").read_text()
    assert "paths/*.yaml merge=cop" in attributes and "progress/*/*.yaml merge=cop" in attributes


def test_two_members_marking_steps_at_once_never_touch_one_file(shared: Shared) -> None:
    _seed(shared)
    edit(shared, shared.a, "ada", lambda core: core.mark_done("py-start", 2, note="ada's"))
    edit(shared, shared.b, "bob", lambda core: core.mark_done("py-start", 3, note="bob's"))
    _ok(shared.sync(shared.a, "ada"))
    result = shared.sync(shared.b, "bob")
    _ok(result)
    commits = git(shared.b, "log", "--no-merges", "-2", "--name-only", "--format=%s").split("\n\n")
    assert commits == [  # each person's commit touched their own file only
        "cop: edit progress py-start/bob",
        "progress/py-start/bob.yaml\ncop: add progress py-start/ada",
        "progress/py-start/ada.yaml\n",
    ]
    core = shared.core(shared.b, "bob")
    assert [(s.member, s.done) for s in core.path_status("py-start").members] == [("bob", 3), ("ada", 1)]
    core.close()


def test_export_and_import_carry_paths_and_progress(shared: Shared, tmp_path: Path) -> None:
    steps = _seed(shared)
    bundle = tmp_path / "py.json"
    _ok(CliRunner().invoke(app, ["--repo", str(shared.a), "export", "--community", "py", "-o", str(bundle)]))
    data = json.loads(bundle.read_text())
    assert [p["slug"] for p in data["paths"]] == ["py-start"]
    assert [(p["learning_path"], p["member"]) for p in data["progress"]] == [("py-start", "bob")]
    assert [m["step"] for m in data["progress"][0]["done"]] == steps[:2]
    target = tmp_path / "other"
    _ok(CliRunner().invoke(app, ["init", str(target)]))
    _ok(CliRunner().invoke(app, ["--repo", str(target), "import", str(bundle)]))
    core = Cop.open(target, "ada")
    assert [(s.member, s.done) for s in core.path_status("py-start").members] == [("bob", 2)]
    assert core.doctor() == []
    core.close()
    for name in ("paths/py-start.yaml", "progress/py-start/bob.yaml"):
        assert (target / name).read_bytes() == (shared.a / name).read_bytes(), name
    again = CliRunner().invoke(app, ["--repo", str(target), "import", str(bundle), "--dry-run", "--json"])
    _ok(again)
    assert "add" not in {a["verb"] for a in json.loads(again.stdout)["actions"]}  # found by identity


def test_import_merges_what_was_changed_here_since_the_export(shared: Shared, tmp_path: Path) -> None:
    """A bundle's path, progress and event are found by identity and merged, not written over the local
    files (an event used to be taken for a new record and replaced, losing what changed here)."""
    _seed(shared)
    made = edit(
        shared,
        shared.a,
        "ada",
        lambda core: core.add_event("Brown bag", "py", "brown-bag", "2026-03-05T18:00Z"),
    )
    event_id = getattr(made, "id", "")
    _ok(shared.sync(shared.a, "ada"))
    _ok(shared.sync(shared.b, "bob"))
    bundle = tmp_path / "all.json"
    _ok(CliRunner().invoke(app, ["--repo", str(shared.a), "export", "-o", str(bundle)]))

    def bob_side(core: Cop) -> None:
        core.mark_done("py-start", 3)
        core.attend(event_id)

    edit(shared, shared.b, "bob", bob_side)
    _ok(CliRunner().invoke(app, ["--repo", str(shared.b), "import", str(bundle)]))
    core = shared.core(shared.b, "bob")
    assert len(core.progress("py-start").done) == 3
    assert core.event(event_id).attendees == ["bob"]
    core.close()
