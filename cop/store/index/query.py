"""An `EntryFilter` (cop.domain.filters) as a TinyDB query."""

from __future__ import annotations

from typing import Any

from tinydb import Query

from cop.domain.filters import EntryFilter


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
