"""`GitRepo`: the git operations `cop sync`, `cop status` and `cop log` run on a work tree.

A knowledge repo may be a folder inside a larger git repo, so every command runs in the knowledge
repo's folder and limits itself to it (pathspec `.`, `--relative`).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cop.domain.errors import GitError
from cop.store.git.locks import stale_lock
from cop.store.git.process import (
    NetTimeout,
    RemoteRefused,
    RemoteUnreachable,
    _git,
    _last_line,
    git_dir,
    net_timeout,
    timed_out,
)
from cop.store.records.files import has_conflict_markers

_FIELD = "\x1f"
_RECORD = "\x1e"
#: never committed, whatever .gitignore says (it may be missing or edited): cop's cache and the temp
#: files of an atomic write in progress (`.x.md.XXXX.tmp`, see files.atomic_write)
NEVER_COMMITTED = (".cop", ":(glob)**/.*.tmp")
_EXCLUDE = (":(exclude).cop", ":(exclude,glob)**/.*.tmp")


@dataclass(frozen=True)
class Change:
    """One changed path: `status` is A (added), M (changed), D (removed) or R (moved)."""

    status: str
    path: str
    old_path: str = ""


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    email: str
    date: str
    subject: str
    changes: tuple[Change, ...] = ()


class GitRepo:
    """git operations on the work tree that holds a knowledge repo, limited to its folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._prefix: str | None = None
        self.notices: list[str] = []  # what was repaired on the way (a stale lock removed)

    def run(
        self,
        *args: str,
        check: bool = True,
        env: dict[str, str] | None = None,
        stdin: str | None = None,
        timeout: float | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """git in the folder. A failure on a lock file a killed git left behind (`.git/HEAD.lock`)
        removes the lock and runs again when it is provably stale, else says how to clear it."""
        result = _git(list(args), self.root, check=False, extra_env=env, stdin=stdin, timeout=timeout)
        if result.returncode != 0 and "File exists" in result.stderr:
            left = stale_lock(result.stderr, self.root, git_dir(self.root))
            if left is not None and left.stale:
                left.path.unlink(missing_ok=True)
                self.notices.append(f"removed {left.path}, a lock a stopped git left behind")
                result = _git(list(args), self.root, check=False, extra_env=env, stdin=stdin, timeout=timeout)
                left = stale_lock(result.stderr, self.root, git_dir(self.root))
            if left is not None and result.returncode != 0:
                raise GitError(left.advice())
        if check and result.returncode != 0:
            raise GitError(f"git {args[0]} failed: {_last_line(result.stderr or result.stdout)}")
        return result

    # -- where we are ------------------------------------------------------------------------------
    def is_repo(self) -> bool:
        return shutil.which("git") is not None and git_dir(self.root) is not None

    def prefix(self) -> str:
        """The knowledge repo's folder inside the git work tree ('' at the top, else 'sub/dir/')."""
        if self._prefix is None:
            self._prefix = self.run("rev-parse", "--show-prefix").stdout.strip()
        return self._prefix

    def _local(self, path: str) -> str | None:
        """A work-tree-relative path as a knowledge-repo-relative one (None when outside it)."""
        prefix = self.prefix()
        if prefix and not path.startswith(prefix):
            return None
        return path[len(prefix) :]

    def branch(self) -> str:
        result = self.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
        name = result.stdout.strip()
        if not name:
            raise GitError("HEAD is detached; check out a branch (git switch main) before syncing")
        return name

    def rev(self, ref: str) -> str | None:
        result = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        return result.stdout.strip() or None

    def remote_url(self, name: str = "origin") -> str | None:
        result = self.run("remote", "get-url", name, check=False)
        return result.stdout.strip() or None if result.returncode == 0 else None

    def config(self, key: str) -> str | None:
        result = self.run("config", "--get", key, check=False)
        return result.stdout.strip() or None

    def remote_branches(self, remote: str = "origin") -> list[str]:
        """The branches of `remote` as of the last fetch."""
        prefix = f"refs/remotes/{remote}/"
        out = self.run("for-each-ref", "--format=%(refname)", prefix).stdout
        return [line[len(prefix) :] for line in out.splitlines() if line.startswith(prefix)]

    def set_remote(self, name: str, url: str) -> None:
        verb = "set-url" if self.remote_url(name) else "add"
        self.run("remote", verb, name, url)

    def merging(self) -> bool:
        """Whether a merge stopped and waits to be finished (a file check: no process)."""
        for folder in (self.root, *self.root.parents):
            dot_git = folder / ".git"
            if dot_git.is_dir():
                return (dot_git / "MERGE_HEAD").exists()
            if dot_git.exists():
                break  # a worktree keeps MERGE_HEAD in its own git dir: ask git
        return self.rev("MERGE_HEAD") is not None

    # -- local changes -----------------------------------------------------------------------------
    def pending(self) -> list[Change]:
        """Uncommitted changes in the knowledge repo's folder (untracked files included)."""
        out = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".", *_EXCLUDE).stdout
        parts = out.split("\0")
        changes: list[Change] = []
        i = 0
        while i < len(parts):
            item = parts[i]
            i += 1
            if len(item) < 4:
                continue
            xy, path = item[:2], item[3:]
            old = ""
            if "R" in xy or "C" in xy:
                old = parts[i]
                i += 1
            local = self._local(path)
            if local is None:
                continue
            if "U" in xy or xy in ("AA", "DD"):
                status = "U"
            elif xy == "??" or "A" in xy:
                status = "A"
            elif "D" in xy:
                status = "D"
            elif "R" in xy:
                status = "R"
            else:
                status = "M"
            changes.append(Change(status, local, self._local(old) or "" if old else ""))
        return changes

    def commit_all(self, message: str, author: str | None = None, env: dict[str, str] | None = None) -> bool:
        """Stage everything in the folder but the cache and temp files and commit; False when there
        was nothing to commit."""
        self.run("add", "-A", "--", ".")  # an exclude pathspec naming an ignored path fails `add`
        self.run("rm", "-r", "-q", "--cached", "--ignore-unmatch", "--", *NEVER_COMMITTED)
        if self.run("diff", "--cached", "--quiet", check=False).returncode == 0 and not self.merging():
            return False
        args = ["commit", "-q", "--no-verify", "--file=-"]  # stdin: a long message never hits argv limits
        if author:
            args.append(f"--author={author}")
        self.run(*args, env=env, stdin=message)
        return True

    def untrack_never_committed(self) -> int:
        """Stop tracking cache and temp files a commit made without cop's .gitignore picked up (the
        files stay on disk); how many there were."""
        listed = [p for p in self.run("ls-files", "-z", "--", *NEVER_COMMITTED).stdout.split("\0") if p]
        if listed:
            self.run("rm", "-r", "-q", "--cached", "--ignore-unmatch", "--", *NEVER_COMMITTED)
        return len(listed)

    # -- remote ------------------------------------------------------------------------------------
    def _network(self, remote: str, *args: str) -> subprocess.CompletedProcess[str]:
        """A git command that talks to `remote`, stopped after the network timeout."""
        limit = net_timeout(self.root)
        try:
            return self.run(*args, check=False, timeout=limit)
        except NetTimeout:
            url = self.remote_url(remote)
            where = f"{remote} ({url})" if url else remote
            raise RemoteUnreachable(f"cannot reach {remote}: {timed_out(where, limit)}") from None

    def fetch(self, remote: str = "origin") -> None:
        result = self._network(remote, "fetch", "-q", "--no-tags", remote)
        if result.returncode != 0:
            raise RemoteUnreachable(f"cannot reach {remote}: {_last_line(result.stderr)}")

    def merge(
        self, ref: str, message: str, env: dict[str, str] | None = None, unrelated: bool = False
    ) -> bool:
        """Merge `ref` into HEAD (cop's driver merges records); False when conflicts are left.
        `unrelated` allows a merge with no common ancestor (a remote a forge started on its own)."""
        args = ["merge", "-q", "--no-edit", "--no-verify", "-m", message, ref]
        if unrelated:
            args.insert(1, "--allow-unrelated-histories")
        try:
            self.run(*args, env=env)
        except GitError:
            if not self.merging():
                raise
            return False
        return True

    def push(self, remote: str, branch: str) -> tuple[bool, str]:
        """Push HEAD to `remote`/`branch`; (ok, reason). A rejection because the remote moved gives
        (False, 'rejected'); anything else raises RemoteUnreachable."""
        result = self._network(remote, "push", "-q", "--porcelain", "-u", remote, f"HEAD:refs/heads/{branch}")
        if result.returncode == 0:
            return True, ""
        text = result.stdout + result.stderr
        if any(word in text for word in ("[rejected]", "non-fast-forward", "fetch first", "stale info")) or (
            "[remote rejected]" in text and ("failed to update ref" in text or "cannot lock ref" in text)
        ):
            return False, "rejected"
        if "[remote rejected]" in text:  # a server hook said no: its own words say why
            said = [line[7:].strip() for line in result.stderr.splitlines() if line.startswith("remote:")]
            reason = " / ".join(line for line in said if line) or _last_line(result.stdout)
            raise RemoteRefused(f"{remote} refused the push: {reason}")
        raise RemoteUnreachable(f"cannot push to {remote}: {_last_line(result.stderr or result.stdout)}")

    def ahead_behind(self, upstream: str) -> tuple[int, int]:
        result = self.run("rev-list", "--left-right", "--count", f"HEAD...{upstream}", check=False)
        if result.returncode != 0:
            return 0, 0
        ahead, behind = result.stdout.split()
        return int(ahead), int(behind)

    def merge_base(self, a: str, b: str) -> str | None:
        result = self.run("merge-base", a, b, check=False)
        return result.stdout.strip() or None

    # -- conflicts ---------------------------------------------------------------------------------
    def unmerged(self) -> dict[str, set[int]]:
        """Paths git could not merge, with the stages present (1 base, 2 ours, 3 theirs)."""
        out = self.run("ls-files", "-u", "-z", "--", ".").stdout
        stages: dict[str, set[int]] = {}
        for item in out.split("\0"):
            if not item:
                continue
            info, path = item.split("\t", 1)
            local = self._local(path)
            if local is not None:
                stages.setdefault(local, set()).add(int(info.split()[2]))
        return stages

    def take_stage(self, path: str, stage: int) -> None:
        """Resolve `path` with one side's version (3 = theirs; 2 = ours) and stage it."""
        self.run("checkout", f"--{'theirs' if stage == 3 else 'ours'}", "--", path)
        self.run("add", "--", path)

    def stage_text(self, path: str, stage: int) -> str | None:
        """One side's version of an unmerged file (1 base, 2 ours, 3 theirs), None when absent."""
        result = self.run("show", f":{stage}:./{path}", check=False)
        return result.stdout if result.returncode == 0 else None

    def remove(self, paths: list[str]) -> None:
        """Drop `paths` from the index and the work tree (a record that settled elsewhere)."""
        if paths:
            self.run("rm", "-q", "-f", "--cached", "--ignore-unmatch", "--", *paths)
            for path in paths:
                (self.root / path).unlink(missing_ok=True)

    def stage_all(self, paths: list[str]) -> None:
        """Stage `paths` as they are in the work tree (a deleted file is staged as deleted)."""
        if paths:
            self.run("add", "-A", "--", *paths)

    def has_markers(self, path: str) -> bool:
        """Whether a file still holds conflict markers (a line starting with <<<<<<< or >>>>>>>)."""
        return has_conflict_markers(self.root / path)

    def conclude_merge(self, env: dict[str, str] | None = None) -> None:
        self.run("commit", "-q", "--no-edit", "--no-verify", env=env)

    # -- history -----------------------------------------------------------------------------------
    def diff(self, old: str | None, new: str) -> list[Change]:
        """What changed in the folder between two commits (old None: since the empty tree)."""
        base = old or self.run("hash-object", "-t", "tree", "/dev/null").stdout.strip()
        out = self.run("diff", "--relative", "--name-status", "-z", "-M", base, new, "--", ".").stdout
        return _name_status(out.split("\0"))

    def log(self, paths: list[str], limit: int | None = None, follow: bool = False) -> list[Commit]:
        """Commits touching `paths` (the whole folder when empty), newest first, with their changes."""
        fmt = _FIELD.join(("%H", "%an", "%ae", "%aI", "%s")) + _RECORD
        args = ["log", f"--format={_RECORD}{fmt}", "--relative", "--name-status", "-z", "-M"]
        if limit:
            args.append(f"-n{limit}")
        if follow and len(paths) == 1:
            args.append("--follow")  # git leaves merges out of a followed log
        else:
            args.append("--diff-merges=first-parent")  # a merge lists what it brought in (git >= 2.31)
        result = self.run(*args, "--", *(paths or ["."]), check=False)
        if result.returncode != 0 and "diff-merges" in result.stderr:
            args.remove("--diff-merges=first-parent")
            result = self.run(*args, "--", *(paths or ["."]), check=False)
        if result.returncode != 0:
            return []  # no commits yet
        commits: list[Commit] = []
        pieces = result.stdout.split(_RECORD)  # "", header, changes, header, changes...
        for header, rest in zip(pieces[1::2], pieces[2::2], strict=False):
            sha, author, email, date, subject = header.split(_FIELD)
            changes = _name_status(rest.lstrip("\0\n").split("\0"))
            commits.append(Commit(sha, author, email, date, subject, tuple(changes)))
        return commits

    def show(self, ref: str, path: str) -> str | None:
        """A file's text at a commit (`path` is knowledge-repo-relative), None when absent."""
        result = self.run("show", f"{ref}:./{path}", check=False)
        return result.stdout if result.returncode == 0 else None


def _name_status(parts: list[str]) -> list[Change]:
    changes: list[Change] = []
    i = 0
    while i < len(parts):
        status = parts[i].strip()
        i += 1
        if not status:
            continue
        if status[0] in "RC":
            old, new = parts[i], parts[i + 1]
            i += 2
            changes.append(Change("R" if status[0] == "R" else "A", new, old))
        else:
            changes.append(Change(status[0], parts[i]))
            i += 1
    return changes
