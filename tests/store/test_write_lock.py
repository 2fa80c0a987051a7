"""`Repo.modify`: the one read-modify-write, under the write lock, on the file as it is now."""

from __future__ import annotations

from pathlib import Path

import pytest

from cop.core import Cop
from cop.domain.errors import CopError, ValidationError
from cop.domain.models import Entry


def test_modify_reads_the_file_not_a_copy_read_before(cop: Cop) -> None:
    entry = cop.add_entry("idea", "Shared", "py")
    stale = cop.entry(entry.id)  # what a slow writer read before another changed the file
    cop.edit_entry(entry.id, add_tags=["first"])
    cop.repo.modify(Entry, stale.id, lambda e: e.tags.append("second"))
    assert cop.entry(entry.id).tags == ["first", "second"]


def test_a_failing_change_writes_nothing(cop: Cop) -> None:
    entry = cop.add_entry("idea", "Kept", "py")
    before = cop.repo.abs_path(entry).read_bytes()

    def bad(e: Entry) -> None:
        raise ValidationError("title", "no")

    with pytest.raises(ValidationError):
        cop.repo.modify(Entry, entry.id, bad)
    assert cop.repo.abs_path(entry).read_bytes() == before


def test_a_change_that_changes_nothing_does_not_touch_the_file(cop: Cop, repo_path: Path) -> None:
    paths = [repo_path / "communities" / "py.yaml", repo_path / "members" / "bob.yaml"]
    before = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in paths]
    cop.join("py", "bob")  # bob is a plain member already: neither file changes
    assert [(p.stat().st_ino, p.stat().st_mtime_ns) for p in paths] == before


def test_an_id_in_two_files_is_refused_and_reported_not_served(cop: Cop, repo_path: Path) -> None:
    cop.add_community("ops", "Ops", "professional")
    entry = cop.add_entry("idea", "Twice", "py")
    copy = repo_path / "entries" / "ops" / Path(entry.path).name
    copy.parent.mkdir(exist_ok=True)
    # what an unlocked edit racing a move left: the moved file, and the old one rewritten in place
    copy.write_text((repo_path / entry.path).read_text().replace("community: py", "community: ops"))
    cop.repo.invalidate()
    with pytest.raises(CopError, match="several files") as raised:
        cop.edit_entry(entry.id, add_tags=["never-written"])
    assert entry.path in str(raised.value) and f"entries/ops/{copy.name}" in str(raised.value)
    with pytest.raises(CopError, match="several files"):
        cop.entry(entry.id)
    duplicates = [f for f in cop.doctor() if f.kind == "duplicate"]
    assert sorted(f.path for f in duplicates) == sorted([entry.path, f"entries/ops/{copy.name}"])
    assert "never-written" not in (repo_path / entry.path).read_text() + copy.read_text()


def test_a_move_is_one_step_and_later_edits_find_the_new_file(cop: Cop, repo_path: Path) -> None:
    cop.add_community("ops", "Ops", "professional")
    entry = cop.add_entry("idea", "Mover", "py")
    stale_path = entry.path
    cop.edit_entry(entry.id, community="ops")
    entry.tags.append("blind")
    cop.repo.update(entry)  # a blind write of a copy that still names the old folder
    assert sorted(p.parent.name for p in repo_path.glob(f"entries/*/{entry.id}-*")) == ["py"]
    assert not (repo_path / "entries" / "ops" / Path(stale_path).name).exists()
