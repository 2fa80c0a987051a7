"""cop config (user and clone files, precedence flags > env > clone > user > default), aliases, global
options after the command, -V, `cop` alone, and help that shows flags as flags."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture
def clone(repo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(repo_path)], check=True)
    monkeypatch.chdir(repo_path)
    monkeypatch.delenv("COP_USER", raising=False)
    monkeypatch.delenv("COP_PAGER", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    return repo_path


def test_precedence_flag_env_clone_user_default(clone: Path) -> None:
    assert json.loads(run("config", "get", "pager", "--json").stdout)["origin"] == "default"
    assert run("config", "set", "--user", "pager", "more").exit_code == 0
    assert run("config", "get", "pager").stdout == "more\n"
    assert run("config", "set", "pager", "most").exit_code == 0
    got = run("config", "get", "pager", "--show-origin").stdout
    assert got == f"clone:{clone / '.git' / 'cop' / 'config.toml'}\tmost\n"
    assert run("config", "get", "pager", env={"COP_PAGER": "bat"}).stdout == "bat\n"
    assert run("config", "unset", "pager").exit_code == 0
    assert run("config", "get", "pager").stdout == "more\n"
    from cop.store.config import user_path

    assert user_path().read_text() == 'pager = "more"\n'


def test_the_files_are_deterministic_and_bad_values_are_refused(clone: Path) -> None:
    run("config", "set", "watch", "off")
    run("config", "set", "alias.q", 'list --kind question --title "a b"')
    run("config", "set", "identity", "ada")
    text = (clone / ".git" / "cop" / "config.toml").read_text()
    assert (
        text == 'identity = "ada"\nwatch = "off"\n\n[alias]\nq = "list --kind question --title \\"a b\\""\n'
    )
    assert run("config", "set", "watch", "sometimes").exit_code == 2
    assert run("config", "set", "nope", "x").exit_code == 2
    assert run("config", "set", "alias.list", "show").exit_code == 2  # may not shadow a command
    assert run("config", "set", "editor", "vi\x1b[2J").exit_code == 2
    assert text == (clone / ".git" / "cop" / "config.toml").read_text()


def test_a_broken_file_is_one_line_naming_it(clone: Path) -> None:
    path = clone / ".git" / "cop" / "config.toml"
    path.parent.mkdir()
    path.write_text("pager = [\n")
    result = run("config", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: not valid TOML")
    assert "Traceback" not in result.output


def test_aliases_builtin_and_user(clone: Path) -> None:
    assert run("ls").exit_code == 0
    run("config", "set", "alias.qs", "list --kind question")
    assert run("qs", "--limit", "1").exit_code == 0
    assert run("qs", "--bogus").exit_code == 2
    assert "ls" not in run("--help").stdout.split()


def test_global_options_after_the_command_and_identity_from_config(clone: Path) -> None:
    run("member", "add", "ada", "--name", "Ada", "--as", "ada")
    made = run("community", "add", "py", "--name", "Py", "--kind", "professional", "--as", "ada")
    assert made.exit_code == 0, made.output
    result = run(
        "add", "--kind", "lesson", "--title", "T", "-c", "py", "--body", "b", "--json", "--as", "ada"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["author"] == "ada"
    assert run("whoami").exit_code != 0
    run("config", "set", "identity", "ada")
    assert "handle: ada" in run("whoami").stdout
    assert json.loads(run("--json", "list").stdout)[0]["title"] == "T"


def test_version_overview_and_help_labels() -> None:
    assert run("-V").stdout.startswith("cop ")
    alone = run()
    assert alone.exit_code == 0 and "cop --help" in alone.stdout
    shown = run("list", "--help").stdout
    assert "<bool>" not in shown and "<str>" not in shown and "DATE" in shown
    for panel in ("Read", "Write", "Questions", "People", "Sharing", "Repo"):
        assert f"─ {panel} " in run("--help").stdout
