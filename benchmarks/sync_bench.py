"""The sync scenario: `cop sync` bringing in 100 remote changes, against plain git doing the same.

A bare remote and two clones of the corpus (made with `cop clone`): B commits and pushes 100 edited
entries, then A runs `cop sync` (timed); B pushes 100 more, then A runs `git pull --rebase` and
`git push` (timed together, the reference), and A's index is caught up untimed so both sides start
alike. The runs alternate, as everywhere in the harness.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
from pathlib import Path

from benchmarks.context import Context, Row, entry_files, fresh, rewrite
from benchmarks.measure import run_once

CHANGES = 100


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def sync(ctx: Context) -> dict[str, Row]:
    if shutil.which("git") is None:
        return {"sync": {"skipped": "git is not installed"}}
    if not ctx.has("sync") or not ctx.has("clone"):
        return {"sync": {"skipped": "`cop sync` not available"}}
    base = ctx.work / f"sync-{ctx.manifest.size}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    origin, seed, a, b = base / "origin.git", base / "seed", base / "a", base / "b"
    _git(base, "init", "-q", "--bare", "-b", "main", str(origin))
    shutil.copytree(ctx.repo, seed, ignore=shutil.ignore_patterns(".cop"))
    _git(seed, "init", "-q", "-b", "main")
    _git(seed, "remote", "add", "origin", str(origin))
    ctx.say(f"  sync: first sync of {ctx.manifest.entries} entries to a bare remote…")
    first = run_once([*ctx.cop(), "sync"], env=ctx.env(seed))
    for clone in (a, b):
        run_once([*ctx.cop(), "clone", str(origin), str(clone)], env=ctx.env(seed))
    _git(b, "config", "pull.rebase", "false")
    files = [p.relative_to(b) for p in entry_files(b)]
    counter = iter(range(1_000_000))

    def push_from_b() -> None:
        number = next(counter)
        start = (number * CHANGES) % max(1, len(files) - CHANGES)
        for rel in files[start : start + CHANGES]:
            path = b / rel
            rewrite(path, path.read_text(encoding="utf-8") + f"\nA remote edit ({number}).\n")
        _git(b, "commit", "-qam", f"bench: {CHANGES} remote edits")
        _git(b, "push", "-q", "origin", "main")

    cop_times: list[float] = []
    git_times: list[float] = []
    refresh_times: list[float] = []
    runs = min(ctx.runs, 5)
    for number in range(1 + runs):
        push_from_b()
        cop_run = run_once([*ctx.cop(), "sync"], env=ctx.env(a))
        push_from_b()
        pull = run_once(["git", "pull", "--rebase", "-q", "origin", "main"], cwd=a)
        push = run_once(["git", "push", "-q", "origin", "main"], cwd=a)
        refreshed = fresh(ctx, a)
        if number:
            cop_times.append(cop_run.seconds)
            git_times.append(pull.seconds + push.seconds)
            refresh_times.append(refreshed["ms"] / 1000)
    cop_s, git_s = statistics.median(cop_times), statistics.median(git_times)
    refresh_s = statistics.median(refresh_times)
    detail = (
        f"cop sync {cop_s * 1000:.0f} ms / git {git_s * 1000:.0f} ms (git + index refresh "
        f"{(git_s + refresh_s) * 1000:.0f} ms: ratio {cop_s / (git_s + refresh_s):.2f}); "
        f"first sync {first.seconds:.1f} s"
    )
    shutil.rmtree(base, ignore_errors=True)
    return {
        "sync": {"value": cop_s / git_s, "detail": detail},
        # the sync issue's own definition: cop sync against git plus the index refresh cop must do
        "sync_refresh": {"value": cop_s / (git_s + refresh_s), "detail": detail},
    }
