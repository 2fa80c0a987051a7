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
    steps: list[int] = []
    report = again.build_index(steps.append)
    files = again.file_count()
    assert sum(steps) == files == len(report.changed) and all(n > 0 for n in steps)
    assert not again.build_index(steps.append).changed  # built: a second call changes nothing
    assert len(again.entries()) == 5
    again.close()
