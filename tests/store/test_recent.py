"""`.cop/recent.json`: the newest entries as of the last index update, kept by the index, read untrusted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cop.core import Cop
from cop.domain.models import Entry
from cop.store import Repo
from cop.store.index.index import INDEX_VERSION
from cop.store.index.recent import KEEP

RECENT = Path(".cop") / "recent.json"


def entry(number: int, **fields: object) -> Entry:
    """An entry updated `number` minutes after midnight (so the order is known), id `e` + number."""
    stamp = f"2026-01-01T{number // 60:02d}:{number % 60:02d}:00Z"
    values: dict[str, object] = {
        "id": f"e{number:07d}",
        "kind": "how-to",
        "title": f"Entry {number}",
        "community": "py",
        "author": "ada",
        "created": stamp,
        "updated": stamp,
    }
    values.update(fields)
    return Entry(**values)  # type: ignore[arg-type]


def ids(entries: list[Entry] | None) -> list[str]:
    assert entries is not None
    return [e.id for e in entries]


def saved(repo_path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((repo_path / RECENT).read_text())
    return data


def test_none_before_any_index(repo_path: Path) -> None:
    repo = Repo.open(repo_path)
    assert repo.entries_as_indexed(200) is None
    assert not (repo_path / ".cop").exists(), "asking must not build anything"


def test_written_by_a_refresh_newest_first_and_capped(cop: Cop, repo_path: Path) -> None:
    for number in range(KEEP + 5):
        cop.repo.create(entry(number))
    # an older entry updated later than all of them: "updated" orders, not "created"
    cop.repo.create(entry(KEEP + 10, created="2025-01-01T00:00:00Z", updated="2026-02-01T00:00:00Z"))
    everything = cop.entries()  # the refresh that indexes them writes the file
    assert len(saved(repo_path)["entries"]) == KEEP  # type: ignore[arg-type]
    assert ids(cop.entries_as_indexed(KEEP + 100)) == ids(everything)[:KEEP]
    assert ids(cop.entries_as_indexed(200)) == ids(cop.entries(limit=200))
    assert ids(cop.entries_as_indexed(3))[0] == f"e{KEEP + 10:07d}"
    cached = cop.entries_as_indexed(1)
    assert cached is not None and cached[0].path == everything[0].path and cached[0].body == ""


def test_as_indexed_means_without_looking_at_the_files(cop: Cop, repo_path: Path) -> None:
    first, second = cop.repo.create(entry(1)), cop.repo.create(entry(2))
    cop.entries()
    (repo_path / second.path).unlink()  # another process deletes one, and adds one
    other = Cop(Repo.open(repo_path), acting="bob")
    other.repo.create(entry(3))
    assert ids(cop.entries_as_indexed(10)) == [second.id, first.id], "as of the last index update"
    cop.repo.invalidate()
    cop.entries()
    assert ids(cop.entries_as_indexed(10)) == ["e0000003", first.id]


def test_a_refresh_that_changes_no_entry_leaves_it_alone(cop: Cop, repo_path: Path) -> None:
    cop.repo.create(entry(1))
    cop.entries()
    before = os.stat(repo_path / RECENT)
    cop.refresh()  # nothing changed
    cop.edit_member("bob", name="Robert Builder")  # a change, but not to an entry
    assert cop.refresh() is True
    after = os.stat(repo_path / RECENT)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    cop.edit_entry("e0000001", title="Renamed")
    cop.entries()
    assert os.stat(repo_path / RECENT).st_ino != before.st_ino
    assert [e.title for e in cop.entries_as_indexed(5) or []] == ["Renamed"]


def test_missing_file_is_written_again_by_the_next_check(cop: Cop, repo_path: Path) -> None:
    cop.repo.create(entry(1))
    cop.entries()
    (repo_path / RECENT).unlink()  # deleted, or an index built by a cop that did not keep one
    assert cop.entries_as_indexed(5) is None
    cop.refresh()  # nothing changed in the files: the fast path still writes it
    assert ids(cop.entries_as_indexed(5)) == ["e0000001"]


def test_a_full_rebuild_writes_it(cop: Cop, repo_path: Path) -> None:
    cop.repo.create(entry(1))
    cop.entries()
    (repo_path / RECENT).write_text("{}")
    cop.reindex()
    assert ids(cop.entries_as_indexed(5)) == ["e0000001"]


def _valid(number: int = 1) -> list[object]:
    made = entry(number)
    return [f"entries/py/{made.id}-entry-{number}.md", made.to_index()]


def _file(entries: list[object], **stamp: object) -> str:
    data: dict[str, object] = {"recent": 1, "index": INDEX_VERSION, "format": 1, "entries": entries}
    data.update(stamp)
    return json.dumps(data)


def _missing_field() -> list[object]:
    path, doc = _valid()
    del doc["updated"]  # type: ignore[attr-defined]
    return [path, doc]


def _with(**changes: object) -> list[object]:
    path, doc = _valid()
    doc.update(changes)  # type: ignore[attr-defined]
    return [path, doc]


HOSTILE = {
    "not json": "{",
    "not utf-8": b"\xff\xfe{}",
    "a list": "[]",
    "null": "null",
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "no version": json.dumps({"entries": [_valid()]}),
    "old version": _file([_valid()], recent=0),
    "other index version": _file([_valid()], index=INDEX_VERSION + 1),
    "newer record format": _file([_valid()], format=99),
    "entries not a list": _file({"a": 1}),  # type: ignore[arg-type]
    "item not a pair": _file([["entries/py/e0000001-x.md"]]),
    "item a string": _file(["entries/py/e0000001-x.md"]),
    "doc not a mapping": _file([["entries/py/e0000001-x.md", "title"]]),
    "doc missing a field": _file([_missing_field()]),
    "a field that does not check": _file([_with(kind="evil")]),
    "a title with a newline": _file([_with(title="one\ntwo")]),
    "tags not a list of words": _file([_with(tags=[{"a": 1}])]),
    "path outside the entries": _file([["../../etc/passwd", _valid()[1]]]),
    "path of another id": _file([["entries/py/e0000002-entry-1.md", _valid()[1]]]),
    "path in another community": _file([["entries/ops/e0000001-entry-1.md", _valid()[1]]]),
    "path not a string": _file([[7, _valid()[1]]]),
}


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
def test_unusable_file_means_no_cache_never_an_error(repo_path: Path, content: str | bytes) -> None:
    (repo_path / ".cop").mkdir()
    target = repo_path / RECENT
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content)
    assert Repo.open(repo_path).entries_as_indexed(200) is None


def test_a_well_formed_file_is_read(repo_path: Path) -> None:
    """The hostile cases above fail for their one flaw: the same file without it is read."""
    (repo_path / ".cop").mkdir()
    (repo_path / RECENT).write_text(_file([_valid(1), _valid(2)]))
    assert ids(Repo.open(repo_path).entries_as_indexed(200)) == ["e0000002", "e0000001"]


def test_an_oversized_file_is_not_read(repo_path: Path) -> None:
    (repo_path / ".cop").mkdir()
    padding = " " * (9 << 20)
    (repo_path / RECENT).write_text(_file([_valid()]) + padding)
    assert Repo.open(repo_path).entries_as_indexed(200) is None
