"""Rules for knowledge that stays true: who may verify an entry, review dates, how urgent a review is
(its parts), and a community's trust score. Pure: the core gathers the entries, these rules judge them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cop.domain.errors import ValidationError
from cop.domain.models import Entry

OBSOLETE = "obsolete"
#: Kinds that hold no knowledge to vouch for: left out of the review queue and the trust score.
UNREVIEWED_KINDS = frozenset({"question"})

_INTERVAL = re.compile(r"^\s*(\d{1,5})\s*([dwmy]?)\s*$")
_UNIT_DAYS = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}


def parse_interval(text: str, name: str = "in") -> int:
    """Days in an interval such as `30d`, `6w`, `3m` (30 days), `1y` or a bare `45`."""
    match = _INTERVAL.match(text.lower())
    days = int(match.group(1)) * _UNIT_DAYS[match.group(2)] if match else 0
    if not match or not 1 <= days <= 36500:
        raise ValidationError(
            name, f"'{text}' is not an interval such as 30d, 6w, 3m or 1y (1 day to 100 years)"
        )
    return days


def add_days(day: str, days: int) -> str:
    """`day` (YYYY-MM-DD) plus `days`, as YYYY-MM-DD."""
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def days_between(start: str, end: str) -> int:
    """Whole days from `start` to `end` (dates or timestamps; negative when `end` is earlier)."""
    return (dt.date.fromisoformat(end[:10]) - dt.date.fromisoformat(start[:10])).days


def verifiers_of(entry: Entry, coordinators: Sequence[str]) -> list[str]:
    """Who is named to verify `entry`: its `verifiers`, else its author and the community's
    coordinators (named people, not 'everyone', so nobody waits for somebody else)."""
    if entry.verifiers:
        return list(entry.verifiers)
    named = [entry.author] if entry.author else []
    return named + [h for h in coordinators if h not in named]


def may_verify(handle: str, entry: Entry, coordinators: Sequence[str]) -> bool:
    """A named verifier or a coordinator of the entry's community may verify it."""
    return handle in verifiers_of(entry, coordinators) or handle in coordinators


def is_reviewed(entry: Entry) -> bool:
    """Whether `entry` takes part in review and trust: published knowledge (questions aside)."""
    return entry.status == "published" and entry.kind not in UNREVIEWED_KINDS


def is_current(entry: Entry, today: str) -> bool:
    """Verified, with a review date not yet past (a review due today still counts; a verification
    without a review date, written by hand, is due, as the queue says)."""
    return bool(entry.verified) and bool(entry.review) and entry.review >= today


@dataclass(frozen=True)
class Reliance:
    """How much a community relies on an entry: the second part of a review's urgency."""

    endorsements: int = 0
    links_in: int = 0
    accepted: int = 0

    @property
    def total(self) -> int:
        return self.endorsements + self.links_in + self.accepted


@dataclass(frozen=True)
class Urgency:
    """Why an entry is in the review queue, in parts: days overdue first, then reliance."""

    entry: Entry
    overdue_days: int
    never_verified: bool
    due: str
    reliance: Reliance

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (-self.overdue_days, -self.reliance.total, self.entry.id)

    @property
    def reason(self) -> str:
        """One line a person reads: why this entry is in the queue."""
        if self.never_verified:
            why = f"never verified (added {self.due})" if self.due else "never verified"
        elif self.overdue_days == 0:
            why = f"review due today ({self.due})"
        else:
            why = (
                f"review was due {self.due} ({self.overdue_days} day{'s' * (self.overdue_days != 1)} overdue)"
            )
        parts = [
            _count(self.reliance.endorsements, "endorsement"),
            _count(self.reliance.links_in, "link to it", "links to it"),
            "the accepted answer" if self.reliance.accepted else "",
        ]
        relied = ", ".join(p for p in parts if p)
        return f"{why}; {relied}" if relied else why


def _count(n: int, one: str, many: str = "") -> str:
    if not n:
        return ""
    return f"{n} {one}" if n == 1 else f"{n} {many or one + 's'}"


def urgency(entry: Entry, today: str, reliance: Reliance) -> Urgency | None:
    """The entry's place in the review queue, or None when it is not due (or takes no review)."""
    if not is_reviewed(entry):
        return None
    if not entry.verified:
        due = (entry.created or "")[:10]
        overdue = max(days_between(due, today), 0) if due else 0
        return Urgency(entry, overdue, True, due, reliance)
    if entry.review and entry.review > today:
        return None
    due = entry.review or max(v.date for v in entry.verified)
    return Urgency(entry, max(days_between(due, today), 0), False, due, reliance)


def reliance_counts(
    entries: Iterable[Entry], questions: Iterable[Entry], backlinks: dict[str, int]
) -> dict[str, Reliance]:
    """Reliance for each of `entries`: its endorsements, how many entries' bodies link to it
    (`backlinks`: id -> count, from the index's links table), and how many of `questions` accepted
    it as their answer. Index fields only; no file is opened."""
    accepted: dict[str, int] = {}
    for question in questions:
        if question.accepted:
            accepted[question.accepted] = accepted.get(question.accepted, 0) + 1
    return {
        e.id: Reliance(len(e.endorsements), backlinks.get(e.id, 0), accepted.get(e.id, 0)) for e in entries
    }


@dataclass(frozen=True)
class Trust:
    """A community's trust score in parts: of its published entries (questions aside), how many are
    verified and not past review, how many are overdue, how many were never verified."""

    community: str
    total: int = 0
    current: int = 0
    overdue: int = 0
    never: int = 0

    @property
    def score(self) -> float | None:
        """The share that is current (0..1), None for a community with nothing to trust yet."""
        return self.current / self.total if self.total else None

    @property
    def percent(self) -> str:
        """The score as people read it: `83%`, or `-` when there is nothing to score."""
        score = self.score
        return "-" if score is None else f"{round(score * 100)}%"


def trust_from_counts(community: str, total: int, not_current: int, never: int) -> Trust:
    """A trust score from three counts the index answers: published entries (questions aside), those
    never verified or past review, and those never verified (or without a review date)."""
    return Trust(community, total, total - not_current, not_current - never, never)


def trust_scores(entries: Iterable[Entry], today: str) -> dict[str, Trust]:
    """The trust score of every community that has entries (one pass)."""
    counts: dict[str, list[int]] = {}
    for entry in entries:
        if not is_reviewed(entry):
            continue
        row = counts.setdefault(entry.community, [0, 0, 0, 0])
        row[0] += 1
        if is_current(entry, today):
            row[1] += 1
        elif entry.verified:
            row[2] += 1
        else:
            row[3] += 1
    return {slug: Trust(slug, *row) for slug, row in counts.items()}
