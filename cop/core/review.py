"""Knowledge that stays true: endorse, verify, mark obsolete, the review queue and trust scores.

The rules (who may verify, review dates, urgency, trust) are `cop.domain.trust`'s; this module gathers
what they need from the index (fields only: no record file is opened for a queue or a score) and writes
changes under the write lock like every other edit.
"""

from __future__ import annotations

from collections.abc import Iterable

from cop.core.session import Session
from cop.domain import dates, trust
from cop.domain.errors import NotFound, PermissionDenied, ValidationError
from cop.domain.filters import EntryFilter
from cop.domain.models import Community, Entry, Verified
from cop.domain.trust import Reliance, Trust, Urgency
from cop.store.index import review as queue_index

#: a `due_by` before every date: only entries never verified (or with no review date) are due by then
_NEVER = "0000-01-01"
#: kinds the queue leaves out (questions hold no knowledge to vouch for)
_SKIPPED = tuple(sorted(trust.UNREVIEWED_KINDS))


class ReviewOps(Session):
    # -- endorsements ------------------------------------------------------------------------------
    def endorse(self, id_or_prefix: str, *, undo: bool = False) -> tuple[Entry, bool]:
        """The acting member vouches for an entry (or takes it back with `undo`). Returns the entry and
        whether anything changed (endorsing twice, or undoing what was never done, changes nothing).
        An endorsement is not an edit of the content: `updated` stays."""
        user = self.require_user()
        changed = False

        def vouch(entry: Entry) -> None:
            nonlocal changed
            if entry.author == user.handle and not undo:
                raise PermissionDenied(f"you wrote {entry.id}: an author cannot endorse their own entry")
            has = user.handle in entry.endorsements
            if undo and has:
                entry.endorsements = [h for h in entry.endorsements if h != user.handle]
                changed = True
            elif not undo and not has:
                entry.endorsements = [*entry.endorsements, user.handle]
                changed = True

        return self.repo.modify(Entry, id_or_prefix, vouch), changed

    def endorsement_counts(self, ids: Iterable[str]) -> dict[str, int]:
        """Endorsements of the given entries, from the index (for search hits, which carry no fields)."""
        wanted = tuple(dict.fromkeys(ids))
        if not wanted:
            return {}
        return {e.id: len(e.endorsements) for e in self.repo.entries(EntryFilter(ids=wanted))}

    # -- verification ------------------------------------------------------------------------------
    def review_days(self, community: str) -> int:
        """Days between reviews in a community (its `review_days`, default 90)."""
        return self._require_community(community).review_days

    def verifiers(self, entry: Entry) -> list[str]:
        """Who is named to verify `entry` (its `verifiers`, else the author and the coordinators)."""
        return trust.verifiers_of(entry, self._coordinators(entry.community))

    def _coordinators(self, slug: str) -> list[str]:
        """A community's coordinators as it lists them (`cop member join --role coordinator` lists them
        there too); none for a community that does not exist."""
        try:
            return list(self.repo.community(slug).coordinators)
        except NotFound:
            return []

    def verify(self, id_or_prefix: str, *, note: str = "", interval: str | None = None) -> Entry:
        """Record that the acting member checked an entry today, and set its next review date to today
        plus `interval` (`30d`, `6w`...) or the community's `review_days`. Only a named verifier or a
        coordinator may; the error names who may."""
        user = self.require_user()
        days = trust.parse_interval(interval) if interval else None
        today = dates.today()

        def check(entry: Entry) -> None:
            coordinators = self._coordinators(entry.community)
            if not trust.may_verify(user.handle, entry, coordinators) and not self.is_coordinator(
                user.handle, entry.community
            ):
                named = trust.verifiers_of(entry, coordinators)
                who = ", ".join(named) if named else "nobody is named"
                raise PermissionDenied(
                    f"only a verifier of {entry.id} ({who}) or a coordinator of {entry.community} "
                    "can verify it"
                )
            if entry.status == trust.OBSOLETE:
                raise ValidationError("status", f"{entry.id} is obsolete: there is nothing to verify")
            span = days if days is not None else self.review_days(entry.community)
            mark = Verified(by=user.handle, date=today, note=note.strip())
            mark.validate()
            entry.verified = [v for v in entry.verified if (v.by, v.date) != (mark.by, mark.date)] + [mark]
            entry.review = trust.add_days(today, span)

        return self.repo.modify(Entry, id_or_prefix, check)

    def set_verifiers(self, id_or_prefix: str, handles: Iterable[str]) -> Entry:
        """Name who verifies an entry (empty: back to the author and the coordinators). Only the author
        or a coordinator may change it."""
        user = self.require_user()
        named = [h.strip().lower() for h in handles if h.strip()]
        for handle in named:
            self._require_member(handle)

        def name_them(entry: Entry) -> None:
            if user.handle != entry.author and not self.is_coordinator(user.handle, entry.community):
                raise PermissionDenied(
                    f"only the author ({entry.author or 'none'}) or a coordinator of {entry.community} "
                    f"can name the verifiers of {entry.id}"
                )
            entry.verifiers = list(dict.fromkeys(named))

        return self.repo.modify(Entry, id_or_prefix, name_them)

    # -- obsolete ----------------------------------------------------------------------------------
    def mark_obsolete(self, id_or_prefix: str, *, by: str | None = None) -> Entry:
        """Mark an entry obsolete, superseded by `by` (an entry id or prefix) when given. The author or
        a coordinator may; so may whoever may verify it."""
        user = self.require_user()
        newer = self.repo.entry(by) if by else None

        def retire(entry: Entry) -> None:
            coordinators = self._coordinators(entry.community)
            if not trust.may_verify(user.handle, entry, coordinators) and not self.is_coordinator(
                user.handle, entry.community
            ):
                named = trust.verifiers_of(entry, coordinators)
                raise PermissionDenied(
                    f"only a verifier of {entry.id} ({', '.join(named) or 'nobody is named'}) or a "
                    f"coordinator of {entry.community} can mark it obsolete"
                )
            if newer is not None and newer.id == entry.id:
                raise ValidationError("by", "an entry cannot supersede itself")
            if newer is not None and newer.status == trust.OBSOLETE:
                raise ValidationError("by", f"{newer.id} is obsolete too; point to the entry to read instead")
            entry.status = trust.OBSOLETE
            entry.superseded_by = newer.id if newer is not None else ""
            entry.updated = dates.now()

        return self.repo.modify(Entry, id_or_prefix, retire)

    def superseding(self, entry: Entry) -> Entry | None:
        """The entry that supersedes an obsolete one, when it names one that exists."""
        if entry.status != trust.OBSOLETE or not entry.superseded_by:
            return None
        try:
            return self.repo.entry(entry.superseded_by)
        except NotFound:  # a dangling pointer still shows the id; 'cop doctor' is the place to fix it
            return None

    # -- the review queue and trust ------------------------------------------------------------------
    def review_queue(
        self,
        *,
        community: str | None = None,
        mine: bool = False,
        today: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Urgency]:
        """Entries due for review or never verified, most urgent first (days overdue, then how much the
        community relies on them: endorsements, entries linking to it, questions that accepted it),
        `limit` of them from `offset`. `mine`: only those the acting member is named to verify or
        coordinates. Ordered and paged in the index (SQL); only the page's documents are read."""
        day = today or dates.today()
        where, only = self._queue_filter(community, mine, day)
        conn = self.repo.index.search_db.conn
        rows = queue_index.queue_rows(conn, where, day, _SKIPPED, only, limit, offset)
        return [
            Urgency(
                Entry.from_index(row.doc, row.path),
                row.overdue_days,
                row.never_verified,
                row.due,
                Reliance(row.endorsements, row.links_in, row.accepted),
            )
            for row in rows
        ]

    def review_count(
        self, *, community: str | None = None, mine: bool = False, today: str | None = None
    ) -> int:
        """How many entries `review_queue` holds (a count in the index)."""
        day = today or dates.today()
        where, only = self._queue_filter(community, mine, day)
        return queue_index.queue_count(self.repo.index.search_db.conn, where, _SKIPPED, only)

    def _queue_filter(
        self, community: str | None, mine: bool, day: str
    ) -> tuple[EntryFilter, queue_index.Mine | None]:
        if community:
            self._require_community(community)
        only = None
        if mine:
            handle = self.require_user().handle
            led = [c.slug for c in self.repo.all(Community) if handle in c.coordinators]
            only = queue_index.Mine(handle, tuple(led))
        self.repo._ensure_fresh()  # as LinkOps: the tables must match the files
        return EntryFilter(community=community, status="published", due_by=day), only

    def trust_scores(self, today: str | None = None) -> dict[str, Trust]:
        """Every community's trust score with its parts, counted in the index (SQL counts, no entry
        loaded): published entries minus questions, those due by yesterday, those never verified."""
        day = today or dates.today()
        yesterday = trust.add_days(day, -1)
        count = self.repo.count_entries
        scores: dict[str, Trust] = {}
        for community in self.repo.all(Community):
            parts = []
            for due_by in (None, yesterday, _NEVER):
                everything = count(EntryFilter(community=community.slug, status="published", due_by=due_by))
                questions = count(
                    EntryFilter(community=community.slug, status="published", kind="question", due_by=due_by)
                )
                parts.append(everything - questions)
            scores[community.slug] = trust.trust_from_counts(community.slug, *parts)
        return scores

    def trust_score(self, community: str, today: str | None = None) -> Trust:
        """One community's trust score with its parts."""
        self._require_community(community)
        return self.trust_scores(today)[community]
