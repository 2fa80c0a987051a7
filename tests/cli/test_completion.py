"""Shell completion of the global options wherever they stand (issue 18 items 2 and 11): `--as` completes
member handles before the command, after it, and in a group's command, and a `-R DIR` given after the
command names the repo the completions come from, driven through Click's completion protocol
(`_COP_COMPLETE` with bash's `COMP_WORDS`/`COMP_CWORD`, zsh's `_TYPER_COMPLETE_ARGS`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cop.core import Cop
from tests.cli.bash_completion import bash

HANDLES = ["ada", "bob"]


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder outside any repo, as the current one: only -R can name the repo."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("COP_REPO", raising=False)
    return folder


@pytest.mark.parametrize(
    "words",
    [
        ["--as", ""],  # before the command
        ["add", "--as", ""],  # after it
        ["add", "--kind", "lesson", "--title", "T", "--as", ""],  # after its own options
        ["mentor", "add", "--as", ""],  # in a group's command
        ["community", "edit", "py", "--as", ""],  # after an argument
    ],
    ids=["before", "after", "after-options", "group", "after-argument"],
)
def test_as_completes_handles_wherever_it_stands(cop: Cop, repo_path: Path, words: list[str]) -> None:
    assert bash("--repo", str(repo_path), *words) == HANDLES


def test_a_repo_given_after_the_command_is_where_completion_looks(
    cop: Cop, repo_path: Path, elsewhere: Path
) -> None:
    assert bash("add", "-R", str(repo_path), "--as", "") == HANDLES
    assert bash("add", "--repo", str(repo_path), "--as", "a") == ["ada"]
    assert bash("list", "--as", "ada", "-R", str(repo_path), "--author", "b") == ["bob"]
    assert bash("add", "--as", "") == []  # no repo here, none named: nothing, and no error


def test_the_installed_cop_completes_as_for_zsh(cop: Cop, repo_path: Path, elsewhere: Path) -> None:
    env = {
        **os.environ,
        "_COP_COMPLETE": "complete_zsh",
        "_TYPER_COMPLETE_ARGS": f"cop add --kind lesson -R {repo_path} --as b",
        "COP_WATCH": "off",
    }
    done = subprocess.run(
        [sys.executable, "-m", "cop"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert '"bob"' in done.stdout and '"ada"' not in done.stdout
