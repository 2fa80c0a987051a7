"""`HelpScreen` (`?`): every key of the app, by where it works, compact enough for 80x24."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

#: (where, [(keys, what they do)]): docs/tui.md lists the same keys
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Anywhere",
        [
            ("ctrl+p", "command palette: every action, switch community, reindex, theme"),
            ("?", "this help"),
            ("q / ctrl+q", "quit"),
            ("tab / shift+tab", "next / previous pane"),
        ],
    ),
    (
        "Main screen",
        [
            ("↑ ↓ pgup pgdn home end", "move in the list (the mouse works too)"),
            ("enter", "read the selected entry (focus the reading pane)"),
            ("/", "search box: typing filters titles and tags; enter runs a full-text search; ↓ to the list"),
            ("escape", "clear the search and the kind and tag filters"),
            ("k / t", "filter by kind / by tag"),
            ("s / S", "cycle the sort column / reverse the order (or click a column title)"),
            ("n", "new entry"),
            ("e / E", "edit the selected entry in a form / in $EDITOR"),
            ("a", "answer the selected question"),
            ("A", "accept the selected answer (on a question: pick which answer)"),
            ("d", "delete the selected entry (asks first)"),
            ("m / p", "mentorships / people"),
            ("x", "experts: type a topic, see who knows it and why; enter opens the person"),
            ("N / i", "what is new for you since you last looked (moves the mark) / insights"),
            ("R", "review queue: v verify, e edit, o mark obsolete, M only mine, enter open in the list"),
            ("+", "endorse the selected entry (again: take the endorsement back)"),
            ("v / P", "events (a attend, u unattend, p past) / projects (j join, l leave)"),
            ("o", "onboarding paths: s start the path, d mark your next step done"),
            ("f5", "rebuild the index from the files"),
            ("l", "reading pane: to its links list ([[ID]] links out, entries linking in)"),
            ("enter / click", "links list: follow the highlighted link"),
            ("backspace / [", "reading pane: back to the entry read before the link"),
        ],
    ),
    (
        "Forms",
        [
            ("tab / shift+tab", "next / previous field (in the body too: it does not indent)"),
            ("ctrl+s", "save"),
            ("escape", "cancel (asks before dropping anything you typed)"),
        ],
    ),
    (
        "Mentorships",
        [
            ("l", "log a session for the selected mentorship"),
            ("g, then space", "tick or untick a goal"),
            ("escape", "back"),
        ],
    ),
    ("People", [("enter", "into their entries; enter on one opens it in the main list"), ("escape", "back")]),
    ("Experts", [("enter", "rank for the topic typed / open the highlighted person"), ("escape", "back")]),
]
KEY_WIDTH = 24


def help_table() -> Table:
    """Two columns (keys, what they do); a long description wraps under itself, not under the keys."""
    table = Table.grid(padding=(0, 2))
    table.add_column(width=KEY_WIDTH, style="bold cyan", no_wrap=True)
    table.add_column(ratio=1)
    table.add_row(Text("cop: keys", style="bold underline"), "")
    for where, keys in KEYS:
        table.add_row("", "")
        table.add_row(Text(where, style="bold"), "")
        for key, what in keys:
            table.add_row("  " + key, what)
    table.add_row("", "")
    table.add_row(
        "", Text("The list refreshes by itself when files change (another cop, git pull, an editor).", "dim")
    )
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_table())
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Help"
        self.query_one("#help").focus()
