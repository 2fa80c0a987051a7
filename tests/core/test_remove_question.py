"""Cop.remove_entry(with_answers=...) on a question, without the CLI."""

from __future__ import annotations

import pytest

from cop.core import Cop
from cop.domain.errors import NotFound


def test_remove_with_answers_deletes_the_answers(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_USER", "ada")
    q = cop.add_entry("question", "Why?", "py")
    a = cop.answer(q.id, "Because.")
    other = cop.add_entry("question", "How?", "py")
    b = cop.answer(other.id, "Like this.")
    cop.remove_entry(q.id, with_answers=True)
    for gone in (q.id, a.id):
        with pytest.raises(NotFound):
            cop.entry(gone)
    assert cop.entry(b.id).question == other.id  # another question's answers are untouched


def test_remove_keeps_answers_by_default(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_USER", "ada")
    q = cop.add_entry("question", "Why?", "py")
    a = cop.answer(q.id, "Because.")
    cop.remove_entry(q.id)
    assert cop.entry(a.id).question == q.id
