"""Sharing a repo through git: `sync`, `sync_status` and `clone_repo` (`clone` is `cop.core.api.clone_repo`).

`sync` commits cop's pending changes (author = the acting member), fetches, **merges** the remote branch
(cop's merge driver merges records field by field), pushes, and refreshes the index. Merge rather than
rebase: each member's commits stay as they made them, and the driver runs once per record instead of
once per replayed commit, so a sync stops at most once. docs/sync.md explains the whole workflow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cop.core.sharing.history import VERBS, HistoryOps, describe
from cop.domain.errors import GitError, SyncError
from cop.domain.registry import RECORD_TYPES
from cop.store.git import process as git
from cop.store.git.merge_steps import adopt_remote_branch, check_unrelated, keep_edits, settle_moves
from cop.store.git.operations import Change, GitRepo
from cop.store.git.process import RemoteRefused, RemoteUnreachable
from cop.store.records import files, layout

if TYPE_CHECKING:
    from cop.store import Repo

MAX_PUSH_ATTEMPTS = 5
SYNC_STEPS = 3  # what `progress` counts: the local commit, fetch and merge, push


def _no_progress(n: int = 1) -> None:
    pass


MAX_LISTED = 200  # records listed in a commit message body


@dataclass
class Changes:
    """Records added, changed and removed (labels such as "entry 7k2m9qxa 'Pin your deps'")."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def counts(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"


@dataclass
class SyncReport:
    """What a sync did; `offline` and `conflicts` say why it stopped short."""

    branch: str = ""
    remote: str | None = None
    committed: str | None = None
    sent: Changes = field(default_factory=Changes)
    received: Changes = field(default_factory=Changes)
    pushed: bool = False
    push_attempts: int = 0
    offline: str | None = None
    refused: str | None = None  # the remote said no to the push (a server hook), in its words
    conflicts: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # deleted on one side, edited on the other: kept
    moved: list[str] = field(default_factory=list)  # moved on both sides (or moved and deleted): settled
    repaired: list[str] = field(default_factory=list)  # shared files put back (.gitignore, .gitattributes)


@dataclass
class SyncStatus:
    """Where the local repo stands against its remote (as of the last fetch: no network)."""

    branch: str
    remote: str | None
    pending: list[Change]
    ahead: int = 0
    behind: int = 0
    tracked: bool = False  # the remote branch is known (fetched at least once)
    merging: bool = False
    conflicts: list[str] = field(default_factory=list)


def _plural(kind: str) -> str:
    return RECORD_TYPES[kind].plural if kind in RECORD_TYPES else kind + "s"


def commit_message(repo: Repo, changes: list[Change]) -> str:
    """ "cop: add entry 7k2m9qxa 'Pin your deps'; edit member ada" (a count when there are many)."""
    labels = [describe(repo, c) for c in changes[:MAX_LISTED]]  # titles cost a parse each: list a few
    if len(labels) <= 3:
        return "cop: " + "; ".join(labels)
    tally: dict[tuple[str, str], int] = {}
    for change in changes:
        kind = layout.type_of_path(change.path) or "file"
        verb = VERBS.get(change.status, "change")
        tally[(verb, kind)] = tally.get((verb, kind), 0) + 1
    parts = [f"{verb} {n} {_plural(kind) if n > 1 else kind}" for (verb, kind), n in tally.items()]
    listed = [f"- {label}" for label in labels[:MAX_LISTED]]
    if len(changes) > MAX_LISTED:
        listed.append(f"- … and {len(changes) - MAX_LISTED} more")
    return "cop: " + ", ".join(parts) + "\n\n" + "\n".join(listed)


def pair_moves(changes: list[Change]) -> list[Change]:
    """A record removed at one path and added at another (an entry moved to another community, seen
    before git stages it) as one move. Only entries move: lin's progress on another path is another
    record."""

    def moves(path: str) -> bool:
        kind = layout.record_type_of_path(path)
        return kind is not None and kind.moves

    added = {
        (layout.type_of_path(c.path), layout.expected_key(c.path)): c
        for c in changes
        if c.status == "A" and moves(c.path)
    }
    out: list[Change] = []
    moved: set[str] = set()
    for change in changes:
        if change.status == "D" and moves(change.path):
            new = added.get((layout.type_of_path(change.path), layout.expected_key(change.path)))
            if new is not None:
                out.append(Change("R", new.path, change.path))
                moved.add(new.path)
                continue
        out.append(change)
    return [c for c in out if not (c.status == "A" and c.path in moved)]


def _summarise(repo: Repo, changes: list[Change]) -> Changes:
    out = Changes()
    for change in changes:
        if layout.type_of_path(change.path) is None:
            continue
        label = describe(repo, change).split(" ", 1)[1]
        {"A": out.added, "D": out.removed}.get(change.status, out.changed).append(label)
    return out


def _summarise_all(repo: Repo, g: GitRepo, ranges: list[tuple[str, str | None]]) -> Changes:
    """What the merges brought in (each merge's first parent to its result), each record once."""
    out = Changes()
    for before, after in ranges:
        if after is None or after == before:
            continue
        part = _summarise(repo, g.diff(before, after))
        for mine, theirs in (
            (out.added, part.added),
            (out.changed, part.changed),
            (out.removed, part.removed),
        ):
            mine.extend(label for label in theirs if label not in mine)
    return out


class SyncOps(HistoryOps):
    """`cop sync` and `cop status`: sharing through git (builds on `HistoryOps` for the labels)."""

    def _identity(self) -> tuple[str | None, dict[str, str]]:
        """The acting member as commit author; also the committer when git has no identity."""
        member = self.whoami()
        if member is None:
            return None, {}
        email = member.email or f"{member.handle}@users.noreply.cop"
        name = member.name.replace("<", "").replace(">", "").strip() or member.handle
        env: dict[str, str] = {}
        if not git.config_value("user.email", cwd=self.repo.root):
            env = {"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
        env.update({"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email})
        return f"{name} <{email}>", env

    def sync(
        self, push: bool = True, message: str | None = None, progress: Callable[[int], None] | None = None
    ) -> SyncReport:
        """Commit local changes, merge the remote's, push; see the module docstring.

        Syncs of one clone queue on `.cop/sync.lock`. The local phases (commit, merge, settle) hold the
        repo's write lock, so no record write lands between what git read and what it writes; fetch and
        push do not, so a slow remote never blocks a `cop edit`. What was written while the sync was
        on the network is committed before the merge. `progress(1)` is told as each step ends (the local
        commit, fetch and merge, push): SYNC_STEPS of them, one fewer without a push."""
        with files.locked(self.repo.root / layout.CACHE_DIR / "sync.lock"):
            return self._sync(push, message, progress or _no_progress)

    def _sync(self, push: bool, message: str | None, progress: Callable[[int], None]) -> SyncReport:
        g = self._git()
        author, env = self._identity()
        with files.write_lock(self.repo.root):
            report = SyncReport(branch=g.branch(), remote=g.remote_url("origin"))
            received: list[tuple[str, str | None]] = []  # (before, after) of each merge made
            before = g.rev("HEAD")
            finishing = g.merging()
            if finishing:
                unmerged = sorted(g.unmerged())
                left = [p for p in unmerged if g.has_markers(p)]
                if left:
                    raise SyncError(
                        f"{len(left)} record(s) still have conflict markers: {', '.join(left)}; keep the "
                        "right text, delete the <<<<<<< ======= >>>>>>> lines, then run 'cop sync' again"
                    )
                g.stage_all(unmerged)
            report.repaired = git.restore_shared_files(self.repo.root)
            untracked = g.untrack_never_committed()
            if untracked:
                report.repaired.append(
                    f"{untracked} cache or temp file(s) were committed: they are no longer tracked "
                    f"(they stay on disk; {layout.CACHE_DIR}/ and .*.tmp files are never committed)"
                )
            self._commit_pending(g, report, message, author, env, force=bool(untracked))
            if finishing and before is not None:
                received.append((before, g.rev("HEAD")))
        progress(1)
        if report.remote is None:
            report.repaired += g.notices
            self._after_sync()
            return report
        tip: str | None = None
        before_push: str | None = None
        for attempt in range(1, MAX_PUSH_ATTEMPTS + 1):
            try:
                g.fetch("origin")
            except RemoteUnreachable as error:
                report.offline = str(error)
                break
            with files.write_lock(self.repo.root):
                self._commit_pending(g, report, message, author, env)  # written while we fetched
                tip = self._merge_remote(g, report, env, attempt, received)
            if attempt == 1:
                progress(1)
            if report.conflicts:
                break
            before_push = tip
            if not push:
                break
            report.push_attempts = attempt
            try:
                ok, _ = g.push("origin", report.branch)
            except RemoteRefused as error:
                report.refused = str(error)
                break
            except RemoteUnreachable as error:
                report.offline = str(error)
                break
            if ok:
                report.pushed = True
                progress(1)
                break
        else:
            raise SyncError(
                f"the remote kept moving during {MAX_PUSH_ATTEMPTS} attempts to push; run 'cop sync' again"
            )
        head = g.rev("HEAD")
        if head and not report.conflicts:
            report.received = _summarise_all(self.repo, g, received)
            if report.pushed and before_push != head:
                report.sent = _summarise(self.repo, g.diff(before_push, head))
        report.repaired += g.notices
        self._after_sync()
        return report

    def _commit_pending(
        self,
        g: GitRepo,
        report: SyncReport,
        message: str | None,
        author: str | None,
        env: dict[str, str],
        force: bool = False,
    ) -> None:
        """Commit every pending change (and a merge being finished; `force`: what is staged, such as
        cache files no longer tracked); the first commit's subject is the one reported."""
        pending = pair_moves(g.pending())
        if not pending and not g.merging() and not force:
            return
        default = "cop: stop tracking the cache" if force else "cop: finish merge"
        text = message or (commit_message(self.repo, pending) if pending else default)
        if g.merging() and not message:
            text = "cop: merge remote changes" + (f"; {text[5:]}" if pending else "")
        try:
            committed = g.commit_all(text, author, env)
        except GitError as error:
            if "auto-detect" not in str(error) and "tell me who you are" not in str(error):
                raise
            raise SyncError(
                "git does not know who is committing: act as a member (--as HANDLE or COP_USER), or "
                "set 'git config --global user.email you@example.org' and user.name"
            ) from None
        if committed and report.committed is None:
            report.committed = text.split("\n", 1)[0]

    def _merge_remote(
        self,
        g: GitRepo,
        report: SyncReport,
        env: dict[str, str],
        attempt: int,
        received: list[tuple[str, str | None]],
    ) -> str | None:
        """Merge the fetched remote branch (under the write lock); its tip, None when it has none."""
        tip = g.rev(f"refs/remotes/origin/{report.branch}")
        if tip is None and attempt == 1:
            adopted = adopt_remote_branch(g, report.branch)
            if adopted is not None:
                report.branch, tip = adopted
        before = g.rev("HEAD")
        if tip is None or before is None:
            return tip
        text = f"cop: sync with origin/{report.branch}"
        try:
            clean = g.merge(tip, text, env)
        except GitError as error:  # asked only on failure: no extra git process per sync
            if "unrelated histories" not in str(error):
                raise
            check_unrelated(g, tip, report.branch)
            clean = g.merge(tip, text, env, unrelated=True)
        if not clean:
            report.kept += keep_edits(g)
            report.moved += settle_moves(g)
            report.conflicts = sorted(g.unmerged())
            if report.conflicts:
                return tip
            g.conclude_merge(env)
        received.append((before, g.rev("HEAD")))
        return tip

    def _after_sync(self) -> None:
        self.repo.invalidate()
        self.repo.refresh()

    def sync_status(self) -> SyncStatus:
        """Local changes since the last sync, commits ahead/behind (as of the last fetch), conflicts."""
        g = self._git()
        branch = g.branch()
        status = SyncStatus(branch=branch, remote=g.remote_url("origin"), pending=pair_moves(g.pending()))
        upstream = f"refs/remotes/origin/{branch}"
        if status.remote and g.rev(upstream):
            status.tracked = True
            status.ahead, status.behind = g.ahead_behind(upstream)
        status.merging = g.merging()
        status.conflicts = sorted(g.unmerged())
        return status


def run_merge_driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """git's merge driver (`cop merge-driver %O %A %B %P`): merge the three versions into `ours`; 0 when
    merged, 1 when a text conflict was left between markers."""
    from cop.store.git.driver import run

    return run(base, ours, theirs, name)
