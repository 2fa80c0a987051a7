"""The SQLite index answers every entry filter and sort exactly as the files say, after outside edits,
deletes, moves and a `git pull`; and TinyDB never holds an entry."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
from pathlib import Path

import pytest

from cop.domain import ids
from cop.domain.filters import EntryFilter
from cop.domain.models import Entry
from cop.store import Repo
from cop.store.records.codec import parse_record
from tests.record_files import write_record

COMMUNITIES = ("py", "ops")
KINDS = ("lesson", "how-to", "question", "answer")
STATUSES = ("published", "draft", "archived", "obsolete")
TAGS = ("alpha", "beta", "gamma", "delta")
AUTHORS = ("ada", "bob", "")
DAYS = ("2024-01-05T10:00:00Z", "2024-03-01T09:00:00Z", "2024-06-30T23:59:59Z", "")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def random_entries(rng: random.Random, count: int, questions: list[str]) -> list[Entry]:
    made = []
    for number in range(count):
        kind = rng.choice(KINDS) if questions else rng.choice(KINDS[:3])
        data = {
            "id": ids.new_id(),
            "kind": kind,
            "title": f"{rng.choice(['Zebra', 'apple', 'Mango', 'banana'])} {number}",
            "community": rng.choice(COMMUNITIES),
            "status": rng.choice(STATUSES),
            "author": rng.choice(AUTHORS),
            "created": rng.choice(DAYS[:3]),
            "updated": rng.choice(DAYS),
            "tags": rng.sample(TAGS, rng.randint(0, 3)),
            "endorsements": rng.sample(["ada", "bob", "cy"], rng.randint(0, 3)),
        }
        if kind == "answer":
            data["question"] = rng.choice(questions)
        data = {k: v for k, v in data.items() if v not in ("", [])}
        made.append(Entry.from_data(data))
    return made


def files_say(root: Path) -> list[tuple[str, Entry]]:
    """Every entry as its file says, parsed here without the index."""
    found = []
    for path in sorted(root.glob("entries/*/*.md")):
        record = parse_record(str(path.relative_to(root)), path.read_bytes())
        assert isinstance(record, Entry)
        found.append((str(path.relative_to(root)), record))
    return found


def oracle(entries: list[tuple[str, Entry]], where: EntryFilter, sort: str) -> list[tuple[str, str]]:
    answered = {e.question for _, e in entries if e.question}

    def keep(e: Entry) -> bool:
        return (
            (not where.community or e.community == where.community)
            and (not where.kind or e.kind == where.kind)
            and all(t in e.tags for t in where.tags)
            and (not where.author or e.author == where.author)
            and (not where.status or e.status == where.status)
            and (not where.since or e.updated >= where.since)
            and (not where.until or e.updated <= where.until)
            and (not where.question or e.question == where.question)
            and (not where.unanswered or e.id not in answered)
            and (not where.hide_obsolete or e.status != "obsolete")
        )

    kept = [(path, e) for path, e in entries if keep(e)]
    if sort == "title":
        kept.sort(key=lambda pe: (pe[1].title.casefold(), pe[1].id))
    elif sort == "endorsements":
        kept.sort(
            key=lambda pe: (len(pe[1].endorsements), pe[1].updated or pe[1].created, pe[1].id), reverse=True
        )
    else:
        kept.sort(
            key=lambda pe: ((pe[1].updated if sort == "updated" else "") or pe[1].created, pe[1].id),
            reverse=True,
        )
    return [(path, e.id) for path, e in kept]


def filters(questions: list[str]) -> list[EntryFilter]:
    found = [EntryFilter()]
    found += [EntryFilter(community=c) for c in COMMUNITIES]
    found += [EntryFilter(kind=k) for k in KINDS]
    found += [EntryFilter(tags=(t,)) for t in TAGS]
    found += [EntryFilter(tags=pair) for pair in itertools.combinations(TAGS, 2)]
    found += [EntryFilter(author=a) for a in AUTHORS if a]
    found += [EntryFilter(status=s) for s in STATUSES]
    found += [EntryFilter(since=d) for d in DAYS if d] + [EntryFilter(until=d) for d in DAYS if d]
    found += [EntryFilter(question=q) for q in questions[:3]]
    found += [EntryFilter(unanswered=True, kind="question"), EntryFilter(hide_obsolete=True)]
    found += [EntryFilter(community="py", kind="question", tags=("alpha",), hide_obsolete=True)]
    return found


def check_every_filter(root: Path) -> None:
    entries = files_say(root)
    questions = sorted(e.id for _, e in entries if e.kind == "question")
    repo = Repo.open(root)
    try:
        for where in filters(questions):
            for sort in ("updated", "created", "title", "endorsements"):
                got = [(e.path, e.id) for e in repo.entries(where, sort=sort)]
                assert got == oracle(entries, where, sort), (where, sort)
                assert repo.count_entries(where) == len(got)
                assert [(e.path, e.id) for e in repo.entries(where, sort=sort, limit=3, offset=2)] == got[2:5]
        # the documents are the files' front matter, field for field
        by_path = dict(entries)
        for entry in repo.entries(EntryFilter()):
            expected = by_path[entry.path]
            expected.body = ""
            assert entry.to_index() == expected.to_index()
        tags: dict[str, int] = {}
        for _, e in by_path.items():
            for t in e.tags:
                tags[t] = tags.get(t, 0) + 1
        assert repo.tag_counts() == sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))
    finally:
        repo.close()


@pytest.fixture
def seeded(repo_path: Path) -> Path:
    rng = random.Random(13)
    questions = random_entries(rng, 12, [])
    questions = [e for e in questions if e.kind == "question"] or questions[:1]
    for entry in random_entries(rng, 30, [q.id for q in questions]) + questions:
        write_record(repo_path, entry)
    return repo_path


def test_filters_match_the_files_after_outside_edits_deletes_and_moves(seeded: Path) -> None:
    check_every_filter(seeded)  # first build
    rng = random.Random(14)
    paths = sorted(seeded.glob("entries/*/*.md"))
    # outside edits: new tags, status, author, updated, title (same size is possible: racy-safe)
    for path in paths[:8]:
        entry = parse_record(str(path.relative_to(seeded)), path.read_bytes())
        assert isinstance(entry, Entry)
        entry.tags = rng.sample(TAGS, 2)
        entry.status = rng.choice(STATUSES)
        entry.updated = "2024-12-24T12:00:00Z"
        write_record(seeded, entry)
    for path in paths[8:12]:  # deletes
        path.unlink()
    for path in paths[12:16]:  # moves to the other community (folder and field)
        entry = parse_record(str(path.relative_to(seeded)), path.read_bytes())
        assert isinstance(entry, Entry)
        entry.community = "ops" if entry.community == "py" else "py"
        path.unlink()
        write_record(seeded, entry)
    check_every_filter(seeded)


def test_filters_match_the_files_after_a_git_pull(tmp_path: Path, seeded: Path) -> None:
    git(seeded, "init", "-q")
    git(seeded, "add", "-A")
    git(seeded, "commit", "-qm", "seed")
    theirs = tmp_path / "theirs"
    git(tmp_path, "clone", "-q", str(seeded), str(theirs))
    check_every_filter(seeded)
    rng = random.Random(15)
    for path in sorted(theirs.glob("entries/*/*.md"))[:5]:
        path.unlink()
    for entry in random_entries(rng, 10, []):
        write_record(theirs, entry)
    git(theirs, "add", "-A")
    git(theirs, "commit", "-qm", "theirs")
    git(seeded, "pull", "-q", "--no-rebase", str(theirs), "HEAD")
    check_every_filter(seeded)


def test_tinydb_never_holds_an_entry(seeded: Path) -> None:
    check_every_filter(seeded)
    cache = seeded / ".cop"
    assert not (cache / "index.json").exists()
    for path in cache.glob("*.json"):
        if path.name == "recent.json":
            continue  # a plain JSON snapshot for first paint, not TinyDB
        data = json.loads(path.read_text())
        assert not any("entry" in str(table) for table in data), path


def test_an_old_tinydb_cache_is_dropped_and_rebuilt(seeded: Path) -> None:
    import sqlite3

    cache = seeded / ".cop"
    cache.mkdir(exist_ok=True)
    (cache / "index.json").write_text('{"entry": {}}')
    conn = sqlite3.connect(cache / "search.sqlite")
    conn.execute("PRAGMA user_version = 4")
    conn.execute("CREATE TABLE meta(path TEXT)")
    conn.commit()
    conn.close()
    check_every_filter(seeded)
    assert not (cache / "index.json").exists()
