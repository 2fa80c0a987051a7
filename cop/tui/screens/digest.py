"""`DigestScreen`: the New view, `cop digest` in the app: what is new for you since you last looked,
grouped. Opening it moves your last-seen mark in this clone, as `cop digest` does."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from cop.domain.errors import CopError
from cop.domain.insights import DIGEST_GROUPS, Digest
from cop.tui.screens.base import CopScreen
from cop.tui.text import one_line


def render_digest(found: Digest) -> Text:
    text = Text(f"{found.new} new since {found.since[:16].replace('T', ' ')}\n", style="bold")
    for group, heading in DIGEST_GROUPS:
        items = found.group(group)
        if not items:
            continue
        text.append(f"\n{heading} ({len(items)})\n", style="bold")
        for item in items:
            text.append(f"  {one_line(item.id)}  {item.when[:10]}  ", style="dim")
            text.append(one_line(item.title) + "\n")
    return text


class DigestScreen(CopScreen[None]):
    """What is new for the acting member; the mark moves once it is shown."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.found: Digest | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="digest-pane"):
            yield Static("Looking…", id="digest-body")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="digest")
    async def load(self) -> None:
        core = self.cop_app.core
        try:
            self.found = await self.cop_app.runner.call(core.digest)
            await self.cop_app.runner.call(core.mark_digest_seen, self.found.now)
        except CopError as error:
            self.notify(str(error), title="No digest", severity="error")
            return
        self.query_one("#digest-body", Static).update(render_digest(self.found))

    def action_back(self) -> None:
        self.dismiss(None)
