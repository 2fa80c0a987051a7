"""Events (meetups, workshops, ...) and projects (work grown from ideas): the records and their rules.

Kept out of `cop.domain.models` (which holds the original four types) so neither module grows past
its size; both build on the same `Record` base and field kinds, so the codec, the merge driver, the
index and bundles treat them like every other record (`cop.domain.registry`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from cop.domain import dates, ids
from cop.domain.errors import ValidationError
from cop.domain.records import Record, Superseded, _f

EVENT_KINDS = (
    "meetup",
    "workshop",
    "brown-bag",
    "lunch-and-learn",
    "networking",
    "hackathon",
    "conference",
    "other",
)
EVENT_STATUSES = ("scheduled", "cancelled")
PROJECT_STATUSES = ("proposed", "active", "paused", "done", "dropped")

#: the longest an event may last: two weeks (a conference, a hackathon), in minutes
MAX_DURATION_MINUTES = 14 * 24 * 60
_DURATION = re.compile(r"^(?:(\d{1,5})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?$")


def parse_duration(value: str, field: str = "duration") -> int:
    """Minutes in a duration such as `90m`, `2h`, `1h30m` or `2d`; ValidationError otherwise."""
    text = value.strip().lower().replace(" ", "")
    match = _DURATION.match(text)
    if not text or match is None:
        raise ValidationError(field, f"'{value}' is not a duration (use e.g. 90m, 2h, 1h30m, 2d)")
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    total = days * 24 * 60 + hours * 60 + minutes
    if total <= 0:
        raise ValidationError(field, "must be longer than 0 minutes")
    if total > MAX_DURATION_MINUTES:
        raise ValidationError(field, f"'{value}' is longer than two weeks")
    return total


def parse_start(value: str, field: str = "start") -> dt.datetime:
    """An ISO 8601 date-time with its UTC offset (`2026-03-05T18:00+01:00`, `...Z`) as an aware datetime."""
    try:
        moment = dates.from_iso(value)
    except ValueError:
        raise ValidationError(
            field, f"'{value}' is not a date and time (use e.g. 2026-03-05T18:00+01:00)"
        ) from None
    text = value.strip()
    if "T" not in text.upper() and " " not in text:
        raise ValidationError(field, f"'{value}' needs a time of day too (e.g. {text}T18:00+01:00)")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationError(field, f"'{value}' needs its time zone offset (e.g. +01:00 or Z)")
    return moment.replace(microsecond=0)


def format_start(moment: dt.datetime) -> str:
    """How a start is written: `YYYY-MM-DDTHH:MM:SS+HH:MM` (the offset kept as given, `Z` for UTC)."""
    text = moment.isoformat(timespec="seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def utc_stamp(moment: dt.datetime) -> str:
    """A moment in UTC as `YYYY-MM-DDTHH:MM:SSZ` (how cop's timestamps sort)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


#: how long an event with no duration written lasts, in minutes
DEFAULT_MINUTES = 60


def span_utc(start: str, duration: str = "") -> tuple[str, str]:
    """An event's start and end in UTC (`YYYY-MM-DDTHH:MM:SSZ`) from its `start` and `duration` as
    written: what upcoming and past are decided by, and the index's `starts`/`ends` columns."""
    moment = parse_start(start)
    minutes = parse_duration(duration) if duration else DEFAULT_MINUTES
    return utc_stamp(moment), utc_stamp(moment + dt.timedelta(minutes=minutes))


def _check_ids(values: list[str], field: str) -> None:
    for value in values:
        ids.check_id(value, field)


@dataclass
class EventNote(Record):
    """A note written after an event: who, on which day, what they took away."""

    by: str = _f("slug", required=True)
    date: str = _f("date", required=True)
    text: str = _f("text", required=True)


@dataclass
class Event(Record):
    key_field: ClassVar[str] = "id"

    id: str = _f("id", required=True)
    title: str = _f("title", required=True)
    community: str = _f("slug", required=True)
    kind: str = _f("choice", required=True, choices=EVENT_KINDS)
    start: str = _f("str", required=True)
    duration: str = _f("str")
    status: str = _f("choice", "scheduled", choices=EVENT_STATUSES)
    place: str = _f("str")
    link: str = _f("str")
    hosts: list[str] = _f("slugs", [])
    description: str = _f("text")
    attendees: list[str] = _f("slugs", [])
    notes: list[EventNote] = _f("records", [], of=EventNote)
    outcomes: list[str] = _f("list", [])
    created: str = _f("timestamp")
    updated: str = _f("timestamp")
    superseded: list[Superseded] = _f("records", [], of=Superseded)

    def check(self) -> None:
        self.start = format_start(parse_start(self.start))
        if self.duration:
            parse_duration(self.duration)
            self.duration = self.duration.strip().lower().replace(" ", "")
        _check_ids(self.outcomes, "outcomes")

    @property
    def starts(self) -> dt.datetime:
        """The start as an aware datetime."""
        return parse_start(self.start)

    @property
    def start_utc(self) -> str:
        """The start in UTC (`YYYY-MM-DDTHH:MM:SSZ`): what upcoming and past are decided by."""
        return utc_stamp(self.starts)

    @property
    def minutes(self) -> int:
        """How long it lasts, in minutes (an hour when no duration is written)."""
        return parse_duration(self.duration) if self.duration else DEFAULT_MINUTES

    @property
    def end_utc(self) -> str:
        return span_utc(self.start, self.duration)[1]

    def is_past(self, now_utc: str) -> bool:
        """Whether it has ended by `now_utc` (a `YYYY-MM-DDTHH:MM:SSZ` timestamp)."""
        return self.end_utc <= now_utc


@dataclass
class ProjectUpdate(Record):
    """One line of a project's log: on which day, by whom, what happened."""

    date: str = _f("date", required=True)
    author: str = _f("slug", required=True)
    text: str = _f("text", required=True)


@dataclass
class Project(Record):
    key_field: ClassVar[str] = "slug"

    slug: str = _f("slug", required=True)
    title: str = _f("title", required=True)
    status: str = _f("choice", "proposed", choices=PROJECT_STATUSES)
    communities: list[str] = _f("slugs", [])
    owner: str = _f("slug")
    members: list[str] = _f("slugs", [])
    goal: str = _f("str")
    description: str = _f("text")
    links: list[str] = _f("list", [])
    updates: list[ProjectUpdate] = _f("records", [], of=ProjectUpdate)
    created: str = _f("timestamp")
    updated: str = _f("timestamp")
    superseded: list[Superseded] = _f("records", [], of=Superseded)

    def check(self) -> None:
        _check_ids(self.links, "links")
