"""Deleting a question in the app asks, as `cop rm` does, whether its answers go too."""

from __future__ import annotations

from pathlib import Path

import pytest

from cop.tui.screens.dialogs import Confirm, PickOne
from tests.tui.conftest import entry_list, settle

QUESTION = "xjpb6rht"  # the example's question with three answers


def answers_of(repo: Path, question: str) -> list[Path]:
    return [p for p in (repo / "entries").rglob("*.md") if f"question: {question}\n" in p.read_text("utf-8")]


@pytest.mark.parametrize(("choice", "left"), [(0, 0), (1, 3)])
async def test_delete_question_asks_about_its_answers(running, acme: Path, choice: int, left: int) -> None:
    app, pilot = running
    assert len(answers_of(acme, QUESTION)) == 3
    assert entry_list(app).select_id(QUESTION)
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(app.screen, Confirm)
    await pilot.press("y")
    await settle(pilot)
    assert isinstance(app.screen, PickOne)
    if choice:
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    assert not list((acme / "entries").glob(f"*/{QUESTION}-*.md"))
    assert len(answers_of(acme, QUESTION)) == left


async def test_escape_on_the_answers_question_deletes_nothing(running, acme: Path) -> None:
    app, pilot = running
    assert entry_list(app).select_id(QUESTION)
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    assert list((acme / "entries").glob(f"*/{QUESTION}-*.md"))
    assert len(answers_of(acme, QUESTION)) == 3
