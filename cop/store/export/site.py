"""`cop export --format html`: a static site readable offline and publishable anywhere.

Pages: `index.html` (communities), `tags.html`, `c/<slug>.html` (a community and its entries),
`e/<id>.html` (an entry with its answers), `events.html` and `projects.html` (`site_gatherings.py`).
No scripts, no external assets: one inline stylesheet and relative links (`[[ID]]` links in bodies
too). Every piece of user text goes through `html.escape`.
Bodies are shown as preformatted text rather than converted from Markdown: Markdown is meant to read
well as plain text, and a converter is one more parser of untrusted input that could be talked into
emitting markup or `javascript:` links.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from html import escape
from pathlib import Path

from cop.domain.events import Event, Project
from cop.domain.insights import Insights
from cop.domain.links import segments
from cop.domain.models import Community, Entry, Member, Record
from cop.store.export.site_gatherings import gathering_pages
from cop.store.export.site_insights import insights_content
from cop.store.records import files

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
a{color:#0b5cad}nav{margin-bottom:1.5rem}.meta{color:#666;font-size:.9em}
pre.body{white-space:pre-wrap;font:inherit;background:#f6f6f6;padding:1rem;border-radius:4px}
.tag{display:inline-block;background:#eef;border-radius:3px;padding:0 .4em;margin-right:.3em;font-size:.85em}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.3em .5em;border-bottom:1px solid #ddd}
.answer{border-left:3px solid #ccd;padding-left:1rem;margin:1.5rem 0}.accepted{border-color:#2a2}
""".strip()


def _page(title: str, site: str, depth: int, content: str) -> str:
    up = "../" * depth
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · {escape(site)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<nav><a href="{up}index.html">{escape(site)}</a> · <a href="{up}tags.html">Tags</a></nav>\n'
        f"{content}\n</body>\n</html>\n"
    )


def _tags(tags: list[str], up: str) -> str:
    return "".join(f'<a class="tag" href="{up}tags.html#t-{escape(t)}">{escape(t)}</a>' for t in tags)


def _meta(entry: Entry, names: dict[str, str]) -> str:
    author = names.get(entry.author, entry.author)
    parts = [entry.kind, f"by {author}" if author else "", (entry.updated or entry.created)[:10]]
    if entry.status != "published":
        parts.append(entry.status)
    return " · ".join(escape(p) for p in parts if p)


def _entry_row(entry: Entry, names: dict[str, str], up: str) -> str:
    return (
        f'<tr><td><a href="{up}e/{entry.id}.html">{escape(entry.title)}</a></td>'
        f'<td class="meta">{_meta(entry, names)}</td><td>{_tags(entry.tags, up)}</td></tr>'
    )


def linked_body(body: str, ids: list[str]) -> str:
    """A body as escaped HTML whose `[[ID]]` links are relative links to the entries' pages (in `e/`,
    next to the page holding the body); a link naming no exported entry, or several, stays as written."""
    out = []
    for part in segments(body):
        if isinstance(part, str):
            out.append(escape(part))
            continue
        at = bisect.bisect_left(ids, part.target)
        named: list[str] = []
        while at < len(ids) and ids[at].startswith(part.target) and len(named) < 2:
            named.append(ids[at])
            at += 1
        text = part.text or part.target
        if len(named) == 1:
            out.append(f'<a href="{named[0]}.html">{escape(text)}</a>')
        else:
            out.append(escape(f"[[{part.target}|{part.text}]]" if part.text else f"[[{part.target}]]"))
    return "".join(out)


def render_site(
    name: str, description: str, records: list[Record], insights: Insights | None = None
) -> dict[str, str]:
    """Every page of the site by relative path (deterministic); `insights.html` when the core passes
    its insights."""
    communities = sorted((r for r in records if isinstance(r, Community)), key=lambda c: c.slug)
    members = {r.handle: r.name for r in records if isinstance(r, Member)}
    entries = sorted(
        (r for r in records if isinstance(r, Entry)),
        key=lambda e: (e.updated or e.created, e.id),
        reverse=True,
    )
    listed = [e for e in entries if e.kind != "answer"]
    answers: dict[str, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: (e.created, e.id)):
        if entry.question:
            answers.setdefault(entry.question, []).append(entry)
    pages: dict[str, str] = {}
    ids = sorted({e.id for e in entries})

    rows = "".join(
        f'<tr><td><a href="c/{c.slug}.html">{escape(c.name)}</a></td><td class="meta">{escape(c.kind)}'
        f"</td><td>{sum(1 for e in listed if e.community == c.slug)} entries</td></tr>"
        for c in communities
    )
    intro = f"<p>{escape(description)}</p>" if description else ""
    others = [
        (f, t)
        for f, t in (("events", Event), ("projects", Project))
        if any(isinstance(r, t) for r in records)
    ]
    intro += "".join(f'<p><a href="{f}.html">{f.title()}</a></p>' for f, _ in others)
    intro += '<p><a href="insights.html">Insights</a></p>' if insights is not None else ""
    pages["index.html"] = _page(
        "Communities", name, 0, f"<h1>{escape(name)}</h1>{intro}<h2>Communities</h2><table>{rows}</table>"
    )

    for community in communities:
        mine = [e for e in listed if e.community == community.slug]
        parts = [f"<h1>{escape(community.name)}</h1>"]
        parts.append(
            f'<p class="meta">{escape(" · ".join(p for p in (community.kind, community.domain) if p))}</p>'
        )
        for label, text in (("About", community.description), ("Charter", community.charter)):
            if text:
                parts.append(f'<h2>{label}</h2><pre class="body">{escape(text)}</pre>')
        parts.append(f"<h2>Entries</h2><table>{''.join(_entry_row(e, members, '../') for e in mine)}</table>")
        pages[f"c/{community.slug}.html"] = _page(community.name, name, 1, "".join(parts))

    for entry in entries:
        parts = [
            f"<h1>{escape(entry.title)}</h1>",
            f'<p class="meta">{_meta(entry, members)} · <a href="../c/{entry.community}.html">'
            f"{escape(entry.community)}</a></p><p>{_tags(entry.tags, '../')}</p>",
        ]
        if entry.url.startswith(("http://", "https://")):
            parts.append(f'<p><a href="{escape(entry.url)}" rel="nofollow">{escape(entry.url)}</a></p>')
        elif entry.url:
            parts.append(f"<p>{escape(entry.url)}</p>")
        if entry.question:
            parts.append(f'<p>Answers <a href="{entry.question}.html">this question</a>.</p>')
        parts.append(f'<pre class="body">{linked_body(entry.body, ids)}</pre>')
        replies = sorted(answers.get(entry.id, []), key=lambda a: a.id != entry.accepted)
        if replies:
            parts.append(f"<h2>{len(replies)} answer(s)</h2>")
        for reply in replies:
            accepted = " accepted" if reply.id == entry.accepted else ""
            parts.append(
                f'<div class="answer{accepted}" id="{reply.id}"><p class="meta">{_meta(reply, members)}'
                f"{' · accepted' if accepted else ''}</p>"
                f'<pre class="body">{linked_body(reply.body, ids)}</pre></div>'
            )
        pages[f"e/{entry.id}.html"] = _page(entry.title, name, 1, "".join(parts))

    by_tag: dict[str, list[Entry]] = {}
    for entry in listed:
        for tag in entry.tags:
            by_tag.setdefault(tag, []).append(entry)
    sections = "".join(
        f'<h2 id="t-{escape(tag)}">{escape(tag)}</h2><ul>'
        + "".join(f'<li><a href="e/{e.id}.html">{escape(e.title)}</a></li>' for e in by_tag[tag])
        + "</ul>"
        for tag in sorted(by_tag)
    )
    pages["tags.html"] = _page("Tags", name, 0, f"<h1>Tags</h1>{sections}")
    pages.update(gathering_pages(name, records, _page))
    if insights is not None:
        pages["insights.html"] = _page("Insights", name, 0, insights_content(insights))
    return pages


def write_site(
    folder: Path,
    name: str,
    description: str,
    records: list[Record],
    insights: Insights | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the site's pages into `folder` (other files there are left alone); the page count.
    `progress(done, total)` after each page written."""
    if folder.exists() and not folder.is_dir():
        from cop.domain.errors import CopError

        raise CopError(f"{folder} is a file; give a folder for the HTML site (-o DIR)")
    pages = render_site(name, description, records, insights)
    for number, (path, text) in enumerate(pages.items(), 1):
        files.atomic_write(folder / path, text)
        if progress is not None:
            progress(number, len(pages))
    return len(pages)
