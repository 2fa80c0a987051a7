"""`.cop/state.json`: this clone's local state (per user, never committed), a small TinyDB document store.

What lives here is not derived from the record files, so unlike the index it is not rebuilt: drafts of
text not yet saved (a crashed editor or TUI never loses what was typed), the digest's last-seen marks, TUI
preferences and recently viewed entries. Each area is a namespace (a TinyDB table) of key -> JSON value.
It never holds a record: records live in their files and are queried through SQLite (`index/`).

Every read loads the file afresh (it is a few kilobytes) and every change is a read-modify-write under
`.cop/state.lock`, written atomically, so two processes (the TUI and a CLI command) never lose each
other's changes. A damaged file reads as empty and is moved aside (`state.json.damaged`) on the next
write, never silently overwritten. Values go in and come out as fresh JSON copies: no TinyDB `Document`
leaves this module.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from cop.store.records import files

FILE_NAME = "state.json"
#: a bigger file is not one cop wrote (drafts are kept to MAX_VALUE_BYTES each)
MAX_BYTES = 32 << 20
#: one value (a draft's text) at most this big once encoded
MAX_VALUE_BYTES = 4 << 20
NAMESPACES = frozenset({"drafts", "seen", "preferences", "viewed"})


class _FileStorage(Storage):
    """TinyDB storage on `state.json`: atomic writes; a damaged or foreign file reads as empty."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.damaged = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError:
            self.damaged = True
            return None
        try:
            data = json.loads(raw) if len(raw) <= MAX_BYTES else None
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            self.damaged = True
            return None
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.damaged and self.path.exists():
            os.replace(self.path, self.path.with_name(FILE_NAME + ".damaged"))
            self.damaged = False
        files.atomic_write(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1))

    def close(self) -> None:
        pass


class _KeyedTable(Table):
    """Documents keyed by a string (the key), not an integer.

    TinyDB's hints say document ids are ints; this table's are strs, so the five calls that pass a key
    as `doc_id`/`doc_ids` (and this assignment) carry a `type: ignore` naming the error TinyDB's hint raises.
    """

    document_id_class = str  # type: ignore[assignment]


class _StateDB(TinyDB):
    table_class = _KeyedTable


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


class State:
    """Namespaced get/put over `.cop/state.json` (namespaces: `NAMESPACES`)."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.path = cache / FILE_NAME

    @contextlib.contextmanager
    def _db(self, write: bool) -> Iterator[TinyDB]:
        if not write:
            db = _StateDB(str(self.path), storage=_FileStorage)
            try:
                yield db
            finally:
                db.close()
            return
        self.cache.mkdir(exist_ok=True)
        with files.locked(self.cache / "state.lock"):
            db = _StateDB(str(self.path), storage=_FileStorage)
            try:
                yield db
            finally:
                db.close()

    @staticmethod
    def _table(db: TinyDB, namespace: str) -> Table:
        if namespace not in NAMESPACES:
            raise ValueError(f"unknown state namespace {namespace!r}")
        return db.table(namespace)

    def get(self, namespace: str, key: str, default: Any = None) -> Any:
        """The value stored under `key`, or `default`."""
        if not self.path.exists():
            return default
        with self._db(write=False) as db:
            doc = self._table(db, namespace).get(doc_id=key)  # type: ignore[call-overload]
            return default if doc is None else _copy(doc.get("value", default))

    def items(self, namespace: str) -> dict[str, Any]:
        """Every key and value of a namespace."""
        if not self.path.exists():
            return {}
        with self._db(write=False) as db:
            return {str(doc.doc_id): _copy(doc.get("value")) for doc in self._table(db, namespace).all()}

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store `value` (anything JSON can hold) under `key`, replacing what was there."""
        from tinydb.table import Document

        encoded = json.dumps(value, ensure_ascii=False)
        if len(encoded.encode()) > MAX_VALUE_BYTES:
            raise ValueError(f"a state value is at most {MAX_VALUE_BYTES >> 20} MB")
        with self._db(write=True) as db:
            table = self._table(db, namespace)
            table.upsert(Document({"value": json.loads(encoded)}, doc_id=key))  # type: ignore[arg-type]

    def delete(self, namespace: str, key: str) -> None:
        """Forget `key` (nothing happens when it is not there)."""
        if not self.path.exists():
            return
        with self._db(write=True) as db:
            table = self._table(db, namespace)
            if table.contains(doc_id=key):  # type: ignore[arg-type]
                table.remove(doc_ids=[key])  # type: ignore[list-item]
