"""What an import will do: one `Action` per record (add, update, same) gathered in an `ImportPlan`."""

from __future__ import annotations

from dataclasses import dataclass, field

from cop.domain import registry
from cop.domain.models import Entry, Record


@dataclass
class Action:
    """One record an import adds, updates or leaves alone."""

    verb: str  # add | update | same
    label: str
    record: Record
    path: str  # where it goes (repo-relative)
    fields: list[str] = field(default_factory=list)  # for an update: what changes

    def __str__(self) -> str:
        changed = f" ({', '.join(self.fields)})" if self.fields else ""
        return f"{self.verb} {self.label}{changed}"


@dataclass
class ImportPlan:
    actions: list[Action] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # Markdown notes that could not become entries

    def count(self, verb: str) -> int:
        return sum(1 for a in self.actions if a.verb == verb)


def derived_id(*parts: str) -> str:
    """An entry id made from where an imported record came from (a note's file and text, a Stack
    Exchange site and post id): the same source always gets the same id, so `--dry-run` shows the ids the
    import will write, and a re-import finds what it made. Same alphabet and length as `ids.new_id`."""
    import hashlib

    from cop.domain.ids import ID_ALPHABET, ID_LENGTH

    digest = int.from_bytes(hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).digest()[:8])
    return "".join(ID_ALPHABET[(digest >> (5 * i)) & 31] for i in range(ID_LENGTH))


def label(record: Record) -> str:
    kind = registry.of(record)
    nest = f"{getattr(record, kind.nest)}/" if kind.nest and not kind.moves else ""  # progress: path/handle
    text = f"{kind.name} {nest}{record.key}"
    return f"{text} '{record.title}'" if isinstance(record, Entry) else text
