"""The full text is written in the order of its rowids. FTS5 writes its pending terms out as a new
segment whenever a row's rowid is not above the one before, so texts written in any other order
(a pull in the watcher's order, a sweep's path order after edits renumbered rows) each cost a
segment, and merging them: a 1,000-file pull at 10k took ~160 ms to insert its texts instead of ~45.
With FTS5's merging turned off, the segments a refresh leaves count its flushes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cop.store import Repo
from cop.store.index import index
from tests.store.test_index_build import make_repo

EDITED = 30


def _segments(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(DISTINCT segid) FROM fts_idx").fetchone()[0])


def _renumbered(root: Path) -> list[Path]:
    """Entries whose rowids run against their paths: each given a new title (a new `meta` row, so a
    new rowid) one refresh at a time, from the last path to the first."""
    files = sorted((root / "entries").rglob("*.md"))[:-1]  # the broken one sorts last ("zzzz…")
    chosen = files[:EDITED]
    repo = Repo.open(root)
    repo.refresh()
    for path in reversed(chosen):
        path.write_text(path.read_text(encoding="utf-8").replace("title: Entry", "title: Renamed entry"))
        repo.refresh()
    repo.close()
    return chosen


@pytest.mark.parametrize("big", [False, True], ids=["small refresh", "big refresh (texts dropped first)"])
def test_a_refresh_writes_the_full_text_in_rowid_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, big: bool
) -> None:
    root = make_repo(tmp_path / "kb", entries=40)
    chosen = _renumbered(root)
    conn = sqlite3.connect(root / ".cop" / "search.sqlite")
    rowids = [
        conn.execute("SELECT rowid FROM meta WHERE path = ?", (p.relative_to(root).as_posix(),)).fetchone()[0]
        for p in chosen
    ]
    assert rowids == sorted(rowids, reverse=True)  # the refresh below meets them in descending order
    with conn:  # no merging, so that every segment written stays to be counted
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('automerge', 0)")
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('crisismerge', 1000)")
    before = _segments(conn)
    for path in chosen:  # the body edited, the front matter kept: the text rewritten in place
        path.write_text(path.read_text(encoding="utf-8") + "\nA line about wombats.\n", encoding="utf-8")
    if big:
        monkeypatch.setattr(index, "BIG_REFRESH", 5)
    repo = Repo.open(root)
    report = repo.refresh()
    assert len(report.changed) == EDITED
    assert repo.search("wombats", limit=100)  # found (as threads: an answer shows as its question)
    repo.close()
    found = conn.execute(
        "SELECT m.path FROM fts f JOIN meta m ON m.rowid = f.rowid WHERE fts MATCH 'wombats'"
    )
    assert sorted(path for (path,) in found) == [p.relative_to(root).as_posix() for p in chosen]
    # one segment for the deletes and one for the inserts at most, not one per row
    assert _segments(conn) - before <= 2, _segments(conn) - before
    conn.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 1)")
    conn.close()
