"""Symbolic links in a repo (a teammate's commit is untrusted input): cop never follows one for a record
folder, a record file, the cache (`.cop/`) or an imported note, says so in one line, and `cop doctor`
reports each link. Also FIFOs: an imported note that is not a regular file is skipped, never opened for a
blocking read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.domain.models import Entry
from cop.store.records import files


def cli(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_add_into_a_symlinked_community_folder_is_refused(cop: Cop, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = cop.repo.root
    (root / "entries").mkdir(exist_ok=True)
    (root / "entries" / "py").symlink_to(outside)
    result = cli("--repo", str(root), "--as", "ada", "add", "-c", "py", "--title", "Hi", "--kind", "lesson")
    assert result.exit_code == 1
    assert "entries/py is a symbolic link" in result.output
    assert "Traceback" not in result.output
    assert list(outside.iterdir()) == []


def test_a_symlinked_record_folder_is_not_followed_for_writes_or_reads(cop: Cop, tmp_path: Path) -> None:
    root = cop.repo.root
    outside = tmp_path / "outside"
    (root / "members").rename(outside)  # ada and bob now live outside, reached through a link
    (root / "members").symlink_to(outside)
    result = cli("--repo", str(root), "member", "add", "cy", "--name", "Cy")
    assert result.exit_code == 1
    assert "members is a symbolic link" in result.output
    assert not (outside / "cy.yaml").exists()
    listed = cli("--repo", str(root), "member", "list", "--json")
    assert listed.exit_code == 0
    assert "ada" not in listed.stdout  # not served: the link is never followed
    doctor = cli("--repo", str(root), "doctor")
    assert doctor.exit_code == 1
    assert "members: is a symbolic link" in doctor.output


def test_a_symlinked_record_file_is_skipped_and_reported(cop: Cop, tmp_path: Path) -> None:
    root = cop.repo.root
    entry = cop.add_entry("lesson", "Real one", "py", body="text")
    outside = tmp_path / "secret.md"
    outside.write_bytes((root / entry.path).read_bytes().replace(b"Real one", b"Linked"))
    link = root / "entries" / "py" / "abcdefgh-linked.md"
    link.symlink_to(outside)
    cop.repo.invalidate()
    titles = [e.title for e in cop.repo.all(Entry)]
    assert titles == ["Real one"]
    findings = [str(f) for f in cop.doctor()]
    assert "entries/py/abcdefgh-linked.md: is a symbolic link" in " ".join(findings)


def test_writing_over_a_symlinked_record_file_is_refused(repo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "target.yaml"
    target.write_text("untouched\n")
    link = repo_path / "members" / "eve.yaml"
    link.symlink_to(target)
    with pytest.raises(files.LinkRefused, match="members/eve.yaml is a symbolic link"):
        files.atomic_write(link, "handle: eve\n")
    assert target.read_text() == "untouched\n"
    assert link.is_symlink()


def test_a_symlinked_cache_is_refused(repo_path: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo_path / ".cop").symlink_to(elsewhere)
    result = cli("--repo", str(repo_path), "list")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "`.cop` is a symbolic link" in result.output and "will not follow it: remove it" in result.output
    with pytest.raises(files.LinkRefused):
        files.write_lock_path(repo_path)
    assert list(elsewhere.iterdir()) == []


def test_clone_of_a_repo_that_commits_a_cop_symlink_writes_nothing_through_it(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    seed = tmp_path / "seed"
    result = cli("init", str(seed), "--remote", str(origin))
    assert result.exit_code == 0, result.output
    target = tmp_path / "victim"
    target.mkdir()
    (seed / ".cop").symlink_to(target)
    git(seed, "add", "-f", ".cop", "cop.yaml", ".gitignore")
    git(seed, "commit", "-q", "-m", "a cache link")
    git(seed, "push", "-q", "origin", "HEAD:main")
    clone = tmp_path / "clone"
    result = cli("clone", str(origin), str(clone))
    assert result.exit_code != 0
    assert "`.cop` is a symbolic link" in result.output
    assert "Traceback" not in result.output
    assert list(target.iterdir()) == []


def test_import_markdown_skips_a_symlinked_note(cop: Cop, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (notes / "passwd.md").symlink_to(secret)
    (notes / "real.md").write_text("# Real\n\nA note.\n")
    result = cli("--repo", str(cop.repo.root), "--as", "ada", "import", "--markdown", str(notes), "-c", "py")
    assert result.exit_code == 0, result.output
    assert "passwd.md is a symbolic link" in result.output
    cop.repo.invalidate()
    bodies = [(cop.repo.root / e.path).read_text() for e in cop.repo.all(Entry)]
    assert len(bodies) == 1 and "root:x:0" not in bodies[0]


def test_import_markdown_skips_a_fifo_without_hanging(cop: Cop, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    os.mkfifo(notes / "pipe.md")
    (notes / "real.md").write_text("# Real\n\nA note.\n")
    args = ["--repo", str(cop.repo.root), "--as", "ada", "import", "--markdown", str(notes), "-c", "py"]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cop", *args], capture_output=True, text=True, timeout=60
        )
    except subprocess.TimeoutExpired:
        pytest.fail("cop import --markdown hung on a FIFO")
    assert done.returncode == 0, done.stderr
    assert "pipe.md is not a regular file" in done.stderr
    assert "added 1" in done.stderr


def test_real_folders_creates_missing_folders_but_not_through_links(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    files.real_folders(root, root / "entries" / "py")
    assert (root / "entries" / "py").is_dir()
    (root / "entries" / "bad").symlink_to(tmp_path)
    with pytest.raises(files.LinkRefused, match="entries/bad is a symbolic link"):
        files.real_folders(root, root / "entries" / "bad" / "deeper")
    assert not (tmp_path / "deeper").exists()
