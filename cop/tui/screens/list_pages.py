"""`ListPages`: the main screen's entry list as pages of the index, never the whole view in Python.

What the list shows is a `views.ListQuery` (the view narrowed by the filter box, kind and tag, in a
sort). `load_page` asks the core thread for its counts and the window of rows around the entry to keep
selected (its position counted in SQL); as the list scrolls away from that window, `EntryList` posts
`Wanted` and `fetch_window` brings the rows there. Each load is numbered, so an answer to a load asked
before the latest one (a fast typist's earlier keys) is dropped, and skipped on the core thread when it
has not started yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.widgets import Input

from cop.domain.errors import CopError
from cop.tui import views
from cop.tui.screens.main_state import MainState
from cop.tui.widgets.entry_list import EntryList

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.tui.rows import Row


class ListPages(MainState):
    """The paging half of MainScreen (what it uses of the screen is declared in `MainState`)."""

    def __init__(self) -> None:
        super().__init__()
        #: what the list pages through, as last loaded (the view, filter box, kind, tag and sort)
        self.list_query: views.ListQuery | None = None
        #: the first page, held whole while the index is not checked yet (filtered and sorted in Python)
        self.first_rows: list[Row] | None = None
        #: False while only the first page of the view is shown
        self.complete = True
        #: how many entries the view holds (before the filter box, kind and tag), as last counted
        self.view_total = 0
        #: the number of the latest page asked for: an answer to an older one is dropped
        self._asked = 0

    def current_query(self) -> views.ListQuery:
        """What the list should show now: the view, the filter box's words, kind, tag and sort."""
        text = self.query_one("#search", Input).value
        return views.list_query(self.view, text, self.kind, self.tag, self.sort, self.reverse)

    async def load_page(self, keep: str | None = None) -> None:
        """Ask the index for the current query's counts and the window around `keep` (else around the
        cursor's position), and show it, unless a newer page was asked for meanwhile."""
        self._asked += 1
        asked = self._asked
        query = self.current_query()
        cursor = self.query_one(EntryList).cursor

        def page(core: Cop) -> views.Page | None:
            if asked != self._asked:
                return None  # (core thread) asked again meanwhile, as a fast typist does: skip this one
            return views.page(core, query, keep, cursor)

        try:
            found = await self.cop_app.runner.call(page, self.cop_app.core)
        except CopError as error:
            self.notify(str(error), title="Could not load entries", severity="error")
            found = views.Page([], 0, 0, 0, 0)
        if found is None or asked != self._asked:
            return
        self.list_query, self.first_rows, self.complete = query, None, True
        self.view_total = found.of
        if not self.cop_app.list_loaded.is_set():  # the first list is in: what waited for it may start
            self.call_after_refresh(self.cop_app.settled)
        if self.hits is None:
            entry_list = self.query_one(EntryList)
            entry_list.set_page(found.rows, found.offset, found.total, found.cursor, views.WINDOW)
            self.update_status(found.total)
            if not found.total:
                self.show_entry(None)

    @work(exclusive=True, group="page")
    async def refresh_page(self, keep: str | None) -> None:
        await self.load_page(keep)

    @on(EntryList.Wanted, "#entries")
    def on_wanted(self, event: EntryList.Wanted) -> None:
        self.fetch_window(event.offset, event.limit, event.generation)

    @work(exclusive=True, group="window")
    async def fetch_window(self, offset: int, limit: int, generation: int) -> None:
        """Rows of the list the screen has scrolled to (an older list's are dropped by `fill`)."""
        if self.list_query is None:
            return
        try:
            rows = await self.cop_app.runner.call(
                views.rows, self.cop_app.core, self.list_query, offset, limit
            )
        except CopError as error:
            self.notify(str(error), title="Could not load entries", severity="error")
            return
        self.query_one(EntryList).fill(generation, offset, rows)
