"""`CopApp(core)`: the Textual application over one opened `cop.core.Cop`.

It owns the `CoreRunner` (the one thread that talks to the core), the live refresh timer (changed files
reach the screens as a `RecordsChanged` message), and the report of malformed files. The command palette's
commands are `cop.tui.palette.CopCommands`; the screens do the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.content import Content
from textual.filter import LineFilter
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from cop.domain.errors import CopError
from cop.domain.models import Community, Member
from cop.tui import views
from cop.tui.palette import CopCommands
from cop.tui.rows import Row
from cop.tui.runner import CoreRunner
from cop.tui.screens.main import FIRST_PAGE, MainScreen
from cop.tui.screens.overviews import announce_new
from cop.tui.text import InertText, one_line

if TYPE_CHECKING:
    from cop.core import Cop

#: seconds between two looks at the files (a `cop add` elsewhere, `git pull`, an editor)
REFRESH_EVERY_S = 2.0
#: the longest start-up waits for a paint before going on with the work that would slow it
PAINT_WAIT_S = 2.0
#: the longest the count of what is new waits for the main list's first load
LOADED_WAIT_S = 30.0
#: the header's subtitle when cop does not know who is acting
READ_ONLY = "read-only: start with cop --as HANDLE tui to write"
#: how to turn writing on (docs/people.md: --as, COP_USER, or a member with your git user.email)
HOW_TO_WRITE = (
    "quit and start 'cop --as HANDLE tui' (or set COP_USER=HANDLE), or add yourself with "
    "'cop member add HANDLE --name NAME --email EMAIL' using your git user.email"
)


class CopApp(App[None]):
    """cop's full-screen app: browse, read, search and add to a knowledge repo."""

    CSS_PATH = "cop.tcss"
    TITLE = "cop"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
        Binding("f5", "reindex", "Reindex", show=False),
        Binding("x", "experts", "Experts", show=False),
    ]
    #: the palette's one provider: cop's commands, then Textual's system commands (`cop.tui.palette`)
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {CopCommands}

    @dataclass
    class RecordsChanged(Message, bubble=False):
        """Posted to every screen on the stack when record files changed under the app (`cop add`
        elsewhere, `git pull`, an editor) or the index was rebuilt: each screen that shows records
        handles it (`on_cop_app_records_changed`) by loading again, keeping its selection."""

        #: True after a reindex (f5), False after the live refresh found changed files
        reindexed: bool = False

    def __init__(self, core: Cop, *, refresh_every: float | None = REFRESH_EVERY_S) -> None:
        #: whether the app holds the garbage collector off (`hold_garbage`), and whether it ran before
        self._holding = self._collecting = False
        super().__init__()
        self.core = core
        self.runner = CoreRunner(core)
        self.refresh_every = refresh_every
        #: the acting member (None when cop cannot tell who you are: reading still works)
        self.user: Member | None = None
        self.communities: list[Community] = []
        self._reported: set[str] = set()
        #: the first screenful of the list, asked for now so it is ready before Textual's own start-up
        #: (CSS, compose, mount) ends: from the index as last saved, else after the index check
        self.first_page: Future[list[Row]] | None = self.runner.submit(views.newest_rows, core, FIRST_PAGE)
        #: set when Textual has drawn its first frame (`events.Ready`)
        self.first_frame = asyncio.Event()
        #: set when the main screen's first list is in (`settled`)
        self.list_loaded = asyncio.Event()
        #: set once `identify` has found out who is acting (or that nobody is: `user` stays None)
        self.identified = asyncio.Event()
        #: how many things are new for the acting member (counted after start-up), None until then
        self.new_since: int | None = None
        self._inert = InertText()

    # -- the one way user text reaches the screen ------------------------------------------------------
    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then `InertText`: no control, bidi or zero-width character that slipped
        past `cop.tui.text.clean` reaches the terminal."""
        return [*super().get_line_filters(), self._inert]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification (screens and widgets call this one) is cleaned and never read as markup:
        messages carry titles, names and error text from shared files."""
        super().notify(
            one_line(message), title=one_line(title), severity=severity, timeout=timeout, markup=False
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header line, cleaned (the title is the repo's name from cop.yaml)."""
        return super().format_title(one_line(title), one_line(sub_title))

    def get_default_screen(self) -> Screen[None]:
        return MainScreen()

    def on_load(self) -> None:
        self.hold_garbage()

    def on_mount(self) -> None:
        self.title = one_line(self.core.name)
        self.identify()
        if self.refresh_every:
            self.set_interval(self.refresh_every, self.check_files, name="live-refresh")

    def on_ready(self) -> None:
        self.first_frame.set()

    async def painted(self, screen: Screen[None], *, before_first: bool = False) -> None:
        """Return once `screen` has drawn what changed before the call, or after `PAINT_WAIT_S`;
        `before_first`: what changed before Textual's first frame, so once that frame is drawn.

        After the first frame only: before it Textual batches start-up, and a callback "after refresh"
        runs at the next idle moment whether anything was drawn or not. The time limit is for a screen
        that draws nothing (a terminal of size zero posts no first frame)."""

        async def drawn() -> None:
            await self.first_frame.wait()
            if before_first:
                return
            done = asyncio.Event()
            if screen.call_after_refresh(done.set):
                await done.wait()

        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(drawn(), PAINT_WAIT_S)

    @work(exclusive=True, group="whoami")
    async def identify(self) -> None:
        """Find out who is acting, once the first frame is on screen: Textual draws nothing until
        `on_mount` returns, and without `--as` the core may check and load the whole index to answer."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.first_frame.wait(), PAINT_WAIT_S)
        reason = ""
        try:
            self.user = await self.runner.call(self.core.whoami)
        except CopError as error:
            reason = str(error)
        self.identified.set()
        if self.user is not None:
            self.sub_title = f"{one_line(self.user.name)} ({self.user.handle})"
            self.run_worker(self.announce_new(), group="new-since", exclusive=True)
            return
        self.sub_title = READ_ONLY
        self.notify(
            f"{reason or 'cop does not know who you are'}. You can read; to write, {HOW_TO_WRITE}.",
            title="Writing is off",
            severity="warning",
            timeout=15,
        )

    async def announce_new(self) -> None:
        """Count what is new for the acting member once the main list is in: queued on the one core
        thread before it, the count (~0.3 s at 10k entries) held the whole list back."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.list_loaded.wait(), LOADED_WAIT_S)
        await announce_new(self)

    def cannot_write(self) -> str | None:
        """Why writing is off (None: it is on, or cop is still finding out who you are)."""
        if self.identified.is_set() and self.user is None:
            return f"Writing is off: cop does not know who you are. To write, {HOW_TO_WRITE}."
        return None

    async def on_unmount(self) -> None:
        self.release_garbage(collect=False)  # if the first load never ended
        gc.unfreeze()  # what was frozen can be collected again (tests run many apps in a process)
        self.runner.close()

    # -- live refresh and problems ---------------------------------------------------------------------
    @work(exclusive=True, group="refresh")
    async def check_files(self) -> None:
        """Look at the files again; when anything changed, reload the views keeping the selection."""
        try:
            changed = await self.runner.call(self.core.refresh)
        except CopError as error:
            self.notify(str(error), title="Refresh", severity="error")
            return
        if changed:
            self.records_changed()

    def records_changed(self, reindexed: bool = False) -> None:
        """Tell every screen on the stack that the records changed (`RecordsChanged`)."""
        for screen in self.screen_stack:
            screen.post_message(self.RecordsChanged(reindexed))

    async def report_problems(self) -> None:
        """Notify each malformed file once (the rest of the repo stays usable)."""
        try:
            problems = await self.runner.call(self.core.problems)
        except CopError:
            return
        new = [p for p in problems if p not in self._reported]
        self._reported.update(new)
        for problem in new[:5]:
            self.notify(one_line(problem), title="Skipped a file", severity="warning", timeout=10)
        if len(new) > 5:
            self.notify(
                f"…and {len(new) - 5} more: run 'cop doctor'", title="Skipped files", severity="warning"
            )

    def settled(self) -> None:
        """The main screen's first list is in: what waited for it (the count of what is new) may start."""
        self.list_loaded.set()

    def hold_garbage(self) -> None:
        """Leave what exists by now out of the garbage collector's walks (`gc.freeze`: still freed when
        nothing refers to it): the modules loaded when the app starts (Python, Typer, the core,
        Textual and cop's screens: ~45k objects), which live as long as the app; and hold the collector
        off until the main screen's first load is done (`release_garbage`). During start-up each full
        collection walked all of it again (three of them, 50-100 ms each at 10k entries), and at 100k
        entries the freshness sweep's 100k paths set off ~100 ms of collections more; cop's index
        builds hold it off the same way (`cop.store.index`)."""
        self._holding, self._collecting = True, gc.isenabled()
        gc.freeze()
        gc.disable()

    def release_garbage(self, collect: bool = True) -> None:
        """Start-up is done: collect once (`collect`) and freeze what is left (Textual's widgets, styles
        and caches, which live as long as the app), then let the collector run again. After start-up a
        full collection over all of it (~80 ms over ~110k objects) fell on every other keystroke; what
        is made later (each page's rows, other screens) is collected as usual. Unfrozen when the app
        ends (`on_unmount`)."""
        if not self._holding:
            return
        self._holding = False
        if collect:
            gc.collect()
        gc.freeze()
        if self._collecting:
            gc.enable()

    async def load_communities(self) -> list[Community]:
        self.communities = await self.runner.call(self.core.communities)
        return self.communities

    # -- actions --------------------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """q / ctrl+q: quit, but ask first when a form holds typed text (quitting would lose it)."""
        from cop.tui.screens.dialogs import Confirm
        from cop.tui.screens.forms import FormBase

        form = next((s for s in self.screen_stack if isinstance(s, FormBase) and s.changed()), None)
        if form is None:
            self.exit()
            return

        def chosen(discard: bool | None) -> None:
            if discard:
                self.exit()

        question = Text("Quit and discard what you typed in the form?\n\nIt is not saved anywhere.")
        self.push_screen(Confirm(question, yes_label="Quit"), chosen)

    def action_experts(self) -> None:
        """Who knows a topic (cop.tui.screens.experts); an entry opened from a person shows in the list."""
        from cop.tui.screens.experts import ExpertsScreen

        if isinstance(self.screen, ExpertsScreen):
            return

        def chosen(picked: tuple[str, str, str] | None) -> None:
            main = self.screen
            if picked is not None and isinstance(main, MainScreen):
                handle, name, entry_id = picked
                main.set_view(views.author(handle, name), keep=entry_id)

        self.push_screen(ExpertsScreen(), chosen)

    def action_help(self) -> None:
        from cop.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    @work(exclusive=True, group="refresh")
    async def action_reindex(self) -> None:
        """Rebuild the index from the files (the cure for a confused cache)."""
        self.notify("Rebuilding the index…", timeout=2)
        try:
            report = await self.runner.call(self.core.reindex)
        except CopError as error:
            self.notify(str(error), title="Reindex", severity="error")
            return
        self._reported.clear()
        self.notify(f"Index rebuilt ({len(report.problems)} file(s) skipped).", title="Reindex")
        self.records_changed(reindexed=True)

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
