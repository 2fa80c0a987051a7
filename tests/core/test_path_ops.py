"""Onboarding path operations on a real repo, without the CLI: writing a path and its steps, following
it, marking steps done, what is next, where every follower stands (counted in SQL), flagged steps, the
files' bytes, and `cop doctor` on dangling references."""

from __future__ import annotations

from pathlib import Path

import pytest

from cop.core import Cop
from cop.domain.errors import AlreadyExists, NotFound, UsageError
from cop.store import Repo


@pytest.fixture(autouse=True)
def now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_NOW", "2026-05-01T10:00:00Z")


@pytest.fixture
def onboarding(cop: Cop) -> tuple[str, str]:
    """Path `py-start` in py: read entry A, a task, read entry B. Returns the entries' ids."""
    first = cop.add_entry("how-to", "Set up your laptop", "py")
    second = cop.add_entry("best-practice", "Pin your dependencies", "py")
    cop.add_path("py-start", "Python at Acme", "py", audience="new Python developers")
    cop.edit_path("py-start", add_entry=first.id, expected_days=1)
    cop.edit_path("py-start", add_task="Pair on a review with a coordinator", expected_days=3)
    cop.edit_path("py-start", add_entry=second.id[:5])
    return first.id, second.id


def test_the_path_file_holds_steps_by_id_with_defaults_left_out(
    cop: Cop, onboarding: tuple[str, str], repo_path: Path
) -> None:
    first, second = onboarding
    text = (repo_path / "paths/py-start.yaml").read_text()
    step_ids = [s.id for s in cop.learning_path("py-start").steps]
    assert text == (
        "slug: py-start\ntitle: Python at Acme\ncommunity: py\naudience: new Python developers\nsteps:\n"
        f"- id: {step_ids[0]}\n  entry: {first}\n  expected_days: 1\n"
        f"- id: {step_ids[1]}\n  task: Pair on a review with a coordinator\n  expected_days: 3\n"
        f"- id: {step_ids[2]}\n  entry: {second}\n"
        "created: '2026-05-01T10:00:00Z'\nupdated: '2026-05-01T10:00:00Z'\n"
    )


def test_move_and_remove_count_from_one_and_removing_drops_the_marks(
    cop: Cop, onboarding: tuple[str, str], repo_path: Path
) -> None:
    first, second = onboarding
    cop.mark_done("py-start", 1, member="bob")
    cop.mark_done("py-start", 3, member="bob", note="read it")
    before = [s.id for s in cop.learning_path("py-start").steps]
    moved = cop.edit_path("py-start", move=(3, 1))
    assert [s.id for s in moved.steps] == [before[2], before[0], before[1]]
    assert cop.path_status("py-start").members[0].done == 2  # marks follow their steps, not places
    removed = cop.edit_path("py-start", remove=1)
    assert [s.id for s in removed.steps] == [before[0], before[1]]
    progress = cop.progress("py-start", "bob")
    assert [m.step for m in progress.done] == [before[0]]
    assert "read it" not in (repo_path / "progress/py-start/bob.yaml").read_text()
    with pytest.raises(UsageError, match="steps 1 to 2, not 5"):
        cop.edit_path("py-start", move=(1, 5))
    with pytest.raises(UsageError, match="one step change at a time"):
        cop.edit_path("py-start", add_task="x", remove=1)
    with pytest.raises(UsageError, match="nothing to change"):
        cop.edit_path("py-start")
    with pytest.raises(UsageError, match="--expected-days goes with"):
        cop.edit_path("py-start", expected_days=3)
    with pytest.raises(NotFound, match="no entry"):
        cop.edit_path("py-start", add_entry="zzzzzzzz")


def test_start_and_done_write_one_file_per_member(
    cop: Cop, onboarding: tuple[str, str], repo_path: Path
) -> None:
    progress = cop.start_path("py-start")
    assert progress.path == "progress/py-start/ada.yaml"
    assert (repo_path / progress.path).read_text() == (
        "learning_path: py-start\nmember: ada\nstarted: '2026-05-01'\n"
    )
    with pytest.raises(AlreadyExists, match="ada already follows path py-start"):
        cop.start_path("py-start")
    saved, started = cop.mark_done("py-start", 2, note="paired with ada")
    assert not started and [m.note for m in saved.done] == ["paired with ada"]
    with pytest.raises(UsageError, match="was done already, on 2026-05-01"):
        cop.mark_done("py-start", 2)
    saved, started = cop.mark_done("py-start", 1, member="bob")  # never started: done starts it
    assert started and saved.path == "progress/py-start/bob.yaml"
    assert sorted(p.name for p in (repo_path / "progress/py-start").iterdir()) == ["ada.yaml", "bob.yaml"]
    with pytest.raises(NotFound, match="no member 'ghost'"):
        cop.start_path("py-start", "ghost")
    with pytest.raises(NotFound, match="no path 'nope'"):
        cop.start_path("nope")


def test_next_names_the_entry_to_read_and_flags_obsolete_deleted_and_past_review(
    cop: Cop, onboarding: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = onboarding
    cop.start_path("py-start")
    (item,) = cop.next_steps()
    assert item.step is not None and item.step.number == 1 and item.step.entry is not None
    assert item.step.entry.id == first and item.step.problem == ""
    cop.verify(first, interval="10d")
    monkeypatch.setenv("COP_NOW", "2026-05-20T10:00:00Z")  # past its review date
    (item,) = cop.next_steps()
    assert item.step is not None and item.step.problem == "past review (2026-05-11)"
    cop.mark_done("py-start", 1)
    cop.mark_done("py-start", 2)
    cop.mark_obsolete(second)
    (item,) = cop.next_steps()
    assert item.step is not None and (item.step.number, item.step.problem) == (3, "obsolete")
    cop.remove_entry(second)
    (item,) = cop.next_steps()
    assert item.step is not None and item.step.entry is None and item.step.problem == "deleted"
    assert item.step.title == second  # what is left to show of it
    assert [v.problem for v in cop.path_view("py-start").steps] == ["past review (2026-05-11)", "", "deleted"]
    cop.mark_done("py-start", 3)
    (item,) = cop.next_steps()
    assert item.step is None and item.done == 3
    assert cop.next_steps("bob") == []


def test_status_aggregates_every_follower_and_finds_who_is_stuck(
    cop: Cop, onboarding: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(10):
        cop.add_member(f"m{number}", f"Member {number}")
    cop.start_path("py-start", "m0")
    monkeypatch.setenv("COP_NOW", "2026-05-10T10:00:00Z")
    for handle in ("m1", "m2"):
        cop.mark_done("py-start", 1, member=handle)
    cop.mark_done("py-start", 2, member="m2")
    for number in (1, 2, 3):
        cop.mark_done("py-start", number, member="m3")
    monkeypatch.setenv("COP_NOW", "2026-05-20T10:00:00Z")
    status = cop.path_status("py-start", stuck_days=14)
    table = [(s.member, s.done, s.next, s.last_active, s.idle_days, s.stuck) for s in status.members]
    assert table == [
        ("m3", 3, None, "2026-05-10", 10, False),  # finished: never stuck
        ("m2", 2, 3, "2026-05-10", 10, False),
        ("m1", 1, 2, "2026-05-10", 10, False),
        ("m0", 0, 1, "2026-05-01", 19, True),
    ]
    assert [s.member for s in cop.path_status("py-start", stuck_days=7).stuck] == ["m2", "m1", "m0"]
    assert cop.path_followers() == {"py-start": 4}
    with pytest.raises(Exception, match="at least 1"):
        cop.path_status("py-start", stuck_days=0)


def test_status_reads_the_index_not_the_progress_files(
    cop: Cop, onboarding: tuple[str, str], repo_path: Path
) -> None:
    """The standing comes from the `records` table: a progress file changed behind cop's back shows once
    the index sees it, and its members come from one grouped query."""
    cop.mark_done("py-start", 1, member="bob")
    path = repo_path / "progress/py-start/bob.yaml"
    step = cop.learning_path("py-start").steps[1].id
    path.write_text(path.read_text() + f"- step: {step}\n  date: '2026-05-01'\n")
    other = Cop(Repo.open(repo_path), acting="ada")
    try:
        assert [s.done for s in other.path_status("py-start").members] == [2]
    finally:
        other.close()


def test_learning_paths_by_community(cop: Cop, onboarding: tuple[str, str]) -> None:
    cop.add_community("ops", "Ops", "professional")
    cop.add_path("ops-start", "Ops at Acme", "ops")
    assert [p.slug for p in cop.learning_paths()] == ["ops-start", "py-start"]
    assert [p.slug for p in cop.learning_paths("ops")] == ["ops-start"]
    with pytest.raises(AlreadyExists, match="path 'ops-start' exists already"):
        cop.add_path("ops-start", "Again", "ops")
    with pytest.raises(NotFound, match="no community 'nope'"):
        cop.add_path("x", "X", "nope")


def test_doctor_reports_dangling_references_in_paths_and_progress(
    cop: Cop, onboarding: tuple[str, str], repo_path: Path
) -> None:
    first, second = onboarding
    cop.mark_done("py-start", 1, member="bob")
    assert cop.doctor() == []
    cop.remove_entry(second)
    (repo_path / "progress/gone").mkdir()
    (repo_path / "progress/gone/bob.yaml").write_text(
        "learning_path: gone\nmember: bob\nstarted: '2026-05-01'\n"
    )
    (repo_path / "progress/py-start/ghost.yaml").write_text(
        "learning_path: py-start\nmember: ghost\nstarted: '2026-05-01'\n"
        "done:\n- step: zzzzzzzz\n  date: '2026-05-01'\n"
    )
    text = (repo_path / "paths/py-start.yaml").read_text().replace("community: py", "community: nowhere")
    (repo_path / "paths/py-start.yaml").write_text(text)
    found = {(f.path, f.message) for f in cop.doctor()}
    assert found == {
        ("paths/py-start.yaml", "community 'nowhere' is not a known community"),
        ("paths/py-start.yaml", f"step 3 reads entry '{second}', which does not exist"),
        ("progress/gone/bob.yaml", "follows path 'gone', which does not exist"),
        ("progress/py-start/ghost.yaml", "member 'ghost' is not a known member"),
        (
            "progress/py-start/ghost.yaml",
            "marks step 'zzzzzzzz' done, which path py-start no longer has: delete that mark",
        ),
    }


def test_a_progress_file_in_the_wrong_folder_is_refused_naming_it(cop: Cop, repo_path: Path) -> None:
    cop.add_path("a", "A", "py")
    (repo_path / "progress/a").mkdir(parents=True)
    (repo_path / "progress/a/bob.yaml").write_text("learning_path: b\nmember: bob\nstarted: '2026-05-01'\n")
    (finding,) = [f for f in cop.doctor() if f.kind == "parse"]
    assert finding.path == "progress/a/bob.yaml" and "does not match its folder" in finding.message
