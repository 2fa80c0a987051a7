"""Links between entries in a body: `[[ID]]` or `[[ID|text]]`, found by a pure parser.

The rules (docs/format.md, "Links"):

- the target is an entry id or any prefix of one, 1 to 8 letters and digits, case-insensitive (it is
  resolved like every id prefix in cop: unique, or it is reported as ambiguous);
- `[[...]]` whose inside is not such a target (`[[a wiki page]]`) is plain text, not a link;
- a link lies on one line; `[[` without `]]` on its line is plain text;
- nothing inside a fenced code block (a line opening with three or more backticks or tildes, up to a
  line closing it with at least as many of the same) or an inline code span (`` `[[ab12]]` ``) counts,
  and `\\[[` (a backslash before the brackets) is an escaped, literal `[[`;
- the text after `|` is shown as written (it is cleaned like all user text when shown);
- at most `MAX_LINKS` links per body are read: a body holding more is not a body of links.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: How many links of one body are read (the first ones, in order); more is a generated or hostile body.
MAX_LINKS = 1000
#: The longest `|` text kept (longer is cut): a label, not a paragraph.
MAX_TEXT = 200

_ID_CHARS = r"[0-9A-Za-z]"
_LINK_RE = re.compile(rf"(\\?)\[\[\s*({_ID_CHARS}{{1,8}})\s*(?:\|([^\]\n]*?))?\]\]")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)*?\1", re.S)


@dataclass(frozen=True)
class Link:
    """One link as written: its target (lowercased id prefix), its text (may be empty), its body line
    (1-based) and column (0-based)."""

    target: str
    text: str
    line: int
    column: int = 0

    @property
    def label(self) -> str:
        """What to show for the link: its text, else the target."""
        return self.text or self.target


def _mask_code_spans(line: str) -> str:
    """The line with inline code spans blanked (same length, so columns stay true)."""
    return _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)


def parse_links(body: str, limit: int = MAX_LINKS) -> list[Link]:
    """Every link in `body`, in order (duplicates included), at most `limit`."""
    found: list[Link] = []
    if "[[" not in body:
        return found
    fence: str | None = None
    for number, line in enumerate(body.split("\n"), 1):
        opened = _FENCE_RE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                if not line.strip().lstrip(fence[0]):
                    fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if "[[" not in line:
            continue
        for match in _LINK_RE.finditer(_mask_code_spans(line) if "`" in line else line):
            if match.group(1):  # \[[ is an escaped, literal [[
                continue
            text = (match.group(3) or "").strip()[:MAX_TEXT]
            found.append(Link(match.group(2).lower(), text, number, match.start()))
            if len(found) >= limit:
                return found
    return found


def link_targets(body: str) -> list[str]:
    """The distinct targets `body` links to, in first-seen order."""
    return list(dict.fromkeys(link.target for link in parse_links(body)))


def segments(body: str) -> list[str | Link]:
    """`body` cut into plain text and links, in order: joining the texts and each link's source text
    gives `body` back. A face renders the text its way (escaped HTML, say) and each link as a link."""
    links = parse_links(body)
    if not links:
        return [body] if body else []
    starts = [0]
    for line in body.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    out: list[str | Link] = []
    at = 0
    for link in links:
        begin = starts[link.line - 1] + link.column
        match = _LINK_RE.match(body, begin)
        if match is None:  # cannot happen: the column came from this match
            continue
        if begin > at:
            out.append(body[at:begin])
        out.append(link)
        at = match.end()
    if at < len(body):
        out.append(body[at:])
    return out


def replace_links(body: str, render: Callable[[Link], str]) -> str:
    """`body` with each link (as `parse_links` finds it) replaced by `render(link)`."""
    return "".join(part if isinstance(part, str) else render(part) for part in segments(body))


@dataclass(frozen=True)
class LinkEnd:
    """The entry at the other end of a link, as `cop show` and the TUI reader list it.

    For a link an entry makes: `target` as written, `text` its `|` text, `id` the entry it names
    (None when it names none, `candidates` == 0, or several, `candidates` >= 2). For a backlink:
    the linking entry (`target` is its id)."""

    target: str
    id: str | None
    title: str = ""
    kind: str = ""
    text: str = ""
    candidates: int = 1
    line: int = 0

    @property
    def state(self) -> str:
        """ok | broken | ambiguous"""
        if self.candidates == 1:
            return "ok"
        return "broken" if self.candidates == 0 else "ambiguous"
