"""The record types, written once: each one's name, class, key and where its files live.

Everything else derives from this table: the store's paths (`cop.store.records.layout`), the codec's
class lookup, the index tables, the merge driver, export/import's bundle sections and sync's messages.
A new record type is one `RecordType` here plus its model in `cop.domain.models` (then its operations,
its faces and docs/format.md). Events and projects (issue 17, `cop.domain.events`) and onboarding paths
with their progress (issue 15, `cop.domain.paths`) were added so; progress is nested like entries, one
folder per path (`progress/<path>/<handle>.yaml`), but its folder is part of its identity (it never moves).
"""

from __future__ import annotations

from dataclasses import dataclass

from cop.domain import ids
from cop.domain.events import Event, Project
from cop.domain.models import Community, Entry, Member, Mentorship, Record
from cop.domain.paths import LearningPath, Progress


@dataclass(frozen=True)
class RecordType:
    """One kind of record file.

    A file lives at `<folder>/[<nest value>/]<key>[-<slugified title>]<suffix>`: `nest` names the field
    whose value is a subfolder (an entry's community), `titled` the field whose slug follows the key in
    the name (an entry's title).
    The key is the class's `key_field`: an id (8 base32 characters) or a slug/handle, by `key_kind`.
    `rank` orders types for bundles and imports: a record comes after the records it refers to.
    `moves`: a record's file can move to another nest (an entry to another community), so its key alone
    is its identity; for every other type the path is (lin's progress on two paths is two records).
    """

    name: str
    cls: type[Record]
    folder: str
    suffix: str = ".yaml"
    nest: str = ""
    titled: str = ""
    rank: int = 0
    moves: bool = False

    @property
    def key_field(self) -> str:
        return self.cls.key_field

    @property
    def key_kind(self) -> str:
        """'id' for generated ids, else 'slug' (slugs and handles are chosen by people)."""
        return "id" if self.key_field == "id" else "slug"

    @property
    def plural(self) -> str:
        """The word for several of them (sync's commit messages): the folder's name."""
        return self.folder

    @property
    def depth(self) -> int:
        """How many path parts a file of this type has."""
        return 3 if self.nest else 2

    def check_key(self, value: object) -> str:
        """`value` as a file-name-safe key, or a ValidationError naming the key field."""
        if self.key_kind == "id":
            return ids.check_id(value)
        return ids.check_slug(value, self.key_field)

    def identity(self, record: Record) -> str:
        """What names one record of this type in a bundle: its key when its file can move, else its path."""
        return record.key if self.moves else self.path_for(record)

    def path_for(self, record: Record) -> str:
        """The repo-relative path of a new record of this type (entries keep theirs once written)."""
        parts = [self.folder]
        if self.nest:
            parts.append(ids.check_slug(getattr(record, self.nest), self.nest))
        name = self.check_key(getattr(record, self.key_field))
        if self.titled:
            name += f"-{ids.slugify(str(getattr(record, self.titled)))}"
        parts.append(name + self.suffix)
        return "/".join(parts)


RECORD_TYPES: dict[str, RecordType] = {
    t.name: t
    for t in (
        RecordType("community", Community, folder="communities", rank=0),
        RecordType("member", Member, folder="members", rank=1),
        RecordType(
            "entry", Entry, "entries", suffix=".md", nest="community", titled="title", rank=3, moves=True
        ),
        RecordType("mentorship", Mentorship, folder="mentorships", rank=2),
        RecordType("event", Event, folder="events", rank=4),
        RecordType("project", Project, folder="projects", rank=5),
        RecordType("path", LearningPath, folder="paths", rank=6),
        RecordType("progress", Progress, folder="progress", nest="learning_path", rank=7),
    )
}
#: the types whose files sit one folder down (an entry in its community's, progress in its path's)
NESTED: tuple[RecordType, ...] = tuple(t for t in RECORD_TYPES.values() if t.nest)
#: the same types by class
BY_CLASS: dict[type[Record], RecordType] = {t.cls: t for t in RECORD_TYPES.values()}
#: in bundle and import order (a record after the records it refers to)
LOAD_ORDER: tuple[RecordType, ...] = tuple(sorted(RECORD_TYPES.values(), key=lambda t: t.rank))


def of(record: Record | type[Record]) -> RecordType:
    """The type of a record (or record class); KeyError for a class that is no record type."""
    return BY_CLASS[record if isinstance(record, type) else type(record)]
