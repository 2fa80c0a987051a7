"""A build of the index from nothing (`cop reindex`, a new clone): committed in chunks, its files parsed
in worker processes, its secondary indexes made at the end. It writes the rows a one-transaction build in
this process writes, and a build killed midway leaves an index the next refresh completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cop.domain import ids
from cop.domain.models import Entry, Member
from cop.store import Repo, render
from cop.store.index import beside, builds, index, parsing
from cop.store.records import layout


def make_repo(root: Path, entries: int = 40) -> Path:
    """A repo of entries (some linking others, some answers), members, and one broken file."""
    Repo.init(root, name="Build")
    made: list[str] = []
    for number in range(entries):
        data = {
            "id": ids.new_id(),
            "kind": "answer" if made and number % 4 == 3 else "lesson",
            "title": f"Entry {number} about quokkas",
            "community": ("py", "ops")[number % 2],
            "tags": [("alpha", "beta", "gamma")[number % 3]],
            "created": "2024-01-05T10:00:00Z",
            "author": ("ada", "bob", "cy")[number % 3],  # so every entry gives evidence (evidence.py)
        }
        if data["kind"] == "answer":
            data["question"] = made[-1]
        entry = Entry.from_data(data)
        entry.body = f"Body {number}: see [[{made[0]}]].\n" if made else "The first body.\n"
        path = root / layout.record_path(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(entry), encoding="utf-8")
        made.append(entry.id)
    for handle in ("ada", "bob", "cy"):
        member = Member.from_data({"handle": handle, "name": handle.title()})
        (root / layout.record_path(member)).write_text(render(member), encoding="utf-8")
    (root / "entries" / "py" / "zzzzzzzz-broken.md").write_text("---\nid: [unclosed\n---\n", encoding="utf-8")
    return root


def rows(root: Path) -> dict[str, object]:
    """Everything a build writes, with row ids replaced by the path they stand for (two builds may
    number rows differently and still be the same index) and the ledger's read times left out."""
    conn = sqlite3.connect(root / ".cop" / "search.sqlite")
    paths = dict(conn.execute("SELECT rowid, path FROM meta"))
    found: dict[str, object] = {
        "files": conn.execute("SELECT path, mtime, size, hash, error FROM files ORDER BY path").fetchall(),
        "meta": conn.execute("SELECT * FROM meta ORDER BY path").fetchall(),
        "records": conn.execute("SELECT * FROM records ORDER BY path").fetchall(),
        "links": conn.execute("SELECT * FROM links ORDER BY path, dst").fetchall(),
        "built": conn.execute("SELECT * FROM built").fetchall(),
        "indexes": sorted(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")),
    }
    found["meta"] = [row[1:] for row in found["meta"]]  # type: ignore[attr-defined]
    found["tags"] = sorted((tag, paths[entry]) for tag, entry in conn.execute("SELECT tag, entry FROM tags"))
    fts = conn.execute("SELECT rowid, title, tags, body FROM fts").fetchall()
    found["fts"] = sorted((paths[rowid], *rest) for rowid, *rest in fts)
    evidence = conn.execute("SELECT entry, topic, handle, factor, community, day, n, w FROM evidence")
    found["evidence"] = sorted((paths[entry], *rest) for entry, *rest in evidence)
    found["evidence_stale"] = conn.execute("SELECT * FROM evidence_stale").fetchall()
    conn.close()
    return found


def pooled_in_chunks(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Tiny chunks and batches, and two worker processes even for a few files; returns the command
    lines of the processes started (the real ones)."""
    monkeypatch.setattr(index, "BUILD_CHUNK", 7)
    monkeypatch.setattr(parsing, "TASK_FILES", 5)
    monkeypatch.setattr(parsing, "POOL_MIN", 0)
    monkeypatch.setattr(parsing, "workers", lambda: 2)
    started: list[list[str]] = []
    popen = subprocess.Popen

    def counted(argv: list[str], **kw: object) -> subprocess.Popen[bytes]:
        started.append(list(argv))
        return popen(argv, **kw)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(subprocess, "Popen", counted)
    return started


@pytest.fixture
def one_transaction(tmp_path: Path) -> dict[str, object]:
    """The rows of a build as it was: one chunk, parsed in this process."""
    root = make_repo(tmp_path / "one")
    repo = Repo.open(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index, "BUILD_CHUNK", 10**9)
        patch.setattr(parsing, "workers", lambda: 1)
        report = repo.refresh(full=True)
    repo.close()
    assert len(report.problems) == 1  # the broken file, reported and not indexed
    return rows(root)


def test_a_chunked_build_in_worker_processes_writes_the_same_rows(
    tmp_path: Path, one_transaction: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    started = pooled_in_chunks(monkeypatch)
    repo = Repo.open(tmp_path / "one")
    seen: list[int] = []
    report = repo.refresh(full=True, progress=lambda done, total: seen.append(done))
    assert seen == list(range(1, len(seen) + 1)) and len(seen) > 2 * index.BUILD_CHUNK
    assert len(report.problems) == 1 and len(started) == 2
    repo.close()
    assert rows(tmp_path / "one") == one_transaction
    again = Repo.open(tmp_path / "one")
    assert not again.refresh()  # built and fresh: nothing left to do
    again.close()


def test_without_worker_processes_the_build_parses_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "kb", entries=12)
    started = pooled_in_chunks(monkeypatch)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python-here"))
    repo = Repo.open(root)
    report = repo.refresh(full=True)
    assert started and len(report.changed) == 12 + 3 and len(repo.entries()) == 12
    repo.close()


KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from cop.store import Repo
from cop.store.index import index
index.BUILD_CHUNK = 5
def progress(done, total):
    if done == 17:  # three chunks (15 files) committed, the fourth under way
        os.kill(os.getpid(), signal.SIGKILL)
Repo.open(Path(sys.argv[1])).refresh(full=True, progress=progress)
"""


def test_a_killed_build_keeps_its_chunks_and_the_next_refresh_completes_it(
    tmp_path: Path, one_transaction: dict[str, object]
) -> None:
    root = tmp_path / "one"  # built already: the killed run rebuilds it from scratch
    done = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(root)], capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    conn = sqlite3.connect(root / ".cop" / "search.sqlite")
    kept = {path for (path,) in conn.execute("SELECT path FROM files")}
    assert len(kept) == 15
    assert conn.execute("SELECT count(*) FROM built").fetchone() == (0,)  # not marked built
    conn.close()
    repo = Repo.open(root)  # opening makes the secondary indexes the build had put off
    report = repo.refresh()
    every = {row[0] for row in one_transaction["files"]}  # type: ignore[attr-defined]
    assert set(report.changed) == every - kept - {"entries/py/zzzzzzzz-broken.md"}
    assert len(repo.entries()) == 40
    repo.close()
    assert rows(root)["evidence"] == one_transaction["evidence"]  # derived whole once it completed
    assert rows(root) == one_transaction


@pytest.mark.parametrize("missing", [False, True])
def test_the_derivations_start_once_the_indexes_they_look_up_by_are_made(
    tmp_path: Path, one_transaction: dict[str, object], monkeypatch: pytest.MonkeyPatch, missing: bool
) -> None:
    """At a build's end the report tables are derived in a second connection while the writer makes
    the other indexes (`builds.py`): when it starts, the indexes of `DERIVE_INDEXES` are in the index
    and the others are not yet; also when one was missing as the build began (a killed build had put
    it off). The build's rows are the one-transaction build's, every index among them."""
    pooled_in_chunks(monkeypatch)
    root = tmp_path / "one"
    seen: list[set[str]] = []
    real_start = beside.Reports.start

    def start(self: beside.Reports) -> beside.Reports:
        conn = sqlite3.connect(f"file:{self.index}?mode=ro", uri=True)
        seen.append({name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")})
        conn.close()
        return real_start(self)

    monkeypatch.setattr(beside.Reports, "start", start)
    repo = Repo.open(root)
    if missing:
        with repo.index_conn() as conn:
            conn.execute("DROP INDEX meta_id")
    repo.refresh(full=True)
    repo.close()
    assert len(seen) == 1 and builds.DERIVE_INDEXES <= seen[0]
    others = {name for name, _sql in one_transaction["indexes"]} - seen[0]  # type: ignore[attr-defined]
    assert {"meta_scope", "meta_text", "meta_community"} <= others or missing
    assert rows(root) == one_transaction


#: the columns of the index's tables that hold an entry's row id (meta's own, and the derived tables')
ENTRY_COLUMNS = ("rowid", "entry", "answer", "r", "unit")


def every_table(root: Path) -> dict[str, object]:
    """Every row of every table of the index (the full-text index's own shadow tables aside: their
    segments depend on how the rows came; its rows and an integrity check stand for them), entry row
    ids replaced by the path they stand for, the ledger's read times left out, and the index names."""
    conn = sqlite3.connect(root / ".cop" / "search.sqlite")
    conn.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")  # its index holds what its rows say
    paths = dict(conn.execute("SELECT rowid, path FROM meta"))
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        " AND name NOT LIKE 'fts%' AND name NOT IN ('snapshot', 'watch')"  # the sweep's, not the records'
    ).fetchall()
    found: dict[str, object] = {}
    for (table,) in [*tables, ("fts",)]:
        cur = conn.execute(f'SELECT {"rowid, " if table == "fts" else ""}* FROM "{table}"')
        names = [column[0] for column in cur.description]
        entry_at = [n in ENTRY_COLUMNS for n in names]
        kept = [
            tuple(paths.get(v, v) if at else v for at, v in zip(entry_at, row, strict=True)) for row in cur
        ]
        if table == "files":
            kept = [row[:3] + row[4:] for row in kept]  # seen: when it was read
        found[table] = sorted(kept, key=repr)
    found["indexes"] = sorted(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    conn.close()
    return found


def test_a_build_writes_every_row_that_refreshes_of_the_same_files_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "kb", entries=30)
    files = sorted(p for p in root.rglob("*.md") if ".cop" not in p.parts) + sorted(root.glob("members/*"))
    held = {p: p.read_bytes() for p in files}
    for path in files:
        path.unlink()
    repo = Repo.open(root)
    for start in range(0, len(files), 9):  # the files appear a few at a time, each step refreshed
        for path in files[start : start + 9]:
            path.write_bytes(held[path])
        repo.refresh()
    edited = files[4]  # then an outside edit (a new tag), and a deleted answer
    edited.write_text(edited.read_text(encoding="utf-8").replace("tags:\n", "tags:\n- delta\n"))
    gone = next(p for p in files if "kind: answer" in held[p].decode() and p != edited)
    gone.unlink()
    report = repo.refresh()
    assert edited.relative_to(root).as_posix() in report.changed and report.removed
    repo.close()
    refreshed = every_table(root)
    assert refreshed["meta"] and refreshed["tags"] and refreshed["links"] and refreshed["evidence"]
    pooled_in_chunks(monkeypatch)  # then a build of the same files, in chunks and worker processes
    rebuilt = Repo.open(root)
    rebuilt.refresh(full=True)
    rebuilt.close()
    assert every_table(root) == refreshed


def test_bodies_edited_outside_keep_their_rows_and_match_a_build(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "kb", entries=30)
    repo = Repo.open(root)
    repo.refresh()
    conn = sqlite3.connect(root / ".cop" / "search.sqlite")
    before = dict(conn.execute("SELECT path, rowid FROM meta"))
    entries = sorted(p for p in (root / "entries").rglob("*.md") if "broken" not in p.name)
    question = next(p for p in entries if "kind: answer" not in p.read_text(encoding="utf-8"))
    bodies = entries[:6]  # the body alone: new words, and a link dropped
    for path in bodies:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("see [[", "see not [") + "Quokkas edited outside.\n", encoding="utf-8")
    fronts = [question, entries[-1]]  # the front matter too (a new tag)
    for path in fronts:
        path.write_text(path.read_text(encoding="utf-8").replace("tags:\n", "tags:\n- delta\n"))
    report = repo.refresh()
    assert len(report.changed) == len({*bodies, *fronts})
    repo.close()
    after = dict(conn.execute("SELECT path, rowid FROM meta"))
    edited = {p.relative_to(root).as_posix() for p in bodies} - {
        p.relative_to(root).as_posix() for p in fronts
    }
    assert edited and all(after[p] == before[p] for p in edited), "a body edit keeps the entry's rows"
    assert conn.execute("SELECT count(*) FROM fts WHERE fts MATCH 'edited'").fetchone()[0] == len(bodies)
    conn.close()
    recent = root / ".cop" / "recent.json"
    written = recent.stat().st_mtime_ns
    bodies[0].write_text(bodies[0].read_text(encoding="utf-8") + "Again.\n", encoding="utf-8")
    with Repo.open(root) as again:
        assert again.refresh().changed == [bodies[0].relative_to(root).as_posix()]
    assert recent.stat().st_mtime_ns == written, "the same meta rows: the newest entries as they were"
    refreshed, newest = every_table(root), recent.read_bytes()
    rebuilt = Repo.open(root)
    rebuilt.refresh(full=True)
    rebuilt.close()
    assert every_table(root) == refreshed and recent.read_bytes() == newest


def test_a_big_refresh_reads_beside_deleting_the_texts_and_matches_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From `BIG_REFRESH` indexed files read again, a refresh parses them in a thread while it deletes
    their entries' full text; every kind of change among them gives the rows a build gives, and a
    file touched but unchanged keeps its text."""
    monkeypatch.setattr(index, "BIG_REFRESH", 5)
    root = make_repo(tmp_path / "kb", entries=30)
    repo = Repo.open(root)
    repo.refresh()
    entries = sorted(p for p in (root / "entries").rglob("*.md") if "broken" not in p.name)
    for number, path in enumerate(entries[:6]):  # bodies edited (one with a NUL, one beyond ASCII)
        odd = ("A NUL \x00 here.", "Kängurus 🦘 and quokkas.")[number] if number < 2 else ""
        path.write_text(
            path.read_text(encoding="utf-8") + f"Quokkas edited outside. {odd}\n", encoding="utf-8"
        )
    for path in entries[6:8]:  # front matter edited
        path.write_text(path.read_text(encoding="utf-8").replace("tags:\n", "tags:\n- delta\n"))
    touched = entries[8]  # the same bytes again, later: read, found unchanged
    touched.write_bytes(touched.read_bytes())
    entries[9].write_text("---\nid: [unclosed\n---\n", encoding="utf-8")  # broken now
    broken = root / "entries" / "py" / "zzzzzzzz-broken.md"  # still broken, touched
    broken.write_bytes(broken.read_bytes())
    entries[10].unlink()
    member = root / "members" / "ada.yaml"
    member.write_text(member.read_text(encoding="utf-8") + "department: Eng\n", encoding="utf-8")
    calls: list[int] = []
    drop = type(repo.index.search_db).drop_texts

    def counted(db: object, paths: list[str]) -> None:
        calls.append(len(paths))
        drop(db, paths)  # type: ignore[arg-type]

    monkeypatch.setattr(type(repo.index.search_db), "drop_texts", counted)
    for path in (*entries[:10], broken, member):  # every file read again: none racy-old
        stamp = path.stat().st_mtime_ns + 10**9
        os.utime(path, ns=(stamp, stamp))
    repo.invalidate()
    report = repo.refresh()
    assert calls and calls[0] >= 10, "the overlapped path ran"
    assert len(report.problems) == 2 and report.removed
    assert touched.relative_to(root).as_posix() not in report.changed, "unchanged: not reported"
    conn = sqlite3.connect(root / ".cop" / "search.sqlite")
    title = touched.read_text(encoding="utf-8").split("title: ", 1)[1].split("\n", 1)[0]
    word = title.split()[1]  # "Entry N about quokkas": N
    matched = conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (f'title:"{word}"',)).fetchone()[0]
    assert matched >= 1, "the touched file kept its text"
    assert conn.execute("SELECT count(*) FROM fts WHERE fts MATCH 'edited'").fetchone()[0] == 6
    assert conn.execute("SELECT count(*) FROM fts WHERE fts MATCH 'kangurus'").fetchone()[0] == 1
    nul = conn.execute("SELECT body FROM fts WHERE fts MATCH 'nul'").fetchone()[0]
    assert nul.endswith("A NUL \x00 here.\n"), "the text after a NUL is kept"
    conn.close()
    repo.close()
    refreshed = every_table(root)
    rebuilt = Repo.open(root)
    rebuilt.refresh(full=True)
    rebuilt.close()
    assert every_table(root) == refreshed


def test_a_big_refresh_that_fails_while_reading_leaves_every_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The texts deleted beside the reading are in the refresh's transaction: when the reading fails
    (a bug, not a bad file: those are reported), it is rolled back and the index is as it was."""
    monkeypatch.setattr(index, "BIG_REFRESH", 5)
    root = make_repo(tmp_path / "kb", entries=20)
    repo = Repo.open(root)
    repo.refresh()
    before = every_table(root)
    entries = sorted(p for p in (root / "entries").rglob("*.md") if "broken" not in p.name)
    for path in entries[:10]:
        path.write_text(path.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    real = repo.index._parse

    def failing(path: str, data: bytes) -> tuple[str, dict[str, object], str]:
        if path.endswith(entries[7].name):
            raise RuntimeError("a bug in parsing")
        return real(path, data)

    monkeypatch.setattr(repo.index, "_parse", failing)
    repo.invalidate()
    with pytest.raises(RuntimeError, match="a bug in parsing"):
        repo.refresh()
    repo.close()
    assert every_table(root) == before
    monkeypatch.setattr(repo.index, "_parse", real)
    with Repo.open(root) as again:
        assert len(again.refresh().changed) == 10
