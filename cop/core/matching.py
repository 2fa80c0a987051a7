"""`cop mentor match` and `cop mentor request`: candidate mentors for a mentee with every part of the
score, and one mentor for every member seeking one (an assignment that maximises the total score within
every mentor's capacity). The evidence is `cop.core.experts`'; the rules are `cop.domain.matching`'s."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cop.core.experts import ExpertOps
from cop.core.mentorships import MentorshipOps
from cop.domain import dates, matching
from cop.domain.errors import NotFound
from cop.domain.models import Member, with_changes
from cop.domain.tags import typed_tags
from cop.store.index import experts as sql

if TYPE_CHECKING:
    import sqlite3

#: candidates listed unless --limit says otherwise
LIMIT = 5


class MatchOps(ExpertOps, MentorshipOps):
    """Mentor matching over the members, their evidence and their mentorships."""

    def _pool(
        self, conn: sqlite3.Connection, community: str | None, handles: Iterable[str]
    ) -> tuple[dict[str, matching.Person], set[tuple[str, str]]]:
        """(those of `handles` still in a community (in `community`), the busy pairs).
        Only the members named are read: the mentees, and the mentors with evidence in a topic they
        want (nobody else can be a candidate)."""
        load, pairs = sql.busy(conn)
        people: dict[str, matching.Person] = {}
        for handle, fact in sql.members(conn, set(handles)):
            joined = fact["communities"]
            assert isinstance(joined, list)
            if not joined or (community and community not in joined):
                continue
            interests = fact["interests"]
            capacity = fact["capacity"]
            assert isinstance(interests, list) and isinstance(capacity, int)
            people[handle] = matching.Person(
                handle,
                str(fact["name"]),
                str(fact["department"]),
                str(fact["team"]),
                tuple(interests),
                capacity,
                load.get(handle, 0),
            )
        return people, pairs

    def _scores(
        self, conn: sqlite3.Connection, topics: Iterable[str], community: str | None
    ) -> dict[str, dict[str, float]]:
        """mentor -> topic -> their expert score (the evidence of `cop experts`)."""
        wanted = sorted(set(topics))
        if not wanted:
            return {}
        rows = sql.evidence(conn, dates.now(), tags=wanted, community=community)
        built = self._build(conn, rows, community, by_topic=True)
        out: dict[str, dict[str, float]] = {}
        for (handle, topic), expert in built.items():
            out.setdefault(handle, {})[topic] = expert.score
        return out

    @staticmethod
    def _by_topic(scores: dict[str, dict[str, float]]) -> dict[str, list[str]]:
        """topic -> the mentors with evidence in it (a mentee's candidates are those of its topics)."""
        out: dict[str, list[str]] = {}
        for handle, topics in scores.items():
            for topic in topics:
                out.setdefault(topic, []).append(handle)
        return out

    def _candidates(
        self,
        mentee: matching.Person,
        people: dict[str, matching.Person],
        pairs: set[tuple[str, str]],
        scores: dict[str, dict[str, float]],
        by_topic: dict[str, list[str]],
    ) -> list[matching.Match]:
        found = []
        for handle in sorted({h for t in mentee.interests for h in by_topic.get(t, ())}):
            mentor = people.get(handle)
            if mentor is None or (handle, mentee.handle) in pairs:
                continue
            made = matching.match(mentee, mentor, scores[handle])
            if made is not None:
                found.append(made)
        return matching.rank(found)

    def mentor_matches(
        self, mentee: str, community: str | None = None, limit: int | None = LIMIT
    ) -> list[matching.Match]:
        """Candidate mentors for `mentee`, best first: never themselves, never a pair already active
        or proposed, only mentors with a free slot and a topic the mentee wants to learn."""
        member = self._require_member(mentee)
        if community:
            self._require_community(community)
        conn = self._experts_conn()
        scores = self._scores(conn, member.interests, community)
        people, pairs = self._pool(conn, community, [mentee, *scores])
        person = people.get(mentee) or matching.Person(
            member.handle, member.name, member.department, member.team, tuple(member.interests)
        )
        ranked = self._candidates(person, people, pairs, scores, self._by_topic(scores))
        return ranked if limit is None else ranked[:limit]

    def match_all(self, community: str | None = None, *, apply: bool = False) -> list[matching.Proposal]:
        """One mentor for every member seeking one (and not already a mentee in an active or proposed
        mentorship), maximising the total score within every mentor's spare capacity (the Hungarian
        method, `cop.domain.matching.assign`); `apply` records each pair as a proposed mentorship."""
        if community:
            self._require_community(community)
        conn = self._experts_conn()
        seekers, pairs = self._pool(conn, community, sql.seekers(conn))
        paired = {mentee for _, mentee in pairs}
        mentees = sorted(h for h in seekers if h not in paired)
        scores = self._scores(conn, (t for h in mentees for t in seekers[h].interests), community)
        people, _ = self._pool(conn, community, [*mentees, *scores])
        best: dict[tuple[str, str], matching.Match] = {}
        by_topic = self._by_topic(scores)
        for handle in mentees:
            for made in self._candidates(people[handle], people, pairs, scores, by_topic):
                best[(handle, made.mentor)] = made
        capacity = {h: p.spare for h, p in people.items() if p.spare > 0}
        given = matching.assign(mentees, capacity, {k: m.score for k, m in best.items()})
        proposals = []
        for handle in mentees:
            chosen = best.get((handle, given[handle])) if handle in given else None
            created = ""
            if apply and chosen is not None:
                created = self.add_mentorship(
                    chosen.mentor, handle, community=community or "", status="proposed"
                ).id
            proposals.append(matching.Proposal(handle, chosen, created))
        return proposals

    def request_mentor(self, topics: Iterable[str] = (), handle: str | None = None) -> Member:
        """Mark the acting member (or `handle`) as seeking a mentor; `topics` join their interests."""
        who = handle or self.require_user().handle
        wanted = typed_tags(topics)

        def edit(member: Member) -> Member:
            interests = list(member.interests) + [t for t in wanted if t not in member.interests]
            return with_changes(member, {"seeking_mentor": True, "interests": interests})

        try:
            return self.repo.modify(Member, who, edit)
        except NotFound:
            raise NotFound(f"no member '{who}'; add them with 'cop member add {who} --name NAME'") from None
