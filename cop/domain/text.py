"""The character rules that make untrusted text (titles, tags, handles, bodies) inert on a terminal.

One function for every face: the CLI (`cop.commands.output`) and the TUI (`cop.tui.text`) both call
`visible()`, so what a teammate's file can do to a screen is decided here and nowhere else. No Rich or
Textual import: the rules are plain string work.

- C0 and C1 control characters (ESC starts every ANSI/OSC sequence: window titles, OSC 52 clipboard
  writes, cursor moves), and DEL, become `\\xNN`; newline and tab are kept (callers that need one line
  replace them).
- Bidirectional overrides, embeddings, isolates and marks (Trojan Source: a title that reads differently
  from what it holds) and zero-width characters (a handle that looks like another) become `\\uNNNN`, so
  they are visible instead of reordering or hiding text.
"""

from __future__ import annotations

import re

#: C0/C1 control characters except newline and tab, and DEL
CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
#: bidi embeddings/overrides (U+202A-E), isolates (U+2066-9), marks (ALM, LRM, RLM)
BIDI = "\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f"
#: zero-width space, non-joiner, joiner, word joiner, byte-order mark
ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"

_CONTROL = re.compile(f"[{CONTROL}]")
_INVISIBLE = re.compile(f"[{BIDI}{ZERO_WIDTH}]")
_UNSAFE = re.compile(f"[{CONTROL}{BIDI}{ZERO_WIDTH}]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control, bidi and zero-width character written out as a visible escape."""
    return _UNSAFE.sub(_shown, text)


def is_safe(text: str) -> bool:
    """True when `text` holds nothing `visible()` would change."""
    return _UNSAFE.search(text) is None


def without_unsafe(text: str) -> str:
    """`text` with every control, bidi and zero-width character removed (for a last-line guard where an
    escape would not fit; `visible()` is what people should see)."""
    return _UNSAFE.sub("", text)


def json_safe(text: str) -> str:
    """Serialized JSON with the same characters as `\\uNNNN` escapes: the same data, inert on a
    terminal (`json.dumps(ensure_ascii=False)` leaves C1 controls and bidi characters raw)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
