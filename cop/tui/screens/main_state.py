"""`MainState`: what the main screen's action groups share, declared once as a real base class.

`MainScreen` is this base plus groups of actions kept in their own modules (`WritingActions` in
`writing.py`, `FilterActions` in `list_filters.py`, `NavigationActions` in `navigation.py`, and the
list's paging from the index, `ListPages` in `list_pages.py`); each
subclasses `MainState`, so what they use of the screen is declared here, typed, instead of as
TYPE_CHECKING stubs in each. `MainScreen` implements the methods.

The list's filter state is reactive (Textual `var`: no repaint of its own): assigning `view` loads the
view, assigning `kind`, `tag`, `sort`, `reverse` or `search_query` redraws the list, through the
`watch_*` methods of `MainScreen`. To change several at once with one redraw, set the others with
`set_reactive` and assign the last one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.reactive import var

from cop.tui import views
from cop.tui.screens.base import CopScreen

if TYPE_CHECKING:
    from cop.tui.rows import Row
    from cop.tui.widgets.reader import Loaded


class MainState(CopScreen[None]):
    """The main screen's state and the methods its action groups call."""

    #: the view on show (all, open questions, mine, a community, an author); assigning it loads it,
    #: the same view again too (a reload)
    view: var[views.View] = var(views.ALL, init=False, always_update=True)
    #: the kind and tag filters (None: any)
    kind: var[str | None] = var[str | None](None, init=False)
    tag: var[str | None] = var[str | None](None, init=False)
    #: the sort column (`cop.tui.rows.SORTS`) and whether it is reversed
    sort: var[str] = var("updated", init=False)
    reverse: var[bool] = var(False, init=False)
    #: the full-text query whose hits the list shows ("" when none); assigned after the hits are in,
    #: and on every keystroke in the search box (the live title filter), hence always a redraw
    search_query: var[str] = var("", init=False, always_update=True)

    def __init__(self) -> None:
        super().__init__()
        #: the entry in the reading pane, as read
        self.loaded: Loaded | None = None
        #: full-text hits for `search_query`, when Enter ran a search (the list shows them, not the view)
        self.hits: list[Row] | None = None

    def selected_id(self) -> str | None:
        """The id of the entry under the list's cursor."""
        raise NotImplementedError

    def reload(self, first: bool = False, keep: str | None = None) -> object:
        """Load the view again from the core, keeping the entry `keep` (or the selected one) selected."""
        raise NotImplementedError

    def set_view(self, view: views.View, keep: str | None = None) -> None:
        """Show `view` (with `keep` selected); a full-text search ends."""
        raise NotImplementedError

    def update_status(self, shown: int) -> None:
        """Say in the status line which view, search and filters are on and how many rows show."""
        raise NotImplementedError

    def show_entry(self, entry_id: str | None) -> object:
        """Read an entry and show it in the reading pane (None: empty it)."""
        raise NotImplementedError
