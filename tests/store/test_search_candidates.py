"""A search groups only its best-scored matches into threads first, and falls back to every match
when those cannot be the whole answer: either way it returns what grouping every match returns."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from cop.domain import ids
from cop.domain.filters import SearchRow
from cop.domain.models import Entry
from cop.store import Repo
from cop.store.index import search
from tests.record_files import write_record


@pytest.fixture
def repo(repo_path: Path) -> Iterator[Repo]:
    """80 entries that all say "common" (questions with answers, obsolete ones, ties of equal text)."""
    rng = random.Random(13)
    questions: list[str] = []
    for number in range(80):
        kind = rng.choice(["question", "answer", "lesson", "how-to"] if questions else ["question"])
        data = {
            "id": ids.new_id(),
            "kind": kind,
            "title": rng.choice(["A common title", "Another title", f"Title {number}"]),
            "community": rng.choice(["py", "ops"]),
            "status": rng.choice(["published"] * 4 + ["obsolete"]),
            "tags": [rng.choice(["alpha", "beta"])],
            "created": "2024-01-05T10:00:00Z",
        }
        if kind == "answer":
            data["question"] = rng.choice(questions)
        entry = Entry.from_data(data)
        entry.body = " ".join(["common"] * rng.randint(1, 3) + ["filler"] * rng.choice([0, 5, 5, 20])) + "\n"
        write_record(repo_path, entry)
        if kind == "question":
            questions.append(entry.id)
    opened = Repo.open(repo_path)
    opened.refresh()
    yield opened
    opened.close()


def shown(rows: list[SearchRow]) -> list[tuple[str, str, float, str]]:
    return [(r.id, r.matched, r.score, r.snippet) for r in rows]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"kind": "question"},
        {"kind": "answer"},
        {"community": "ops"},
        {"tags": ["beta"]},
        {"status": "obsolete"},
    ],
)
def test_the_best_matches_first_give_what_every_match_gives(
    repo: Repo, filters: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = repo.index.search_db
    everything = db.search("common", limit=None, **filters)  # type: ignore[arg-type]
    assert len(everything) > 8
    for candidates in (1, 3, 8, 30):
        monkeypatch.setattr(search, "search_candidates", lambda limit, n=candidates: n)
        for limit in (1, 2, 5, 10, 40):
            found = db.search("common", limit=limit, **filters)  # type: ignore[arg-type]
            assert shown(found) == shown(everything[:limit]), (candidates, limit)
