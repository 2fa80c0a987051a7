"""Export and import: self-describing bundles, and folders of Markdown notes brought in as entries.

A bundle (format `BUNDLE_FORMAT`) holds every record's plain data and each entry's body and file name,
sorted, so the same repo always exports to the same bytes; docs/sync.md gives its schema. Importing
merges by identity with the same field rules as the git merge driver (`cop.domain.merge`, no common base),
after validating everything: a bundle with a bad format version, an identifier that would escape the
repo, or an invalid record is refused as a whole, naming each problem, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cop.core.session import Session
from cop.core.transfer.plan import Action, ImportPlan, label
from cop.domain.errors import CopError, NotFound, ValidationError
from cop.domain.events import Event, Project
from cop.domain.merge import merge_records
from cop.domain.models import ENTRY_KINDS, Community, Entry, Member, Mentorship, Record
from cop.domain.paths import LearningPath, Progress
from cop.domain.registry import LOAD_ORDER, of

if TYPE_CHECKING:
    from cop.domain.insights import Insights
    from cop.store import Repo

BUNDLE_FORMAT = 1
#: (section name, record class) in load order, from the record-type registry
SECTIONS: tuple[tuple[str, type[Record]], ...] = tuple((t.folder, t.cls) for t in LOAD_ORDER)
_FILE_RE = re.compile(r"^(?P<id>[0-9a-z]{8})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


class ImportRefused(CopError):
    """A bundle failed validation; nothing was written."""

    def __init__(self, source: str, problems: list[str]) -> None:
        shown = "; ".join(problems[:20]) + (f"; … {len(problems) - 20} more" if len(problems) > 20 else "")
        super().__init__(f"refused {source}: {len(problems)} problem(s), nothing was written: {shown}")
        self.problems = problems


# -- bundles -------------------------------------------------------------------------------------------
def build_bundle(
    name: str,
    description: str,
    records: list[Record],
) -> dict[str, Any]:
    """The bundle for these records (entries with bodies), deterministically ordered."""
    bundle: dict[str, Any] = {"cop_bundle": BUNDLE_FORMAT, "repo": {"name": name}}
    if description:
        bundle["repo"]["description"] = description
    for section, cls in SECTIONS:
        items = sorted(
            (r for r in records if type(r) is cls),
            key=lambda r: (getattr(r, "community", ""), getattr(r, "learning_path", ""), r.key),
        )
        if cls is Entry:
            bundle[section] = [
                {"file": Path(r.path).name, "fields": r.to_data(), "body": getattr(r, "body", "")}
                for r in items
            ]
        else:
            bundle[section] = [r.to_data() for r in items]
    return bundle


def records_of_community(records: list[Record], slug: str) -> list[Record]:
    """A community's share of a repo: it, its entries, mentorships, events, projects and onboarding paths
    (with their followers' progress), and the members involved."""
    entries = [r for r in records if isinstance(r, Entry) and r.community == slug]
    mentorships = [r for r in records if isinstance(r, Mentorship) and r.community == slug]
    events = [r for r in records if isinstance(r, Event) and r.community == slug]
    projects = [r for r in records if isinstance(r, Project) and slug in r.communities]
    paths = [r for r in records if isinstance(r, LearningPath) and r.community == slug]
    followed = {p.slug for p in paths}
    progress = [r for r in records if isinstance(r, Progress) and r.learning_path in followed]
    community = [r for r in records if isinstance(r, Community) and r.slug == slug]
    involved = {e.author for e in entries} | {h for c in community for h in c.coordinators}
    involved |= {h for m in mentorships for h in (m.mentor, m.mentee)}
    involved |= {h for e in events for h in (*e.hosts, *e.attendees, *(n.by for n in e.notes))}
    involved |= {h for p in projects for h in (p.owner, *p.members, *(u.author for u in p.updates))}
    involved |= {p.member for p in progress}
    members = [
        r for r in records if isinstance(r, Member) and (r.handle in involved or r.role_in(slug) is not None)
    ]
    return [*community, *members, *mentorships, *entries, *events, *projects, *paths, *progress]


def read_bundle(data: Any, source: str) -> list[Record]:
    """Validate a parsed bundle into records whose `path` is where each goes; refuse it otherwise."""
    if not isinstance(data, dict) or "cop_bundle" not in data:
        raise ImportRefused(source, ["not a cop bundle (no 'cop_bundle' format field)"])
    version = data.get("cop_bundle")
    if version != BUNDLE_FORMAT:
        raise ImportRefused(
            source, [f"bundle format {version!r} is not supported (this cop reads format {BUNDLE_FORMAT})"]
        )
    from cop.store.records.layout import record_path

    problems: list[str] = []
    records: list[Record] = []
    seen: set[tuple[str, str]] = set()
    for section, cls in SECTIONS:
        items = data.get(section) or []
        if not isinstance(items, list):
            problems.append(f"{section}: expected a list")
            continue
        for number, item in enumerate(items, 1):
            where = f"{section}[{number}]"
            try:
                fields, body, file = item, "", ""
                if cls is Entry:
                    if not isinstance(item, dict):
                        raise ValidationError(where, "expected file, fields and body")
                    fields, body, file = item.get("fields"), item.get("body") or "", str(item.get("file", ""))
                    if not isinstance(body, str):
                        raise ValidationError(f"{where}.body", "expected text")
                record = cls.from_data(fields, where)
                path = record_path(record)  # ids and slugs validated: no '..', no '/'
                if isinstance(record, Entry):
                    record.body = body
                    match = _FILE_RE.match(file)
                    if not match or match["id"] != record.id:
                        raise ValidationError(
                            f"{where}.file", f"'{file}' is not '<id>-<slug>.md' for {record.id}"
                        )
                    path = f"{Path(path).parent.as_posix()}/{file}"
                record.path = path
            except ValidationError as error:
                problems.append(str(error) if error.field.startswith(where) else f"{where}: {error}")
                continue
            identity = (section, of(record).identity(record))  # progress: a member on one path
            if identity in seen:
                problems.append(
                    f"{where}: {record.key if cls is not Progress else identity[1]} appears twice"
                )
                continue
            seen.add(identity)
            records.append(record)
    if problems:
        raise ImportRefused(source, problems)
    return records


def plan_merge(incoming: list[Record], find: Callable[[Record], Record | None]) -> ImportPlan:
    """What importing `incoming` does, given `find` (the local record with the same identity)."""
    from cop.store.records.codec import render

    plan = ImportPlan()
    for record in incoming:
        local = find(record)
        if local is None:
            plan.actions.append(Action("add", label(record), record, record.path))
            continue
        merged, _ = merge_records(None, local, record)
        merged.path = local.path
        if render(merged) == render(local):
            plan.actions.append(Action("same", label(local), local, local.path))
            continue
        before, after = local.to_data(), merged.to_data()
        changed = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
        if getattr(local, "body", "") != getattr(merged, "body", ""):
            changed.append("body")
        plan.actions.append(Action("update", label(merged), merged, local.path, changed))
    return plan


def find_local(repo: Repo) -> Callable[[Record], Record | None]:
    """Looks a record up in the repo by identity (entries and mentorships by exact id). Entry ids are
    looked up in one map of the index (a bundle holds tens of thousands), then read from their file."""
    entries: dict[str, str] | None = None

    def find(record: Record) -> Record | None:
        nonlocal entries
        try:
            if isinstance(record, Community):
                return repo.community(record.slug)
            if isinstance(record, Member):
                return repo.member(record.handle)
            if isinstance(record, Mentorship):
                found: Record = repo.mentorship(record.key)
                return found if found.key == record.key else None
            if not isinstance(record, Entry):  # events, projects, paths, progress: where the key puts them
                return repo.read(of(record).path_for(record))
            if entries is None:
                entries = repo.entry_locations()
            path = entries.get(record.key)
            if path is None:
                return None
            found = repo.read(path)
            return found if found.key == record.key else None
        except NotFound:
            return None

    return find


#: told how far an export is: done, of total, and what it is doing ("reading records", "writing pages")
ExportProgress = Callable[[int, int, str], None]

#: records written, synced and indexed together by an import (one sync and one transaction each; a
#: build's chunk)
IMPORT_BATCH = 2000


class TransferOps(Session):
    """`cop export` and `cop import`."""

    def _records(self, community: str | None = None, progress: ExportProgress | None = None) -> list[Record]:
        """Every record read from its file (extra fields and bodies included); `progress(done, total,
        "reading records")` as each file is read."""
        if community:
            self._require_community(community)
        paths = self.repo.files()
        records = []
        for number, path in enumerate(paths, 1):
            records.append(self.repo.read(path))
            if progress is not None:
                progress(number, len(paths), "reading records")
        return records_of_community(records, community) if community else records

    def export_bundle(
        self,
        fmt: str,
        community: str | None = None,
        output: Path | None = None,
        progress: ExportProgress | None = None,
    ) -> str:
        """The bundle as JSON or YAML text; also written to `output` when given. `progress(done, total,
        what)` counts the records read, then says the bundle is being written (one step: not counted)."""
        from cop.store.export import bundle

        if fmt not in bundle.FORMATS:
            raise ValidationError("format", f"'{fmt}' is not one of: json, yaml, html")
        records = self._records(community, progress)
        if progress is not None:
            progress(len(records), len(records), f"writing the {fmt} bundle")
        data = build_bundle(self.repo.info.name, self.repo.info.description, records)
        text = bundle.dump(data, fmt)
        if output is not None:
            bundle.write_file(output, text)
        return text

    if TYPE_CHECKING:  # InsightOps' (cop.core.insights), mixed into Cop with this class

        def insights(
            self, community: str | None = None, *, since: str | None = None, now: str | None = None
        ) -> Insights: ...

    def export_site(
        self, folder: Path, community: str | None = None, progress: ExportProgress | None = None
    ) -> int:
        """Write the static HTML site into `folder`; returns the number of pages. `progress(done,
        total, what)` counts the records read, then the pages written."""
        from cop.store.export import site

        records = self._records(community, progress)
        if progress is not None:
            progress(len(records), len(records), "drawing the pages")
        found = self.insights(community)  # the same numbers as `cop insights`, drawn by the store

        def written(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total, "writing pages")

        return site.write_site(
            folder, self.repo.info.name, self.repo.info.description, records, found, progress=written
        )

    def import_bundle(
        self, source: Path, dry_run: bool = False, progress: Callable[[int], None] | None = None
    ) -> ImportPlan:
        """Merge a bundle file into the repo by identity (see the module docstring). New records are
        written in batches, each durable before it is indexed, so a kill at any moment leaves whole
        files and an index the next command catches up; `progress(n)` is told as n more are done."""
        from cop.store.export import bundle

        incoming = read_bundle(bundle.load(source), source.name)
        known = {c.slug for c in self.repo.all(Community)} | {
            r.key for r in incoming if isinstance(r, Community)
        }
        missing = [
            f"{label(r)}: community '{r.community}' is neither in the bundle nor in this repo"
            for r in incoming
            if isinstance(r, Entry) and r.community not in known
        ]
        if missing:
            raise ImportRefused(source.name, missing)
        plan = plan_merge(incoming, find_local(self.repo))
        if not dry_run:
            self._apply(plan, progress)
        return plan

    def import_markdown(
        self,
        folder: Path,
        community: str,
        kind: str | None = None,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportPlan:
        """Bring a folder of Markdown notes in as entries of `community` (again: only what changed)."""
        from cop.core.transfer.notes import plan_notes
        from cop.store.export import bundle

        if kind is not None and kind not in ENTRY_KINDS:
            raise ValidationError("kind", f"'{kind}' is not one of: {', '.join(ENTRY_KINDS)}")
        self._require_community(community)
        author = self.require_user()
        notes = bundle.read_notes(folder)
        mine = [e.path for e in self.repo.all(Entry) if e.community == community]
        previous: list[Entry] = []
        for path in bundle.imported_notes(self.repo.root, mine):
            try:
                record = self.repo.read(path)
            except CopError:
                continue  # a broken file: doctor reports it
            if isinstance(record, Entry):
                previous.append(record)
        plan = plan_notes(notes, previous, community=community, kind=kind, author=author, progress=progress)
        if not dry_run:
            self._apply(plan)
        return plan

    def _apply(self, plan: ImportPlan, progress: Callable[[int], None] | None = None) -> None:
        from cop.store.export import bundle
        from cop.store.records.codec import render

        adds = [a for a in plan.actions if a.verb == "add"]
        with self.repo.indexing_batches():  # into a new repo: indexed as one build
            for start in range(0, len(adds), IMPORT_BATCH):
                batch = adds[start : start + IMPORT_BATCH]
                with self.repo.writing():
                    texts = [(a.path, render(a.record)) for a in batch]
                    written = bundle.write_batch(self.repo.root, texts)
                for action in batch:
                    action.record.path = action.path
                self.repo.index_written([(a.record, data) for a, data in zip(batch, written, strict=True)])
                if progress:
                    progress(len(batch))
        for action in plan.actions:
            if action.verb == "update":
                action.record.path = action.path
                self.repo.update(action.record)
                if progress:
                    progress(1)
        self.repo.invalidate()
        self.repo.refresh()  # and the sweep's fingerprint stored: the next command finds it fresh
