"""The main screen's ways out: a sidebar pick (a view, or another screen) and the keys that open the
other screens (mentorships, people, review, events and projects, onboarding paths, the New view and
Insights).

A screen that picks an entry (review, people) comes back with it, and the main list shows it.
"""

from __future__ import annotations

from textual import on

from cop.tui import views
from cop.tui.screens.events import open_gathering
from cop.tui.screens.main_state import MainState
from cop.tui.screens.overviews import open_overview
from cop.tui.widgets.sidebar import Sidebar


class NavigationActions(MainState):
    """The navigation part of MainScreen (what it uses of the screen is declared in `MainState`)."""

    # -- views ----------------------------------------------------------------------------------------
    @on(Sidebar.Picked)
    def on_picked(self, event: Sidebar.Picked) -> None:
        self.pick(event.key)

    def pick(self, key: str) -> None:
        """Switch to a view by key (`view:all`, `community:SLUG`, `screen:people`...)."""
        kind, _, name = key.partition(":")
        if open_overview(self, key):  # the New view and Insights (cop.tui.screens.overviews)
            return
        if open_gathering(self, key):  # events and projects (cop.tui.screens.events)
            return
        if key == "screen:mentorships":
            self.action_mentorships()
        elif key == "screen:people":
            self.action_people()
        elif key == "screen:review":
            self.action_review()
        elif key == "screen:paths":
            self.action_paths()
        elif key == "view:all":
            self.set_view(views.ALL)
        elif key == "view:unanswered":
            self.set_view(views.UNANSWERED)
        elif key == "view:mine":
            user = self.cop_app.user
            if user is None:
                self.notify("cop does not know who you are: start it with --as HANDLE", severity="warning")
                return
            self.set_view(views.mine(user.handle))
        elif kind == "community":
            label = next((c.name for c in self.cop_app.communities if c.slug == name), name)
            self.set_view(views.community(name, label))

    # -- other screens ------------------------------------------------------------------------------
    def action_gathering(self, key: str) -> None:
        open_gathering(self, key)

    def action_overview(self, key: str) -> None:
        open_overview(self, key)

    def action_mentorships(self) -> None:
        from cop.tui.screens.mentorships import MentorshipsScreen

        self.app.push_screen(MentorshipsScreen())

    def action_paths(self) -> None:
        """Onboarding paths (cop.tui.screens.paths): steps, every follower's progress, your next step."""
        from cop.tui.screens.paths import PathsScreen

        self.app.push_screen(PathsScreen())

    def action_review(self) -> None:
        """The review queue (cop.tui.screens.review); Enter there opens the entry here."""
        from cop.tui.screens.review import ReviewScreen

        def chosen(entry_id: str | None) -> None:
            if entry_id is not None:
                self.set_view(views.ALL, keep=entry_id)

        self.app.push_screen(ReviewScreen(), chosen)

    def action_people(self) -> None:
        from cop.tui.screens.people import PeopleScreen

        def chosen(picked: tuple[str, str, str] | None) -> None:
            if picked is not None:
                handle, name, entry_id = picked
                self.set_view(views.author(handle, name), keep=entry_id)

        self.app.push_screen(PeopleScreen(), chosen)
