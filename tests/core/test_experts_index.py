"""The evidence `cop experts` reads is derived as entries are indexed (cop/store/index/evidence.py): on
generated data it ranks exactly as counting the entries' files by the documented rules does, after every
kind of change (a question's tags and accepted answer, a deleted answer, an endorsement, a verification),
and as a build from nothing does."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest

from cop.core import Cop
from cop.domain import expertise
from cop.domain.ids import new_id
from cop.domain.models import Entry, Verified, with_changes
from cop.store import Repo
from cop.store.index import evidence

NOW = "2026-06-01T00:00:00Z"
HANDLES = [f"p{i:02d}" for i in range(8)]
TAGS = ["k8s", "helm", "go", "rust"]
KINDS = ["how-to", "lesson", "question", "question", "answer", "answer", "answer"]


def _day(rng: random.Random) -> str:
    """A creation time within two years before NOW, or (one in ten) a few days after it."""
    days = rng.uniform(-10, 0) if rng.random() < 0.1 else rng.uniform(0, 730)
    moment = dt.datetime(2026, 6, 1) - dt.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def generate(cop: Cop, seed: int = 15, count: int = 90) -> list[Entry]:
    """Members and a mix of entries: tagged and untagged answers, accepted answers, drafts,
    endorsements, verifications, two communities, a few with the word 'quokka' in the title."""
    rng = random.Random(seed)
    cop.add_community("ops", "Ops", "professional")
    for handle in HANDLES:
        cop.add_member(handle, handle.title())
        cop.join(rng.choice(["py", "ops"]), handle)
    made: list[Entry] = []
    questions: list[Entry] = []
    for number in range(count):
        kind = rng.choice(KINDS) if questions else "question"
        data: dict[str, object] = {
            "id": new_id(),
            "kind": kind,
            "title": f"{kind} {number}" + (" about a quokka" if rng.random() < 0.2 else ""),
            "community": rng.choice(["py", "py", "ops"]),
            "author": rng.choice(HANDLES),
            "created": _day(rng),
            "tags": rng.sample(TAGS, rng.choice([0, 1, 1, 2])),
        }
        if kind == "answer":
            data["question"] = rng.choice(questions).id
        if rng.random() < 0.1:
            data["status"] = "draft"
        if rng.random() < 0.3:
            data["endorsements"] = rng.sample(HANDLES, rng.randint(1, 3))
        if rng.random() < 0.2:
            data["verified"] = [
                {"by": rng.choice(HANDLES), "date": _day(rng)[:10]} for _ in range(rng.randint(1, 2))
            ]
        entry = cop.repo.create(Entry.from_data(data))
        made.append(entry)
        if kind == "question":
            questions.append(entry)
    for question in questions:
        answers = [e for e in made if e.question == question.id]
        if answers and rng.random() < 0.6:
            accept(cop, question.id, rng.choice(answers).id)
    return made


def accept(cop: Cop, question: str, answer: str) -> None:
    cop.repo.modify(Entry, question, lambda q: setattr(q, "accepted", answer) or q)


def _age(created: str) -> float:
    now = dt.datetime.fromisoformat(NOW.replace("Z", "+00:00"))
    then = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    return (now - then).total_seconds() / 86400


Pieces = dict[tuple[str, str, str], tuple[int, float]]


def counted(
    entries: Iterable[Entry],
    topics: Iterable[str] | None,
    community: str | None = None,
    every: Iterable[Entry] = (),
) -> Pieces:
    """The documented rules, entry by entry (docs/people.md, "The score"): (handle, topic, factor) ->
    (count, decayed weight) of `entries` (their questions looked up among them and `every`), for the
    tags in `topics`, or when `topics` is None for all of them (the words mode's single topic '')."""
    scope = list(entries)
    by_id = {e.id: e for e in [*every, *scope]}
    out: dict[tuple[str, str, str], tuple[int, float]] = {}

    def add(handle: str, topic: str, factor: str, n: int, when: str) -> None:
        if not handle or (topics is not None and topic not in topics):
            return
        had = out.get((handle, topic, factor), (0, 0.0))
        out[(handle, topic, factor)] = (had[0] + n, had[1] + n * expertise.decay(_age(when)))

    for e in scope:
        if e.status == "draft" or (community and e.community != community):
            continue
        own = set(e.tags) if topics is not None else {""}
        if e.kind != "question":
            work = set(own)
            factor = "entries"
            if e.kind == "answer":
                question = by_id.get(e.question)
                if question is not None and question.kind == "question":
                    work |= set(question.tags) if topics is not None else set()
                factor = "accepted" if question is not None and question.accepted == e.id else "answers"
            for topic in work:
                add(e.author, topic, factor, 1, e.created)
                if e.endorsements:
                    add(e.author, topic, "endorsements", len(e.endorsements), e.created)
        for v in e.verified:
            for topic in own:
                add(v.by, topic, "verifications", 1, v.date + "T00:00:00Z")
    return out


def ranked(pieces: Pieces, topic: str, listed: set[str]) -> list[tuple[str, float, dict[str, int]]]:
    """(handle, score, factor counts) best first, as `cop experts` ranks `pieces` of one topic, the
    `listed` members only."""
    per: dict[str, dict[str, tuple[int, float]]] = {}
    for (handle, t, factor), value in pieces.items():
        if t == topic and handle in listed:
            per.setdefault(handle, {})[factor] = value
    experts = [expertise.Expert(h, h, False, "", "", expertise.factors(c)) for h, c in per.items()]
    return [(e.handle, e.score, {f.name: f.count for f in e.factors}) for e in expertise.rank(experts)]


def shown(cop: Cop, topic: str, community: str | None = None) -> list[tuple[str, float, dict[str, int]]]:
    ranking = cop.experts(topic, community=community, limit=None, now=NOW)
    return [(e.handle, e.score, {f.name: f.count for f in e.factors}) for e in ranking.experts]


def assert_same(cop: Cop) -> None:
    """Every tag, overall and per community, and the words mode rank as the rules count."""
    every = cop.repo.entries()
    joined = {m.handle: {j.community for j in m.memberships} for m in cop.members()}
    for topic in TAGS:
        for community in (None, "py", "ops"):
            listed = {h for h, c in joined.items() if (community in c if community else c)}
            expected = ranked(counted(every, [topic], community), topic, listed)
            got = shown(cop, topic, community)
            assert [g[0] for g in got] == [x[0] for x in expected], (topic, community)
            assert [g[2] for g in got] == [x[2] for x in expected], (topic, community)
            assert [g[1] for g in got] == pytest.approx([x[1] for x in expected], abs=2e-3)
    matching = [e for e in every if "quokka" in e.title]
    answering = {e.id for e in matching if e.kind == "question"}
    words = [e for e in every if "quokka" in e.title or (e.kind == "answer" and e.question in answering)]
    scope = {e.id for e in matching}
    # an answer taken along by its question brings its work, not its verifications
    taken = [e if e.id in scope else with_changes(e, {"verified": []}) for e in words]
    expected = ranked(counted(taken, None, every=every), "", set(joined))
    got = shown(cop, "quokka")
    assert [(g[0], g[2]) for g in got] == [(x[0], x[2]) for x in expected]
    assert [g[1] for g in got] == pytest.approx([x[1] for x in expected], abs=2e-3)


@pytest.fixture
def generated(cop: Cop) -> list[Entry]:
    return generate(cop)


def test_the_derived_evidence_ranks_as_counting_the_files_does(cop: Cop, generated: list[Entry]) -> None:
    assert_same(cop)
    future = [e for e in generated if e.created > NOW and e.status != "draft"]
    assert future  # evidence dated after now counts fully, as `decay` says
    expected = counted(generated, TAGS)
    assert any(w == c for c, w in expected.values()) and any(w < c for c, w in expected.values())


def test_the_ranking_follows_every_change(cop: Cop, generated: list[Entry]) -> None:
    questions = [e for e in generated if e.kind == "question" and e.status != "draft"]
    answered = sorted(questions, key=lambda q: -sum(e.question == q.id for e in generated))
    first = answered[0]
    # a question's tags move its answers' evidence (answers usually carry no tags of their own)
    cop.repo.modify(Entry, first.id, lambda q: setattr(q, "tags", ["rust", "helm"]) or q)
    assert_same(cop)
    # a question accepting another answer moves 'accepted' from one answer to the other
    answers = [e for e in generated if e.question == first.id]
    accept(cop, first.id, answers[-1].id)
    assert_same(cop)
    accept(cop, first.id, "")
    assert_same(cop)
    # an answer deleted takes its evidence along; a question deleted leaves its answers their own tags
    cop.remove_entry(answers[0].id)
    assert_same(cop)
    cop.remove_entry(answered[1].id)
    assert_same(cop)
    # an endorsement and a verification (by the core's own commands, as ada, a coordinator of py)
    target = next(e for e in generated if e.kind == "how-to" and e.community == "py" and e.tags)
    cop.endorse(target.id)
    cop.verify(target.id)
    assert_same(cop)
    assert "ada" in {h for h, *_ in shown(cop, target.tags[0])}
    # a draft published, an entry's tags changed, an answer moved to another question
    draft = next(e for e in generated if e.status == "draft" and e.kind != "question")
    cop.repo.modify(Entry, draft.id, lambda e: setattr(e, "status", "published") or e)
    cop.repo.modify(Entry, target.id, lambda e: setattr(e, "tags", ["go"]) or e)
    cop.repo.modify(Entry, answers[1].id, lambda e: setattr(e, "question", answered[2].id) or e)
    assert_same(cop)


def test_an_answer_indexed_before_its_question_counts_in_its_tags(cop: Cop, repo_path: Path) -> None:
    """An answer whose question arrives later (a sync, an import) gains the question's tags then."""
    cop.add_member("cy", "Cy")
    cop.join("py", "cy")
    question = Entry.from_data(
        {
            "id": new_id(),
            "kind": "question",
            "title": "Q",
            "community": "py",
            "author": "bob",
            "tags": ["zig"],
        }
    )
    answer = Entry.from_data(
        {
            "id": new_id(),
            "kind": "answer",
            "title": "A",
            "community": "py",
            "author": "cy",
            "question": question.id,
        }
    )
    cop.repo.create(answer)
    assert cop.experts("zig", now=NOW).experts == ()  # nothing counts in 'zig' yet
    cop.repo.create(with_changes(question, {"accepted": answer.id}))
    assert shown(cop, "zig") == [("cy", 3.0, {"accepted": 1})]


def _evidence_rows(root: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(root / ".cop" / "search.sqlite")
    paths = dict(conn.execute("SELECT rowid, path FROM meta"))
    rows = conn.execute("SELECT entry, topic, handle, factor, community, day, n, w FROM evidence")
    found = sorted((paths[entry], *rest) for entry, *rest in rows)
    conn.close()
    return found


def test_kept_up_as_entries_change_it_holds_what_a_build_from_nothing_derives(
    cop: Cop, generated: list[Entry], repo_path: Path
) -> None:
    first = next(e for e in generated if e.kind == "question" and e.status != "draft")
    cop.repo.modify(Entry, first.id, lambda q: setattr(q, "tags", ["go"]) or q)
    target = next(e for e in generated if e.kind == "lesson")
    mark = Verified(by="p01", date="2026-05-01")
    cop.repo.modify(Entry, target.id, lambda e: setattr(e, "verified", [*e.verified, mark]) or e)
    cop.experts("go", now=NOW)  # brought up to date incrementally
    kept = _evidence_rows(repo_path)
    assert kept
    cop.reindex()
    assert _evidence_rows(repo_path) == kept
    cop.close()
    fresh = Repo.open(repo_path)  # a new process's view: the same rows
    fresh.refresh()
    fresh.close()
    assert _evidence_rows(repo_path) == kept


def test_the_stored_weights_decay_as_decay_does() -> None:
    """w * scale(now) is 0.5 ** (age / half-life) for past evidence; a day far in the future (past what a
    float holds) keeps no w, and a future day is counted by its n at query time, never by w."""
    now = evidence.EPOCH + 9650.25
    rng = random.Random(3)
    for age in [0.0, 1.0, 365.0, 730.0, 10_000.0, *(rng.uniform(0, 3000) for _ in range(50))]:
        grown = evidence.growth(now - age)
        assert grown is not None
        assert grown * evidence.scale(now) == pytest.approx(expertise.decay(age), rel=1e-12)
    assert evidence.growth(None) is None
    assert evidence.growth(evidence.EPOCH + 400_000) is None
