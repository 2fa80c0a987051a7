"""`ProjectsScreen`: projects by status (active first); the selected one's goal, people, linked entries
and updates log; `j`/`l` join and leave."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from cop.domain.errors import CopError
from cop.domain.events import PROJECT_STATUSES, Project
from cop.tui.screens.base import CopScreen
from cop.tui.text import SUMMARY_WIDTH, clean, fit, one_line

if TYPE_CHECKING:
    from cop.tui.app import CopApp

#: the list's order: what people work on now first
ORDER = ("active", "proposed", "paused", "done", "dropped")


def summary(project: Project) -> Text:
    text = Text(fit(one_line(project.title)))
    people = f" · {len(project.members)} on it"
    where = fit(one_line(", ".join(project.communities) or project.slug), SUMMARY_WIDTH - 2 - len(people))
    text.append(f"\n  {where}{people}", style="dim")
    return text


def details(project: Project, titles: dict[str, str]) -> Text:
    text = Text()
    text.append(one_line(project.title), style="bold")
    text.append(f"  {one_line(project.slug)}", style="dim")
    text.append(
        f"\n{one_line(project.status)}", style="bold green" if project.status == "active" else "bold yellow"
    )
    if project.communities:
        text.append(" · " + one_line(", ".join(project.communities)), style="dim")
    if project.goal:
        text.append("\ngoal ", style="dim").append(one_line(project.goal))
    if project.owner:
        text.append("\nowner ", style="dim").append(one_line(project.owner))
    if project.members:
        text.append("\nmembers ", style="dim").append(one_line(", ".join(project.members)))
    if project.description:
        text.append("\n\n" + clean(project.description).strip())
    if project.links:
        text.append(f"\n\nEntries ({len(project.links)})", style="bold")
        for entry_id in project.links:
            text.append(f"\n• {one_line(entry_id)} ", style="dim").append(
                one_line(titles.get(entry_id, "(no such entry)"))
            )
    text.append(f"\n\nUpdates ({len(project.updates)})", style="bold")
    for update in project.updates:
        text.append(f"\n{one_line(update.date)} {one_line(update.author)}", style="dim")
        text.append("\n" + clean(update.text).strip())
    return text


class ProjectsScreen(CopScreen[None]):
    """Every project, grouped by status; j joins the highlighted one, l leaves it."""

    DEFAULT_CSS = """
    #projects { width: 34; height: 100%; border: round $primary 40%; }
    #project-pane { width: 1fr; height: 100%; padding: 0 1; border: round $primary 40%; }
    #project-detail { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("j", "join", "Join"),
        Binding("l", "leave", "Leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Project] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="projects")
            with VerticalScroll(id="project-pane"):
                yield Static(id="project-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#projects").border_title = "Projects"
        self.query_one("#project-pane").border_title = "Project"
        self.query_one("#projects").focus()
        self.reload()

    @property
    def selected(self) -> Project | None:
        option = self.query_one("#projects", OptionList).highlighted_option
        return next((p for p in self.items if option is not None and p.slug == option.id), None)

    def on_cop_app_records_changed(self, message: CopApp.RecordsChanged) -> None:
        self.reload()

    @work(exclusive=True, group="projects")
    async def reload(self, keep: str | None = None) -> None:
        try:
            self.items = await self.cop_app.runner.call(self.cop_app.core.projects)
        except CopError as error:
            self.notify(str(error), severity="error")
            return
        current = self.selected
        keep = keep or (current.slug if current else None)
        options = self.query_one("#projects", OptionList)
        shown: list[Option | None] = []
        for status in [s for s in ORDER if s in PROJECT_STATUSES]:
            group = [p for p in self.items if p.status == status]
            if group:
                shown.append(Option(Text(status.upper(), style="bold"), disabled=True))
                shown.extend(Option(summary(p), id=p.slug) for p in group)
        if not shown:
            shown.append(Option(Text("No projects yet: 'cop project add'", style="dim"), disabled=True))
        options.set_options(shown)
        slugs = [p.slug for p in self.items if p.status in ORDER]
        ordered = [p.slug for s in ORDER for p in self.items if p.status == s]
        target = keep if keep in slugs else (ordered[0] if ordered else None)
        if target is not None:
            options.highlighted = options.get_option_index(target)
        self.show_selected()

    @on(OptionList.OptionHighlighted, "#projects")
    def on_highlight(self) -> None:
        self.show_selected()

    @work(exclusive=True, group="project")
    async def show_selected(self) -> None:
        project = self.selected
        detail = self.query_one("#project-detail", Static)
        if project is None:
            detail.update("")
            return
        titles: dict[str, str] = {}
        for entry_id in project.links:
            try:
                titles[entry_id] = (await self.cop_app.runner.call(self.cop_app.core.entry, entry_id)).title
            except CopError:  # a dangling link shows as such; cop doctor names it
                continue
        detail.update(details(project, titles))

    def action_join(self) -> None:
        self._change("join")

    def action_leave(self) -> None:
        self._change("leave")

    def _change(self, what: str) -> None:
        project = self.selected
        if project is None:
            self.notify("Select a project first.", severity="warning")
            return
        self.change(project.slug, what)

    @work(group="join")
    async def change(self, slug: str, what: str) -> None:
        core = self.cop_app.core
        call = core.join_project if what == "join" else core.leave_project
        try:
            saved = await self.cop_app.runner.call(call, slug)
        except CopError as error:
            self.notify(str(error), title="Not changed", severity="error")
            return
        self.notify(f"{len(saved.members)} on {saved.slug}.", title="Joined" if what == "join" else "Left")
        self.reload(keep=slug)
