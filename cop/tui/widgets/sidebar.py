"""`Sidebar`: the built-in views, the communities (kind, entry count), and the other screens."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cop.domain.events import Event
from cop.domain.models import Community
from cop.domain.trust import Trust
from cop.tui.screens.events import upcoming_options
from cop.tui.screens.overviews import OVERVIEWS
from cop.tui.text import one_line

BUILT_IN = (("view:all", "All"), ("view:unanswered", "Open questions"), ("view:mine", "My entries"))
SCREENS: tuple[tuple[str, str], ...] = (
    ("screen:mentorships", "Mentorships"), ("screen:people", "People"), ("screen:review", "Review"),
)  # fmt: skip
SCREENS += (("screen:events", "Events"), ("screen:projects", "Projects"))
SCREENS += (("screen:paths", "Onboarding paths"),)


#: characters a label may take: the sidebar is 24 cells wide (borders, padding and scrollbar take 5)
LABEL_WIDTH = 19


def fit(label: str) -> str:
    """Cut a label to the sidebar's width (OptionList would wrap it onto a second line)."""
    return label if len(label) <= LABEL_WIDTH else label[: LABEL_WIDTH - 1] + "…"


class Sidebar(OptionList):
    """Enter or a click picks a view (posts `Picked` with the option id)."""

    class Picked(Message):
        def __init__(self, key: str) -> None:
            self.key = key
            super().__init__()

    def set_data(
        self,
        communities: list[Community],
        counts: dict[str, int],
        total: int,
        trust: dict[str, Trust] | None = None,
        upcoming: list[Event] | None = None,
    ) -> None:
        """Rebuild the options, keeping the highlighted one; a community with entries to verify shows
        its trust score (the share verified and not past review) on a third line."""
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        options: list[Option | None] = []
        for key, label in BUILT_IN:
            text = Text(label)
            if key == "view:all":
                text.append(f" {total}", style="dim")
            options.append(Option(text, id=key))
        options.append(None)
        for c in communities:
            text = Text(fit(one_line(c.name)), style="dim" if c.status == "archived" else "")
            text.append("\n" + fit(f" {one_line(c.kind)} · {counts.get(c.slug, 0)}"), style="dim")
            score = (trust or {}).get(c.slug)
            if score is not None and score.total:
                text.append(
                    "\n" + fit(f" trust {score.percent}"),
                    style="green" if score.current == score.total else "dim",
                )
            options.append(Option(text, id=f"community:{c.slug}"))
        options.append(None)
        options.extend(Option(Text(label), id=key) for key, label in SCREENS)
        options.extend(Option(Text(label), id=key) for key, label in OVERVIEWS)
        if upcoming:  # the next few events ("Coming up"), each opening the Events screen
            options.append(None)
            options.extend(upcoming_options(upcoming, LABEL_WIDTH))
        self.set_options(options)
        if keep is not None:
            try:
                self.highlighted = self.get_option_index(keep)
            except Exception:  # the community is gone: stay at the top
                self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Picked(event.option.id))
