"""Untrusted content, outside writes, broken files, huge bodies, failed writes and a small terminal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Footer, Input, Markdown, Static, TextArea

from cop.tui.app import CopApp
from cop.tui.screens.entry_form import EntryForm
from cop.tui.widgets.reader import Reader
from tests.tui.conftest import entry_list, make_app, outside, settle

HOSTILE_TITLE = "[bold red]boom[/] \x1b[31mred\x1b[0m [link=https://evil.example]x[/link]"
HOSTILE_BODY = "[blink]not markup[/blink]\n\n\x1b]0;pwned\x07 and \x1b[2J\n\n$(rm -rf /)"


def notifications(app: CopApp) -> list[str]:
    """Every notification the app has raised and still holds, as 'title: message'."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


def screen_text(app: CopApp) -> str:
    """What a person would read on the terminal right now (every line of the current screen)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_live_refresh_shows_an_outside_write_and_keeps_the_selection(running, acme: Path) -> None:
    app, pilot = running
    assert entry_list(app).select_id("3m3bnt9w")
    await settle(pilot)
    other = outside(acme, "marco")
    added = other.add_entry("how-to", "Written in another terminal", "python-guild", body="Hello.")
    other.edit_entry("3m3bnt9w", title="Pin it, retitled elsewhere")
    other.close()
    await app.check_files().wait()
    await settle(pilot)
    rows = entry_list(app).rows
    assert added.id in {r.id for r in rows}
    assert entry_list(app).current.id == "3m3bnt9w"  # the selection stays on the same entry
    assert entry_list(app).current.title == "Pin it, retitled elsewhere"
    reader = app.screen.query_one(Reader)
    assert (
        reader.entry_id == "3m3bnt9w"
        and "Pin it, retitled elsewhere" in reader.query_one(".meta").render().plain
    )


async def test_live_refresh_after_an_outside_delete_moves_on(running, acme: Path) -> None:
    app, pilot = running
    assert entry_list(app).select_id("3m3bnt9w")
    await settle(pilot)
    index = entry_list(app).cursor
    other = outside(acme, "ada")
    other.remove_entry("3m3bnt9w")
    other.close()
    await app.check_files().wait()
    await settle(pilot)
    assert "3m3bnt9w" not in {r.id for r in entry_list(app).rows}
    assert entry_list(app).cursor == index  # the next entry, not the top of the list
    assert app.screen.query_one(Reader).entry_id == entry_list(app).current.id


async def test_malformed_file_is_reported_once_and_the_rest_works(acme: Path) -> None:
    broken = acme / "entries" / "python-guild" / "zzzzzzzz-broken.md"
    broken.write_text("---\nid: zzzzzzzz\nkind: [unclosed\n---\nbody\n", encoding="utf-8")
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reported = [n for n in notifications(app) if "zzzzzzzz-broken.md" in n]
        assert len(reported) == 1 and reported[0].startswith("Skipped a file")
        assert len(entry_list(app).rows) > 10
        await app.check_files().wait()
        app.screen.reload()
        await settle(pilot)
        assert len([n for n in notifications(app) if "zzzzzzzz-broken.md" in n]) == 1


async def test_hostile_markup_and_escapes_are_shown_literally(acme: Path) -> None:
    core = outside(acme, "ada")
    hostile = core.add_entry("how-to", HOSTILE_TITLE, "python-guild", body=HOSTILE_BODY, tags=["x"])
    core.close()
    app = make_app(acme)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert entry_list(app).select_id(hostile.id)
        await settle(pilot)
        text = screen_text(app)
        assert "[bold red]boom[/]" in text  # the list row and the reader's title, literally
        assert "\\x1b[31mred" in text and "\x1b" not in text
        assert "[blink]not markup[/blink]" in text
        assert "\\x1b]0;pwned\\x07" in text


async def test_a_10_mb_body_opens(acme: Path) -> None:
    core = outside(acme, "ada")
    line = "A long line of the incident log, repeated to make a very large body. " * 2 + "\n"
    big = core.add_entry("lesson", "The whole incident log", "sre-chapter", body=line * 75_000)
    core.close()
    assert big.path and (acme / big.path).stat().st_size > 10_000_000
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert entry_list(app).select_id(big.id)
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.entry_id == big.id
        (area,) = reader.query(".large-body").results(TextArea)
        assert area.read_only and area.text.startswith(line * 10)  # the start of it, as plain text
        assert "E opens the whole file" in str(reader.query_one(".note", Static).render())
        await pilot.press("down", "up")  # the app still answers keys
        await settle(pilot)
        assert entry_list(app).current.id == big.id


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
async def test_write_into_a_read_only_folder_fails_and_keeps_the_text(acme: Path) -> None:
    folder = acme / "entries" / "python-guild"
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.pick("community:python-guild")
        await settle(pilot)
        before = sorted(folder.iterdir())
        folder.chmod(0o555)
        try:
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, EntryForm)
            await pilot.press(*"Typed, not lost")
            form.query_one("#body", TextArea).text = "Every word of this stays."
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form
            assert "could not write" in str(form.query_one("#form-error", Static).render())
            assert form.query_one("#title", Input).value == "Typed, not lost"
            assert form.query_one("#body", TextArea).text == "Every word of this stays."
            assert any(n.startswith("Not saved") for n in notifications(app))
        finally:
            folder.chmod(0o755)
        assert sorted(folder.iterdir()) == before


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
async def test_every_part_fits_and_the_footer_shows_the_keys(acme: Path, size: tuple[int, int]) -> None:
    app = make_app(acme)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen.region
        for widget in app.screen.query("#sidebar, #search, #status, #columns, #entries, #reader, Footer"):
            region = widget.region
            assert region.width > 0 and region.height > 0, widget
            assert screen.contains_region(region), (widget, region, screen)
        assert app.screen.query_one("#entries").region.height >= 3
        footer = str(screen_text(app).splitlines()[-1])
        for key in ("Search", "New", "Edit", "Answer", "Delete", "Quit", "Help"):
            assert key in footer, footer
        assert app.screen.query_one(Footer).region.bottom == size[1]


async def test_a_long_body_is_plain_text_and_a_short_one_markdown(acme: Path) -> None:
    core = outside(acme, "ada")
    long = core.add_entry("how-to", "A long how-to", "python-guild", body="Step **one**.\n\n" * 3_000)
    core.close()
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert entry_list(app).select_id(long.id)
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.query(".large-body") and not reader.query(Markdown)
        note = str(reader.query_one(".note", Static).render())
        assert note.startswith("A long body (44 KB): shown as plain text") and "editor" not in note
        assert entry_list(app).select_id("3m3bnt9w")
        await settle(pilot)
        assert reader.query(Markdown) and not reader.query(".note")


@pytest.mark.parametrize(
    ("key", "parts", "keys"),
    [
        ("m", "#mentorships, #mentor-meta, #goals, #sessions-pane", ("Back", "Log session", "Goals")),
        ("p", "#people, #profile-pane, #contributions", ("Back", "Quit")),
        ("n", "#kind, #community, #title, #tags, #url, #body, #save, #cancel", ("Save", "Cancel")),
        ("question_mark", "#help", ("Close",)),
    ],
)
async def test_other_screens_fit_80x24(acme: Path, key: str, parts: str, keys: tuple[str, ...]) -> None:
    app = make_app(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        screen = app.screen.region
        found = app.screen.query(parts)
        assert len(found) == parts.count(",") + 1
        for widget in found:
            assert widget.region.height > 0 and screen.contains_region(widget.region), widget
        footer = screen_text(app).splitlines()[-1]
        assert all(k in footer for k in keys), footer
