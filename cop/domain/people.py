"""The records about people: communities, members (with their memberships) and mentorships (with their
goals and sessions). The base is `cop.domain.records`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cop.domain.errors import ValidationError
from cop.domain.records import Record, Superseded, _f

COMMUNITY_KINDS = ("professional", "social", "academic", "corporate", "virtual")
COMMUNITY_STATUSES = ("active", "archived")
MENTORSHIP_STATUSES = ("active", "proposed", "paused", "completed", "cancelled")
GOAL_STATUSES = ("open", "done", "dropped")
ROLES = ("member", "coordinator")


@dataclass
class Membership(Record):
    community: str = _f("slug", required=True)
    role: str = _f("choice", "member", choices=ROLES)


@dataclass
class Goal(Record):
    text: str = _f("str", required=True)
    status: str = _f("choice", "open", choices=GOAL_STATUSES)


@dataclass
class Session(Record):
    date: str = _f("date", required=True)
    minutes: int = _f("int", 0, max=24 * 60)  # one session, at most a day
    notes: str = _f("text")
    next: str = _f("text")


#: Days until an entry is due for review again, unless its community says otherwise.
REVIEW_DAYS = 90


@dataclass
class Community(Record):
    key_field: ClassVar[str] = "slug"

    slug: str = _f("slug", required=True)
    name: str = _f("str", required=True)
    kind: str = _f("choice", required=True, choices=COMMUNITY_KINDS)
    domain: str = _f("str")
    status: str = _f("choice", "active", choices=COMMUNITY_STATUSES)
    description: str = _f("text")
    charter: str = _f("text")
    coordinators: list[str] = _f("slugs", [])
    tags: list[str] = _f("tags", [])
    links: dict[str, str] = _f("map", {})
    created: str = _f("timestamp")
    review_days: int = _f("int", REVIEW_DAYS, max=36500)

    def check(self) -> None:
        if self.review_days < 1:
            raise ValidationError("review_days", "must be at least 1")


@dataclass
class Member(Record):
    key_field: ClassVar[str] = "handle"

    handle: str = _f("slug", required=True)
    name: str = _f("str", required=True)
    email: str = _f("str")
    title: str = _f("str")
    department: str = _f("str")
    team: str = _f("str")
    external: bool = _f("bool", False)
    expertise: list[str] = _f("tags", [])
    interests: list[str] = _f("tags", [])
    memberships: list[Membership] = _f("records", [], of=Membership)
    bio: str = _f("text")
    joined: str = _f("date")
    mentor_capacity: int = _f("int", 2, max=100)  # mentees they can take at once (docs/format.md)
    seeking_mentor: bool = _f("bool", False)  # asked for a mentor (`cop mentor request`)

    def role_in(self, community: str) -> str | None:
        for membership in self.memberships:
            if membership.community == community:
                return membership.role
        return None


@dataclass
class Mentorship(Record):
    key_field: ClassVar[str] = "id"

    id: str = _f("id", required=True)
    mentor: str = _f("slug", required=True)
    mentee: str = _f("slug", required=True)
    community: str = _f("slug")
    status: str = _f("choice", "active", choices=MENTORSHIP_STATUSES)
    started: str = _f("date")
    ends: str = _f("date")
    cadence: str = _f("str")
    goals: list[Goal] = _f("records", [], of=Goal)
    sessions: list[Session] = _f("records", [], of=Session)
    created: str = _f("timestamp")
    updated: str = _f("timestamp")
    superseded: list[Superseded] = _f("records", [], of=Superseded)

    def check(self) -> None:
        if self.mentor == self.mentee:
            raise ValidationError("mentee", "a member cannot mentor themselves")
        if self.started and self.ends and self.ends < self.started:
            raise ValidationError("ends", f"{self.ends} is before the start ({self.started})")
