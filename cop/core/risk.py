"""`cop risk`: topics (tags) whose knowledge rests on one or two people, with staleness and people who
have left, each with its parts and a remedy. The units come from one SQL query over the index; the truck
factor and the score are `cop.domain.risk`'s rules (docs/insights.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cop.core.session import Session
from cop.domain import dates, risk
from cop.domain.insights import days_before
from cop.store.index import insights as sql

if TYPE_CHECKING:
    import sqlite3

#: entries not updated for this many days are stale
STALE_DAYS = 365


class RiskOps(Session):
    """The knowledge-risk report."""

    def _risk_conn(self) -> sqlite3.Connection:
        self.repo._ensure_fresh()  # every query here reads the index, which must match the files
        return self.repo.index.search_db.conn

    def knowledge_risk(
        self, community: str | None = None, *, every: bool = False, now: str | None = None
    ) -> list[risk.TopicRisk]:
        """Topics with a truck factor of at most `risk.AT_RISK` (every topic with `every`), riskiest
        first."""
        if community:
            self._require_community(community)
        moment = now or dates.now()
        conn = self._risk_conn()
        trucks: list[tuple[str, risk.TruckFactor, list[str]]] = []
        if every:  # every topic's truck factor, from all its holdings
            units: dict[str, dict[str, tuple[int, list[str]]]] = {}
            verifiers: dict[str, list[str]] = {}
            for tag, person, alone, verified, shared in sql.knowledge_holdings(conn, community):
                units.setdefault(tag, {})[person] = (alone, shared)
                if verified:
                    verifiers.setdefault(tag, []).append(person)
            trucks = [(t, risk.truck_factor_held(held), verifiers.get(t, [])) for t, held in units.items()]
        else:  # whether a topic is at risk needs only its first AT_RISK + 1 people
            leaders = sql.knowledge_leaders(conn, community, risk.AT_RISK + 1)
            trucks = [(t, risk.truck_factor_ranked(r, n, h), v) for t, n, r, h, v in leaders]
        stale = sql.stale_counts(conn, community, moment[:10], days_before(moment, STALE_DAYS))
        members = sql.member_facts(conn)
        rows: list[risk.TopicRisk] = []
        for tag, truck, verifying in trucks:
            if not every and truck.factor > risk.AT_RISK:
                continue
            left = tuple(h for h in truck.holders if members.get(h, (0, [], []))[0] == 0)
            candidates = sorted(
                (
                    h
                    for h, (joined, expertise, interests) in members.items()
                    if joined and (tag in expertise or tag in interests)
                ),
                key=lambda h: (tag not in members[h][1], h),
            )
            named = tuple(sorted(set(verifying)))
            entries, stale_n = stale.get(tag, (0, 0))
            rows.append(
                risk.TopicRisk(
                    tag,
                    truck,
                    entries,
                    stale_n,
                    left,
                    risk.remedies(tag, truck, left, named, candidates),
                    named,
                )
            )
        return risk.rank(rows)
