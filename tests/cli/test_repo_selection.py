"""Which repo a command works on: `cop init` honours PATH > --repo/-R > COP_REPO > the current folder,
and outside any repo the fallback to the personal repo is said on stderr (every write, empty reads)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cop.cli import app


def cli(*args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(app, list(args), env=env)


def test_init_with_repo_option_creates_that_folder_not_the_current_one(tmp_path: Path) -> None:
    here = Path.cwd()  # the isolated home folder (tests/conftest.py)
    result = cli("-R", str(tmp_path / "kb"), "init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kb" / "cop.yaml").is_file()
    assert not (here / "cop.yaml").exists()


def test_init_with_cop_repo_creates_that_folder(tmp_path: Path) -> None:
    result = cli("init", env={"COP_REPO": str(tmp_path / "env-kb")})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env-kb" / "cop.yaml").is_file()
    assert not (Path.cwd() / "cop.yaml").exists()


def test_init_precedence_path_over_option_over_env(tmp_path: Path) -> None:
    env = {"COP_REPO": str(tmp_path / "env")}
    result = cli("-R", str(tmp_path / "opt"), "init", str(tmp_path / "arg"), env=env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "arg" / "cop.yaml").is_file()
    assert not (tmp_path / "opt").exists() and not (tmp_path / "env").exists()
    result = cli("-R", str(tmp_path / "opt"), "init", env=env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "opt" / "cop.yaml").is_file()
    assert not (tmp_path / "env").exists()


def test_init_with_nothing_given_uses_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cop.yaml").is_file()


PERSONAL = "using the personal repo at ~/.local/share/cop/default (no cop.yaml here or above)"


def test_every_write_outside_a_repo_names_the_personal_repo() -> None:
    first = cli("member", "add", "zed", "--name", "Zed")  # creates the personal repo: says so itself
    assert first.exit_code == 0, first.output
    assert "created your personal knowledge repo" in first.stderr
    again = cli("member", "add", "amy", "--name", "Amy")
    assert again.exit_code == 0, again.output
    assert PERSONAL in again.stderr
    assert PERSONAL not in again.stdout
    edit = cli("member", "edit", "amy", "--name", "Amy B")
    assert PERSONAL in edit.stderr


def test_a_read_names_the_personal_repo_only_when_it_is_empty() -> None:
    cli("list")  # creates it
    empty = cli("list")
    assert empty.exit_code == 0, empty.output
    assert PERSONAL in empty.stderr and "it is empty" in empty.stderr
    cli("member", "add", "zed", "--name", "Zed")
    filled = cli("member", "list")
    assert filled.exit_code == 0, filled.output
    assert "using the personal repo" not in filled.stderr


def test_inside_a_repo_nothing_is_said(repo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo_path)
    result = cli("member", "add", "zed", "--name", "Zed")
    assert result.exit_code == 0, result.output
    assert "personal repo" not in result.stderr
