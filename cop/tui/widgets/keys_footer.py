"""`KeysFooter`: Textual's footer of keys, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.app import ComposeResult


class KeysFooter(Footer):
    """Textual's `Footer`, which rebuilds itself (a widget per key) each time the screen says its
    bindings may have changed: every focus change, the screen's resume, the app's focus. The main
    screen's start-up said so five times in a row, each rebuild the same keys again and ~20-25 ms of
    the UI thread at 10k entries, while the list's first frame and the view's page waited. This one
    rebuilds only when what it would show differs from what it shows."""

    def __init__(self) -> None:
        super().__init__()
        #: what the last build showed, None before the first
        self._shown: tuple[object, ...] | None = None
        # Textual's footer composes nothing until the screen first says its bindings changed, which it
        # does before the first frame, but the footer builds its keys only after that frame (and the
        # screen is laid out and drawn again); this one builds them as it mounts, in the first frame
        self.set_reactive(Footer._bindings_ready, True)

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    def _keys(self) -> tuple[object, ...]:
        """Everything `Footer.compose` reads: the screen's active bindings as shown, how each key is
        displayed, and the footer's own settings."""
        active = self.screen.active_bindings
        keys = tuple(
            (binding, self.app.get_key_display(binding), enabled, tooltip)
            for _, binding, enabled, tooltip in active.values()
            if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return (keys, palette, self.compact, self.show_command_palette, self.combine_groups)

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
