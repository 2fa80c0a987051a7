"""Progress of `cop sync` (issue 18 item 6): the core reports each step, the face draws it only on a
terminal (stderr), so piped output stays clean."""

from __future__ import annotations

from pathlib import Path

from cop.core import clone_repo
from cop.core.sharing.sync import SYNC_STEPS
from tests.sync.conftest import Shared
from tests.sync.test_sync import add_entry, ok


def test_sync_reports_each_step(shared: Shared) -> None:
    add_entry(shared, shared.a, "ada", "Use a lock file")
    core = shared.core(shared.a, "ada")
    steps: list[int] = []
    try:
        report = core.sync(progress=steps.append)
    finally:
        core.close()
    assert report.pushed and sum(steps) == SYNC_STEPS
    core = shared.core(shared.a, "ada")
    steps.clear()
    try:
        core.sync(push=False, progress=steps.append)
    finally:
        core.close()
    assert sum(steps) == SYNC_STEPS - 1


def test_piped_sync_prints_no_progress(shared: Shared) -> None:
    add_entry(shared, shared.a, "ada", "Use a lock file")
    result = shared.sync(shared.a, "ada")
    out = ok(result)
    assert "syncing with origin" not in out and "\x1b[" not in out


def test_a_clone_is_indexed_where_its_progress_is_counted(shared: Shared, tmp_path: Path) -> None:
    """`clone_repo` leaves the index to `build_index`, whose progress `cop clone` draws with counts:
    building it inside the clone too ran the first (silent, 7.8 s at 10k) build under the 'cloning'
    spinner and left the counted one nothing to do."""
    core = clone_repo(str(shared.origin), tmp_path / "carol")
    steps: list[tuple[int, int]] = []
    try:
        report = core.build_index(lambda done, total: steps.append((done, total)))
        files = core.file_count()
    finally:
        core.close()
    assert len(report.changed) == files > 0 and steps[-1] == (files, files)
