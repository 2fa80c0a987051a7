"""Shared fixtures: every test runs on real files in tmp_path, with HOME, XDG and git config isolated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cop.core import Cop
from cop.store import Repo

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "acme"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the developer's home, default repo or git identity."""
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Test Person\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("COP_REPO", "COP_USER", "COP_NOW", "VISUAL", "EDITOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(home)
    # the CLI's stderr console is made once per process and remembers whether stderr was a terminal then
    from cop.commands.output import err_console

    err_console.cache_clear()
    return home


@pytest.fixture
def repo_path(tmp_path: Path) -> Path:
    """An empty, initialised knowledge repo."""
    path = tmp_path / "kb"
    Repo.init(path, name="Test knowledge")
    return path


@pytest.fixture
def cop(repo_path: Path) -> Cop:
    """A core on a small repo: members ada (coordinator of py) and bob, community py, acting as ada."""
    core = Cop(Repo.open(repo_path), acting="ada")
    core.add_member("ada", "Ada Lovelace", email="ada@example.org", department="Engineering")
    core.add_member("bob", "Bob Builder", department="Operations")
    core.add_community("py", "Python Guild", "professional", coordinators=["ada"], tags=["python"])
    core.join("py", "ada", role="coordinator")
    core.join("py", "bob")
    yield core
    core.close()


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    """A private copy of the bundled example repo (tests never write to examples/)."""
    target = tmp_path / "acme"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".cop"))
    return target
