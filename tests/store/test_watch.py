"""The change journal: a real watcher in a subprocess on a real repo, asked by the real client.

Each test that changes something takes a token before and after and checks whether it moved; the
cookie sync means no test needs to sleep for the watcher to catch up.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cop.store import Repo
from cop.store.watch import client as watch
from cop.store.watch import server as watcher
from tests.store.watchers import Start, flood, queue_limit, wait_for

pytestmark = pytest.mark.skipif(not watch.is_supported(), reason="inotify is Linux only")


@pytest.fixture
def kb(repo_path: Path) -> Path:
    """A repo with one community folder holding one entry."""
    (repo_path / "entries" / "py").mkdir()
    (repo_path / "entries" / "py" / "aaaaaaaa-first.md").write_text("---\ntitle: First\n---\nbody\n")
    return repo_path


@pytest.fixture
def watched(kb: Path, start: Start) -> Path:
    process = start(kb)
    assert process.poll() is None, process.stderr.read() if process.stderr else ""
    return kb


def current(root: Path) -> str:
    found = watch.token(root)
    assert found is not None, "the watcher did not answer"
    return found


def test_no_token_without_a_watcher(kb: Path) -> None:
    assert watch.token(kb) is None
    assert watch.status(kb) is None
    assert watch.stop(kb) is None


def test_the_client_leaves_the_watcher_out() -> None:
    """Every command imports the client (the index asks it for a token): the watcher and its ctypes
    must not come with it."""
    watcher_side = (
        "{'cop.store.watch.server', 'cop.store.watch.listen', 'cop.store.watch.journal',"
        " 'cop.store.watch.inotify', 'ctypes'}"
    )
    code = f"import sys, cop.store.watch.client; print(sorted({watcher_side} & set(sys.modules)))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_the_token_is_stable_while_nothing_changes(watched: Path) -> None:
    first = current(watched)
    instance, generation = first.split(":")
    assert len(instance) == 16 and generation.isdigit()
    assert current(watched) == first
    assert current(watched) == first
    (watched / "entries" / "py" / "aaaaaaaa-first.md").read_text()  # reading is not a change
    assert current(watched) == first


def test_the_token_names_the_resolved_repo(watched: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(watched)
    assert watch.token(link) == current(watched)
    assert watch.token(tmp_path) is None  # another folder: another address, nobody there


def append(root: Path) -> None:
    with open(root / "entries" / "py" / "aaaaaaaa-first.md", "a") as handle:
        handle.write("more\n")


def new_entry(root: Path) -> None:
    (root / "entries" / "py" / "bbbbbbbb-second.md").write_text("---\ntitle: Second\n---\n")


def delete_entry(root: Path) -> None:
    (root / "entries" / "py" / "aaaaaaaa-first.md").unlink()


def rename_entry(root: Path) -> None:
    folder = root / "entries" / "py"
    (folder / "aaaaaaaa-first.md").rename(folder / "aaaaaaaa-renamed.md")


def atomic_replace(root: Path) -> None:
    folder = root / "entries" / "py"
    (folder / ".aaaaaaaa-first.md.tmp").write_text("---\ntitle: Replaced\n---\n")
    os.replace(folder / ".aaaaaaaa-first.md.tmp", folder / "aaaaaaaa-first.md")


def touch(root: Path) -> None:
    os.utime(root / "entries" / "py" / "aaaaaaaa-first.md", ns=(1, 1))


def move_community_away(root: Path) -> None:
    (root / "entries" / "py").rename(root / "py-old")


def edit_config(root: Path) -> None:
    with open(root / "cop.yaml", "a") as handle:
        handle.write("description: changed\n")


def add_member(root: Path) -> None:
    (root / "members" / "ada.yaml").write_text("handle: ada\n")


def add_community(root: Path) -> None:
    (root / "communities" / "py.yaml").write_text("slug: py\n")


def add_mentorship(root: Path) -> None:
    (root / "mentorships" / "cccccccc.yaml").write_text("id: cccccccc\n")


def replace_entries_folder(root: Path) -> None:
    shutil.rmtree(root / "entries")
    (root / "entries").mkdir()


CHANGES = [
    append,
    new_entry,
    delete_entry,
    rename_entry,
    atomic_replace,
    touch,
    move_community_away,
    edit_config,
    add_member,
    add_community,
    add_mentorship,
    replace_entries_folder,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_a_change_to_record_files_moves_the_token(watched: Path, change: Callable[[Path], None]) -> None:
    before = current(watched)
    change(watched)
    after = current(watched)
    assert after != before
    assert current(watched) == after  # and it settles again


def test_a_new_community_folder_is_watched(watched: Path) -> None:
    before = current(watched)
    (watched / "entries" / "go").mkdir()
    made = current(watched)
    assert made != before
    (watched / "entries" / "go" / "dddddddd-new.md").write_text("x")
    written = current(watched)
    assert written != made
    with open(watched / "entries" / "go" / "dddddddd-new.md", "a") as handle:
        handle.write("y")
    assert current(watched) != written


def test_a_path_folder_of_progress_is_watched_like_a_community_folder(watched: Path) -> None:
    """progress/<path>/<handle>.yaml sits one folder down like an entry: a new path folder is watched,
    a progress file in it moves the token, a file that is not YAML there does not."""
    before = current(watched)
    (watched / "progress" / "new-sre").mkdir(parents=True)
    made = current(watched)
    assert made != before
    (watched / "progress" / "new-sre" / "lin.yaml").write_text("learning_path: new-sre\n")
    written = current(watched)
    assert written != made
    (watched / "progress" / "new-sre" / "notes.txt").write_text("not a record")
    assert current(watched) == written
    (watched / "paths" / "new-sre.yaml").write_text("slug: new-sre\n")
    assert current(watched) != written


def test_a_community_folder_moved_in_is_watched_one_moved_out_is_not(watched: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "eeeeeeee-ready.md").write_text("x")
    before = current(watched)
    outside.rename(watched / "entries" / "rs")
    moved_in = current(watched)
    assert moved_in != before
    (watched / "entries" / "rs" / "eeeeeeee-ready.md").write_text("changed")
    changed = current(watched)
    assert changed != moved_in
    (watched / "entries" / "rs").rename(tmp_path / "gone")
    gone = current(watched)
    assert gone != changed
    (tmp_path / "gone" / "eeeeeeee-ready.md").write_text("no longer in the repo")
    assert current(watched) == gone


def test_a_new_entries_folder_and_its_communities_are_watched(start: Start, tmp_path: Path) -> None:
    root = tmp_path / "bare"
    Repo.init(root)
    shutil.rmtree(root / "entries")
    start(root)
    before = current(root)
    staged = tmp_path / "staged"
    (staged / "py").mkdir(parents=True)
    staged.rename(root / "entries")  # entries/ and entries/py/ appear in one step
    appeared = current(root)
    assert appeared != before
    (root / "entries" / "py" / "ffffffff-x.md").write_text("x")
    assert current(root) != appeared


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_a_git_checkout_moves_the_token(kb: Path, start: Start) -> None:
    git(kb, "init", "-q")
    git(kb, "add", "-A")
    git(kb, "commit", "-q", "-m", "one")
    append(kb)
    new_entry(kb)
    git(kb, "add", "-A")
    git(kb, "commit", "-q", "-m", "two")
    start(kb)
    before = current(kb)
    git(kb, "checkout", "-q", "HEAD~1")
    after = current(kb)
    assert after != before
    git(kb, "status")  # git refreshing its own index touches only .git/
    assert current(kb) == after


def test_writes_that_cannot_concern_records_keep_the_token(watched: Path) -> None:
    before = current(watched)
    (watched / ".cop" / "index.json").write_text("{}")
    (watched / ".cop" / "scratch").mkdir()
    (watched / ".cop" / "scratch" / "x").write_text("x")
    (watched / ".git").mkdir()
    (watched / ".git" / "index").write_text("x")
    (watched / "README.md").write_text("notes")
    (watched / ".gitignore").write_text("/.cop/\n")
    (watched / "entries" / "py" / ".aaaaaaaa-first.md.swp").write_text("vim")
    (watched / "entries" / "py" / "notes.txt").write_text("not a record")
    (watched / "members" / "README.md").write_text("not a record")
    (watched / "entries" / ".hidden").mkdir()
    assert current(watched) == before


def test_a_change_just_before_asking_is_always_counted(watched: Path) -> None:
    seen = {current(watched)}
    for _ in range(50):
        append(watched)
        latest = current(watched)
        assert latest not in seen
        seen.add(latest)


def test_the_answer_waits_for_the_cookie_even_when_the_request_is_read_first(kb: Path, start: Start) -> None:
    """A paused watcher wakes with the change and the request both waiting. Whatever order it reads
    them in, the cookie makes it count the change first (one that answered as soon as it read the
    request would give the old token: checked by breaking it that way)."""
    from concurrent.futures import ThreadPoolExecutor

    process = start(kb)
    previous = current(kb)
    with ThreadPoolExecutor(1) as pool:
        for _ in range(10):
            process.send_signal(signal.SIGSTOP)
            try:
                append(kb)
                asked = pool.submit(watch.token, kb, 3.0)
                wait_for(lambda: any(p.name.startswith("cookie-") for p in (kb / ".cop" / "watch").iterdir()))
            finally:
                process.send_signal(signal.SIGCONT)
            latest = asked.result()
            assert latest is not None and latest != previous
            previous = latest


def test_concurrent_clients_all_get_answers(watched: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        tokens = list(pool.map(lambda _: watch.token(watched, timeout=2), range(40)))
    assert None not in tokens
    assert len(set(tokens)) == 1


def test_a_deleted_cache_folder_is_made_again_without_a_miss(watched: Path) -> None:
    before = current(watched)
    for _ in range(3):
        shutil.rmtree(watched / ".cop")
        # the client retries while the watcher re-makes .cop/watch (a timeout would be None)
        assert current(watched) == before
    append(watched)
    assert current(watched) != before


def test_a_queue_overflow_moves_the_token_and_the_watcher_goes_on(kb: Path, start: Start) -> None:
    """The kernel's queue overflows while the watcher is paused, and a client asks meanwhile: its
    cookie is dropped with the queue, yet it gets an answer (the watcher's own cookie stands in)."""
    from concurrent.futures import ThreadPoolExecutor

    limit = queue_limit()
    if limit > 100_000:
        pytest.skip(f"max_queued_events is {limit}: too many events to overflow quickly")
    process = start(kb)
    before = current(kb)
    cookies = kb / ".cop" / "watch"
    with ThreadPoolExecutor(1) as pool:
        process.send_signal(signal.SIGSTOP)  # nobody reads the queue while it fills
        try:
            flood(kb / "entries" / "py", ("gggggg00-x.md", "gggggg01-x.md"))
            asked = pool.submit(watch.token, kb, 3.0)
            wait_for(lambda: any(p.name.startswith("cookie-") for p in cookies.iterdir()))
        finally:
            process.send_signal(signal.SIGCONT)
        after = asked.result()
    assert after is not None and after != before  # answered (None would be the 3 s timeout)
    found = watch.status(kb)
    assert found is not None and found.overflows >= 1
    append(kb)
    assert current(kb) != after
    assert not list(cookies.glob("watcher-*"))  # the stand-in cookie was cleaned up


def test_a_second_watcher_refuses_with_a_clear_message(watched: Path) -> None:
    running = watch.status(watched)
    assert running is not None
    with pytest.raises(watch.WatchError, match=rf"already runs for .*\(pid {running.pid}\)"):
        watcher.serve(watched)
    assert watch.status(watched) == running  # and the first one is untouched


def test_a_second_watcher_process_exits_with_the_message(watched: Path, start: Start) -> None:
    second = start(watched)
    assert second.wait(timeout=3) == 1
    assert second.stderr is not None
    assert "already runs" in second.stderr.read()
    assert watch.token(watched) is not None


def test_stop_stops_it_and_a_new_one_can_start(kb: Path, start: Start) -> None:
    process = start(kb)
    first = current(kb)
    assert watch.stop(kb) == process.pid
    assert process.wait(timeout=3) == 0
    assert process.stderr is not None and "asked to stop" in process.stderr.read()
    assert watch.token(kb) is None
    start(kb)
    second = current(kb)
    assert second.split(":")[0] != first.split(":")[0]  # a new instance: old tokens never match


def test_sigterm_and_sigint_stop_it_cleanly(kb: Path, start: Start) -> None:
    for number in (signal.SIGTERM, signal.SIGINT):
        process = start(kb)
        current(kb)
        process.send_signal(number)
        assert process.wait(timeout=3) == 0
        assert process.stderr is not None and f"{number.name} received" in process.stderr.read()
        assert watch.token(kb) is None


def test_it_exits_when_the_repo_folder_is_removed(kb: Path, start: Start) -> None:
    process = start(kb)
    current(kb)
    shutil.rmtree(kb)
    assert process.wait(timeout=3) == 0
    assert process.stderr is not None and "removed" in process.stderr.read()


def test_it_exits_when_the_repo_folder_is_moved(kb: Path, start: Start, tmp_path: Path) -> None:
    process = start(kb)
    current(kb)
    kb.rename(tmp_path / "elsewhere")
    assert process.wait(timeout=3) == 0
    assert process.stderr is not None and "moved" in process.stderr.read()


def test_it_refuses_a_folder_that_is_not_a_repo(tmp_path: Path) -> None:
    with pytest.raises(watch.WatchError, match="not a cop repo"):
        watcher.serve(tmp_path)


# -- the index asks the watcher before it sweeps -------------------------------------------------------
def _indexed_repo(root: Path) -> tuple[Repo, str]:
    """Two real entries, indexed, with every file's mtime in the past (so none is racy: too new to trust,
    which keeps the index sweeping whatever the watcher says)."""
    from cop.domain.models import Community, Entry

    repo = Repo.open(root)
    repo.create(Community(slug="guild", name="Guild", kind="professional"))
    first = repo.create(Entry(id="bbbbbbbb", kind="lesson", title="Before", community="guild"))
    repo.create(Entry(id="cccccccc", kind="lesson", title="Other", community="guild"))
    past = time.time_ns() - 60_000_000_000
    for path in root.rglob("*"):
        if path.is_file() and ".cop" not in path.parts and ".git" not in path.parts:
            os.utime(path, ns=(past, past))
    repo.refresh()
    repo.close()
    return repo, first.path


def titles(root: Path) -> list[str]:
    with Repo.open(root) as repo:
        return sorted(e.title for e in repo.entries())


def test_the_index_skips_its_sweep_while_the_watcher_vouches(
    repo_path: Path, start: Start, sweeps: list[Path]
) -> None:
    _, path = _indexed_repo(repo_path)
    start(repo_path)
    sweeps.clear()
    assert titles(repo_path) == ["Before", "Other"]  # a new watcher: one sweep, its token stored
    assert len(sweeps) == 1
    with Repo.open(repo_path) as repo:
        repo.refresh()
        assert repo.index.search_db.watch_token() == watch.token(repo_path)
    assert titles(repo_path) == ["Before", "Other"]
    assert len(sweeps) == 1  # vouched for twice: no sweep
    with open(repo_path / path, "r+", encoding="utf-8") as handle:  # an editor saving in place
        text = handle.read().replace("Before", "After")
        handle.seek(0)
        handle.write(text)
        handle.truncate()
    assert titles(repo_path) == ["After", "Other"]
    assert len(sweeps) == 1  # the watcher named the file: it alone was read, without a sweep


def test_without_a_watcher_every_command_sweeps(repo_path: Path, sweeps: list[Path]) -> None:
    _indexed_repo(repo_path)
    sweeps.clear()
    for _ in range(2):
        assert titles(repo_path) == ["Before", "Other"]
    assert len(sweeps) == 2
    with Repo.open(repo_path) as repo:
        assert repo.index.search_db.watch_token() is None


def test_a_restarted_watcher_is_not_trusted_with_an_old_token(
    repo_path: Path, start: Start, sweeps: list[Path]
) -> None:
    _, path = _indexed_repo(repo_path)
    start(repo_path)
    sweeps.clear()
    titles(repo_path)
    assert watch.stop(repo_path) is not None
    (repo_path / path).write_text((repo_path / path).read_text().replace("Before", "Unwatched"))
    start(repo_path)  # it never saw the edit: a new instance, so the stored token cannot match
    assert titles(repo_path) == ["Other", "Unwatched"]
    assert len(sweeps) == 2
