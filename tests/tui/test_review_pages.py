"""The Review screen holds a page of the queue, not all of it: the count comes from the index, and the
next page is fetched as the cursor nears the end of the rows held, in the queue's order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import OptionList, Static

from cop.core import Cop
from cop.domain import ids
from cop.domain.models import Entry
from cop.tui.screens import review
from cop.tui.screens.review import ReviewScreen
from tests.record_files import write_record
from tests.tui.conftest import make_app, settle

LESSONS = 450


def many_lessons(root: Path) -> None:
    """`LESSONS` never-verified lessons a day apart (the oldest is the most urgent), written as files."""
    for number in range(LESSONS):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=number)
        write_record(
            root,
            Entry.from_data(
                {
                    "id": ids.new_id(),
                    "kind": "lesson",
                    "title": f"Lesson {number:03d}",
                    "community": "python-guild",
                    "created": f"{day}T09:00:00Z",
                }
            ),
        )


async def test_the_queue_is_paged_and_the_next_page_comes_at_the_end(acme: Path) -> None:
    many_lessons(acme)
    core = Cop.open(acme, "ada")
    try:
        whole = [u.entry.id for u in core.review_queue()]
    finally:
        core.close()
    app = make_app(acme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert len(screen.queue) == review.PAGE < len(whole), "a page, not every entry"
        summary = str(screen.query_one("#review-summary", Static).render())
        assert f"{len(whole):,} to review" in summary, "the count is the whole queue's"
        assert [u.entry.id for u in screen.queue] == whole[: review.PAGE]
        await pilot.press("end")  # the last row held: the next page comes
        await settle(pilot)
        assert [u.entry.id for u in screen.queue] == whole[: 2 * review.PAGE]
        options = screen.query_one("#review-queue", OptionList)
        assert options.option_count == 2 * review.PAGE
        await pilot.press("end")
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert [u.entry.id for u in screen.queue] == whole, "all of it, in the queue's order, once"
