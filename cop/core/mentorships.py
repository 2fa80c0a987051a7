"""Mentorship operations: pairing mentor and mentee, goals, the session log, status."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cop.core.session import Session as CoreSession  # the domain has a (mentoring) Session too
from cop.domain import dates, ids
from cop.domain.errors import NotFound, ValidationError
from cop.domain.models import GOAL_STATUSES, MENTORSHIP_STATUSES, Goal, Mentorship, Session


class MentorshipOps(CoreSession):
    """Mentorships, their goals and the session log."""

    def mentorships(self, member: str | None = None, status: str | None = None) -> list[Mentorship]:
        """Mentorships, optionally of one member (as mentor or mentee) and in one status."""
        if status and status not in MENTORSHIP_STATUSES:
            raise ValidationError("status", f"'{status}' is not one of: {', '.join(MENTORSHIP_STATUSES)}")
        found = [
            m
            for m in self.repo.all(Mentorship)
            if (not member or member in (m.mentor, m.mentee)) and (not status or m.status == status)
        ]
        order = {s: i for i, s in enumerate(MENTORSHIP_STATUSES)}
        return sorted(found, key=lambda m: (order[m.status], m.started or m.created, m.id))

    def mentorship(self, id_or_prefix: str) -> Mentorship:
        return self.repo.mentorship(id_or_prefix)

    def add_mentorship(
        self,
        mentor: str,
        mentee: str,
        *,
        community: str = "",
        goals: Iterable[str] = (),
        ends: str = "",
        cadence: str = "",
        started: str = "",
        status: str = "active",
    ) -> Mentorship:
        self._require_member(mentor)
        self._require_member(mentee)
        if community:
            self._require_community(community)
        now = dates.now()
        mentorship = Mentorship.from_data(
            {
                "id": ids.new_id(),
                "mentor": mentor,
                "mentee": mentee,
                "community": community,
                "status": status,
                "started": started or dates.today(),
                "ends": ends,
                "cadence": cadence,
                "goals": [{"text": g} for g in goals if g.strip()],
                "created": now,
                "updated": now,
            }
        )
        return self.repo.create(mentorship)

    def _change(self, id_or_prefix: str, change: Callable[[Mentorship], None]) -> Mentorship:
        """Apply `change` to the mentorship as its file holds it under the write lock, bump `updated`
        and write it back, so concurrent changes (two sessions logged at once) all land."""

        def apply(mentorship: Mentorship) -> None:
            change(mentorship)
            mentorship.updated = dates.now()

        return self.repo.modify(Mentorship, id_or_prefix, apply)

    def log_session(
        self,
        id_or_prefix: str,
        notes: str,
        *,
        minutes: int = 0,
        date: str = "",
        next_steps: str = "",
    ) -> Mentorship:
        """Append a session to the log (kept in date order)."""
        self.repo.mentorship(id_or_prefix)  # an unknown id is reported before a bad session
        if not notes.strip():
            raise ValidationError("notes", "a session needs notes")
        session = Session.from_data(
            {"date": date or dates.today(), "minutes": minutes, "notes": notes, "next": next_steps},
            "session",
        )

        def log(mentorship: Mentorship) -> None:
            mentorship.sessions.append(session)
            mentorship.sessions.sort(key=lambda s: s.date)

        return self._change(id_or_prefix, log)

    def add_goal(self, id_or_prefix: str, text: str) -> Mentorship:
        self.repo.mentorship(id_or_prefix)
        if not text.strip():
            raise ValidationError("goal", "a goal needs some text")
        return self._change(id_or_prefix, lambda m: m.goals.append(Goal(text=text.strip())))

    def set_goal(self, id_or_prefix: str, number: int, status: str = "done") -> Mentorship:
        """Set goal `number` (1-based, as `mentor show` numbers them) to done, open or dropped."""
        self.repo.mentorship(id_or_prefix)
        if status not in GOAL_STATUSES:
            raise ValidationError("status", f"'{status}' is not one of: {', '.join(GOAL_STATUSES)}")

        def set_status(mentorship: Mentorship) -> None:
            if not 1 <= number <= len(mentorship.goals):
                raise NotFound(
                    f"mentorship {mentorship.id} has {len(mentorship.goals)} goal(s); "
                    f"there is no goal {number} (see 'cop mentor show {mentorship.id}')"
                )
            mentorship.goals[number - 1].status = status

        return self._change(id_or_prefix, set_status)

    def set_mentorship_status(self, id_or_prefix: str, status: str) -> Mentorship:
        self.repo.mentorship(id_or_prefix)
        if status not in MENTORSHIP_STATUSES:
            raise ValidationError("status", f"'{status}' is not one of: {', '.join(MENTORSHIP_STATUSES)}")

        def set_status(mentorship: Mentorship) -> None:
            mentorship.status = status
            if status in ("completed", "cancelled") and not mentorship.ends:
                mentorship.ends = dates.today()

        return self._change(id_or_prefix, set_status)
