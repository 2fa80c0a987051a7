"""The index refreshed from the paths a real watcher names: after outside changes (edits, deletes, moves,
a moved folder, a racy same-size edit, a concurrent writer) it holds exactly what a build from the files
holds; when the watcher cannot name them all (killed, restarted, past its bound, a queue overflow) the
index sweeps instead, and is just as exact.

The oracle is a copy of the repo's files (mtimes kept) indexed from nothing: every table of the index
(the ledger, entries, tags, records, full-text rows, links and the experts' evidence) and a few filters
through `Repo` must match it row for row.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from cop.domain.entries import Entry, Verified
from cop.domain.filters import EntryFilter
from cop.domain.models import Community
from cop.store import Repo, render
from cop.store.watch import client as watch
from tests.record_files import write_record
from tests.store.watchers import Start, flood, queue_limit

pytestmark = pytest.mark.skipif(not watch.is_supported(), reason="inotify is Linux only")

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
QUESTIONS = 300
ANSWERS = 3  # per question
TAGS = ("python", "rust", "sql", "git", "ops")
HANDLES = ("ada", "bob", "cy", "dee")


def an_id(number: int, salt: int = 0) -> str:
    digits = []
    value = number * 7 + salt * 1_000_003
    for _ in range(8):
        digits.append(ALPHABET[value % 32])
        value //= 32
    return "".join(reversed(digits))


def entry(number: int, version: int = 0) -> Entry:
    """Question `number // (ANSWERS + 1)` or one of its answers; `version` changes what it says."""
    thread, place = divmod(number, ANSWERS + 1)
    question = an_id(thread * (ANSWERS + 1))
    tags = [TAGS[(thread + version) % len(TAGS)], TAGS[(number + 2 * version) % len(TAGS)]]
    common: dict[str, Any] = {
        "community": ("py", "ops")[thread % 2],
        "author": HANDLES[(number + version) % len(HANDLES)],
        "created": f"2025-0{1 + number % 9}-1{number % 10}T10:00:00Z",
        "tags": sorted(set(tags)),
        "endorsements": list(HANDLES[: (number + version) % 3]),
        "body": f"Body {number} v{version}: see [[{an_id((number + 5) * 4 % 1200)}]] word{version}.\n",
    }
    if place == 0:
        accepted = an_id(thread * (ANSWERS + 1) + 1 + version % ANSWERS)
        return Entry(id=question, kind="question", title=f"Q{number} v{version}", accepted=accepted, **common)
    verified = [Verified(by=HANDLES[version % 4], date="2025-06-01")] if number % 5 == 0 else []
    return Entry(
        id=an_id(number),
        kind="answer",
        title=f"Re: Q{thread} v{version}",
        question=question,
        verified=verified,
        **common,
    )


def entry_path(root: Path, number: int) -> Path:
    record = entry(number)
    return root / "entries" / record.community / f"{record.id}.md"


def write_entry(root: Path, number: int, version: int = 0) -> None:
    """Write an entry as git would: a new file renamed over the old one."""
    path = entry_path(root, number)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(render(entry(number, version)), encoding="utf-8")
    os.replace(temporary, path)


@pytest.fixture
def kb(repo_path: Path) -> Path:
    """A repo of QUESTIONS threads of a question and ANSWERS answers, written as files."""
    for slug in ("py", "ops"):
        write_record(repo_path, Community(slug=slug, name=slug.title(), kind="professional"))
    for number in range(QUESTIONS * (ANSWERS + 1)):
        write_entry(repo_path, number)
    return repo_path


def refreshed(root: Path) -> Any:
    with Repo.open(root) as repo:
        return repo.refresh()


def dump(root: Path) -> dict[str, object]:
    """Every table of the index (rowids replaced by paths) and a few filters, after a refresh."""
    with Repo.open(root) as repo:
        repo.refresh()
        sql = repo.index.search_db.conn.execute
        tables = {
            "files": "SELECT path, mtime, size, hash, error FROM files",
            "meta": "SELECT path, id, community, kind, status, author, updated, created, title, tags,"
            " question, modified, title_key, endorsements, doc FROM meta",
            "tags": "SELECT m.path, t.tag FROM tags t JOIN meta m ON m.rowid = t.entry",
            "records": "SELECT * FROM records",
            "fts": "SELECT m.path, f.title, f.tags, f.body FROM fts f JOIN meta m ON m.rowid = f.rowid",
            "links": "SELECT * FROM links",
            "evidence": "SELECT m.path, e.topic, e.handle, e.factor, e.community, e.day, e.n, e.w"
            " FROM evidence e JOIN meta m ON m.rowid = e.entry",
        }
        found: dict[str, object] = {name: sorted(sql(q).fetchall(), key=repr) for name, q in tables.items()}
        filters = [
            EntryFilter(tags=("python",)),
            EntryFilter(community="ops", kind="question"),
            EntryFilter(author="bob"),
            EntryFilter(unanswered=True),
        ]
        for where in filters:
            found[repr(where)] = [e.id for e in repo.entries(where, sort="title")]
        found["search"] = [(r.id, r.answers) for r in repo.search("word1", limit=None)]
        found["problems"] = [str(p) for p in repo.problems()]
    return found


def from_the_files(root: Path, tmp_path: Path) -> dict[str, object]:
    """What an index built from nothing on a copy of the files holds."""
    copy = tmp_path / f"oracle-{time.monotonic_ns()}"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".cop", ".git"))
    return dump(copy)


def assert_as_the_files_say(root: Path, tmp_path: Path) -> None:
    found, expected = dump(root), from_the_files(root, tmp_path)
    for table, rows in expected.items():
        assert found[table] == rows, f"{table} differs from the files"


def indexed_with(root: Path, start: Start, kept: int = 20_000) -> subprocess.Popen[str]:
    """Index `root`, start a watcher and refresh once, so its token is stored with the ledger."""
    refreshed(root)
    process = start(root, kept)
    refreshed(root)
    with Repo.open(root) as repo:
        assert repo.index.search_db.watch_token() is not None
    return process


# -- the paths named --------------------------------------------------------------------------------
def test_a_thousand_outside_changes_are_read_from_the_paths_named(
    kb: Path, start: Start, sweeps: list[Path], tmp_path: Path
) -> None:
    indexed_with(kb, start)
    sweeps.clear()
    for number in range(1000):  # edits: titles, tags, authors, accepted answers, links, verifications
        write_entry(kb, number, version=1)
    for number in range(1000, 1050):
        entry_path(kb, number).unlink()
    (kb / "entries" / "py" / "zzzzzzzz-new.md").write_text(
        "---\nid: zzzzzzzz\nkind: how-to\ntitle: New\ncommunity: py\ntags: [python]\n---\nword1\n"
    )
    (kb / "entries" / "py" / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    report = refreshed(kb)
    assert kb not in sweeps, "the watcher named the paths: no sweep"
    assert len(report.changed) == 1001 and len(report.removed) == 50
    assert_as_the_files_say(kb, tmp_path)
    assert kb not in sweeps
    report = refreshed(kb)  # nothing since: the token is the stored one
    assert not report and kb not in sweeps


def test_deletes_and_a_renamed_file(kb: Path, start: Start, sweeps: list[Path], tmp_path: Path) -> None:
    indexed_with(kb, start)
    sweeps.clear()
    for number in range(0, 400, 4):  # questions, each with its answers' evidence
        entry_path(kb, number).unlink()
    moved = entry_path(kb, 5)
    os.rename(moved, moved.with_name("renamed.md"))
    (kb / "communities" / "ops.yaml").unlink()
    assert refreshed(kb).removed
    assert kb not in sweeps
    assert_as_the_files_say(kb, tmp_path)


def test_a_moved_community_folder_and_one_moved_in_from_outside(
    kb: Path, start: Start, sweeps: list[Path], tmp_path: Path
) -> None:
    """A folder's files are never named one by one when the folder moves: the folder is listed whole."""
    indexed_with(kb, start)
    sweeps.clear()
    os.rename(kb / "entries" / "ops", kb / "entries" / "ops2")
    outside = tmp_path / "elsewhere"
    shutil.copytree(kb / "entries" / "py", outside)
    shutil.rmtree(kb / "entries" / "py")
    os.rename(outside, kb / "entries" / "py3")
    refreshed(kb)
    assert kb not in sweeps
    assert_as_the_files_say(kb, tmp_path)


def test_a_racy_same_size_edit_is_read_again(
    kb: Path, start: Start, sweeps: list[Path], tmp_path: Path
) -> None:
    """A same-size edit that keeps the mtime (one clock tick) of a file indexed within two seconds of
    its mtime: named by the watcher, re-read, and its hash tells the change."""
    indexed_with(kb, start)
    path = entry_path(kb, 9)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("v0", "v8"), encoding="utf-8")  # indexed now: racy
    refreshed(kb)
    before = path.stat()
    sweeps.clear()
    path.write_text(text.replace("v0", "v9"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert refreshed(kb).changed == [str(path.relative_to(kb))]
    assert kb not in sweeps
    assert_as_the_files_say(kb, tmp_path)


def test_a_writer_between_the_answer_and_the_lock(
    kb: Path, start: Start, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Another process refreshes (and a file changes again) after this one was told what changed:
    it sees the index was written meanwhile and sweeps instead."""
    from cop.store.index import index

    indexed_with(kb, start)
    real = index.stat_paths
    interleaved: list[int] = []

    def with_a_writer(root: Path, paths: list[str]) -> Any:
        found = real(root, paths)
        if not interleaved:
            interleaved.append(1)
            write_entry(kb, 13, version=3)
            refreshed(kb)  # the other process: it stores its own token
            write_entry(kb, 17, version=3)
        return found

    monkeypatch.setattr(index, "stat_paths", with_a_writer)
    write_entry(kb, 13, version=2)
    refreshed(kb)
    assert interleaved
    assert_as_the_files_say(kb, tmp_path)


# -- when the watcher cannot name them all: the sweep -----------------------------------------------
def test_a_killed_watcher_and_a_new_one(kb: Path, start: Start, sweeps: list[Path], tmp_path: Path) -> None:
    """Changes made while no watcher ran are in no journal: a new watcher's names (more of them than
    the old token's generation) must not stand in for them."""
    process = indexed_with(kb, start)
    write_entry(kb, 1, version=1)
    process.kill()  # mid-way: no chance to say anything
    process.wait()
    for number in range(2, 300):
        write_entry(kb, number, version=1)
    start(kb)
    for number in range(300, 700):
        write_entry(kb, number, version=1)
    sweeps.clear()
    refreshed(kb)
    assert sweeps.count(kb) == 1
    assert_as_the_files_say(kb, tmp_path)


def test_more_changes_than_the_journal_keeps(
    kb: Path, start: Start, sweeps: list[Path], tmp_path: Path
) -> None:
    indexed_with(kb, start, kept=50)
    for number in range(200):
        write_entry(kb, number, version=1)
    sweeps.clear()
    refreshed(kb)
    assert sweeps.count(kb) == 1, "past its bound the journal says 'unknown'"
    assert_as_the_files_say(kb, tmp_path)
    write_entry(kb, 7, version=2)  # within the bound again: named
    sweeps.clear()
    refreshed(kb)
    assert kb not in sweeps
    assert_as_the_files_say(kb, tmp_path)


def test_a_queue_overflow(kb: Path, start: Start, sweeps: list[Path], tmp_path: Path) -> None:
    """Events dropped by the kernel are named nowhere: after an overflow the index sweeps."""
    limit = queue_limit()
    if limit > 100_000:
        pytest.skip(f"max_queued_events is {limit}: too many events to overflow quickly")
    process = indexed_with(kb, start)
    process.send_signal(signal.SIGSTOP)  # nobody reads the queue while it fills
    try:
        for number in range(0, 600):
            write_entry(kb, number, version=1)
        flood(kb / "entries" / "py", (".flood0", ".flood1"))  # dotfiles: never records
    finally:
        process.send_signal(signal.SIGCONT)
    sweeps.clear()
    refreshed(kb)
    assert sweeps.count(kb) == 1
    status = watch.status(kb)
    assert status is not None and status.overflows >= 1
    assert_as_the_files_say(kb, tmp_path)
