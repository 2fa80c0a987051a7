"""The report tables (`cop/store/index/reports.py`) say what the files say: after a first build, outside
edits, deletes, a `git pull`-like change of many files at once and a full reindex, every report query
over them gives what the same query over the entries themselves (meta and its JSON) gives, and the
tables hold what a build from nothing of the same files holds."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from cop.domain import risk
from cop.domain.entries import Entry, Verified
from cop.domain.events import Event, Project, ProjectUpdate
from cop.domain.models import Community, Member
from cop.store import Repo
from cop.store.index import attendance, beside, gatherings, index, parsing, progress, reports
from cop.store.index import insights as sql
from tests.record_files import write_record

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
HANDLES = ("ada", "bob", "cy", "dee")
TAGS = ("python", "rust", "sql", "git")
#: the "now" of the windows and dates the queries are asked about
TODAY = "2025-07-01"
#: moments the events are counted at: before any, among them, after all
NOWS = ("2024-06-01T00:00:00Z", "2025-05-01T12:00:00Z", "2026-01-01T00:00:00Z")
DATES = {"today": TODAY, "year_ago": "2024-11-15T00:00:00Z"}


def an_id(number: int) -> str:
    value, digits = number * 7 + 11, []
    for _ in range(8):
        digits.append(ALPHABET[value % 32])
        value //= 32
    return "".join(reversed(digits))


def thread(number: int, version: int = 0, answers: int = 3) -> list[Entry]:
    """A question and its answers; `version` changes who wrote what, when, the tags, which answer is
    accepted, the drafts, verifications and review dates."""
    question = an_id(number * 10)
    community = ("py", "ops")[(number + version) % 2]
    out = [
        Entry(
            id=question,
            kind="question",
            title=f"Q{number} v{version}",
            community=community,
            author=HANDLES[(number + version) % 4],
            created=f"2025-0{1 + (number + version) % 6}-0{1 + number % 9}T10:00:00Z",
            tags=sorted({TAGS[number % 4], TAGS[(number + version) % 4]}),
            accepted=an_id(number * 10 + 1 + version % answers) if (number + version) % 3 else "",
        )
    ]
    for place in range(1, answers + 1):
        out.append(
            Entry(
                id=an_id(number * 10 + place),
                kind="answer",
                title=f"Re Q{number} {place} v{version}",
                community=community,
                question=question,
                author=HANDLES[(number + place + version) % 4],
                created=f"2025-0{1 + (number + version) % 6}-1{place}T1{place}:00:00Z",
                status="draft" if (number + place + version) % 7 == 0 else "published",
                verified=[Verified(by=HANDLES[version % 4], date="2025-05-01")] if place == 2 else [],
            )
        )
    out.append(
        Entry(
            id=an_id(number * 10 + 9),
            kind="lesson",
            title=f"Lesson {number} v{version}",
            community=community,
            author=HANDLES[(number * 3 + version) % 4],
            created=f"2024-1{number % 3}-2{version % 9}T08:00:00Z",
            tags=[TAGS[(number + 2 * version) % 4]],
            review=f"2025-0{1 + (number + version) % 9}-15" if (number + version) % 2 else "",
            verified=[Verified(by=HANDLES[(number + version) % 4], date="2025-01-02")] if number % 3 else [],
            status="archived" if (number + version) % 5 == 0 else "published",
        )
    )
    return out


def write(root: Path, number: int, version: int = 0) -> None:
    for record in thread(number, version):
        for old in root.glob(f"entries/*/{record.id}*.md"):  # a thread may move community
            old.unlink()
        write_record(root, record)


def meet(root: Path, number: int, version: int = 0) -> None:
    """Event `number`: who attends, when, where and whether it is cancelled change with `version`."""
    data = {
        "id": an_id(5000 + number),
        "title": f"Meetup {number} v{version}",
        "community": ("py", "ops")[(number + version) % 2],
        "kind": "meetup",
        "start": f"2025-0{1 + (number + version) % 9}-0{1 + number % 9}T1{number % 10}:00:00+01:00",
        "duration": "1h",
        "status": "cancelled" if (number + version) % 6 == 0 else "scheduled",
        "attendees": list(HANDLES[(number + version) % 4 :][: 1 + number % 3])
        + [p for p in (f"only-at-{number}",) if version == 0 and number in (1, 5)],  # gone after
        "outcomes": [an_id(number * 10 + 9)] if number % 2 else [],
    }
    for old in root.glob(f"events/{data['id']}*"):
        old.unlink()
    write_record(root, Event.from_data(data))


def plan(root: Path, number: int, version: int = 0) -> None:
    """Project `number`: its communities (none, one, both), status, created and updates change with
    `version`; two updates share a day."""
    days = [f"2025-0{1 + (number + version + k) % 9}-1{k % 2}" for k in range((number + version) % 4)]
    write_record(
        root,
        Project(
            slug=f"plan-{number}",
            title=f"Plan {number} v{version}",
            status=("active", "proposed", "done", "paused")[(number + version) % 4],
            communities=[("py",), ("ops",), ("py", "ops"), ()][(number + version) % 4],
            created=f"2025-0{1 + (number + 2 * version) % 6}-01T09:00:00Z" if number % 5 else "",
            updates=[ProjectUpdate(date=d, author="ada", text=str(k)) for k, d in enumerate(days + days[:1])],
        ),
    )


def ask(root: Path, number: int, answered: bool = False) -> None:
    """A question nobody answered yet (`answered`: with one answer); some asked at the same moment, so
    the oldest unanswered are ordered by id too."""
    question = an_id(number * 10)
    community = ("py", "ops")[number % 2]
    write_record(
        root,
        Entry(
            id=question,
            kind="question",
            title=f"Lone {number}",
            community=community,
            author=HANDLES[number % 4],
            created=f"2025-0{1 + number % 3}-01T09:00:00Z",
            tags=[TAGS[number % 4]],
        ),
    )
    if answered:
        write_record(
            root,
            Entry(
                id=an_id(number * 10 + 1),
                kind="answer",
                title=f"Re lone {number}",
                community=community,
                question=question,
                author=HANDLES[(number + 1) % 4],
                created="2025-06-01T09:00:00Z",
            ),
        )


def spread(root: Path) -> None:
    """Two tags with more people than the leaders `cop risk` reads: "wide" (ten people, the factor above
    AT_RISK) and "lean", where `helper` holds nothing alone but shares four of `big`'s units, so by units
    held alone helper ranks last and by all units second (the truck factor: big and helper)."""
    lessons = [("wide", f"w{i}", []) for i in range(10) for _ in range(i + 1)]
    lessons += [("lean", "big", ["helper"] * (n < 4)) for n in range(6)]
    lessons += [("lean", f"o{i}", []) for i in range(5)]
    for number, (tag, author, verifiers) in enumerate(lessons):
        write_record(
            root,
            Entry(
                id=an_id(3000 + number),
                kind="lesson",
                title=f"Lesson {tag} {number}",
                community="py",
                author=author,
                created="2024-03-01T08:00:00Z",
                tags=[tag],
                verified=[Verified(by=who, date="2025-01-02") for who in verifiers],
            ),
        )


def remove(root: Path, entry_id: str) -> None:
    for path in root.glob(f"entries/*/{entry_id}*.md"):
        path.unlink()


#: `cop risk`'s units and their people, as they were built from every entry's rows and JSON
HOLDINGS = """
WITH units AS (SELECT m.rowid AS r, m.rowid AS unit, m.author AS holder FROM meta m
  WHERE m.status = 'published' AND m.kind NOT IN ('question', 'answer') AND m.community LIKE :c
  UNION ALL SELECT m.rowid, a.rowid, a.author FROM meta m
  JOIN meta a ON a.id = json_extract(m.doc, '$.accepted') AND a.kind = 'answer'
  WHERE m.kind = 'question' AND m.status = 'published' AND m.community LIKE :c
), people(r, unit, person, role) AS (SELECT r, unit, holder, 0 FROM units WHERE holder != ''
  UNION ALL SELECT u.r, u.unit, json_extract(v.value, '$.by'), 1 FROM units u
  JOIN meta m ON m.rowid = u.unit, json_each(m.doc, '$.verified') v
), held AS (SELECT r, unit, person, max(role) AS verifier, count(*) OVER (PARTITION BY r, unit) AS n
  FROM people WHERE person IS NOT NULL AND person != '' GROUP BY 1, 2, 3
) SELECT t.tag, h.person, sum(h.n = 1), max(h.verifier), group_concat(CASE WHEN h.n > 1 THEN h.unit END)
FROM held h JOIN tags t ON t.entry = h.r GROUP BY 1, 2
"""
STALE = """
SELECT t.tag, count(*), sum((coalesce(json_extract(m.doc, '$.review'), '') != ''
  AND json_extract(m.doc, '$.review') < :today) OR m.updated < :year_ago)
FROM meta m JOIN tags t ON t.entry = m.rowid
WHERE m.status = 'published' AND m.kind NOT IN ('question', 'answer') AND m.community LIKE :c GROUP BY 1
"""


def holdings(rows: Any) -> list[tuple[Any, ...]]:
    return sorted((t, p, n, bool(v), sorted(u.split(",")) if u else []) for t, p, n, v, u in rows)


def events(counts: dict[str | None, gatherings.EventCounts]) -> dict[str | None, dict[str, Any]]:
    """Each scope's counts; the names of its attendees aside (the tables count them, `distinct`)."""
    return {scope: {k: v for k, v in asdict(c).items() if k != "people"} for scope, c in counts.items()}


#: the projects' figures as they were counted from every project's JSON before `progress.py`
PROJECT_SCOPES = """WITH scoped AS (SELECT c.value AS scope, r.doc AS doc, r.status AS status
 FROM records r, json_each(r.doc, '$.communities') c WHERE r.type = 'project'
 AND coalesce(json_extract(r.doc, '$.created'), '') >= :since
 UNION ALL SELECT NULL, r.doc, r.status FROM records r WHERE r.type = 'project'
 AND coalesce(json_extract(r.doc, '$.created'), '') >= :since)"""
PROJECT_SUMMARY = PROJECT_SCOPES + " SELECT scope, status, count(*) FROM scoped GROUP BY 1, 2"
PROJECT_UPDATES = (
    PROJECT_SCOPES
    + """ SELECT scope, substr(json_extract(u.value, '$.date'), 1, 7), count(*)
 FROM scoped, json_each(scoped.doc, '$.updates') u WHERE json_extract(u.value, '$.date') >= :day
 GROUP BY 1, 2"""
)


#: the rising tags' windows asked about: recent from, and the one before from
WINDOWS = ("2025-04-01", "2025-01-01")
#: the top tags listed per scope in these checks (fewer than most scopes have)
TOP = 2


def tag_parts(rows: list[tuple[str, str, int, int, int]], community: str | None) -> dict[str, Any]:
    """From every (community, tag) count and window counts read off the entries: each community's (and
    with no `community` everyone's, None) TOP tags by count then tag, and the windowed rows."""
    counts: dict[str | None, dict[str, int]] = {}
    for scope, tag, n, _r, _b in rows:
        for key in (scope, None) if community is None else (scope,):
            counts.setdefault(key, {})[tag] = counts.get(key, {}).get(tag, 0) + n
    top = [
        (s, t, n) for s, c in counts.items() for t, n in sorted(c.items(), key=lambda x: (-x[1], x[0]))[:TOP]
    ]
    return {
        f"tags top {community}": sorted(top, key=repr),
        f"tags windows {community}": sorted((s, t, r, b) for s, t, _n, r, b in rows if r or b),
    }


#: answers per community, asker and answerer (drafts aside) created from ?, from the entries' rows
PAIRS = (
    "SELECT a.community, q.author, a.author, count(*) FROM meta a"
    " JOIN meta q ON q.id = a.question AND q.kind = 'question'"
    " WHERE a.kind = 'answer' AND a.status != 'draft' AND a.created >= ? GROUP BY 1, 2, 3"
)
#: the oldest unanswered questions listed per scope in these checks (fewer than some scopes have)
OLDEST = 2


def question_parts(rows: list[tuple[Any, ...]], community: str | None) -> dict[str, Any]:
    """What `cop insights` made of every question row in Python before the store did it in SQL: per
    community (and None: all of them, when `community` is None) the counts, the middle one or two hours
    to a first answer, and the oldest unanswered (created, id)."""
    scopes: dict[str | None, list[tuple[Any, ...]]] = {}
    for row in rows:
        if community is None or row[0] == community:
            scopes.setdefault(row[0], []).append(row)
            if community is None:
                scopes.setdefault(None, []).append(row)
    counts, middles, oldest = {}, {}, {}
    for scope, found in scopes.items():
        waits = sorted(w * 24 for *_, w in found if w is not None)
        if scope is not None:
            unanswered = sum(not e for _s, _i, _c, _a, e, _w in found)
            counts[scope] = (
                len(found),
                sum(bool(a) for _s, _i, _c, a, _e, _w in found),
                len(waits),
                unanswered,
            )
        if waits:
            middles[scope] = waits[(len(waits) - 1) // 2 : len(waits) // 2 + 1]
        still = sorted((c, i) for _s, i, c, _a, e, _w in found if not e)
        if still:
            oldest[scope] = still[:OLDEST]
    return {"counts": counts, "middles": middles, "oldest": oldest}


def question_tables(conn: sqlite3.Connection, community: str | None) -> dict[str, Any]:
    """The same parts from the store's SQL over `report_questions`."""
    counts = sql.question_counts(conn, community, "")
    return {
        "counts": counts,
        "middles": sql.question_middles(conn, community, "", counts),
        "oldest": sql.oldest_unanswered(conn, community, "", OLDEST, counts),
    }


def leaders_agree(conn: sqlite3.Connection, community: str | None, step: str) -> None:
    """`cop risk`'s leaders per tag (its first people, cut in SQL) give the truck factor all its holdings
    give, whenever that factor is at most AT_RISK, and a factor above it otherwise; the same units and
    verifiers. Some tags have shared units, some verifiers, some a factor above AT_RISK."""
    units: dict[str, dict[str, tuple[int, list[str]]]] = {}
    verifiers: dict[str, list[str]] = {}
    for tag, person, alone, verified, shared in sql.knowledge_holdings(conn, community):
        units.setdefault(tag, {})[person] = (alone, shared)
        verifiers.setdefault(tag, []).extend([person] * verified)
    leaders = sql.knowledge_leaders(conn, community, risk.AT_RISK + 1)
    assert sorted(t for t, *_ in leaders) == sorted(units), step
    factors = set()
    for tag, total, ranked, holders, named in leaders:
        whole = risk.truck_factor_held(units[tag])
        cut = risk.truck_factor_ranked(ranked, total, holders)
        factors.add(whole.factor)
        order = sorted(units[tag], key=lambda p: (-units[tag][p][0] - len(units[tag][p][1]), p))
        assert [p for p, *_ in ranked] == order[: risk.AT_RISK + 1], f"{step}: {tag}"
        assert sorted(named) == sorted(verifiers[tag]) and cut.units == whole.units, f"{step}: {tag}"
        if whole.factor <= risk.AT_RISK:
            assert cut == whole, f"{step}: {tag}"
        else:
            assert cut.factor > risk.AT_RISK, f"{step}: {tag}"
    assert any(holders for _, _, _, holders, _ in leaders) or community, step
    assert community or {2, 4} <= factors and any(len(r) < len(units[t]) for t, _, r, *_ in leaders), step


def oracle(conn: sqlite3.Connection) -> Iterator[tuple[str, Any]]:
    """The reports' figures computed from the entries' rows and their JSON, as they were before the
    report tables (the `since` forms of the month and tag queries still read the entries)."""
    for moment in NOWS:
        yield f"events {moment}", events(gatherings.event_counts(conn, None, "", moment))
        yield f"events py {moment}", events(gatherings.event_counts(conn, "py", "", moment))
    answers = "FROM meta a WHERE a.question = q.id AND a.kind = 'answer' AND a.status != 'draft'"
    departments = dict(
        conn.execute(
            "SELECT key, coalesce(json_extract(doc, '$.department'), '') FROM records WHERE type = 'member'"
        )
    )
    for since in ("", "2025-03-01"):
        crossed: dict[tuple[str, str, str], int] = {}
        for scope, asker, answerer, n in conn.execute(PAIRS, [since]):
            key = (scope, departments.get(asker, ""), departments.get(answerer, ""))
            crossed[key] = crossed.get(key, 0) + n
        yield f"departments {since}", sorted((*k, n) for k, n in crossed.items())
        for c in ("", "ops"):
            yield f"departments {c} {since}", sorted(r for r in crossed.items() if r[0][0] == c or not c)
        yield f"projects {since}", sorted(conn.execute(PROJECT_SUMMARY, {"since": since}), key=repr)
        updates = conn.execute(PROJECT_UPDATES, {"since": "", "day": since})
        yield f"project updates {since}", sorted(((s, m, n) for s, m, n in updates if m), key=repr)
    answers_to = (
        "SELECT m.id, m.kind, m.title, m.community, m.author, m.created FROM meta m"
        " JOIN meta q ON q.id = m.question AND q.kind = 'question' WHERE m.kind = 'answer'"
        " AND m.status != 'draft' AND m.created > ? AND q.author = ? AND m.author != ?"
        " ORDER BY m.created DESC, m.id"
    )
    yield "answers to", [conn.execute(answers_to, ["2025-02-01", h, h]).fetchall() for h in HANDLES]
    yield from {
        "months": sorted(sql.monthly_entries(conn, None, "0")),
        "months py": sorted(sql.monthly_entries(conn, "py", "0")),
        "contributors": sql.monthly_contributors(conn, "0"),
        **tag_parts(sql.tag_counts_since(conn, None, "0", *WINDOWS), None),
        **tag_parts(sql.tag_counts_since(conn, "ops", "0", *WINDOWS), "ops"),
        "questions": sorted(
            conn.execute(
                "SELECT q.community, q.id, q.created, coalesce(json_extract(q.doc, '$.accepted'), '') != '',"
                f" EXISTS (SELECT 1 {answers}), (SELECT julianday(min(a.created)) - julianday(q.created)"
                f" {answers} AND a.created != '' AND q.created != '') FROM meta q"
                " WHERE q.kind = 'question' AND q.status != 'draft'"
            )
        ),
        "pairs": sorted(conn.execute(PAIRS, [""])),
        "trust": {
            c: (t, cur, t - cur - n, n)
            for c, t, cur, n in conn.execute(
                "SELECT community, count(*), sum(json_array_length(doc, '$.verified') > 0 AND"
                " (coalesce(json_extract(doc, '$.review'), '') = ''"
                "  OR json_extract(doc, '$.review') >= :today)),"
                " sum(json_array_length(doc, '$.verified') = 0) FROM meta"
                " WHERE status = 'published' AND kind != 'question' GROUP BY community",
                {"today": TODAY},
            )
        },
        "holdings": holdings(conn.execute(HOLDINGS, {"c": "%"})),
        "holdings ops": holdings(conn.execute(HOLDINGS, {"c": "ops"})),
        "stale": {t: (n, s) for t, n, s in conn.execute(STALE, {"c": "%", **DATES})},
        "stale py": {t: (n, s) for t, n, s in conn.execute(STALE, {"c": "py", **DATES})},
        "facts": sorted(
            conn.execute(
                "SELECT path, coalesce(json_extract(doc, '$.accepted'), ''),"
                " coalesce(json_extract(doc, '$.review'), ''), json_array_length(doc, '$.verified') FROM meta"
            )
        ),
    }.items()


def from_tables(conn: sqlite3.Connection) -> Iterator[tuple[str, Any]]:
    """The same figures from the report tables (what `cop insights` reads when counting everything)."""
    for moment in NOWS:
        yield f"events {moment}", events(attendance.event_counts(conn, None, moment))
        yield f"events py {moment}", events(attendance.event_counts(conn, "py", moment))
    yield "answers to", [[tuple(r) for r in sql.answers_to(conn, h, "2025-02-01")] for h in HANDLES]
    for since in ("", "2025-03-01"):
        yield f"departments {since}", sorted(sql.department_pairs(conn, None, since))
        for c in ("", "ops"):
            pairs = sql.department_pairs(conn, c or None, since)
            yield f"departments {c} {since}", sorted(((s, x, y), n) for s, x, y, n in pairs)
        yield f"projects {since}", sorted(progress.summary(conn, None, since), key=repr)
        yield f"project updates {since}", sorted(progress.update_months(conn, None, since), key=repr)
    questions = sql.questions(conn, None, "")
    yield from {
        "months": sorted(sql.monthly_entries(conn, None, "")),
        "months py": sorted(sql.monthly_entries(conn, "py", "")),
        "contributors": sql.monthly_contributors(conn, ""),
        "tags top None": sorted(sql.top_tags(conn, None, TOP), key=repr),
        "tags top ops": sorted(sql.top_tags(conn, "ops", TOP), key=repr),
        "tags windows None": sorted(sql.tag_windows(conn, None, *WINDOWS)),
        "tags windows ops": sorted(sql.tag_windows(conn, "ops", *WINDOWS)),
        "questions": sorted((s, i, c, int(a), int(e), w) for s, i, c, a, e, w in questions),
        "pairs": sorted(
            conn.execute("SELECT community, asker, answerer, count(*) FROM report_pairs GROUP BY 1, 2, 3")
        ),
        "trust": sql.trust_parts(conn, None, TODAY),
        "holdings": sorted(sql.knowledge_holdings(conn, None)),
        "holdings ops": sorted(sql.knowledge_holdings(conn, "ops")),
        "stale": sql.stale_counts(conn, None, DATES["today"], DATES["year_ago"]),
        "stale py": sql.stale_counts(conn, "py", DATES["today"], DATES["year_ago"]),
        "facts": sorted(
            conn.execute(
                "SELECT m.path, f.accepted, f.review, f.verified FROM entry_facts f"
                " JOIN meta m ON m.rowid = f.entry"
            )
        ),
    }.items()


def tables(root: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the report tables, entry row ids replaced by the paths they stand for."""
    conn = sqlite3.connect(root / ".cop" / "search.sqlite")
    paths = dict(conn.execute("SELECT rowid, path FROM meta"))
    found = {}
    for table in reports.TABLES:
        cur = conn.execute(f"SELECT * FROM {table}")
        names = [c[0] for c in cur.description]
        found[table] = sorted(
            (
                tuple(
                    paths.get(v, v) if n in ("entry", "answer", "r", "unit") else v
                    for n, v in zip(names, row, strict=True)
                )
                for row in cur
            ),
            key=repr,
        )
    conn.close()
    return found


def assert_as_the_files_say(root: Path, tmp_path: Path, step: str) -> None:
    with Repo.open(root) as repo:
        conn = repo.index_conn()
        expected, found = dict(oracle(conn)), dict(from_tables(conn))
        picked = {community: question_tables(conn, community) for community in (None, "py")}
        for community in (None, "ops"):
            leaders_agree(conn, community, step)
        people = {moment: gatherings.event_counts(conn, None, "", moment).get(None) for moment in NOWS}
    assert expected["questions"] and expected["pairs"] and expected["trust"], step
    assert any(shared for *_, shared in expected["holdings"]), step  # some units have two people
    assert expected[f"events {NOWS[1]}"][None]["distinct"] and any(expected["answers to"]), step
    assert ("only-at-1" in getattr(people[NOWS[2]], "people", ())) == (step == "built"), step
    assert expected["projects "] and expected["project updates 2025-03-01"], step
    assert expected["tags windows None"] and len(expected["tags top None"]) == 3 * TOP, step  # py, ops, all
    assert "Eng" in {x for _s, x, _y, _n in expected["departments "]}, step
    for key in expected:
        assert found[key] == expected[key], f"{step}: {key}"
    for community, tables_say in picked.items():  # the counts, medians and oldest lists SQL picks
        parts = question_parts(expected["questions"], community)
        assert parts["middles"] and len(parts["oldest"][community]) == OLDEST, step  # the limit cuts
        assert tables_say == parts, f"{step}: questions {community}"
    copy = tmp_path / f"copy-{step}"  # and a build from nothing of the same files holds the same rows
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".cop", ".git"))
    with Repo.open(copy) as rebuilt:
        rebuilt.refresh()
    assert tables(root) == tables(copy), step
    shutil.rmtree(copy)


def populate(root: Path) -> None:
    """Communities, members with departments, threads, events, projects and unanswered questions."""
    for slug in ("py", "ops"):
        write_record(root, Community(slug=slug, name=slug.title(), kind="professional"))
    for handle, department in (("ada", "Eng"), ("bob", "Eng"), ("cy", "Ops")):  # dee has no record
        write_record(root, Member(handle=handle, name=handle.title(), department=department))
    for number in range(12):
        write(root, number)
        meet(root, number)
        plan(root, number)
    for number in range(20, 27):
        ask(root, number)
    spread(root)


def test_the_report_tables_follow_edits_deletes_a_pull_and_a_reindex(repo_path: Path, tmp_path: Path) -> None:
    root = repo_path
    populate(root)
    assert_as_the_files_say(root, tmp_path, "built")

    write(root, 3, version=1)  # outside edits: authors, months, tags, accepted, drafts, reviews, verified
    write(root, 4, version=2)
    meet(root, 1, version=1)
    meet(root, 2, version=1)
    meet(root, 3, version=2)
    ask(root, 20, answered=True)  # the oldest unanswered of py and overall: the next ones move up
    ask(root, 23, answered=True)
    plan(root, 1, version=1)
    plan(root, 2, version=3)
    write_record(root, Member(handle="ada", name="Ada", department="Ops"))  # her answers' silo moves
    assert_as_the_files_say(root, tmp_path, "edited")

    remove(root, an_id(5 * 10 + 1))  # an answer deleted, then a question with its answers left behind
    remove(root, an_id(6 * 10))
    for old in root.glob(f"events/{an_id(5005)}*"):
        old.unlink()
    (root / "projects" / "plan-3.yaml").unlink()
    (root / "members" / "cy.yaml").unlink()  # no record: no department
    assert_as_the_files_say(root, tmp_path, "deleted")

    write(root, 6)  # the question back: its answers count again
    write_record(root, Member(handle="dee", name="Dee", department="Sales"))  # a record at last
    assert_as_the_files_say(root, tmp_path, "restored")

    for number in range(0, 16):  # a pull: most threads rewritten, new ones, some gone, all at once
        if number % 4 == 3:
            for record in thread(number):
                remove(root, record.id)
        else:
            write(root, number, version=3 + number % 2)
        meet(root, number, version=1 + number % 3)
        plan(root, number, version=2 + number % 2)
    assert_as_the_files_say(root, tmp_path, "pulled")

    with Repo.open(root) as repo:
        before = tables(root)
        repo.refresh(full=True)
    assert tables(root) == before
    assert_as_the_files_say(root, tmp_path, "reindexed")


def test_insights_read_the_report_tables(repo_path: Path) -> None:
    """The figures come from the tables (so the comparisons above test them): a count changed in a
    table shows in the report, and the next change of a file keeps the tables' difference."""
    write_record(repo_path, Community(slug="py", name="Py", kind="professional"))
    for number in range(3):
        write(repo_path, number)
    with Repo.open(repo_path) as repo:
        conn = repo.index_conn()
        top = {t: n for _s, t, n in sql.top_tags(conn, "py", 10)}
        with conn:
            conn.execute("UPDATE report_tags SET n = n + 100 WHERE community = 'py' AND tag = 'python'")
        again = {t: n for _s, t, n in sql.top_tags(conn, "py", 10)}
        assert again["python"] == top["python"] + 100


@pytest.mark.parametrize("scratch", ["usable", "blocked"])
def test_a_build_derives_the_report_tables_beside_the_evidence(
    repo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: str
) -> None:
    """A build that defers its indexes (thousands of files; here chunks of 5) derives the report tables
    in a second connection beside the evidence when it has a second CPU (`beside.py`): the same rows
    as on one CPU; and when its scratch database cannot be made, it derives them itself."""
    populate(repo_path)
    monkeypatch.setattr(index, "BUILD_CHUNK", 5)
    copied: list[bool] = []
    real_copy = beside.Reports.copy_into

    def copy_into(self: beside.Reports, conn: sqlite3.Connection) -> bool:
        copied.append(real_copy(self, conn))
        return copied[-1]

    monkeypatch.setattr(beside.Reports, "copy_into", copy_into)
    built = {}
    for cpus in (1, 2):
        monkeypatch.setattr(parsing, "workers", lambda cpus=cpus: cpus)
        copy = tmp_path / f"cpus-{cpus}"
        shutil.copytree(repo_path, copy, ignore=shutil.ignore_patterns(".cop", ".git"))
        if scratch == "blocked":  # where the scratch database goes, something it cannot replace
            (copy / ".cop" / beside.SCRATCH).mkdir(parents=True)
        with Repo.open(copy) as repo:
            report = repo.refresh()
            assert len(report.changed) > 5 * 10  # many chunks
        built[cpus] = tables(copy)
        assert not (copy / ".cop" / f"{beside.SCRATCH}-journal").exists()
        assert (copy / ".cop" / beside.SCRATCH).exists() == (scratch == "blocked")
    assert copied == ([True] if scratch == "usable" else [])
    assert built[1] == built[2]
    assert all(built[2][table] for table in ("entry_facts", "report_questions", "report_pairs", "risk_holds"))
    monkeypatch.setattr(index, "BUILD_CHUNK", 10**9)
    with Repo.open(repo_path) as repo:
        repo.refresh()  # one transaction, in step file by file: what the tables must hold
    assert tables(repo_path) == built[2]
