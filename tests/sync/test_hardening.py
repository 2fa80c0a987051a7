"""Sync under attack and accident: a planted `cop` module, lost cache rules, stale git locks, bad
remotes. Real git, a bare remote and two clones (tests/sync/conftest.py)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from cop.core import Cop
from cop.models import Member
from tests.sync.conftest import Shared, edit, git


def ok(result: object) -> str:
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return str(result.output)  # type: ignore[attr-defined]


def member(shared: Shared, path: Path, handle: str) -> Member:
    found = edit(shared, path, "ada", lambda c: c.repo.member(handle))
    assert isinstance(found, Member)
    return found


def test_a_planted_cop_module_in_the_work_tree_never_runs_as_the_merge_driver(
    shared: Shared, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    payload = f"open({str(marker)!r}, 'w').write('ran')\nraise SystemExit(0)\n"
    (shared.b / "cop.py").write_text(payload)
    (shared.b / "cop").mkdir()
    (shared.b / "cop" / "__init__.py").write_text(payload)
    ok(shared.sync(shared.b, "bob"))
    ok(shared.sync(shared.a, "ada"))
    assert (shared.a / "cop.py").is_file() and (shared.a / "cop" / "__init__.py").is_file()
    # a clone configured by an older cop still has the plain `-m` command: any command rewrites it
    old = f"{shlex.quote(sys.executable)} -m cop merge-driver %O %A %B %P"
    git(shared.a, "config", "merge.cop.driver", old)
    Cop.open(shared.a).close()
    assert " -I -m cop merge-driver " in git(shared.a, "config", "--get", "merge.cop.driver")

    edit(shared, shared.a, "ada", lambda c: c.edit_member("ada", bio="Counts things"))
    edit(shared, shared.b, "bob", lambda c: c.edit_member("ada", expertise=["engines"]))
    ok(shared.sync(shared.b, "bob"))
    ok(shared.sync(shared.a, "ada"))  # the driver merges members/ada.yaml in ada's work tree

    assert not marker.exists()
    merged = member(shared, shared.a, "ada")
    assert (merged.bio, merged.expertise) == ("Counts things", ["engines"])


def cop_process(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """cop as its own process (run from outside the work tree, as a person would)."""
    return subprocess.Popen(
        [sys.executable, "-m", "cop", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_edits_made_while_a_sync_merges_the_same_files_are_all_kept(shared: Shared, tmp_path: Path) -> None:
    width, rounds = 8, 2
    entries = [
        edit(shared, shared.a, "ada", lambda c, n=n: c.add_entry("how-to", f"Tip {n}", "py", body="Text.\n"))
        for n in range(width)
    ]
    ids = [e.id for e in entries]  # type: ignore[union-attr]
    ok(shared.sync(shared.a, "ada"))
    ok(shared.sync(shared.b, "bob"))
    saved: dict[str, set[str]] = {ident: set() for ident in ids}
    tried = 0
    for r in range(rounds):
        for ident in ids:  # bob changes every entry: ada's sync merges each of them
            edit(shared, shared.b, "bob", lambda c, i=ident, r=r: c.edit_entry(i, add_tags=[f"bob-{r}"]))
        ok(shared.sync(shared.b, "bob"))
        sync = cop_process("--repo", str(shared.a), "--as", "ada", "sync", cwd=tmp_path)
        edits = {
            ident: cop_process(
                "--repo", str(shared.a), "--as", "ada", "edit", ident, "--add-tag", f"ada-{r}", cwd=tmp_path
            )
            for ident in ids
        }
        out, err = sync.communicate(timeout=120)
        assert sync.returncode == 0, out + err
        for ident, process in edits.items():
            tried += 1
            _, said = process.communicate(timeout=120)
            if process.returncode == 0 and "saved" in said:
                saved[ident].add(f"ada-{r}")
    ok(shared.sync(shared.a, "ada"))  # commits whatever landed after the racing sync's commit
    assert git(shared.a, "status", "--porcelain") == ""
    kept = 0
    for entry in entries:
        committed = git(shared.a, "show", f"HEAD:{entry.path}")  # type: ignore[union-attr]
        for r in range(rounds):
            assert f"bob-{r}" in committed
        kept += sum(f"- {tag}\n" in committed for tag in saved[entry.id])  # type: ignore[union-attr]
    assert kept == sum(len(tags) for tags in saved.values()) == tried, f"{kept} kept of {tried} tried"
