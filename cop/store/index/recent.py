"""`.cop/recent.json`: the newest entries as of the last index update, for a first screen without waiting.

The TUI paints these before the index has been checked against the files (at 100k entries the check and
the load of `index.json` take over a second); the full load that follows corrects them. The file is plain
JSON, written atomically by the index whenever a refresh changed the entry table, and read as untrusted
input: `.cop/` sits inside a shared folder, so every document is validated as a record file would be,
and anything odd (missing, damaged, another version, a field that does not check) means "no cache".
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cop import FORMAT_VERSION
from cop.domain.errors import CopError
from cop.domain.models import Entry
from cop.store.records import files, layout
from cop.store.records.codec import misplaced

FILE_NAME = "recent.json"
#: entries kept: more than the TUI's first page (200), a small file (~0.3 KB an entry)
KEEP = 500
#: bump when the file's shape changes; the index version and the record format are checked too
RECENT_VERSION = 1
#: a bigger file is not one cop wrote (KEEP entries are well under a megabyte)
MAX_BYTES = 8 << 20
#: the fields every entry index document holds (`Entry.to_index`)
FIELDS = frozenset(spec.name for spec in Entry._fields())


def newest_key(doc: dict[str, Any]) -> tuple[str, str]:
    """The order of `Repo.entries(sort="updated")`, newest first when reversed: (updated or created, id)."""
    return (doc["updated"] or doc["created"], doc["id"])


def _stamp(index_version: int) -> dict[str, int]:
    return {"recent": RECENT_VERSION, "index": index_version, "format": FORMAT_VERSION}


def write(
    cache: Path, documents: Iterable[tuple[str, dict[str, Any]]], index_version: int, keep: int = KEEP
) -> None:
    """Keep the newest `keep` of the entry table's (path, document) pairs in `cache/recent.json`."""
    newest = heapq.nlargest(keep, documents, key=lambda item: newest_key(item[1]))
    data = {**_stamp(index_version), "entries": [[path, doc] for path, doc in newest]}
    files.atomic_write(cache / FILE_NAME, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def exists(cache: Path) -> bool:
    return (cache / FILE_NAME).is_file()


def read(cache: Path, index_version: int, limit: int) -> list[Entry] | None:
    """The newest `limit` entries the file holds, newest first; None when there is no usable file."""
    try:
        with open(cache / FILE_NAME, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None
        data = json.loads(raw)
        return _entries(data, index_version, limit)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, CopError):
        return None  # ValueError covers bad JSON and bad UTF-8; CopError a field that does not validate


def _entries(data: Any, index_version: int, limit: int) -> list[Entry] | None:
    if not isinstance(data, dict) or any(data.get(k) != v for k, v in _stamp(index_version).items()):
        return None
    items = data.get("entries")
    if not isinstance(items, list):
        return None
    pairs: list[tuple[tuple[str, str], Entry]] = []
    for item in items[: max(limit, 0)]:
        if not isinstance(item, list) or len(item) != 2:
            return None
        path, doc = item
        if not isinstance(path, str) or not isinstance(doc, dict) or not FIELDS <= doc.keys():
            return None
        entry = Entry.from_data(doc)
        # the same check a record file passes before it is indexed: its name and folder match its fields
        if layout.type_of_path(path) != "entry" or misplaced(path, entry):
            return None
        entry.path = path
        pairs.append((newest_key(doc), entry))
    pairs.sort(key=lambda pair: pair[0], reverse=True)  # as written; sorted again so no file can reorder
    return [entry for _, entry in pairs]
