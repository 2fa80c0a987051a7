"""`Session`: the repo and the acting member, and the helpers every operation shares.

Each operations class (`cop.core.communities.CommunityOps`, `cop.core.entries.EntryOps`, ...) subclasses
`Session`, or the operations class it really builds on (`SyncOps(HistoryOps)`), so its imports say what it
depends on; `cop.core.api.Cop` is all of them over one `Session`. Nothing here is a stub: a helper two
operation areas need is written here once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cop.domain.errors import NoActingMember, NotFound
from cop.domain.models import Community, Entry, Member
from cop.store.git import process

if TYPE_CHECKING:
    from cop.store import Repo


class Session:
    """A knowledge repo and who is acting on it."""

    def __init__(self, repo: Repo, acting: str | None = None, acting_from: str = "--as") -> None:
        self.repo = repo
        self._acting = acting
        #: where `acting` came from, as a person reads it: "--as", "COP_USER", "clone config (PATH)", ...
        self.acting_from = acting_from
        self._user: Member | None = None
        #: True when `open` created the personal default repo just now (faces tell the person once)
        self.created_default = False
        #: True when `open` fell back to the personal default repo (no repo given, none found)
        self.personal = False

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

    def problems(self) -> list[str]:
        """Files the index skipped (parse or validation errors), one line each: every read command
        shows them, so they are here rather than with `doctor` (whose module imports every area's checks)."""
        return [str(p) for p in self.repo.problems()]

    def has_member(self, handle: str) -> bool:
        return self.repo.has_member(handle)

    def entry_file(self, entry: Entry) -> Path:
        """Where an entry's file is (for an editor to open)."""
        return self.repo.abs_path(entry)

    # -- who is acting -----------------------------------------------------------------------------
    def whoami(self) -> Member | None:
        """The acting member: the handle given (`--as`, `COP_USER` or the config's identity), else the
        member whose email is git's user.email."""
        if self._user is not None:
            return self._user
        if self._acting:
            try:
                self._user = self.repo.member(self._acting)
            except NotFound:
                raise NoActingMember(
                    f"'{self._acting}' (from {self.acting_from}) is not a member of this repo; "
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

    def identity_source(self) -> str:
        """Where the acting member came from: `acting_from`, or "git user.email" (after `whoami`)."""
        return self.acting_from if self._acting else "git user.email"

    # -- references every operation checks -----------------------------------------------------------
    def _require_community(self, slug: str) -> Community:
        try:
            return self.repo.community(slug)
        except NotFound:
            raise NotFound(f"no community '{slug}'; see 'cop community list'") from None

    def _require_member(self, handle: str) -> Member:
        try:
            return self.repo.member(handle)
        except NotFound:
            raise NotFound(
                f"no member '{handle}'; add them with 'cop member add {handle} --name NAME'"
            ) from None

    def is_coordinator(self, handle: str, community: str) -> bool:
        try:
            target = self.repo.community(community)
        except NotFound:
            return False
        if handle in target.coordinators:
            return True
        try:
            return self.repo.member(handle).role_in(community) == "coordinator"
        except NotFound:
            return False
