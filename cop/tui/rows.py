"""`Row`: one line of the entry list, built from a core `Entry` or a search hit; sorting and filtering a
list held whole.

The main list pages its rows from the index, where it is filtered and sorted in SQL (`cop.tui.views`);
what is held whole is short: the first page painted before the index is checked, search hits, a
person's entries. `sort_rows` and `filter_rows` give the orders and matches the SQL gives
(`cop.store.index.query`), so such a list behaves as the paged one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cop.domain.filters import ENTRY_SORTS, title_words

if TYPE_CHECKING:
    from cop.domain.filters import SearchRow
    from cop.domain.models import Entry

#: sort keys in the order `s` cycles through them (those of `cop list --sort`)
SORTS: tuple[str, ...] = ENTRY_SORTS
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
            # tag or "#tag" (the index matches the same string: `cop.store.index.query`)
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
    """Rows sorted by `key` as the index sorts them (dates and endorsements biggest first, text A-Z,
    kind and author then by title); `reverse` flips that."""
    if key == "endorsements":
        ordered = sorted(rows, key=lambda r: (r.endorsements, r.updated, r.id), reverse=True)
    elif key in NEWEST_FIRST:
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
    words = title_words(text)
    if not words and not kind and not tag:
        return rows
    return [
        r
        for r in rows
        if (not kind or r.kind == kind) and (not tag or tag in r.tags) and all(w in r.haystack for w in words)
    ]
