"""End-to-end runs of the installed `cop` as a separate process: real stdout/stderr pipes, exit codes, env."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cop import __version__


def cop_command() -> list[str]:
    """The installed console script next to this Python, else `python -m cop`."""
    script = Path(sys.executable).with_name("cop")
    if script.is_file():
        return [str(script)]
    found = shutil.which("cop")
    return [found] if found else [sys.executable, "-m", "cop"]


def cop(*args: str, cwd: Path, input: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*cop_command(), *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, "COP_NOW": "2026-05-01T10:00:00Z", **env},
        timeout=60,
    )


def test_version(tmp_path: Path) -> None:
    result = cop("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"cop {__version__}\n"


def test_a_whole_session_through_pipes(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    assert cop("init", str(kb), "--name", "KB", cwd=tmp_path).returncode == 0
    assert cop("member", "add", "ada", "--name", "Ada", cwd=kb).returncode == 0
    assert cop("community", "add", "py", "--name", "Py", "--kind", "professional", cwd=kb).returncode == 0
    added = cop(
        "add", "-k", "how-to", "-T", "Profile tests", "-c", "py", "-t", "pytest", "--body-file", "-",
        "--json", cwd=kb, input="Run pytest --durations=10.\n", COP_USER="ada",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    entry = json.loads(added.stdout)
    assert entry["body"] == "Run pytest --durations=10.\n"
    listed = cop("list", "--json", cwd=kb)
    assert [e["id"] for e in json.loads(listed.stdout)] == [entry["id"]]
    plain = cop("list", cwd=kb)
    assert plain.stdout == f"{entry['id']}\thow-to\tProfile tests\tpytest\tada\t2026-05-01\n"
    assert "\x1b" not in plain.stdout  # not a terminal: no colour
    hits = json.loads(cop("search", "durations", "--json", cwd=kb).stdout)
    assert hits[0]["id"] == entry["id"]
    shown = json.loads(cop("show", entry["id"][:4], "--json", cwd=kb).stdout)
    assert shown["title"] == "Profile tests"
    assert json.loads(cop("tags", "--json", cwd=kb).stdout) == [{"tag": "pytest", "count": 1}]
    doctor = cop("doctor", cwd=kb)
    assert doctor.returncode == 0 and doctor.stdout == ""


def test_errors_go_to_stderr_with_exit_codes(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    cop("init", str(kb), cwd=tmp_path)
    missing = cop("show", "zzzzzzzz", cwd=kb)
    assert missing.returncode == 1
    assert missing.stdout == ""
    assert missing.stderr == "error: no entry with id 'zzzzzzzz'; see 'cop list'\n"
    usage = cop("list", "--sort", cwd=kb)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_no_color_and_the_repo_from_the_environment(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    cop("init", str(kb), cwd=tmp_path)
    result = cop("doctor", cwd=tmp_path, COP_REPO=str(kb), NO_COLOR="1")
    assert result.returncode == 0
    assert result.stderr == "no problems in 0 file(s)\n"


@pytest.mark.parametrize("module", ["cop.commands.entries", "cop.commands.repo", "cop.cli"])
def test_the_cli_start_path_imports_no_textual_or_rich(module: str) -> None:
    heavy = "('textual', 'rich')"
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
