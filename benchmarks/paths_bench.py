"""The onboarding-path scenarios (issue 15 item 3): `cop path status` over a path 5,000 members follow,
and `cop path next` for a member on three paths (500 followers on a corpus under 10k entries, so the
harness's quick run stays quick).

The generated corpus has no paths. This group writes three paths of `STEPS` steps (entries of the
corpus, every fifth step a task) and a progress file for `FOLLOWERS` members on the first (each having
done a random number of steps on random days), plus the acting member's progress on all three; indexes
them untimed; times the two commands against the floor; then removes the files and indexes again, so
the other groups see the corpus unchanged.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from benchmarks.context import Context, Row, entry_files, fresh
from benchmarks.measure import against_floor

FOLLOWERS = 5_000
#: below this corpus size the path has `FEW` followers
FULL_FROM, FEW = 10_000, 500
STEPS = 20
PATHS = ("bench-path-a", "bench-path-b", "bench-path-c")
KEYS = ("path_status", "path_next")


def _followers(ctx: Context) -> int:
    return FOLLOWERS if ctx.manifest.size >= FULL_FROM else FEW


def _write_paths(ctx: Context) -> list[Path]:
    """The paths and progress files (their folders are the ones to remove afterwards)."""
    from cop.domain.paths import LearningPath, PathStep, Progress, StepDone
    from cop.store.records.codec import render

    rng = random.Random(3)
    entries = entry_files(ctx.repo)
    written: list[Path] = []
    step_ids: dict[str, list[str]] = {}
    for number, slug in enumerate(PATHS):
        steps = []
        for index in range(STEPS):
            step_id = f"{number}{index:02d}bench"[:8].ljust(8, "0")
            if index % 5 == 4:
                steps.append(PathStep(id=step_id, task=f"Task {index + 1} of the benchmark path"))
            else:
                entry = rng.choice(entries)
                steps.append(PathStep(id=step_id, entry=entry.name[:8], expected_days=rng.randint(0, 5)))
        path = LearningPath(
            slug=slug, title=f"Benchmark path {slug[-1]}", community=ctx.manifest.community, steps=steps
        )
        target = ctx.repo / "paths" / f"{slug}.yaml"
        target.parent.mkdir(exist_ok=True)
        target.write_text(render(path), encoding="utf-8")
        written.append(target)
        step_ids[slug] = [s.id for s in steps]
    followers = [f"bench-follower-{n:05d}" for n in range(_followers(ctx) - 1)] + [ctx.manifest.member]
    for slug, handles in (
        (PATHS[0], followers),
        (PATHS[1], [ctx.manifest.member]),
        (PATHS[2], [ctx.manifest.member]),
    ):
        folder = ctx.repo / "progress" / slug
        folder.mkdir(parents=True, exist_ok=True)
        written.append(folder)
        for handle in handles:
            done = step_ids[slug][: rng.randint(0, STEPS)]
            marks = [
                StepDone(step=s, date=f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}") for s in done
            ]
            progress = Progress(learning_path=slug, member=handle, started="2026-01-01", done=marks)
            (folder / f"{handle}.yaml").write_text(render(progress), encoding="utf-8")
    return written


def paths(ctx: Context) -> dict[str, Row]:
    if not ctx.has("path", "status"):
        return {key: {"skipped": "`cop path` not available"} for key in KEYS}
    written = _write_paths(ctx)
    rows: dict[str, Row] = {}
    try:
        fresh(ctx, ctx.repo)  # index the paths and progress, untimed
        cop, env = ctx.cop(), ctx.env()
        with ctx.as_default("paths") as watched:
            for key, argv in (("path_status", ["path", "status", PATHS[0]]), ("path_next", ["path", "next"])):
                about = f"{_followers(ctx)} followers of {STEPS} steps{watched}"
                rows[key] = against_floor(cop, argv, ctx.floor(), ctx.runs, env, about)
    finally:
        for path in written:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        fresh(ctx, ctx.repo)
    return rows
