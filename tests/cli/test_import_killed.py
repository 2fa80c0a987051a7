"""`cop import` of a bundle killed at some moment (SIGKILL, a real subprocess) leaves no torn record
file, and the next command's index matches the files; importing again completes the job."""

from __future__ import annotations

import json
import os
import pty
import random
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path

from cop.core import Cop
from cop.domain import ids
from cop.domain.models import Entry
from cop.store import Repo
from cop.store.records.codec import parse_record
from tests.record_files import write_record

COUNT = 2400


def make_bundle(cop: Cop, tmp_path: Path) -> Path:
    root = cop.repo.root
    for number in range(COUNT):
        entry = Entry.from_data(
            {
                "id": ids.new_id(),
                "kind": "lesson",
                "title": f"Lesson {number}",
                "community": "py",
                "created": "2024-01-01T00:00:00Z",
                "tags": ["bulk"],
            }
        )
        entry.body = f"Body of lesson {number} about quokkas.\n"
        write_record(root, entry)
    cop.repo.invalidate()
    bundle = tmp_path / "bundle.json"
    cop.export_bundle("json", output=bundle)
    return bundle


def cop_json(repo: Path, *args: str) -> object:
    out = subprocess.run(
        [sys.executable, "-m", "cop", "--repo", str(repo), *args, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def entry_files(repo: Path) -> dict[str, str]:
    """id -> path of every entry file, each parsed whole (a torn file fails here)."""
    found = {}
    for path in repo.glob("entries/*/*.md"):
        record = parse_record(str(path.relative_to(repo)), path.read_bytes())
        assert isinstance(record, Entry)
        found[record.id] = str(path.relative_to(repo))
    return found


def import_reporting(argv: list[str]) -> tuple[subprocess.Popen[bytes], Generator[int, None, None]]:
    """An import started with its stderr a terminal (it draws its progress there), and the number of
    records it says are done, as each count shows (until its output ends or the generator is closed)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "120"},
    )
    os.close(follower)

    def counts() -> Generator[int, None, None]:
        seen = b""
        try:
            while True:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:
                    return  # the import ended
                if not chunk:
                    return
                seen += chunk
                found = [int(n) for n in re.findall(rb"(\d+)/\?", seen)]
                if found:
                    yield max(found)
        finally:
            os.close(leader)

    return proc, counts()


def test_a_killed_import_leaves_whole_files_and_a_repairable_index(cop: Cop, tmp_path: Path) -> None:
    bundle = make_bundle(cop, tmp_path)
    target = tmp_path / "target"
    Repo.init(target, name="Target").close()
    # in batches of 300: with 2,000 a batch, the 400 records after the first count was drawn were
    # sometimes all written before the kill landed
    proc, counts = import_reporting([sys.executable, "-c", IMPORT_IN_SMALL_BATCHES, str(target), str(bundle)])
    killed_at = None
    for done in counts:
        if 0 < done < COUNT:
            proc.send_signal(signal.SIGKILL)
            killed_at = done
            break
    proc.wait()
    counts.close()
    assert killed_at is not None
    assert proc.returncode == -signal.SIGKILL

    on_disk = entry_files(target)  # every file there is whole
    others = len(list(target.glob("communities/*.yaml")) + list(target.glob("members/*.yaml")))
    assert killed_at <= len(on_disk) + others and len(on_disk) < COUNT  # what was reported is there
    listed = cop_json(target, "list", "--all")
    assert isinstance(listed, list)
    assert {e["id"]: e["path"] for e in listed} == on_disk  # the next command repaired the index
    found = cop_json(target, "search", "quokkas", "--limit", "5000")
    assert isinstance(found, list) and len(found) == len(on_disk)

    subprocess.run(
        [sys.executable, "-m", "cop", "--repo", str(target), "import", str(bundle)],
        check=True,
        capture_output=True,
    )
    on_disk = entry_files(target)
    assert len(on_disk) == COUNT
    listed = cop_json(target, "list", "--all")
    assert isinstance(listed, list)
    assert {e["id"]: e["path"] for e in listed} == on_disk


#: the import in a subprocess, in batches of 300 so a kill can land in any of several
IMPORT_IN_SMALL_BATCHES = """
import sys
import cop.core.transfer.bundles as bundles
from cop.cli import main
bundles.IMPORT_BATCH = 300
sys.argv = ["cop", "--repo", sys.argv[1], "import", sys.argv[2]]
main()
"""


def killed_import(target: Path, bundle: Path, *, delay: float | None) -> None:
    """Import into a new repo at `target`, SIGKILLed `delay` seconds after it reports its first batch
    done (None: as it reports its last batch, when what is left is making the index's own indexes and
    derived tables), or not at all if it is done first."""
    Repo.init(target, name="Target").close()
    proc, counts = import_reporting([sys.executable, "-c", IMPORT_IN_SMALL_BATCHES, str(target), str(bundle)])
    for done in counts:
        if done > 0 and (delay is not None or done >= COUNT - 300):
            if delay:
                try:
                    proc.wait(delay)
                except subprocess.TimeoutExpired:
                    pass
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    counts.close()


def test_an_import_killed_at_any_moment_leaves_an_index_the_next_command_completes(
    cop: Cop, tmp_path: Path
) -> None:
    from tests.store.test_index_build import every_table

    bundle = make_bundle(cop, tmp_path)
    for number, delay in enumerate([0.0, random.uniform(0.1, 3.0), None]):
        target = tmp_path / f"target-{number}"
        killed_import(target, bundle, delay=delay)
        on_disk = entry_files(target)  # every file there is whole
        assert on_disk, delay
        listed = cop_json(target, "list", "--all")
        assert isinstance(listed, list)
        assert {e["id"]: e["path"] for e in listed} == on_disk, delay  # the next command repaired it
        repaired = every_table(target)
        subprocess.run([sys.executable, "-m", "cop", "--repo", str(target), "reindex"], check=True)
        assert every_table(target) == repaired, delay  # every row, index and derived table as a build's


def test_an_import_leaves_an_index_the_next_command_finds_fresh(cop: Cop, tmp_path: Path) -> None:
    from cop.store.index.sweep import RACY_NS, fingerprint, scan

    bundle = make_bundle(cop, tmp_path)
    target = tmp_path / "target"
    Repo.init(target, name="Target").close()
    subprocess.run([sys.executable, "-m", "cop", "--repo", str(target), "import", str(bundle)], check=True)
    conn = sqlite3.connect(target / ".cop" / "search.sqlite")
    ledger = conn.execute("SELECT path, mtime, seen FROM files").fetchall()
    snapshot = conn.execute("SELECT digest FROM snapshot").fetchone()
    conn.close()
    assert len(ledger) == len(entry_files(target)) + 3  # the entries, the community, two members
    assert all(seen - mtime >= RACY_NS for _path, mtime, seen in ledger)  # none to read again
    assert snapshot == (fingerprint(scan(target)),)  # the next command's sweep matches it: nothing to do
