"""Markdown notes from other tools (nb, zk, Obsidian, wiki exports) as entries: `cop import --markdown`.

Each imported entry remembers its note in a kept front matter field, `imported_from: {file, sha256,
entry}` (the note's path below the imported folder, a hash of its text, and a hash of what the entry
said then), so importing the same folder again adds only new notes, leaves unchanged ones alone, and
refreshes the entries of notes that changed: the note's title, tags, text and front matter win, and
when the entry was also edited in cop since, the values replaced are kept in `superseded`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cop.core.transfer.plan import Action, ImportPlan, derived_id, label
from cop.domain import dates, ids
from cop.domain.errors import ValidationError
from cop.domain.models import ENTRY_KINDS, Entry
from cop.domain.tags import split_tags, typed_tags

if TYPE_CHECKING:
    from cop.domain.models import Member
    from cop.store.export.bundle import Note

DEFAULT_NOTE_KIND = "how-to"
IMPORTED_FROM = "imported_from"
_HASHTAG = re.compile(r"(?<![\w#&/])#([A-Za-z][\w-]*[\w])")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_NOTE_FIELDS = frozenset({"title", "tags", "tag", "kind", "created", "date", "updated", "modified"})
_IGNORED_FIELDS = frozenset(
    {"id", "community", "author", "question", "accepted", "superseded", IMPORTED_FROM}
)


def _plain_value(value: Any) -> Any:
    """Front matter values as JSON-safe data (YAML dates become ISO strings)."""
    if isinstance(value, dt.datetime):
        return dates.to_timestamp(value, "date")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    return value


def _tags_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return split_tags(value)
    if isinstance(value, list):
        return [str(t) for t in value if t is not None]
    return []


def _body_hashtags(body: str) -> list[str]:
    found: list[str] = []
    in_code = False
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or line.startswith("    "):
            continue
        found += [m.lower() for m in _HASHTAG.findall(re.sub(r"`[^`]*`", "", line))]
    return found


def _first_date(front: dict[str, Any], keys: tuple[str, ...], default: str) -> str:
    """The first of `keys` in a note's front matter that holds a date cop understands, else `default`
    (a note's unreadable date is not worth refusing the note over)."""
    for key in keys:
        if front.get(key):
            try:
                return dates.to_timestamp(front[key], key)
            except ValidationError:
                continue
    return default


def note_to_entry(
    name: str,
    front: dict[str, Any] | None,
    body: str,
    *,
    community: str,
    kind: str | None,
    author: Member,
) -> Entry:
    """One Markdown note as a new entry: title from front matter, else the first heading, else the file
    name; tags from front matter and #hashtags; other front matter kept as extra fields."""
    front = front or {}
    title = str(front.get("title") or "").strip()
    if not title:
        heading = _HEADING.search(body)
        if heading and not body[: heading.start()].strip():
            title = heading.group(1).strip()
            body = body[heading.end() :].lstrip("\n")
        else:
            title = Path(name).stem.replace("_", " ").replace("-", " ").strip() or "Untitled note"
    note_kind = kind or str(front.get("kind") or "")
    if note_kind not in ENTRY_KINDS or note_kind == "answer":
        note_kind = DEFAULT_NOTE_KIND
    written = [*_tags_of(front.get("tags")), *_tags_of(front.get("tag")), *_body_hashtags(body)]
    tags = [t for t in typed_tags(written) if "," not in t]
    created = _first_date(front, ("created", "date"), dates.now())
    updated = _first_date(front, ("updated", "modified"), created)
    extra = {
        str(k): _plain_value(v)
        for k, v in front.items()
        if str(k) not in _NOTE_FIELDS and str(k) not in _IGNORED_FIELDS and v is not None
    }
    data = {
        **extra,
        "id": ids.new_id(),
        "kind": note_kind,
        "title": title.splitlines()[0],
        "community": community,
        "author": author.handle,
        "created": created,
        "updated": max(created, updated),
        "tags": tags,
    }
    entry = Entry.from_data(data, Path(name).name)
    if entry.kind == "resource" and not entry.url:
        raise ValidationError(f"{name}: kind", "a resource needs a url in its front matter")
    stripped = body.replace("\r\n", "\n").strip("\n")
    entry.body = stripped.rstrip() + "\n" if stripped.strip() else ""
    return entry


def _source(entry: Entry) -> dict[str, str]:
    value = entry.extra.get(IMPORTED_FROM)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _fingerprint(entry: Entry) -> str:
    """A short hash of what an entry says (not when): tells whether it was edited since the import."""
    data = {k: v for k, v in entry.to_data().items() if k not in ("updated", IMPORTED_FROM, "superseded")}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False) + "\0" + entry.body
    return hashlib.sha256(text.encode("utf-8", errors="surrogateescape")).hexdigest()[:16]


def _refresh(local: Entry, note: Entry, explicit_kind: bool) -> tuple[Entry, list[str]]:
    """A changed note's title, tags, text and front matter over its entry (status and the fields a
    note does not set stay as they are). When the entry was edited in cop since the import, each value
    the note replaces is kept in `superseded`, as a merge would."""
    data, fresh = local.to_data(), note.to_data()
    edited = _source(local).get("entry") != _fingerprint(local)
    notes: list[dict[str, Any]] = list(data.get("superseded") or [])
    changed: list[str] = []

    def take(key: str, old: Any, new: Any) -> None:
        if old == new:
            return
        if edited and old not in (None, "", [], {}):
            notes.append(
                {"field": key, "value": old, **({"updated": local.updated} if local.updated else {})}
            )
        changed.append(key)

    for key in ["title", *(["kind"] if explicit_kind else []), *note.extra]:
        if key != IMPORTED_FROM:
            take(key, data.get(key), fresh.get(key))
            data[key] = fresh.get(key)
    tags = list(dict.fromkeys([*local.tags, *note.tags]))  # a tag added in cop stays
    if tags != local.tags:
        data["tags"] = tags
        changed.append("tags")
    take("body", local.body, note.body)
    data["updated"] = max(dates.now(), local.updated)
    if notes:
        data["superseded"] = notes
    record = Entry.from_data({k: v for k, v in data.items() if v is not None})
    record.body, record.path = note.body, local.path
    record.extra[IMPORTED_FROM] = {**note.extra[IMPORTED_FROM], "entry": _fingerprint(record)}
    return record, changed


def plan_notes(
    notes: list[Note],
    previous: list[Entry],
    *,
    community: str,
    kind: str | None,
    author: Member,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """What importing `notes` into `community` does, given the entries earlier imports made there
    (`previous`, read with their extra fields). A note is the same as an earlier one when the acting
    member imported that file before, or when its text is the same (it moved in the folder)."""
    from cop.store.records.layout import record_path

    by_file = {_source(e).get("file"): e for e in previous if e.author == author.handle}
    by_hash = {_source(e).get("sha256"): e for e in previous}
    plan = ImportPlan()
    for number, note in enumerate(notes, 1):
        if progress:
            progress(number, len(notes))
        if note.problem:
            plan.skipped.append(f"{note.name}: {note.problem}")
            continue
        try:
            entry = note_to_entry(
                note.name, note.front, note.body, community=community, kind=kind, author=author
            )
        except ValidationError as error:
            plan.skipped.append(f"{note.name}: {error}")
            continue
        source = {"file": note.name, "sha256": note.sha256}
        local = by_hash.get(note.sha256) or by_file.get(note.name)
        if local is None:
            # the id the real import will use, so a dry run shows it
            entry.id = derived_id(community, author.handle, note.name, note.sha256)
            entry.extra[IMPORTED_FROM] = {**source, "entry": _fingerprint(entry)}
            entry.path = record_path(entry)
            plan.actions.append(Action("add", f"{label(entry)} from {note.name}", entry, entry.path))
        elif _source(local).get("sha256") == note.sha256:
            plan.actions.append(Action("same", label(local), local, local.path))
        else:  # the note changed since it was imported
            entry.extra[IMPORTED_FROM] = source
            explicit = bool(kind) or str((note.front or {}).get("kind") or "") == entry.kind
            record, changed = _refresh(local, entry, explicit)
            plan.actions.append(
                Action("update", f"{label(record)} from {note.name}", record, local.path, changed)
            )
    return plan
