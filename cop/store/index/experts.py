"""SQL for `cop experts`, `cop member show`'s topics and `cop mentor match`: the evidence of who knows
a topic, counted and decayed in one query over `.cop/search.sqlite` (no record file is opened).

A topic is a set of entries (`scope`): those tagged with it, or those whose words match a full-text
query. Each kind of evidence is one branch of a UNION ALL giving (member, topic, factor, date, n); the
outer query groups them per member, topic and factor, summing `n` and `n` times the decay of the
evidence's age (`cop.domain.expertise.decay`, registered as the SQL function `cop_decay`), so Python
receives one row per member and factor. Drafts never count."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from cop.domain.expertise import decay

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
    _decay_function(conn)
    args: list[object] = []
    if words is not None:
        scope = "SELECT rowid AS e, ? AS topic FROM fts WHERE fts MATCH ?"
        args += [words[1], words[0]]
        topics: list[str] = [words[1]]
    elif tags is not None:
        marks, topics = _in(tags)
        scope = f"SELECT entry AS e, tag AS topic FROM tags WHERE tag IN ({marks})"
        args += topics
    else:  # every topic of one member: the tags of what they wrote, answered or verified
        if handle is None:
            raise ValueError("evidence over every topic needs a handle")
        scope = (
            "SELECT t.entry AS e, t.tag AS topic FROM meta m JOIN tags t ON t.entry = m.rowid"
            " WHERE m.author = ? UNION SELECT t.entry, t.tag FROM meta a"
            " JOIN meta q ON q.id = a.question JOIN tags t ON t.entry = q.rowid"
            " WHERE a.author = ? AND a.kind = 'answer'"
        )
        args += [handle, handle]
        topics = []
    where_m = " AND m.community = ?" if community else ""
    cargs = [community] if community else []
    who = " AND {col} = ?" if handle else ""
    by_col, mentor_col = "json_extract(v.value, '$.by')", "json_extract(r.doc, '$.mentor')"
    hargs = [handle] if handle else []
    # questions in scope with their accepted answer (each question's JSON read once), the answers in
    # scope (matching themselves, or to a question in scope), and the work: entries and answers written,
    # read once (materialized) for the entries, answers and endorsements branches
    ctes = (
        "qs(id, topic, acc) AS MATERIALIZED (SELECT q.id, s.topic,"
        " coalesce(json_extract(q.doc, '$.accepted'), '') FROM scope s JOIN meta q"
        " ON q.rowid = s.e AND q.kind = 'question'),"
        " answered(e, topic) AS MATERIALIZED (SELECT a.rowid, s.topic FROM scope s JOIN meta a"
        " ON a.rowid = s.e AND a.kind = 'answer' UNION SELECT a.rowid, qs.topic FROM qs"
        " JOIN meta a ON a.question = qs.id AND a.kind = 'answer'),"
        " work(h, topic, f, d, endorsed) AS MATERIALIZED ("
        "SELECT m.author, s.topic, 'entries', m.created, m.endorsements FROM scope s"
        " JOIN meta m ON m.rowid = s.e WHERE m.kind NOT IN ('question', 'answer')"
        f" AND m.status != 'draft'{where_m}{who.format(col='m.author')}"
        " UNION ALL SELECT m.author, s.topic, CASE WHEN coalesce(q.acc, (SELECT"
        " coalesce(json_extract(x.doc, '$.accepted'), '') FROM meta x WHERE x.id = m.question"
        " AND x.kind = 'question')) = m.id THEN 'accepted' ELSE 'answers' END, m.created, m.endorsements"
        " FROM answered s JOIN meta m ON m.rowid = s.e"
        " LEFT JOIN qs q ON q.id = m.question AND q.topic = s.topic"
        f" WHERE m.status != 'draft'{where_m}{who.format(col='m.author')})"
    )
    cte_args: list[object] = [*cargs, *hargs] * 2
    branches = [
        "SELECT h, topic, f, d, 1 FROM work",  # entries written, answers given (accepted ones apart)
        # endorsements received on those entries and answers
        "SELECT h, topic, 'endorsements', d, endorsed FROM work WHERE endorsed > 0",
        # verifications done of entries in scope (the index's doc always holds `verified`, so an empty
        # list is skipped by a string test instead of parsing every document)
        "SELECT json_extract(v.value, '$.by'), s.topic, 'verifications', json_extract(v.value, '$.date'),"
        " 1 FROM scope s JOIN meta m ON m.rowid = s.e, json_each(m.doc, '$.verified') v"
        " WHERE instr(m.doc, '\"verified\":[]') = 0"
        f" AND m.status != 'draft'{where_m}{who.format(col=by_col)}",
    ]
    branch_args: list[object] = [*cargs, *hargs]
    if topics:  # mentorships given to a mentee learning the topic, and declared expertise
        marks, _ = _in(topics)
        where_r = " AND json_extract(r.doc, '$.community') = ?" if community else ""
        branches.append(
            "SELECT json_extract(r.doc, '$.mentor'), i.value, 'mentorships',"
            " json_extract(r.doc, '$.started'), 1 FROM records r JOIN records p ON p.type = 'member'"
            " AND p.key = json_extract(r.doc, '$.mentee'), json_each(p.doc, '$.interests') i"
            f" WHERE r.type = 'mentorship' AND json_extract(r.doc, '$.status') IN {_GIVEN}"
            f" AND i.value IN ({marks}){where_r}{who.format(col=mentor_col)}"
        )
        branch_args += [*sorted(set(topics)), *cargs, *hargs]
        branches.append(
            "SELECT p.key, x.value, 'expertise', NULL, 1 FROM records p, json_each(p.doc, '$.expertise') x"
            f" WHERE p.type = 'member' AND x.value IN ({marks}){who.format(col='p.key')}"
        )
        branch_args += [*sorted(set(topics)), *hargs]
    elif handle is not None:
        branches.append(
            "SELECT json_extract(r.doc, '$.mentor'), i.value, 'mentorships',"
            " json_extract(r.doc, '$.started'), 1 FROM records r JOIN records p ON p.type = 'member'"
            " AND p.key = json_extract(r.doc, '$.mentee'), json_each(p.doc, '$.interests') i"
            f" WHERE r.type = 'mentorship' AND json_extract(r.doc, '$.status') IN {_GIVEN}"
            " AND json_extract(r.doc, '$.mentor') = ?"
        )
        branches.append(
            "SELECT p.key, x.value, 'expertise', NULL, 1 FROM records p, json_each(p.doc, '$.expertise') x"
            " WHERE p.type = 'member' AND p.key = ?"
        )
        branch_args += [handle, handle]
    sql = (
        f"WITH scope(e, topic) AS MATERIALIZED ({scope}), {ctes},"
        f" ev(h, topic, f, d, n) AS ({' UNION ALL '.join(branches)})"
        " SELECT h, topic, f, sum(n), sum(n * cop_decay(julianday(?) - julianday(d))) FROM ev"
        " WHERE h IS NOT NULL AND h != '' GROUP BY h, topic, f ORDER BY h, topic, f"
    )
    rows = conn.execute(sql, [*args, *cte_args, *branch_args, now])
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
