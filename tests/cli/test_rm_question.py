"""`cop rm QUESTION`: its answers go too with --with-answers, stay with --keep-answers, and cop asks on a
terminal; without a terminal and without a flag it refuses, naming the flags, and deletes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.commands import output
from cop.core import Cop


def run(repo: Path, *args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), *args], **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def question(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[str]]:
    monkeypatch.setenv("COP_USER", "ada")
    q = cop.add_entry("question", "How do I freeze time?", "py", body="In tests.")
    answers = [cop.answer(q.id, "Inject a clock.").id, cop.answer(q.id, "Use time-machine.").id]
    return q.id, answers


def exists(cop: Cop, entry_id: str) -> bool:
    return bool(list((cop.repo.root / "entries").glob(f"*/{entry_id}-*.md")))


def test_with_answers_deletes_them_too(cop: Cop, question: tuple[str, list[str]]) -> None:
    q, answers = question
    result = run(cop.repo.root, "rm", "--yes", "--with-answers", q)
    assert result.exit_code == 0, result.output
    assert "deleted its 2 answers" in result.stderr
    assert not any(exists(cop, i) for i in [q, *answers])
    doctor = run(cop.repo.root, "doctor")
    assert answers[0] not in doctor.output


def test_keep_answers_leaves_them_and_says_so(cop: Cop, question: tuple[str, list[str]]) -> None:
    q, answers = question
    result = run(cop.repo.root, "rm", "-y", "--keep-answers", q)
    assert result.exit_code == 0, result.output
    assert "its 2 answers still point to it" in result.stderr
    assert not exists(cop, q) and all(exists(cop, a) for a in answers)


@pytest.mark.parametrize("args", [["--yes"], []])
def test_without_a_flag_off_a_terminal_refuses_naming_the_flags(
    cop: Cop, question: tuple[str, list[str]], args: list[str]
) -> None:
    q, answers = question
    result = run(cop.repo.root, "rm", *args, q, input="y\n")
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines() == [
        f"error: question {q} has 2 answers: pass --with-answers or --keep-answers"
    ]
    assert all(exists(cop, i) for i in [q, *answers])


def test_both_flags_is_a_usage_error(cop: Cop, question: tuple[str, list[str]]) -> None:
    q, _ = question
    result = run(cop.repo.root, "rm", "-y", "--with-answers", "--keep-answers", q)
    assert result.exit_code != 0 and "not both" in result.stderr
    assert exists(cop, q)


@pytest.mark.parametrize(("reply", "answers_left"), [("y\ny\n", False), ("y\nn\n", True)])
def test_on_a_terminal_it_asks(
    cop: Cop,
    question: tuple[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
    reply: str,
    answers_left: bool,
) -> None:
    monkeypatch.setattr(output, "stdin_is_terminal", lambda: True)
    q, answers = question
    result = run(cop.repo.root, "rm", q, input=reply)
    assert result.exit_code == 0, result.output
    assert "also delete its 2 answers?" in result.stderr
    assert not exists(cop, q)
    assert all(exists(cop, a) == answers_left for a in answers)


def test_a_question_without_answers_needs_no_flag(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_USER", "ada")
    q = cop.add_entry("question", "Lonely?", "py")
    result = run(cop.repo.root, "rm", "-y", q.id)
    assert result.exit_code == 0, result.output
    assert not exists(cop, q.id)
