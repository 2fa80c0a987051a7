"""Records as git holds them, read for history: an entry's title for a label, the fields a commit changed."""

from __future__ import annotations

import re
from pathlib import Path

from cop.domain.errors import CopError
from cop.store.git.driver import parse_version
from cop.store.records import yamlio

_TITLE_LINE = re.compile(r"^title: (.*)$", re.MULTILINE)


def entry_title(root: Path, path: str, text: str | None) -> str:
    """An entry's title for a label: its one `title:` line read as YAML (a sync summary labels every
    record it received; parsing whole files cost ~1 ms each), the whole file when that line is not
    enough (a title split over lines, a file that does not parse)."""
    from cop.store.git.driver import parse_version

    try:
        if text is None:
            text = (root / path).read_text(encoding="utf-8")
        front = text[: text.find("\n---", 3) + 1] if text.startswith("---") else ""
        match = _TITLE_LINE.search(front)
        value = match.group(1) if match else ""
        if match and front[match.end() + 1 : match.end() + 2] in (" ", "\t"):
            value = ""  # continued on the next line: parse the whole file
        title: object = None
        if value and value[0] not in "|>&*!\"'" or value[:1] in ("'", '"') and value[-1:] == value[:1]:
            loaded = yamlio.load(match.group(0), path) if match else None
            title = loaded.get("title") if isinstance(loaded, dict) else None
        if not isinstance(title, str) or not title:
            title = getattr(parse_version("entry", text, path), "title", "")
    except (OSError, UnicodeDecodeError, CopError):
        return ""
    title = str(title)
    return title if len(title) <= 60 else title[:57] + "..."


def changed_fields(kind: str, old: str, new: str, path: str) -> list[str]:
    """The fields (and "body") that differ between two versions of a record; none when either does not
    parse."""
    try:
        before = parse_version(kind, old, path)
        after = parse_version(kind, new, path)
    except CopError:
        return []
    a, b = before.to_data(), after.to_data()
    fields = [k for k in dict.fromkeys([*a, *b]) if k != "updated" and a.get(k) != b.get(k)]
    if getattr(before, "body", "") != getattr(after, "body", ""):
        fields.append("body")
    return fields
