"""Onboarding paths (an ordered list of steps into a community) and each member's progress on one: the
records and their rules.

A step is an entry to read or a task to do, and has its own id, so progress names the step it marks
done, not its place in the list: moving or removing steps never makes a mark point at another step.
People count steps from 1 (`step_number`); files never hold a number. Progress lives one file per member
and path (`progress/<path>/<handle>.yaml`), so two people marking steps at once never touch one file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from cop.domain.errors import UsageError, ValidationError
from cop.domain.models import Entry
from cop.domain.records import Record, Superseded, _f
from cop.domain.trust import OBSOLETE, days_between

#: the longest a step may be expected to take: a year
MAX_EXPECTED_DAYS = 365
#: days without a step done after which `cop path status` calls a member stuck, unless told otherwise
STUCK_DAYS = 14


@dataclass
class PathStep(Record):
    """One step of a path: read an entry (`entry`) or do something (`task`), in about `expected_days`."""

    id: str = _f("id", required=True)
    entry: str = _f("id")
    task: str = _f("text")
    expected_days: int = _f("int", 0, max=MAX_EXPECTED_DAYS)

    def check(self) -> None:
        if bool(self.entry) == bool(self.task.strip()):
            raise ValidationError("step", "a step is either an entry to read or a task to do, not both")

    @property
    def kind(self) -> str:
        return "entry" if self.entry else "task"


@dataclass
class LearningPath(Record):
    """`paths/<slug>.yaml`: a community's way in for an audience (say "new SRE"), step by step."""

    key_field: ClassVar[str] = "slug"

    slug: str = _f("slug", required=True)
    title: str = _f("title", required=True)
    community: str = _f("slug", required=True)
    audience: str = _f("str")
    description: str = _f("text")
    steps: list[PathStep] = _f("records", [], of=PathStep)
    created: str = _f("timestamp")
    updated: str = _f("timestamp")
    superseded: list[Superseded] = _f("records", [], of=Superseded)

    def check(self) -> None:
        seen: set[str] = set()
        for number, step in enumerate(self.steps, 1):
            if step.id in seen:
                raise ValidationError(f"steps[{number}].id", f"'{step.id}' names two steps")
            seen.add(step.id)

    def step_at(self, number: int) -> PathStep:
        """The step people call `number` (from 1); UsageError naming the range otherwise."""
        if not 1 <= number <= len(self.steps):
            if not self.steps:
                raise UsageError(f"path {self.slug} has no steps yet; 'cop path edit {self.slug}' adds some")
            raise UsageError(f"path {self.slug} has steps 1 to {len(self.steps)}, not {number}")
        return self.steps[number - 1]

    @property
    def expected_days(self) -> int:
        """Days the whole path is expected to take (the steps' expected days added up)."""
        return sum(step.expected_days for step in self.steps)


@dataclass
class StepDone(Record):
    """A step marked done: which (its id), on which day, and a note."""

    step: str = _f("id", required=True)
    date: str = _f("date", required=True)
    note: str = _f("text")


@dataclass
class Progress(Record):
    """`progress/<path>/<handle>.yaml`: one member on one path, since `started`, with the steps done."""

    key_field: ClassVar[str] = "member"

    learning_path: str = _f("slug", required=True)
    member: str = _f("slug", required=True)
    started: str = _f("date", required=True)
    done: list[StepDone] = _f("records", [], of=StepDone)
    superseded: list[Superseded] = _f("records", [], of=Superseded)

    def check(self) -> None:
        seen: set[str] = set()
        for number, mark in enumerate(self.done, 1):
            if mark.step in seen:
                raise ValidationError(f"done[{number}].step", f"'{mark.step}' is marked done twice")
            seen.add(mark.step)

    @property
    def done_steps(self) -> set[str]:
        return {mark.step for mark in self.done}


def step_problem(step: PathStep, entry: Entry | None, today: str) -> str:
    """Why an entry step needs a look, or "": its entry is gone, obsolete, or past its review date."""
    if not step.entry:
        return ""
    if entry is None:
        return "deleted"
    if entry.status == OBSOLETE:
        return "obsolete" + (f" (read {entry.superseded_by} instead)" if entry.superseded_by else "")
    if entry.review and entry.review < today:
        return f"past review ({entry.review})"
    return ""


def next_step(path: LearningPath, done: Iterable[str]) -> int | None:
    """The number (from 1) of the first step not done, or None when every step is."""
    marked = set(done)
    return next((n for n, step in enumerate(path.steps, 1) if step.id not in marked), None)


@dataclass(frozen=True)
class Standing:
    """Where one member is on a path: what `cop path status` lists for them."""

    member: str
    started: str
    done: int
    total: int
    last_active: str  # the last day a step was done, else the day they started
    next: int | None  # the next step's number, None when finished
    idle_days: int  # days since `last_active`
    stuck: bool  # not finished and nothing done for the stuck threshold or more

    @property
    def finished(self) -> bool:
        return self.next is None and self.total > 0

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0


def standing(
    path: LearningPath,
    member: str,
    started: str,
    done: Iterable[str],
    last_done: str,
    today: str,
    stuck_days: int = STUCK_DAYS,
) -> Standing:
    """A member's standing from their marks (`done`: step ids, those the path no longer has ignored)."""
    steps = {step.id for step in path.steps}
    marked = set(done) & steps
    last = max(last_done or "", started)
    upcoming = next_step(path, marked)
    idle = max(0, days_between(last, today))
    return Standing(
        member=member,
        started=started,
        done=len(marked),
        total=len(path.steps),
        last_active=last,
        next=upcoming,
        idle_days=idle,
        stuck=upcoming is not None and idle >= stuck_days,
    )


def progress_bar(done: int, total: int, width: int = 10) -> str:
    """`███░░░░░░░`: `done` of `total` steps as `width` cells (both faces draw progress so)."""
    filled = round(width * done / total) if total else 0
    if done and not filled:
        filled = 1  # a step done shows, however long the path
    return "█" * filled + "░" * (width - filled)
