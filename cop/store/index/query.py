"""An `EntryFilter` (cop.domain.filters) and a sort key as SQL over the entry table (`meta` in
`.cop/search.sqlite`): `WHERE … ORDER BY … LIMIT`, answered by the table's indexes, no file opened."""

from __future__ import annotations

from cop.domain.errors import ValidationError
from cop.domain.filters import ENTRY_SORTS, EntryFilter
from cop.store.index import links

#: sort key -> ORDER BY over `meta m` (the same orders `Repo.entries` always had: newest first by
#: updated-or-created or created, title A-Z by casefolded title; the id breaks ties)
ORDERS = {
    "updated": "m.updated DESC, m.id DESC",
    "created": "m.created DESC, m.id DESC",
    "title": "m.title_key, m.id",
    "endorsements": "m.endorsements DESC, m.updated DESC, m.id DESC",
}
assert set(ORDERS) == set(ENTRY_SORTS)


def order_by(sort: str) -> str:
    """The ORDER BY clause of a sort key; a ValidationError names the keys there are."""
    try:
        return ORDERS[sort]
    except KeyError:
        raise ValidationError("sort", f"'{sort}' is not one of: {', '.join(ENTRY_SORTS)}") from None


def entry_where(where: EntryFilter) -> tuple[str, list[object]]:
    """The WHERE clause (without the word; "1" when nothing filters) and its arguments."""
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
