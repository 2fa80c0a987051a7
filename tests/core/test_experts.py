"""`cop experts` in the core: ranking by evidence on generated data, every factor, decay, the left out."""

from __future__ import annotations

import random
from typing import Any

import pytest

from cop.core import Cop
from cop.domain import expertise
from cop.domain.ids import new_id
from cop.domain.models import Entry, Mentorship

NOW = "2026-06-01T00:00:00Z"


def entry(cop: Cop, kind: str, author: str, *, created: str = "2026-05-01T00:00:00Z", **more: Any) -> Entry:
    data = {
        "id": new_id(),
        "kind": kind,
        "title": more.pop("title", f"{kind} by {author}"),
        "community": "py",
    }
    data |= {"author": author, "created": created, "updated": created, **more}
    return cop.repo.create(Entry.from_data(data))


def people(cop: Cop, *handles: str) -> None:
    for h in handles:
        cop.add_member(h, h.title())
        cop.join("py", h)


def test_most_answers_and_accepted_rank_first_on_generated_data(cop: Cop) -> None:
    rng = random.Random(7)
    handles = [f"m{i:02d}" for i in range(12)]
    people(cop, *handles)
    answers: dict[str, float] = dict.fromkeys(handles, 0.0)
    for _ in range(60):
        q = entry(cop, "question", rng.choice(handles), tags=["k8s"])
        # a few members answer far more often than the rest
        for a in rng.sample(handles[:3] * 4 + handles, 2):
            ans = entry(cop, "answer", a, question=q.id)
            answers[a] += 1
        if rng.random() < 0.5:
            cop.repo.modify(Entry, q.id, lambda e, ans=ans: setattr(e, "accepted", ans.id) or e)
            answers[ans.author] += 2
    for _ in range(30):  # noise in another tag
        q = entry(cop, "question", rng.choice(handles), tags=["java"])
        entry(cop, "answer", rng.choice(handles[6:]), question=q.id)
    ranking = cop.experts("k8s", now=NOW)
    assert ranking.mode == "tag"
    top = {e.handle for e in ranking.experts[:3]}
    expected = set(sorted(handles, key=lambda h: -answers[h])[:3])
    assert top == expected
    first = ranking.experts[0]
    assert {f.name for f in first.factors} <= {"answers", "accepted"}
    assert first.score == pytest.approx(sum(f.points for f in first.factors), abs=1e-2)


def test_every_factor_counts_with_its_weight(cop: Cop) -> None:
    people(cop, "cy", "di")
    cop.edit_member("cy", add_expertise=["rust"])
    fresh = NOW
    e = entry(cop, "how-to", "cy", created=fresh, tags=["rust"], endorsements=["ada", "bob"])
    entry(cop, "how-to", "di", created=fresh, tags=["rust"], verified=[{"by": "cy", "date": "2026-06-01"}])
    q = entry(cop, "question", "bob", created=fresh, tags=["rust"])
    a = entry(cop, "answer", "cy", created=fresh, question=q.id)
    cop.repo.modify(Entry, q.id, lambda x: setattr(x, "accepted", a.id) or x)
    entry(cop, "answer", "cy", created=fresh, question=q.id)
    cop.edit_member("di", add_interests=["rust"])
    cop.repo.create(
        Mentorship.from_data({"id": new_id(), "mentor": "cy", "mentee": "di", "started": "2026-06-01"})
    )
    ranking = cop.experts("rust", now=NOW)
    cy = next(x for x in ranking.experts if x.handle == "cy")
    got = {f.name: (f.count, f.points) for f in cy.factors}
    w = expertise.WEIGHTS
    assert got == {
        "expertise": (1, w["expertise"]),
        "entries": (1, w["entries"]),
        "answers": (1, w["answers"]),
        "accepted": (1, w["accepted"]),
        "endorsements": (2, 2 * w["endorsements"]),
        "verifications": (1, w["verifications"]),
        "mentorships": (1, w["mentorships"]),
    }
    assert e.id  # the endorsed entry counted above
    assert ranking.experts[0].handle == "cy"


def test_old_work_counts_half_after_a_half_life(cop: Cop) -> None:
    people(cop, "old", "new")
    entry(cop, "how-to", "old", created="2025-06-01T00:00:00Z", tags=["go"])
    entry(cop, "how-to", "new", created="2026-06-01T00:00:00Z", tags=["go"])
    ranking = cop.experts("go", now=NOW)
    assert [x.handle for x in ranking.experts] == ["new", "old"]
    old = ranking.experts[1].factors[0]
    assert old.points == pytest.approx(expertise.WEIGHTS["entries"] * 0.5, rel=1e-3)
    assert expertise.decay(expertise.HALF_LIFE_DAYS * 2) == pytest.approx(0.25)


def test_words_match_through_search_left_members_out_externals_marked(cop: Cop) -> None:
    people(cop, "gone", "ext")
    cop.edit_member("ext", external=True)
    entry(cop, "how-to", "ext", title="Tuning the Postgres vacuum", tags=["db"])
    entry(cop, "how-to", "gone", title="Postgres vacuum in practice", tags=["db"])
    entry(cop, "how-to", "ada", title="Draft about vacuum", tags=["db"], status="draft")
    cop.leave("py", "gone")
    ranking = cop.experts("postgres vacuum", now=NOW)
    assert ranking.mode == "words"
    assert [(x.handle, x.external) for x in ranking.experts] == [("ext", True)]


def test_community_scope_and_member_topics(cop: Cop) -> None:
    people(cop, "fi")
    cop.add_community("ops", "Ops", "professional")
    cop.join("ops", "fi")
    entry(cop, "how-to", "fi", tags=["python"])
    entry(cop, "how-to", "fi", tags=["python", "typing"])
    q = entry(cop, "question", "bob", tags=["pytest"])
    entry(cop, "answer", "fi", question=q.id)
    assert [x.handle for x in cop.experts("python", community="py", now=NOW).experts] == ["fi"]
    assert cop.experts("python", community="ops", now=NOW).experts == ()
    topics = cop.member_topics("fi", now=NOW)
    assert [t.topic for t in topics] == ["python", "typing", "pytest"]
    assert topics[2].expert.factors[0].name == "answers"
