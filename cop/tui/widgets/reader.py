"""`Reader`: the reading pane: an entry's metadata, its Markdown body, and a question's answers.

Bodies are untrusted: control bytes are made visible before rendering, titles and names are `Text`
objects (markup in them never applies), and a body past `MARKDOWN_LIMIT` characters is shown as plain
text in a read-only TextArea, cut at `LARGE_BODY` (see the two constants for why).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cop.domain.errors import CopError
from cop.domain.expertise import Expert, points_text
from cop.domain.links import LinkEnd
from cop.domain.models import Entry
from cop.tui.text import clean, day, one_line, tag_list

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from cop.core import Cop
    from cop.tui.app import CopApp

#: bodies longer than this are shown as plain text: the Markdown widget mounts a widget per block on the
#: UI thread (~40 ms per KB of short paragraphs, 13 s for 190 KB), a read-only TextArea takes ~0.3 s
MARKDOWN_LIMIT = 20_000
#: plain text is cut here: even a TextArea lays out every line when it mounts (4-7 s for 10 MB)
LARGE_BODY = 200_000


@dataclass
class Loaded:
    """An entry ready to read: with its body, its answers (bodies too) and, for an answer, its question."""

    entry: Entry
    answers: list[Entry] = field(default_factory=list)
    question: Entry | None = None
    #: the entries the body links to (`[[ID]]`), and the entries linking to this one
    links: list[LinkEnd] = field(default_factory=list)
    backlinks: list[LinkEnd] = field(default_factory=list)
    #: for an obsolete entry: the entry that supersedes it, when it names one that exists
    newer: Entry | None = None
    #: for a question: the likely experts for its tags (`cop ask` names the same ones)
    experts: list[Expert] = field(default_factory=list)


def load(core: Cop, entry_id: str) -> Loaded:
    """(core thread) An entry with its answers' bodies, or an answer with its question."""
    thread = core.thread(entry_id)
    entry = thread.entry
    loaded = Loaded(entry, thread.answers, thread.question)
    loaded.newer = core.superseding(entry)
    try:
        loaded.links = core.links_from(entry)
        loaded.backlinks = core.links_to(entry)
    except CopError:  # the entry still shows; `cop doctor` tells what is wrong
        pass
    if entry.kind == "question" and entry.tags:
        loaded.experts = core.experts_for_tags(entry.tags, community=entry.community, asker=entry.author)
    return loaded


def link_options(loaded: Loaded) -> list[Option]:
    """The links list under the body: → what the body links to, ← what links here. A link that names
    no entry (or several) is listed, disabled, with why."""
    options = []
    for end in loaded.links:
        prompt = Text("→ ", style="bold")
        if end.id is None:
            why = "no such entry" if end.state == "broken" else f"names {end.candidates} entries"
            prompt.append(f"[[{one_line(end.target)}]] ({why})", style="red")
            options.append(Option(prompt, disabled=True))
            continue
        prompt.append(one_line(end.title))
        prompt.append(f"  {one_line(end.kind)} · {end.id}", style="dim")
        options.append(Option(prompt, id=f"to:{end.id}"))
    for end in loaded.backlinks:
        prompt = Text("← ", style="bold")
        prompt.append(one_line(end.title))
        prompt.append(f"  {one_line(end.kind)} · {end.id}", style="dim")
        options.append(Option(prompt, id=f"from:{end.id}"))
    return options


def metadata(loaded: Loaded) -> Text:
    """The header above the body: title, then who/when/where, tags, and question state."""
    entry = loaded.entry
    out = Text()
    if entry.status == "obsolete":  # first, before the title: nobody should act on it unawares
        out.append("⚠ Obsolete", style="bold reverse yellow")
        if loaded.newer is not None:
            out.append(
                f" superseded by {one_line(loaded.newer.title)} ({loaded.newer.id})", style="bold yellow"
            )
        elif entry.superseded_by:
            out.append(f" superseded by {one_line(entry.superseded_by)}", style="bold yellow")
        out.append("\n")
    out.append(one_line(entry.title) + "\n", style="bold")
    out.append(one_line(entry.kind), style="bold cyan")
    out.append(f" · {one_line(entry.community)} · by {one_line(entry.author or '?')}", style="dim")
    out.append(f" · {day(entry.created)}", style="dim")
    if entry.updated and day(entry.updated) != day(entry.created):
        out.append(f" · updated {day(entry.updated)}", style="dim")
    if entry.status != "published":
        out.append(f" · {one_line(entry.status)}", style="yellow")
    if entry.tags:
        out.append("\n" + one_line(tag_list(entry.tags)), style="magenta")
    if entry.url:
        out.append("\n" + one_line(entry.url), style="underline")
    if entry.kind == "question":
        count = len(loaded.answers)
        state = "accepted answer" if entry.accepted else "no accepted answer yet"
        out.append(
            f"\n{count} answer{'s' if count != 1 else ''} · {state}", style="green" if entry.accepted else ""
        )
    if loaded.question is not None:
        out.append("\nanswers: ", style="dim")
        out.append(one_line(loaded.question.title))
        if loaded.question.accepted == entry.id:
            out.append("  ✓ accepted", style="green")
    if loaded.experts:
        out.append("\nlikely experts: ", style="dim")
        for n, expert in enumerate(loaded.experts):
            out.append(", " if n else "")
            out.append(f"@{one_line(expert.handle)}", style="bold")
            out.append(f" ({points_text(expert.score)}: {one_line(expert.why())})", style="dim")
    if entry.endorsements:
        count = len(entry.endorsements)
        out.append(f"\n▲ {count} endorsement{'s' * (count != 1)}: ", style="green")
        out.append(one_line(", ".join(entry.endorsements)), style="dim")
    if entry.verified:
        last = max(entry.verified, key=lambda v: v.date)
        out.append(f"\n✓ verified {last.date} by {one_line(last.by)}", style="green")
        if entry.review:
            out.append(f" · review {entry.review}", style="dim")
    elif entry.status == "published" and entry.kind != "question":
        out.append("\nnever verified", style="dim")
    out.append(f"\nid {one_line(entry.id)}", style="dim")
    return out


def body_widget(body: str, classes: str = "body") -> Widget:
    """Markdown for a normal body; a read-only plain TextArea for a long one (opens at once)."""
    # Imported here, not at the top: markdown-it and the TextArea cost ~0.1 s of import before the
    # first paint, and the list shows before any body does; the TextArea only for a long body.
    if len(body) > MARKDOWN_LIMIT:
        from textual.widgets import TextArea

        text = clean(body[:LARGE_BODY])
        return TextArea(text, read_only=True, soft_wrap=True, classes=f"{classes} large-body")
    from textual.widgets import Markdown

    return Markdown(clean(body) or "*(no body)*", classes=classes)


class Reader(VerticalScroll, can_focus=True):
    """Shows one entry; empty until the list highlights something. Its links list follows a link
    (enter or a click) and backspace or `[` goes back to the entry read before."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "links", "Links", show=False),
        Binding("backspace", "back", "Back", show=False),
        Binding("left_square_bracket", "back", "Back", show=False),
    ]

    class Followed(Message):
        """The reader now shows another entry than the list's (a link followed, or back)."""

        def __init__(self, loaded: Loaded) -> None:
            super().__init__()
            self.loaded = loaded

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        #: the id of the entry on show ("" for none)
        self.entry_id = ""
        self.loaded: Loaded | None = None
        #: the entries read before, for back (a list pick starts afresh)
        self.history: list[Loaded] = []
        self._showing = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield Static(Text("Nothing selected. Pick an entry in the list.", style="dim italic"), classes="meta")

    async def show(self, loaded: Loaded | None) -> None:
        """Replace what is shown (None: the 'nothing selected' note); one replacement at a time."""
        async with self._showing:
            if loaded is None or loaded.entry.id != self.entry_id:
                self.history.clear()
            await self._show(loaded)

    @on(OptionList.OptionSelected, "#links")
    async def _on_link(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            await self.follow(event.option.id.partition(":")[2])

    async def follow(self, entry_id: str) -> None:
        """Show the entry `entry_id` (a link's), remembering this one for back."""
        app = cast("CopApp", self.app)
        try:
            loaded = await app.runner.call(load, app.core, entry_id)
        except CopError as error:
            self.notify(clean(str(error)), title="Could not follow the link", severity="error")
            return
        async with self._showing:
            if self.loaded is not None:
                self.history.append(self.loaded)
            await self._show(loaded)
        self.post_message(self.Followed(loaded))

    async def action_back(self) -> None:
        """Back to the entry read before the last link followed."""
        if not self.history:
            self.notify("Nothing to go back to: follow a link first.", severity="information")
            return
        async with self._showing:
            loaded = self.history.pop()
            await self._show(loaded)
        self.post_message(self.Followed(loaded))

    def action_links(self) -> None:
        """Focus the links list (enter follows the highlighted link)."""
        found = self.query("#links")
        if found:
            found.first().focus()
        else:
            self.notify("This entry has no links.", severity="information")

    async def _show(self, loaded: Loaded | None) -> None:
        keep_scroll = loaded is not None and loaded.entry.id == self.entry_id
        y = self.scroll_y
        await self.remove_children()
        self.loaded = loaded
        if loaded is None:
            self.entry_id = ""
            await self.mount(Static(Text("Nothing to show here.", style="dim italic"), classes="meta"))
            return
        self.entry_id = loaded.entry.id
        widgets: list[Widget] = [Static(metadata(loaded), classes="meta")]
        size = len(loaded.entry.body)
        if size > MARKDOWN_LIMIT:
            note = f"A long body ({size // 1000:,} KB): shown as plain text"
            if size > LARGE_BODY:
                note += f", its first {LARGE_BODY // 1000:,} KB; E opens the whole file in your editor"
            widgets.append(Static(Text(note + ".", style="italic yellow"), classes="note"))
        widgets.append(body_widget(loaded.entry.body))
        for answer in loaded.answers:
            accepted = loaded.entry.accepted == answer.id
            head = Text()
            head.append(
                "✓ Accepted answer" if accepted else "Answer", style="bold green" if accepted else "bold"
            )
            head.append(
                f" · by {one_line(answer.author or '?')} · {day(answer.created)} · id {one_line(answer.id)}",
                "dim",
            )
            widgets.append(Static(head, classes="answer-head" + (" accepted" if accepted else "")))
            widgets.append(body_widget(answer.body, "answer-body"))
        options = link_options(loaded)
        if options:
            head = Text(f"Links ({len(loaded.links)} out, {len(loaded.backlinks)} in)", style="bold")
            head.append("  l: to the list · enter: follow · backspace: back", style="dim")
            widgets.append(Static(head, classes="links-head"))
            widgets.append(OptionList(*options, id="links", classes="links"))
        await self.mount_all(widgets)
        self.scroll_to(y=y if keep_scroll else 0, animate=False)
