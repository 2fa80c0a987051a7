"""`EventsScreen`: upcoming events (soonest first) or past ones; the selected one's details, who is
coming with their expertise, and the notes; `a`/`u` attend and unattend. Also the sidebar's few
"coming up" lines (`upcoming_options`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from cop.domain.errors import CopError
from cop.domain.events import Event
from cop.tui.screens.base import CopScreen
from cop.tui.text import SUMMARY_WIDTH, clean, fit, one_line, tag_list

if TYPE_CHECKING:
    from cop.core.events import Attendee
    from cop.tui.app import CopApp

#: how many upcoming events the sidebar lists
SIDEBAR_EVENTS = 3


def when(event: Event) -> str:
    """`2026-03-05 18:00` (the start as written, in its own offset)."""
    return one_line(event.start[:16].replace("T", " "))


def upcoming_options(events: list[Event], width: int = 19) -> list[Option]:
    """The sidebar's "Coming up" lines: the next few events, each opening the Events screen."""
    if not events:
        return []
    options = [Option(Text("Coming up", style="bold"), disabled=True)]
    for event in events[:SIDEBAR_EVENTS]:
        label = Text(fit(one_line(event.title), width))
        label.append("\n" + fit(f" {when(event)[5:]}", width), style="dim")
        options.append(Option(label, id=f"event:{event.id}"))
    return options


def summary(event: Event) -> Text:
    cancelled = event.status == "cancelled"
    text = Text(fit(one_line(event.title)), style="strike dim" if cancelled else "")
    going = f" · {len(event.attendees)} going"
    text.append(
        "\n  " + fit(f"{when(event)} {one_line(event.kind)}", SUMMARY_WIDTH - 2 - len(going)), style="dim"
    )
    text.append(going, style="dim")
    return text


def details(event: Event, people: list[Attendee]) -> Text:
    text = Text()
    text.append(one_line(event.title), style="bold")
    if event.status == "cancelled":
        text.append("  CANCELLED", style="bold red")
    text.append(f"\n{when(event)} · {one_line(event.duration or '1h')} · {one_line(event.kind)}")
    text.append(f" · {one_line(event.community)}", style="dim")
    for label, value in (("where", event.place), ("link", event.link)):
        if value:
            text.append(f"\n{label} ", style="dim").append(one_line(value))
    if event.description:
        text.append("\n\n" + clean(event.description).strip())
    text.append(f"\n\nWho is coming ({len(people)})", style="bold")
    for person in people:
        text.append("\n• " + one_line(person.handle), style="bold")
        if person.host:
            text.append(" (host)", style="green")
        member = person.member
        if member is None:
            text.append("  not a member", style="yellow")
            continue
        about = " · ".join(one_line(p) for p in (member.name, member.department) if p)
        text.append(f"  {about}")
        if member.expertise:
            text.append("\n    expertise ", style="dim").append(
                one_line(tag_list(member.expertise)), style="magenta"
            )
        if member.interests:
            text.append("\n    interests ", style="dim").append(
                one_line(tag_list(member.interests)), style="magenta"
            )
    if event.outcomes:
        text.append("\n\nOutcomes ", style="bold").append(one_line(", ".join(event.outcomes)))
    if event.notes:
        text.append(f"\n\nNotes ({len(event.notes)})", style="bold")
        for note in event.notes:
            text.append(f"\n{one_line(note.date)} {one_line(note.by)}", style="dim")
            text.append("\n" + clean(note.text).strip())
    return text


class EventsScreen(CopScreen[None]):
    """Every upcoming event (p: the past ones); a attends the highlighted one, u unattends."""

    DEFAULT_CSS = """
    #events { width: 34; height: 100%; border: round $primary 40%; }
    #event-pane { width: 1fr; height: 100%; padding: 0 1; border: round $primary 40%; }
    #event-detail { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "attend", "Attend"),
        Binding("u", "unattend", "Unattend"),
        Binding("p", "toggle_past", "Past/upcoming"),
    ]

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.items: list[Event] = []
        self.past = False
        self._select = select

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="events")
            with VerticalScroll(id="event-pane"):
                yield Static(id="event-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#event-pane").border_title = "Event"
        self.query_one("#events").focus()
        self.reload(keep=self._select)

    @property
    def selected(self) -> Event | None:
        option = self.query_one("#events", OptionList).highlighted_option
        return next((e for e in self.items if option is not None and e.id == option.id), None)

    def on_cop_app_records_changed(self, message: CopApp.RecordsChanged) -> None:
        self.reload()

    @work(exclusive=True, group="events")
    async def reload(self, keep: str | None = None) -> None:
        try:
            self.items = await self.cop_app.runner.call(self.cop_app.core.events, past=self.past)
        except CopError as error:
            self.notify(str(error), severity="error")
            return
        current = self.selected
        keep = keep or (current.id if current else None)
        self.query_one("#events").border_title = "Past events" if self.past else "Upcoming events"
        options = self.query_one("#events", OptionList)
        shown: list[Option] = [Option(summary(e), id=e.id) for e in self.items]
        if not shown:
            empty = "No past events" if self.past else "Nothing coming up: 'cop event add'"
            shown.append(Option(Text(empty, style="dim"), disabled=True))
        options.set_options(shown)
        ids = [e.id for e in self.items]
        target = keep if keep in ids else (ids[0] if ids else None)
        if target is not None:
            options.highlighted = options.get_option_index(target)
        self.show_selected()

    @on(OptionList.OptionHighlighted, "#events")
    def on_highlight(self) -> None:
        self.show_selected()

    @work(exclusive=True, group="event")
    async def show_selected(self) -> None:
        event = self.selected
        detail = self.query_one("#event-detail", Static)
        if event is None:
            detail.update("")
            return
        try:
            people = await self.cop_app.runner.call(self.cop_app.core.attendees, event)
        except CopError as error:
            self.notify(str(error), severity="error")
            return
        detail.update(details(event, people))

    def action_toggle_past(self) -> None:
        self.past = not self.past
        self.reload()

    def action_attend(self) -> None:
        self._change("attend")

    def action_unattend(self) -> None:
        self._change("unattend")

    def _change(self, what: str) -> None:
        event = self.selected
        if event is None:
            self.notify("Select an event first.", severity="warning")
            return
        self.change(event.id, what)

    @work(group="attend")
    async def change(self, event_id: str, what: str) -> None:
        core = self.cop_app.core
        call = core.attend if what == "attend" else core.unattend
        try:
            saved = await self.cop_app.runner.call(call, event_id)
        except CopError as error:
            self.notify(str(error), title="Not changed", severity="error")
            return
        self.notify(
            f"{len(saved.attendees)} going.", title="Attending" if what == "attend" else "Not attending"
        )
        self.reload(keep=event_id)


def open_gathering(screen: Screen[Any], key: str) -> bool:
    """Open the Events or Projects screen for a sidebar key (`screen:events`, `event:ID`,
    `screen:projects`); False for any other key."""
    if key == "screen:events" or key.startswith("event:"):
        screen.app.push_screen(
            EventsScreen(select=key.partition(":")[2] if key.startswith("event:") else None)
        )
        return True
    if key == "screen:projects":
        from cop.tui.screens.projects import ProjectsScreen

        screen.app.push_screen(ProjectsScreen())
        return True
    return False
