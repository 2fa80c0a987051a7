"""The new-entry form's body starts as the kind's template, follows the kind until typed in, and saves it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, TextArea

from cop.domain.templates import DEFAULT_BODIES
from cop.tui.screens.entry_form import EntryForm
from cop.tui.screens.main import MainScreen
from tests.tui.conftest import make_app, settle


async def test_new_entry_form_uses_templates(acme: Path) -> None:
    (acme / "templates" / "python-guild").mkdir(parents=True)
    (acme / "templates" / "python-guild" / "lesson.md").write_text("## A Python \x1b[31mlesson\n")
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.pick("community:python-guild")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryForm)
        body = form.query_one("#body", TextArea)
        assert form.query_one("#kind", Select).value == "how-to"
        assert body.text == DEFAULT_BODIES["how-to"]  # no file in acme: the built-in body
        assert not form.changed()  # nothing typed yet: Escape need not ask
        form.query_one("#kind", Select).value = "lesson"
        await settle(pilot)
        assert body.text == "## A Python \\x1b[31mlesson\n"  # the community's own, cleaned
        body.text = "## Typed by me\n"
        form.query_one("#kind", Select).value = "question"
        await settle(pilot)
        assert body.text == "## Typed by me\n"  # what was typed is never replaced
        form.query_one("#kind", Select).value = "lesson"
        body.text = DEFAULT_BODIES["lesson"]
        await pilot.press(*"Learned")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        [path] = [
            p for p in (acme / "entries" / "python-guild").glob("*.md") if "title: Learned" in p.read_text()
        ]
        assert path.read_text().endswith(DEFAULT_BODIES["lesson"])


async def test_an_untouched_template_is_saved_as_the_body(acme: Path) -> None:
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.pick("community:python-guild")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Untouched")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [path] = [
            p for p in (acme / "entries" / "python-guild").glob("*.md") if "title: Untouched" in p.read_text()
        ]
        assert path.read_text().endswith(DEFAULT_BODIES["how-to"])
