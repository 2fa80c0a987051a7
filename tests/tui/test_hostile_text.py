"""Hostile text in every field a teammate can write reaches no screen raw (issue 11, item 6).

A repo whose records hold terminal escapes (an OSC 0 window title, an OSC 52 clipboard write, a C1 CSI),
bidi overrides and zero-width characters in titles, tags, bodies, names, community names, goals and
session notes; every screen of the real app is drawn and its whole output read back: no ESC, BEL, C1
control, bidi override or zero-width character, and the hostile text is there, made visible.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual._compositor import LayoutUpdate
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from cop.core import Cop
from cop.tui.app import CopApp
from cop.tui.screens.dialogs import Confirm, PickOne
from cop.tui.screens.entry_form import EntryForm
from tests.tui.conftest import entry_list, make_app, settle

#: an OSC 0 window title, an OSC 52 clipboard write, a C1 CSI, a bidi override, a zero-width space
HOSTILE = "\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x9b31m\u202egnp.exe\u2066\u200b\ufeff"
#: what must never reach the terminal: C0 (but newline), DEL, C1, bidi controls, zero-width characters
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")


@pytest.fixture
def hostile(example_path: Path) -> tuple[Path, dict[str, str]]:
    """The example repo plus records holding `HOSTILE` in every free-text field."""
    config = example_path / "cop.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("name: Acme Communities of Practice", 'name: "Acme \\e]0;PWNED\\a\\u202e"'),
        encoding="utf-8",
    )
    core = Cop.open(example_path, "ada")
    core.add_community("evil", "Evil " + HOSTILE, "social", description=HOSTILE)
    core.add_member("mallory", "Mallory " + HOSTILE, title=HOSTILE, department=HOSTILE, bio=HOSTILE)
    core.add_member("zed", "Zed", expertise=["x" + HOSTILE])
    question = core.add_entry(
        "question", "Title " + HOSTILE, "python-guild", body="Body " + HOSTILE, tags=["tag" + HOSTILE]
    )
    core.answer(question.id, "Answer " + HOSTILE)
    mentorship = core.add_mentorship("ada", "mallory", community="python-guild", cadence=HOSTILE)
    core.add_goal(mentorship.id, "Goal " + HOSTILE)
    core.log_session(mentorship.id, "Notes " + HOSTILE, minutes=30, next_steps="Next " + HOSTILE)
    core.close()
    return example_path, {"question": question.id, "mentorship": mentorship.id}


def screen_text(app: CopApp) -> str:
    """The text of every segment the app would write to the terminal now (the full update that
    `export_screenshot` draws, before any exporter could drop a control character)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, LayoutUpdate)
    return "\n".join("".join(s.text for strip in line for s in strip) for line in update.strips)


def assert_inert(app: CopApp, where: str, present: bool = True) -> None:
    shown = screen_text(app)
    bad = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(shown)})
    assert not bad, f"{where}: {bad} reached the screen"
    if present:
        assert "PWNED" in shown or "gnp.exe" in shown, f"{where}: the hostile text is not on screen"


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_no_screen_draws_hostile_text_raw(hostile: tuple[Path, dict[str, str]], size) -> None:
    repo, ids = hostile
    app = make_app(repo)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        # the list (title, tags, author columns), the reader (metadata, body, answers), header, sidebar
        assert entry_list(app).select_id(ids["question"])
        await settle(pilot)
        assert_inert(app, "main screen")
        if size[0] >= 150:  # wide enough for the whole title: shown escaped, not dropped
            assert "\\x1b]0;PWNED\\x07" in screen_text(app) and "\\u202e" in screen_text(app)
        # the full-text search hits (snippets)
        await pilot.press("slash", *"PWNED", "enter")
        await settle(pilot)
        assert_inert(app, "search hits")
        await pilot.press("escape")
        await settle(pilot)
        await check_dialogs(app, pilot, ids)
        await check_people_and_mentorships(app, pilot, ids)


async def check_dialogs(app: CopApp, pilot: Pilot[None], ids: dict[str, str]) -> None:
    assert entry_list(app).select_id(ids["question"])
    await settle(pilot)
    await pilot.press("e")  # the edit form, filled from the record
    await settle(pilot)
    assert isinstance(app.screen, EntryForm)
    for widget in app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        value = widget.value if isinstance(widget, Input) else widget.text
        assert not UNSAFE.search(value.replace("\n", "")), f"{widget.id} holds raw hostile text"
    assert_inert(app, "edit form")
    await pilot.press("ctrl+s")  # saved untouched: the record keeps its own text (not the escapes)
    await settle(pilot)
    assert_inert(app, "the Saved notification")
    core = Cop.open(Path(app.core.repo.root), "ada")
    saved = core.entry(ids["question"])
    assert saved.title == "Title " + HOSTILE and saved.body.startswith("Body " + HOSTILE)
    core.close()
    await pilot.press("d")  # the delete dialog names the title
    await settle(pilot)
    assert isinstance(app.screen, Confirm)
    assert_inert(app, "delete dialog")
    await pilot.press("n")
    await settle(pilot)
    await pilot.press("t")  # the tag picker
    await settle(pilot)
    assert isinstance(app.screen, PickOne)
    assert_inert(app, "tag picker")
    await pilot.press("escape")
    await settle(pilot)
    app.notify("Hostile " + HOSTILE, title=HOSTILE)  # what a core error quoting a value would do
    await pilot.pause()
    assert_inert(app, "a notification")


async def check_people_and_mentorships(app: CopApp, pilot: Pilot[None], ids: dict[str, str]) -> None:
    await pilot.press("p")
    await settle(pilot)
    people = app.screen.query_one("#people", OptionList)
    for handle in ("mallory", "zed", "ada"):  # profile, expertise, and the list of what they wrote
        people.highlighted = people.get_option_index(handle)
        await settle(pilot)
        assert_inert(app, f"people screen ({handle})")
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    options = app.screen.query_one("#mentorships", OptionList)
    options.highlighted = options.get_option_index(ids["mentorship"])
    await settle(pilot)
    assert_inert(app, "mentorships screen")
    await pilot.press("l")
    await settle(pilot)
    assert_inert(app, "session form", present=False)  # it covers the screen: only its own heading
