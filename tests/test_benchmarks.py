"""The benchmark harness works (not how fast cop is), and the store's fast freshness path stays correct."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import corpus
from cop.domain.errors import AlreadyExists, AmbiguousId, NotFound
from cop.domain.models import Community, Entry, Member
from cop.store import Repo

ROOT = Path(__file__).resolve().parent.parent


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_corpus_is_deterministic_and_valid(tmp_path: Path) -> None:
    first = corpus.generate(tmp_path / "one", 60, seed=3)
    second = corpus.generate(tmp_path / "two", 60, seed=3)
    assert _files(Path(first.repo)) == _files(Path(second.repo))
    repo = Repo.open(Path(first.repo))
    report = repo.refresh()
    assert report.problems == []  # every generated file is valid cop format
    entries = repo.entries(limit=None)
    assert len(entries) == 60
    assert {e.kind for e in entries} >= {"question", "answer"}
    assert len(repo.all(Member)) == first.members and len(repo.all(Community)) == 20
    answers = [e for e in entries if e.kind == "answer"]
    assert all(repo.entry(a.question).kind == "question" for a in answers)
    assert len(repo.entries(repo_filter(first.tag), limit=None)) == first.tag_count
    repo.close()


def repo_filter(tag: str):  # noqa: ANN201 - EntryFilter, imported lazily like the faces do
    from cop.domain.filters import EntryFilter

    return EntryFilter(tags=(tag,))


#: the groups the second smoke test runs (two tests, so pytest-xdist runs them side by side)
LATER = ["--skip", "people,paths,screens,reports"]


@pytest.mark.timeout(400)
def test_quick_run_of_the_people_paths_screens_and_reports_groups(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    command = [sys.executable, "-m", "benchmarks.run", "--quick", "--sizes", "200"]
    command += ["--skip", "cli,freshness,tui,sync,bulk", "--work", str(tmp_path / "work")]
    command += ["--out", str(tmp_path / "performance.md"), "--results", str(results)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=360, check=False)
    assert done.returncode == 0, done.stderr
    rows = json.loads(results.read_text(encoding="utf-8"))["200"]["rows"]
    for key in ("experts_tag", "mentor_match", "mentor_match_all", "path_status", "path_next"):
        assert rows[key]["value"] > 0, (key, rows[key])
    # every screen that exists opened, showed its data and closed again
    for key in ("screen_review", "screen_people", "screen_insights", "screen_experts"):
        assert rows[key]["value"] > 0, (key, rows[key])
    # digest, insights, risk and event list ran with the group's events and projects, then removed them
    for key in ("digest", "insights", "insights_one", "risk", "event_list", "event_list_past"):
        assert rows[key]["value"] > 0, (key, rows[key])
    assert not list((tmp_path / "work" / "corpus-200" / "repo" / "events").glob("*.yaml"))


@pytest.mark.timeout(400)  # the whole harness on a tiny corpus: ~70 s alone, far more on a busy machine
def test_quick_run_writes_a_table(tmp_path: Path) -> None:
    out, results = tmp_path / "performance.md", tmp_path / "results.json"
    command = [sys.executable, "-m", "benchmarks.run", "--quick", "--sizes", "200", *LATER]
    command += ["--work", str(tmp_path / "work"), "--out", str(out), "--results", str(results)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "| measure | target 10k / 100k | 200 entries |" in page
    stored = json.loads(results.read_text(encoding="utf-8"))["200"]
    rows = stored["rows"]
    # Every row is either a figure or says why it was not measured.
    for key, row in rows.items():
        assert ("value" in row) != ("skipped" in row), key
    assert rows["floor"]["value"] > 0 and rows["fresh_none"]["value"] > 0
    if sys.platform.startswith("linux"):  # `cop watch` is Linux only
        assert rows["fresh_none_watch"]["value"] > 0, rows["fresh_none_watch"]
    # The CLI and TUI rows run the real commands and app (a crash there is a harness failure too).
    for key in ("list_tag", "list_kind", "show", "search_common", "search_rare", "add"):
        assert rows[key]["value"] > 0, (key, rows[key])
    for key in ("tui_first", "tui_key", "tui_rss"):
        assert rows[key]["value"] > 0, (key, rows[key])
    assert "pseudo-terminal" in str(rows["tui_first"]["detail"])  # timed on a real terminal's bytes
    assert rows["fresh_1000"]["value"] > 0  # 200 files rewritten and re-indexed
    if sys.platform.startswith("linux"):  # the same with `cop watch` naming the files
        assert rows["fresh_1000_watch"]["value"] > 0, rows["fresh_1000_watch"]
    assert stored["corpus"]["entries"] == 200
    assert "freshness check, nothing changed" in page


def _small_repo(root: Path) -> Repo:
    repo = Repo.init(root)
    repo.create(Community(slug="py", name="Python", kind="professional"))
    repo.create(Member(handle="ada", name="Ada"))
    for number in range(3):
        repo.create(Entry(id=f"abcd000{number}", kind="lesson", title=f"Lesson {number}", community="py"))
    _age(root)
    return repo


def _age(root: Path, seconds: int = 60) -> None:
    """Move every record file's mtime into the past, so none is 'racy' (too new to trust)."""
    past = (Path(root / "cop.yaml").stat().st_mtime_ns) - seconds * 1_000_000_000
    for path in root.rglob("*"):
        if path.is_file() and ".cop" not in path.parts:
            os.utime(path, ns=(past, past))


def test_fast_freshness_path_still_sees_outside_edits(tmp_path: Path) -> None:
    repo = _small_repo(tmp_path)
    repo.refresh()
    assert repo.index.search_db.snapshot() is not None  # nothing racy: the fingerprint is kept
    assert not repo.refresh()  # the fast path: nothing changed
    path = next((tmp_path / "entries" / "py").glob("abcd0001-*.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Lesson 1", "Lessen 1"), encoding="utf-8")  # same size, in place
    old = path.stat().st_mtime_ns - 30_000_000_000
    os.utime(path, ns=(old, old))  # a different (older) mtime than the ledger holds
    report = repo.refresh()
    assert report.changed == [str(path.relative_to(tmp_path))]
    assert repo.entry("abcd0001").title == "Lessen 1"
    assert [e.title for e in repo.entries(sort="title")] == ["Lessen 1", "Lesson 0", "Lesson 2"]


def test_fast_freshness_path_reports_broken_files(tmp_path: Path) -> None:
    repo = _small_repo(tmp_path)
    broken = next((tmp_path / "entries" / "py").glob("abcd0002-*.md"))
    broken.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    _age(tmp_path)
    first = repo.refresh()
    assert [p.path for p in first.problems] == [str(broken.relative_to(tmp_path))]
    assert repo.index.search_db.snapshot() is not None
    again = Repo.open(tmp_path).refresh()  # a new process would take the fast path
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]


def test_entry_prefixes_resolve_from_the_search_index(tmp_path: Path) -> None:
    repo = _small_repo(tmp_path)
    assert repo.entry("abcd0001").title == "Lesson 1"
    with pytest.raises(AmbiguousId) as error:
        repo.entry("abcd")
    assert "abcd0000" in str(error.value) and "abcd0002" in str(error.value)
    with pytest.raises(NotFound):
        repo.entry("zzzz")


def test_refresh_sweeps_again_when_another_process_indexed_while_it_waited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refresh that waited for another process's indexing keeps what that process indexed (it reuses
    its pre-lock sweep only when nobody wrote the ledger in between)."""
    import contextlib
    from collections.abc import Iterator

    from cop.store.index import index as index_module

    repo = _small_repo(tmp_path)
    repo.refresh()
    edited = next((tmp_path / "entries" / "py").glob("abcd0001-*.md"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("Lesson 1", "Lesson one"), encoding="utf-8")
    other = Repo.open(tmp_path)  # another process on the same repo
    original = index_module.files.locked
    meanwhile: list[str] = []

    @contextlib.contextmanager
    def locked(path: Path) -> Iterator[None]:
        if not meanwhile:  # the first refresh to take the lock: the other process gets in first
            meanwhile.append("done")
            other.create(Entry(id="abcd0009", kind="lesson", title="Late", community="py"))
            other.refresh()
        with original(path):
            yield

    monkeypatch.setattr(index_module.files, "locked", locked)
    report = repo.refresh()
    assert meanwhile and report.removed == []
    assert sorted(e.title for e in repo.entries()) == ["Late", "Lesson 0", "Lesson 2", "Lesson one"]
    monkeypatch.undo()
    again = Repo.open(tmp_path)
    assert sorted(e.title for e in again.entries()) == ["Late", "Lesson 0", "Lesson 2", "Lesson one"]


def test_data_version_moves_only_for_other_connections(tmp_path: Path) -> None:
    """The refresh's reuse of its pre-lock ledger rests on this SQLite guarantee."""
    from cop.store.index.search import SearchDB

    mine, theirs = SearchDB(tmp_path / "s.sqlite"), SearchDB(tmp_path / "s.sqlite")
    before = mine.data_version()
    mine.set_snapshot("ours")
    assert mine.data_version() == before
    theirs.set_snapshot("theirs")
    assert mine.data_version() != before
    mine.close()
    theirs.close()


def test_a_write_does_not_wait_for_the_index(tmp_path: Path) -> None:
    """`create` checks a new entry id against the file names, so it need not refresh the index first
    (a refresh after one change costs seconds at 100k files), and still refuses a taken id."""
    repo = _small_repo(tmp_path)
    repo.refresh()
    ledger = repo.index.search_db.ledger()
    repo.create(Entry(id="abcd0005", kind="lesson", title="Written", community="py"))
    again = Entry(id="abcd0005", kind="idea", title="Same id", community="py")
    with pytest.raises(AlreadyExists):
        repo.create(again)
    with pytest.raises(AlreadyExists):
        repo.create(Entry(id="abcd0001", kind="idea", title="Indexed id", community="py"))
    assert repo.index.search_db.ledger() == ledger  # nothing was re-indexed by the writes
    assert "Written" in [e.title for e in repo.entries()]  # the next read catches up


def test_the_sweep_sees_regular_record_files_only(tmp_path: Path) -> None:
    """The freshness sweep (fstatat per name) skips what the store never indexes."""
    from cop.store.index.sweep import scan

    repo = _small_repo(tmp_path)
    folder = tmp_path / "entries" / "py"
    real = next(folder.glob("abcd0001-*.md"))
    (folder / "abcd0007-link.md").symlink_to(real)
    (folder / ".abcd0008-hidden.md").write_text("x", encoding="utf-8")
    (folder / "abcd0009-folder.md").mkdir()
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "members" / "link.yaml").symlink_to(tmp_path / "members" / "ada.yaml")
    found = scan(tmp_path)
    assert sorted(p for p in found if p.startswith("entries/")) == sorted(
        f"entries/py/{p.name}" for p in folder.glob("abcd000[0-2]-*.md")
    )
    assert [p for p in found if p.startswith("members/")] == ["members/ada.yaml"]
    assert found[f"entries/py/{real.name}"] == (real.stat().st_mtime_ns, real.stat().st_size)
    assert len(repo.entries()) == 3


def test_pty_probe_stops_the_clock_at_the_first_row_and_only_then(tmp_path: Path) -> None:
    from benchmarks.pty_probe import NoRows, first_rows

    # A stand-in terminal app: paints a header, waits, then a row (a date split by an escape sequence,
    # as Textual's styled segments are), and waits for the probe's q.
    app = tmp_path / "app.py"
    app.write_text(
        "import sys, time, tty\n"
        "tty.setraw(0)\n"
        "sys.stdout.write('\\x1b[1mcop\\x1b[0m  All entries \\xb7 3\\r\\n'); sys.stdout.flush()\n"
        "time.sleep(0.3)\n"
        "sys.stdout.write('lesson  Title  2025-\\x1b[2m12-31\\x1b[0m\\r\\n'); sys.stdout.flush()\n"
        "sys.stdin.read(1)\n",
        encoding="utf-8",
    )
    seconds = first_rows([sys.executable, str(app)], dict(os.environ))
    assert 0.3 <= seconds < 10
    silent = tmp_path / "silent.py"
    silent.write_text("print('no rows here')\n", encoding="utf-8")
    with pytest.raises(NoRows):
        first_rows([sys.executable, str(silent)], dict(os.environ))


def test_peak_rss_is_the_commands_own_not_the_harness_s() -> None:
    """A child's `ru_maxrss` starts from the memory of the process that spawned it (vfork, then exec),
    so the harness spawns through a small launcher: a command spawned while the harness holds 200 MB
    still reads the few MB it uses, and its output, input and exit status come through."""
    from benchmarks.measure import Failed, run_once

    held = bytearray(200 * 2**20)
    held[::4096] = b"\1" * len(held[::4096])  # touch every page, so it is resident
    small = run_once([sys.executable, "-I", "-S", "-c", "print(input())"], stdin="hello")
    assert small.stdout == "hello\n"
    assert small.max_rss_mb < 50, small.max_rss_mb
    grown = run_once([sys.executable, "-c", "b = bytearray(120 * 2**20); b[::4096] = b'1' * len(b[::4096])"])
    assert 120 < grown.max_rss_mb < 200, grown.max_rss_mb  # the kernel's figure for the child itself
    assert run_once([sys.executable, "-c", "raise SystemExit(3)"], check=False).seconds > 0
    with pytest.raises(Failed, match="exit 3"):
        run_once([sys.executable, "-c", "raise SystemExit(3)"])
    with pytest.raises(Failed, match="No such file"):
        run_once(["no-such-command-anywhere"])
    del held
