"""The rows a record file gives the index: an entry's `meta` columns, tags, full-text columns and
links, another record's row of `records`. Made where the file is parsed, so in a build they are made
in the worker processes beside the parse (`parsing.py`) and the writer only inserts them
(`tables.py`; docs/performance.md).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from cop.domain.errors import ValidationError
from cop.domain.events import span_utc
from cop.domain.registry import RECORD_TYPES
from cop.store.index import links

#: How much of a body the full-text index holds: its first 256 Ki characters (a long article is ~50 Ki).
#: FTS5 builds a snippet by reading the whole column, so a 10 MB body made every matching search take
#: minutes; past this limit a body is still shown and exported whole, only not searched.
MAX_INDEXED_CHARS = 256 * 1024

Document = dict[str, Any]


def indexed_text(body: str) -> str:
    """The part of a body the index holds: all of it up to `MAX_INDEXED_CHARS`, else its start, cut
    at a space so no half word is indexed."""
    if len(body) <= MAX_INDEXED_CHARS:
        return body
    cut = body.rfind(" ", MAX_INDEXED_CHARS - 200, MAX_INDEXED_CHARS)
    return body[: cut if cut > 0 else MAX_INDEXED_CHARS]


#: one encoder for every document (`json.dumps` makes a new one per call: 100k of them in a build)
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json(doc: Document) -> str:
    return _encode(doc)


#: record type -> its key field (communities, members, mentorships, events, projects), from the registry
_KEYS = {t.name: t.key_field for t in RECORD_TYPES.values() if t.name != "entry"}

Columns = tuple[str | None, str | None, str | None, str | None]


class EntryRows(NamedTuple):
    """An entry's rows as `apply` writes them, made where the file was parsed (in a build, a worker
    process: the writer then only runs one `executemany` per table; docs/performance.md): meta's
    columns after its rowid, its tags, its full-text columns and its links (src, dst, line)."""

    meta: tuple[Any, ...]
    tags: list[str]
    text: tuple[str, str, str]
    links: list[tuple[str, str, int]]

    @property
    def path(self) -> str:
        return str(self.meta[0])


class RecordRow(NamedTuple):
    """A record that is not an entry, as its row of `records`."""

    path: str
    type: str
    key: str
    doc: str
    community: str | None
    status: str | None
    starts: str | None
    ends: str | None


def entry_rows(path: str, data: Document, body: str) -> EntryRows:
    """The rows of the entry at `path` (its index document and body)."""
    tag_list = [str(t) for t in data.get("tags") or []]
    tags = " ".join(tag_list)
    updated = data.get("updated") or ""
    created = data.get("created") or ""
    title = str(data["title"])
    text = indexed_text(body)
    meta = (
        path,
        data["id"],
        data["community"],
        data["kind"],
        data.get("status") or "published",
        data.get("author") or "",
        updated or created,
        created,
        title,
        tags,
        data.get("question") or None,
        updated,
        title.casefold(),
        len(data.get("endorsements") or ()),
        _json(data),
    )
    found = links.entry_links(str(data["id"]), text)
    return EntryRows(meta, tag_list, (indexed_text(title), indexed_text(tags), text), found)


def record_row(path: str, kind: str, doc: Document) -> RecordRow:
    """The `records` row of a record that is not an entry."""
    return RecordRow(path, kind, str(doc[_KEYS[kind]]), _json(doc), *record_columns(kind, doc))


EntryInput = tuple[str, Document, str] | EntryRows
"""An entry to write: (path, index document, body), or its rows made already."""
RecordInput = tuple[str, str, Document] | RecordRow
"""A record to write: (path, type, document), or its row made already."""


def record_columns(kind: str, doc: Document) -> Columns:
    """(community, status, starts, ends) of a record that is not an entry: what event and project
    lists filter and sort on in SQL (`gatherings.py`). An event's start and end are in UTC, so they
    compare as text; a project's communities are a list, read from `doc`."""
    if kind == "event":
        starts: str | None
        ends: str | None
        try:
            starts, ends = span_utc(str(doc.get("start") or ""), str(doc.get("duration") or ""))
        except ValidationError:  # validated when parsed, so only a hand-made row gets here
            starts = ends = None
        return doc.get("community"), doc.get("status") or "scheduled", starts, ends
    if kind in ("project", "mentorship"):
        return doc.get("community"), doc.get("status"), None, None
    return None, None, None, None
