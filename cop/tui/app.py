"""`CopApp(core)`: the Textual application over one opened `cop.core.Cop`.

It owns the `CoreRunner` (the one thread that talks to the core), the live refresh timer, the command
palette's cop commands, and the report of malformed files. The screens do the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from concurrent.futures import Future
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cop.domain.errors import CopError
from cop.domain.models import Community, Member
from cop.tui import views
from cop.tui.rows import Row
from cop.tui.runner import CoreRunner
from cop.tui.screens.main import FIRST_PAGE, MainScreen
from cop.tui.text import one_line

if TYPE_CHECKING:
    from cop.core import Cop

#: seconds between two looks at the files (a `cop add` elsewhere, `git pull`, an editor)
REFRESH_EVERY_S = 2.0
#: the longest start-up waits for a paint before going on with the work that would slow it
PAINT_WAIT_S = 2.0


class CopApp(App[None]):
    """cop's full-screen app: browse, read, search and add to a knowledge repo."""

    CSS_PATH = "cop.tcss"
    TITLE = "cop"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
        Binding("f5", "reindex", "Reindex", show=False),
    ]

    def __init__(self, core: Cop, *, refresh_every: float | None = REFRESH_EVERY_S) -> None:
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

    def get_default_screen(self) -> Screen[None]:
        return MainScreen()

    def on_mount(self) -> None:
        self.title = one_line(self.core.name)
        self.identify()
        if self.refresh_every:
            self.set_interval(self.refresh_every, self.check_files, name="live-refresh")

    def on_ready(self) -> None:
        self.first_frame.set()

    async def painted(self, screen: Screen[None]) -> None:
        """Return once `screen` has drawn what changed before the call, or after `PAINT_WAIT_S`.

        After the first frame only: before it Textual batches start-up, and a callback "after refresh"
        runs at the next idle moment whether anything was drawn or not. The time limit is for a screen
        that draws nothing (a terminal of size zero posts no first frame)."""

        async def drawn() -> None:
            await self.first_frame.wait()
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
        try:
            self.user = await self.runner.call(self.core.whoami)
        except CopError as error:
            self.notify(f"{error}. You can read, but not write.", title="Who are you?", severity="warning")
        if self.user is not None:
            self.sub_title = f"{one_line(self.user.name)} ({self.user.handle})"

    async def on_unmount(self) -> None:
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
            for screen in self.screen_stack:
                reload = getattr(screen, "reload", None)
                if callable(reload):
                    reload()

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

    async def load_communities(self) -> list[Community]:
        self.communities = await self.runner.call(self.core.communities)
        return self.communities

    # -- actions --------------------------------------------------------------------------------------
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
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if callable(reload):
                reload()

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p): cop's actions first, then Textual's own."""
        main = screen if isinstance(screen, MainScreen) else None
        if main is not None:
            yield SystemCommand("New entry", "Write a new entry (n)", main.action_new)
            yield SystemCommand("Edit entry", "Edit the selected entry (e)", main.action_edit)
            yield SystemCommand(
                "Edit in $EDITOR", "Open the selected entry's file (E)", main.action_edit_in_editor
            )
            yield SystemCommand("Answer", "Answer the selected question (a)", main.action_answer)
            yield SystemCommand("Accept answer", "Accept the selected answer (A)", main.action_accept)
            yield SystemCommand("Delete entry", "Delete the selected entry (d)", main.action_delete)
            yield SystemCommand(
                "Search", "Filter titles and tags, Enter for full text (/)", main.action_search
            )
            yield SystemCommand("Filter by kind", "Show one kind of entry (k)", main.action_filter_kind)
            yield SystemCommand("Filter by tag", "Show entries with a tag (t)", main.action_filter_tag)
            yield SystemCommand("Sort", "Cycle the sort column (s)", main.action_sort)
            yield SystemCommand("Clear filters", "Clear search, kind and tag (escape)", main.action_clear)
            for key, label in (
                ("view:all", "All"),
                ("view:unanswered", "Open questions"),
                ("view:mine", "Mine"),
            ):
                yield SystemCommand(
                    f"Show: {label}", f"Switch the list to {label.lower()}", self._pick(main, key)
                )
            for community in self.communities:
                name = one_line(community.name)
                yield SystemCommand(
                    f"Switch community: {name}",
                    f"{community.kind} · {community.slug}",
                    self._pick(main, f"community:{community.slug}"),
                )
            yield SystemCommand("Mentorships", "Mentorships, goals and sessions (m)", main.action_mentorships)
            yield SystemCommand("People", "Members and what they wrote (p)", main.action_people)
        yield SystemCommand("Reindex", "Rebuild the index from the files (f5)", self.action_reindex)
        yield SystemCommand("Refresh now", "Look for changed files now", self.check_files)
        yield SystemCommand(
            "Toggle dark/light", "Switch between the dark and light theme", self.action_toggle_dark
        )
        yield SystemCommand("Help", "Every key and what it does (?)", self.action_help)
        yield from super().get_system_commands(screen)

    @staticmethod
    def _pick(main: MainScreen, key: str):  # type: ignore[no-untyped-def]
        return lambda: main.pick(key)
