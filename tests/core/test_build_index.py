"""The first index build in a clone reports its progress (a face draws it)."""

from __future__ import annotations

import shutil
from pathlib import Path

from cop.core import Cop


def test_the_first_build_reports_every_file_read(cop: Cop, repo_path: Path) -> None:
    for number in range(5):
        cop.add_entry("lesson", f"Lesson {number}", "py", body="words")
    cop.close()
    shutil.rmtree(repo_path / ".cop")
    again = Cop.open(repo_path, "ada")
    steps: list[tuple[int, int]] = []
    report = again.build_index(lambda done, total: steps.append((done, total)))
    files = again.file_count()
    assert steps == [(n, files) for n in range(1, files + 1)] and len(report.changed) == files
    assert not again.build_index().changed  # built: a second call changes nothing
    assert len(again.entries()) == 5
    again.close()
