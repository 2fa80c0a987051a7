"""Event operations: schedule, attend, take notes afterwards, link outcomes, cancel, and iCalendar."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from cop.core.session import Session
from cop.domain import dates, ics, ids
from cop.domain.errors import NotFound, UsageError, ValidationError
from cop.domain.events import Event, EventNote, Project
from cop.domain.models import Member
from cop.store.index import gatherings as sql


@dataclass(frozen=True)
class Attendee:
    """Who is coming to an event, as `cop event show` lists them (a handle with no member file has
    `member` None, and `cop doctor` reports it)."""

    handle: str
    member: Member | None
    host: bool = False


class EventOps(Session):
    """Events of the communities: meetups, workshops, brown bags..."""

    def events(
        self,
        *,
        past: bool = False,
        community: str | None = None,
        member: str | None = None,
        now: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Event]:
        """Upcoming events (not ended yet), soonest first; with `past`, the ended ones, latest first;
        `limit` of them from `offset` (one SQL query over the index: only those are built).

        `member` keeps the events they host or attend, or that are in one of their communities."""
        where = sql.EventWhere(past, now or dates.now(), community, member)
        return sql.events(self.repo.index_conn(), where, limit, offset)

    def count_events(
        self, *, past: bool = False, community: str | None = None, member: str | None = None
    ) -> int:
        """How many events `events` lists without a limit (counted in the index)."""
        return sql.event_count(self.repo.index_conn(), sql.EventWhere(past, dates.now(), community, member))

    def upcoming_events(self, member: str, limit: int | None = None, now: str | None = None) -> list[Event]:
        """What is coming up for one member (the digest's question): scheduled events they host or
        attend or that are in one of their communities, soonest first."""
        where = sql.EventWhere(False, now or dates.now(), member=member, scheduled=True)
        return sql.events(self.repo.index_conn(), where, limit)

    def event(self, id_or_prefix: str) -> Event:
        """One event by id or unique id prefix, fresh from its file."""
        return self.repo.find(Event, id_or_prefix)

    def add_event(
        self,
        title: str,
        community: str,
        kind: str,
        start: str,
        *,
        duration: str = "",
        place: str = "",
        link: str = "",
        hosts: Iterable[str] = (),
        description: str = "",
    ) -> Event:
        """Schedule an event; its hosts are the acting member unless `hosts` names others."""
        self._require_community(community)
        who = self.whoami()
        host_list = [h for h in hosts if h] or ([who.handle] if who else [])
        for handle in host_list:
            self._require_member(handle)
        now = dates.now()
        event = Event.from_data(
            {
                "id": ids.new_id(),
                "title": title,
                "community": community,
                "kind": kind,
                "start": start,
                "duration": duration,
                "place": place,
                "link": link,
                "hosts": host_list,
                "description": description,
                "created": now,
                "updated": now,
            }
        )
        return self.repo.create(event)

    def _change_event(self, id_or_prefix: str, change: Callable[[Event], None]) -> Event:
        """Apply `change` to the event as its file holds it under the write lock, bump `updated`, and
        write it back, so two people attending at once both land."""

        def apply(event: Event) -> None:
            change(event)
            event.updated = dates.now()

        return self.repo.modify(Event, self.event(id_or_prefix).id, apply)

    def edit_event(
        self,
        id_or_prefix: str,
        *,
        title: str | None = None,
        kind: str | None = None,
        start: str | None = None,
        duration: str | None = None,
        place: str | None = None,
        link: str | None = None,
        description: str | None = None,
        add_hosts: Iterable[str] = (),
        remove_hosts: Iterable[str] = (),
        add_outcomes: Iterable[str] = (),
        remove_outcomes: Iterable[str] = (),
    ) -> Event:
        """Change an event's fields (None leaves one as it is); outcomes are entry ids or prefixes."""
        new_hosts = list(add_hosts)
        for handle in new_hosts:
            self._require_member(handle)
        outcomes = [self.repo.entry(o).id for o in add_outcomes]
        dropped = set(remove_hosts)
        dropped_outcomes = {o.strip().lower() for o in remove_outcomes}
        changes = {
            "title": title,
            "kind": kind,
            "start": start,
            "duration": duration,
            "place": place,
            "link": link,
            "description": description,
        }

        def edit(event: Event) -> None:
            data = event.to_data()
            data.update({k: v for k, v in changes.items() if v is not None})
            data["hosts"] = [h for h in dict.fromkeys([*event.hosts, *new_hosts]) if h not in dropped]
            kept = [o for o in event.outcomes if not any(o.startswith(d) for d in dropped_outcomes if d)]
            data["outcomes"] = list(dict.fromkeys([*kept, *outcomes]))
            fresh = Event.from_data(data)
            for name in ("title", "kind", "start", "duration", "place", "link", "description"):
                setattr(event, name, getattr(fresh, name))
            event.hosts, event.outcomes = fresh.hosts, fresh.outcomes

        return self._change_event(id_or_prefix, edit)

    def attend(self, id_or_prefix: str, member: str | None = None) -> Event:
        """Put a member (the acting one by default) on the event's attendee list."""
        handle = member or self.require_user().handle
        self._require_member(handle)
        if self.event(id_or_prefix).status == "cancelled":
            raise UsageError("this event is cancelled; nobody can attend it")

        def add(event: Event) -> None:
            if handle not in event.attendees:
                event.attendees.append(handle)

        return self._change_event(id_or_prefix, add)

    def unattend(self, id_or_prefix: str, member: str | None = None) -> Event:
        """Take a member (the acting one by default) off the attendee list."""
        handle = member or self.require_user().handle

        def drop(event: Event) -> None:
            if handle not in event.attendees:
                raise NotFound(f"{handle} is not attending event {event.id}")
            event.attendees.remove(handle)

        return self._change_event(id_or_prefix, drop)

    def add_event_note(self, id_or_prefix: str, text: str, *, date: str = "") -> Event:
        """Write down what came out of an event (by the acting member), kept oldest first."""
        author = self.require_user()
        self.event(id_or_prefix)
        if not text.strip():
            raise ValidationError("note", "a note needs some text")
        note = EventNote.from_data({"by": author.handle, "date": date or dates.today(), "text": text}, "note")

        def add(event: Event) -> None:
            event.notes.append(note)
            event.notes.sort(key=lambda n: n.date)

        return self._change_event(id_or_prefix, add)

    def cancel_event(self, id_or_prefix: str) -> Event:
        """Mark an event cancelled (it stays in the repo and in calendars, as cancelled)."""

        def cancel(event: Event) -> None:
            event.status = "cancelled"

        return self._change_event(id_or_prefix, cancel)

    def attendees(self, event: Event) -> list[Attendee]:
        """The hosts, then the attendees, each with their member record (expertise, interests, department)."""
        members = {m.handle: m for m in self.repo.all(Member)}
        people = [Attendee(h, members.get(h), True) for h in event.hosts]
        people += [Attendee(h, members.get(h)) for h in event.attendees if h not in event.hosts]
        return people

    def events_ics(self, events: Iterable[Event]) -> str:
        """The events as one iCalendar document (RFC 5545 text, CRLF line endings)."""
        return ics.calendar(events, dates.now(), name=f"{self.name} events")

    def write_calendar(self, path: Path, events: Iterable[Event]) -> None:
        """Write the events' iCalendar text to `path` (atomically; CRLF kept)."""
        from cop.store.export import bundle

        bundle.write_file(path, self.events_ics(events))


def reference_problems(
    events: Iterable[Event],
    projects: Iterable[Project],
    communities: set[str],
    members: set[str],
    entries: set[str],
) -> list[tuple[str, str]]:
    """(path, message) for each event or project reference to a community, member or entry that does
    not exist (`cop doctor` reports them)."""
    found: list[tuple[str, str]] = []

    def need(path: str, kind: str, values: Iterable[str], known: set[str], field: str) -> None:
        found.extend((path, f"{field} '{v}' is not a known {kind}") for v in values if v and v not in known)

    for event in events:
        need(event.path, "community", [event.community], communities, "community")
        need(event.path, "member", event.hosts, members, "host")
        need(event.path, "member", event.attendees, members, "attendee")
        need(event.path, "member", [n.by for n in event.notes], members, "note by")
        need(event.path, "entry", event.outcomes, entries, "outcome")
    for project in projects:
        need(project.path, "community", project.communities, communities, "community")
        need(project.path, "member", [project.owner], members, "owner")
        need(project.path, "member", project.members, members, "member")
        need(project.path, "member", [u.author for u in project.updates], members, "update by")
        need(project.path, "entry", project.links, entries, "link to entry")
    return found
