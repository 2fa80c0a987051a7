"""Record files ⇄ records: parse and validate a file's bytes, and render the exact text cop writes.

The file name and folder are part of a record (its key, an entry's community), so parsing checks them.
"""

from __future__ import annotations

from typing import Any

from cop.domain.errors import ParseError, ValidationError
from cop.domain.models import Entry, Record
from cop.store.records import files, layout


def parse_record(path: str, data: bytes) -> Record:
    """Parse and validate one record file's bytes; errors name the file (and line)."""
    kind = layout.record_type_of_path(path)
    if kind is None:
        raise ParseError(path, "is not a cop record file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(path, f"is not UTF-8 text (byte {error.start})") from None
    from cop.store.records import yamlio  # PyYAML only when a file is parsed (repo_config.py)

    body = ""
    if kind.suffix == ".md":
        fields, body = yamlio.load_front_matter(text, path)
        # the substring tests first: a regex scan of every body was ~5% of parsing a rebuild's files
        marker = ("<" * 7 in body or ">" * 7 in body) and files.CONFLICT_MARKER.search(body)
        if marker:  # a body merge git could not settle: both texts are in the file, between markers
            line = text.count("\n", 0, len(text) - len(body) + marker.start()) + 1
            reason = "has an unresolved merge conflict: keep the right text, then 'cop sync'"
            raise ParseError(path, reason, line)
    else:
        fields = yamlio.load(text, path)
    try:
        record = kind.cls.from_data(fields)
    except ValidationError as error:
        raise ParseError(path, f"invalid field {error}") from None
    wrong = misplaced(path, record)
    if wrong:
        raise ParseError(path, wrong)
    if isinstance(record, Entry):
        record.body = body
    record.path = path
    return record


def misplaced(path: str, record: Record) -> str | None:
    """Why `record` cannot live at `path` (its key is not the file's name, or an entry is not in its
    community's folder), or None when it belongs there."""
    expected = layout.expected_key(path)
    if record.key != expected:
        return f"{record.key_field} '{record.key}' does not match the file name ('{expected}')"
    nest = layout.record_type_of_path(path)
    if nest is not None and nest.nest and getattr(record, nest.nest) != layout.nest_of_path(path):
        return f"{nest.nest} '{getattr(record, nest.nest)}' does not match its folder"
    return None


def index_parse(path: str, data: bytes) -> tuple[str, dict[str, Any], str]:
    record = parse_record(path, data)
    return layout.TYPE_OF[type(record)], record.to_index(), getattr(record, "body", "")


def render(record: Record) -> str:
    """The exact text cop writes for a record."""
    from cop.store.records import yamlio

    if isinstance(record, Entry):
        return yamlio.join_front_matter(record.to_data(), record.body)
    return yamlio.dump(record.to_data())


def parse_entry_text(text: str, where: str = "the entry") -> Entry:
    """Parse an entry edited as text (front matter + body), e.g. from `$EDITOR`."""
    from cop.store.records import yamlio

    fields, body = yamlio.load_front_matter(text, where)
    try:
        entry = Entry.from_data(fields)
    except ValidationError as error:
        raise ValidationError(error.field, error.reason) from None
    entry.body = body
    return entry
