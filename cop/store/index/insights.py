"""SQL aggregates over `.cop/search.sqlite` for `cop insights`, `cop digest` and `cop risk`.

Every measure is one query over the index, most of them over the report tables kept as it is written
(`reports.py`, `knowledge.py`, `attendance.py`, `progress.py`: counts per community and month or tag,
each entry's front matter fields that are not columns, each question's answers, each tag's holders,
each project's updates), so no record
file is opened, no front matter JSON of every entry is parsed and no Python loop walks every entry.
Drafts are never counted. The rules that judge these
numbers (median, shares, rising tags, truck factor) are `cop.domain.insights` and `cop.domain.risk`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

#: entries that count: not drafts
_LIVE = "m.status != 'draft'"


def _scope(
    community: str | None, since: str, alias: str = "m", column: str = "created"
) -> tuple[str, list[str]]:
    clause = [f"{alias}.status != 'draft'"]
    args: list[str] = []
    if community:
        clause.append(f"{alias}.community = ?")
        args.append(community)
    if since:
        clause.append(f"{alias}.{column} >= ?")
        args.append(since)
    return " AND ".join(clause), args


# -- insights ------------------------------------------------------------------------------------
# Each query answers every community at once (GROUP BY community, or with `community` given, that one
# only), so `cop insights` and the TUI's Insights screen pay one scan per measure, not one per
# community; the core adds the communities up for the overall figures where a sum is the answer.


def monthly_entries(
    conn: sqlite3.Connection, community: str | None, since: str
) -> list[tuple[str, str, int, int, int]]:
    """(community, month, entries that are not answers, answers, distinct authors) per month created
    (from `report_months` when everything is counted)."""
    if not since:
        where, args = ("WHERE community = ?", [community]) if community else ("", [])
        sql = (
            "SELECT community, month, sum(entries), sum(answers), count(nullif(author, ''))"
            f" FROM report_months {where} GROUP BY community, month"
        )
        return [(s, m, int(e), int(a), int(c)) for s, m, e, a, c in conn.execute(sql, args)]
    where, args = _scope(community, since)
    sql = (
        "SELECT m.community, substr(m.created, 1, 7) AS month, sum(m.kind != 'answer'),"
        " sum(m.kind = 'answer'), count(DISTINCT nullif(m.author, '')) FROM meta m"
        f" WHERE {where} AND m.created != '' GROUP BY m.community, month"
    )
    return [(s, m, int(e), int(a), int(c)) for s, m, e, a, c in conn.execute(sql, args)]


def monthly_contributors(conn: sqlite3.Connection, since: str) -> dict[str, int]:
    """month -> distinct authors across every community (a person in two communities counts once)."""
    if not since:
        sql = "SELECT month, count(DISTINCT nullif(author, '')) FROM report_months GROUP BY month"
        return {str(m): int(c) for m, c in conn.execute(sql)}
    where, args = _scope(None, since)
    sql = (
        "SELECT substr(m.created, 1, 7) AS month, count(DISTINCT nullif(m.author, '')) FROM meta m"
        f" WHERE {where} AND m.created != '' GROUP BY month"
    )
    return {str(m): int(c) for m, c in conn.execute(sql, args)}


def questions(
    conn: sqlite3.Connection, community: str | None, since: str
) -> list[tuple[str, str, str, bool, bool, float | None]]:
    """(community, id, created, accepted, answered, days to its first answer) of every question in
    `report_questions` (what `question_counts`, `question_middles` and `oldest_unanswered` add up)."""
    where, args = _scope(community, since, "q")
    sql = (
        "SELECT q.community, q.id, q.created, q.accepted, q.answered, q.wait"
        f" FROM report_questions q WHERE {where}"
    )
    return [(str(s), str(i), str(c), bool(a), bool(e), w) for s, i, c, a, e, w in conn.execute(sql, args)]


def question_counts(
    conn: sqlite3.Connection, community: str | None, since: str
) -> dict[str, tuple[int, int, int, int]]:
    """community -> (questions asked, with an accepted answer, with a known wait for their first answer,
    without a live answer), one GROUP BY over `report_questions` (the overall figures are their sums)."""
    where, args = _scope(community, since, "q")
    sql = (
        "SELECT q.community, count(*), count(nullif(q.accepted, 0)), count(q.wait),"
        f" count(nullif(q.answered, 1)) FROM report_questions q WHERE {where} GROUP BY q.community"
    )
    return {str(s): (int(n), int(a), int(w), int(u)) for s, n, a, w, u in conn.execute(sql, args)}


def question_middles(
    conn: sqlite3.Connection, community: str | None, since: str, counts: dict[str, tuple[int, int, int, int]]
) -> dict[str | None, list[float]]:
    """community (None: every community together, when `community` is None) -> the middle one or two
    hours to a first answer (the wait in days times 24), in order: all the median needs. `counts` is
    `question_counts`' answer, so each scope's middle is a LIMIT and OFFSET along the index of its
    waits (`report_questions_waits`, `report_questions_all_waits`) instead of every wait in Python."""
    where, args = _scope(community, since, "q")
    waits = {scope: parts[2] for scope, parts in counts.items() if parts[2]}
    one = f"SELECT q.wait * 24 FROM report_questions q WHERE {where} AND q.wait IS NOT NULL"
    out: dict[str | None, list[float]] = {}
    for scope, n in waits.items():
        sql = one + ("" if community else " AND q.community = ?") + " ORDER BY q.wait LIMIT ? OFFSET ?"
        rows = conn.execute(sql, [*args, *([] if community else [scope]), 2 - n % 2, (n - 1) // 2])
        out[scope] = [float(h) for (h,) in rows]
    if community is None and waits:
        n = sum(waits.values())
        rows = conn.execute(one + " ORDER BY q.wait LIMIT ? OFFSET ?", [*args, 2 - n % 2, (n - 1) // 2])
        out[None] = [float(h) for (h,) in rows]
    return out


def oldest_unanswered(
    conn: sqlite3.Connection,
    community: str | None,
    since: str,
    limit: int,
    counts: dict[str, tuple[int, int, int, int]],
) -> dict[str | None, list[tuple[str, str]]]:
    """community (None: every community together, when `community` is None) -> (created, id) of its
    `limit` oldest questions without a live answer (by created, then id), along the index of the
    unanswered (`report_questions_open`, `report_questions_all_open`); `counts` (`question_counts`)
    says which scopes have any."""
    where, args = _scope(community, since, "q")
    one = f"SELECT q.created, q.id FROM report_questions q WHERE {where} AND q.answered = 0"
    order = " ORDER BY q.created, q.id LIMIT ?"
    out: dict[str | None, list[tuple[str, str]]] = {}
    for scope in (scope for scope, parts in counts.items() if parts[3]):
        sql = one + ("" if community else " AND q.community = ?") + order
        rows = conn.execute(sql, [*args, *([] if community else [scope]), limit])
        out[scope] = [(str(c), str(i)) for c, i in rows]
    if community is None and any(parts[3] for parts in counts.values()):
        out[None] = [(str(c), str(i)) for c, i in conn.execute(one + order, [*args, limit])]
    return out


def unanswered_titles(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """id -> title of the questions named (the few unanswered ones a report lists)."""
    marks = ", ".join("?" * len(ids)) or "NULL"
    return dict(conn.execute(f"SELECT id, title FROM meta WHERE kind = 'question' AND id IN ({marks})", ids))


def tag_counts_since(
    conn: sqlite3.Connection, community: str | None, since: str, recent_from: str, before_from: str
) -> list[tuple[str, str, int, int, int]]:
    """(community, tag, entries created from `since`, of them created from `recent_from`, and from
    `before_from` up to `recent_from`): the top tags and the two windows rising tags compare, from the
    entries (`top_tags` and `tag_windows` answer the same when everything is counted)."""
    where, args = _scope(community, since)
    sql = (
        "SELECT m.community, t.tag, count(*), sum(m.created >= ?), sum(m.created >= ? AND m.created < ?)"
        f" FROM meta m JOIN tags t ON t.entry = m.rowid WHERE {where} GROUP BY m.community, t.tag"
    )
    rows = conn.execute(sql, [recent_from, before_from, recent_from, *args])
    return [(str(s), str(t), int(n), int(r or 0), int(b or 0)) for s, t, n, r, b in rows]


def top_tags(
    conn: sqlite3.Connection, community: str | None, limit: int
) -> list[tuple[str | None, str, int]]:
    """(community, tag, entries) of each community's `limit` most used tags (by entries, then tag A-Z),
    and with no `community` also of every community's together (community None), from `report_tags`:
    the ranking in SQL, so ~20 rows a community come back instead of every (community, tag) pair
    (6k rows at 100k entries, sorted in Python: ~10 ms)."""
    one, args = ("WHERE community = :c", {"c": community, "n": limit}) if community else ("", {"n": limit})
    sql = (
        "SELECT community, tag, n FROM (SELECT community, tag, n, row_number() OVER"
        f" (PARTITION BY community ORDER BY n DESC, tag) AS place FROM report_tags {one}) WHERE place <= :n"
    )
    if not community:
        sql += " UNION ALL SELECT * FROM (SELECT NULL, tag, sum(n) AS n FROM report_tags GROUP BY tag"
        sql += " ORDER BY n DESC, tag LIMIT :n)"
    return [(s, str(t), int(n)) for s, t, n in conn.execute(sql, args)]


def tag_windows(
    conn: sqlite3.Connection, community: str | None, recent_from: str, before_from: str
) -> list[tuple[str, str, int, int]]:
    """(community, tag, entries created from `recent_from`, and from `before_from` up to `recent_from`)
    of the tags of entries created from `before_from`: the two windows rising tags compare. Only those
    entries are read: a range of `meta_scope` (community, created) per community that has tags
    (without one, SQLite walks the whole index: 11 ms at 100k for windows with nothing in them)."""
    where, args = _scope(community, before_from)
    scopes = "" if community else "(SELECT DISTINCT community FROM report_tags) s CROSS JOIN "
    on = "" if community else " ON m.community = s.community"
    sql = (
        "SELECT m.community, t.tag, sum(m.created >= ?), count(*) - sum(m.created >= ?)"
        f" FROM {scopes}meta m{on} JOIN tags t ON t.entry = m.rowid WHERE {where} GROUP BY m.community, t.tag"
    )
    return [(str(s), str(t), int(r), int(b)) for s, t, r, b in conn.execute(sql, [recent_from] * 2 + args)]


def department_pairs(
    conn: sqlite3.Connection, community: str | None, since: str
) -> list[tuple[str, str, str, int]]:
    """(community, asker's department, answerer's department, answers) over answers to questions (the
    silo measure), each person's department from their member record ('' when none or no record): kept
    in `report_pairs` beside the people (`reports.py`), so this walks `report_pairs_silo` in order and
    a few hundred rows come back (joining 23k pairs to the member records took 26 ms at 100k)."""
    where, args = _pairs_scope(community, since)
    sql = (
        "SELECT p.community, p.asker_dep, p.answerer_dep, count(*)"
        f" FROM report_pairs p {where} GROUP BY 1, 2, 3"
    )
    return [(str(s), str(x), str(y), int(n)) for s, x, y, n in conn.execute(sql, args)]


def _pairs_scope(community: str | None, since: str) -> tuple[str, list[str]]:
    clause, args = ["true"], []
    if community:
        clause.append("p.community = ?")
        args.append(community)
    if since:
        clause.append("p.created >= ?")
        args.append(since)
    return "WHERE " + " AND ".join(clause), args


def mentoring(
    conn: sqlite3.Connection, community: str | None, since: str
) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """(community -> active mentorships, (community, month, sessions logged) rows)."""
    clause, args = ["r.type = 'mentorship'"], []
    if community:
        clause.append("r.community = ?")
        args.append(community)
    where = " AND ".join(clause)
    active = conn.execute(
        f"SELECT r.community, count(*) FROM records r WHERE {where} AND r.status = 'active' GROUP BY 1", args
    )
    counts = {str(s): int(n) for s, n in active}
    session_where, session_args = where, list(args)
    if since:
        session_where += " AND json_extract(s.value, '$.date') >= ?"
        session_args.append(since[:10])
    rows = conn.execute(
        "SELECT r.community, substr(json_extract(s.value, '$.date'), 1, 7) AS month, count(*) FROM records r,"
        f" json_each(r.doc, '$.sessions') s WHERE {session_where} GROUP BY 1, 2",
        session_args,
    )
    return counts, [(str(s), str(m), int(n)) for s, m, n in rows if m]


def trust_parts(
    conn: sqlite3.Connection, community: str | None, today: str
) -> dict[str, tuple[int, int, int, int]]:
    """community -> (published entries to trust, current, past review, never verified):
    `cop.domain.trust`'s rule (published, questions aside; current = verified and review not before
    today) as one query over `report_trust` (entries counted by community, review date and verified)."""
    where, args = ("WHERE community = ?", [today, community]) if community else ("", [today])
    rows = conn.execute(
        "SELECT community, sum(n),"
        " sum(CASE WHEN verified AND (review = '' OR review >= ?) THEN n ELSE 0 END),"
        f" sum(CASE WHEN verified THEN 0 ELSE n END) FROM report_trust {where} GROUP BY community",
        args,
    )
    return {str(s): (int(t), int(c), int(t) - int(c) - int(n), int(n)) for s, t, c, n in rows}


# -- digest --------------------------------------------------------------------------------------
Row = tuple[str, str, str, str, str, str]  # id, kind, title, community, author, created


def _rows(conn: sqlite3.Connection, sql: str, args: Iterable[object]) -> list[Row]:
    return [tuple(str(v or "") for v in row) for row in conn.execute(sql, list(args))]  # type: ignore[misc]


_COLS = "m.id, m.kind, m.title, m.community, m.author, m.created"


def _in(values: Iterable[str]) -> tuple[str, list[str]]:
    items = sorted(set(values))
    return ", ".join("?" * len(items)) or "NULL", items


def new_entries(
    conn: sqlite3.Connection, me: str, since: str, communities: Iterable[str], interests: Iterable[str]
) -> list[Row]:
    """Entries (answers included) created after `since` by others, in `communities` or tagged with one of
    `interests`, newest first."""
    cs, cargs = _in(communities)
    ts, targs = _in(interests)
    sql = (
        f"SELECT {_COLS} FROM meta m WHERE {_LIVE} AND m.created > ? AND m.author != ?"
        " AND m.kind != 'question' AND (m.community IN ("
        f"{cs}) OR EXISTS (SELECT 1 FROM tags t WHERE t.entry = m.rowid AND t.tag IN ({ts})))"
        " ORDER BY m.created DESC, m.id"
    )
    return _rows(conn, sql, [since, me, *cargs, *targs])


def answers_to(conn: sqlite3.Connection, me: str, since: str) -> list[Row]:
    """Answers by others, created after `since`, to questions `me` asked: the range of `me` as asker in
    `report_pairs` from `since` (each live answer with its question's author), then only those answers'
    rows (through `me`'s questions and their answers it took 0.05-0.07 s at 100k)."""
    sql = (
        f"SELECT {_COLS} FROM report_pairs p CROSS JOIN meta m ON m.rowid = p.answer"
        " WHERE p.asker = ? AND p.created > ? AND p.answerer != ? ORDER BY m.created DESC, m.id"
    )
    return _rows(conn, sql, [me, since, me])


def accepted_since(conn: sqlite3.Connection, me: str, since: str, communities: Iterable[str]) -> list[Row]:
    """Questions changed after `since` that have an accepted answer, when the question or the answer is
    `me`'s or the question is in `communities` (the question's `updated` moves when an answer is accepted)."""
    cs, cargs = _in(communities)
    sql = (
        "SELECT a.id, a.kind, m.title, m.community, a.author, m.updated FROM meta m"
        " JOIN entry_facts f ON f.entry = m.rowid JOIN meta a ON a.id = f.accepted"
        f" WHERE m.kind = 'question' AND {_LIVE} AND m.updated > ?"
        f" AND (m.author = ? OR a.author = ? OR m.community IN ({cs})) ORDER BY m.updated DESC, m.id"
    )
    return _rows(conn, sql, [since, me, me, *cargs])


def could_answer(conn: sqlite3.Connection, me: str, since: str, expertise: Iterable[str]) -> list[Row]:
    """Questions by others created after `since`, with no accepted answer, tagged with one of `expertise`."""
    ts, targs = _in(expertise)
    sql = (
        f"SELECT {_COLS} FROM meta m WHERE m.kind = 'question' AND {_LIVE}"
        " AND m.created > ? AND m.author != ?"
        " AND (SELECT f.accepted FROM entry_facts f WHERE f.entry = m.rowid) = ''"
        f" AND EXISTS (SELECT 1 FROM tags t WHERE t.entry = m.rowid AND t.tag IN ({ts}))"
        " ORDER BY m.created DESC, m.id"
    )
    return _rows(conn, sql, [since, me, *targs])


def fell_due(
    conn: sqlite3.Connection, me: str, since: str, today: str, coordinated: Iterable[str]
) -> list[Row]:
    """Published entries whose review date fell after `since` and by `today`, that `me` is named to verify
    (in `verifiers`, or by default as the author or a coordinator of the community)."""
    cs, cargs = _in(coordinated)
    named = "EXISTS (SELECT 1 FROM json_each(m.doc, '$.verifiers') v WHERE v.value = ?)"
    sql = (  # the review dates in range off `entry_facts_review`, then only those entries' documents
        "SELECT m.id, m.kind, m.title, m.community, m.author, f.review FROM entry_facts f"
        " CROSS JOIN meta m ON m.rowid = f.entry"
        " WHERE f.review != '' AND f.review > ? AND f.review <= ? AND m.status = 'published'"
        f" AND ({named} OR (json_array_length(m.doc, '$.verifiers') = 0"
        f" AND (m.author = ? OR m.community IN ({cs}))))"
        " ORDER BY f.review, m.id"
    )
    return _rows(conn, sql, [since[:10], today, me, me, *cargs])


def new_sessions(conn: sqlite3.Connection, me: str, since: str) -> list[tuple[str, str, str, str, str]]:
    """(mentorship id, mentor, mentee, session date, notes) of sessions dated after `since` in `me`'s
    mentorships, newest first."""
    sql = (
        "SELECT json_extract(r.doc, '$.id'), json_extract(r.doc, '$.mentor'),"
        " json_extract(r.doc, '$.mentee'),"
        " json_extract(s.value, '$.date'), coalesce(json_extract(s.value, '$.notes'), '')"
        " FROM records r, json_each(r.doc, '$.sessions') s WHERE r.type = 'mentorship'"
        " AND (json_extract(r.doc, '$.mentor') = ? OR json_extract(r.doc, '$.mentee') = ?)"
        " AND json_extract(s.value, '$.date') > ? ORDER BY 4 DESC, 1"
    )
    return [tuple(str(v or "") for v in row) for row in conn.execute(sql, [me, me, since[:10]])]  # type: ignore[misc]


# -- risk ----------------------------------------------------------------------------------------
def knowledge_holdings(
    conn: sqlite3.Connection, community: str | None
) -> list[tuple[str, str, int, bool, list[str]]]:
    """(tag, person, units they alone hold, whether they verified any, keys (index rowids) of the units
    they share with others) for every knowledge unit's people (`docs/insights.md`): a published entry
    that is not a question or an answer (its author, and the people in its `verified`, as verifiers), and
    a question's accepted answer (the answer's author and its verifiers), under the question's tags.
    Kept per tag and person as the index is written (`knowledge.py`: `risk_people`, and the few shared
    units in `risk_holds`), so this reads ~30k sums at 100k entries instead of building ~160k units. An
    answer accepted by two questions counts under each question's tags as two units."""
    scope = community or ""
    shared: dict[tuple[str, str], list[str]] = {}
    sql = "SELECT tag, person, unit FROM risk_holds WHERE unit IS NOT NULL"
    rows = conn.execute(sql + " AND community = ?", [community]) if community else conn.execute(sql)
    for tag, person, unit in rows:
        shared.setdefault((str(tag), str(person)), []).append(str(unit))
    sql = "SELECT tag, person, alone, verifier > 0 FROM risk_people WHERE community = ?"
    sums = conn.execute(sql, [scope]).fetchall()  # ~30k at 100k: TEXT and INTEGER need no conversion
    if not shared:
        return [(t, p, n, v == 1, []) for t, p, n, v in sums]
    return [(t, p, n, v == 1, sorted(shared.get((t, p), ()))) for t, p, n, v in sums]


Ranked = list[tuple[str, int, list[str]]]  # (person, units they alone hold, keys of those they share)


def knowledge_leaders(
    conn: sqlite3.Connection, community: str | None, most: int
) -> list[tuple[str, int, Ranked, dict[str, int], list[str]]]:
    """(tag, its units, its first `most` people in the truck factor's order, how many people share each
    of its shared units, who verified any) per tag, from the holdings of `knowledge_holdings`: each tag's
    first `most` by units held alone off `risk_people`'s key, with the few people who share units (who
    rank by all their units, so maybe higher than that alone says; whoever is before a person by units
    held alone is before them by all units too, so no one else can be missing), so ~1,000 of the ~30k
    holdings at 100k come back. A greedy removal that reaches past `most` people says only that the
    factor is above `most` - 1."""
    scope = community or ""
    args = {"scope": scope, "c": community}
    holds = "h.unit IS NOT NULL AND EXISTS (SELECT 1 FROM risk_people x WHERE x.community = :scope"
    holds += " AND x.tag = h.tag AND x.person = h.person)" + (" AND h.community = :c" if community else "")
    shared: dict[str, dict[str, list[str]]] = {}
    holders: dict[str, dict[str, int]] = {}
    for tag, person, unit in conn.execute(
        f"SELECT h.tag, h.person, h.unit FROM risk_holds h WHERE {holds}", args
    ):
        shared.setdefault(tag, {}).setdefault(person, []).append(str(unit))
        counts = holders.setdefault(tag, {})
        counts[str(unit)] = counts.get(str(unit), 0) + 1
    sql = "SELECT alone FROM risk_people WHERE community = ? AND tag = ? AND person = ?"
    alone_of = {(t, p): conn.execute(sql, [scope, t, p]).fetchone()[0] for t in shared for p in shared[t]}
    top = "SELECT person, alone FROM risk_people WHERE community = ? AND tag = ?"
    top += " ORDER BY alone DESC, person LIMIT ?"
    out = []
    sql = (  # each tag's units held alone and its verifiers, in one pass over the tag's people
        "SELECT tag, sum(alone), json_group_array(person) FILTER (WHERE verifier > 0)"
        " FROM risk_people WHERE community = ? GROUP BY tag"
    )
    for tag, alone, verifiers in conn.execute(sql, [scope]).fetchall():
        sharing = shared.get(tag, {})
        people = dict(conn.execute(top, [scope, tag, most]).fetchall())
        people.update((p, alone_of[tag, p]) for p in sharing)
        order = sorted(people, key=lambda p: (-people[p] - len(sharing.get(p, ())), p))[:most]
        ranked = [(p, people[p], sorted(sharing.get(p, ()))) for p in order]
        units = holders.get(tag, {})
        named = json.loads(verifiers) if verifiers != "[]" else []
        out.append((tag, int(alone) + len(units), ranked, units, named))
    return out


def stale_counts(
    conn: sqlite3.Connection, community: str | None, today: str, year_ago: str
) -> dict[str, tuple[int, int]]:
    """tag -> (published knowledge entries, of them stale: past their review date, or not updated since
    `year_ago`), from `risk_entries` (an entry's review date and `updated` per tag, kept as the index is
    written), read in the order of its index."""
    where, args = (
        ("WHERE community = ?", [today, year_ago, community]) if community else ("", [today, year_ago])
    )
    sql = (
        "SELECT tag, count(*), sum((review != '' AND review < ?) OR updated < ?)"
        f" FROM risk_entries {where} GROUP BY tag"
    )
    return {str(t): (int(n), int(s or 0)) for t, n, s in conn.execute(sql, args)}


def member_facts(conn: sqlite3.Connection) -> dict[str, tuple[int, list[str], list[str]]]:
    """handle -> (communities joined, expertise, interests) of every member record."""
    out: dict[str, tuple[int, list[str], list[str]]] = {}
    sql = (
        "SELECT key, json_array_length(doc, '$.memberships'), json_extract(doc, '$.expertise'),"
        " json_extract(doc, '$.interests') FROM records WHERE type = 'member'"
    )
    for key, joined, expertise, interests in conn.execute(sql):
        out[str(key)] = (int(joined or 0), json.loads(expertise or "[]"), json.loads(interests or "[]"))
    return out
