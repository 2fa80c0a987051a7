"""Writing through the app: create, edit, answer, accept, delete; asserted on screen and on the files."""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual.widgets import Input, Select, Static, TextArea

from cop.core import Cop
from cop.tui.screens.dialogs import Confirm, PickOne
from cop.tui.screens.entry_form import AnswerForm, EntryForm
from cop.tui.screens.main import MainScreen
from tests.tui.conftest import entry_list, make_app, settle


def files(repo: Path, community: str) -> set[str]:
    return {p.name for p in (repo / "entries" / community).glob("*.md")}


def read(repo: Path, entry_id: str) -> str:
    (path,) = (repo / "entries").glob(f"*/{entry_id}-*.md")
    return path.read_text(encoding="utf-8")


async def test_new_entry_is_written_and_selected(running, acme: Path) -> None:
    app, pilot = running
    app.screen.pick("community:python-guild")
    await settle(pilot)
    before = files(acme, "python-guild")
    await pilot.press("n")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, EntryForm)
    assert form.query_one("#community", Select).value == "python-guild"  # the view's community
    await pilot.press(*"Use uv for lock files")
    form.query_one("#tags", Input).value = "packaging, uv"
    form.query_one("#body", TextArea).text = "## Steps\n\n1. `uv lock`\n"
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)
    (new,) = files(acme, "python-guild") - before
    text = (acme / "entries" / "python-guild" / new).read_text(encoding="utf-8")
    assert "title: Use uv for lock files" in text and "- uv" in text and "kind: how-to" in text
    assert "author: ada" in text and text.endswith("1. `uv lock`\n")
    assert entry_list(app).current is not None and entry_list(app).current.title == "Use uv for lock files"


async def test_invalid_form_shows_the_error_next_to_the_field_and_writes_nothing(running, acme: Path) -> None:
    app, pilot = running
    before = sorted(p.name for p in (acme / "entries").rglob("*.md"))
    await pilot.press("n")
    await pilot.pause()
    form = app.screen
    form.query_one("#kind", Select).value = "resource"  # a resource needs a URL
    await pilot.press(*"A good book")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert app.screen is form
    error = form.query_one("#url-error", Static)
    assert "resource needs" in str(error.render()) and error.has_class("shown")
    assert form.query_one("#title", Input).value == "A good book"  # what was typed is kept
    assert sorted(p.name for p in (acme / "entries").rglob("*.md")) == before


async def test_failed_write_keeps_the_form_and_what_was_typed(acme: Path) -> None:
    setup = Cop.open(acme, "ada")
    setup.add_community("empty", "Empty Circle", "social")
    setup.close()
    (acme / "entries" / "empty").write_text("a file where the folder should be\n")
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.pick("community:empty")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await pilot.press(*"Never written")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "could not write" in str(form.query_one("#form-error", Static).render())
        assert form.query_one("#title", Input).value == "Never written"


async def test_edit_in_the_form_rewrites_the_file(running, acme: Path) -> None:
    app, pilot = running
    assert entry_list(app).select_id("3m3bnt9w")
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, EntryForm)
    assert form.query_one("#title", Input).value == "Pin your dependencies with a lock file"
    form.query_one("#title", Input).value = "Pin every dependency with a lock file"
    form.query_one("#tags", Input).value = "packaging reproducibility"
    await pilot.press("ctrl+s")
    await settle(pilot)
    text = read(acme, "3m3bnt9w")
    assert "title: Pin every dependency with a lock file" in text
    assert "- reproducibility" in text
    assert entry_list(app).current.id == "3m3bnt9w"
    assert entry_list(app).current.title == "Pin every dependency with a lock file"


async def test_answer_the_selected_question(running, acme: Path) -> None:
    app, pilot = running
    assert entry_list(app).select_id("308np531")
    await settle(pilot)
    before = files(acme, "python-guild")
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(app.screen, AnswerForm)
    await pilot.press(*"Inject a clock.")
    await pilot.press("ctrl+s")
    await settle(pilot)
    (new,) = files(acme, "python-guild") - before
    text = (acme / "entries" / "python-guild" / new).read_text(encoding="utf-8")
    assert "kind: answer" in text and "question: 308np531" in text and "Inject a clock." in text


async def test_answer_needs_a_question(running) -> None:
    app, pilot = running
    assert entry_list(app).select_id("3m3bnt9w")  # a best practice
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)


async def test_accept_the_selected_answer(running, acme: Path) -> None:
    app, pilot = running
    assert "accepted:" not in read(acme, "308np531")
    assert entry_list(app).select_id("26awse57")  # the answer to 308np531
    await settle(pilot)
    await pilot.press("A")
    await settle(pilot)
    assert "accepted: 26awse57" in read(acme, "308np531")


async def test_accept_from_the_question_picks_the_answer(running, acme: Path) -> None:
    app, pilot = running
    assert entry_list(app).select_id("308np531")
    await settle(pilot)
    await pilot.press("A")
    await settle(pilot)
    assert isinstance(app.screen, PickOne)
    await pilot.press("enter")
    await settle(pilot)
    assert "accepted: 26awse57" in read(acme, "308np531")


async def test_delete_asks_first(running, acme: Path) -> None:
    app, pilot = running
    assert entry_list(app).select_id("3m3bnt9w")
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(app.screen, Confirm)
    await pilot.press("n")
    await settle(pilot)
    assert list((acme / "entries").glob("*/3m3bnt9w-*.md"))
    await pilot.press("d")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    assert not list((acme / "entries").glob("*/3m3bnt9w-*.md"))
    assert "3m3bnt9w" not in {r.id for r in entry_list(app).rows}


async def test_edit_in_editor_through_suspend(running, acme: Path, monkeypatch, tmp_path: Path) -> None:
    app, pilot = running
    script = tmp_path / "editor.sh"
    script.write_text("#!/bin/sh\nsed -i 's/^title: .*/title: Edited in an editor/' \"$1\"\n")
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    # the headless test driver cannot hand the terminal over; the real one can (see the tmux check)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    assert entry_list(app).select_id("3m3bnt9w")
    await settle(pilot)
    await pilot.press("E")
    await settle(pilot)
    assert "title: Edited in an editor" in read(acme, "3m3bnt9w")
    assert entry_list(app).current.title == "Edited in an editor"


async def test_edit_in_editor_without_a_terminal_to_hand_over(running, acme: Path) -> None:
    app, pilot = running
    before = read(acme, "3m3bnt9w")
    assert entry_list(app).select_id("3m3bnt9w")
    await settle(pilot)
    await pilot.press("E")  # headless: Textual cannot suspend, the app says so and changes nothing
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)
    assert read(acme, "3m3bnt9w") == before
