"""The people scenarios (issue 15 item 6): `cop experts` and `cop mentor match` with 5,000 members.

The generated corpus has a few hundred members. This group adds generated members (each with a
department, a team, expertise and interests drawn from the corpus's tags, one in twenty seeking a
mentor) until there are `PEOPLE` (`FEW` on a corpus under 10k entries, so the harness's quick run stays
quick), indexes them untimed, times the commands against the floor, then
removes the added files and indexes again, so the other groups see the corpus unchanged.
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.context import Context, Row, fresh
from benchmarks.measure import against_floor

PEOPLE = 5_000
#: below this corpus size there are `FEW` members
FULL_FROM = 10_000
FEW = 500
DEPARTMENTS = ["Engineering", "Operations", "Nursing", "Teaching", "Sales", "Research", "Support"]


def _tags(ctx: Context) -> list[str]:
    """The corpus's tags, most used first (the manifest names the top one; the rest come from members)."""
    found: dict[str, int] = {}
    for path in sorted((ctx.repo / "members").glob("*.yaml"))[:300]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("- ") and not line.startswith("- community"):
                found[line[2:].strip()] = found.get(line[2:].strip(), 0) + 1
    ordered = sorted(found, key=lambda t: (-found[t], t))
    return [ctx.manifest.tag, *(t for t in ordered if t != ctx.manifest.tag)][:120]


def _add_members(ctx: Context, count: int) -> list[Path]:
    from cop.domain.models import Member, Membership
    from cop.store.records.codec import render

    rng = random.Random(15)
    tags = _tags(ctx)
    communities = sorted(p.stem for p in (ctx.repo / "communities").glob("*.yaml"))
    written = []
    for number in range(count):
        handle = f"bench-person-{number:05d}"
        member = Member(
            handle=handle,
            name=f"Bench Person {number}",
            department=rng.choice(DEPARTMENTS),
            team=f"team-{rng.randint(1, 200)}",
            expertise=sorted({rng.choice(tags[:40]) for _ in range(rng.randint(0, 3))}),
            interests=sorted({rng.choice(tags) for _ in range(rng.randint(0, 3))}),
            memberships=[Membership(community=c) for c in rng.sample(communities, rng.randint(1, 3))],
            seeking_mentor=rng.random() < 0.05,
            joined="2026-01-01",
        )
        path = ctx.repo / "members" / f"{handle}.yaml"
        path.write_text(render(member), encoding="utf-8")
        written.append(path)
    return written


def people(ctx: Context) -> dict[str, Row]:
    if not ctx.has("experts") or not ctx.has("mentor", "match"):
        return {key: {"skipped": "`cop experts` / `cop mentor match` not available"} for key in KEYS}
    existing = len(list((ctx.repo / "members").glob("*.yaml")))
    wanted = PEOPLE if ctx.manifest.size >= FULL_FROM else FEW
    added = _add_members(ctx, max(0, wanted - existing))
    rows: dict[str, Row] = {}
    try:
        fresh(ctx, ctx.repo)  # index the added members, untimed
        members = existing + len(added)
        cop, env, m = ctx.cop(), ctx.env(), ctx.manifest
        with ctx.as_default("people") as watched:
            for key, argv in (
                ("experts_tag", ["experts", m.tag]),
                ("experts_words", ["experts", m.rare_word]),
                ("member_show", ["member", "show", m.member]),
                ("mentor_match", ["mentor", "match", added[0].stem if added else m.member]),
                ("mentor_match_all", ["mentor", "match", "--all"]),
            ):
                about = f"{members} members{watched}"
                rows[key] = against_floor(cop, argv, ctx.floor(), ctx.runs, env, about)
    finally:
        for path in added:
            path.unlink(missing_ok=True)
        fresh(ctx, ctx.repo)
    return rows


KEYS = ("experts_tag", "experts_words", "member_show", "mentor_match", "mentor_match_all")
