"""Import a Stack Exchange data dump (a site's or a Stack Overflow for Teams export: `Posts.xml`,
`Users.xml`) into one community: questions, answers with their question, the accepted answer, tags,
dates, each post's `score`, and the posts' authors as members. `Votes.xml` and `Comments.xml` are not
read: a post's `Score` already sums its votes, and a cop entry has no comments (`NOT_READ`).

Streaming: `Posts.xml` is read twice (first the questions' titles and the authors, then the posts, each
written as it is read), so memory grows with the number of questions, not with the bodies. The first
pass and `Users.xml` are read to the end before anything is written: a file that is not well-formed
XML is refused (its name and line) with nothing written. Every post
gets the id `derived_id("stackexchange", community, post id)`: importing the same dump again finds what
it wrote (unchanged posts are left alone, edited ones updated), and `--dry-run` shows the real ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from cop.core.transfer.plan import derived_id
from cop.domain import ids
from cop.domain.errors import CopError, NotFound, UsageError
from cop.domain.models import Entry
from cop.domain.tags import typed_tags
from cop.domain.text import visible

if TYPE_CHECKING:
    from cop.core.api import Cop

SOURCE = "stackexchange"
QUESTION, ANSWER = "1", "2"  # PostTypeId; tag wikis, nominations and the like are not imported


@dataclass
class SEAction:
    verb: str  # add | update | same
    label: str

    def __str__(self) -> str:
        return f"{self.verb} {self.label}"


@dataclass
class SEImport:
    """What an import did (or, with dry_run, would do); records are written as they are read, so only
    these one-line summaries are kept."""

    actions: list[SEAction] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # the dump's other files, each with why it is not read

    def count(self, verb: str) -> int:
        return sum(1 for a in self.actions if a.verb == verb)


# -- HTML bodies -----------------------------------------------------------------------------------
class _Markdown(HTMLParser):
    """Rendered post HTML back to Markdown-ish text: paragraphs, code blocks and inline code, links
    (http/https only), lists, headings, quotes, emphasis; every other tag is dropped, its text kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.pre = 0
        self.href: list[str | None] = []
        self.lists: list[str] = []
        self.quote = 0

    def _block(self) -> None:
        self.out.append("\n\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "pre":
            self.pre += 1
            self.out.append("\n\n```\n")
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag in ("p", "div"):
            self._block()
        elif tag == "br":
            self.out.append("\n")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self._block()
        elif tag == "li":
            self.out.append(
                "\n" + "  " * (len(self.lists) - 1) + ("1. " if self.lists[-1:] == ["ol"] else "- ")
            )
        elif tag == "blockquote":
            self.quote += 1
            self.out.append("\n\n> ")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "a":
            href = attr.get("href") or ""
            self.href.append(href if re.match(r"https?://", href) else None)
            if self.href[-1]:
                self.out.append("[")
        elif tag == "img":
            src = attr.get("src") or ""
            if re.match(r"https?://", src):
                self.out.append(f"![{attr.get('alt') or 'image'}]({src})")
        elif tag == "hr":
            self.out.append("\n\n---\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self.pre:
            self.pre -= 1
            self.out.append("\n```\n\n")
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._block()
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._block()
        elif tag == "blockquote" and self.quote:
            self.quote -= 1
            self._block()
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href:
                self.out.append(f"]({href})")

    def handle_data(self, data: str) -> None:
        if self.pre:
            self.out.append(data.rstrip("\n") if data.endswith("\n") else data)
        else:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> str:
    """A post's HTML as Markdown-ish text (never HTML: tags are dropped, not passed through)."""
    parser = _Markdown()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text + "\n" if text.strip() else ""


# -- rows to records ---------------------------------------------------------------------------------
def _tags(value: str) -> list[str]:
    """`<python><unit-testing>` (older dumps) or `|python|unit-testing|` (newer ones)."""
    names = re.findall(r"<([^<>]+)>", value) if "<" in value else value.split("|")
    return typed_tags([n for n in names if n.strip()])


def _when(value: str) -> str:
    """`2010-07-28T19:04:21.300` (UTC, no zone) as cop's timestamp."""
    return value[:19] + "Z" if re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", value or "") else ""


def _score(value: str) -> int:
    try:
        return max(-(10**9), min(10**9, int(value)))
    except (TypeError, ValueError):
        return 0


def _title(value: str) -> str:
    return " ".join(visible(value or "").split())[:300] or "Untitled question"


def user_handle(user_id: str, name: str) -> str:
    """A member handle for a dump's user: their name as a slug, then their id (`ada-lovelace-12`)."""
    number = re.sub(r"[^0-9]", "", user_id)[:12] or "0"
    return f"{ids.slugify(name, 40) if name else 'user'}-{number}"


#: a dump's files cop does not read, and why (said on stderr when the dump has them)
NOT_READ = {
    "votes.xml": "each post's Score in Posts.xml already counts its votes",
    "comments.xml": "a cop entry has no comments",
}


def _unread(folder: Path) -> list[str]:
    """`Votes.xml (why)`, … for the dump's XML files other than Posts.xml and Users.xml."""
    found = sorted(p.name for p in folder.iterdir() if p.suffix.lower() == ".xml" and p.is_file())
    return [
        f"{name} ({NOT_READ.get(name.lower(), 'not part of what cop imports')})"
        for name in found
        if name.lower() not in ("posts.xml", "users.xml")
    ]


def import_stackexchange(
    cop: Cop,
    folder: Path,
    community: str,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> SEImport:
    """Bring a dump's questions and answers into `community` (see the module docstring). Both files
    are read whole before anything is written, so a file that is not well-formed writes nothing.
    `progress(done, total, what)` counts the bytes of each pass over a file."""
    from cop.store.export import bundle
    from cop.store.export.stackexchange import dump_file, read_rows
    from cop.store.records.codec import render
    from cop.store.records.layout import record_path

    cop._require_community(community)
    importer = cop.require_user()
    posts = dump_file(folder, "Posts.xml")
    if posts is None:
        raise UsageError(f"{folder} has no Posts.xml: give the folder of an unpacked Stack Exchange dump")
    users_file = dump_file(folder, "Users.xml")
    result = SEImport(unread=_unread(folder))

    def stage(what: str) -> Callable[[int, int], None] | None:
        return None if progress is None else lambda done, total: progress(done, total, what)

    # pass 1: question titles (answers are titled after them) and who wrote what
    titles: dict[str, str] = {}
    answers: set[str] = set()
    authors: set[str] = set()
    for row in read_rows(posts, stage(f"checking {posts.name}")):
        if row.get("PostTypeId") == QUESTION and row.get("Id"):
            titles[row["Id"]] = _title(row.get("Title", ""))
        elif row.get("PostTypeId") == ANSWER and row.get("Id"):
            answers.add(row["Id"])
        if row.get("PostTypeId") in (QUESTION, ANSWER) and row.get("OwnerUserId", "-1") not in ("", "-1"):
            authors.add(row["OwnerUserId"])

    # the authors' names, read whole before a member is written (a broken Users.xml writes nothing)
    names: dict[str, str] = {}
    if users_file is not None:
        for row in read_rows(users_file, stage(f"reading {users_file.name}")):
            if row.get("Id", "") in authors:
                names[row["Id"]] = row.get("DisplayName", "")

    # users who wrote a post become members of the community
    handles: dict[str, str] = {}
    for user, display in names.items():
        handle = user_handle(user, display)  # slugify keeps only a-z0-9
        handles[user] = handle
        name = " ".join(visible(display).split())[:100] or handle
        try:
            cop.member(handle)
            result.actions.append(SEAction("same", f"member {handle}"))
        except NotFound:
            result.actions.append(SEAction("add", f"member {handle} ({name})"))
            if not dry_run:
                cop.add_member(handle, name)
                cop.join(community, handle)

    existing = {e.id: e.path for e in cop.repo.all(Entry) if e.community == community}

    # pass 2: the posts, each written as it is read
    for row in read_rows(posts, stage(f"importing {posts.name}")):
        kind = {QUESTION: "question", ANSWER: "answer"}.get(row.get("PostTypeId", ""))
        post = row.get("Id", "")
        if kind is None or not post:
            continue
        data: dict[str, object] = {
            "id": derived_id(SOURCE, community, post),
            "kind": kind,
            "community": community,
            "author": handles.get(row.get("OwnerUserId", ""), importer.handle),
            "created": _when(row.get("CreationDate", "")),
            "updated": _when(row.get("LastEditDate", "") or row.get("CreationDate", "")),
            "score": _score(row.get("Score", "0")),
            "imported_from": {SOURCE: post},
        }
        if kind == "question":
            data["title"] = titles.get(post) or _title(row.get("Title", ""))
            data["tags"] = _tags(row.get("Tags", ""))
            if row.get("AcceptedAnswerId") in answers:  # never an accepted answer that is not there
                data["accepted"] = derived_id(SOURCE, community, row["AcceptedAnswerId"])
        else:
            parent = row.get("ParentId", "")
            if parent not in titles:
                result.skipped.append(f"post {post}: an answer to question {parent or '?'}, not in the dump")
                continue
            data["question"] = derived_id(SOURCE, community, parent)
            data["title"] = f"Re: {titles[parent]}"
        try:
            entry = Entry.from_data({k: v for k, v in data.items() if v not in ("", None)})
        except CopError as error:
            result.skipped.append(f"post {post}: {error}")
            continue
        entry.body = html_to_markdown(row.get("Body", ""))
        label = f"{kind} {entry.id} '{entry.title}' (post {post}, score {entry.score})"
        if entry.id in existing:
            entry.path = existing[entry.id]
            try:
                same = render(cop.repo.read(entry.path)) == render(entry)
            except CopError:
                same = False
            result.actions.append(SEAction("same" if same else "update", label))
            if not same and not dry_run:
                cop.repo.update(entry)
        else:
            entry.path = record_path(entry)
            result.actions.append(SEAction("add", label))
            if not dry_run:
                bundle.write_new(cop.repo.root, entry.path, render(entry))
    if not dry_run:  # the posts went to disk past the repo: its next query checks the files again
        cop.repo.invalidate()
    return result


__all__ = ["SEImport", "html_to_markdown", "import_stackexchange", "user_handle"]
