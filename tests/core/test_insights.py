"""Insights, digest and risk on a small repo with known answers (real files, the real index)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from cop.core import Cop
from cop.domain.insights import median, months, rising_tags, silo, sparkline
from cop.domain.risk import truck_factor, truck_factor_held
from cop.store import Repo


def as_(path: Path, who: str) -> Cop:
    return Cop(Repo.open(path), acting=who)


@pytest.fixture
def world(cop: Cop, repo_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """ada (Engineering) and bob (Operations) in py; three questions with known waits."""
    at = lambda stamp: monkeypatch.setenv("COP_NOW", stamp)  # noqa: E731
    bob = as_(repo_path, "bob")
    at("2026-01-10T00:00:00Z")
    howto = cop.add_entry("how-to", "Pin your tools", "py", tags=["python"]).id
    q1 = bob.ask("py", "Why does pip hang?", tags=["python"]).id
    at("2026-01-10T06:00:00Z")
    a1 = cop.answer(q1, "Use a timeout.").id
    at("2026-02-01T00:00:00Z")
    q2 = bob.ask("py", "Which venv tool?", tags=["tooling"]).id
    at("2026-02-01T10:00:00Z")
    bob.answer(q2, "uv, says me.")
    at("2026-02-05T00:00:00Z")
    q3 = bob.ask("py", "Who owns CI?").id
    at("2026-02-06T00:00:00Z")
    bob.accept(a1)
    at("2026-03-01T00:00:00Z")
    bob.close()
    return {"howto": howto, "q1": q1, "a1": a1, "q2": q2, "q3": q3}


def test_insights_counts_months_questions_median_and_silo(cop: Cop, world: dict[str, str]) -> None:
    found = cop.insights("py")
    assert found.monthly.span == ("2026-01", "2026-02", "2026-03")
    assert found.monthly.entries == (2, 2, 0)  # the how-to and q1; q2 and q3
    assert found.monthly.answers == (1, 1, 0)
    assert found.monthly.contributors == (2, 1, 0)
    q = found.questions
    assert (q.asked, q.answered, q.accepted) == (3, 2, 1)
    assert q.share_answered == pytest.approx(2 / 3)
    assert q.median_hours == pytest.approx(8.0, abs=0.01)  # (6 + 10) / 2
    assert found.unanswered_total == 1 and found.unanswered[0][0] == world["q3"]
    assert (found.silo.across, found.silo.known) == (1, 2)  # ada answered bob across departments
    assert found.silo.share_across == 0.5
    assert dict(found.top_tags)["python"] == 3  # how-to, q1 and its answer (answers carry the tags)
    assert found.trust == (3, 0, 0, 3)  # the how-to and two answers (questions aside), never verified
    cop.verify(world["howto"])
    trust = cop.trust_score("py")  # the SQL agrees with cop.domain.trust's rule
    assert (
        cop.insights("py").trust == (trust.total, trust.current, trust.overdue, trust.never) == (3, 1, 0, 2)
    )
    assert cop.insights("py", since="2026-02-01").questions.asked == 2


def test_insights_overall_lists_every_community(cop: Cop, world: dict[str, str]) -> None:
    cop.add_community("ops", "Ops", "professional")
    found = cop.insights_by_community()
    assert [f.community for f in found] == ["", "ops", "py"]
    assert found[0].questions.asked == 3 and found[1].questions.asked == 0


def test_digest_groups_and_the_mark(cop: Cop, repo_path: Path, world: dict[str, str], monkeypatch) -> None:
    bob = as_(repo_path, "bob")
    first = bob.digest()
    assert first.first and first.since == "2026-01-30T00:00:00Z"  # no mark yet: 30 days back
    assert [i.id for i in first.group("accepted")] == [world["a1"]]  # accepted on 2026-02-06
    assert [i.id for i in bob.digest(since="2026-01-01").group("answers_to_you")] == [world["a1"]]
    bob.mark_digest_seen()
    assert bob.digest().new == 0
    monkeypatch.setenv("COP_NOW", "2026-03-02T00:00:00Z")
    q = cop.ask("py", "CI is red again", tags=["ci"]).id
    cop.add_entry("lesson", "Flaky tests cost us a week", "py")
    bob.close()
    bob = as_(repo_path, "bob")
    later = bob.digest()
    assert later.counts()["new"] == 1 and later.counts()["could_answer"] == 0  # bob has no expertise
    assert q not in [i.id for i in later.group("new")]  # questions are not "new entries"
    assert later.new == 1 and not later.first


def test_truck_factor_hand_built() -> None:
    assert truck_factor({}).factor == 0
    assert truck_factor({"a": ["x"], "b": ["x"], "c": ["y"]}).holders == ("x",)
    # two people share everything: both must go before anything is orphaned
    assert truck_factor({"a": ["x", "y"], "b": ["x", "y"]}).factor == 2
    assert truck_factor({"a": ["x"], "b": ["y"], "c": ["z"], "d": ["w"]}).factor == 3


def brute_force(units: dict[str, set[str]]) -> int:
    people = sorted(set().union(*units.values()))
    for size in range(len(people) + 1):
        for gone in itertools.combinations(people, size):
            if sum(1 for p in units.values() if p <= set(gone)) * 2 > len(units):
                return size
    raise AssertionError("unreachable")


def test_truck_factor_against_the_brute_force_definition() -> None:
    rng = random.Random(16)
    equal = 0
    for _ in range(300):
        units = {f"u{i}": set(rng.sample("abcde", rng.randint(1, 3))) for i in range(rng.randint(1, 7))}
        found = truck_factor(units)
        shared = {u: p for u, p in units.items() if len(p) > 1}
        held = {
            h: (sum(p == {h} for p in units.values()), [u for u, p in shared.items() if h in p])
            for h in set().union(*units.values())
        }
        assert truck_factor_held(held) == found  # the index's grouped form gives the same answer
        gone = set(found.holders)
        assert sum(1 for p in units.values() if p <= gone) * 2 > len(units)  # the definition holds
        assert found.factor >= brute_force(units)  # greedy never beats the true minimum
        equal += found.factor == brute_force(units)
    assert equal > 250  # and is the minimum on almost every small case


def test_risk_rows_have_parts_and_remedies(cop: Cop, world: dict[str, str]) -> None:
    rows = {r.tag: r for r in cop.knowledge_risk("py")}
    python = rows["python"]
    assert python.truck.factor == 1 and python.truck.holders == ("ada",)  # the how-to and the accepted answer
    assert python.truck.units == 2
    assert python.score == 2.0 and "ada" in python.why
    assert any("second verifier" in r for r in python.remedies)
    cop.leave("py", "ada")
    assert cop.knowledge_risk("py")[0].left == ("ada",)


def test_risk_counts_shared_units_once_per_holder(cop: Cop, repo_path: Path, world: dict[str, str]) -> None:
    """A verified how-to is one unit held by two people (the index's GROUP BY lists it as shared, not as
    a single-holder unit of each): python's units are {ada} (her how-to), {ada} (her accepted answer) and
    {bob, ada} (bob's how-to, which ada verified), so ada alone orphans two of the three."""
    bob = as_(repo_path, "bob")
    logs = bob.add_entry("how-to", "Read the logs", "py", tags=["python"]).id
    cop.verify(logs)
    python = {r.tag: r for r in cop.knowledge_risk("py", every=True)}["python"]
    assert python.truck == truck_factor({"h": {"ada"}, "a": {"ada"}, "l": {"ada", "bob"}})
    assert (python.truck.factor, python.truck.holders, python.truck.units) == (1, ("ada",), 3)
    assert python.truck.orphaned == 2 and python.verifiers == ("ada",)


def test_domain_rules() -> None:
    assert median([]) is None and median([3, 1, 2]) == 2 and median([1, 2, 3, 10]) == 2.5
    assert months("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert [r.tag for r in rising_tags({"a": 3, "b": 1, "c": 2}, {"a": 1, "b": 1})] == ["a", "c"]
    assert silo([("Eng", "eng", 2), ("Eng", "Ops", 1), ("", "Ops", 4)]).share_across == pytest.approx(1 / 3)
    assert sparkline([0, 4, 8]) == "▁▅█" and sparkline([0, 0]) == "▁▁"
