"""`cop init`, `cop whoami`, `cop doctor` and `cop reindex` through the real CLI on real files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop


def run(*args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(app, list(args), **kwargs)  # type: ignore[arg-type]


# -- init --------------------------------------------------------------------------------------------
def test_init_creates_the_skeleton_and_git(tmp_path: Path) -> None:
    target = tmp_path / "team-kb"
    result = run("init", str(target), "--name", "Team KB", "--description", "What we know.")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((target / "cop.yaml").read_text()) == {
        "format": 1,
        "name": "Team KB",
        "description": "What we know.",
    }
    for folder in ("communities", "members", "entries", "mentorships"):
        assert (target / folder).is_dir()
    assert "/.cop/" in (target / ".gitignore").read_text()
    assert (target / ".git").is_dir()
    assert f"created knowledge repo 'Team KB' in {target}" in result.stderr
    assert result.stdout == ""


def test_init_defaults_to_the_current_folder_and_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "guild"
    here.mkdir()
    monkeypatch.chdir(here)
    assert run("init").exit_code == 0
    assert yaml.safe_load((here / "cop.yaml").read_text())["name"] == "guild"
    # and the repo is then found from a sub-folder, like git
    (here / "members" / "deep").mkdir()
    monkeypatch.chdir(here / "members" / "deep")
    assert run("member", "add", "ada", "--name", "Ada").exit_code == 0
    assert (here / "members" / "ada.yaml").is_file()


def test_init_with_a_remote(tmp_path: Path) -> None:
    target = tmp_path / "kb"
    result = run("init", str(target), "--remote", "https://example.invalid/kb.git")
    assert result.exit_code == 0, result.output
    url = subprocess.run(
        ["git", "-C", str(target), "remote", "get-url", "origin"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert url == "https://example.invalid/kb.git"


def test_init_refuses_an_existing_repo(tmp_path: Path) -> None:
    target = tmp_path / "kb"
    assert run("init", str(target), "--name", "First").exit_code == 0
    before = (target / "cop.yaml").read_bytes()
    result = run("init", str(target), "--name", "Second")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {target} is already a cop repo (cop.yaml exists)"
    assert (target / "cop.yaml").read_bytes() == before


# -- whoami ------------------------------------------------------------------------------------------
@pytest.fixture
def repo(cop: Cop) -> Path:
    return cop.repo.root


def test_whoami_from_as_and_from_env(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("--repo", str(repo), "--as", "bob", "whoami")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == ["handle: bob", "name: Bob Builder", "from: --as"]
    monkeypatch.setenv("COP_USER", "ada")
    data = json.loads(run("--repo", str(repo), "whoami", "--json").stdout)
    assert (data["handle"], data["email"], data["source"]) == ("ada", "ada@example.org", "COP_USER")
    assert data["repo"] == str(repo)


def test_whoami_from_git_email(repo: Path) -> None:
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.email", "ADA@example.org"], check=True)
    result = run("--repo", str(repo), "whoami")
    assert result.exit_code == 0, result.output
    assert "handle: ada" in result.stdout
    assert "from: git user.email" in result.stdout


def test_whoami_unknown(repo: Path) -> None:
    result = run("--repo", str(repo), "whoami")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cop does not know who you are: pass --as HANDLE, set COP_USER")
    result = run("--repo", str(repo), "--as", "zed", "whoami")
    assert result.exit_code == 1
    assert "'zed' (from --as) is not a member of this repo" in result.stderr
    result = run("--repo", str(repo), "whoami", env={"COP_USER": "zed"})
    assert "'zed' (from COP_USER) is not a member of this repo" in result.stderr


def test_as_after_the_command_wins_over_cop_user_and_says_so(repo: Path) -> None:
    result = run("--repo", str(repo), "whoami", "--as", "bob", env={"COP_USER": "ada"})
    assert result.exit_code == 0, result.output
    assert "handle: bob" in result.stdout and "from: --as\n" in result.stdout


def test_whoami_names_the_config_file_it_read(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.email", "ada@example.org"], check=True)
    monkeypatch.chdir(repo)
    assert run("config", "set", "--user", "identity", "bob").exit_code == 0
    user_file = Path.home() / ".config" / "cop" / "config.toml"
    assert run("whoami").stdout.splitlines()[:3] == [
        "handle: bob",
        "name: Bob Builder",
        f"from: user config ({user_file})",
    ]
    assert run("config", "set", "identity", "zed").exit_code == 0  # the clone's file wins over the user's
    result = run("whoami")
    clone_file = repo / ".git" / "cop" / "config.toml"
    assert result.exit_code == 1
    assert f"'zed' (from clone config ({clone_file})) is not a member of this repo" in result.stderr
    assert "from: --as\n" in run("--as", "ada", "whoami").stdout
    assert run("config", "unset", "identity").exit_code == 0
    assert run("config", "unset", "--user", "identity").exit_code == 0
    assert "from: git user.email" in run("whoami").stdout


# -- doctor ------------------------------------------------------------------------------------------
def test_doctor_on_a_healthy_repo(repo: Path, cop: Cop) -> None:
    cop.add_entry("lesson", "Fine", "py")
    result = run("--repo", str(repo), "doctor")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == "no problems in 4 file(s)"
    assert json.loads(run("--repo", str(repo), "doctor", "--json").stdout) == []


def test_doctor_reports_every_problem_and_exits_1(repo: Path, cop: Cop) -> None:
    question = cop.ask("py", "Q?")
    answer = cop.answer(question.id, "A.")
    good = cop.add_entry("lesson", "Good", "py")
    (repo / "entries" / "py" / "bad00000-broken.md").write_text("---\nkind: [\n---\n", encoding="utf-8")
    (repo / question.path).unlink()  # the answer now points nowhere
    text = (repo / good.path).read_text()
    (repo / good.path).write_text(text.replace("author: ada", "author: ghost"), encoding="utf-8")
    (repo / "members" / "bob.yaml").write_text(
        "handle: bob\nname: Bob\n<<<<<<< ours\nbio: a\n=======\nbio: b\n>>>>>>> theirs\n", encoding="utf-8"
    )
    result = run("--repo", str(repo), "doctor")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("entries/py/bad00000-broken.md:3: invalid YAML") for line in lines), lines
    assert f"{answer.path}: answers question {question.id}, which does not exist" in lines
    assert f"{good.path}: author 'ghost' is not a known member" in lines
    assert any(line.startswith("members/bob.yaml: ") and "conflict" in line for line in lines)
    assert "problem(s) in" in result.stderr
    data = json.loads(run("--repo", str(repo), "doctor", "--json").stdout)
    assert {d["kind"] for d in data} >= {"parse", "reference", "conflict"}
    assert all(list(d) == ["path", "line", "kind", "message"] for d in data)
    assert [d["line"] for d in data if d["kind"] == "parse"] == [3]


# -- reindex -----------------------------------------------------------------------------------------
def test_reindex_rebuilds_a_deleted_cache(repo: Path, cop: Cop) -> None:
    entry = cop.add_entry("lesson", "Indexed words", "py", body="zebra crossing")
    cop.close()
    cache = repo / ".cop"
    for path in cache.iterdir():
        path.unlink()
    result = run("--repo", str(repo), "reindex")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("indexed 4 file(s) in ")
    assert (cache / "search.sqlite").is_file()
    found = run("--repo", str(repo), "search", "zebra")
    assert found.stdout.split("\t")[0] == entry.id


def test_reindex_says_how_many_files_it_skipped(repo: Path) -> None:
    (repo / "entries" / "py").mkdir(parents=True, exist_ok=True)
    (repo / "entries" / "py" / "bad00000-x.md").write_text("nope\n", encoding="utf-8")
    result = run("--repo", str(repo), "reindex")
    assert result.exit_code == 0, result.output
    assert "1 skipped (run 'cop doctor')" in result.stderr


def test_first_use_creates_the_personal_repo_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside any repo and with no --repo, cop works out of the box on a personal repo it creates."""
    from cop.store import default_repo_path

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COP_REPO", raising=False)
    first = run("list")
    assert first.exit_code == 0, first.output
    assert (default_repo_path() / "cop.yaml").is_file()
    assert f"created your personal knowledge repo at {default_repo_path()}" in first.stderr
    second = run("list")
    assert second.exit_code == 0 and "created" not in second.stderr
    assert "using the personal repo at" in second.stderr  # still empty: said on every read (issue 11.18)
