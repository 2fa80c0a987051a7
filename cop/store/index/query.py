"""An `EntryFilter` (cop.domain.filters) and a sort key as SQL over the entry table (`meta` in
`.cop/search.sqlite`): `WHERE … ORDER BY … LIMIT`, answered by the table's indexes, no file opened."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from cop.domain.errors import ValidationError
from cop.domain.filters import ENTRY_SORTS, EntryFilter
from cop.store.index import links

#: sort key -> its columns over `meta m` and whether they run biggest first (the orders `Repo.entries`
#: always had: newest first by updated-or-created or created, title A-Z by casefolded title, kind or author
#: A-Z then by title, most endorsed first; the id breaks ties). Every column of a key runs the same way,
#: so "before this entry" is one row-value comparison (`position_condition`).
SORT_COLUMNS: dict[str, tuple[tuple[str, ...], bool]] = {
    "updated": (("m.updated", "m.id"), True),
    "created": (("m.created", "m.id"), True),
    "title": (("m.title_key", "m.id"), False),
    # NOCASE: the order of their indexes (search.py says why; kinds and handles are lower-case anyway)
    "kind": (("m.kind COLLATE NOCASE", "m.title_key", "m.id"), False),
    "author": (("m.author COLLATE NOCASE", "m.title_key", "m.id"), False),
    "endorsements": (("m.endorsements", "m.updated", "m.id"), True),
}
assert set(SORT_COLUMNS) == set(ENTRY_SORTS)

#: what the filter box matches: the casefolded title, then " #tag" for each tag (tags are stored
#: lower-case, space-separated), so "#py" matches a tag from its start
_TITLE_AND_TAGS = "(m.title_key || CASE m.tags WHEN '' THEN '' ELSE ' #' || replace(m.tags, ' ', ' #') END)"


def _columns(sort: str) -> tuple[tuple[str, ...], bool]:
    try:
        return SORT_COLUMNS[sort]
    except KeyError:
        raise ValidationError("sort", f"'{sort}' is not one of: {', '.join(ENTRY_SORTS)}") from None


def order_by(sort: str, reverse: bool = False) -> str:
    """The ORDER BY clause of a sort key (`reverse`: the other way round); a ValidationError names the
    keys there are."""
    columns, descending = _columns(sort)
    direction = " DESC" if descending != reverse else ""
    return ", ".join(column + direction for column in columns)


def sort_key(sort: str) -> str:
    """The sort key's columns, to select an entry's place in that order."""
    return ", ".join(_columns(sort)[0])


def position_condition(sort: str, reverse: bool = False) -> str:
    """A condition true of the entries that come before one whose `sort_key` values are bound to it."""
    columns, descending = _columns(sort)
    marks = ", ".join("?" * len(columns))
    return f"({', '.join(columns)}) {'>' if descending != reverse else '<'} ({marks})"


def common_tags(conn: sqlite3.Connection, tags: Collection[str], rows: int) -> frozenset[str]:
    """Which of `tags` are better checked entry by entry down the sort's index than gathered first,
    for a page that ends `rows` into the order: those on more than sqrt(rows x entries) entries. For
    such a tag the walk meets a page of matches after about rows x entries / n index steps, fewer than
    the n rows the gathering reads and sorts (at 100k, `--tag python`, 47k entries: 117 -> 0.2 ms);
    for a rare tag the walk would cross the whole index (74 entries: 0.1 -> 400 ms). Each tag's count
    stops at that bound, so asking costs at most a few thousand index steps."""
    if not tags:
        return frozenset()
    entries = conn.execute("SELECT max(rowid) FROM meta").fetchone()[0] or 0
    bound = int((rows * entries) ** 0.5) + 1
    sql = "SELECT count(*) FROM (SELECT 1 FROM tags WHERE tag = ? LIMIT ?)"
    return frozenset(t for t in tags if conn.execute(sql, (t, bound)).fetchone()[0] >= bound)


def entry_where(where: EntryFilter, common: Collection[str] = ()) -> tuple[str, list[object]]:
    """The WHERE clause (without the word; "1" when nothing filters) and its arguments; a tag in
    `common` (`common_tags`) is checked per entry, so the sort's index can lead."""
    conditions: list[str] = []
    args: list[object] = []
    for column, value in (
        ("community", where.community),
        ("kind", where.kind),
        ("author", where.author),
        ("status", where.status),
        ("question", where.question),
    ):
        if value:
            conditions.append(f"m.{column} = ?")
            args.append(value)
    for tag in dict.fromkeys(where.tags):
        if tag in common:
            conditions.append("EXISTS (SELECT 1 FROM tags t WHERE t.tag = ? AND t.entry = m.rowid)")
        else:
            conditions.append("m.rowid IN (SELECT entry FROM tags WHERE tag = ?)")
        args.append(tag)
    if where.since:
        conditions.append("m.modified >= ?")
        args.append(where.since)
    if where.until:
        conditions.append("m.modified <= ?")
        args.append(where.until)
    if where.unanswered:
        conditions.append(
            "NOT EXISTS (SELECT 1 FROM meta a WHERE a.question = m.id AND a.question IS NOT NULL)"
        )
    if where.hide_obsolete:
        conditions.append("m.status != 'obsolete'")
    if where.ids:
        conditions.append(f"m.id IN ({', '.join('?' * len(where.ids))})")
        args.extend(where.ids)
    if where.unaccepted:
        conditions.append("COALESCE(json_extract(m.doc, '$.accepted'), '') = ''")
    for word in dict.fromkeys(where.words):
        conditions.append(f"instr({_TITLE_AND_TAGS}, ?) > 0")
        args.append(word)
    if where.due_by:  # never verified, or the review date (none: due) is on or before the day
        conditions.append(
            "(COALESCE(json_array_length(m.doc, '$.verified'), 0) = 0"
            " OR COALESCE(json_extract(m.doc, '$.review'), '') <= ?)"
        )
        args.append(where.due_by)
    linked, linked_args = links.filter_conditions(where.links_to, where.orphans)
    conditions += linked
    args += linked_args
    return (" AND ".join(conditions) or "1"), args
