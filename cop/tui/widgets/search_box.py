"""`SearchBox`: the main screen's filter box."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchBox(Input):
    """The filter box: an Input whose growing text does not lay out the whole screen on each key
    (Input's `virtual_size` would: ~25 ms of a ~135 ms keystroke at 10k; the box's own size is fixed)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
