"""What bash's completion is offered, driven through Click's completion protocol (`_COP_COMPLETE` with
bash's `COMP_WORDS`/`COMP_CWORD`) in this process, for the completion tests of every group."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cop.cli import app


def bash(*words: str) -> list[str]:
    """What bash is offered for the last of `words` (the word being typed, "" for a new one)."""
    line = ["cop", *words]
    env = {"_COP_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(line), "COMP_CWORD": str(len(line) - 1)}
    result = CliRunner().invoke(app, [], env=env, prog_name="cop")
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def complete(repo: Path, *words: str) -> list[str]:
    """What bash is offered for the last of `words` in the repo at `repo` (`cop --repo REPO WORDS`)."""
    return bash("--repo", str(repo), *words)
