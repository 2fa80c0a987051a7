"""The record types (Community, Member, Entry, Mentorship) and their validation, by one name.

They live by what they hold: the base and the merge's bookkeeping in `cop.domain.records`, entries in
`cop.domain.entries`, communities, members and mentorships in `cop.domain.people`. Import them from here.
"""

from __future__ import annotations

from cop.domain.entries import ENTRY_KINDS, ENTRY_STATUSES, Entry, Verification, Verified
from cop.domain.people import (
    COMMUNITY_KINDS,
    COMMUNITY_STATUSES,
    GOAL_STATUSES,
    MENTORSHIP_STATUSES,
    REVIEW_DAYS,
    ROLES,
    Community,
    Goal,
    Member,
    Membership,
    Mentorship,
    Session,
)
from cop.domain.records import MAX_INT, Record, RepoInfo, Superseded, with_changes

__all__ = [
    "COMMUNITY_KINDS",
    "COMMUNITY_STATUSES",
    "Community",
    "ENTRY_KINDS",
    "ENTRY_STATUSES",
    "Entry",
    "GOAL_STATUSES",
    "Goal",
    "MAX_INT",
    "MENTORSHIP_STATUSES",
    "Member",
    "Membership",
    "Mentorship",
    "REVIEW_DAYS",
    "ROLES",
    "Record",
    "RepoInfo",
    "Session",
    "Superseded",
    "Verification",
    "Verified",
    "with_changes",
]
