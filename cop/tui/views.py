"""What the entry list can show: the built-in views and one per community, as core filters, the query the
list pages through (a view narrowed by the filter box, kind and tag, in a sort), and the core calls that
fill the main screen (a page of that query, the first paint's rows, the sidebar's counts)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cop.domain.filters import EntryFilter, title_words
from cop.tui.rows import Row

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.domain.models import Community

#: rows fetched at a time: several screenfuls of the tallest terminal, so scrolling a page or two, or a
#: refresh, needs no new fetch; the list never holds more rows than this
WINDOW = 200


@dataclass(frozen=True)
class View:
    """A named selection of entries: `key` is stable (`all`, `unanswered`, `mine`, `community:py`...)."""

    key: str
    label: str
    where: EntryFilter = EntryFilter()


ALL = View("all", "All entries")
UNANSWERED = View(
    "unanswered", "Questions without an accepted answer", EntryFilter(kind="question", unaccepted=True)
)


def mine(handle: str) -> View:
    return View("mine", "My entries", EntryFilter(author=handle))


def community(slug: str, name: str) -> View:
    return View(f"community:{slug}", name, EntryFilter(community=slug))


def author(handle: str, name: str) -> View:
    return View(f"author:{handle}", f"By {name}", EntryFilter(author=handle))


@dataclass(frozen=True)
class ListQuery:
    """What the entry list shows: `view` narrowed to `where` (the filter box's words, kind and tag), in
    `sort` order (`reverse`: the other way round). `where` is None when nothing can match (the kind
    picked is not the view's)."""

    view: EntryFilter
    where: EntryFilter | None
    sort: str = "updated"
    reverse: bool = False


def list_query(
    view: View,
    text: str = "",
    kind: str | None = None,
    tag: str | None = None,
    sort: str = "updated",
    reverse: bool = False,
) -> ListQuery:
    """The query for `view` with the filter box's `text` (every word in the title or tags), `kind` and
    `tag` on top of the view's own filter."""
    where: EntryFilter | None = view.where
    if kind and view.where.kind and kind != view.where.kind:
        where = None
    elif kind or tag or text.split():
        tags = (*view.where.tags, tag) if tag else view.where.tags
        where = replace(view.where, kind=kind or view.where.kind, tags=tags, words=title_words(text))
    return ListQuery(view.where, where, sort, reverse)


@dataclass(frozen=True)
class Page:
    """(from the core thread) A window of a `ListQuery`: `rows` from position `offset` of `total` rows
    (`of`: how many the view holds before the kind, tag and filter box), and the position the cursor
    goes to: the kept entry's, else the old position within the new length."""

    rows: list[Row]
    offset: int
    total: int
    of: int
    cursor: int


def window_start(position: int, total: int, size: int = WINDOW) -> int:
    """Where a window of `size` rows holding `position` starts: with the position a quarter of the way
    down, so paging on in either direction stays inside it for a while."""
    return max(0, min(position - size // 4, total - size))


def page(core: Cop, query: ListQuery, keep: str | None = None, cursor: int = 0, size: int = WINDOW) -> Page:
    """(core thread) The window of `query` around the entry `keep` (when it is in the list), else around
    `cursor`: counts and a position in the index, then `size` rows; no file opened."""
    of = core.count_entries(query.view)
    if query.where is None:
        return Page([], 0, 0, of, 0)
    total = of if query.where == query.view else core.count_entries(query.where)
    if not total:
        return Page([], 0, 0, of, 0)
    found = None
    if keep is not None:
        found = core.entry_position(keep, query.where, sort=query.sort, reverse=query.reverse)
    position = min(cursor, total - 1) if found is None else found
    offset = window_start(position, total, size)
    return Page(_rows(core, query.where, query, offset, size), offset, total, of, position)


def rows(core: Cop, query: ListQuery, offset: int, limit: int = WINDOW) -> list[Row]:
    """(core thread) `limit` rows of `query` from position `offset`: a window scrolled to."""
    return [] if query.where is None else _rows(core, query.where, query, offset, limit)


def _rows(core: Cop, where: EntryFilter, query: ListQuery, offset: int, limit: int) -> list[Row]:
    found = core.entries(where, sort=query.sort, reverse=query.reverse, limit=limit, offset=offset)
    return [Row.of_entry(e) for e in found]


def newest_rows(core: Cop, limit: int) -> list[Row]:
    """(core thread) The All view's newest rows for the first paint: as the index last saw them when
    the store kept them (no look at the files: fast at any size; the checked page replaces them), else
    asked for as usual (the freshness check first)."""
    entries = core.entries_as_indexed(limit)
    if entries is None:
        return rows(core, list_query(ALL), 0, limit)
    return [Row.of_entry(e) for e in entries]


def open_hits(core: Cop, ids: list[str]) -> set[str]:
    """(core thread) Which of these entries are open questions (the search hits the Open questions
    view keeps)."""
    where = replace(UNANSWERED.where, ids=tuple(ids))
    return {e.id for e in core.entries(where)} if ids else set()


def sidebar_data(core: Cop) -> tuple[list[Community], dict[str, int], int]:
    """(core thread) Communities, entry counts per community, and the total."""
    counts = core.entry_counts()
    return core.communities(), counts, sum(counts.values())
