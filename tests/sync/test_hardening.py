"""Sync under attack and accident: a planted `cop` module, lost cache rules, stale git locks, bad
remotes. Real git, a bare remote and two clones (tests/sync/conftest.py)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.domain.models import Member
from tests.sync.conftest import Shared, edit, git, run_cli


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


@pytest.mark.timeout(600)  # 26 cop processes: minutes on a loaded 2-core machine, 40 s on an idle one
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
        out, err = sync.communicate(timeout=500)
        assert sync.returncode == 0, out + err
        for ident, process in edits.items():
            tried += 1
            _, said = process.communicate(timeout=500)
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


def test_a_copy_without_cop_s_dotfiles_never_commits_the_cache_or_temp_files(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "acme"
    assert "/.cop/" in (example / ".gitignore").read_text().splitlines()  # the example ships both
    assert "entries/*/*.md merge=cop" in (example / ".gitattributes").read_text().splitlines()
    repo = tmp_path / "acme"
    shutil.copytree(example, repo, ignore=shutil.ignore_patterns(".cop", ".gitignore", ".gitattributes"))
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(repo, "init", "-q")
    git(repo, "remote", "add", "origin", str(origin))
    ok(run_cli("--repo", str(repo), "list"))  # builds the cache in .cop/
    community = next(p for p in (repo / "entries").iterdir() if p.is_dir())
    (community / ".x.md.ab12cd.tmp").write_text("half a write")  # an atomic write in progress
    result = CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", "sync"])
    assert result.exit_code == 0, result.output
    assert "cop: .gitignore was missing: restored it" in result.stderr
    assert "cop: .gitattributes was missing: restored it" in result.stderr
    tracked = git(repo, "ls-files").splitlines()
    assert ".gitignore" in tracked and ".gitattributes" in tracked
    assert not [p for p in tracked if p.startswith(".cop/") or p.endswith(".tmp")]
    assert "/.cop/" in (repo / ".gitignore").read_text().splitlines()

    # a clone whose cache an older cop did commit: the next sync stops tracking it, and says so
    git(repo, "add", "-f", ".cop")
    git(repo, "commit", "-q", "-m", "oops: the cache")
    result = CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", "sync"])
    assert result.exit_code == 0, result.output
    assert "cache or temp file(s) were committed: they are no longer tracked" in result.stderr
    assert not [p for p in git(repo, "ls-files").splitlines() if p.startswith(".cop/")]
    assert not [p for p in git(origin, "ls-tree", "-r", "--name-only", "main").splitlines() if ".cop" in p]
    assert (repo / ".cop").is_dir()  # still on disk
    assert "1 local change" not in ok(run_cli("--repo", str(repo), "status"))


def test_a_deleted_gitattributes_is_restored_so_fields_still_merge(shared: Shared) -> None:
    git(shared.b, "rm", "-q", ".gitattributes")  # a teammate, with plain git
    git(shared.b, "commit", "-q", "-m", "tidy up")
    git(shared.b, "push", "-q", "origin", "HEAD")
    ok(shared.sync(shared.a, "ada"))
    edit(shared, shared.b, "bob", lambda c: c.edit_member("ada", expertise=["engines"]))
    result = shared.sync(shared.b, "bob")
    assert ".gitattributes was missing: restored it" in ok(result) + result.stderr  # type: ignore[attr-defined]
    edit(shared, shared.a, "ada", lambda c: c.edit_member("ada", bio="Counts things"))
    ok(shared.sync(shared.a, "ada"))
    merged = member(shared, shared.a, "ada")
    assert (merged.bio, merged.expertise) == ("Counts things", ["engines"])
    assert git(shared.a, "check-attr", "merge", "members/ada.yaml") == "members/ada.yaml: merge: cop\n"


def test_a_lock_a_killed_git_left_is_removed_when_provably_stale(shared: Shared) -> None:
    lock = shared.a / ".git" / "HEAD.lock"
    lock.write_text("")
    edit(shared, shared.a, "ada", lambda c: c.edit_member("ada", bio="Counts things"))
    result = shared.sync(shared.a, "ada")  # a fresh lock: maybe a git still running, so cop only says
    assert result.exit_code == 1  # type: ignore[attr-defined]
    said = result.stderr  # type: ignore[attr-defined]
    assert f"git's lock {lock} is left over" in said and f"'rm {lock}'" in said
    assert lock.exists()
    past = time.time() - 3600
    os.utime(lock, (past, past))  # the same lock, an hour later: nothing runs in the repo
    result = shared.sync(shared.a, "ada")
    assert ok(result) and f"cop: removed {lock}, a lock a stopped git left behind" in result.stderr  # type: ignore[attr-defined]
    assert not lock.exists()
    assert "bio: Counts things" in git(shared.origin, "show", "main:members/ada.yaml")


def test_concurrent_syncs_in_one_clone_queue_instead_of_failing(shared: Shared, tmp_path: Path) -> None:
    for n in range(4):
        edit(shared, shared.a, "ada", lambda c, n=n: c.add_entry("how-to", f"Tip {n}", "py", body="Text.\n"))
    syncs = [cop_process("--repo", str(shared.a), "--as", "ada", "sync", cwd=tmp_path) for _ in range(4)]
    for process in syncs:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, out + err
    assert git(shared.a, "status", "--porcelain") == ""
    titles = git(shared.origin, "log", "-1", "--format=%H", "main")
    assert titles.strip() == git(shared.a, "rev-parse", "HEAD").strip()
    assert len(git(shared.origin, "ls-tree", "-r", "--name-only", "main", "entries/py").split()) == 4


def test_clone_checks_out_the_branch_holding_cop_yaml_when_head_names_a_missing_one(
    shared: Shared, tmp_path: Path
) -> None:
    origin = tmp_path / "master-head.git"
    git(tmp_path, "-c", "init.defaultBranch=master", "init", "-q", "--bare", str(origin))
    git(shared.a, "push", "-q", str(origin), "HEAD:refs/heads/main")  # only main: HEAD names master
    target = tmp_path / "fresh"
    result = run_cli("clone", str(origin), str(target))
    assert "entries" in ok(result) + result.stderr  # type: ignore[attr-defined]
    assert (target / "cop.yaml").is_file() and (target / "members" / "ada.yaml").is_file()
    assert git(target, "branch", "--show-current") == "main\n"
    edit(shared, target, "ada", lambda c: c.edit_member("ada", bio="From the fresh clone"))
    ok(run_cli("--repo", str(target), "--as", "ada", "sync"))
    assert "From the fresh clone" in git(origin, "show", "main:members/ada.yaml")


def test_a_failed_clone_leaves_no_half_made_folder(tmp_path: Path) -> None:
    origin = tmp_path / "plain.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    (work / "README.md").write_text("not knowledge\n")
    git(work, "add", "-A")
    git(work, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "readme")
    git(work, "push", "-q", "origin", "HEAD")
    target = tmp_path / "clone"
    result = run_cli("clone", str(origin), str(target))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "is not a cop repo" in result.stderr and result.stderr.count("\n") == 1  # type: ignore[attr-defined]
    assert not target.exists()
    target.mkdir()  # an empty folder made beforehand stays, empty
    assert run_cli("clone", str(origin), str(target)).exit_code == 1  # type: ignore[attr-defined]
    assert target.is_dir() and not any(target.iterdir())


def hanging(tmp_path: Path, name: str) -> str:
    """A git helper that never answers: a remote that hangs."""
    script = tmp_path / name
    script.write_text("#!/bin/sh\nexec sleep 30\n")
    script.chmod(0o755)
    return str(script)


def test_a_remote_that_hangs_is_given_up_on_with_a_message_naming_it(
    shared: Shared, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COP_NET_TIMEOUT", "1")
    git(shared.a, "config", "remote.origin.uploadpack", hanging(tmp_path, "upload-pack"))
    edit(shared, shared.a, "ada", lambda c: c.edit_member("ada", bio="Counts things"))
    result = shared.sync(shared.a, "ada")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    said = result.stderr  # type: ignore[attr-defined]
    assert f"cannot reach origin: origin ({shared.origin}) did not answer within 1 s" in said
    assert "COP_NET_TIMEOUT" in said and "committed locally" in said and said.count("\n") == 1
    git(shared.a, "config", "--unset", "remote.origin.uploadpack")
    git(shared.a, "config", "remote.origin.receivepack", hanging(tmp_path, "receive-pack"))
    monkeypatch.delenv("COP_NET_TIMEOUT")
    git(shared.a, "config", "cop.timeout", "1")  # the git config key sets it too
    result = shared.sync(shared.a, "ada")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "did not answer within 1 s" in result.stderr  # type: ignore[attr-defined]
    git(shared.a, "config", "--unset", "remote.origin.receivepack")
    assert "pushed to origin/main" in ok(shared.sync(shared.a, "ada"))


def test_a_push_a_server_hook_refuses_shows_the_hook_s_words(shared: Shared) -> None:
    hook = shared.origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'main is frozen for the release: ask Grace'\nexit 1\n")
    hook.chmod(0o755)
    edit(shared, shared.a, "ada", lambda c: c.edit_member("ada", bio="Counts things"))
    result = shared.sync(shared.a, "ada")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    said = result.stderr  # type: ignore[attr-defined]
    assert "origin refused the push: main is frozen for the release: ask Grace" in said
    assert "cannot reach" not in said and said.count("\n") == 1
    assert git(shared.a, "status", "--porcelain") == ""  # committed locally
