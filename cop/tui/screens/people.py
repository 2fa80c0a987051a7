"""`PeopleScreen`: members with department, expertise and communities; the selected one's entries."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from cop.domain.errors import CopError
from cop.domain.models import Member
from cop.tui.rows import Row
from cop.tui.screens.base import CopScreen
from cop.tui.text import SUMMARY_WIDTH, clean, fit, one_line, tag_list
from cop.tui.widgets.entry_list import EntryList

if TYPE_CHECKING:
    from cop.domain.matching import Match
    from cop.tui.app import CopApp


def profile(member: Member, community_names: dict[str, str]) -> Text:
    text = Text()
    text.append(one_line(member.name), style="bold")
    text.append(f"  @{one_line(member.handle)}", style="dim")
    role = " · ".join(one_line(p) for p in (member.title, member.department, member.team) if p)
    if role:
        text.append("\n" + role)
    if member.external:
        text.append("  (external)", style="yellow")
    if member.expertise:
        text.append("\nexpertise ", style="dim").append(one_line(tag_list(member.expertise)), style="magenta")
    if member.interests:
        text.append("\ninterests ", style="dim").append(one_line(tag_list(member.interests)), style="magenta")
    for membership in member.memberships:
        name = community_names.get(membership.community, membership.community)
        text.append("\n• " + one_line(name))
        if membership.role == "coordinator":
            text.append(" (coordinator)", style="green")
    if member.bio:
        text.append("\n\n" + clean(member.bio).strip(), style="italic")
    return text


def mentor_matches(matches: list[Match]) -> Text:
    """The member's candidate mentors with every part of each score (`cop mentor match`)."""
    text = Text("\n\nmentor matches", style="bold")
    if not matches:
        return text.append("\n  none: nobody with a free slot has evidence in their interests", style="dim")
    for m in matches:
        text.append(f"\n  {one_line(m.mentor_name)} ", style="bold").append(f"{m.score:.1f}", style="cyan")
        text.append("\n    " + one_line(m.why()), style="dim")
    return text


class PeopleScreen(CopScreen[tuple[str, str, str] | None]):
    """Pick a person to see what they wrote; Enter on an entry opens it in the main list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("tab", "app.focus_next", "Next pane", show=False),
    ]

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.members: list[Member] = []
        #: the member to highlight first (the Experts screen opens a person here)
        self.select = select

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="people-panes"):
            yield OptionList(id="people")
            with Vertical(id="person-detail"):
                with VerticalScroll(id="profile-pane"):
                    yield Static(id="profile")
                yield EntryList(empty_text="Nothing written yet.", id="contributions")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#people").border_title = "People"
        self.query_one("#contributions").border_title = "Wrote (enter opens)"
        self.query_one("#people").focus()
        self.load()

    @work(exclusive=True, group="people")
    async def load(self) -> None:
        try:
            self.members = await self.cop_app.runner.call(self.cop_app.core.members)
        except CopError as error:
            self.notify(str(error), severity="error")
            return
        options = self.query_one("#people", OptionList)
        keep = options.highlighted_option.id if options.highlighted_option is not None else self.select
        options.set_options(
            Option(
                Text(fit(one_line(m.name))).append(
                    "\n  " + fit(one_line(m.department or m.handle), SUMMARY_WIDTH - 2), style="dim"
                ),
                id=m.handle,
            )
            for m in self.members
        )
        handles = [m.handle for m in self.members]
        if handles:
            options.highlighted = handles.index(keep) if keep in handles else 0

    def on_cop_app_records_changed(self, message: CopApp.RecordsChanged) -> None:
        """Files changed under the app: load again, keeping the highlighted person."""
        self.load()

    @property
    def selected(self) -> Member | None:
        option = self.query_one("#people", OptionList).highlighted_option
        return next((m for m in self.members if option is not None and m.handle == option.id), None)

    @on(OptionList.OptionHighlighted, "#people")
    def on_highlight(self) -> None:
        member = self.selected
        if member is not None:
            self.show_member(member)

    @on(OptionList.OptionSelected, "#people")
    def on_select(self) -> None:
        self.query_one("#contributions").focus()

    @work(exclusive=True, group="person")
    async def show_member(self, member: Member) -> None:
        names = {c.slug: c.name for c in self.cop_app.communities}
        self.query_one("#profile", Static).update(profile(member, names))
        try:
            entries = await self.cop_app.runner.call(self.cop_app.core.contributions, member.handle)
        except CopError as error:
            self.notify(str(error), severity="error")
            return
        self.query_one("#contributions", EntryList).set_rows([Row.of_entry(e) for e in entries])
        try:  # their mentor matches (`cop mentor match`), each score with its parts
            matches = await self.cop_app.runner.call(self.cop_app.core.mentor_matches, member.handle, None, 3)
        except CopError as error:
            self.notify(str(error), severity="error")
            return
        shown = profile(member, names)
        shown.append_text(mentor_matches(matches))
        self.query_one("#profile", Static).update(shown)

    @on(EntryList.Opened, "#contributions")
    def on_opened(self, event: EntryList.Opened) -> None:
        member = self.selected
        if member is not None:
            self.dismiss((member.handle, member.name, event.row.id))

    def action_back(self) -> None:
        self.dismiss(None)
