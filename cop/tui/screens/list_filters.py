"""The main screen's list actions: filter by kind or tag (pickers) and sort (cycle or reverse)."""

from __future__ import annotations

from rich.text import Text
from textual import work

from cop.domain.models import ENTRY_KINDS
from cop.tui.rows import SORTS
from cop.tui.screens.dialogs import PickOne
from cop.tui.screens.main_state import MainState
from cop.tui.text import one_line


class FilterActions(MainState):
    """The filter half of MainScreen: each choice assigns a reactive of `MainState`, whose watcher
    redraws the list."""

    def action_filter_kind(self) -> None:
        choices = [("", Text("any kind", style="italic"))] + [(k, Text(k)) for k in ENTRY_KINDS]

        def chosen(kind: str | None) -> None:
            if kind is not None:
                self.kind = kind or None

        self.app.push_screen(PickOne("Show entries of kind", choices, self.kind or ""), chosen)

    @work(exclusive=True, group="tags")
    async def action_filter_tag(self) -> None:
        core = self.cop_app.core
        tags = await self.cop_app.runner.call(core.tags, self.view.where.community)
        choices = [("", Text("any tag", style="italic"))]
        choices += [(tag, Text(f"#{one_line(tag)}  ").append(str(count), style="dim")) for tag, count in tags]

        def chosen(tag: str | None) -> None:
            if tag is not None:
                self.tag = tag or None

        self.app.push_screen(PickOne("Show entries tagged", choices, self.tag or ""), chosen)

    def action_sort(self) -> None:
        """Cycle the sort column: updated, created, title, kind, author."""
        self.set_reactive(MainState.reverse, False)  # one redraw: the sort's
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.notify(f"Sorted by {self.sort}", timeout=1.5)

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
