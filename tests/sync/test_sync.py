"""Two clones of one bare remote, driven through the CLI: every way concurrent work can meet."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.domain.models import Entry, Mentorship
from tests.sync.conftest import Shared, edit, git


def add_entry(shared: Shared, path: Path, who: str, title: str, body: str = "Text.\n", **kw: object) -> Entry:
    entry = edit(shared, path, who, lambda c: c.add_entry("how-to", title, "py", body=body, **kw))
    assert isinstance(entry, Entry)
    return entry


def read_entry(shared: Shared, path: Path, ident: str) -> Entry:
    result = edit(shared, path, "ada", lambda c: c.entry(ident))
    assert isinstance(result, Entry)
    return result


def ok(result: object) -> str:
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return str(result.output)  # type: ignore[attr-defined]


def shared_entry(shared: Shared, body: str = "First paragraph.\n\nSecond paragraph.\n") -> Entry:
    """An entry ada wrote and both clones have."""
    entry = add_entry(shared, shared.a, "ada", "Pin your deps", body=body, tags=["packaging"])
    ok(shared.sync(shared.a, "ada"))
    ok(shared.sync(shared.b, "bob"))
    return entry


def test_edits_of_different_records_both_arrive(shared: Shared) -> None:
    one = add_entry(shared, shared.a, "ada", "Use a lock file")
    two = add_entry(shared, shared.b, "bob", "Run tests in CI")
    ok(shared.sync(shared.a, "ada"))
    out = ok(shared.sync(shared.b, "bob"))
    assert "received: 1 added, 0 changed, 0 removed" in out
    assert "sent: 1 added" in out
    ok(shared.sync(shared.a, "ada"))
    for clone in (shared.a, shared.b):
        ids = {e.id for e in edit(shared, clone, "ada", lambda c: c.entries())}  # type: ignore[union-attr]
        assert {one.id, two.id} <= ids
    author = git(shared.b, "log", "-1", "--format=%an <%ae>|%s", "HEAD^1")
    assert author == f"Bob Builder <bob@example.org>|cop: add entry {two.id} 'Run tests in CI'\n"
    log = ok(CliRunner().invoke(app, ["--repo", str(shared.b), "log", "-n", "1"]))
    # a merge lists what it brought in
    assert "cop: sync with origin/main" in log and f"add entry {one.id} 'Use a lock file'" in log


def test_different_fields_of_one_entry_merge_without_a_step(shared: Shared) -> None:
    entry = shared_entry(shared)
    edit(shared, shared.a, "ada", lambda c: c.edit_entry(entry.id, title="Pin every dependency"))
    edit(shared, shared.b, "bob", lambda c: c.edit_entry(entry.id, status="archived", add_tags=["ci"]))
    ok(shared.sync(shared.a, "ada"))
    ok(shared.sync(shared.b, "bob"))
    ok(shared.sync(shared.a, "ada"))
    for clone in (shared.a, shared.b):
        merged = read_entry(shared, clone, entry.id)
        assert (merged.title, merged.status, merged.tags) == (
            "Pin every dependency",
            "archived",
            ["packaging", "ci"],
        )
        assert merged.superseded == []
    assert (shared.a / entry.path).read_bytes() == (shared.b / entry.path).read_bytes()
    assert git(shared.b, "status", "--porcelain") == ""


def test_the_same_tag_list_grown_on_both_sides_keeps_both(shared: Shared) -> None:
    entry = shared_entry(shared)
    edit(
        shared, shared.a, "ada", lambda c: c.edit_entry(entry.id, add_tags=["uv"], remove_tags=["packaging"])
    )
    edit(shared, shared.b, "bob", lambda c: c.edit_entry(entry.id, add_tags=["pip"]))
    ok(shared.sync(shared.a, "ada"))
    ok(shared.sync(shared.b, "bob"))
    assert read_entry(shared, shared.b, entry.id).tags == ["pip", "uv"]  # removal honoured, both additions


def test_the_same_mentorship_gets_a_session_on_both_sides(shared: Shared) -> None:
    created = edit(shared, shared.a, "ada", lambda c: c.add_mentorship("ada", "bob", community="py"))
    assert isinstance(created, Mentorship)
    ok(shared.sync(shared.a, "ada"))
    ok(shared.sync(shared.b, "bob"))
    edit(shared, shared.a, "ada", lambda c: c.log_session(created.id, "Packaging basics", date="2026-03-01"))
    edit(shared, shared.b, "bob", lambda c: c.log_session(created.id, "Reviewed my PR", date="2026-03-08"))
    edit(shared, shared.b, "bob", lambda c: c.add_goal(created.id, "Ship a wheel"))
    ok(shared.sync(shared.a, "ada"))
    ok(shared.sync(shared.b, "bob"))
    ok(shared.sync(shared.a, "ada"))
    for clone in (shared.a, shared.b):
        merged = edit(shared, clone, "ada", lambda c: c.mentorship(created.id))
        assert [s.notes for s in merged.sessions] == ["Packaging basics", "Reviewed my PR"]  # type: ignore[union-attr]
        assert [g.text for g in merged.goals] == ["Ship a wheel"]  # type: ignore[union-attr]


def test_a_scalar_changed_on_both_sides_keeps_the_later_and_records_the_other(
    shared: Shared, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = shared_entry(shared)
    monkeypatch.setenv("COP_NOW", "2030-01-01T10:00:00Z")
    edit(shared, shared.a, "ada", lambda c: c.edit_entry(entry.id, title="Ada's title"))
    monkeypatch.setenv("COP_NOW", "2030-01-01T11:00:00Z")
    edit(shared, shared.b, "bob", lambda c: c.edit_entry(entry.id, title="Bob's title"))
    ok(shared.sync(shared.b, "bob"))
    ok(shared.sync(shared.a, "ada"))  # ada's side is local here, yet bob's later edit wins
    merged = read_entry(shared, shared.a, entry.id)
    assert merged.title == "Bob's title"
    assert merged.updated == "2030-01-01T11:00:00Z"
    assert [(s.field, s.value, s.updated) for s in merged.superseded] == [
        ("title", "Ada's title", "2030-01-01T10:00:00Z")
    ]


def test_the_same_paragraph_edited_on_both_sides_is_a_reported_conflict(shared: Shared) -> None:
    entry = shared_entry(shared)
    edit(
        shared, shared.a, "ada", lambda c: c.edit_entry(entry.id, body="Ada's first.\n\nSecond paragraph.\n")
    )
    edit(
        shared, shared.b, "bob", lambda c: c.edit_entry(entry.id, body="Bob's first.\n\nSecond paragraph.\n")
    )
    ok(shared.sync(shared.a, "ada"))
    result = shared.sync(shared.b, "bob")
    assert result.exit_code == 1
    assert entry.path in result.stderr and result.stderr.count("\n") == 1  # one line, naming the record
    assert "keep the right text" in result.stderr and "cop sync" in result.stderr
    assert "received:" not in result.stdout  # no counts for a merge that did not finish
    text = (shared.b / entry.path).read_text()
    assert "Ada's first." in text and "Bob's first." in text and "<<<<<<< local" in text
    assert text.startswith("---\nid: ")  # the front matter merged cleanly; only the body holds markers

    doctor = edit(shared, shared.b, "bob", lambda c: c.doctor())
    assert [(f.path, f.kind) for f in doctor] == [(entry.path, "conflict")]  # type: ignore[union-attr]  # once
    status = CliRunner().invoke(app, ["--repo", str(shared.b), "status"])
    assert "1 unresolved conflict" in ok(status) and entry.path in status.output

    again = shared.sync(shared.b, "bob")  # markers still there: refuses, nothing lost
    assert again.exit_code == 1 and "still have conflict markers" in again.stderr
    front, _, _ = text.partition("<<<<<<<")
    (shared.b / entry.path).write_text(front + "Both firsts.\n\nSecond paragraph.\n")
    ok(shared.sync(shared.b, "bob"))
    ok(shared.sync(shared.a, "ada"))
    assert read_entry(shared, shared.a, entry.id).body == "Both firsts.\n\nSecond paragraph.\n"
    history = ok(CliRunner().invoke(app, ["--repo", str(shared.a), "log", entry.id]))
    assert "Bob Builder  cop: merge remote changes" in history  # the resolution is in the record's log


def test_a_record_deleted_on_one_side_and_edited_on_the_other_is_kept(shared: Shared) -> None:
    entry = shared_entry(shared)
    edit(shared, shared.a, "ada", lambda c: c.remove_entry(entry.id))
    edit(shared, shared.b, "bob", lambda c: c.edit_entry(entry.id, title="Still useful"))
    ok(shared.sync(shared.a, "ada"))
    out = ok(shared.sync(shared.b, "bob"))
    assert f"kept: {entry.path}" in out
    ok(shared.sync(shared.a, "ada"))
    assert read_entry(shared, shared.a, entry.id).title == "Still useful"
    # and the other way round: edited locally, deleted remotely
    edit(shared, shared.a, "ada", lambda c: c.remove_entry(entry.id))
    edit(shared, shared.b, "bob", lambda c: c.edit_entry(entry.id, add_tags=["keep"]))
    ok(shared.sync(shared.b, "bob"))
    ok(shared.sync(shared.a, "ada"))
    assert "keep" in read_entry(shared, shared.a, entry.id).tags


def test_offline_sync_commits_locally_then_pushes_when_back(shared: Shared) -> None:
    moved = shared.origin.with_name("away.git")
    shared.origin.rename(moved)
    entry = add_entry(shared, shared.a, "ada", "Written on a train")
    result = shared.sync(shared.a, "ada")
    assert result.exit_code == 1
    assert "committed locally" in result.stderr and "next 'cop sync'" in result.stderr
    assert "does not appear to be a git repository" in result.stderr  # git's reason, not its advice
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert git(shared.a, "status", "--porcelain") == ""
    assert entry.id in git(shared.a, "log", "-1", "--format=%s")
    moved.rename(shared.origin)
    ok(shared.sync(shared.a, "ada"))
    ok(shared.sync(shared.b, "bob"))
    assert read_entry(shared, shared.b, entry.id).title == "Written on a train"


def test_a_push_rejected_because_the_remote_moved_is_integrated_and_retried(shared: Shared) -> None:
    mine = add_entry(shared, shared.a, "ada", "Mine")
    theirs = add_entry(shared, shared.b, "bob", "Theirs")
    git(shared.b, "add", "-A")
    git(shared.b, "commit", "-q", "-m", "bob's work")
    # The first time ada pushes, bob's push lands first (between ada's fetch and her push).
    hook = shared.a / ".git" / "hooks" / "pre-push"
    marker = shared.a.parent / "hook-ran"
    hook.write_text(
        f"#!/bin/sh\n[ -e '{marker}' ] && exit 0\ntouch '{marker}'\ngit -C '{shared.b}' push -q origin main\n"
    )
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    result = shared.sync(shared.a, "ada", "--json")
    ok(result)
    assert marker.exists()
    import json

    report = json.loads(result.stdout)
    assert report["pushed"] is True
    assert report["push_attempts"] == 2  # rejected once, merged bob's commit, pushed again
    assert report["received"]["added"] == [f"entry {theirs.id} 'Theirs'"]
    ok(shared.sync(shared.b, "bob"))
    for clone in (shared.a, shared.b):
        ids = {e.id for e in edit(shared, clone, "ada", lambda c: c.entries())}  # type: ignore[union-attr]
        assert {mine.id, theirs.id} <= ids


def test_no_remote_commits_locally_and_says_so(tmp_path: Path) -> None:
    from cop.core import init_repo

    core = init_repo(tmp_path / "solo", name="Solo")
    core.close()
    result = CliRunner().invoke(app, ["--repo", str(tmp_path / "solo"), "sync"])
    assert "no remote: committed locally" in ok(result)
    assert git(tmp_path / "solo", "status", "--porcelain") == ""
    assert ".cop" not in git(tmp_path / "solo", "ls-files")


def test_status_and_log(shared: Shared) -> None:
    entry = add_entry(shared, shared.a, "ada", "Status check")
    out = ok(CliRunner().invoke(app, ["--repo", str(shared.a), "status"]))
    assert f"add entry {entry.id} 'Status check'" in out
    ok(shared.sync(shared.a, "ada"))
    git(shared.b, "fetch", "-q")  # status needs no network: it counts against the last fetch
    out = ok(CliRunner().invoke(app, ["--repo", str(shared.b), "status"]))
    assert "0 commit(s) to push, 1 to pull" in out
    edit(shared, shared.a, "ada", lambda c: c.edit_entry(entry.id, title="Status checked", add_tags=["x"]))
    git(shared.a, "add", "-A")
    git(shared.a, "commit", "-q", "-m", "local only")
    out = ok(CliRunner().invoke(app, ["--repo", str(shared.a), "status"]))
    assert "1 commit(s) to push, 0 to pull" in out and "0 local change(s)" in out
    out = ok(CliRunner().invoke(app, ["--repo", str(shared.a), "log", entry.id[:5]]))
    assert "local only" in out and "changed: title, tags" in out
    assert f"cop: add entry {entry.id}" in out and "Ada Lovelace" in out
    out = ok(CliRunner().invoke(app, ["--repo", str(shared.a), "log", "--json", "-n", "1"]))
    assert '"subject": "local only"' in out
    edit(shared, shared.a, "ada", lambda c: c.remove_entry(entry.id))
    ok(shared.sync(shared.a, "ada"))
    out = ok(CliRunner().invoke(app, ["--repo", str(shared.a), "log", entry.id]))  # history outlives it
    assert f"remove entry {entry.id}" in out
    missing = CliRunner().invoke(app, ["--repo", str(shared.a), "log", "zzzzzzzz"])
    assert missing.exit_code == 1 and "no record 'zzzzzzzz'" in missing.stderr


def test_init_sets_up_git_and_a_clone_gets_its_driver_back(tmp_path: Path, shared: Shared) -> None:
    from cop.core import init_repo

    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    init_repo(outer / "kb", name="Inside").close()  # a folder inside a larger git repo: no nested repo
    assert not (outer / "kb" / ".git").exists()
    assert "entries/*/*.md merge=cop" in (outer / "kb" / ".gitattributes").read_text()
    assert "merge-driver" in git(outer, "config", "--get", "merge.cop.driver")
    git(shared.a, "config", "--remove-section", "merge.cop")
    Cop.open(shared.a).close()  # any command repairs it
    assert git(shared.a, "config", "--get", "merge.cop.driver").endswith("-m cop merge-driver %O %A %B %P\n")
    assert git(shared.a, "check-attr", "merge", "members/ada.yaml") == "members/ada.yaml: merge: cop\n"


def test_a_knowledge_repo_in_a_subfolder_syncs_only_its_folder(tmp_path: Path) -> None:
    from cop.core import init_repo

    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    git(outer, "remote", "add", "origin", str(origin))
    (outer / "notes.txt").write_text("not cop's\n")
    core = init_repo(outer / "kb", name="Inside")
    core._acting = None
    core.add_member("ada", "Ada", email="ada@example.org")
    core.close()
    ok(CliRunner().invoke(app, ["--repo", str(outer / "kb"), "--as", "ada", "sync"]))
    assert git(outer, "status", "--porcelain") == "?? notes.txt\n"
    assert "kb/members/ada.yaml" in git(outer, "ls-tree", "-r", "--name-only", "origin/main")


def test_clone_refuses_a_missing_remote_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["clone", str(tmp_path / "nope.git"), str(tmp_path / "x")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot clone") and result.stderr.count("\n") == 1


def test_sync_outside_git_says_how_to_fix(repo_path: Path) -> None:
    shutil.rmtree(repo_path / ".git", ignore_errors=True)
    result = CliRunner().invoke(app, ["--repo", str(repo_path), "sync"])
    assert result.exit_code == 1 and "is not in a git repo" in result.stderr
    assert os.listdir(repo_path)  # untouched
