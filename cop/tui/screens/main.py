"""`MainScreen`: sidebar of views, the entry list with search and filters, the reading pane.

Reading happens here; the writing actions (new, edit, answer, accept, endorse, delete, $EDITOR) come
from `cop.tui.screens.writing`, filtering by kind or tag and sorting from `cop.tui.screens.list_filters`,
the sidebar's picks and the keys that open other screens from `cop.tui.screens.navigation`, and the
list's pages from the index from `cop.tui.screens.list_pages`; each subclasses `MainState`
(`cop.tui.screens.main_state`), which declares the shared state. The filter state (view, kind, tag,
sort, reverse, search query) is reactive: the `watch_*` methods below load or redraw.
Changed files arrive as the app's `RecordsChanged` message. Every core call goes through the app's
`CoreRunner` inside a worker.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Static

from cop.domain.errors import CopError
from cop.domain.filters import EntryFilter
from cop.tui import views
from cop.tui.rows import SORTS, Row, filter_rows, sort_rows
from cop.tui.screens.list_filters import FilterActions
from cop.tui.screens.list_pages import ListPages
from cop.tui.screens.main_state import MainState
from cop.tui.screens.navigation import NavigationActions
from cop.tui.screens.writing import WritingActions
from cop.tui.text import one_line
from cop.tui.widgets.entry_list import ColumnHeader, EntryList
from cop.tui.widgets.keys_footer import KeysFooter
from cop.tui.widgets.reader import Loaded, Reader
from cop.tui.widgets.reader import load as reader_load
from cop.tui.widgets.search_box import SearchBox
from cop.tui.widgets.sidebar import Sidebar

if TYPE_CHECKING:
    from cop.tui.app import CopApp

#: how long the cursor must rest on a row before its body is read (held-down arrows read nothing)
READ_DELAY_S = 0.04
SEARCH_LIMIT = 200
#: rows asked for before the first paint: more than a tall terminal shows, far fewer than a big repo
FIRST_PAGE = 200
#: the width from which the panes sit side by side
WIDE = 150


class MainScreen(WritingActions, FilterActions, NavigationActions, ListPages):
    """The knowledge browser."""

    #: three panes side by side only from `WIDE` columns: below that the list would lose its tags and author
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("escape", "clear", "Clear", show=False),
        Binding("n", "new", "New"),
        Binding("e", "edit", "Edit"),
        Binding("E", "edit_in_editor", "$EDITOR", show=False),
        Binding("a", "answer", "Answer"),
        Binding("A", "accept", "Accept", show=False),
        Binding("d", "delete", "Delete"),
        Binding("k", "filter_kind", "Kind", show=False),
        Binding("t", "filter_tag", "Tag", show=False),
        Binding("s", "sort", "Sort", show=False),
        Binding("S", "reverse_sort", "Reverse sort", show=False),
        Binding("m", "mentorships", "Mentorships", show=False),
        Binding("p", "people", "People", show=False),
        Binding("R", "review", "Review", show=False),
        Binding("v", "gathering('screen:events')", "Events", show=False),
        Binding("P", "gathering('screen:projects')", "Projects", show=False),
        Binding("plus", "endorse", "Endorse", show=False),
        Binding("N", "overview('screen:new')", "New", show=False),
        Binding("i", "overview('screen:insights')", "Insights", show=False),
        Binding("o", "paths", "Paths", show=False),
        Binding("tab", "app.focus_next", "Next pane", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: the entry to keep selected when the next `view` loads
        self._keep_on_load: str | None = None
        #: an entry whose read failed while only the first page was loaded
        self.unread: str | None = None

    def compose(self) -> ComposeResult:
        # the layout's class (`HORIZONTAL_BREAKPOINTS`) before the panes mount: Textual sets it on the
        # screen's first Resize, after a first frame drawn in the three-pane layout at any width, so a
        # narrower terminal drew and laid out its first screen twice (and restyled it in between)
        self.add_class("-wide" if self.app.size.width >= WIDE else "-narrow", update=False)
        yield Header()
        with Horizontal(id="panes"):
            yield Sidebar(id="sidebar")
            with Vertical(id="list-pane"):
                yield SearchBox(
                    placeholder="/ filter titles and tags · Enter: full-text search",
                    id="search",
                    compact=True,
                )
                yield Static(id="status")
                yield ColumnHeader(id="columns")
                yield EntryList(id="entries")
            yield Reader(id="reader")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#sidebar").border_title = "Views"
        self.query_one("#reader").border_title = "Read"
        self.query_one(EntryList).focus()
        self.reload(first=True, early=self.show_first_page())

    def show_first_page(self) -> bool:
        """Show the first page the app asked for before Textual started, when it is in by the time the
        screen mounts (it takes ~10 ms, Textual's start-up far longer): then Textual's first frame
        holds the rows. False when it is not in yet (`reload` waits for it) or failed."""
        prefetched = self.cop_app.first_page
        if prefetched is None or not prefetched.done() or self.view is not views.ALL:
            return False
        self.cop_app.first_page = None
        try:
            rows = prefetched.result()
        except CopError:
            return False  # the page in `reload` reports it
        self._show_first_rows(rows)
        return True

    def _show_first_rows(self, rows: list[Row], keep: str | None = None) -> None:
        self.first_rows, self.complete = rows, False
        with self.prevent(EntryList.Highlighted):  # `reload` reads it once the view's page is in
            self.show_rows(keep, ask=False)

    # -- loading ------------------------------------------------------------------------------------
    @work(exclusive=True, group="load")
    async def reload(self, first: bool = False, keep: str | None = None, early: bool = False) -> None:
        """Load the sidebar and the current view from the core (keeping the selected entry).

        The first load shows one screenful first (`FIRST_PAGE` rows, newest first: the default sort;
        the app asked for them before Textual started, from the index as it was last saved when there
        is such a snapshot; usually in Textual's first frame, see `show_first_page`) and waits until
        that is on screen, then asks for the view's page (the freshness check of the files, then SQL:
        rows added or deleted since the snapshot appear or go), and once the page is in reads the
        highlighted entry; the status line says "loading" meanwhile. `early`: the first page was shown
        before Textual's first frame.
        """
        try:
            await self._load(first, keep, early)
        finally:
            if first:  # start-up is done, or cut short by another load: the collector runs again
                self.cop_app.release_garbage()

    async def _load(self, first: bool, keep: str | None, early: bool) -> None:
        runner = self.cop_app.runner
        first_id: str | None = None
        if first:
            prefetched = self.cop_app.first_page if self.view is views.ALL else None
            self.cop_app.first_page = None
            if self.first_rows is None:  # not in when the screen mounted
                try:
                    if prefetched is not None:
                        first_rows = await runner.result(prefetched)
                    else:
                        query = views.list_query(self.view)
                        first_rows = await runner.call(views.rows, self.cop_app.core, query, 0, FIRST_PAGE)
                except CopError:
                    pass  # the page below reports it
                else:
                    self._show_first_rows(first_rows, keep)
            if self.first_rows is not None:
                first_id = self.selected_id()  # highlighted, not read yet (`_show_first_rows`)
                # the index check holds the GIL for most of its run: started now, it would slow this paint
                await self.cop_app.painted(self, before_first=early)
        await self.load_page(keep or self.selected_id())
        if self.hits is not None and self.search_query:
            self.hits = await self._search_rows(self.search_query)
            self.show_rows(keep)
        unread, self.unread = self.unread, None
        selected = self.selected_id()
        if first and selected is not None and selected in (first_id, unread):
            # the entry highlighted on the first page, still under the cursor (when the page moved it, the
            # list's highlight reads the new one), or one whose read failed on the first page
            await self.read(selected)
        elif not first:  # it may have changed on disk: read it again
            self.show_entry(selected)
        communities, counts, total = await runner.call(views.sidebar_data, self.cop_app.core)
        self.cop_app.communities = communities
        trust = await runner.call(self.cop_app.core.trust_scores)
        upcoming = await runner.call(self.cop_app.core.events)
        self.query_one(Sidebar).set_data(communities, counts, total, trust, upcoming)
        await self.cop_app.report_problems()

    async def _search_rows(self, query: str) -> list[Row]:
        where = EntryFilter(
            community=self.view.where.community,
            author=self.view.where.author,
            kind=self.kind or self.view.where.kind,
            tags=(self.tag,) if self.tag else (),
        )
        runner, core = self.cop_app.runner, self.cop_app.core
        try:
            hits = await runner.call(core.search, query, where, SEARCH_LIMIT)
            rows = [Row.of_hit(h) for h in hits]
            if self.view.where.unaccepted:
                open_ids = await runner.call(views.open_hits, core, [r.id for r in rows])
                rows = [r for r in rows if r.id in open_ids]
        except CopError as error:
            self.notify(str(error), title="Search", severity="warning")
            return []
        return rows

    def selected_id(self) -> str | None:
        row = self.query_one(EntryList).current
        return row.id if row else None

    def show_rows(self, keep: str | None = None, ask: bool = True) -> None:
        """Apply search, filters and sort and redraw the list: search hits and the first page are held
        whole and redrawn at once; the view is asked of the index (`ask`: also while the first page
        shows, so the checked page answers the latest filters)."""
        entry_list = self.query_one(EntryList)
        self.query_one(ColumnHeader).sort = (self.sort if self.hits is None else "", self.reverse)
        if self.hits is not None:
            rows = filter_rows(self.hits, "", self.kind, self.tag)  # search order is relevance order
        elif self.first_rows is not None:
            text = self.query_one("#search", Input).value
            ordered = sort_rows(self.first_rows, self.sort, self.reverse)
            rows = filter_rows(ordered, text, self.kind, self.tag)
            self.view_total = len(self.first_rows)
        else:
            self.refresh_page(keep or self.selected_id())
            return
        entry_list.set_rows(rows, keep=keep or self.selected_id())
        self.update_status(len(rows))
        if not rows:
            self.show_entry(None)
        if ask and self.hits is None:
            self.refresh_page(keep or self.selected_id())

    def update_status(self, shown: int) -> None:
        status = Text(no_wrap=True, overflow="ellipsis")
        status.append(one_line(self.view.label), style="bold")
        if self.hits is not None:
            status.append(f" · search “{one_line(self.search_query)}”", style="yellow")
        for label, value in (("kind", self.kind), ("tag", self.tag)):
            if value:
                status.append(f" · {label}: {one_line(value)}", style="magenta")
        total = self.view_total
        status.append(f" · {shown:,} of {total:,}" if shown != total else f" · {total:,}", style="dim")
        if not self.complete:
            status.append(" · loading…", style="dim italic")
        # no layout pass: the status line is one line high whatever it says (the CSS fixes it)
        self.query_one("#status", Static).update(status, layout=False)

    # -- reading ------------------------------------------------------------------------------------
    @on(EntryList.Highlighted, "#entries")
    def on_highlighted(self, event: EntryList.Highlighted) -> None:
        self.show_entry(event.row.id if event.row else None)

    @on(EntryList.Opened, "#entries")
    def on_opened(self, event: EntryList.Opened) -> None:
        self.query_one(Reader).focus()

    @work(exclusive=True, group="read")
    async def show_entry(self, entry_id: str | None) -> None:
        """Read an entry (with its answers) and show it in the reading pane."""
        reader = self.query_one(Reader)
        if entry_id is None:
            self.loaded = None
            if reader.entry_id:
                await asyncio.shield(reader.show(None))
            return
        if entry_id != reader.entry_id:
            await asyncio.sleep(READ_DELAY_S)  # cancelled (exclusive) if the cursor moves on
        await self.read(entry_id)

    async def read(self, entry_id: str) -> None:
        """Read an entry and show it, unless the cursor has moved on meanwhile."""
        loaded = await self.load_entry(entry_id)
        if loaded is not None:
            await self.show_loaded(entry_id, loaded)

    async def load_entry(self, entry_id: str) -> Loaded | None:
        """Read an entry on the core thread (None: the read failed, or the cursor moved on meanwhile)."""
        try:
            loaded = await self.cop_app.runner.call(reader_load, self.cop_app.core, entry_id)
        except CopError as error:
            if entry_id != self.selected_id():
                return None  # moot: the cursor moved on (the full load dropped a row deleted since)
            if not self.complete:  # the first page may hold an entry deleted since the index was saved
                self.unread = entry_id  # the full load drops its row, or reads it again (and says why)
                return None
            self.notify(str(error), title="Could not read the entry", severity="error")
            return None
        return loaded if entry_id == self.selected_id() else None  # moved on: its own read shows it

    async def show_loaded(self, entry_id: str, loaded: Loaded) -> None:
        """Show an entry read by `load_entry`, unless the cursor has moved on since."""
        if entry_id != self.selected_id():
            return
        self.loaded = loaded
        # shielded: a replacement cancelled halfway (the cursor moved on) would leave the pane half-built
        await asyncio.shield(self.query_one(Reader).show(loaded))

    @on(Reader.Followed)
    def on_followed(self, event: Reader.Followed) -> None:
        self.loaded = event.loaded  # e, a, E act on the entry on show, reached by a link

    # -- views, search, filters, sort ---------------------------------------------------------------
    def set_view(self, view: views.View, keep: str | None = None) -> None:
        """Show `view` (with `keep` selected): its watcher loads it; a full-text search ends."""
        self.hits = None
        self.set_reactive(MainState.search_query, "")
        self._keep_on_load = keep
        self.view = view

    # -- the watchers: the filter state changed ----------------------------------------------------
    def watch_view(self) -> None:
        keep, self._keep_on_load = self._keep_on_load, None
        self.reload(keep=keep)
        self.query_one(EntryList).focus()

    def watch_kind(self) -> None:
        self.show_rows()

    def watch_tag(self) -> None:
        self.show_rows()

    def watch_sort(self) -> None:
        self.show_rows()

    def watch_reverse(self) -> None:
        self.show_rows()

    def watch_search_query(self) -> None:
        self.show_rows()

    def on_cop_app_records_changed(self, message: CopApp.RecordsChanged) -> None:
        """Files changed under the app, or the index was rebuilt: load again, keeping the selection."""
        self.reload()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Down in the search box goes to the list (typing, then arrows, is how people pick a hit)."""
        search = self.query_one("#search", Input)
        if event.key == "down" and self.focused is search:
            event.stop()
            self.query_one(EntryList).focus()

    @on(Input.Changed, "#search")
    def on_search_changed(self, event: Input.Changed) -> None:
        self.hits = None
        self.search_query = ""  # the live title filter: the watcher redraws

    @on(Input.Submitted, "#search")
    def on_search_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.run_search(event.value.strip())
        else:
            self.query_one(EntryList).focus()

    @work(exclusive=True, group="search")
    async def run_search(self, query: str) -> None:
        self.set_reactive(MainState.search_query, query)  # `_search_rows` may run a reload meanwhile
        self.hits = await self._search_rows(query)
        self.search_query = query
        self.query_one(EntryList).focus()

    def action_clear(self) -> None:
        """Escape: clear the search box, the full-text search and the kind and tag filters."""
        search = self.query_one("#search", Input)
        self.hits = None
        self.set_reactive(MainState.kind, None)
        self.set_reactive(MainState.tag, None)
        with search.prevent(Input.Changed):
            search.value = ""
        self.search_query = ""  # one redraw for all four
        self.query_one(EntryList).focus()

    @on(ColumnHeader.SortClicked)
    def on_sort_clicked(self, event: ColumnHeader.SortClicked) -> None:
        if event.column == self.sort:
            self.reverse = not self.reverse
        elif event.column in SORTS:
            self.set_reactive(MainState.reverse, False)  # one redraw: the sort's
            self.sort = event.column
