"""Forms never lose or misplace text (issue 11, item 20) and say up front when writing is off (item 21)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label, TextArea

from cop.core import Cop
from cop.tui.screens.dialogs import Confirm
from cop.tui.screens.entry_form import AnswerForm, EntryForm
from cop.tui.screens.help import KEYS
from cop.tui.screens.main import MainScreen
from tests.tui.conftest import entry_list, make_app, settle


async def test_escape_with_typed_text_asks_before_discarding(running) -> None:
    app, pilot = running
    await pilot.press("n")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, EntryForm)
    await pilot.press(*"My title", "tab", "tab", "tab")  # title, then tags, URL, body
    assert form.focused is form.query_one("#body", TextArea)
    form.query_one("#body", TextArea).clear()  # the kind's template (tests/tui/test_form_templates.py)
    await pilot.press(*"Some body text")
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, Confirm)  # asked, not dropped
    await pilot.press("n")
    await settle(pilot)
    assert app.screen is form and form.query_one("#body", TextArea).text == "Some body text"
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)


async def test_escape_on_an_untouched_form_just_closes(running) -> None:
    app, pilot = running
    await pilot.press("n")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)


async def test_tab_in_the_body_moves_on_and_inserts_nothing(running) -> None:
    app, pilot = running
    await pilot.press("n")
    await settle(pilot)
    form = app.screen
    form.query_one("#body", TextArea).clear()  # the kind's template (tests/tui/test_form_templates.py)
    form.query_one("#body", TextArea).focus()
    await pilot.press(*"abc", "tab")
    assert form.query_one("#body", TextArea).text == "abc"
    assert form.focused is not form.query_one("#body", TextArea)
    forms = dict(KEYS)["Forms"]
    assert any(key.startswith("tab") and "next" in what for key, what in forms)  # the help says so


async def test_keys_typed_right_after_n_land_in_the_title(running) -> None:
    app, pilot = running
    await pilot.press("n", *"a b", "down", "x")  # no pause: the keys arrive as the form opens
    await settle(pilot)
    form = app.screen
    assert isinstance(form, EntryForm)
    assert form.query_one("#kind").expanded is False  # type: ignore[attr-defined]
    assert form.query_one("#title", Input).value.startswith("a b")


async def test_the_edit_form_starts_in_the_title(running) -> None:
    app, pilot = running
    await pilot.press("e")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, EntryForm)
    assert form.focused is form.query_one("#title", Input)


async def test_every_field_has_a_label(running) -> None:
    app, pilot = running
    await pilot.press("n")
    await settle(pilot)
    labels = {str(label.render()) for label in app.screen.query(".field-label").results(Label)}
    assert {"Kind", "Community", "Title", "Tags", "URL", "Body"} <= labels


async def test_without_identity_the_header_says_read_only_and_n_opens_no_form(acme: Path) -> None:
    app = make_app(acme, acting=None)  # the example has no member with the test's git user.email
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.user is None and app.sub_title.startswith("read-only: start with cop --as HANDLE tui")
        for key in ("n", "a"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, MainScreen), f"{key} opened a form that cannot be saved"
        messages = [n.message for n in app._notifications]
        assert any("Writing is off" in m and "cop --as HANDLE tui" in m for m in messages)
        assert not any(isinstance(s, EntryForm | AnswerForm) for s in app.screen_stack)


async def test_edit_of_a_hostile_record_keeps_untouched_fields(acme: Path) -> None:
    core = Cop.open(acme, "ada")
    entry = core.add_entry("how-to", "A \u202eb", "python-guild", body="x\x1b[2J", tags=["t\u200b"])
    core.close()
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert entry_list(app).select_id(entry.id)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#title", Input).value == "A \\u202eb"  # shown visible
        app.screen.query_one("#url", Input).value = "https://example.org"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = Cop.open(acme, "ada").entry(entry.id)
    assert saved.title == "A \u202eb" and saved.body.startswith("x\x1b[2J") and saved.tags == ["t\u200b"]
    assert saved.url == "https://example.org"
