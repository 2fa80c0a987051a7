"""SQL for `cop experts`, `cop member show`'s topics and `cop mentor match`: the evidence of who knows
a topic, counted and decayed over `.cop/search.sqlite` (no record file is opened).

A topic is a set of entries: those tagged with it, or those whose words match a full-text query. What
entries give (written, answered, endorsed, verified) is derived as they are indexed, into the evidence
table (`evidence.py`), and read as one grouped range of its index; what member and mentorship records
give (declared expertise, mentorships) is read from them at query time, each kind one branch of a
UNION ALL giving (member, topic, factor, date, n), grouped per member, topic and factor with `n` times
the decay of the evidence's age (`cop.domain.expertise.decay`, registered as `cop_decay`). Python
receives one row per member, topic and factor. Drafts never count."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from cop.domain.expertise import decay
from cop.store.index import evidence as derived

Evidence = tuple[str, str, str, int, float]  # handle, topic, factor, count, decayed weight

#: a mentorship that counts as given, or that takes a mentor's time
_GIVEN = "('active', 'completed')"
_BUSY = "('active', 'proposed')"


def _decay_function(conn: sqlite3.Connection) -> None:
    conn.create_function("cop_decay", 1, decay, deterministic=True)


def _in(values: Iterable[str]) -> tuple[str, list[str]]:
    items = sorted(set(values))
    return ", ".join("?" * len(items)) or "NULL", items


def evidence(
    conn: sqlite3.Connection,
    now: str,
    *,
    tags: Iterable[str] | None = None,
    words: tuple[str, str] | None = None,
    handle: str | None = None,
    community: str | None = None,
) -> list[Evidence]:
    """The evidence per (member, topic, factor) for the entries tagged with one of `tags`, or matching
    `words` = (FTS5 expression, topic label), or (neither) every tag of `handle`'s evidence; only
    `handle`'s when given, only in `community` when given."""
    if words is None and tags is None and handle is None:
        raise ValueError("evidence over every topic needs a handle")
    wanted = None if tags is None else sorted(set(tags))
    rows = derived.counts(conn, now, derived.Scope(wanted, words, handle, community))
    topics = [words[1]] if words is not None else wanted
    return sorted(rows + _record_evidence(conn, now, topics, handle, community))


def _record_evidence(
    conn: sqlite3.Connection, now: str, topics: list[str] | None, handle: str | None, community: str | None
) -> list[Evidence]:
    """The evidence in member and mentorship records (thousands, not the entries' 100k: read at query
    time): mentorships given (in `community`) to a mentee learning one of `topics` and declared
    expertise in them; with `topics` None, in every topic (of `handle`)."""
    _decay_function(conn)
    mentorships = (
        "SELECT json_extract(r.doc, '$.mentor'), i.value, 'mentorships', json_extract(r.doc, '$.started'), 1"
        " FROM records r JOIN records p ON p.type = 'member' AND p.key = json_extract(r.doc, '$.mentee'),"
        " json_each(p.doc, '$.interests') i"
        f" WHERE r.type = 'mentorship' AND json_extract(r.doc, '$.status') IN {_GIVEN}"
    )
    expertise = (
        "SELECT p.key, x.value, 'expertise', NULL, 1 FROM records p, json_each(p.doc, '$.expertise') x"
        " WHERE p.type = 'member'"
    )
    margs: list[object] = []
    xargs: list[object] = []
    if topics is not None:
        marks, wanted = _in(topics)
        mentorships += f" AND i.value IN ({marks})"
        expertise += f" AND x.value IN ({marks})"
        margs += wanted
        xargs += wanted
    if community:
        mentorships += " AND json_extract(r.doc, '$.community') = ?"
        margs.append(community)
    if handle:
        mentorships += " AND json_extract(r.doc, '$.mentor') = ?"
        expertise += " AND p.key = ?"
        margs.append(handle)
        xargs.append(handle)
    sql = (
        f"WITH ev(h, topic, f, d, n) AS ({mentorships} UNION ALL {expertise})"
        " SELECT h, topic, f, sum(n), sum(n * cop_decay(julianday(?) - julianday(d))) FROM ev"
        " WHERE h IS NOT NULL AND h != '' GROUP BY h, topic, f"
    )
    rows = conn.execute(sql, [*margs, *xargs, now])
    return [(str(h), str(t), str(f), int(n), float(w or 0.0)) for h, t, f, n, w in rows]


def members(
    conn: sqlite3.Connection, handles: Iterable[str] | None = None
) -> list[tuple[str, dict[str, object]]]:
    """(handle, facts) of member records (all, or those in `handles`): name, external, department,
    team, expertise, interests, communities (joined or coordinated), mentor capacity and whether they
    seek a mentor."""
    import json

    sql = "SELECT p.key, p.doc FROM records p WHERE p.type = 'member'"
    args: list[str] = []
    if handles is not None:
        marks, args = _in(handles)
        sql += f" AND p.key IN ({marks})"
    coordinated: dict[str, set[str]] = {}
    for slug, doc in conn.execute("SELECT key, doc FROM records WHERE type = 'community'"):
        for h in json.loads(doc).get("coordinators") or []:
            coordinated.setdefault(str(h), set()).add(str(slug))
    out = []
    for key, doc in conn.execute(sql + " ORDER BY p.key", args):
        data = json.loads(doc)
        joined = {str(m.get("community")) for m in data.get("memberships") or [] if isinstance(m, dict)}
        out.append(
            (
                str(key),
                {
                    "name": str(data.get("name") or key),
                    "external": bool(data.get("external")),
                    "department": str(data.get("department") or ""),
                    "team": str(data.get("team") or ""),
                    "expertise": [str(t) for t in data.get("expertise") or []],
                    "interests": [str(t) for t in data.get("interests") or []],
                    "communities": sorted(joined | coordinated.get(str(key), set())),
                    "capacity": int(data.get("mentor_capacity", 2) or 0),
                    "seeking": bool(data.get("seeking_mentor")),
                },
            )
        )
    return out


def seekers(conn: sqlite3.Connection) -> list[str]:
    """The handles of members seeking a mentor (`seeking_mentor: true`), in order."""
    sql = (
        "SELECT key FROM records WHERE type = 'member'"
        " AND json_extract(doc, '$.seeking_mentor') = 1 ORDER BY key"
    )
    return [str(key) for (key,) in conn.execute(sql)]


def busy(conn: sqlite3.Connection) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """(mentor -> mentorships taking their time (active or proposed), the (mentor, mentee) pairs of
    those mentorships)."""
    sql = (
        "SELECT json_extract(doc, '$.mentor'), json_extract(doc, '$.mentee') FROM records"
        f" WHERE type = 'mentorship' AND json_extract(doc, '$.status') IN {_BUSY}"
    )
    load: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    for mentor, mentee in conn.execute(sql):
        load[str(mentor)] = load.get(str(mentor), 0) + 1
        pairs.add((str(mentor), str(mentee)))
    return load, pairs
