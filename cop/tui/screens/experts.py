"""`ExpertsScreen` (x): type a topic, see the members ranked for it (`cop experts`) with the evidence behind
each score; Enter on a member opens them on the People screen."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from cop.domain.errors import CopError
from cop.domain.expertise import Expert, Ranking, points_text
from cop.tui.screens.base import CopScreen
from cop.tui.text import one_line

#: members listed for a topic
LIMIT = 50


def evidence(expert: Expert, ranking: Ranking) -> Text:
    """One member's score and each factor's part, as the detail pane shows it."""
    text = Text()
    text.append(one_line(expert.name), style="bold").append(f"  @{one_line(expert.handle)}", style="dim")
    if expert.external:
        text.append("  (external)", style="yellow")
    where = " · ".join(one_line(p) for p in (expert.department, expert.team) if p)
    if where:
        text.append("\n" + where)
    text.append(f"\n\nscore {points_text(expert.score)} for ", style="bold")
    text.append(one_line(ranking.topic), style="magenta")
    text.append(f" ({'tag' if ranking.mode == 'tag' else 'words matched'})\n", style="dim")
    for factor in expert.factors:
        text.append(f"\n  +{points_text(factor.points):>5}  ", style="cyan").append(factor.why())
    text.append(
        f"\n\nRecent work counts more: evidence halves every {ranking.half_life_days:g} days.", style="dim"
    )
    text.append("\nEnter opens them on the People screen.", style="dim")
    return text


class ExpertsScreen(CopScreen[tuple[str, str, str] | None]):
    """Who knows a topic; the result is an entry picked on the People screen (handle, name, entry id)."""

    DEFAULT_CSS = """
    ExpertsScreen #experts-topic { margin: 0 1; }
    ExpertsScreen #experts-panes { height: 1fr; }
    ExpertsScreen #experts { width: 44; height: 100%; border: round $primary 40%; }
    ExpertsScreen #expert-pane { width: 1fr; height: 100%; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("tab", "app.focus_next", "Next pane", show=False),
    ]

    def __init__(self, topic: str = "") -> None:
        super().__init__()
        self.topic = topic
        self.ranking: Ranking | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Input(self.topic, placeholder="A topic: a tag or words, then enter", id="experts-topic")
            with Horizontal(id="experts-panes"):
                yield OptionList(id="experts")
                with VerticalScroll(id="expert-pane"):
                    yield Static("Type a topic and press enter.", id="expert-evidence")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#experts").border_title = "Experts"
        self.query_one("#experts-topic").focus()
        if self.topic:
            self.rank(self.topic)

    @on(Input.Submitted, "#experts-topic")
    def on_topic(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.rank(event.value)

    @work(exclusive=True, group="experts")
    async def rank(self, topic: str) -> None:
        try:
            ranking = await self.cop_app.runner.call(self.cop_app.core.experts, topic, None, LIMIT)
        except CopError as error:
            self.notify(str(error), title="Experts", severity="error")
            return
        self.ranking = ranking
        options = self.query_one("#experts", OptionList)
        options.set_options(
            Option(
                Text(one_line(e.name)[:30])
                .append(f"  {points_text(e.score)}", style="bold cyan")
                .append(" ext" if e.external else "", style="yellow")
                .append("\n  " + one_line(e.why())[:38], style="dim"),
                id=e.handle,
            )
            for e in ranking.experts
        )
        detail = self.query_one("#expert-evidence", Static)
        if ranking.experts:
            options.highlighted = 0
            options.focus()
            detail.update(evidence(ranking.experts[0], ranking))
        else:
            detail.update(Text(f"Nobody has evidence for '{one_line(ranking.topic)}' yet.", style="dim"))

    @property
    def selected(self) -> Expert | None:
        option = self.query_one("#experts", OptionList).highlighted_option
        if self.ranking is None or option is None:
            return None
        return next((e for e in self.ranking.experts if e.handle == option.id), None)

    @on(OptionList.OptionHighlighted, "#experts")
    def on_highlight(self) -> None:
        expert = self.selected
        if expert is not None and self.ranking is not None:
            self.query_one("#expert-evidence", Static).update(evidence(expert, self.ranking))

    @on(OptionList.OptionSelected, "#experts")
    def on_select(self) -> None:
        """Open the member on the People screen; an entry opened there comes back through here."""
        from cop.tui.screens.people import PeopleScreen

        expert = self.selected
        if expert is None:
            return

        def chosen(picked: tuple[str, str, str] | None) -> None:
            if picked is not None:
                self.dismiss(picked)

        self.app.push_screen(PeopleScreen(select=expert.handle), chosen)

    def action_back(self) -> None:
        self.dismiss(None)
