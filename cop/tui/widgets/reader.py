"""`Reader`: the reading pane: an entry's metadata, its Markdown body, and a question's answers.

Bodies are untrusted: control bytes are made visible before rendering, titles and names are `Text`
objects (markup in them never applies), and a body past `LARGE_BODY` characters is shown as plain text
in a read-only TextArea, because the Markdown widget parses the whole document up front.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Markdown, Static, TextArea

from cop.models import Entry
from cop.tui.text import clean, day, one_line, tag_list

LARGE_BODY = 200_000


@dataclass
class Loaded:
    """An entry ready to read: with its body, its answers (bodies too) and, for an answer, its question."""

    entry: Entry
    answers: list[Entry] = field(default_factory=list)
    question: Entry | None = None


def metadata(loaded: Loaded) -> Text:
    """The header above the body: title, then who/when/where, tags, and question state."""
    entry = loaded.entry
    out = Text()
    out.append(one_line(entry.title) + "\n", style="bold")
    out.append(entry.kind, style="bold cyan")
    out.append(f" · {one_line(entry.community)} · by {one_line(entry.author or '?')}", style="dim")
    out.append(f" · {day(entry.created)}", style="dim")
    if entry.updated and day(entry.updated) != day(entry.created):
        out.append(f" · updated {day(entry.updated)}", style="dim")
    if entry.status != "published":
        out.append(f" · {entry.status}", style="yellow")
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
    out.append(f"\nid {entry.id}", style="dim")
    return out


def body_widget(body: str, classes: str = "body") -> Widget:
    """Markdown for a normal body; a read-only plain TextArea for a huge one (opens instantly)."""
    text = clean(body)
    if len(text) > LARGE_BODY:
        return TextArea(text, read_only=True, soft_wrap=True, classes=f"{classes} large-body")
    return Markdown(text or "*(no body)*", classes=classes)


class Reader(VerticalScroll, can_focus=True):
    """Shows one entry; empty until the list highlights something."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        #: the id of the entry on show ("" for none)
        self.entry_id = ""
        self._showing = asyncio.Lock()

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Nothing selected. Pick an entry in the list.", style="dim italic"), classes="meta")

    async def show(self, loaded: Loaded | None) -> None:
        """Replace what is shown (None: the 'nothing selected' note); one replacement at a time."""
        async with self._showing:
            await self._show(loaded)

    async def _show(self, loaded: Loaded | None) -> None:
        keep_scroll = loaded is not None and loaded.entry.id == self.entry_id
        y = self.scroll_y
        await self.remove_children()
        if loaded is None:
            self.entry_id = ""
            await self.mount(Static(Text("Nothing to show here.", style="dim italic"), classes="meta"))
            return
        self.entry_id = loaded.entry.id
        widgets: list[Widget] = [Static(metadata(loaded), classes="meta")]
        if len(loaded.entry.body) > LARGE_BODY:
            size = len(loaded.entry.body) // 1000
            note = f"A large body ({size:,} KB): shown as plain text."
            widgets.append(Static(Text(note, style="italic yellow"), classes="note"))
        widgets.append(body_widget(loaded.entry.body))
        for answer in loaded.answers:
            accepted = loaded.entry.accepted == answer.id
            head = Text()
            head.append(
                "✓ Accepted answer" if accepted else "Answer", style="bold green" if accepted else "bold"
            )
            head.append(
                f" · by {one_line(answer.author or '?')} · {day(answer.created)} · id {answer.id}", "dim"
            )
            widgets.append(Static(head, classes="answer-head" + (" accepted" if accepted else "")))
            widgets.append(body_widget(answer.body, "answer-body"))
        await self.mount_all(widgets)
        self.scroll_to(y=y if keep_scroll else 0, animate=False)
