"""`cop insights`: whether a community is alive, as SQL aggregates over the index (no record file is
opened); the month buckets, median, shares and rising tags are `cop.domain.insights`' rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cop.core.session import Session
from cop.domain import dates
from cop.domain import insights as rules
from cop.domain.models import Community
from cop.store.index import insights as sql

if TYPE_CHECKING:
    import sqlite3

#: how many unanswered questions and top tags an insights report lists
LIST_LIMIT = 10


class InsightOps(Session):
    """Insights per community and overall."""

    def _insights_conn(self) -> sqlite3.Connection:
        self.repo._ensure_fresh()  # every query here reads the index, which must match the files
        return self.repo.index.search_db.conn

    def insights(
        self, community: str | None = None, *, since: str | None = None, now: str | None = None
    ) -> rules.Insights:
        """One community's insights (all communities together when `community` is None), counting what
        was created from `since` (a date or timestamp; default: everything)."""
        if community:
            self._require_community(community)
        moment = now or dates.now()
        start = dates.to_timestamp(since, "since") if since else ""
        conn = self._insights_conn()
        months = sql.monthly_entries(conn, community, start)
        active, sessions = sql.mentoring(conn, community, start)
        series = rules.monthly(
            {m: e for m, e, _a, _c in months},
            {m: a for m, _e, a, _c in months},
            {m: c for m, _e, _a, c in months},
            sessions,
            rules.month_of(moment),
            rules.month_of(start),
        )
        asked, accepted, waits = sql.question_waits(conn, community, start)
        questions = rules.Questions(asked, len(waits), accepted, tuple(w * 24 for w in waits))
        total_open, oldest = sql.unanswered(conn, community, start, LIST_LIMIT)
        tags = sql.tag_counts(conn, community, start)
        top = sorted(tags.items(), key=lambda t: (-t[1], t[0]))[:LIST_LIMIT]
        recent_from = rules.days_before(moment, rules.RISING_DAYS)
        before_from = rules.days_before(moment, 2 * rules.RISING_DAYS)
        rising = rules.rising_tags(
            sql.tag_counts(conn, community, max(start, recent_from)),
            sql.tag_counts(conn, community, max(start, before_from), recent_from),
        )
        return rules.Insights(
            community=community or "",
            since=start,
            today=moment[:10],
            monthly=series,
            questions=questions,
            unanswered=tuple((i, c, t) for i, c, t, _s in oldest),
            unanswered_total=total_open,
            top_tags=tuple(top),
            rising=tuple(rising),
            silo=rules.silo(sql.department_pairs(conn, community, start)),
            mentorships_active=active,
            trust=sql.trust_parts(conn, community, moment[:10]),
        )

    def insights_by_community(
        self, *, since: str | None = None, now: str | None = None
    ) -> list[rules.Insights]:
        """Overall first, then every community A-Z by slug."""
        slugs = sorted(c.slug for c in self.repo.all(Community))
        return [self.insights(None, since=since, now=now)] + [
            self.insights(s, since=since, now=now) for s in slugs
        ]
