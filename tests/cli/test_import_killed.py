"""`cop import` of a bundle killed at some moment (SIGKILL, a real subprocess) leaves no torn record
file, and the next command's index matches the files; importing again completes the job."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import subprocess
import sys
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


def test_a_killed_import_leaves_whole_files_and_a_repairable_index(cop: Cop, tmp_path: Path) -> None:
    bundle = make_bundle(cop, tmp_path)
    target = tmp_path / "target"
    Repo.init(target, name="Target").close()
    leader, follower = pty.openpty()  # stderr a terminal: the import draws its progress there
    proc = subprocess.Popen(
        [sys.executable, "-m", "cop", "--repo", str(target), "import", str(bundle)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "120"},
    )
    os.close(follower)
    seen = b""
    killed_at = None
    while killed_at is None:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break  # the import ended before a count showed
        if not chunk:
            break
        seen += chunk
        counts = [int(n) for n in re.findall(rb"(\d+)/\?", seen)]
        if counts and 0 < max(counts) < COUNT:
            proc.send_signal(signal.SIGKILL)
            killed_at = max(counts)
    proc.wait()
    os.close(leader)
    assert killed_at is not None, seen[-500:]
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
