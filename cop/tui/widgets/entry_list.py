"""`EntryList`: the entry list, drawn a line at a time (Textual's line API) so 100k rows cost nothing.

The rows live in a plain Python list; only the lines on screen are rendered. A DataTable holding every
row measures every cell first (~1.6 s at 10k, see docs/tui.md), which is why this is not one.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from cop.domain.filters import HIGHLIGHT_END, HIGHLIGHT_START
from cop.tui.rows import NEWEST_FIRST, Row
from cop.tui.text import day, highlighted, one_line, tag_list

KIND_WIDTH = 13
AUTHOR_WIDTH = 10
DATE_WIDTH = 10
TAGS_WIDTH = 22
#: the endorsement count: "★ 12" fits, and the header's "★ ▼" when it sorts
ENDORSED_WIDTH = 4
COLUMNS = ("kind", "title", "tags", "endorsements", "author", "updated")
#: the header of each column (the name, unless it says it shorter)
LABELS = {"endorsements": "★"}


def column_widths(width: int) -> dict[str, int]:
    """How wide each column is at this width: the endorsement count, then tags, then author give way
    first on a narrow screen."""
    widths = {
        "kind": KIND_WIDTH,
        "tags": TAGS_WIDTH,
        "endorsements": ENDORSED_WIDTH,
        "author": AUTHOR_WIDTH,
        "updated": DATE_WIDTH,
    }
    for dropped in ("endorsements", "tags", "author"):
        if width - sum(widths.values()) - len(widths) >= 24:
            break
        widths[dropped] = 0
    widths["title"] = max(8, width - sum(widths.values()) - sum(1 for w in widths.values() if w))
    return widths


class EntryList(ScrollView, can_focus=True):
    """A keyboard- and mouse-driven list of entries; only visible lines are rendered."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "open", "Read", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entry-list--cursor",
        "entry-list--kind",
        "entry-list--dim",
        "entry-list--tags",
        "entry-list--accepted",
        "entry-list--empty",
    }

    DEFAULT_CSS = """
    EntryList { background: $surface; }
    EntryList > .entry-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    EntryList:blur > .entry-list--cursor { background: $block-cursor-blurred-background; }
    EntryList > .entry-list--kind { color: $accent; }
    EntryList > .entry-list--dim { color: $text-muted; }
    EntryList > .entry-list--tags { color: $secondary; }
    EntryList > .entry-list--accepted { color: $success; }
    EntryList > .entry-list--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    #: Widget's own `virtual_size` lays out the whole screen when it changes; a filter keystroke changes
    #: it, yet the list's region stays put: `_resize_content` does only what is needed instead
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    class Highlighted(Message):
        """The cursor moved to a row (or the list became empty: row is None)."""

        def __init__(self, entry_list: EntryList, row: Row | None) -> None:
            self.entry_list = entry_list
            self.row = row
            super().__init__()

        @property
        def control(self) -> EntryList:
            """The list that sent it (what `@on(..., "#selector")` matches)."""
            return self.entry_list

    class Opened(Message):
        """Enter or a double click on a row: read it."""

        def __init__(self, entry_list: EntryList, row: Row) -> None:
            self.entry_list = entry_list
            self.row = row
            super().__init__()

        @property
        def control(self) -> EntryList:
            return self.entry_list

    def __init__(self, *, empty_text: str = "No entries here yet.", id: str | None = None) -> None:
        super().__init__(id=id)
        #: the rows shown, in order (read by tests and the benchmark probe)
        self.rows: list[Row] = []
        self.empty_text = empty_text
        self._last_highlighted: str | None = None

    # -- data ---------------------------------------------------------------------------------------
    @property
    def line_height(self) -> int:
        """Two lines a row when rows carry a search snippet, else one."""
        return 2 if self.rows and self.rows[0].snippet else 1

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_rows(self, rows: list[Row], keep: str | None = None) -> None:
        """Show `rows`, keeping the cursor on the entry with id `keep` when it is still there."""
        self.rows = rows
        index = 0
        if keep is not None:
            index = next((i for i, r in enumerate(rows) if r.id == keep), min(self.cursor, len(rows) - 1))
        self._resize_content()
        self.cursor = max(0, index)
        self.refresh()

    def select_id(self, entry_id: str) -> bool:
        """Move the cursor to an entry; False when it is not in the list."""
        for i, row in enumerate(self.rows):
            if row.id == entry_id:
                self.cursor = i
                return True
        return False

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, value: int) -> None:
        lh = self.line_height
        self.scroll_to_region(Region(0, value * lh, 1, lh), animate=False, force=True, immediate=True)
        self.refresh()
        row = self.current
        row_id = row.id if row else None
        if row_id != self._last_highlighted:
            self._last_highlighted = row_id
            self.post_message(self.Highlighted(self, row))

    # -- keys and mouse ------------------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height // self.line_height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self, self.current))

    def on_click(self, event: events.Click) -> None:
        index = (event.y + int(self.scroll_offset.y)) // self.line_height
        if 0 <= index < len(self.rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_open()

    def on_resize(self) -> None:
        self._resize_content()

    def _resize_content(self) -> None:
        """Set the scrollable height to the rows'; a layout pass only when the scrollbar appears or goes."""
        old, new = self.virtual_size, Size(self.size.width, len(self.rows) * self.line_height)
        if new == old:
            return
        height = self.container_size.height
        self.virtual_size = new
        if (old.height > height) != (new.height > height) or not height:
            self.refresh(layout=True)
        else:
            self._scroll_update(new)  # what a layout pass would do for a ScrollView whose region is unchanged
            self.refresh()

    # -- drawing -------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = int(self.scroll_offset.y) + y
        if not self.rows:
            if y == 1:
                text = Text("  " + self.empty_text, style=self.get_component_rich_style("entry-list--empty"))
                return Strip(self._segments(text, base)).crop_extend(0, width, base)
            return Strip.blank(width, base)
        index, sub = divmod(line, self.line_height)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        text = self._snippet_text(row, width) if sub else self._row_text(row, width)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("entry-list--cursor")
            text.stylize(self.get_component_rich_style("entry-list--cursor"))
        return Strip(self._segments(text, base)).crop_extend(0, width, style)

    def _segments(self, text: Text, base: Style) -> list[Segment]:
        """`text` as segments that all carry a style: Textual's filters (NO_COLOR's monochrome one)
        read every segment's style and fail on None."""
        return [Segment(s.text, base + s.style if s.style else base) for s in text.render(self.app.console)]

    def _row_text(self, row: Row, width: int) -> Text:
        widths = column_widths(width)
        dim = self.get_component_rich_style("entry-list--dim")
        kind = one_line(row.kind) + (" ✓" if row.accepted else "")
        cells: list[tuple[str, Style, str]] = [
            ("kind", self.get_component_rich_style("entry-list--kind"), kind),
            ("title", Style(), one_line(row.title)),
            ("tags", self.get_component_rich_style("entry-list--tags"), tag_list(row.tags)),
            ("endorsements", dim, f"★{row.endorsements:>3}" if row.endorsements else ""),
            ("author", dim, one_line(row.author)),
            ("updated", dim, day(row.updated)),
        ]
        out = Text(no_wrap=True, overflow="ellipsis")
        for name, style, value in cells:
            size = widths[name]
            if not size:
                continue
            cell = Text(value, style=style, no_wrap=True, overflow="ellipsis")
            cell.truncate(size, overflow="ellipsis", pad=True)
            out.append_text(cell)
            out.append(" ")
        return out

    def _snippet_text(self, row: Row, width: int) -> Text:
        text = Text(" " * (KIND_WIDTH + 1), no_wrap=True)
        snippet = highlighted(row.snippet, HIGHLIGHT_START, HIGHLIGHT_END)
        snippet.stylize(self.get_component_rich_style("entry-list--dim"))
        text.append_text(snippet)
        text.truncate(width, overflow="ellipsis")
        return text


class ColumnHeader(Widget):
    """The list's column titles; the sort column is marked, and a click on a title sorts by it."""

    DEFAULT_CSS = """
    ColumnHeader { height: 1; background: $panel; color: $text-muted; text-style: bold; }
    """

    class SortClicked(Message):
        def __init__(self, column: str) -> None:
            self.column = column
            super().__init__()

    sort: reactive[tuple[str, bool]] = reactive(("updated", False))

    def render(self) -> Text:
        widths = column_widths(self.size.width)
        key, reverse = self.sort
        out = Text(no_wrap=True, overflow="ellipsis")
        for name in COLUMNS:
            if not widths[name]:
                continue
            label = LABELS.get(name, name)
            if name == key:
                label += " ▲" if (key in NEWEST_FIRST) == reverse else " ▼"
            cell = Text(label)
            cell.truncate(widths[name], pad=True)
            out.append_text(cell)
            out.append(" ")
        return out

    def on_click(self, event: events.Click) -> None:
        widths = column_widths(self.size.width)
        x = 0
        for name in COLUMNS:
            if not widths[name]:
                continue
            if x <= event.x < x + widths[name] + 1:
                self.post_message(self.SortClicked(name))
                return
            x += widths[name] + 1
