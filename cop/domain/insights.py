"""The rules behind `cop insights` and `cop digest`: month buckets, the median, shares, rising tags,
the silo measure, and text charts (bars and sparklines in Unicode blocks) both faces draw.

Pure: the store aggregates in SQL (`cop.store.index.insights`), these rules judge the aggregates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: how many days the "recent" window of rising tags spans (and the window before it)
RISING_DAYS = 90
#: how many days back a digest looks when this clone has never shown one
FIRST_DIGEST_DAYS = 30
#: how many days ahead the digest lists upcoming events
EVENT_DAYS = 14

SPARKS = "▁▂▃▄▅▆▇█"
EIGHTHS = " ▏▎▍▌▋▊▉█"


def month_of(stamp: str) -> str:
    """The month bucket of a timestamp or date: `YYYY-MM` (its first seven characters)."""
    return stamp[:7]


def months(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (`YYYY-MM`), gaps filled, so a chart shows quiet months."""
    if not first or not last or first > last:
        return []
    year, month = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def series(counts: Mapping[str, int], span: Sequence[str]) -> list[int]:
    """The counts of `span`'s months in order, 0 for a month with none."""
    return [int(counts.get(m, 0)) for m in span]


def median(values: Iterable[float]) -> float | None:
    """The median (the mean of the middle two for an even count), None for no values."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    mid = n // 2
    return float(ordered[mid]) if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _moment(stamp: str) -> dt.datetime:
    text = stamp.strip().rstrip("Zz")
    return dt.datetime.fromisoformat(text if "T" in text else text + "T00:00:00")


def days_before(stamp: str, days: int) -> str:
    """The timestamp `days` days before `stamp` (same format)."""
    return (_moment(stamp) - dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def share(part: int, whole: int) -> float | None:
    """part / whole, None when there is no whole."""
    return part / whole if whole else None


def percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


@dataclass(frozen=True)
class Questions:
    """Questions asked in the period, how many got an answer and an accepted answer, and the middle
    one or two of the hours the answered ones waited for their first answer, in order (all the median
    needs: the store picks them, so the waits of every question need not come back)."""

    asked: int = 0
    answered: int = 0
    accepted: int = 0
    middle: tuple[float, ...] = ()

    @property
    def share_answered(self) -> float | None:
        return share(self.answered, self.asked)

    @property
    def share_accepted(self) -> float | None:
        return share(self.accepted, self.asked)

    @property
    def median_hours(self) -> float | None:
        """The median time to a first answer, over the questions that have one."""
        return median(self.middle)


@dataclass(frozen=True)
class RisingTag:
    """A tag used more in the recent window than in the window before it."""

    tag: str
    recent: int
    before: int

    @property
    def growth(self) -> int:
        return self.recent - self.before


def rising_tags(recent: Mapping[str, int], before: Mapping[str, int], limit: int = 10) -> list[RisingTag]:
    """Tags with more entries in the last `RISING_DAYS` days than in the `RISING_DAYS` before: largest
    growth first, then most recent use, then A-Z."""
    found = [(b - n, -n, t) for t, n in recent.items() if n > (b := int(before.get(t, 0)))]
    found.sort()  # (-growth, -recent, tag), as plain tuples: only the `limit` kept become RisingTags
    return [RisingTag(t, -n, g - n) for g, n, t in found[:limit]]


@dataclass(frozen=True)
class Silo:
    """Answers by the departments of asker and answerer: `across` answers crossed departments, out of
    `known` where both departments are known (`unknown` answers lack one of them)."""

    across: int = 0
    known: int = 0
    unknown: int = 0
    pairs: tuple[tuple[str, str, int], ...] = ()

    @property
    def share_across(self) -> float | None:
        return share(self.across, self.known)


def silo(pairs: Iterable[tuple[str, str, int]]) -> Silo:
    """The silo measure from (asker's department, answerer's department, answers) rows: an answer counts
    as across when both departments are known (non-empty) and differ, case and spaces aside."""
    across = known = unknown = 0
    kept: list[tuple[str, str, int]] = []
    for asker, answerer, n in pairs:
        a, b = (asker or "").strip(), (answerer or "").strip()
        if not a or not b:
            unknown += n
            continue
        known += n
        if a.casefold() != b.casefold():
            across += n
        kept.append((a, b, n))
    kept.sort(key=lambda p: (-p[2], p[0], p[1]))
    return Silo(across, known, unknown, tuple(kept))


@dataclass(frozen=True)
class Monthly:
    """Per-month series over one span of months: entries and answers created, distinct authors of
    them, mentoring sessions, events held (by the month they started, in UTC), attendees at those
    events, and project updates logged."""

    span: tuple[str, ...] = ()
    entries: tuple[int, ...] = ()
    answers: tuple[int, ...] = ()
    contributors: tuple[int, ...] = ()
    sessions: tuple[int, ...] = ()
    events: tuple[int, ...] = ()
    attendance: tuple[int, ...] = ()
    updates: tuple[int, ...] = ()


def monthly(
    entries: Mapping[str, int],
    answers: Mapping[str, int],
    contributors: Mapping[str, int],
    sessions: Mapping[str, int],
    last: str,
    first: str = "",
    *,
    events: Mapping[str, int] | None = None,
    attendance: Mapping[str, int] | None = None,
    updates: Mapping[str, int] | None = None,
) -> Monthly:
    """The series from the first month anything happened (or `first`) to `last`, gaps filled."""
    events, attendance, updates = events or {}, attendance or {}, updates or {}
    everything = (entries, answers, contributors, sessions, events, attendance, updates)
    seen = [m for counts in everything for m in counts if m]
    start = first or (min(seen) if seen else last)
    span = months(start, max([last, *seen]) if seen else last)
    return Monthly(tuple(span), *(tuple(series(counts, span)) for counts in everything))


@dataclass(frozen=True)
class Gatherings:
    """The events of a period: held (scheduled, started in the period and ended by now), cancelled
    (started in the period), still to come; attendance at those held."""

    held: int = 0
    cancelled: int = 0
    upcoming: int = 0
    attendance: int = 0  # places taken at the events held: one person at three events counts three
    attendees: int = 0  # different people who attended one of them
    outcomes: int = 0  # entries linked as what the events held produced

    @property
    def mean_attendance(self) -> float | None:
        return self.attendance / self.held if self.held else None


@dataclass(frozen=True)
class ProjectCounts:
    """Projects by status (created in the period), in `cop project list` order, and the updates logged."""

    by_status: tuple[tuple[str, int], ...] = ()
    updates: int = 0

    def count(self, status: str) -> int:
        return dict(self.by_status).get(status, 0)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_status)


@dataclass(frozen=True)
class Insights:
    """One community's (or the whole repo's, `community` empty) insights, every measure in parts."""

    community: str
    since: str
    today: str
    monthly: Monthly
    questions: Questions
    unanswered: tuple[tuple[str, str, str], ...]  # (id, created, title), oldest first
    top_tags: tuple[tuple[str, int], ...]
    rising: tuple[RisingTag, ...]
    silo: Silo
    mentorships_active: int
    trust: tuple[int, int, int, int] = (0, 0, 0, 0)  # total, current, overdue, never verified
    unanswered_total: int = 0
    gatherings: Gatherings = Gatherings()
    projects: ProjectCounts = ProjectCounts()
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def trust_score(self) -> float | None:
        return share(self.trust[1], self.trust[0])


# -- text charts ---------------------------------------------------------------------------------
def sparkline(values: Sequence[int]) -> str:
    """One block character per value, scaled to the largest (all-zero values draw the lowest block)."""
    top = max(values, default=0)
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, round(v / top * (len(SPARKS) - 1)))] for v in values)


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar of `width` cells at most, in eighths of a cell, scaled to `top`."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    full, rest = divmod(min(eighths, width * 8), 8)
    return "█" * full + (EIGHTHS[rest] if rest else "")


# -- the digest ----------------------------------------------------------------------------------
#: the digest's groups, in the order shown, with their headings
DIGEST_GROUPS = (
    ("answers_to_you", "Answers to your questions"),
    ("accepted", "Accepted answers"),
    ("could_answer", "Questions you could answer"),
    ("new", "New in your communities and interests"),
    ("due", "Entries you verify that fell due"),
    ("sessions", "New sessions in your mentorships"),
    ("projects", "Updates on your projects"),
    ("events", "Upcoming events"),
)
#: groups that count as "new" in "N new since you last looked" (upcoming events are not new)
NEW_GROUPS = frozenset(g for g, _ in DIGEST_GROUPS if g != "events")


@dataclass(frozen=True)
class DigestItem:
    """One line of a digest: what it points at (an entry, mentorship, project or event id), when, and
    about what."""

    group: str
    id: str
    title: str
    when: str
    community: str = ""
    who: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Digest:
    """What is new for one member since `since` (up to `now`), grouped."""

    member: str
    since: str
    now: str
    first: bool  # no mark yet: `since` is FIRST_DIGEST_DAYS back
    items: tuple[DigestItem, ...] = ()

    def group(self, name: str) -> list[DigestItem]:
        return [i for i in self.items if i.group == name]

    def counts(self) -> dict[str, int]:
        """Items per group, every group named (0 included), in the order shown."""
        return {g: sum(1 for i in self.items if i.group == g) for g, _ in DIGEST_GROUPS}

    @property
    def new(self) -> int:
        """How many distinct things are new (an entry in two groups counts once); events aside."""
        return len({i.id for i in self.items if i.group in NEW_GROUPS})
