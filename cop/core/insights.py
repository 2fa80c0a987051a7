"""`cop insights`: whether a community is alive, as SQL aggregates over the index (no record file is
opened); the month buckets, median, shares and rising tags are `cop.domain.insights`' rules.

Each measure is one query that answers every community at once (`cop.store.index.insights` groups by
community), and the overall figures are the communities added up, except where a sum would count a
person or a project twice (contributors, attendees, projects: their own rows). So the whole report
costs about what one community's used to, whatever the number of communities."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from cop.core.session import Session
from cop.domain import dates
from cop.domain import insights as rules
from cop.domain.models import Community
from cop.store.index import attendance as event_tables
from cop.store.index import gatherings, progress
from cop.store.index import insights as sql

#: how many unanswered questions and top tags an insights report lists
LIST_LIMIT = 10
#: the overall scope's key in the grouped results
ALL = ""


def _by_scope(rows: Iterable[tuple[str | None, str, int]]) -> dict[str, dict[str, int]]:
    """(scope, key, n) rows -> scope -> key -> n (scope None: the overall scope)."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for scope, key, n in rows:
        out[ALL if scope is None else scope][key] = n
    return out


def _summed(per: dict[str, dict[str, int]]) -> dict[str, int]:
    """The overall counts of additive per-community counts."""
    total: dict[str, int] = defaultdict(int)
    for counts in per.values():
        for key, n in counts.items():
            total[key] += n
    return dict(total)


def _gatherings(counts: gatherings.EventCounts | None) -> rules.Gatherings:
    if counts is None:
        return rules.Gatherings()
    c = counts
    return rules.Gatherings(c.held, c.cancelled, c.upcoming, c.places, c.distinct, c.outcomes)


def _tags(
    conn: sqlite3.Connection, community: str | None, start: str, recent_from: str, before_from: str
) -> tuple[dict[str, list[tuple[str, int]]], dict[str, dict[str, tuple[int, int]]]]:
    """scope -> its top tags (tag, entries), and scope -> tag -> (entries in the recent window, in the
    window before it): counting everything, the ranking is SQL's over the kept tag counts; from `start`,
    each community's counts come from its entries and the ranking is here."""
    windows: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    everyone = windows[ALL] if community is None else {}
    if not start:
        tops: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for scope, tag, n in sql.top_tags(conn, community, LIST_LIMIT):
            tops[ALL if scope is None else scope].append((tag, n))
        rows = sql.tag_windows(conn, community, recent_from, before_from)
        for scope, tag, recent, before in rows:
            windows[scope][tag] = (recent, before)
            was = everyone.get(tag, (0, 0))
            everyone[tag] = (was[0] + recent, was[1] + before)
        return tops, windows
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    recent_from, before_from = max(start, recent_from), max(start, before_from)
    rows_since = sql.tag_counts_since(conn, community, start, recent_from, before_from)
    for scope, tag, n, recent, before in rows_since:
        counts[scope][tag] = n
        windows[scope][tag] = (recent, before)
        if community is None:
            counts[ALL][tag] = counts[ALL].get(tag, 0) + n
            was = everyone.get(tag, (0, 0))
            everyone[tag] = (was[0] + recent, was[1] + before)
    ranked = {s: sorted(c.items(), key=lambda t: (-t[1], t[0]))[:LIST_LIMIT] for s, c in counts.items()}
    return ranked, windows


class InsightOps(Session):
    """Insights per community and overall."""

    def insights(
        self, community: str | None = None, *, since: str | None = None, now: str | None = None
    ) -> rules.Insights:
        """One community's insights (all communities together when `community` is None), counting what
        was created from `since` (a date or timestamp; default: everything)."""
        if community:
            self._require_community(community)
            return self._gather(community, since, now)[community]
        return self._gather(None, since, now)[ALL]

    def insights_by_community(
        self, *, since: str | None = None, now: str | None = None
    ) -> list[rules.Insights]:
        """Overall first, then every community A-Z by slug."""
        slugs = sorted(c.slug for c in self.repo.all(Community))
        found = self._gather(None, since, now, slugs)
        return [found[ALL]] + [found[s] for s in slugs]

    def _gather(
        self, community: str | None, since: str | None, now: str | None, slugs: Iterable[str] = ()
    ) -> dict[str, rules.Insights]:
        """Every scope's insights from one query per measure: `community` alone, or each community in
        the index (and `slugs`, so a quiet one is listed too) plus the overall scope `ALL`."""
        moment = now or dates.now()
        start = dates.to_timestamp(since, "since") if since else ""
        today = moment[:10]
        conn = self.repo.index_conn()
        recent_from = rules.days_before(moment, rules.RISING_DAYS)
        before_from = rules.days_before(moment, 2 * rules.RISING_DAYS)

        months = sql.monthly_entries(conn, community, start)
        entries = _by_scope((s, m, e) for s, m, e, _a, _c in months)
        answers = _by_scope((s, m, a) for s, m, _e, a, _c in months)
        contributors = _by_scope((s, m, c) for s, m, _e, _a, c in months)
        active, session_rows = sql.mentoring(conn, community, start)
        sessions = _by_scope(session_rows)
        asked = sql.question_counts(conn, community, start)  # asked, accepted, answered, unanswered
        middles = sql.question_middles(conn, community, start, asked)
        oldest = sql.oldest_unanswered(conn, community, start, LIST_LIMIT, asked)
        tops, windows = _tags(conn, community, start, recent_from, before_from)
        crossed: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
        for scope, asker, answerer, n in sql.department_pairs(conn, community, start):
            crossed[scope][asker, answerer] += n
        trust = sql.trust_parts(conn, community, today)
        if start:
            event_parts = gatherings.event_counts(conn, community, start, moment)
        else:  # everything: from the events' report tables
            event_parts = event_tables.event_counts(conn, community, moment)
        months_held = [(s, m, n, p) for s, c in event_parts.items() for m, (n, p) in c.months.items()]
        events = _by_scope((s, m, n) for s, m, n, _p in months_held)
        attendance = _by_scope((s, m, p) for s, m, _n, p in months_held)
        statuses = _by_scope(progress.summary(conn, community, start))
        updates = _by_scope(progress.update_months(conn, community, start))

        scopes = {community} if community else {*slugs, *entries, *asked, *trust}
        if community is None:  # the overall scope: sums, and its own rows where a sum double-counts
            for per in (entries, answers, sessions):
                per[ALL] = _summed(per)
            contributors[ALL] = sql.monthly_contributors(conn, start)
            n, accepted, answered, unanswered = (sum(q[i] for q in asked.values()) for i in range(4))
            asked[ALL] = (n, accepted, answered, unanswered)
            middles[ALL] = middles.pop(None, [])
            oldest[ALL] = oldest.pop(None, [])
            for scope_pairs in list(crossed.values()):
                for pair, n in scope_pairs.items():
                    crossed[ALL][pair] += n
            total, current, overdue, never = (sum(t[i] for t in trust.values()) for i in range(4))
            trust[ALL] = (total, current, overdue, never)
            active[ALL] = sum(active.values())
            scopes.add(ALL)

        titles = sql.unanswered_titles(conn, sorted({i for qs in oldest.values() for _, i in qs}))
        found = {}
        for scope in scopes:
            scope_windows = windows.get(scope, {})
            recent = {t: r for t, (r, _b) in scope_windows.items() if r}
            rising = rules.rising_tags(recent, {t: b for t, (_r, b) in scope_windows.items()})
            n_asked, n_accepted, n_answered, n_open = asked.get(scope, (0, 0, 0, 0))
            listed = [(i, c, titles.get(i, "")) for c, i in oldest.get(scope, [])]
            by_status = statuses.get(scope, {})
            found[scope] = rules.Insights(
                community=scope,
                since=start,
                today=today,
                monthly=rules.monthly(
                    entries.get(scope, {}),
                    answers.get(scope, {}),
                    contributors.get(scope, {}),
                    sessions.get(scope, {}),
                    rules.month_of(moment),
                    rules.month_of(start),
                    events=events.get(scope, {}),
                    attendance=attendance.get(scope, {}),
                    updates=updates.get(scope, {}),
                ),
                questions=rules.Questions(n_asked, n_answered, n_accepted, tuple(middles.get(scope, ()))),
                unanswered=tuple(listed),
                unanswered_total=n_open,
                top_tags=tuple(tops.get(scope, ())),
                rising=tuple(rising),
                silo=rules.silo((x, y, n) for (x, y), n in crossed.get(scope, {}).items()),
                mentorships_active=active.get(scope, 0),
                trust=trust.get(scope, (0, 0, 0, 0)),
                gatherings=_gatherings(event_parts.get(None if scope == ALL else scope)),
                projects=rules.ProjectCounts(
                    tuple((s, by_status[s]) for s in gatherings.PROJECT_ORDER if by_status.get(s)),
                    sum(updates.get(scope, {}).values()),
                ),
            )
        return found
