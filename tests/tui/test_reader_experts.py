"""A question in the reading pane names its likely experts, with the evidence behind each score, as
`cop ask` does; other entries do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from cop.core import Cop
from cop.domain.filters import EntryFilter
from cop.tui.widgets.reader import Reader
from tests.tui.conftest import make_app
from tests.tui.test_reader_links import open_row


def shown(reader: Reader) -> str:
    return str(reader.query_one(".meta", Static).render())


async def test_a_question_names_its_likely_experts_with_their_evidence(
    acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = Cop.open(acme, "marco")
    try:
        expected = core.experts_for_tags(["learning-design"], community="teaching-network")
        # a question by mei on packaging, where mei herself has evidence
        mei_asked = next(
            e.id
            for e in core.entries(EntryFilter(kind="question"))
            if e.author == "mei" and "packaging" in e.tags
        )
        monkeypatch.setenv("COP_NOW", "2099-01-01T00:00:00Z")
        question = core.ask("teaching-network", "How long should a module be?", tags=["learning-design"])
        how_to = core.add_entry("how-to", "Plain how-to", "teaching-network", tags=["learning-design"])
    finally:
        monkeypatch.delenv("COP_NOW")
        core.close()
    assert expected, "the example repo has evidence for learning-design"
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_row(pilot, app, question.id)
        reader = app.screen.query_one(Reader)
        assert reader.entry_id == question.id
        text = shown(reader)
        assert "likely experts: " in text
        first = expected[0]
        assert f"@{first.handle} (" in text and first.why() in text
        assert "@marco" not in text.split("likely experts:")[1], "never the asker"
        await open_row(pilot, app, mei_asked)
        assert reader.entry_id == mei_asked
        assert "@mei" not in shown(reader).split("likely experts:")[1], (
            "the asker, not the reader, is left out"
        )
        await open_row(pilot, app, how_to.id)
        assert reader.entry_id == how_to.id
        assert "likely experts" not in shown(reader)
