"""The Review screen (v verify, o obsolete, e edit, enter opens), the reader's obsolete notice and
endorsements, the sidebar's trust score and `+` to endorse, on the real app and the files it writes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from cop.domain import dates
from cop.tui.screens.entry_form import EntryForm
from cop.tui.screens.main import MainScreen
from cop.tui.screens.review import ReviewScreen
from cop.tui.widgets.reader import Reader
from cop.tui.widgets.sidebar import Sidebar
from tests.tui.conftest import entry_list, outside, settle


def entry_text(repo: Path, entry_id: str) -> str:
    (path,) = (repo / "entries").rglob(f"{entry_id}-*.md")
    return path.read_text(encoding="utf-8")


def endorsers(repo: Path, entry_id: str) -> list[str]:
    core = outside(repo)
    try:
        return core.entry(entry_id).endorsements
    finally:
        core.close()


async def open_review(app, pilot) -> ReviewScreen:
    await pilot.press("R")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def pick(screen: ReviewScreen, community: str, skip: int = 0) -> str:
    """Highlight the `skip`-th queue row of `community`; its entry id."""
    ids = [item.entry.id for item in screen.queue if item.entry.community == community]
    options = screen.query_one("#review-queue", OptionList)
    options.highlighted = options.get_option_index(ids[skip])
    return ids[skip]


async def test_verify_and_obsolete_from_the_queue_write_the_files(running, acme: Path) -> None:
    app, pilot = running
    screen = await open_review(app, pilot)
    assert screen.queue, "the example has never-verified entries"
    summary = str(screen.query_one("#review-summary", Static).render())
    assert f"{len(screen.queue)} to review" in summary and "trust:" in summary
    verified = pick(screen, "python-guild")  # ada coordinates python-guild
    await pilot.press("v")
    await settle(pilot)
    assert f"- by: ada\n  date: '{dates.today()}'" in entry_text(acme, verified)
    assert verified not in [item.entry.id for item in screen.queue], "verified: out of the queue"
    retired = pick(screen, "python-guild")
    await pilot.press("o")
    await settle(pilot)
    assert "status: obsolete" in entry_text(acme, retired)
    assert retired not in [item.entry.id for item in screen.queue]


async def test_a_refusal_is_a_notification_and_nothing_is_written(running, acme: Path) -> None:
    app, pilot = running
    screen = await open_review(app, pilot)
    other = pick(screen, "sre-chapter")  # ada neither wrote it nor coordinates sre-chapter
    before = entry_text(acme, other)
    await pilot.press("v")
    await settle(pilot)
    assert entry_text(acme, other) == before
    assert any("only a verifier of" in str(n.message) for n in app._notifications)


async def test_edit_opens_the_form_and_enter_opens_the_entry_in_the_list(running) -> None:
    app, pilot = running
    screen = await open_review(app, pilot)
    chosen = pick(screen, "python-guild")
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, EntryForm)
    await pilot.press("escape")  # nothing typed: the form closes without asking
    await settle(pilot)
    assert app.screen is screen
    screen.query_one("#review-queue", OptionList).focus()
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)
    assert entry_list(app).current.id == chosen  # type: ignore[union-attr]


async def test_reader_says_obsolete_first_and_shows_endorsements(running, acme: Path) -> None:
    app, pilot = running
    core = outside(acme, "ada")
    try:
        old, new = [e for e in core.entries() if e.community == "python-guild" and e.author != "ada"][:2]
        core.mark_obsolete(old.id, by=new.id)
        core.endorse(old.id)
    finally:
        core.close()
    app.check_files()
    await settle(pilot)
    assert entry_list(app).select_id(old.id)
    await settle(pilot)
    meta = str(app.screen.query_one(Reader).query_one(".meta", Static).render())
    assert meta.startswith(f"⚠ Obsolete superseded by {new.title} ({new.id})")
    assert "▲ 1 endorsement: ada" in meta


async def test_sidebar_shows_trust_and_plus_endorses(running, acme: Path) -> None:
    app, pilot = running
    sidebar = app.screen.query_one(Sidebar)
    prompts = [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]
    assert any("trust 0%" in p for p in prompts) and "Review" in prompts
    target = next(r for r in entry_list(app).rows if r.author != "ada")
    assert entry_list(app).select_id(target.id)
    await settle(pilot)
    await pilot.press("plus")
    await settle(pilot)
    assert "ada" in endorsers(acme, target.id)
    await pilot.press("plus")  # again: the endorsement is taken back
    await settle(pilot)
    assert "ada" not in endorsers(acme, target.id)
