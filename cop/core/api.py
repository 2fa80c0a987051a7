"""`Cop`: the one core API the CLI and the TUI call (a repo plus the acting member).

The operations live in modules named for what they hold (communities, entries, mentorships, health);
this class ties them together and resolves which repo and which member are in play.
"""

from __future__ import annotations

import os
from pathlib import Path

from cop.core.communities import CommunityOps
from cop.core.entries import EntryOps
from cop.core.health import HealthOps
from cop.core.mentorships import MentorshipOps
from cop.core.sharing.sync import SyncOps
from cop.core.transfer.bundles import TransferOps
from cop.domain.errors import NoActingMember, NotFound, RepoNotFound, SyncError
from cop.domain.models import Entry, Member
from cop.store import Repo, default_repo_path, find_root
from cop.store.git import process
from cop.store.git.merge_steps import check_out_cop_branch
from cop.store.git.operations import GitRepo
from cop.store.records import layout


def resolve_repo_path(explicit: str | Path | None, cwd: Path | None = None) -> tuple[Path, bool]:
    """Which repo to use: `--repo`/`COP_REPO`, else the nearest `cop.yaml` above `cwd`, else the
    personal default repo. Returns (path, is_default)."""
    if explicit:
        return Path(explicit).expanduser(), False
    env = os.environ.get("COP_REPO")
    if env:
        return Path(env).expanduser(), False
    found = find_root((cwd or Path.cwd()).resolve())
    if found is not None:
        return found, False
    return default_repo_path(), True


class Cop(CommunityOps, EntryOps, MentorshipOps, HealthOps, SyncOps, TransferOps):
    """A knowledge repo and who is acting on it."""

    def __init__(self, repo: Repo, acting: str | None = None) -> None:
        self.repo = repo
        self._acting = acting
        self._user: Member | None = None
        #: True when `open` created the personal default repo just now (faces tell the person once)
        self.created_default = False
        #: True when `open` fell back to the personal default repo (no repo given, none found)
        self.personal = False

    @classmethod
    def open(cls, repo: str | Path | None = None, acting: str | None = None, cwd: Path | None = None) -> Cop:
        """Open the repo cop should work on (creating the personal default repo on first use)."""
        path, is_default = resolve_repo_path(repo, cwd)
        created = is_default and not (path / layout.CONFIG_FILE).exists()
        if created:
            Repo.init(path, name="My knowledge", description="Your personal cop repo.")
        if not path.is_dir():
            raise RepoNotFound(f"repo folder {path} does not exist; create it with 'cop init {path}'")
        opened = Repo.open(path)
        process.ensure_driver(
            opened.root
        )  # git reads merge drivers from local config only: a fresh clone lacks it
        core = cls(opened, acting or os.environ.get("COP_USER") or None)
        core.created_default = created
        core.personal = is_default
        return core

    def close(self) -> None:
        self.repo.close()

    # -- the repo, as the faces may see it -------------------------------------------------------------
    @property
    def root(self) -> Path:
        """The repo's folder."""
        return self.repo.root

    @property
    def name(self) -> str:
        """The repo's name (from its config file)."""
        return self.repo.info.name

    def file_count(self) -> int:
        """How many record files the repo holds."""
        return len(self.repo.files())

    def has_member(self, handle: str) -> bool:
        return self.repo.has_member(handle)

    def entry_file(self, entry: Entry) -> Path:
        """Where an entry's file is (for an editor to open)."""
        return self.repo.abs_path(entry)

    # -- who is acting -----------------------------------------------------------------------------
    def whoami(self) -> Member | None:
        """The acting member: `--as`/`COP_USER`, else the member whose email is git's user.email."""
        if self._user is not None:
            return self._user
        if self._acting:
            try:
                self._user = self.repo.member(self._acting)
            except NotFound:
                raise NoActingMember(
                    f"'{self._acting}' (from --as or COP_USER) is not a member of this repo; "
                    f"add it with 'cop member add {self._acting} --name \"Your Name\"'"
                ) from None
            return self._user
        email = process.config_value("user.email", cwd=self.repo.root)
        if email:
            for member in self.repo.all(Member):
                if member.email and member.email.lower() == email.lower():
                    self._user = member
                    return member
        return None

    def require_user(self) -> Member:
        member = self.whoami()
        if member is None:
            raise NoActingMember(
                "cop does not know who you are: pass --as HANDLE, set COP_USER=HANDLE, or add a member "
                "whose email is your git user.email ('cop member add HANDLE --name NAME --email EMAIL')"
            )
        return member


def is_repo(path: Path) -> bool:
    """Whether `path` holds a knowledge repo (its config file)."""
    return (path / layout.CONFIG_FILE).is_file()


def init_repo(path: Path, name: str | None = None, description: str = "", remote: str | None = None) -> Cop:
    """Create a knowledge repo at `path` (skeleton, .gitignore, git setup) and open it."""
    repo = Repo.init(path, name=name, description=description)
    process.setup(repo.root, remote)
    return Cop(repo)


def clone_repo(url: str, target: Path, acting: str | None = None) -> Cop:
    """Clone a shared repo, configure cop's merge driver, build the index; the opened core. A clone
    that fails leaves no half-made folder behind."""
    existed = target.exists()
    if existed and any(target.iterdir()):
        raise SyncError(f"{target} exists and is not empty; choose another folder")
    try:
        process.clone(url, target)
        if not (target / layout.CONFIG_FILE).is_file():
            check_out_cop_branch(GitRepo(target), url)
        process.ensure_driver(target)
        core = Cop(Repo.open(target), acting)
        core.repo.refresh()
    except BaseException:
        process.discard_clone(target, keep_folder=existed)
        raise
    return core
