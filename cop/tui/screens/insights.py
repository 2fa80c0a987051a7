"""`InsightsScreen`: `cop insights` for the whole repo, drawn with Rich inside a Static: sparklines per
month and bar charts in Unicode blocks (cop.domain.insights), so it costs no plotting dependency."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from cop.domain.errors import CopError
from cop.domain.insights import Insights, bar, percent, sparkline
from cop.tui.screens.base import CopScreen
from cop.tui.text import one_line


def render_insights(found: list[Insights]) -> Table:
    """Overall, then a row a community: sparklines of entries and answers, questions answered, trust."""
    table = Table(expand=True, box=None, header_style="bold")
    for name in ("community", "entries / month", "answers / month", "answered", "trust", "across"):
        table.add_column(name, no_wrap=True, overflow="ellipsis")
    for item in found:
        m = item.monthly
        table.add_row(
            Text(one_line(item.community or "all")),
            Text(sparkline(list(m.entries)[-12:]), style="cyan"),
            Text(sparkline(list(m.answers)[-12:]), style="cyan"),
            percent(item.questions.share_answered),
            percent(item.trust_score),
            percent(item.silo.share_across),
        )
    return table


def render_tags(item: Insights, width: int = 24) -> Text:
    text = Text("Top tags\n", style="bold")
    top = max((n for _, n in item.top_tags), default=0)
    for tag, n in item.top_tags:
        text.append(f"{one_line('#' + tag)[:20]:<21}")
        text.append(bar(n, top, width), style="green")
        text.append(f" {n}\n")
    return text


class InsightsScreen(CopScreen[None]):
    """Is each community alive: the same numbers as `cop insights`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Insights] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="insights-pane"):
            yield Static("Counting…", id="insights-table")
            yield Static(id="insights-tags")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="insights")
    async def load(self) -> None:
        try:
            self.found = await self.cop_app.runner.call(self.cop_app.core.insights_by_community)
        except CopError as error:
            self.notify(str(error), title="Cannot count", severity="error")
            return
        self.query_one("#insights-table", Static).update(render_insights(self.found))
        if self.found:
            self.query_one("#insights-tags", Static).update(render_tags(self.found[0]))

    def action_back(self) -> None:
        self.dismiss(None)
