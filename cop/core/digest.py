"""`cop digest`: what is new for the acting member since they last looked, grouped and counted.

The last-seen mark is per member and per clone (`seen` namespace of `.cop/state.json`, key
`digest:<handle>`), moved by `mark_digest_seen` when a face shows the digest. Each group is one SQL query
over the index (`cop.store.index.insights`); the rules are docs/insights.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cop.core.events import EventOps
from cop.core.projects import ProjectOps
from cop.domain import dates
from cop.domain.insights import EVENT_DAYS, FIRST_DIGEST_DAYS, Digest, DigestItem, days_before
from cop.domain.models import Community
from cop.store.index import insights as sql

if TYPE_CHECKING:
    import sqlite3


def _mark(handle: str) -> str:
    return f"digest:{handle}"


class DigestOps(EventOps, ProjectOps):
    """The digest and its last-seen mark."""

    def _insight_conn(self) -> sqlite3.Connection:
        self.repo._ensure_fresh()  # every query here reads the index, which must match the files
        return self.repo.index.search_db.conn

    def digest_since(self) -> tuple[str, bool]:
        """Where the acting member's digest starts: their mark in this clone, else `FIRST_DIGEST_DAYS`
        back (and True: no mark yet)."""
        handle = self.require_user().handle
        mark = self.repo.state.get("seen", _mark(handle))
        if isinstance(mark, str) and mark:
            return mark, False
        return days_before(dates.now(), FIRST_DIGEST_DAYS), True

    def digest(self, since: str | None = None, now: str | None = None) -> Digest:
        """What is new for the acting member since `since` (a date or timestamp; default: their mark)."""
        member = self.require_user()
        me = member.handle
        moment = now or dates.now()
        first = False
        if since:
            start = dates.to_timestamp(since, "since")
        else:
            start, first = self.digest_since()
        conn = self._insight_conn()
        mine = [m.community for m in member.memberships]
        coordinated = [c.slug for c in self.repo.all(Community) if me in c.coordinators]
        coordinated += [m.community for m in member.memberships if m.role == "coordinator"]
        items: list[DigestItem] = []
        taken: set[str] = set()

        def add(group: str, rows: list[sql.Row]) -> None:
            for ident, kind, title, community, who, when in rows:
                if ident in taken:
                    continue
                taken.add(ident)
                items.append(DigestItem(group, ident, title, when, community, who, kind))

        add("answers_to_you", sql.answers_to(conn, me, start))
        add("accepted", sql.accepted_since(conn, me, start, mine))
        add("could_answer", sql.could_answer(conn, me, start, member.expertise))
        add("new", sql.new_entries(conn, me, start, mine, member.interests))
        add("due", sql.fell_due(conn, me, start, moment[:10], coordinated))
        for ident, mentor, mentee, day, notes in sql.new_sessions(conn, me, start):
            other = mentee if mentor == me else mentor
            title = notes.splitlines()[0] if notes.strip() else f"session with {other}"
            items.append(DigestItem("sessions", f"{ident}@{day}", title, day, "", other, "session"))
        theirs = set(mine)
        for project, update in self.project_updates_since(start[:10]):
            involved = me == project.owner or me in project.members or theirs & set(project.communities)
            if update.author == me or not involved or update.date <= start:  # as sessions: after the mark
                continue
            line = update.text.strip().splitlines()[0] if update.text.strip() else ""
            items.append(
                DigestItem(
                    "projects",
                    f"{project.slug}@{update.date}",
                    f"{project.title or project.slug}: {line}",
                    update.date,
                    project.communities[0] if project.communities else "",
                    update.author,
                    "project",
                )
            )
        horizon = dates.to_timestamp(_plus_days(moment, EVENT_DAYS), "now")
        for event in self.upcoming_events(me, now=moment):
            if event.start_utc <= horizon:
                items.append(
                    DigestItem(
                        "events", event.id, event.title, event.start_utc, event.community, "", event.kind
                    )
                )
        return Digest(me, start, moment, first, tuple(items))

    def mark_digest_seen(self, when: str | None = None) -> None:
        """Move the acting member's last-seen mark in this clone (to now by default)."""
        self.repo.state.put("seen", _mark(self.require_user().handle), when or dates.now())


def _plus_days(stamp: str, days: int) -> str:
    return days_before(stamp, -days)
