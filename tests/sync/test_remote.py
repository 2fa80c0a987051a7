"""Remotes that do not start empty: a forge's first commit, or another knowledge repo."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.core import init_repo
from tests.sync.conftest import Shared, git


def forge_remote(tmp_path: Path, branch: str = "main") -> Path:
    """A bare remote whose first commit a forge made: a README and its own .gitignore."""
    origin = tmp_path / "forge.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    work = tmp_path / "forge-work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    (work / "README.md").write_text("# Our knowledge\n")
    (work / ".gitignore").write_text("__pycache__/\n")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Initial commit")
    git(work, "push", "-q", "origin", f"HEAD:{branch}")
    return origin


def new_repo(path: Path, remote: Path) -> Path:
    core = init_repo(path, name="Fresh", remote=str(remote))
    core.add_member("ada", "Ada", email="ada@example.org")
    core.close()
    return path


def test_a_first_sync_into_a_remote_a_forge_started_merges_its_commit(tmp_path: Path) -> None:
    origin = forge_remote(tmp_path)
    repo = new_repo(tmp_path / "kb", origin)
    result = CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", "sync"])
    assert result.exit_code == 0, result.output
    assert "pushed to origin/main" in result.stdout
    assert (repo / "README.md").read_text() == "# Our knowledge\n"
    assert "/.cop/" in (repo / ".gitignore").read_text()  # both sides' lines (merge=union)
    assert "__pycache__/" in (repo / ".gitignore").read_text()
    assert git(repo, "status", "--porcelain") == ""
    clone = tmp_path / "clone"
    assert CliRunner().invoke(app, ["clone", str(origin), str(clone)]).exit_code == 0
    assert (clone / "members" / "ada.yaml").is_file() and (clone / "README.md").is_file()


def test_a_first_sync_adopts_the_remote_s_only_branch_when_names_differ(tmp_path: Path) -> None:
    origin = forge_remote(tmp_path, branch="trunk")  # the forge's default branch is not git's
    repo = new_repo(tmp_path / "kb", origin)
    result = CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", "sync"])
    assert result.exit_code == 0, result.output
    assert "pushed to origin/trunk" in result.stdout
    assert git(repo, "branch", "--show-current") == "trunk\n"
    assert git(origin, "for-each-ref", "--format=%(refname)") == "refs/heads/trunk\n"
    assert (repo / "README.md").is_file()


def test_a_remote_holding_another_knowledge_repo_is_refused_in_one_line(
    tmp_path: Path, shared: Shared
) -> None:
    repo = new_repo(tmp_path / "other", shared.origin)
    result = CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", "sync"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: origin/main holds another knowledge repo")
    assert "cop clone" in result.stderr and result.stderr.count("\n") == 1
    assert git(repo, "status", "--porcelain") == ""  # its own work is committed, nothing merged
    assert git(repo, "log", "--format=%s") == "cop: add 7 files, add 1 member\n"
    assert not (repo / "communities" / "py.yaml").exists()
    remote_tip = git(shared.a, "ls-remote", "origin", "main").split()[0]
    assert remote_tip == git(shared.a, "rev-parse", "origin/main").strip()  # the remote is untouched


def test_an_entry_moved_to_another_community_is_one_move_with_its_whole_history(shared: Shared) -> None:
    core = shared.core(shared.a, "ada")
    core.add_community("ops", "Operations", "professional")
    entry = core.add_entry("how-to", "Rotate keys", "py", body="Text.\n")
    core.close()
    assert CliRunner().invoke(app, ["--repo", str(shared.a), "--as", "ada", "sync"]).exit_code == 0
    core = shared.core(shared.a, "ada")
    core.edit_entry(entry.id, community="ops")
    core.close()
    status = CliRunner().invoke(app, ["--repo", str(shared.a), "status"])
    assert f"move entry {entry.id} 'Rotate keys'" in status.stdout and "remove entry" not in status.stdout
    assert CliRunner().invoke(app, ["--repo", str(shared.a), "--as", "ada", "sync"]).exit_code == 0
    assert git(shared.a, "log", "-1", "--format=%s") == f"cop: move entry {entry.id} 'Rotate keys'\n"
    log = CliRunner().invoke(app, ["--repo", str(shared.a), "log", entry.id]).stdout
    assert "changed: community" in log and f"add entry {entry.id}" in log


def test_no_identity_anywhere_is_one_line_saying_how_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tuseConfigOnly = true\n[init]\n\tdefaultBranch = main\n")  # git may not guess
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    for name in ("EMAIL", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    init_repo(tmp_path / "kb", name="Nobody's").close()
    result = CliRunner().invoke(app, ["--repo", str(tmp_path / "kb"), "sync"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "--as HANDLE" in result.stderr and "git config --global user.email" in result.stderr
    assert (tmp_path / "kb" / "cop.yaml").is_file()


def test_a_new_local_branch_is_pushed_as_itself(shared: Shared) -> None:
    git(shared.a, "switch", "-q", "-c", "feature")
    result = CliRunner().invoke(app, ["--repo", str(shared.a), "--as", "ada", "sync"])
    assert result.exit_code == 0, result.output
    assert git(shared.a, "branch", "--show-current") == "feature\n"
    assert "refs/heads/feature" in git(shared.origin, "for-each-ref", "--format=%(refname)")


def test_an_entry_moved_to_two_communities_at_once_settles_in_one(shared: Shared) -> None:
    core = shared.core(shared.a, "ada")
    for slug in ("ops", "web"):
        core.add_community(slug, slug.title(), "professional")
    entry = core.add_entry("how-to", "Rotate keys", "py", body="Text.\n")
    core.close()
    for clone, who in ((shared.a, "ada"), (shared.b, "bob"), (shared.a, "ada")):
        assert CliRunner().invoke(app, ["--repo", str(clone), "--as", who, "sync"]).exit_code == 0
    core = shared.core(shared.a, "ada")
    core.edit_entry(entry.id, community="ops")
    core.close()
    core = shared.core(shared.b, "bob")
    core.edit_entry(entry.id, community="web", add_tags=["bob"])  # bob's move is the later one
    core.close()
    assert CliRunner().invoke(app, ["--repo", str(shared.a), "--as", "ada", "sync"]).exit_code == 0
    result = CliRunner().invoke(app, ["--repo", str(shared.b), "--as", "bob", "sync"])
    assert result.exit_code == 0, result.output
    assert "moved: entries/web/" in result.stdout
    files = sorted(p.relative_to(shared.b).as_posix() for p in (shared.b / "entries").rglob(f"{entry.id}-*"))
    assert files == [f"entries/web/{entry.id}-rotate-keys.md"]
    assert git(shared.b, "status", "--porcelain") == ""
    assert CliRunner().invoke(app, ["--repo", str(shared.a), "--as", "ada", "sync"]).exit_code == 0
    moved = shared.core(shared.a, "ada")
    assert (moved.entry(entry.id).community, moved.entry(entry.id).tags) == ("web", ["bob"])
    moved.close()


def test_cop_yaml_edited_on_both_sides_merges_key_by_key(shared: Shared) -> None:
    def set_config(clone: Path, text: str) -> None:
        (clone / "cop.yaml").write_text(text)

    set_config(shared.a, "format: 1\nname: Ada's name\ndescription: Shared.\n")
    set_config(shared.b, "format: 1\nname: Bob's name\nlogo: bob.png\n")
    assert CliRunner().invoke(app, ["--repo", str(shared.a), "--as", "ada", "sync"]).exit_code == 0
    result = CliRunner().invoke(app, ["--repo", str(shared.b), "--as", "bob", "sync"])
    assert result.exit_code == 0, result.output
    assert (shared.b / "cop.yaml").read_text() == (
        "format: 1\nname: Bob's name\ndescription: Shared.\nlogo: bob.png\n"
        "superseded:\n- field: name\n  value: Ada's name\n"
    )
