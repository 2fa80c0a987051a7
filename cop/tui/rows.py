"""`Row`: one line of the entry list, built from a core `Entry` or a search hit; sorting and live filter.

Plain Python on purpose: the list holds up to 100k of these, and filtering or sorting them must stay a
few milliseconds of list work on the UI thread (no store I/O).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cop.domain.filters import SearchRow
    from cop.domain.models import Entry

#: sort keys in the order `s` cycles through them, with the direction each starts in
SORTS: tuple[str, ...] = ("updated", "created", "title", "kind", "author", "endorsements")
#: keys whose first direction is the biggest first (newest, most endorsed)
NEWEST_FIRST = {"updated", "created", "endorsements"}


@dataclass(slots=True)
class Row:
    id: str
    kind: str
    title: str
    community: str
    author: str
    tags: list[str]
    created: str
    updated: str
    accepted: str = ""
    question: str = ""
    snippet: str = ""
    #: how many members vouch for it (a search hit carries none: 0)
    endorsements: int = 0
    #: lower-cased title and tags: what the live filter matches against
    haystack: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if not self.haystack:
            # "title #tag1 #tag2": a word without spaces matches it exactly when it matches the title, a
            # tag or "#tag" (one join, no generator: it runs for every row of a 100k load)
            self.haystack = " #".join([self.title, *self.tags]).casefold()

    @classmethod
    def of_entry(cls, entry: Entry) -> Row:
        return cls(
            id=entry.id,
            kind=entry.kind,
            title=entry.title,
            community=entry.community,
            author=entry.author,
            tags=list(entry.tags),
            created=entry.created,
            updated=entry.updated or entry.created,
            accepted=entry.accepted,
            question=entry.question,
            endorsements=len(entry.endorsements),
        )

    @classmethod
    def of_hit(cls, hit: SearchRow) -> Row:
        return cls(
            id=hit.id,
            kind=hit.kind,
            title=hit.title,
            community=hit.community,
            author=hit.author,
            tags=list(hit.tags),
            created=hit.updated,
            updated=hit.updated,
            snippet=hit.snippet,
        )


def sort_rows(rows: list[Row], key: str, reverse: bool = False) -> list[Row]:
    """Rows sorted by `key` (dates newest first, text A-Z); `reverse` flips that."""
    if key in NEWEST_FIRST:
        ordered = sorted(rows, key=lambda r: (getattr(r, key), r.id), reverse=True)
    elif key == "title":
        ordered = sorted(rows, key=lambda r: (r.title.casefold(), r.id))
    else:
        ordered = sorted(rows, key=lambda r: (getattr(r, key), r.title.casefold(), r.id))
    if reverse:
        ordered.reverse()
    return ordered


def filter_rows(rows: list[Row], text: str, kind: str | None = None, tag: str | None = None) -> list[Row]:
    """Rows whose title or tags hold every word of `text` (any case), of `kind`, carrying `tag`."""
    words = text.casefold().split()
    if not words and not kind and not tag:
        return rows
    return [
        r
        for r in rows
        if (not kind or r.kind == kind) and (not tag or tag in r.tags) and all(w in r.haystack for w in words)
    ]
