"""The git merge driver: `cop merge-driver %O %A %B %P` (record files and `cop.yaml`).

git calls it for a record file changed on both sides of a merge, with three temporary files: the
common ancestor (%O, empty when both sides added the file), the local version (%A, where the result
goes) and the other side's (%B); %P is the record's path. The records are parsed and merged field by
field (`cop.domain.merge`); the result is written to %A in cop's byte-stable form. Exit status 0 means merged,
1 means a body conflict was left with markers (git then reports the path as unmerged). A version that
does not parse falls back to git's own text merge, so nothing is ever dropped.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from cop.domain.errors import CopError
from cop.domain.merge import merge_records
from cop.domain.models import Entry, Record
from cop.domain.registry import RECORD_TYPES
from cop.store.git import process as git
from cop.store.records import layout, yamlio
from cop.store.records.codec import render


def record_path(name: str) -> str | None:
    """The knowledge-repo-relative path inside a work-tree path (the repo may be a subfolder)."""
    parts = PurePosixPath(name).parts
    for size in (3, 2):
        tail = "/".join(parts[-size:])
        if len(parts) >= size and layout.type_of_path(tail):
            return tail
    return None


def parse_version(kind: str, text: str, where: str) -> Record:
    """One side's record, validated but not tied to a file name (a side may have moved it)."""
    body = ""
    if kind == "entry":
        fields, body = yamlio.load_front_matter(text, where)
    else:
        fields = yamlio.load(text, where)
    record = RECORD_TYPES[kind].cls.from_data(fields, where)
    if isinstance(record, Entry):
        record.body = body
    return record


def merge_config(base: str, ours: str, theirs: str) -> str | None:
    """`cop.yaml` key by key: a key changed on one side takes that change; `format` changed on both
    takes the higher; any other key changed on both keeps the local value and appends the other to
    `superseded` (as records do). None when a side is not a YAML mapping: git's line merge then."""
    try:
        sides = [
            yamlio.load(text, layout.CONFIG_FILE) if text.strip() else {} for text in (base, ours, theirs)
        ]
    except CopError:
        return None
    if not all(isinstance(side, dict) for side in sides):
        return None
    b, o, t = sides
    notes = [*(o.get("superseded") or []), *(t.get("superseded") or [])]
    merged: dict[str, Any] = {}
    for key in dict.fromkeys(["format", "name", "description", *sorted({*o, *t} - {"superseded"}, key=str)]):
        bv, ov, tv = b.get(key), o.get(key), t.get(key)
        if ov == tv or tv == bv:
            value = ov
        elif ov == bv:
            value = tv
        elif key == "format" and isinstance(ov, int) and isinstance(tv, int):
            value = max(ov, tv)
        else:
            value = ov
            if tv is not None:
                notes.append({"field": key, "value": tv})
        if value is not None:
            merged[key] = value
    unique = [n for i, n in enumerate(notes) if n not in notes[:i]]
    if unique:
        merged["superseded"] = unique
    return yamlio.dump(merged)


def merge_texts(base: str, ours: str, theirs: str, name: str) -> tuple[str, bool]:
    """Merge three versions of a record file's text; returns (result, conflicted)."""
    if PurePosixPath(name).name == layout.CONFIG_FILE:
        config = merge_config(base, ours, theirs)
        if config is not None:
            return config, False
    rel = record_path(name)
    kind = layout.type_of_path(rel) if rel else None
    if kind is not None:
        try:
            base_record = parse_version(kind, base, name) if base.strip() else None
            ours_record = parse_version(kind, ours, name)
            theirs_record = parse_version(kind, theirs, name)
            merged, conflicted = merge_records(base_record, ours_record, theirs_record, git.merge_file)
            return render(merged), conflicted
        except CopError:
            pass  # not a valid record on some side: git's line merge keeps every line
    return git.merge_file(base, ours, theirs)


def run(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Run as git's merge driver; the exit status git expects (0 merged, 1 conflicts left)."""
    texts = [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in (base, ours, theirs)]
    result, conflicted = merge_texts(texts[0], texts[1], texts[2], name)
    ours.write_bytes(result.encode("utf-8", errors="surrogateescape"))
    return 1 if conflicted else 0
