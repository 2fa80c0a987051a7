"""The report scenarios (issues 16 and 17): `cop digest`, `cop insights`, `cop risk` and `cop event list`
against the floor, with events and projects in the repo.

The generated corpus has no events or projects. This group writes one event for every ten entries
(spread over the corpus's three years and the year after, so some are still to come; hosts, attendees
and outcomes drawn from the corpus) and one project for every hundred, from its own random generator;
indexes them untimed; times the commands (from 5,000 files with `cop watch` running, as `watch = auto`
would start one, like the cli group: else each command would time the freshness sweep of every file);
then removes the files and indexes again, so the other groups see the corpus unchanged.
`write_gatherings` also puts the same records into a copy of a corpus to measure by hand (`python -m
benchmarks.reports_bench REPO`).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from benchmarks.context import Context, Row, entry_files, fresh
from benchmarks.corpus import EPOCH, SPAN_SECONDS
from benchmarks.measure import against_floor

KEYS = ("digest", "insights", "insights_one", "risk", "event_list", "event_list_past")
KINDS = ("meetup", "workshop", "brown-bag", "lunch-and-learn", "networking", "hackathon")
STATUSES = ("active", "active", "proposed", "paused", "done", "done", "dropped")


def write_gatherings(repo: Path, entries: int, seed: int = 17) -> list[Path]:
    """Write `entries // 10` events and `entries // 100` projects into `repo`; returns the new files
    and the folders made for them (to remove afterwards, folders last)."""
    from cop.domain.events import Event, Project, ProjectUpdate
    from cop.store.records.codec import render

    rng = random.Random(seed)
    handles = sorted(p.stem for p in (repo / "members").glob("*.yaml"))
    communities = sorted(p.stem for p in (repo / "communities").glob("*.yaml"))
    entry_ids = [p.name[:8] for p in entry_files(repo)[:: max(1, entries // 2000)]]
    folders = [repo / name for name in ("events", "projects") if not (repo / name).is_dir()]
    for folder in folders:
        folder.mkdir()
    written: list[Path] = []
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    ids = sorted({"".join(rng.choices(alphabet, k=8)) for _ in range(entries // 10)})
    for number, event_id in enumerate(ids):
        moment = EPOCH + dt.timedelta(seconds=rng.random() * SPAN_SECONDS * 4 / 3)
        event = Event.from_data(
            {
                "id": event_id,
                "title": f"Benchmark event {number}",
                "community": rng.choice(communities),
                "kind": rng.choice(KINDS),
                "start": moment.strftime("%Y-%m-%dT%H:00:00") + rng.choice(("Z", "+01:00", "-05:00")),
                "duration": rng.choice(("45m", "1h", "90m", "2h", "1d")),
                "status": "cancelled" if rng.random() < 0.05 else "scheduled",
                "hosts": rng.sample(handles, 1),
                "attendees": rng.sample(handles, rng.randint(0, min(25, len(handles)))),
                "outcomes": rng.sample(entry_ids, rng.randint(0, 2)),
            }
        )
        path = repo / "events" / f"{event_id}.yaml"
        path.write_text(render(event), encoding="utf-8")
        written.append(path)
    for number in range(entries // 100):
        created = EPOCH + dt.timedelta(seconds=rng.random() * SPAN_SECONDS)
        days = sorted(rng.randint(0, 400) for _ in range(rng.randint(0, 6)))
        project = Project.from_data(
            {
                "slug": f"bench-project-{number:04d}",
                "title": f"Benchmark project {number}",
                "status": rng.choice(STATUSES),
                "communities": rng.sample(communities, rng.randint(1, 2)),
                "owner": rng.choice(handles),
                "members": rng.sample(handles, rng.randint(1, 8)),
                "links": rng.sample(entry_ids, rng.randint(0, 3)),
                "updates": [
                    ProjectUpdate(
                        date=(created + dt.timedelta(days=d)).strftime("%Y-%m-%d"),
                        author=rng.choice(handles),
                        text=f"Update on day {d}",
                    ).to_data()
                    for d in days
                ],
                "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
        path = repo / "projects" / f"{project.slug}.yaml"
        path.write_text(render(project), encoding="utf-8")
        written.append(path)
    return written + folders


def reports(ctx: Context) -> dict[str, Row]:
    commands = {
        "digest": ["digest", "--peek"],
        "insights": ["insights"],
        "insights_one": ["insights", ctx.manifest.community],
        "risk": ["risk"],
        "event_list": ["event", "list"],
        "event_list_past": ["event", "list", "--past"],
    }
    rows: dict[str, Row] = {}
    written = write_gatherings(ctx.repo, ctx.manifest.entries)
    events, projects = ctx.manifest.entries // 10, ctx.manifest.entries // 100
    try:
        fresh(ctx, ctx.repo)  # index the events and projects, untimed
        cop, env = ctx.cop(), ctx.env()
        with ctx.as_default("reports") as watched:
            about = f"{events:,} events and {projects:,} projects{watched}"
            for key, argv in commands.items():
                if not ctx.has(argv[0]):
                    rows[key] = {"skipped": f"`cop {argv[0]}` not available"}
                    continue
                rows[key] = against_floor(cop, argv, ctx.floor(), ctx.runs, env, about)
    finally:
        for path in written:  # files first, then the folders made for them
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        fresh(ctx, ctx.repo)
    return rows


if __name__ == "__main__":  # put the group's events and projects into a repo (a copy of a corpus) to keep
    target = Path(sys.argv[1])
    count = sum(1 for _ in entry_files(target))
    print(f"wrote {len(write_gatherings(target, count)):,} files for {count:,} entries into {target}")
