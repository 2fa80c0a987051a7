"""Community and member operations: create, edit, archive, join, leave, and who belongs where."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cop.core.session import Session
from cop.domain import dates
from cop.domain.errors import AlreadyExists, NotFound, ValidationError
from cop.domain.filters import EntryFilter
from cop.domain.models import ROLES, Community, Entry, Member, Membership, with_changes
from cop.domain.tags import normalise_tag


class CommunityOps(Session):
    """Communities and members: create, edit, archive, join, leave."""

    # -- communities -------------------------------------------------------------------------------
    def communities(self, include_archived: bool = True) -> list[Community]:
        found = self.repo.all(Community)
        if not include_archived:
            found = [c for c in found if c.status != "archived"]
        return sorted(found, key=lambda c: (c.name.casefold(), c.slug))

    def community(self, slug: str) -> Community:
        return self.repo.community(slug)

    def add_community(
        self,
        slug: str,
        name: str,
        kind: str,
        *,
        domain: str = "",
        description: str = "",
        charter: str = "",
        tags: Iterable[str] = (),
        coordinators: Iterable[str] = (),
        links: dict[str, str] | None = None,
    ) -> Community:
        community = Community.from_data(
            {
                "slug": slug,
                "name": name,
                "kind": kind,
                "domain": domain,
                "description": description,
                "charter": charter,
                "tags": list(tags),
                "coordinators": list(coordinators),
                "links": links or {},
                "created": dates.now(),
            }
        )
        for handle in community.coordinators:
            self._require_member(handle)
        return self.repo.create(community)

    def edit_community(
        self,
        slug: str,
        *,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        set_links: dict[str, str] | None = None,
        **changes: Any,
    ) -> Community:
        """Change fields of a community (None leaves a field as it is). Tags added or removed and links
        set (NAME: VALUE; an empty VALUE removes it) apply to the file as it is under the write lock, so
        concurrent edits all land."""

        def edit(community: Community) -> Community:
            data = dict(changes)
            if add_tags or remove_tags:
                data["tags"] = edit_list(community.tags, add_tags, remove_tags)
            if set_links:
                merged = {**community.links, **set_links}
                data["links"] = {k: v for k, v in merged.items() if v}
            changed = with_changes(community, data)
            for handle in changed.coordinators:
                self._require_member(handle)
            return changed

        return self.repo.modify(Community, slug, edit)

    def archive_community(self, slug: str) -> Community:
        return self.edit_community(slug, status="archived")

    def community_members(self, slug: str) -> list[tuple[Member, str]]:
        """Members of a community with their role, coordinators first."""
        community = self.repo.community(slug)
        rows = []
        for member in self.repo.all(Member):
            role = member.role_in(slug)
            if member.handle in community.coordinators:
                role = "coordinator"
            if role:
                rows.append((member, role))
        return sorted(rows, key=lambda r: (r[1] != "coordinator", r[0].name.casefold()))

    def entry_counts(self) -> dict[str, int]:
        """Entries per community slug."""
        return self.repo.entry_counts()

    # -- members -----------------------------------------------------------------------------------
    def members(self) -> list[Member]:
        return sorted(self.repo.all(Member), key=lambda m: (m.name.casefold(), m.handle))

    def member(self, handle: str) -> Member:
        return self.repo.member(handle)

    def add_member(
        self,
        handle: str,
        name: str,
        *,
        email: str = "",
        title: str = "",
        department: str = "",
        team: str = "",
        external: bool = False,
        expertise: Iterable[str] = (),
        interests: Iterable[str] = (),
        bio: str = "",
        joined: str | None = None,
    ) -> Member:
        member = Member.from_data(
            {
                "handle": handle,
                "name": name,
                "email": email,
                "title": title,
                "department": department,
                "team": team,
                "external": external,
                "expertise": list(expertise),
                "interests": list(interests),
                "bio": bio,
                "joined": joined or dates.today(),
            }
        )
        if self.repo.has_member(member.handle):
            raise AlreadyExists(
                f"member '{member.handle}' exists already; see 'cop member show {member.handle}'"
            )
        return self.repo.create(member)

    def edit_member(
        self,
        handle: str,
        *,
        add_expertise: Iterable[str] = (),
        remove_expertise: Iterable[str] = (),
        add_interests: Iterable[str] = (),
        remove_interests: Iterable[str] = (),
        **changes: Any,
    ) -> Member:
        """Change a member's profile (None leaves a field as it is); list additions and removals
        apply to the file as it is under the write lock."""

        def edit(member: Member) -> Member:
            data = dict(changes)
            if add_expertise or remove_expertise:
                data["expertise"] = edit_list(member.expertise, add_expertise, remove_expertise)
            if add_interests or remove_interests:
                data["interests"] = edit_list(member.interests, add_interests, remove_interests)
            return with_changes(member, data)

        return self.repo.modify(Member, handle, edit)

    def join(self, community: str, handle: str, role: str = "member") -> Member:
        """Add (or change) a membership; a coordinator is also listed on the community. The member and
        the community change in one locked step, each re-read from its file."""
        if role not in ROLES:
            raise ValidationError("role", f"'{role}' is not one of: {', '.join(ROLES)}")
        self._require_community(community)
        self._require_member(handle)

        def add_membership(member: Member) -> None:
            memberships = [m for m in member.memberships if m.community != community]
            memberships.append(Membership(community=community, role=role))
            member.memberships = sorted(memberships, key=lambda m: m.community)

        def list_coordinator(target: Community) -> None:
            if role == "coordinator" and handle not in target.coordinators:
                target.coordinators.append(handle)
            elif role == "member" and handle in target.coordinators:
                target.coordinators.remove(handle)

        with self.repo.writing():
            member = self.repo.modify(Member, handle, add_membership)
            self.repo.modify(Community, community, list_coordinator)  # no change: no write
        return member

    def leave(self, community: str, handle: str) -> Member:
        self._require_community(community)
        self._require_member(handle)
        with self.repo.writing():
            target = self.repo.community(community)
            member = self.repo.member(handle)
            if member.role_in(community) is None and handle not in target.coordinators:
                raise NotFound(f"'{handle}' is not a member of '{community}'")

            def drop(member: Member) -> None:
                member.memberships = [m for m in member.memberships if m.community != community]

            def unlist(target: Community) -> None:
                target.coordinators = [h for h in target.coordinators if h != handle]

            member = self.repo.modify(Member, handle, drop)
            self.repo.modify(Community, community, unlist)  # no change: no write
        return member

    def contributions(self, handle: str, limit: int | None = None) -> list[Entry]:
        """What a member wrote, newest first (`limit`: the newest that many only)."""
        return self.repo.entries(EntryFilter(author=handle), limit=limit)

    def contribution_count(self, handle: str) -> int:
        """How many entries a member wrote (counted in the index; no entry is built)."""
        return self.repo.count_entries(EntryFilter(author=handle))


def edit_list(values: list[str], add: Iterable[str], remove: Iterable[str]) -> list[str]:
    """`values` (tags, expertise, interests) with some added and some removed; removal matches the
    way they are stored (lowercase, '-' for spaces), so removing "Unit Tests" removes `unit-tests`."""
    removed = {normalise_tag(t) for t in remove}
    kept = [t for t in values if t not in removed]
    return kept + [t for t in add if t not in kept]
