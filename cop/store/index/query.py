"""What an entry query can ask for (`EntryFilter`), and the same filter as a TinyDB query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tinydb import Query


@dataclass(frozen=True)
class EntryFilter:
    """The filters every entry query takes (list, search, TUI views)."""

    community: str | None = None
    kind: str | None = None
    tags: tuple[str, ...] = ()
    author: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    question: str | None = None
    unanswered: bool = False


def has_filters(where: EntryFilter) -> bool:
    return any(
        (
            where.community,
            where.kind,
            where.tags,
            where.author,
            where.status,
            where.since,
            where.until,
            where.question,
        )
    )


def tinydb_query(where: EntryFilter) -> Any:
    doc = Query()
    conditions: list[Any] = []
    if where.community:
        conditions.append(doc.community == where.community)
    if where.kind:
        conditions.append(doc.kind == where.kind)
    for tag in where.tags:
        conditions.append(doc.tags.any([tag]))
    if where.author:
        conditions.append(doc.author == where.author)
    if where.status:
        conditions.append(doc.status == where.status)
    if where.since:
        conditions.append(doc.updated >= where.since)
    if where.until:
        conditions.append(doc.updated <= where.until)
    if where.question:
        conditions.append(doc.question == where.question)
    query = conditions[0]
    for condition in conditions[1:]:
        query = query & condition
    return query
