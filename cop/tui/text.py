"""Untrusted text made safe for the screen, and the small formats every view shares (dates, tags).

Titles, bodies, names and tags come from shared files: they are always wrapped in `rich.text.Text`
(never interpolated into markup), and every piece of it reaches the screen through `clean()` here, which
applies `cop.domain.text.visible` (the CLI's rules too): control characters become visible `\\xNN`
escapes, bidi overrides and zero-width characters `\\uNNNN`.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter

from cop.domain.text import is_safe, visible, without_unsafe


def clean(text: str) -> str:
    """Control, bidi and zero-width characters made visible, so they cannot drive or fool the terminal."""
    return visible(text)


def one_line(text: str) -> str:
    """Cleaned text on a single line (newlines and tabs become spaces)."""
    return clean(text).replace("\n", " ").replace("\t", " ")


def markup_safe(text: str) -> str:
    """Cleaned, one-line text for an API that reads Textual markup (the command palette's titles)."""
    from textual.markup import escape

    return escape(one_line(text))


def plain(text: str, style: str = "") -> Text:
    """A Text holding `text` literally: markup in it is never applied."""
    return Text(one_line(text), style=style, no_wrap=True, overflow="ellipsis")


def day(timestamp: str) -> str:
    """The date part of a stored timestamp (`2026-05-04T09:30:00Z` -> `2026-05-04`), cleaned."""
    return one_line(timestamp[:10])


def tag_list(tags: list[str]) -> str:
    """Tags as `#a #b`, cleaned (each on one line)."""
    return " ".join(f"#{one_line(t)}" for t in tags)


#: characters a line of a side list may take (the mentorship, people, events lists are 34 cells: borders,
#: padding, scrollbar)
SUMMARY_WIDTH = 29


def fit(text: str, width: int = SUMMARY_WIDTH) -> str:
    """Cut to `width` with an ellipsis (OptionList would wrap a long line onto the next)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def highlighted(snippet: str, start: str, end: str, style: str = "bold reverse") -> Text:
    """A search snippet with the matched words between `start`/`end` markers shown in `style`."""
    out = Text(no_wrap=True, overflow="ellipsis")
    pattern = re.compile(re.escape(start) + "(.*?)" + re.escape(end), re.DOTALL)
    position = 0
    for match in pattern.finditer(snippet):
        out.append(one_line(snippet[position : match.start()]))
        out.append(one_line(match.group(1)), style=style)
        position = match.end()
    out.append(one_line(snippet[position:].replace(start, "").replace(end, "")))
    return out


class InertText(LineFilter):
    """The last guard, applied by Textual to every line of every widget: a control, bidi or zero-width
    character that reached a segment without going through `clean()` is dropped (not escaped: it has no
    width, and the line's cells must not move), so it never reaches the terminal."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(is_safe(s.text) for s in segments):
            return segments
        return [Segment(without_unsafe(s.text), s.style, s.control) for s in segments]
