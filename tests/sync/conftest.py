"""A shared repo for sync tests: a bare git repo on local disk as the remote, and two clones."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop, init_repo
from cop.store import Repo


def git(cwd: Path, *args: str) -> str:
    """Run git for a test's own setup or checks (never through a shell)."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout


def run_cli(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


@dataclass
class Shared:
    origin: Path
    a: Path  # ada's clone
    b: Path  # bob's clone

    def core(self, path: Path, who: str) -> Cop:
        return Cop(Repo.open(path), acting=who)

    def sync(self, path: Path, who: str, *args: str) -> object:
        return CliRunner().invoke(app, ["--repo", str(path), "--as", who, "sync", *args])


def edit(shared: Shared, path: Path, who: str, change: Callable[[Cop], object]) -> object:
    core = shared.core(path, who)
    try:
        return change(core)
    finally:
        core.close()


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Shared]:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    seed = tmp_path / "seed"
    core = init_repo(seed, name="Shared knowledge", remote=str(origin))
    core._acting = "ada"
    core.add_member("ada", "Ada Lovelace", email="ada@example.org")
    core.add_member("bob", "Bob Builder", email="bob@example.org")
    core.add_community("py", "Python Guild", "professional", coordinators=["ada"], tags=["python"])
    core.close()
    result = CliRunner().invoke(app, ["--repo", str(seed), "--as", "ada", "sync"])
    assert result.exit_code == 0, result.output
    a, b = tmp_path / "ada", tmp_path / "bob"
    for target in (a, b):
        result = CliRunner().invoke(app, ["clone", str(origin), str(target)])
        assert result.exit_code == 0, result.output
    yield Shared(origin, a, b)
