"""Many `cop` processes changing ONE record at once: every change lands, a move never duplicates.

Each test starts real processes of the CLI together and checks the record afterwards; no timing is
asserted (on one core the processes simply take turns on the repo's write lock).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cop.core import Cop

N = 20
TRIALS = 3


def start(repo: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cop", "-R", str(repo), "--as", "ada", *args],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )


def run_all(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err  # every process said "saved": it must be true


def fresh(repo: Path) -> Cop:
    """A new core on the repo: what the files say now, read in this process."""
    return Cop.open(repo, acting="ada")


@pytest.fixture
def entry_id(cop: Cop) -> str:
    cop.add_community("ops", "Ops", "professional")
    cop.add_community("web", "Web", "professional")
    return cop.add_entry("idea", "One record", "py", body="shared").id


def test_twenty_concurrent_tag_edits_keep_twenty_tags(repo_path: Path, entry_id: str) -> None:
    run_all([start(repo_path, "edit", entry_id, "--add-tag", f"t{n}") for n in range(N)])
    assert sorted(fresh(repo_path).entry(entry_id).tags) == sorted(f"t{n}" for n in range(N))


def test_twenty_concurrent_session_logs_keep_twenty_sessions(cop: Cop, repo_path: Path) -> None:
    mentorship = cop.add_mentorship("ada", "bob")
    run_all([start(repo_path, "mentor", "log", mentorship.id, "--notes", f"session {n}") for n in range(N)])
    sessions = fresh(repo_path).mentorship(mentorship.id).sessions
    assert sorted(s.notes for s in sessions) == sorted(f"session {n}" for n in range(N))


@pytest.mark.parametrize("trial", range(TRIALS))
def test_edits_during_moves_leave_one_file_with_every_edit(
    repo_path: Path, entry_id: str, trial: int
) -> None:
    run_all(
        [
            start(repo_path, "edit", entry_id, "--add-tag", "a"),
            start(repo_path, "edit", entry_id, "--community", "ops"),
            start(repo_path, "edit", entry_id, "--community", "web"),
            start(repo_path, "edit", entry_id, "--add-tag", "b"),
            start(repo_path, "edit", entry_id, "--title", "Renamed"),
        ]
    )
    found = sorted(p.relative_to(repo_path).as_posix() for p in repo_path.glob(f"entries/*/{entry_id}-*"))
    assert len(found) == 1, found
    assert found[0].split("/")[1] in ("ops", "web")
    entry = fresh(repo_path).entry(entry_id)
    assert entry.path == found[0]
    assert entry.community == found[0].split("/")[1]
    assert sorted(entry.tags) == ["a", "b"]
    assert entry.title == "Renamed"


def test_concurrent_joins_as_coordinator_all_land_on_the_community(cop: Cop, repo_path: Path) -> None:
    handles = [f"m{n}" for n in range(10)]
    for handle in handles:
        cop.add_member(handle, f"Member {handle}")
    run_all([start(repo_path, "join", "py", "--member", h, "--role", "coordinator") for h in handles])
    core = fresh(repo_path)
    assert set(handles) <= set(core.community("py").coordinators)
    for handle in handles:
        assert [(m.community, m.role) for m in core.member(handle).memberships] == [("py", "coordinator")]


def test_concurrent_list_edits_of_a_community_and_a_member_all_land(cop: Cop, repo_path: Path) -> None:
    run_all(
        [start(repo_path, "community", "edit", "py", "--add-tag", f"c{n}") for n in range(6)]
        + [start(repo_path, "member", "edit", "bob", "--add-expertise", f"e{n}") for n in range(6)]
    )
    core = fresh(repo_path)
    assert {f"c{n}" for n in range(6)} <= set(core.community("py").tags)
    assert sorted(core.member("bob").expertise) == sorted(f"e{n}" for n in range(6))
