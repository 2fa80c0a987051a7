"""Onboarding paths: write one (steps that are entries to read or tasks to do), follow it, mark steps
done, see what is next, and where every follower stands (who is stuck).

Paths and progress are small files read as they are; what spans many members (`path_status`, the
follower counts) is counted in SQL over the index (`cop.store.index.paths`). Steps are numbered from 1
for people; files name steps by id (`cop.domain.paths`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cop.core.session import Session
from cop.domain import dates, ids
from cop.domain.errors import AlreadyExists, NotFound, UsageError, ValidationError
from cop.domain.filters import EntryFilter
from cop.domain.models import Entry
from cop.domain.paths import (
    MAX_EXPECTED_DAYS,
    STUCK_DAYS,
    LearningPath,
    PathStep,
    Progress,
    Standing,
    StepDone,
    next_step,
    standing,
    step_problem,
)
from cop.store.index import paths as sql


@dataclass(frozen=True)
class StepView:
    """A step as people see it: its number, the entry it points to (None when that entry is gone) and
    what is wrong with it ("" when nothing: see `cop.domain.paths.step_problem`)."""

    number: int
    step: PathStep
    entry: Entry | None = None
    problem: str = ""

    @property
    def title(self) -> str:
        """What the step says: the entry's title, or the task."""
        if self.step.task:
            return self.step.task
        return self.entry.title if self.entry is not None else self.step.entry


@dataclass(frozen=True)
class PathView:
    """A path with its steps looked up, and how many follow it."""

    path: LearningPath
    steps: list[StepView]
    followers: int = 0


@dataclass(frozen=True)
class NextStep:
    """One path a member follows, and the step they are on (None when they finished it)."""

    path: LearningPath
    progress: Progress
    done: int
    step: StepView | None


@dataclass(frozen=True)
class PathStatus:
    """Where every follower of a path stands, best along first."""

    path: LearningPath
    steps: list[StepView]
    members: list[Standing] = field(default_factory=list)
    stuck_days: int = STUCK_DAYS

    @property
    def stuck(self) -> list[Standing]:
        return [s for s in self.members if s.stuck]


class PathOps(Session):
    """`cop path`: onboarding paths and each member's progress on them."""

    # -- reading ---------------------------------------------------------------------------------------
    def learning_paths(self, community: str | None = None) -> list[LearningPath]:
        """Every path (of `community`), by slug."""
        if community:
            self._require_community(community)
        found = [p for p in self.repo.all(LearningPath) if not community or p.community == community]
        return sorted(found, key=lambda p: p.slug)

    def path_followers(self) -> dict[str, int]:
        """How many members follow each path, by slug (counted in the index)."""
        return sql.followers(self.repo.index_conn())

    def learning_path(self, slug: str) -> LearningPath:
        """One path, fresh from its file."""
        return self.repo.find(LearningPath, slug)

    def _steps(self, path: LearningPath) -> list[StepView]:
        wanted = tuple(sorted({s.entry for s in path.steps if s.entry}))
        found = {e.id: e for e in self.repo.entries(EntryFilter(ids=wanted))} if wanted else {}
        today = dates.today()
        return [
            StepView(number, step, found.get(step.entry), step_problem(step, found.get(step.entry), today))
            for number, step in enumerate(path.steps, 1)
        ]

    def path_view(self, slug: str) -> PathView:
        """A path with each step's entry and problem, and its follower count."""
        path = self.learning_path(slug)
        return PathView(path, self._steps(path), self.path_followers().get(path.slug, 0))

    def progress(self, slug: str, member: str | None = None) -> Progress:
        """A member's (the acting one's by default) progress on a path."""
        handle = member or self.require_user().handle
        path = self.learning_path(slug)
        try:
            return self.repo.find(Progress, handle, nest=path.slug)
        except NotFound:
            raise NotFound(
                f"{handle} has not started path {path.slug}; 'cop path start {path.slug}' does"
            ) from None

    def next_steps(self, member: str | None = None) -> list[NextStep]:
        """Every path a member (the acting one by default) follows, with the step they are on."""
        handle = member or self.require_user().handle
        self._require_member(handle)
        found: list[NextStep] = []
        for _, doc in sql.progress_of_member(self.repo.index_conn(), handle):
            progress = Progress.from_index(doc)
            try:
                path = self.learning_path(progress.learning_path)
            except NotFound:
                continue  # a path deleted under its followers: `cop doctor` reports the progress file
            steps = self._steps(path)
            number = next_step(path, progress.done_steps)
            done = len(progress.done_steps & {s.id for s in path.steps})
            found.append(NextStep(path, progress, done, steps[number - 1] if number else None))
        return found

    def path_status(self, slug: str, stuck_days: int = STUCK_DAYS) -> PathStatus:
        """Every follower's standing on a path (aggregated in SQL), furthest along first; stuck when
        not finished and nothing was done for `stuck_days` days."""
        if stuck_days < 1:
            raise ValidationError("stuck-days", f"must be at least 1, not {stuck_days}")
        path = self.learning_path(slug)
        today = dates.today()
        rows = sql.progress_summaries(self.repo.index_conn(), path.slug, [s.id for s in path.steps])
        members = [
            standing(path, handle, started, marks, last, today, stuck_days)
            for handle, started, _, last, marks in rows
        ]
        members.sort(key=lambda s: (-s.done, s.member))
        return PathStatus(path, self._steps(path), members, stuck_days)

    # -- writing ---------------------------------------------------------------------------------------
    def add_path(
        self, slug: str, title: str, community: str, *, audience: str = "", description: str = ""
    ) -> LearningPath:
        """Create a path with no steps yet (`edit_path` adds them)."""
        ids.check_slug(slug, "slug")
        self._require_community(community)
        now = dates.now()
        path = LearningPath.from_data(
            {
                "slug": slug,
                "title": title,
                "community": community,
                "audience": audience,
                "description": description,
                "created": now,
                "updated": now,
            }
        )
        try:
            return self.repo.create(path)
        except AlreadyExists:
            raise AlreadyExists(f"path '{slug}' exists already; see 'cop path show {slug}'") from None

    def edit_path(
        self,
        slug: str,
        *,
        title: str | None = None,
        audience: str | None = None,
        description: str | None = None,
        add_entry: str | None = None,
        add_task: str | None = None,
        expected_days: int | None = None,
        move: tuple[int, int] | None = None,
        remove: int | None = None,
    ) -> LearningPath:
        """Change a path's fields, and at most one step: add an entry step or a task (at the end, with
        `expected_days`), move step N to place M, or remove step N (and its marks in every follower's
        progress). Steps are numbered from 1."""
        actions = [a for a in (add_entry, add_task, move, remove) if a is not None]
        if len(actions) > 1:
            raise UsageError("one step change at a time: --add-step, --add-task, --move or --remove")
        if expected_days is not None and add_entry is None and add_task is None:
            raise UsageError("--expected-days goes with --add-step or --add-task")
        if not actions and title is None and audience is None and description is None:
            raise UsageError("nothing to change: give --title, --audience, --description or a step change")
        if expected_days is not None and not 0 <= expected_days <= MAX_EXPECTED_DAYS:
            raise ValidationError("expected-days", f"must be 0 to {MAX_EXPECTED_DAYS}, not {expected_days}")
        new_step = None
        if add_entry is not None or add_task is not None:
            entry = self.repo.entry(add_entry).id if add_entry is not None else ""
            new_step = PathStep.from_data(
                {"id": ids.new_id(), "entry": entry, "task": add_task or "", "expected_days": expected_days},
                "step",
            )
        removed: list[str] = []

        def change(path: LearningPath) -> None:
            for name, value in (("title", title), ("audience", audience), ("description", description)):
                if value is not None:
                    setattr(path, name, value)
            if new_step is not None:
                path.steps.append(new_step)
            if move is not None:
                step = path.step_at(move[0])
                path.step_at(move[1])  # a place the path has
                path.steps.remove(step)
                path.steps.insert(move[1] - 1, step)
            if remove is not None:
                step = path.step_at(remove)
                path.steps.remove(step)
                removed.append(step.id)
            path.updated = dates.now()

        saved = self.repo.modify(LearningPath, slug, change)
        for step_id in removed:
            self._drop_marks(saved.slug, step_id)
        return saved

    def _drop_marks(self, slug: str, step_id: str) -> None:
        """Take a removed step's marks out of its followers' progress (each file under the lock)."""
        for handle, _, count, _, _ in sql.progress_summaries(self.repo.index_conn(), slug, [step_id]):
            if not count:
                continue

            def drop(progress: Progress) -> None:
                progress.done = [m for m in progress.done if m.step != step_id]

            try:
                self.repo.modify(Progress, handle, drop, nest=slug)
            except NotFound:
                continue  # removed meanwhile

    def start_path(self, slug: str, member: str | None = None) -> Progress:
        """Start following a path (the acting member, or `member`): `progress/<path>/<handle>.yaml`."""
        handle = member or self.require_user().handle
        self._require_member(handle)
        path = self.learning_path(slug)
        progress = Progress.from_data(
            {"learning_path": path.slug, "member": handle, "started": dates.today()}
        )
        try:
            return self.repo.create(progress)
        except AlreadyExists:
            raise AlreadyExists(
                f"{handle} already follows path {path.slug}; see 'cop path status {path.slug}'"
            ) from None

    def mark_done(
        self, slug: str, number: int, *, note: str = "", member: str | None = None
    ) -> tuple[Progress, bool]:
        """Mark step `number` (from 1) of a path done today, with a note; starts the path first when the
        member had not (returns the progress and whether it was started just now)."""
        handle = member or self.require_user().handle
        self._require_member(handle)
        path = self.learning_path(slug)
        step = path.step_at(number)
        started = False
        try:
            self.repo.find(Progress, handle, nest=path.slug)
        except NotFound:
            try:
                self.start_path(path.slug, handle)
                started = True
            except AlreadyExists:
                pass  # started by another process meanwhile
        mark = StepDone.from_data({"step": step.id, "date": dates.today(), "note": note}, "done")

        def add(progress: Progress) -> None:
            earlier = next((m for m in progress.done if m.step == step.id), None)
            if earlier is not None:
                raise UsageError(f"step {number} of {path.slug} was done already, on {earlier.date}")
            progress.done.append(mark)
            progress.done.sort(key=lambda m: m.date)

        return self.repo.modify(Progress, handle, add, nest=path.slug), started


def path_reference_problems(
    paths: Iterable[LearningPath],
    progress: Iterable[Progress],
    communities: set[str],
    members: set[str],
    entries: set[str],
) -> list[tuple[str, str]]:
    """(file, message) for each reference of a path or a progress file that names nothing: a community,
    a step's entry, the path followed, the member, a step marked done that the path lacks."""
    found: list[tuple[str, str]] = []
    steps: dict[str, set[str]] = {}
    for path in paths:
        steps[path.slug] = {s.id for s in path.steps}
        if path.community not in communities:
            found.append((path.path, f"community '{path.community}' is not a known community"))
        for number, step in enumerate(path.steps, 1):
            if step.entry and step.entry not in entries:
                found.append((path.path, f"step {number} reads entry '{step.entry}', which does not exist"))
    for mark in progress:
        if mark.member not in members:
            found.append((mark.path, f"member '{mark.member}' is not a known member"))
        if mark.learning_path not in steps:
            found.append((mark.path, f"follows path '{mark.learning_path}', which does not exist"))
            continue
        for done in mark.done:
            if done.step not in steps[mark.learning_path]:
                found.append(
                    (
                        mark.path,
                        f"marks step '{done.step}' done, which path {mark.learning_path} no longer has:"
                        " delete that mark",
                    )
                )
    return found
