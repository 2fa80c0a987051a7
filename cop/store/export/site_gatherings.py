"""The HTML export's events and projects pages (`events.html`, `projects.html`): every piece of user
text through `html.escape`, links only to the site's own pages or to http(s) addresses."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from cop.domain.events import Event, Project
from cop.domain.models import Entry, Record

Page = Callable[[str, str, int, str], str]


def _link(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return f'<a href="{escape(url)}" rel="nofollow">{escape(url)}</a>'
    return escape(url)


def _entry_links(entry_ids: list[str], titles: dict[str, str]) -> str:
    return ", ".join(
        f'<a href="e/{i}.html">{escape(titles[i])}</a>' if i in titles else escape(i) for i in entry_ids
    )


def _event(event: Event, titles: dict[str, str]) -> str:
    when = f"{event.start} · {event.duration or '1h'} · {event.kind}"
    if event.status == "cancelled":
        when += " · CANCELLED"
    parts = [
        f'<h2 id="{event.id}">{escape(event.title)}</h2>',
        f'<p class="meta">{escape(when)} · <a href="c/{event.community}.html">'
        f"{escape(event.community)}</a></p>",
    ]
    if event.place:
        parts.append(f"<p>{escape(event.place)}</p>")
    if event.link:
        parts.append(f"<p>{_link(event.link)}</p>")
    if event.description:
        parts.append(f'<pre class="body">{escape(event.description)}</pre>')
    for label, people in (("Hosts", event.hosts), ("Attending", event.attendees)):
        if people:
            parts.append(f"<p>{label}: {escape(', '.join(people))}</p>")
    if event.outcomes:
        parts.append(f"<p>Outcomes: {_entry_links(event.outcomes, titles)}</p>")
    for note in event.notes:
        parts.append(f'<p class="meta">{escape(note.by)} · {escape(note.date)}</p>')
        parts.append(f'<pre class="body">{escape(note.text)}</pre>')
    return "".join(parts)


def _project(project: Project, titles: dict[str, str]) -> str:
    meta = " · ".join(p for p in (project.status, ", ".join(project.communities), project.owner) if p)
    parts = [f'<h2 id="{project.slug}">{escape(project.title)}</h2>', f'<p class="meta">{escape(meta)}</p>']
    if project.goal:
        parts.append(f"<p>Goal: {escape(project.goal)}</p>")
    if project.description:
        parts.append(f'<pre class="body">{escape(project.description)}</pre>')
    if project.members:
        parts.append(f"<p>Members: {escape(', '.join(project.members))}</p>")
    if project.links:
        parts.append(f"<p>Entries: {_entry_links(project.links, titles)}</p>")
    for update in project.updates:
        parts.append(f'<p class="meta">{escape(update.date)} · {escape(update.author)}</p>')
        parts.append(f'<pre class="body">{escape(update.text)}</pre>')
    return "".join(parts)


def gathering_pages(name: str, records: list[Record], page: Page) -> dict[str, str]:
    """`events.html` (soonest first) and `projects.html` (by slug), when the repo has any."""
    titles = {r.id: r.title for r in records if isinstance(r, Entry)}
    events = sorted((r for r in records if isinstance(r, Event)), key=lambda e: (e.start_utc, e.id))
    projects = sorted((r for r in records if isinstance(r, Project)), key=lambda p: p.slug)
    pages: dict[str, str] = {}
    if events:
        body = "".join(_event(e, titles) for e in events)
        pages["events.html"] = page("Events", name, 0, f"<h1>Events</h1>{body}")
    if projects:
        body = "".join(_project(p, titles) for p in projects)
        pages["projects.html"] = page("Projects", name, 0, f"<h1>Projects</h1>{body}")
    return pages
