"""The core API without the CLI: opening and creating repos, the repo as the faces see it, who acts."""

from __future__ import annotations

from pathlib import Path

import pytest

from cop.core import Cop, init_repo, is_repo, resolve_repo_path
from cop.domain.errors import NoActingMember, RepoNotFound
from cop.store.git.operations import Change


def test_is_repo_and_resolving_which_repo(
    repo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert is_repo(repo_path) and not is_repo(tmp_path)
    monkeypatch.delenv("COP_REPO", raising=False)
    inner = repo_path / "entries"
    assert resolve_repo_path(None, inner) == (repo_path, False), "the nearest config file above the folder"
    assert resolve_repo_path(str(tmp_path / "x"), inner) == (tmp_path / "x", False), "--repo wins"
    monkeypatch.setenv("COP_REPO", str(tmp_path / "y"))
    assert resolve_repo_path(None, inner) == (tmp_path / "y", False)


def test_open_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RepoNotFound):
        Cop.open(tmp_path / "nowhere")


def test_init_repo_creates_and_opens(tmp_path: Path) -> None:
    core = init_repo(tmp_path / "kb", name="Team notes")
    try:
        assert is_repo(core.root) and core.name == "Team notes"
        assert (core.root / ".git").is_dir()
    finally:
        core.close()


def test_the_repo_as_the_faces_see_it(cop: Cop) -> None:
    entry = cop.add_entry("how-to", "Pin your deps", "py", body="Use a lock file.\n")
    assert cop.name == "Test knowledge"
    assert cop.has_member("bob") and not cop.has_member("zed")
    path = cop.entry_file(entry)
    assert path.is_file() and path.is_relative_to(cop.root)
    assert cop.file_count() == 4  # two members, one community, one entry
    label = cop.describe_change(Change("A", path.relative_to(cop.root).as_posix()))
    assert label == f"add entry {entry.id} 'Pin your deps'"


def test_acting_member(cop: Cop) -> None:
    assert cop.require_user().handle == "ada"
    stranger = Cop(cop.repo, acting="zed")
    with pytest.raises(NoActingMember):
        stranger.whoami()
