"""`InsightsScreen`: `cop insights` for every community at once. A table, overall first, a row a
community (entries a month as a sparkline, share answered, trust, share across departments, events
held, projects active); for the highlighted row, charts drawn with textual-plotext (entries and answers
a month, events held a month) beside its top tags as bars.

The numbers are `Cop.insights_by_community`'s (one SQL query per measure for every community,
docs/insights.md). textual-plotext is imported with this module, which the app imports only when the
screen opens, so neither the CLI nor the TUI's start pays for it (docs/insights.md: why this library).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static
from textual_plotext import PlotextPlot

from cop.domain.errors import CopError
from cop.domain.insights import Insights, bar, percent, sparkline
from cop.tui.screens.base import CopScreen
from cop.tui.text import one_line

#: how many months the table's sparkline and the charts span (the most recent ones)
TABLE_MONTHS = 12
CHART_MONTHS = 24
COLUMNS = ("community", "entries / month", "answered", "trust", "across", "events", "projects")


def scope_name(item: Insights) -> str:
    return one_line(item.community or "all")


def table_row(item: Insights) -> tuple[Text | str, ...]:
    """One scope's cells: the last `TABLE_MONTHS` of entries as a sparkline, then the shares and counts."""
    m = item.monthly
    return (
        Text(scope_name(item)),
        Text(sparkline(list(m.entries)[-TABLE_MONTHS:]), style="cyan"),
        percent(item.questions.share_answered),
        percent(item.trust_score),
        percent(item.silo.share_across),
        str(item.gatherings.held),
        str(item.projects.count("active")),
    )


def render_tags(item: Insights, width: int = 16) -> Text:
    text = Text(f"Top tags: {scope_name(item)}\n", style="bold")
    top = max((n for _, n in item.top_tags), default=0)
    for tag, n in item.top_tags:
        text.append(f"{one_line('#' + tag)[:14]:<15}")
        text.append(bar(n, top, width), style="green")
        text.append(f" {n}\n")
    if not item.top_tags:
        text.append("no tags yet", style="dim")
    return text


def _ticks(span: Sequence[str]) -> tuple[list[float], list[str]]:
    """About eight months labelled as `YY-MM`, so the labels fit under an 80-column chart."""
    step = max(1, len(span) // 8)
    at = range(0, len(span), step)
    return [float(i) for i in at], [span[i][2:] for i in at]


def _title(plot: PlotextPlot, *choices: str) -> str:
    """The first title that fits the plot's width (plotext drops one that does not), else the last, cut."""
    room = max(1, plot.size.width - 2)
    return next((c for c in choices if len(c) <= room), choices[-1][:room])


def draw_activity(plot: PlotextPlot, item: Insights) -> None:
    """Entries and answers a month, the last `CHART_MONTHS`, as two lines."""
    m = item.monthly
    span = list(m.span)[-CHART_MONTHS:]
    plt = plot.plt
    plt.clear_figure()
    name = scope_name(item)
    plt.title(_title(plot, f"Entries and answers a month: {name}", f"{name}: entries, answers", name))
    if span:
        x = list(range(len(span)))
        plt.plot(x, list(m.entries)[-CHART_MONTHS:], label="entries", marker="braille")
        plt.plot(x, list(m.answers)[-CHART_MONTHS:], label="answers", marker="braille")
        plt.xticks(*_ticks(span))
    plot.refresh()


def draw_events(plot: PlotextPlot, item: Insights) -> None:
    """Events held a month (the last `CHART_MONTHS`), with the total attendance in the title."""
    m = item.monthly
    span = list(m.span)[-CHART_MONTHS:]
    g = item.gatherings
    plt = plot.plt
    plt.clear_figure()
    plt.title(
        _title(
            plot,
            f"Events held a month: {g.held} held, {g.attendance} places, {g.upcoming} to come",
            f"Events: {g.held} held, {g.attendance} places, {g.upcoming} to come",
            f"{g.held} held, {g.upcoming} to come",
        )
    )
    if span:
        held = list(m.events)[-CHART_MONTHS:]
        plt.bar(list(range(len(span))), held, width=0.6)
        plt.ylim(0, max(1, *held))
        plt.xticks(*_ticks(span))
    plot.refresh()


class InsightsScreen(CopScreen[None]):
    """Is each community alive: the same numbers as `cop insights`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Insights] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="insights-table", cursor_type="row")
        with Horizontal(id="insights-charts"):
            with Vertical(id="insights-plots"):
                yield PlotextPlot(id="insights-activity")
                yield PlotextPlot(id="insights-events")
            yield Static("Counting…", id="insights-tags")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        self.load()

    @work(exclusive=True, group="insights")
    async def load(self) -> None:
        try:
            self.found = await self.cop_app.runner.call(self.cop_app.core.insights_by_community)
        except CopError as error:
            self.notify(str(error), title="Cannot count", severity="error")
            return
        table = self.query_one(DataTable)
        table.clear()
        for number, item in enumerate(self.found):
            table.add_row(*table_row(item), key=str(number))
        if self.found:
            self.show(self.found[0])

    def show(self, item: Insights) -> None:
        """Draw the charts and the top tags of one scope."""
        draw_activity(self.query_one("#insights-activity", PlotextPlot), item)
        draw_events(self.query_one("#insights-events", PlotextPlot), item)
        self.query_one("#insights-tags", Static).update(render_tags(item))

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        number = int(event.row_key.value or 0)
        if 0 <= number < len(self.found):
            self.show(self.found[number])

    def action_back(self) -> None:
        self.dismiss(None)
