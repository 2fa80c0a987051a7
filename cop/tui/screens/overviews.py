"""Opening the overviews from the main screen: the New view (digest) and Insights, by sidebar key or key
(`N`, `i`), and the start-up note "N new since you last looked" (a peek: the mark stays until the New
view is opened)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from cop.domain.errors import CopError

if TYPE_CHECKING:
    from cop.tui.app import CopApp

#: the sidebar's overview options (after the other screens)
OVERVIEWS: tuple[tuple[str, str], ...] = (("screen:new", "New for you"), ("screen:insights", "Insights"))


def open_overview(screen: Screen[Any], key: str) -> bool:
    """Open the New view or Insights for a sidebar key (`screen:new`, `screen:insights`); False for any
    other key."""
    if key == "screen:new":
        from cop.tui.screens.digest import DigestScreen

        screen.app.push_screen(DigestScreen())
        return True
    if key == "screen:insights":
        from cop.tui.screens.insights import InsightsScreen

        screen.app.push_screen(InsightsScreen())
        return True
    return False


def new_since_text(new: int) -> str:
    """What the start-up note says (nothing when nothing is new)."""
    if not new:
        return ""
    return f"{new:,} new since you last looked: N (or the sidebar's New for you) shows them"


async def announce_new(app: CopApp) -> None:
    """Count what is new for the acting member (the digest, without moving their mark) off the UI
    thread and say so; quiet when nothing is new or the count fails (start-up must not stop for it)."""
    try:
        found = await app.runner.call(app.core.digest)
    except CopError:
        return
    app.new_since = found.new
    text = new_since_text(found.new)
    if text:
        app.notify(text, title="What's new", timeout=8)
