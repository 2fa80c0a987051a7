"""Tags: the one rule for how a tag is stored, and for reading tags as people type or write them.

The CLI (`--tag`, `--remove-tag`), the TUI's tag field and the notes import all go through `typed_tag`
(the core applies it), so `#Unit Tests`, `unit tests` and `Unit-Tests` are one tag, `unit-tests`,
whichever face wrote it. The record model stores tags by `normalise_tag`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def normalise_tag(text: str) -> str:
    """A tag as cop stores it: trimmed, lowercase, spaces as '-'."""
    return text.strip().lower().replace(" ", "-")


def typed_tag(text: str) -> str:
    """A tag as typed or written in a note: a leading '#' is dropped, then `normalise_tag`."""
    return normalise_tag(text.strip().lstrip("#"))


def typed_tags(values: Iterable[str]) -> list[str]:
    """`typed_tag` of each value, empties and repeats left out, in order."""
    out: list[str] = []
    for value in values:
        tag = typed_tag(value)
        if tag and tag not in out:
            out.append(tag)
    return out


def split_tags(text: str) -> list[str]:
    """Tags typed in one line (the TUI's field, a note's `tags: a, b c`): commas or spaces between."""
    return typed_tags(re.split(r"[,\s]+", text))
