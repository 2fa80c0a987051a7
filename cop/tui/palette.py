"""The command palette (ctrl+p): `CopCommands`, a `textual.command.Provider` over cop's actions.

`CopApp.COMMANDS` holds this provider alone: it offers cop's commands for the screen the palette was
opened on (the main screen's actions, its views and one "Switch community" per community), then the
app-wide ones (reindex, refresh, theme, help), then Textual's own system commands, so one provider
decides the order (two providers' hits arrive in whichever order their tasks run). The palette reads
titles and help as markup: every piece of repo text in them goes through `markup_safe`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from cop.tui.screens.main import MainScreen
from cop.tui.text import markup_safe

if TYPE_CHECKING:
    from cop.tui.app import CopApp

#: the views the palette can switch to, by sidebar key
VIEWS = (("view:all", "All"), ("view:unanswered", "Open questions"), ("view:mine", "Mine"))


@dataclass(frozen=True)
class PaletteCommand:
    """One line of the palette: its title and help (markup, repo text escaped) and what it runs."""

    title: str
    help: str
    run: Callable[[], Any]
    #: listed when the palette opens with nothing typed (Textual's `SystemCommand.discover`)
    discover: bool = True


def main_screen_commands(main: MainScreen, app: CopApp) -> Iterator[PaletteCommand]:
    """The main screen's actions, its views and its communities."""
    yield PaletteCommand("New entry", "Write a new entry (n)", main.action_new)
    yield PaletteCommand("Edit entry", "Edit the selected entry (e)", main.action_edit)
    yield PaletteCommand("Edit in $EDITOR", "Open the selected entry's file (E)", main.action_edit_in_editor)
    yield PaletteCommand("Answer", "Answer the selected question (a)", main.action_answer)
    yield PaletteCommand("Accept answer", "Accept the selected answer (A)", main.action_accept)
    yield PaletteCommand("Delete entry", "Delete the selected entry (d)", main.action_delete)
    yield PaletteCommand("Search", "Filter titles and tags, Enter for full text (/)", main.action_search)
    yield PaletteCommand("Filter by kind", "Show one kind of entry (k)", main.action_filter_kind)
    yield PaletteCommand("Filter by tag", "Show entries with a tag (t)", main.action_filter_tag)
    yield PaletteCommand("Sort", "Cycle the sort column (s)", main.action_sort)
    yield PaletteCommand("Clear filters", "Clear search, kind and tag (escape)", main.action_clear)
    for key, label in VIEWS:
        yield PaletteCommand(f"Show: {label}", f"Switch the list to {label.lower()}", _pick(main, key))
    for community in app.communities:
        yield PaletteCommand(
            f"Switch community: {markup_safe(community.name)}",
            markup_safe(f"{community.kind} · {community.slug}"),
            _pick(main, f"community:{community.slug}"),
        )
    yield PaletteCommand("Mentorships", "Mentorships, goals and sessions (m)", main.action_mentorships)
    yield PaletteCommand("People", "Members and what they wrote (p)", main.action_people)


def commands(app: CopApp, screen: Screen[object]) -> Iterator[PaletteCommand]:
    """Every command the palette offers on `screen`, cop's first."""
    if isinstance(screen, MainScreen):
        yield from main_screen_commands(screen, app)
    yield PaletteCommand(
        "Onboarding paths", "Paths, each follower's progress, your next step to read (o)", _paths(app)
    )
    yield PaletteCommand("Reindex", "Rebuild the index from the files (f5)", app.action_reindex)
    yield PaletteCommand("Refresh now", "Look for changed files now", app.check_files)
    yield PaletteCommand(
        "Toggle dark/light", "Switch between the dark and light theme", app.action_toggle_dark
    )
    yield PaletteCommand("Help", "Every key and what it does (?)", app.action_help)
    for system in app.get_system_commands(screen):  # Textual's own (theme, keys, screenshot, quit)
        yield PaletteCommand(system.title, system.help, system.callback, system.discover)


def _pick(main: MainScreen, key: str) -> Callable[[], None]:
    return lambda: main.pick(key)


def _paths(app: CopApp) -> Callable[[], None]:
    def open_paths() -> None:
        from cop.tui.screens.paths import PathsScreen

        app.push_screen(PathsScreen())

    return open_paths


class CopCommands(Provider):
    """cop's commands for the palette: fuzzy-matched on their titles as Textual's system commands are,
    and listed by title when nothing is typed yet."""

    @property
    def cop_app(self) -> CopApp:
        return cast("CopApp", self.app)

    async def discover(self) -> Hits:
        found = [c for c in commands(self.cop_app, self.screen) if c.discover]
        for command in sorted(found, key=lambda c: c.title):
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in commands(self.cop_app, self.screen):
            if (score := matcher.match(command.title)) > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
