"""`cop experts` and a member's topics: who knows a topic, with the evidence behind each score.

The evidence is counted and decayed in one SQL query over the index (`cop.store.index.experts`); the
weights are `cop.domain.expertise`'s rules. Members who have left every community (no membership and
coordinating none: the member model has no other "archived" state, and a member file stays for the
history) are left out; external stakeholders are kept and marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cop.core.session import Session
from cop.domain import dates, expertise
from cop.domain.errors import UsageError
from cop.domain.tags import typed_tag
from cop.store.index import experts as sql
from cop.store.index.search import match_expression

if TYPE_CHECKING:
    import sqlite3

#: experts listed unless --limit says otherwise
LIMIT = 10


class ExpertOps(Session):
    """Ranking members for a topic, and the topics of one member."""

    def _experts_conn(self) -> sqlite3.Connection:
        self.repo._ensure_fresh()  # every query here reads the index, which must match the files
        return self.repo.index.search_db.conn

    def _topic_mode(self, conn: sqlite3.Connection, topic: str) -> tuple[str, str]:
        """(mode, what to match): `tag` when the topic is a tag in use or a declared expertise, else
        `words` (a full-text query over titles, tags and bodies)."""
        tag = typed_tag(topic)
        if not tag:
            raise UsageError("give a topic: a tag such as 'python', or words to search for")
        used = conn.execute("SELECT 1 FROM tags WHERE tag = ? LIMIT 1", (tag,)).fetchone()
        if used is None:
            used = conn.execute(
                "SELECT 1 FROM records p, json_each(p.doc, '$.expertise') x"
                " WHERE p.type = 'member' AND x.value = ? LIMIT 1",
                (tag,),
            ).fetchone()
        if used is not None:
            return "tag", tag
        return "words", match_expression(topic)

    def _build(
        self,
        conn: sqlite3.Connection,
        rows: list[sql.Evidence],
        community: str | None,
        by_topic: bool = False,
        keep_left: bool = False,
    ) -> dict[tuple[str, str], expertise.Expert]:
        """Experts keyed by (handle, topic or '' when not `by_topic`), only the members still in a
        community (in `community`) unless `keep_left`."""
        grouped: dict[tuple[str, str], dict[str, tuple[int, float]]] = {}
        for handle, topic, factor, count, weight in rows:
            counts = grouped.setdefault((handle, topic if by_topic else ""), {})
            had = counts.get(factor, (0, 0.0))
            counts[factor] = (had[0] + count, had[1] + weight)
        facts = dict(sql.members(conn, {h for h, _ in grouped}))
        out = {}
        for (handle, topic), counts in grouped.items():
            fact = facts.get(handle)
            if fact is None:  # an author with no member record: not someone to ask
                continue
            joined = fact["communities"]
            assert isinstance(joined, list)
            if not keep_left and (not joined or (community and community not in joined)):
                continue
            out[(handle, topic)] = expertise.Expert(
                handle,
                str(fact["name"]),
                bool(fact["external"]),
                str(fact["department"]),
                str(fact["team"]),
                expertise.factors(counts),
            )
        return out

    def experts(
        self, topic: str, community: str | None = None, limit: int | None = LIMIT, *, now: str | None = None
    ) -> expertise.Ranking:
        """Members ranked for `topic` (a tag, else words matched through the search index)."""
        if community:
            self._require_community(community)
        conn = self._experts_conn()
        mode, what = self._topic_mode(conn, topic)
        moment = now or dates.now()
        label = what if mode == "tag" else " ".join(topic.split())
        if mode == "tag":
            rows = sql.evidence(conn, moment, tags=[what], community=community)
        else:
            rows = sql.evidence(conn, moment, words=(what, typed_tag(topic)), community=community)
        ranked = expertise.rank(self._build(conn, rows, community).values())
        return expertise.Ranking(label, mode, tuple(ranked if limit is None else ranked[:limit]))

    def experts_for_tags(
        self, tags: list[str], community: str | None = None, limit: int = 3, *, asker: str | None = None
    ) -> list[expertise.Expert]:
        """The likely experts for any of `tags` (a question's), best first, the asker aside (`asker`,
        else the acting member)."""
        if not tags:
            return []
        conn = self._experts_conn()
        rows = sql.evidence(conn, dates.now(), tags=[typed_tag(t) for t in tags], community=community)
        if asker is None:
            me = self.whoami()
            asker = me.handle if me is not None else None
        ranked = [e for e in expertise.rank(self._build(conn, rows, community).values()) if e.handle != asker]
        return ranked[:limit]

    def member_topics(
        self, handle: str, limit: int | None = 5, *, now: str | None = None
    ) -> list[expertise.Topic]:
        """A member's topics, strongest first, each with the same evidence `cop experts` counts."""
        self._require_member(handle)
        conn = self._experts_conn()
        rows = sql.evidence(conn, now or dates.now(), handle=handle)
        built = self._build(conn, rows, None, by_topic=True, keep_left=True)
        topics = [expertise.Topic(topic, e) for (_, topic), e in built.items() if e.score > 0]
        topics.sort(key=lambda t: (-t.expert.score, t.topic))
        return topics if limit is None else topics[:limit]
