"""Untrusted text made safe for the screen, and the small formats every view shares (dates, tags).

Titles, bodies, names and tags come from shared files: they are always wrapped in `rich.text.Text`
(never interpolated into markup) and control characters become visible `\\xNN` escapes.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0/C1 control characters (ANSI escapes start with ESC) except newline and tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Control bytes become visible `\\xNN` escapes, so they cannot drive the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
    """Cleaned text on a single line (newlines and tabs become spaces)."""
    return clean(text).replace("\n", " ").replace("\t", " ")


def plain(text: str, style: str = "") -> Text:
    """A Text holding `text` literally: markup in it is never applied."""
    return Text(one_line(text), style=style, no_wrap=True, overflow="ellipsis")


def day(timestamp: str) -> str:
    """The date part of a stored timestamp (`2026-05-04T09:30:00Z` -> `2026-05-04`)."""
    return timestamp[:10]


def tag_list(tags: list[str]) -> str:
    return " ".join(f"#{t}" for t in tags)


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
