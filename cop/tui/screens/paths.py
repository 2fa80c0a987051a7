"""`PathsScreen` (o, or "Onboarding paths" in the palette): the onboarding paths; the highlighted one's
steps (yours ticked, flagged ones marked), each follower's progress bar (stuck ones in red), and the
entry of your next step in the reader. `s` starts the path, `d` marks your next step done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from cop.core.paths import PathStatus
from cop.domain.errors import CopError, NotFound
from cop.domain.paths import LearningPath, Progress, next_step, progress_bar
from cop.tui.screens.base import CopScreen
from cop.tui.text import SUMMARY_WIDTH, clean, fit, one_line
from cop.tui.widgets.reader import Loaded, Reader, load

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.tui.app import CopApp

#: cells of a follower's progress bar
BAR_WIDTH = 12
#: characters of a step's title in the path pane (the reader shows the whole entry)
STEP_WIDTH = 36


@dataclass
class PathPage:
    """What the screen shows for one path: every follower's standing, the acting member's progress
    (None when they do not follow it) and the entry of their next step, ready to read."""

    status: PathStatus
    mine: Progress | None
    next: int | None
    loaded: Loaded | None


def gather(core: Cop, slug: str, handle: str | None) -> PathPage:
    """(core thread) A path's page for `handle` (their next step is the first one when they have not
    started; with no acting member, the first step)."""
    status = core.path_status(slug)
    mine: Progress | None = None
    if handle is not None:
        try:
            mine = core.progress(slug, handle)
        except NotFound:
            mine = None
    number = next_step(status.path, mine.done_steps if mine is not None else ())
    loaded = None
    if number is not None:
        view = status.steps[number - 1]
        if view.entry is not None:
            loaded = load(core, view.entry.id)
    return PathPage(status, mine, number, loaded)


def summary(path: LearningPath, followers: int) -> Text:
    text = Text(fit(one_line(path.title)))
    text.append("\n  " + fit(one_line(path.community), SUMMARY_WIDTH - 2), style="dim")
    text.append(f"\n  {len(path.steps)} steps · {followers} following", style="dim")
    return text


def details(page: PathPage) -> Text:
    """The path, its steps (✓ done by you, ▶ your next, ⚠ flagged) and every follower's bar."""
    path, status = page.status.path, page.status
    text = Text()
    text.append(one_line(path.title), style="bold")
    about = [one_line(path.community)] + ([f"for {one_line(path.audience)}"] if path.audience else [])
    if path.expected_days:
        about.append(f"about {path.expected_days} days")
    text.append("\n" + " · ".join(about), style="dim")
    if path.description:
        text.append("\n\n" + clean(path.description).strip())
    done = page.mine.done_steps if page.mine is not None else set()
    text.append(f"\n\nSteps ({len(path.steps)})", style="bold")
    if not path.steps:
        text.append(f"\n  none yet: 'cop path edit {one_line(path.slug)} --add-step ID'", style="dim")
    for view in status.steps:
        mark = "✓" if view.step.id in done else ("▶" if view.number == page.next else " ")
        text.append(f"\n{mark} {view.number:>2} ", style="green" if mark == "✓" else "bold")
        text.append(fit(one_line(view.title), STEP_WIDTH), style="dim" if mark == "✓" else "")
        kind = "task" if view.step.task else "read"
        days = f" · {view.step.expected_days}d" if view.step.expected_days else ""
        text.append(f"  {kind}{days}", style="dim")
        if view.problem:
            text.append(f"\n      ⚠ {one_line(view.problem)}", style="bold yellow")
    if page.mine is None:
        text.append("\n\nYou do not follow this path: s starts it.", style="italic")
    elif page.next is None:
        text.append("\n\nYou finished this path.", style="bold green")
    else:
        text.append(f"\n\nYour next step: {page.next} (d marks it done)", style="italic")
    text.append(f"\n\nFollowers ({len(status.members)})", style="bold")
    for s in status.members:
        text.append(f"\n{fit(one_line(s.member), 14):<14} ")
        text.append(progress_bar(s.done, s.total, BAR_WIDTH), style="green" if s.finished else "cyan")
        text.append(f" {s.done}/{s.total}")
        if s.stuck:
            text.append(f"  stuck {s.idle_days} days", style="bold red")
    if status.stuck:
        text.append(f"\n\n{len(status.stuck)} stuck: nothing done for {status.stuck_days} days", style="red")
    return text


def next_title(page: PathPage) -> str:
    """The reader's title: which step it shows, or why it shows none."""
    if page.next is None:
        return "Next step: none, the path is done" if page.status.path.steps else "Next step: none yet"
    view = page.status.steps[page.next - 1]
    if view.step.task:
        return f"Next step {page.next}: a task (see the path)"
    if view.entry is None:
        return f"Next step {page.next}: its entry is gone"
    return f"Next step {page.next}: read"


class PathsScreen(CopScreen[None]):
    """Every onboarding path; s starts the highlighted one, d marks your next step on it done."""

    DEFAULT_CSS = """
    PathsScreen #paths { width: 34; height: 100%; border: round $primary 40%; }
    PathsScreen #path-pane { width: 1fr; height: 100%; padding: 0 1; border: round $primary 40%; }
    PathsScreen #path-detail { height: auto; }
    PathsScreen #reader { width: 1fr; height: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("s", "start", "Start"),
        Binding("d", "done", "Done"),
        Binding("tab", "app.focus_next", "Next pane", show=False),
    ]

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.items: list[LearningPath] = []
        self.page: PathPage | None = None
        self._select = select

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="paths")
            with VerticalScroll(id="path-pane"):
                yield Static(id="path-detail")
            yield Reader(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#paths").border_title = "Onboarding paths"
        self.query_one("#path-pane").border_title = "Path"
        self.query_one(Reader).border_title = "Next step"
        self.query_one("#paths").focus()
        self.reload(keep=self._select)

    @property
    def selected(self) -> LearningPath | None:
        option = self.query_one("#paths", OptionList).highlighted_option
        return next((p for p in self.items if option is not None and p.slug == option.id), None)

    def on_cop_app_records_changed(self, message: CopApp.RecordsChanged) -> None:
        self.reload()

    @work(exclusive=True, group="paths")
    async def reload(self, keep: str | None = None) -> None:
        core = self.cop_app.core
        try:
            self.items = await self.cop_app.runner.call(core.learning_paths)
            followers = await self.cop_app.runner.call(core.path_followers)
        except CopError as error:
            self.notify(str(error), severity="error")
            return
        current = self.selected
        keep = keep or (current.slug if current else None)
        options = self.query_one("#paths", OptionList)
        shown = [Option(summary(p, followers.get(p.slug, 0)), id=p.slug) for p in self.items]
        if not shown:
            shown.append(Option(Text("No paths yet: 'cop path add'", style="dim"), disabled=True))
        options.set_options(shown)
        slugs = [p.slug for p in self.items]
        target = keep if keep in slugs else (slugs[0] if slugs else None)
        if target is not None:
            options.highlighted = options.get_option_index(target)
        self.show_selected()

    @on(OptionList.OptionHighlighted, "#paths")
    def on_highlight(self) -> None:
        self.show_selected()

    @work(exclusive=True, group="path")
    async def show_selected(self) -> None:
        path = self.selected
        detail = self.query_one("#path-detail", Static)
        if path is None:
            self.page = None
            detail.update("")
            await self.query_one(Reader).show(None)
            return
        user = self.cop_app.user
        try:
            page = await self.cop_app.runner.call(
                gather, self.cop_app.core, path.slug, user.handle if user else None
            )
        except CopError as error:
            self.notify(str(error), severity="error")
            return
        self.page = page
        detail.update(details(page))
        reader = self.query_one(Reader)
        reader.border_title = next_title(page)
        await reader.show(page.loaded)

    def _writable(self) -> LearningPath | None:
        path = self.selected
        if path is None:
            self.notify("Select a path first.", severity="warning")
            return None
        if self.cop_app.user is None:
            self.notify("cop does not know who you are: start it with --as HANDLE", severity="warning")
            return None
        return path

    def action_start(self) -> None:
        path = self._writable()
        if path is not None:
            self.change(path.slug, None)

    def action_done(self) -> None:
        path = self._writable()
        if path is None or self.page is None or self.page.status.path.slug != path.slug:
            return
        if self.page.next is None:
            self.notify("Every step of this path is done.", severity="information")
            return
        self.change(path.slug, self.page.next)

    @work(group="path-write")
    async def change(self, slug: str, number: int | None) -> None:
        """Start the path (`number` None) or mark step `number` done, as the acting member."""
        core = self.cop_app.core
        try:
            if number is None:
                await self.cop_app.runner.call(core.start_path, slug)
                self.notify(f"You follow {slug} now.", title="Started")
            else:
                await self.cop_app.runner.call(core.mark_done, slug, number)
                self.notify(f"Step {number} of {slug} done.", title="Done")
        except CopError as error:
            self.notify(str(error), title="Not changed", severity="error")
            return
        self.reload(keep=slug)
