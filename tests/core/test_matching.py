"""Mentor matching: the assignment (sparse Hungarian method) against brute force, scores and parts, --all."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from cop.core import Cop
from cop.domain import matching
from cop.domain.ids import new_id
from cop.domain.models import Entry, Mentorship


def brute_force(mentees: list[str], capacity: dict[str, int], scores: dict[tuple[str, str], float]) -> float:
    """The best total over every way to give each mentee a mentor or none, within capacities."""
    options = [[None, *capacity] for _ in mentees]
    best = 0.0
    for choice in itertools.product(*options):
        used: dict[str, int] = {}
        total = 0.0
        ok = True
        for mentee, mentor in zip(mentees, choice, strict=True):
            if mentor is None:
                continue
            if (mentee, mentor) not in scores:
                ok = False
                break
            used[mentor] = used.get(mentor, 0) + 1
            total += scores[(mentee, mentor)]
        if ok and all(used[m] <= capacity[m] for m in used):
            best = max(best, total)
    return best


def test_assignment_is_optimal_against_brute_force_on_small_random_pools() -> None:
    rng = random.Random(15)
    for _ in range(300):
        mentees = [f"e{i}" for i in range(rng.randint(0, 5))]
        capacity = {f"m{i}": rng.randint(0, 2) for i in range(rng.randint(1, 4))}
        scores = {
            (e, m): round(rng.uniform(0.5, 20), 2) for e in mentees for m in capacity if rng.random() < 0.7
        }
        given = matching.assign(mentees, capacity, scores)
        for mentor in capacity:
            assert sum(1 for m in given.values() if m == mentor) <= capacity[mentor]
        assert all((e, m) in scores for e, m in given.items())
        total = sum(scores[(e, m)] for e, m in given.items())
        assert total == pytest.approx(brute_force(mentees, capacity, scores))


def test_the_cut_matrix_keeps_the_best_total_with_many_mentors_per_mentee() -> None:
    """`assign` keeps each mentee's best mentors only until their slots cover every mentee: with
    many mentors per mentee that cut drops most pairs, and the total must still be the best one."""
    rng = random.Random(16)
    for _ in range(200):
        mentees = [f"e{i}" for i in range(rng.randint(1, 4))]
        capacity = {f"m{i}": rng.randint(1, 3) for i in range(rng.randint(5, 8))}
        scores = {(e, m): float(rng.randint(1, 6)) for e in mentees for m in capacity if rng.random() < 0.8}
        given = matching.assign(mentees, capacity, scores)
        total = sum(scores[(e, m)] for e, m in given.items())
        assert total == pytest.approx(brute_force(mentees, capacity, scores))


def test_greedy_would_lose_the_assignment_does_not() -> None:
    # first come first served gives x to a (10) and leaves b with nobody: 10; the best is 9 + 8 = 17
    scores = {("a", "x"): 10.0, ("a", "y"): 9.0, ("b", "x"): 8.0}
    assert matching.assign(["a", "b"], {"x": 1, "y": 1}, scores) == {"a": "y", "b": "x"}


def test_a_later_mentee_moves_earlier_ones_along_a_chain() -> None:
    # b only wants x, which a took first: a moves on to y
    assert matching.assign(["a", "b"], {"x": 1, "y": 1}, {("a", "x"): 5, ("a", "y"): 4, ("b", "x"): 5}) == {
        "a": "y",
        "b": "x",
    }
    # x has two places: c and b keep them and a, added first, ends on y (15, not 11)
    scores = {("a", "x"): 5.0, ("a", "y"): 4.0, ("b", "x"): 5.0, ("c", "x"): 6.0, ("c", "y"): 1.0}
    assert matching.assign(["a", "b", "c"], {"x": 2, "y": 1}, scores) == {"a": "y", "b": "x", "c": "x"}
    # staying out is allowed when every chain would cost more than it gives
    scores = {("a", "x"): 10.0, ("b", "x"): 9.0, ("b", "y"): 8.0, ("c", "y"): 7.0, ("c", "z"): 1.0}
    assert matching.assign(["a", "b", "c"], {"x": 1, "y": 1, "z": 1}, scores) == {
        "a": "x",
        "b": "y",
        "c": "z",
    }
    assert matching.assign(["a"], {"x": 0}, {("a", "x"): 3.0}) == {}, "a mentor with no room takes nobody"


def entry(cop: Cop, kind: str, author: str, **more: Any) -> Entry:
    data = {"id": new_id(), "kind": kind, "title": f"{kind} by {author}", "community": "py", "author": author}
    return cop.repo.create(Entry.from_data({**data, "created": "2026-05-01T00:00:00Z", **more}))


@pytest.fixture
def pool(cop: Cop) -> Cop:
    """ada (Engineering) and bob (Operations) know rust; cy (Engineering, capacity 1) knows go; dee and
    eve want to learn."""
    for h, dept in (("cy", "Engineering"), ("dee", "Engineering"), ("eve", "Engineering")):
        cop.add_member(h, h.title(), department=dept)
        cop.join("py", h)
    cop.edit_member("cy", mentor_capacity=1)
    for _ in range(3):
        entry(cop, "how-to", "ada", tags=["rust"])
    entry(cop, "how-to", "bob", tags=["rust"])
    entry(cop, "how-to", "cy", tags=["go"])
    cop.edit_member("dee", add_interests=["rust", "go"])
    cop.edit_member("eve", add_interests=["rust"])
    return cop


def test_match_scores_have_their_parts(pool: Cop) -> None:
    found = pool.mentor_matches("dee")
    assert [m.mentor for m in found] == ["ada", "bob", "cy"]
    ada, bob = found[0], found[1]
    assert [t.topic for t in ada.topics] == ["rust"]
    assert ada.department_points == 0 and bob.department_points == matching.DEPARTMENT_POINTS
    assert ada.spare == 2 and ada.spare_points == 2 * matching.SPARE_POINTS
    assert ada.score == pytest.approx(ada.topics[0].points + ada.spare_points)
    assert "other department" in bob.why()


def test_match_never_self_never_an_active_pair_and_capacity(pool: Cop) -> None:
    pool.edit_member("ada", add_interests=["rust"])
    assert "ada" not in [m.mentor for m in pool.mentor_matches("ada")]
    pool.add_mentorship("ada", "dee")
    assert "ada" not in [m.mentor for m in pool.mentor_matches("dee")]
    pool.add_mentorship("cy", "eve")  # cy's one slot is taken
    assert "cy" not in [m.mentor for m in pool.mentor_matches("dee")]
    assert [m.spare for m in pool.mentor_matches("eve") if m.mentor == "ada"] == [1]


def test_request_then_match_all_and_apply(pool: Cop) -> None:
    for h in ("dee", "eve"):
        saved = pool.request_mentor(["Go"] if h == "eve" else [], handle=h)
        assert saved.seeking_mentor
    assert "go" in pool.member("eve").interests
    proposals = pool.match_all()
    assert {p.mentee for p in proposals} == {"dee", "eve"}
    assert all(p.match is not None for p in proposals)
    made = pool.match_all(apply=True)
    statuses = {(m.mentor, m.mentee, m.status) for m in pool.mentorships()}
    assert {(p.match.mentor, p.mentee, "proposed") for p in made if p.match} == statuses
    assert all(p.mentorship for p in made)
    assert pool.match_all() == []  # both now have a proposed mentorship: nobody is left seeking
    text = (pool.root / "members" / "dee.yaml").read_text()
    assert "seeking_mentor: true" in text and "mentor_capacity" not in text


def test_mentorship_record_without_topic_is_fine(pool: Cop) -> None:
    pool.repo.create(Mentorship.from_data({"id": new_id(), "mentor": "bob", "mentee": "eve"}))
    assert [m.mentor for m in pool.mentor_matches("eve")][0] == "ada"
