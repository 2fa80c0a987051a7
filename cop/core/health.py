"""Repo health: `doctor` (every problem in the repo) and `reindex`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cop.core.links import LinkOps
from cop.core.templates import TemplateOps
from cop.domain.events import Event, Project
from cop.domain.models import Community, Entry, Member, Mentorship
from cop.domain.paths import LearningPath, Progress

if TYPE_CHECKING:
    from cop.domain.watch import WatchStatus
    from cop.store import RefreshReport


@dataclass(frozen=True)
class Finding:
    """One problem `cop doctor` reports: where, and what is wrong."""

    path: str
    message: str
    kind: str = "reference"  # parse | reference | duplicate | conflict | size | symlink | link | template
    line: int | None = None  # where YAML could tell

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def _parse_finding(path: str, message: str) -> Finding:
    """A skipped file as a finding; the index stores `path[:line]: reason`, the finding holds each part."""
    located = re.match(rf"{re.escape(path)}(?::(\d+))?: (.*)", message, re.S)
    if located is None:
        return Finding(path, message, "parse")
    line, reason = located.groups()
    return Finding(path, reason, "parse", int(line) if line else None)


class HealthOps(LinkOps, TemplateOps):
    """`cop doctor`, reindex and refresh, the watcher."""

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> RefreshReport:
        """Rebuild the index from the files, from scratch."""
        return self.repo.refresh(full=True, progress=progress)

    def build_index(self, progress: Callable[[int, int], None] | None = None) -> RefreshReport:
        """Bring the index up to date now (after a clone or an import, rather than silently in the next
        command); `progress(done, total)` as the files to read are read, so a face can count them."""
        self.repo.invalidate()
        return self.repo.refresh(progress=progress)

    def refresh(self) -> bool:
        """Look at the files again (another process, an editor or git may have changed them);
        True when the index changed. Long-running faces (the TUI) call this on a timer."""
        self.repo.invalidate()
        return bool(self.repo.refresh())

    # -- the change journal (`cop watch`, docs/watch.md) ------------------------------------------
    def can_watch(self) -> bool:
        """Whether a watcher can run on this system (Linux inotify)."""
        from cop.store.watch import client as watch

        return watch.is_supported()

    def watcher(self) -> WatchStatus | None:
        """What this repo's running watcher says about itself, or None when none runs."""
        from cop.store.watch import client as watch

        return watch.status(self.repo.root.resolve())

    def watcher_log(self) -> Path:
        from cop.store.watch import client as watch

        return self.repo.root.resolve() / watch.LOG_FILE

    def start_watcher(self, command: list[str]) -> WatchStatus:
        """Start `command` (a face's own way to run a foreground watcher on this repo) detached; returns
        once the watcher answers. Raises WatchError (one line: why) when it cannot."""
        from cop.store.watch import client as watch

        return watch.start_background(self.repo.root.resolve(), command)

    def stop_watcher(self) -> int | None:
        """Stop this repo's watcher; its pid, or None when none ran."""
        from cop.store.watch import client as watch

        return watch.stop(self.repo.root.resolve())

    def run_watcher(self, ready: Callable[[WatchStatus], None] | None = None) -> str:
        """Watch this repo until stopped (a signal, `stop_watcher`, the repo folder gone); returns why."""
        from cop.store.watch.server import serve

        return serve(self.repo.root.resolve(), ready)

    def doctor(self) -> list[Finding]:
        """Every problem in the repo, sorted by file."""
        self.repo.refresh()
        findings = [_parse_finding(p.path, p.message) for p in self.repo.problems()]
        communities = {c.slug for c in self.repo.all(Community)}
        members = {m.handle for m in self.repo.all(Member)}
        entries = self.repo.all(Entry)
        by_id: dict[str, list[Entry]] = {}
        for entry in entries:
            by_id.setdefault(entry.id, []).append(entry)

        def need(path: str, kind: str, value: str, known: set[str], field: str) -> None:
            if value and value not in known:
                findings.append(Finding(path, f"{field} '{value}' is not a known {kind}"))

        for community in self.repo.all(Community):
            for handle in community.coordinators:
                need(community.path, "member", handle, members, "coordinator")
        for member in self.repo.all(Member):
            for membership in member.memberships:
                need(member.path, "community", membership.community, communities, "membership")
        for entry in entries:
            need(entry.path, "community", entry.community, communities, "community")
            need(entry.path, "member", entry.author, members, "author")
            for handle in entry.endorsements:
                need(entry.path, "member", handle, members, "endorsement by")
            for handle in entry.verifiers:
                need(entry.path, "member", handle, members, "verifier")
            if entry.superseded_by and not by_id.get(entry.superseded_by):
                findings.append(
                    Finding(entry.path, f"is superseded by {entry.superseded_by}, which does not exist")
                )
            if entry.question:
                parents = by_id.get(entry.question, [])
                if not parents:
                    findings.append(
                        Finding(entry.path, f"answers question {entry.question}, which does not exist")
                    )
                elif parents[0].kind != "question":
                    findings.append(
                        Finding(entry.path, f"answers {entry.question}, which is a {parents[0].kind}")
                    )
            if entry.accepted:
                answers = by_id.get(entry.accepted, [])
                if not answers or answers[0].question != entry.id:
                    findings.append(
                        Finding(entry.path, f"accepted answer {entry.accepted} is not an answer to it")
                    )
        for ident, copies in by_id.items():
            if len(copies) > 1:
                paths = ", ".join(sorted(e.path for e in copies))
                for entry in copies:
                    findings.append(
                        Finding(entry.path, f"id {ident} is used by several files: {paths}", "duplicate")
                    )
        for mentorship in self.repo.all(Mentorship):
            need(mentorship.path, "member", mentorship.mentor, members, "mentor")
            need(mentorship.path, "member", mentorship.mentee, members, "mentee")
            need(mentorship.path, "community", mentorship.community, communities, "community")
        # here, not at the top: every command asks this module whether a watcher runs (`watch = auto`)
        from cop.core.events import reference_problems
        from cop.core.paths import path_reference_problems

        gatherings = (self.repo.all(Event), self.repo.all(Project))
        for path, message in reference_problems(*gatherings, communities, members, set(by_id)):
            findings.append(Finding(path, message))
        onboarding = (self.repo.all(LearningPath), self.repo.all(Progress))
        for path, message in path_reference_problems(*onboarding, communities, members, set(by_id)):
            findings.append(Finding(path, message))
        conflicted = set(self.repo.conflicted())
        # A file with markers also fails to parse: report it once, as the conflict it is.
        findings = [f for f in findings if not (f.kind == "parse" and f.path in conflicted)]
        findings += [
            Finding(
                path,
                "has unresolved merge conflict markers: keep the right text, then 'cop sync'",
                "conflict",
            )
            for path in conflicted
        ]
        from cop.store.records.layout import linked_records

        findings += [
            Finding(
                path,
                "is a symbolic link: cop does not follow it (its target could be outside the "
                "repo), so what it holds is not served; put the real file or folder there",
                "symlink",
            )
            for path in linked_records(self.repo.root)
        ]
        findings += self._oversized()
        findings += [Finding(path, message, "link", line) for path, line, message in self.link_problems()]
        findings += [Finding(path, message, "template") for path, message in self.template_problems()]
        return sorted(set(findings), key=lambda f: (f.path, f.kind, f.message))

    def _oversized(self) -> list[Finding]:
        """Entries whose body goes past what search indexes (their start is searched, all is shown)."""
        from cop.store.index.search import MAX_INDEXED_CHARS

        return [
            Finding(
                path,
                f"is {size / (1 << 20):.1f} MB: only the first {MAX_INDEXED_CHARS >> 10} K characters "
                "of its body are searched; split it into smaller entries or link to the document",
                "size",
            )
            for path, size in self.repo.index.search_db.oversized(MAX_INDEXED_CHARS)
        ]
