"""The store on real files: CRUD, prefixes, queries, search, and an index that follows the files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cop.core import Cop
from cop.domain.errors import (
    AlreadyExists,
    AmbiguousId,
    FormatTooNew,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from cop.domain.filters import EntryFilter
from cop.domain.models import Entry
from cop.store import Repo, render


def add(cop: Cop, title: str, **options: object) -> Entry:
    options.setdefault("kind", "how-to")
    options.setdefault("community", "py")
    kind = options.pop("kind")
    community = options.pop("community")
    return cop.add_entry(kind, title, community, **options)  # type: ignore[arg-type]


def test_init_writes_skeleton_and_refuses_twice(tmp_path: Path) -> None:
    repo = Repo.init(tmp_path / "kb", name="KB")
    assert (tmp_path / "kb" / "cop.yaml").read_text() == "format: 1\nname: KB\n"
    assert "/.cop/" in (tmp_path / "kb" / ".gitignore").read_text()
    assert repo.info.name == "KB"
    with pytest.raises(AlreadyExists):
        Repo.init(tmp_path / "kb")


def test_entry_file_layout_and_stable_name(cop: Cop, repo_path: Path) -> None:
    entry = add(cop, "Write tests first", body="Red, green, refactor.", tags=["TDD"])
    path = repo_path / entry.path
    assert entry.path == f"entries/py/{entry.id}-write-tests-first.md"
    assert path.read_text().endswith("---\nRed, green, refactor.\n")
    cop.edit_entry(entry.id, title="Write the test before the code")
    assert path.exists(), "a title change must not rename the file"
    assert "title: Write the test before the code" in path.read_text()
    cop.add_community("ops", "Ops", "corporate")
    moved = cop.edit_entry(entry.id, community="ops")
    assert moved.path == f"entries/ops/{entry.id}-write-tests-first.md"
    assert not path.exists()
    assert cop.entry(entry.id).community == "ops"


def test_prefix_lookup_and_ambiguity(cop: Cop, repo_path: Path) -> None:
    first = add(cop, "One")
    # a second entry whose id shares the first 3 characters
    twin_id = first.id[:3] + ("00000" if first.id[3:] != "00000" else "11111")
    twin = Entry(id=twin_id, kind="idea", title="Two", community="py", author="ada")
    cop.repo.create(twin)
    assert cop.entry(first.id[:5]).title == "One" if first.id[:5] != twin_id[:5] else True
    with pytest.raises(AmbiguousId) as caught:
        cop.entry(first.id[:3])
    assert first.id in str(caught.value) and twin_id in str(caught.value)
    assert cop.entry(first.id).title == "One"
    with pytest.raises(NotFound, match="no entry"):
        cop.entry("zzzzzzzz")
    with pytest.raises(NotFound):
        cop.entry("../../etc")


def test_duplicate_id_refused_on_create(cop: Cop) -> None:
    entry = add(cop, "One")
    clone = Entry(id=entry.id, kind="idea", title="Other", community="py")
    with pytest.raises(AlreadyExists):
        cop.repo.create(clone)


def test_list_filters_sort_and_limit(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_NOW", "2026-01-01T00:00:00Z")
    old = add(cop, "Banana bread", tags=["baking"], kind="lesson")
    monkeypatch.setenv("COP_NOW", "2026-06-01T00:00:00Z")
    new = add(cop, "Apple pie", tags=["baking", "fruit"], status="draft")
    cop._acting, cop._user = "bob", None
    monkeypatch.setenv("COP_NOW", "2026-07-01T00:00:00Z")
    bobs = add(cop, "Cherry", kind="question")
    assert [e.id for e in cop.entries()] == [bobs.id, new.id, old.id]
    assert [e.title for e in cop.entries(sort="title")] == ["Apple pie", "Banana bread", "Cherry"]
    assert [e.id for e in cop.entries(EntryFilter(tags=("baking",)))] == [new.id, old.id]
    assert [e.id for e in cop.entries(EntryFilter(tags=("baking", "fruit")))] == [new.id]
    assert [e.id for e in cop.entries(EntryFilter(kind="lesson"))] == [old.id]
    assert [e.id for e in cop.entries(EntryFilter(author="bob"))] == [bobs.id]
    assert [e.id for e in cop.entries(EntryFilter(status="draft"))] == [new.id]
    assert [e.id for e in cop.entries(EntryFilter(since="2026-03-01"))] == [bobs.id, new.id]
    assert len(cop.entries(limit=1)) == 1
    assert cop.entries()[0].body == "", "lists never carry bodies"
    assert cop.tags() == [("baking", 2), ("fruit", 1)]
    with pytest.raises(ValidationError, match="sort"):
        cop.entries(sort="colour")


def test_search_ranks_title_over_body_and_highlights(cop: Cop) -> None:
    body_hit = add(cop, "Deployment checklist", body="Remember the canary before rollout.")
    title_hit = add(cop, "Canary releases", body="Ship to one percent first.")
    add(cop, "Unrelated", body="Nothing to see.")
    hits = cop.search("canary")
    assert [h.id for h in hits] == [title_hit.id, body_hit.id]
    assert "\x02canary\x03" in hits[1].snippet.lower()
    assert cop.search('"canary" ( -') != [], "FTS syntax in the query cannot break the search"
    assert cop.search("canar*")[0].id == title_hit.id
    assert [h.id for h in cop.search("canary", EntryFilter(kind="lesson"))] == []


def test_answers_and_accept(cop: Cop) -> None:
    question = cop.ask("py", "How do I mock time?", body="In tests.")
    cop._acting, cop._user = "bob", None
    first = cop.answer(question.id, "Use freezegun.")
    second = cop.answer(question.id, "Inject a clock.")
    assert second.title == "Re: How do I mock time?"
    with pytest.raises(PermissionDenied):
        cop.accept(second.id)  # bob neither asked nor coordinates py
    cop._acting, cop._user = "ada", None
    cop.accept(second.id)
    assert cop.entry(question.id).accepted == second.id
    assert [a.id for a in cop.answers(cop.entry(question.id))] == [second.id, first.id]
    with pytest.raises(ValidationError, match="not an answer"):
        cop.accept(question.id)
    with pytest.raises(ValidationError, match="not a question"):
        cop.answer(first.id, "answering an answer")


def test_answers_come_with_bodies_and_follow_the_files(cop: Cop, repo_path: Path) -> None:
    question = cop.ask("py", "How do I pin versions?")
    other = cop.ask("py", "Unrelated question")
    first = cop.answer(question.id, "Use a constraints file.")
    second = cop.answer(question.id, "Lock with pip-tools.")
    third = cop.answer(other.id, "Not this one.")
    found = cop.answers(cop.entry(question.id))
    assert {a.id: a.body for a in found} == {
        first.id: "Use a constraints file.\n",
        second.id: "Lock with pip-tools.\n",
    }
    assert cop.entries(EntryFilter(unanswered=True, kind="question")) == []
    # Outside cop: one answer is deleted, the other moves to the other question (an edit in place).
    (repo_path / first.path).unlink()
    moved = repo_path / second.path
    moved.write_text(moved.read_text().replace(f"question: {question.id}", f"question: {other.id}"))
    cop.repo.invalidate()
    assert cop.answers(cop.entry(question.id)) == []
    assert sorted(a.id for a in cop.answers(cop.entry(other.id))) == sorted([second.id, third.id])
    assert [q.id for q in cop.entries(EntryFilter(unanswered=True, kind="question"))] == [question.id]


def test_outside_changes_are_picked_up(cop: Cop, repo_path: Path) -> None:
    entry = add(cop, "Original", body="Same size body")
    assert cop.entries()[0].title == "Original"
    # Another process (an editor, git) changes the file in place, same size, same second.
    path = repo_path / entry.path
    path.write_text(path.read_text().replace("title: Original", "title: Renamed!"))
    cop.repo.invalidate()
    assert cop.entries()[0].title == "Renamed!"
    # A file appears that cop did not write.
    other = Entry(id="zzzzzzzz", kind="idea", title="Dropped in", community="py", author="bob")
    (repo_path / "entries/py/zzzzzzzz-dropped-in.md").write_text(render(other))
    cop.repo.invalidate()
    assert {e.title for e in cop.entries()} == {"Renamed!", "Dropped in"}
    assert cop.search("dropped")[0].id == "zzzzzzzz"
    # And one vanishes.
    path.unlink()
    cop.repo.invalidate()
    assert [e.title for e in cop.entries()] == ["Dropped in"]
    assert cop.search("renamed") == []


def test_malformed_file_is_skipped_and_reported(cop: Cop, repo_path: Path) -> None:
    good = add(cop, "Good one")
    bad = repo_path / "entries/py/badbadba-broken.md"
    bad.write_text("---\nid: badbadba\ntitle: [oops\n---\nbody\n")
    cop.repo.invalidate()
    assert [e.id for e in cop.entries()] == [good.id]
    problems = cop.problems()
    assert len(problems) == 1 and problems[0].startswith("entries/py/badbadba-broken.md:3")
    findings = cop.doctor()
    assert any(f.path == "entries/py/badbadba-broken.md" and f.kind == "parse" for f in findings)
    bad.write_text(
        bad.read_text().replace("[oops", "fixed").replace("---\nbody", "kind: idea\ncommunity: py\n---\nbody")
    )
    cop.repo.invalidate()
    assert cop.problems() == []
    assert {e.id for e in cop.entries()} == {good.id, "badbadba"}


def test_hostile_yaml_in_repo_is_refused_not_run(cop: Cop, repo_path: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (repo_path / "members/eve.yaml").write_text(
        f"handle: eve\nname: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    cop.repo.invalidate()
    assert "eve" not in {m.handle for m in cop.members()}
    assert any("members/eve.yaml" in p and "YAML tag" in p for p in cop.problems())
    assert not marker.exists()


def test_index_cache_can_be_deleted(cop: Cop, repo_path: Path) -> None:
    add(cop, "Survives")
    cop.close()
    shutil.rmtree(repo_path / ".cop")
    again = Cop(Repo.open(repo_path), acting="ada")
    assert [e.title for e in again.entries()] == ["Survives"]
    (repo_path / ".cop" / "search.sqlite").write_text("{not a database")
    again.close()
    third = Cop(Repo.open(repo_path), acting="ada")
    assert [e.title for e in third.entries()] == ["Survives"]
    third.close()


def test_reindex_rebuilds_from_scratch(cop: Cop) -> None:
    add(cop, "One")
    add(cop, "Two")
    seen: list[tuple[int, int]] = []
    report = cop.reindex(progress=lambda done, total: seen.append((done, total)))
    assert len(report.changed) == len(cop.repo.files())
    assert seen[-1][0] == seen[-1][1] == len(cop.repo.files())


def test_newer_format_is_read_only(repo_path: Path) -> None:
    (repo_path / "cop.yaml").write_text("format: 99\nname: Future\n")
    cop = Cop(Repo.open(repo_path), acting="ada")
    with pytest.raises(FormatTooNew, match="upgrade cop"):
        cop.add_member("ada", "Ada")
    cop.close()


def test_unknown_fields_survive_an_edit(cop: Cop, repo_path: Path) -> None:
    entry = add(cop, "Keep my extras")
    path = repo_path / entry.path
    path.write_text(
        path.read_text().replace("tags:", "reviewed_by: [carol]\nfuture_field: {a: 1}\ntags:", 1)
        if "tags:" in path.read_text()
        else path.read_text().replace("---\n", "---\nfuture_field:\n  a: 1\nreviewed_by:\n- carol\n", 1)
    )
    cop.repo.invalidate()
    cop.edit_entry(entry.id, add_tags=["kept"])
    text = path.read_text()
    assert "future_field:\n  a: 1\n" in text and "reviewed_by:\n- carol\n" in text
    assert text.index("tags:") < text.index("future_field:")


def test_written_files_are_world_readable(cop: Cop, repo_path: Path) -> None:
    entry = add(cop, "Readable")
    assert os.stat(repo_path / entry.path).st_mode & 0o044 == 0o044


def test_entry_counts_follow_the_files(cop: Cop, repo_path: Path) -> None:
    """Counted in the index without building records, and as fresh as any other read."""
    cop.add_community("sre", "SRE Chapter", "corporate")
    for n in range(3):
        cop.add_entry("lesson", f"L{n}", "py")
    archived = cop.add_entry("idea", "Old idea", "sre")
    cop.edit_entry(archived.id, status="archived")
    assert cop.entry_counts() == {"py": 3, "sre": 1}
    (repo_path / archived.path).unlink()  # an outside delete (git pull, a file manager)
    assert cop.refresh()  # what the TUI's timer does; a new CLI process sweeps on its first read
    assert cop.entry_counts() == {"py": 3}
