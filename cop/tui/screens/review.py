"""`ReviewScreen`: the review queue (`cop review`), most urgent first, with one key per action:
v verifies, e edits, o marks obsolete, enter opens the entry in the main list."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from cop.domain.errors import CopError
from cop.domain.trust import Urgency
from cop.tui.screens.base import CopScreen
from cop.tui.text import one_line

if TYPE_CHECKING:
    from cop.domain.models import Entry
    from cop.tui.app import CopApp

#: rows fetched at a time (the CLI's `cop review` shows 50); the next page comes `MORE_AT` rows early
PAGE = 200
MORE_AT = 20


def queue_option(item: Urgency) -> Option:
    """One queue row: the title, then where it lives and why it is in the queue."""
    entry = item.entry
    text = Text(one_line(entry.title), style="bold")
    text.append(f"\n  {one_line(entry.community)} · {entry.id} · ", style="dim")
    text.append(one_line(item.reason), style="yellow" if item.overdue_days else "")
    return Option(text, id=entry.id)


class ReviewScreen(CopScreen[str | None]):
    """Entries due for review or never verified; dismissed with the id of an entry to open, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "verify", "Verify"),
        Binding("e", "edit", "Edit"),
        Binding("o", "obsolete", "Obsolete"),
        Binding("M", "mine", "Mine only"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: the queue's rows fetched so far (the most urgent first; more as the cursor nears the end)
        self.queue: list[Urgency] = []
        #: how many entries the whole queue holds (a count in the index)
        self.total = 0
        self.mine = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review-pane"):
            yield Static(id="review-summary")
            yield OptionList(id="review-queue")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-queue").border_title = "Review (v verify · e edit · o obsolete)"
        self.query_one("#review-queue").focus()
        self.load()

    def on_cop_app_records_changed(self, message: CopApp.RecordsChanged) -> None:
        self.load()

    @work(exclusive=True, group="review")
    async def load(self, keep: str | None = None) -> None:
        """The queue's first rows (as many as were shown, at least a `PAGE`), its count and the trust
        scores; ordered and paged in the index, so a long queue costs a page, not every entry."""
        core = self.cop_app.core
        options = self.query_one("#review-queue", OptionList)
        current = options.highlighted_option.id if options.highlighted_option is not None else None
        wanted = max(PAGE, len(self.queue))
        try:
            self.queue = await self.cop_app.runner.call(core.review_queue, mine=self.mine, limit=wanted)
            self.total = await self.cop_app.runner.call(core.review_count, mine=self.mine)
            scores = await self.cop_app.runner.call(core.trust_scores)
        except CopError as error:
            self.notify(str(error), title="Cannot load the review queue", severity="error")
            return
        options.set_options([queue_option(item) for item in self.queue])
        ids = [item.entry.id for item in self.queue]
        wanted_id = keep or current
        if ids:
            options.highlighted = ids.index(wanted_id) if wanted_id in ids else 0
        summary = Text(f"{self.total:,} to review" + (" (yours)" if self.mine else ""), style="bold")
        scored = [s for s in scores.values() if s.total]
        if scored:
            summary.append("  trust: ", style="dim")
            names = {c.slug: c.name for c in self.cop_app.communities}
            summary.append(
                " · ".join(f"{one_line(names.get(s.community, s.community))} {s.percent}" for s in scored)
            )
        if not ids:
            summary.append("\nNothing is due for review.", style="dim italic")
        self.query_one("#review-summary", Static).update(summary)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Near the end of the rows fetched: fetch the next page, as `cop review --limit` would."""
        if event.option_index >= len(self.queue) - MORE_AT and len(self.queue) < self.total:
            self.more()

    @work(exclusive=True, group="review-more")
    async def more(self) -> None:
        core, start = self.cop_app.core, len(self.queue)
        try:
            page = await self.cop_app.runner.call(core.review_queue, mine=self.mine, limit=PAGE, offset=start)
        except CopError as error:
            self.notify(str(error), title="Cannot load the review queue", severity="error")
            return
        if len(self.queue) != start:  # a reload ran meanwhile: its rows stand
            return
        known = {item.entry.id for item in self.queue}
        fresh = [item for item in page if item.entry.id not in known]
        self.queue.extend(fresh)
        self.query_one("#review-queue", OptionList).add_options([queue_option(item) for item in fresh])

    def _selected(self) -> Urgency | None:
        option = self.query_one("#review-queue", OptionList).highlighted_option
        if option is None:
            self.notify("Nothing to act on: the queue is empty.", severity="information")
            return None
        return next((item for item in self.queue if item.entry.id == option.id), None)

    async def action_verify(self) -> None:
        item = self._selected()
        if item is None or self.writing_off():
            return
        try:
            entry = await self.cop_app.runner.call(self.cop_app.core.verify, item.entry.id)
        except CopError as error:
            self.notify(str(error), title="Cannot verify", severity="error")
            return
        self.notify(f"Verified: {one_line(entry.title)} · next review {entry.review}", title="Saved")
        self.load()

    async def action_obsolete(self) -> None:
        item = self._selected()
        if item is None or self.writing_off():
            return
        try:
            entry = await self.cop_app.runner.call(self.cop_app.core.mark_obsolete, item.entry.id)
        except CopError as error:
            self.notify(str(error), title="Cannot mark obsolete", severity="error")
            return
        self.notify(
            f"Obsolete: {one_line(entry.title)} (cop obsolete {entry.id} --by ID names its successor;"
            f" cop edit {entry.id} --status published undoes it)",
            title="Saved",
        )
        self.load()

    async def action_edit(self) -> None:
        item = self._selected()
        if item is None or self.writing_off():
            return
        try:
            entry = await self.cop_app.runner.call(self.cop_app.core.entry, item.entry.id)
        except CopError as error:
            self.notify(str(error), title="Cannot edit", severity="error")
            return
        from cop.tui.screens.entry_form import edit_form

        def saved(result: Entry | None) -> None:
            if result is not None:
                self.notify(f"Updated: {one_line(result.title)}", title="Saved")
                self.load(keep=result.id)

        self.app.push_screen(edit_form(self.cop_app, entry), saved)

    def action_mine(self) -> None:
        if self.cop_app.user is None:
            self.notify("cop does not know who you are: start it with --as HANDLE", severity="warning")
            return
        self.mine = not self.mine
        self.load()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_back(self) -> None:
        self.dismiss(None)
