"""`EntryList`: the entry list, drawn a line at a time (Textual's line API) so 100k rows cost nothing.

Only the lines on screen are rendered, and only a window of rows is held: the list knows how many rows
it has (`total`) and holds those from `start` on. When the lines on screen leave the window, it posts
`Wanted` and its screen fetches that window from the index (`fill`); until then those lines show as
loading. A short list (search hits, a person's entries) is held whole (`set_rows`). A DataTable holding
every row measures every cell first (~1.6 s at 10k, see docs/tui.md), which is why this is not one.
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

    class Wanted(Message):
        """Lines on screen are outside the rows held: `limit` rows from position `offset` of the list
        set `generation` are wanted (answer with `fill`)."""

        def __init__(self, entry_list: EntryList, offset: int, limit: int, generation: int) -> None:
            self.entry_list = entry_list
            self.offset = offset
            self.limit = limit
            self.generation = generation
            super().__init__()

        @property
        def control(self) -> EntryList:
            return self.entry_list

    def __init__(self, *, empty_text: str = "No entries here yet.", id: str | None = None) -> None:
        super().__init__(id=id)
        #: the rows held, in order, from position `start` (read by tests and the benchmark probe)
        self.rows: list[Row] = []
        self.start = 0
        #: how many rows the list has, held or not
        self.total = 0
        #: how many rows a `Wanted` asks for (0: `rows` is the whole list, nothing is fetched)
        self.window = 0
        #: bumped by every new list, so a `fill` meant for an older one is dropped
        self.generation = 0
        self.empty_text = empty_text
        self._last_highlighted: str | None = None
        #: the offset of the window asked for last
        self._wanted: int | None = None
        #: the cursor's row, while the list is scrolled away from it (its window may be gone)
        self._held: tuple[int, Row] | None = None

    # -- data ---------------------------------------------------------------------------------------
    @property
    def line_height(self) -> int:
        """Two lines a row when rows carry a search snippet, else one."""
        return 2 if self.rows and self.rows[0].snippet else 1

    def row_at(self, index: int) -> Row | None:
        """The row at a position of the list, when it is held."""
        at = index - self.start
        return self.rows[at] if 0 <= at < len(self.rows) else None

    @property
    def current(self) -> Row | None:
        row = self.row_at(self.cursor)
        if row is None and self._held is not None and self._held[0] == self.cursor:
            return self._held[1]
        return row

    def set_rows(self, rows: list[Row], keep: str | None = None) -> None:
        """Show `rows`, the whole list, keeping the cursor on the entry with id `keep` when it is still
        there."""
        index = 0
        if keep is not None:
            index = next((i for i, r in enumerate(rows) if r.id == keep), min(self.cursor, len(rows) - 1))
        self._show(rows, 0, len(rows), 0, max(0, index))

    def set_page(self, rows: list[Row], offset: int, total: int, cursor: int, window: int) -> None:
        """Show a list of `total` rows of which `rows` are those from `offset`, with the cursor at
        `cursor`; lines outside them are fetched `window` rows at a time as they come on screen."""
        self._show(rows, offset, total, window, cursor)

    def _show(self, rows: list[Row], offset: int, total: int, window: int, cursor: int) -> None:
        self.generation += 1
        self.rows, self.start, self.total, self.window = rows, offset, total, window
        self._wanted = self._held = None
        self._resize_content()
        self.cursor = cursor
        self.refresh()
        self._check_window()

    def fill(self, generation: int, offset: int, rows: list[Row]) -> None:
        """The rows a `Wanted` asked for (dropped when the list has changed since)."""
        if generation != self.generation:
            return
        # `_wanted` stays: rows short of what was asked (the index changed since the count) are not
        # asked for again and again; the reload that follows the change sets a new list
        self.rows, self.start = rows, offset
        self.refresh()
        self._highlight()
        self._check_window()  # the screen may have moved on while they were fetched

    def select_id(self, entry_id: str) -> bool:
        """Move the cursor to an entry among the rows held; False when it is not there."""
        for i, row in enumerate(self.rows):
            if row.id == entry_id:
                self.cursor = self.start + i
                return True
        return False

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.total - 1)) if self.total else 0

    def watch_cursor(self, value: int) -> None:
        lh = self.line_height
        self.scroll_to_region(Region(0, value * lh, 1, lh), animate=False, force=True, immediate=True)
        self.refresh()
        self._check_window()
        self._highlight()

    def _highlight(self) -> None:
        """Say which row the cursor is on, once that row is held (an empty list: None)."""
        row = self.row_at(self.cursor)
        if row is None and self.total:
            return  # its window is on its way: `fill` says it then
        if row is not None:
            self._held = (self.cursor, row)
        row_id = row.id if row else None
        if row_id != self._last_highlighted:
            self._last_highlighted = row_id
            self.post_message(self.Highlighted(self, row))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_window()

    def _check_window(self) -> None:
        """Ask for the window around the lines on screen when they are not all held."""
        if not self.window or not self.total:
            return
        lh = self.line_height
        top = int(self.scroll_offset.y) // lh
        bottom = min(self.total, top + max(1, self.scrollable_content_region.height) // lh + 1)
        if self.start <= top and bottom <= self.start + len(self.rows):
            return
        start = max(0, min(top - (self.window - (bottom - top)) // 2, self.total - self.window))
        if start != self._wanted:
            self._wanted = start
            self.post_message(self.Wanted(self, start, self.window, self.generation))

    # -- keys and mouse ------------------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height // self.line_height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.total - 1

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self, self.current))

    def on_click(self, event: events.Click) -> None:
        index = (event.y + int(self.scroll_offset.y)) // self.line_height
        if 0 <= index < self.total:
            self.cursor = index
            if event.chain >= 2:
                self.action_open()

    def on_resize(self) -> None:
        self._resize_content()
        self._check_window()  # a taller screen may show rows past the window

    def _resize_content(self) -> None:
        """Set the scrollable height to the rows'; a layout pass only when the scrollbar appears or goes."""
        old, new = self.virtual_size, Size(self.size.width, self.total * self.line_height)
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
        if not self.total:
            if y == 1:
                text = Text("  " + self.empty_text, style=self.get_component_rich_style("entry-list--empty"))
                return Strip(self._segments(text, base)).crop_extend(0, width, base)
            return Strip.blank(width, base)
        index, sub = divmod(line, self.line_height)
        if index >= self.total:
            return Strip.blank(width, base)
        row = self.row_at(index)
        if row is None:  # its window is being fetched
            text = Text(" " * (KIND_WIDTH + 1) + "…", style=self.get_component_rich_style("entry-list--dim"))
        else:
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
