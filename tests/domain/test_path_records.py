"""Onboarding paths and progress as records: their files (defaults left out, fixed key order), their
rules, and how two versions of one merge (steps by id, one side's reordering kept; marks by step)."""

from __future__ import annotations

import pytest

from cop.domain.errors import UsageError, ValidationError
from cop.domain.merge import merge_records
from cop.domain.models import Entry
from cop.domain.paths import LearningPath, Progress, next_step, progress_bar, standing, step_problem
from cop.domain.registry import RECORD_TYPES


def _path(order: str, **extra: object) -> LearningPath:
    steps = [{"id": ch * 8, "task": f"do {ch}"} for ch in order]
    return LearningPath.from_data({"slug": "p", "title": "P", "community": "ops", "steps": steps, **extra})


def test_a_path_keeps_its_key_order_and_leaves_defaults_out() -> None:
    path = LearningPath.from_data(
        {
            "updated": "2026-05-01T10:00:00Z",
            "steps": [
                {"expected_days": 0, "entry": "7k2m9qxa", "id": "aaaaaaaa"},
                {"task": "Shadow a shift", "id": "bbbbbbbb", "expected_days": 5},
            ],
            "community": "ops",
            "title": "New SRE",
            "slug": "new-sre",
            "audience": "",
        }
    )
    assert list(path.to_data()) == ["slug", "title", "community", "steps", "updated"]
    assert path.to_data()["steps"] == [
        {"id": "aaaaaaaa", "entry": "7k2m9qxa"},
        {"id": "bbbbbbbb", "task": "Shadow a shift", "expected_days": 5},
    ]
    assert path.expected_days == 5
    assert RECORD_TYPES["path"].path_for(path) == "paths/new-sre.yaml"


def test_progress_lives_in_its_paths_folder() -> None:
    progress = Progress.from_data(
        {"member": "lin", "learning_path": "new-sre", "started": "2026-05-01", "done": []}
    )
    assert list(progress.to_data()) == ["learning_path", "member", "started"]
    kind = RECORD_TYPES["progress"]
    assert kind.path_for(progress) == "progress/new-sre/lin.yaml"
    assert kind.identity(progress) == "progress/new-sre/lin.yaml"  # lin on two paths: two records


@pytest.mark.parametrize(
    "step",
    [
        {"id": "aaaaaaaa"},
        {"id": "aaaaaaaa", "entry": "7k2m9qxa", "task": "and this"},
        {"id": "x", "task": "t"},
    ],
)
def test_a_step_is_an_entry_or_a_task(step: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        LearningPath.from_data({"slug": "p", "title": "P", "community": "ops", "steps": [step]})


def test_two_steps_with_one_id_and_a_step_marked_twice_are_refused() -> None:
    with pytest.raises(ValidationError, match="names two steps"):
        _path("aa")
    with pytest.raises(ValidationError, match="marked done twice"):
        Progress.from_data(
            {
                "learning_path": "p",
                "member": "lin",
                "started": "2026-05-01",
                "done": [{"step": "aaaaaaaa", "date": "2026-05-02"}] * 2,
            }
        )


def test_steps_count_from_one() -> None:
    path = _path("abc")
    assert path.step_at(1).id == "a" * 8 and path.step_at(3).id == "c" * 8
    for wrong in (0, 4, -1):
        with pytest.raises(UsageError, match="steps 1 to 3"):
            path.step_at(wrong)
    assert next_step(path, ["a" * 8, "c" * 8]) == 2
    assert next_step(path, ["a" * 8, "b" * 8, "c" * 8]) is None


def test_step_problems() -> None:
    path = LearningPath.from_data(
        {"slug": "p", "title": "P", "community": "ops", "steps": [{"id": "a" * 8, "entry": "7k2m9qxa"}]}
    )
    step = path.steps[0]
    entry = Entry.from_data({"id": "7k2m9qxa", "kind": "how-to", "title": "T", "community": "ops"})
    assert step_problem(step, entry, "2026-05-01") == ""
    assert step_problem(step, None, "2026-05-01") == "deleted"
    entry.review = "2026-04-30"
    assert step_problem(step, entry, "2026-05-01") == "past review (2026-04-30)"
    assert step_problem(step, entry, "2026-04-30") == ""  # due today still counts
    entry.status, entry.superseded_by = "obsolete", "3m3bnt9w"
    assert step_problem(step, entry, "2026-05-01") == "obsolete (read 3m3bnt9w instead)"
    assert step_problem(_path("a").steps[0], None, "2026-05-01") == ""  # a task has no entry to lose


def test_standing_counts_only_steps_the_path_has_and_calls_the_idle_stuck() -> None:
    path = _path("abc")
    s = standing(path, "lin", "2026-04-01", ["a" * 8, "zzzzzzzz"], "2026-04-10", "2026-05-01", 14)
    assert (s.done, s.total, s.next, s.last_active, s.idle_days, s.stuck) == (1, 3, 2, "2026-04-10", 21, True)
    assert not standing(path, "lin", "2026-04-01", [], "", "2026-04-10", 14).stuck  # 9 days: not yet
    finished = standing(path, "lin", "2026-01-01", ["a" * 8, "b" * 8, "c" * 8], "2026-01-02", "2026-05-01")
    assert finished.finished and not finished.stuck and finished.percent == 100


def test_progress_bar() -> None:
    assert progress_bar(0, 4, 8) == "░" * 8
    assert progress_bar(1, 4, 8) == "██" + "░" * 6
    assert progress_bar(1, 100, 8) == "█" + "░" * 7  # one step done always shows
    assert progress_bar(4, 4, 8) == "█" * 8
    assert progress_bar(0, 0, 3) == "░░░"


@pytest.mark.parametrize(
    ("ours", "theirs", "merged"),
    [
        ("abcd", "cab", "cabd"),  # theirs reordered, ours added at the end: both
        ("cab", "abce", "cabe"),  # ours reordered: our order, their addition too
        ("ac", "bac", "ac"),  # a removal here beats a move there
        ("axbc", "cab", "caxb"),  # our insertion stays before the step it preceded
        ("abcd", "abce", "abcde"),  # a step added in each clone: both kept
        ("bac", "cab", "bac"),  # both reordered: the local order
    ],
)
def test_steps_merge_by_id_and_keep_one_sides_reordering(ours: str, theirs: str, merged: str) -> None:
    result, conflicted = merge_records(_path("abc"), _path(ours), _path(theirs))
    assert not conflicted
    assert "".join(s.id[0] for s in result.steps) == merged


def test_marks_done_in_two_clones_merge_oldest_first() -> None:
    def progress(*marks: tuple[str, str]) -> Progress:
        return Progress.from_data(
            {
                "learning_path": "p",
                "member": "lin",
                "started": "2026-05-01",
                "done": [{"step": s * 8, "date": d} for s, d in marks],
            }
        )

    base = progress(("a", "2026-05-02"))
    ours = progress(("a", "2026-05-02"), ("c", "2026-05-09"))
    theirs = progress(("a", "2026-05-02"), ("b", "2026-05-05"))
    result, _ = merge_records(base, ours, theirs)
    assert isinstance(result, Progress)
    assert [(m.step[0], m.date) for m in result.done] == [
        ("a", "2026-05-02"),
        ("b", "2026-05-05"),
        ("c", "2026-05-09"),
    ]
