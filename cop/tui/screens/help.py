"""`HelpScreen` (`?`): every key of the app, by where it works."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

HELP = """\
# cop: keys

| Anywhere | |
|---|---|
| `ctrl+p` | command palette: every action, switch community, reindex, theme |
| `?` | this help |
| `q` | quit (`ctrl+q` too) |
| `tab` / `shift+tab` | next / previous pane |

| Main screen | |
|---|---|
| `↑` `↓` `pgup` `pgdn` `home` `end` | move in the list (the mouse works too) |
| `enter` | read the selected entry (focus the reading pane) |
| `/` | search box: typing filters titles and tags; `enter` runs a full-text search |
| `escape` | clear the search and the kind and tag filters |
| `k` / `t` | filter by kind / by tag |
| `s` / `S` | cycle the sort column / reverse the order (or click a column title) |
| `n` | new entry |
| `e` / `E` | edit the selected entry in a form / in `$EDITOR` |
| `a` | answer the selected question |
| `A` | accept the selected answer (on a question: pick which answer) |
| `d` | delete the selected entry (asks first) |
| `m` / `p` | mentorships / people |
| `f5` | rebuild the index from the files |

| Forms | |
|---|---|
| `ctrl+s` | save |
| `escape` | leave the text area, then cancel |

| Mentorships | |
|---|---|
| `l` | log a session for the selected mentorship |
| `g`, then `space` | tick or untick a goal |
| `escape` | back |

| People | |
|---|---|
| `enter` on an entry | open it in the main list |
| `escape` | back |

The list refreshes by itself when files change (another `cop`, `git pull`, an editor).
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)
        yield Footer()
