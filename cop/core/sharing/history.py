"""A repo's or one record's history from git (`cop log`), and record changes as words.

`describe` turns a changed path into "add entry 7k2m9qxa 'Pin your deps'" for commit messages, sync
summaries, `cop status` and `cop log`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cop.core.session import Session
from cop.domain import ids
from cop.domain.errors import CopError, NotFound, SyncError
from cop.domain.events import Event, Project
from cop.domain.paths import LearningPath
from cop.store.git import titles
from cop.store.git.operations import Change, Commit, GitRepo
from cop.store.records import layout

if TYPE_CHECKING:
    from cop.store import Repo

VERBS = {"A": "add", "M": "edit", "D": "remove", "R": "move", "U": "merge"}


@dataclass
class LogItem:
    """One commit in a record's or the repo's history."""

    commit: Commit
    records: list[str]  # what changed, as labels ("edit entry 7k2m9qxa 'Title'")
    fields: list[str] = field(default_factory=list)  # for one record: the fields that changed


def describe(repo: Repo, change: Change, text: str | None = None) -> str:
    """A record change as words: "add entry 7k2m9qxa 'Pin your deps'", "edit member ada"."""
    verb = VERBS.get(change.status, "change")
    kind = layout.type_of_path(change.path)
    if kind is None:
        return f"{verb} {change.path}"
    key = layout.expected_key(change.path)
    nest = layout.nest_of_path(change.path)
    label = f"{kind} {nest}/{key}" if nest and kind != "entry" else f"{kind} {key}"  # progress: path/handle
    if kind == "entry":
        title = titles.entry_title(repo.root, change.path, text)
        if title:
            label += f" '{title}'"
    return f"{verb} {label}"


class HistoryOps(Session):
    """`cop log`: a record's or the repo's history (`SyncOps` builds on it)."""

    def _git(self) -> GitRepo:
        g = GitRepo(self.repo.root)
        if not g.is_repo():
            raise SyncError(
                f"{self.repo.root} is not in a git repo; run 'git init' there "
                "(or start a new repo with 'cop init --remote URL')"
            )
        return g

    def history(self, ident: str | None = None, limit: int | None = None) -> list[LogItem]:
        """The repo's history, or one record's (by id, id prefix, slug or handle), newest first."""
        g = self._git()
        if not ident:
            return [LogItem(c, [describe(self.repo, ch) for ch in c.changes]) for c in g.log([], limit)]
        path = self._record_path(ident)
        if path is not None:
            # --follow finds the paths a record had (an entry moves with its community) but drops
            # merges, where a conflict was resolved; so it only collects paths for the real log.
            moved = {
                c.old_path for commit in g.log([path], follow=True) for c in commit.changes if c.old_path
            }
            commits = g.log([path, *sorted(moved - {path})], limit)
        else:
            patterns = []
            if ids.is_id_prefix(ident.lower()):
                patterns = [
                    f":(glob)entries/*/{ident.lower()}*.md",
                    f":(glob)mentorships/{ident.lower()}*.yaml",
                    f":(glob)events/{ident.lower()}*.yaml",
                ]
            if ids.is_slug(ident):
                patterns += [f"members/{ident}.yaml", f"communities/{ident}.yaml", f"projects/{ident}.yaml"]
            commits = g.log(patterns, limit) if patterns else []
            if not commits:
                raise NotFound(f"no record '{ident}' in this repo or its history; see 'cop log'")
        return [self._log_item(g, c) for c in commits]

    def describe_change(self, change: Change) -> str:
        """A pending or committed change as words (see `describe`)."""
        return describe(self.repo, change)

    def _record_path(self, ident: str) -> str | None:
        finders = (
            self.repo.entry,
            self.repo.mentorship,
            self.repo.community,
            self.repo.member,
            lambda key: self.repo.find(Event, key),
            lambda key: self.repo.find(Project, key),
            lambda key: self.repo.find(LearningPath, key),
        )
        for find in finders:
            try:
                return find(ident).path
            except (NotFound, CopError):
                continue
        return None

    def _log_item(self, g: GitRepo, commit: Commit) -> LogItem:
        fields: list[str] = []
        labels: list[str] = []
        for change in commit.changes:
            kind = layout.type_of_path(change.path)
            new = g.show(commit.sha, change.path) if change.status != "D" else None
            labels.append(describe(self.repo, change, new))
            if kind is None or change.status != "M" and change.status != "R":
                continue
            old = g.show(f"{commit.sha}^", change.old_path or change.path)
            fields += titles.changed_fields(kind, old or "", new or "", change.path)
        return LogItem(commit, labels, fields)
