"""Knowledge entry operations: add, edit, delete, questions and answers, list, search, tags."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cop.core.templates import TemplateOps
from cop.domain import dates, ids
from cop.domain.errors import CopError, PermissionDenied, ValidationError
from cop.domain.filters import EntryFilter, SearchRow
from cop.domain.models import ENTRY_KINDS, ENTRY_STATUSES, Entry, with_changes
from cop.domain.tags import typed_tags
from cop.domain.templates import DEFAULT_BODIES, kinds_comment
from cop.store import parse_entry_text, render

BODY_HINTS = DEFAULT_BODIES  # the built-in bodies: one definition, in cop.domain.templates


def _clean_body(body: str) -> str:
    """Bodies are stored with trailing whitespace trimmed and one final newline."""
    body = body.replace("\r\n", "\n").strip("\n")
    return body.rstrip() + "\n" if body.strip() else ""


@dataclass
class Thread:
    """An entry with its answers (a question) or its question (an answer)."""

    entry: Entry
    answers: list[Entry] = field(default_factory=list)
    question: Entry | None = None


class EntryOps(TemplateOps):
    """Entries, questions and answers, search and tags."""

    # -- reading -----------------------------------------------------------------------------------
    def entries(
        self,
        where: EntryFilter = EntryFilter(),
        *,
        sort: str = "updated",
        reverse: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Entry]:
        """Entries matching the filter (no bodies) in a `cop.domain.filters.ENTRY_SORTS` order
        (`reverse`: the other way round), `limit` of them from `offset`: one page of a long list."""
        return self.repo.entries(where, sort=sort, limit=limit, offset=offset, reverse=reverse)

    def count_entries(self, where: EntryFilter = EntryFilter()) -> int:
        """How many entries match the filter (counted in the index; no entry is built)."""
        return self.repo.count_entries(where)

    def entry_position(
        self,
        entry_id: str,
        where: EntryFilter = EntryFilter(),
        *,
        sort: str = "updated",
        reverse: bool = False,
    ) -> int | None:
        """Where an entry stands in `entries(where, sort=…, reverse=…)` (0: first), None when it is not
        in that list: what a paged list needs to keep an entry selected (counted in the index)."""
        return self.repo.entry_position(entry_id, where, sort=sort, reverse=reverse)

    def entries_as_indexed(self, limit: int) -> list[Entry] | None:
        """The newest `limit` entries as the index last saw them, without looking at the files: what a
        face paints while the real query (`entries`) still runs, then replaces. Entries added, changed or
        deleted since the last index update are not reflected, so never act on these (read or write by
        id through the normal calls, which check the files). None when no such snapshot is available."""
        return self.repo.entries_as_indexed(limit)

    def entry_filter(
        self,
        *,
        community: str | None = None,
        kind: str | None = None,
        tags: Iterable[str] = (),
        author: str | None = None,
        status: str | None = None,
        since: str | None = None,
        unanswered: bool = False,
        hide_obsolete: bool = False,
    ) -> EntryFilter:
        """A filter built from what a person typed, checked: a bad kind, status or date, or an unknown
        community or member, is an error naming the option (a silent empty list would mislead).
        `hide_obsolete` leaves obsolete entries out unless a status is asked for; status `all` is
        every entry, obsolete ones included."""
        if status == "all":
            status, hide_obsolete = None, False
        if kind and kind not in ENTRY_KINDS:
            raise ValidationError("kind", f"'{kind}' is not one of: {', '.join(ENTRY_KINDS)}")
        if status and status not in ENTRY_STATUSES:
            raise ValidationError("status", f"'{status}' is not one of: {', '.join(ENTRY_STATUSES)}")
        if community and not self.repo.has_indexed("community", community):
            self._require_community(community)  # missing or broken: the file says which
        if author:
            self.repo.member(author)
        return EntryFilter(
            community=community or None,
            kind=kind or None,
            tags=tuple(typed_tags(tags)),
            author=author or None,
            status=status or None,
            since=dates.to_date(since, "since") if since else None,
            unanswered=unanswered,
            hide_obsolete=hide_obsolete and not status,
        )

    def entry(self, id_or_prefix: str) -> Entry:
        """An entry with its body, by id or unique prefix."""
        return self.repo.entry(id_or_prefix)

    def answers(self, question: Entry) -> list[Entry]:
        """The answers to a question with their bodies, the accepted one first, then oldest first."""
        found = self.repo.answers(question.id)
        return sorted(found, key=lambda a: (a.id != question.accepted, a.created, a.id))

    def thread(self, id_or_prefix: str) -> Thread:
        """An entry as it is read (`cop show`, the TUI's reader): a question with its answers (bodies
        too, the accepted one first), an answer with its question (None when that is missing or
        broken: the answer still shows, `cop doctor` reports it)."""
        entry = self.repo.entry(id_or_prefix)
        found = Thread(entry)
        if entry.kind == "question":
            found.answers = self.answers(entry)
        if entry.question:
            try:
                found.question = self.repo.entry(entry.question)
            except CopError:
                found.question = None
        return found

    def raw(self, entry: Entry) -> str:
        return self.repo.raw(entry)

    def search(
        self, query: str, where: EntryFilter = EntryFilter(), limit: int | None = 20
    ) -> list[SearchRow]:
        return self.repo.search(query, where, limit)

    def tags(self, community: str | None = None) -> list[tuple[str, int]]:
        if community:
            self._require_community(community)
        return self.repo.tag_counts(community)

    # -- writing -----------------------------------------------------------------------------------
    def add_entry(
        self,
        kind: str,
        title: str,
        community: str,
        *,
        body: str = "",
        tags: Iterable[str] = (),
        url: str = "",
        status: str = "published",
        question: str = "",
        extra: dict[str, Any] | None = None,
    ) -> Entry:
        """Create an entry authored by the acting member."""
        author = self.require_user()
        self._require_community(community)
        now = dates.now()
        if question:
            question = self._question(question).id
        entry = Entry.from_data(
            {
                **(extra or {}),
                "id": ids.new_id(),
                "kind": kind,
                "title": title,
                "community": community,
                "status": status,
                "author": author.handle,
                "created": now,
                "updated": now,
                "tags": typed_tags(tags),
                "url": url,
                "question": question,
            }
        )
        if entry.kind == "resource" and not entry.url:
            raise ValidationError("url", "a resource needs a --url")
        entry.body = _clean_body(body)
        return self.repo.create(entry)

    def ask(self, community: str, title: str, *, body: str = "", tags: Iterable[str] = ()) -> Entry:
        return self.add_entry("question", title, community, body=body, tags=tags)

    def answer(self, question_id: str, body: str, *, title: str = "") -> Entry:
        """Answer a question; the answer lives in the question's community."""
        question = self._question(question_id)
        if not body.strip():
            raise ValidationError("body", "an answer needs some text")
        return self.add_entry(
            "answer",
            title or f"Re: {question.title}",
            question.community,
            body=body,
            tags=question.tags,
            question=question.id,
        )

    def accept(self, answer_id: str) -> Entry:
        """Mark an answer accepted on its question (only the asker or a coordinator may)."""
        answer = self.repo.entry(answer_id)
        if answer.kind != "answer":
            raise ValidationError("id", f"{answer.id} is a {answer.kind}, not an answer")
        question_id = self._question(answer.question).id
        user = self.require_user()

        def accept_it(question: Entry) -> None:
            if user.handle != question.author and not self.is_coordinator(user.handle, question.community):
                raise PermissionDenied(
                    f"only the asker ({question.author}) or a coordinator of {question.community} "
                    "can accept an answer"
                )
            question.accepted = answer.id
            question.updated = dates.now()

        return self.repo.modify(Entry, question_id, accept_it)

    def _question(self, question_id: str) -> Entry:
        question = self.repo.entry(question_id)
        if question.kind != "question":
            raise ValidationError("question", f"{question.id} is a {question.kind}, not a question")
        return question

    def edit_entry(
        self,
        id_or_prefix: str,
        *,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        body: str | None = None,
        **changes: Any,
    ) -> Entry:
        """Change fields of an entry (None leaves a field as it is); bumps `updated`. The change is
        applied to the entry as its file holds it under the write lock, so concurrent edits all land."""
        if changes.get("community"):
            self._require_community(changes["community"])
        removed = set(typed_tags(remove_tags))

        def edit(entry: Entry) -> Entry:
            tags = [t for t in entry.tags if t not in removed]
            tags += [t for t in typed_tags(add_tags) if t not in tags]
            changed = with_changes(entry, {**changes, "tags": tags, "updated": dates.now()})
            if body is not None:
                changed.body = _clean_body(body)
            return changed

        return self.repo.modify(Entry, id_or_prefix, edit)

    def entry_text(self, entry: Entry) -> str:
        """The entry as the text a person edits: front matter and body."""
        return render(entry)

    def entry_template(
        self, kind: str, community: str, title: str = "", tags: Iterable[str] = (), url: str = ""
    ) -> str:
        """A new entry's text for `$EDITOR`: fill in the title and the body. The body starts as the
        kind's template (cop.core.templates); a comment line lists the kinds."""
        data: dict[str, Any] = {"kind": kind, "title": title or "", "community": community}
        if tags:
            data["tags"] = typed_tags(tags)
        if kind == "resource":
            data["url"] = url or "https://"
        from cop.store import render_front_matter  # PyYAML: off the read commands' start-up

        text = render_front_matter(data, self.template_body(kind, community) if kind else "")
        return text.replace("---\n", "---\n" + kinds_comment(), 1)

    def add_entry_from_text(self, text: str) -> Entry:
        """Create an entry from edited template text (validated; nothing written on error)."""
        draft = parse_entry_text_loose(text)
        return self.add_entry(
            draft.get("kind", ""),
            draft.get("title", ""),
            draft.get("community", ""),
            body=draft.get("body", ""),
            tags=draft.get("tags") or [],
            url=draft.get("url", ""),
            status=draft.get("status") or "published",
        )

    def replace_entry_text(self, id_or_prefix: str, text: str) -> Entry:
        """Save an entry edited as text; its id must not change (checked against the file as it is
        under the write lock, where a move by another process is seen)."""

        def replace(entry: Entry) -> Entry:
            edited = parse_entry_text(text)
            if edited.id != entry.id:
                raise ValidationError("id", f"the id cannot change (was {entry.id}, now {edited.id})")
            self._require_community(edited.community)
            edited.path = entry.path
            edited.body = _clean_body(edited.body)
            if render(edited) != render(entry):
                edited.updated = dates.now()
            return edited

        return self.repo.modify(Entry, id_or_prefix, replace)

    def remove_entry(self, id_or_prefix: str, *, with_answers: bool = False) -> Entry:
        """Delete an entry's file; with_answers also deletes a question's answers (first, so a failure
        part way leaves the question, never answers pointing at nothing new)."""
        entry = self.repo.entry(id_or_prefix)
        if with_answers and entry.kind == "question":
            for answer in self.repo.answers(entry.id):
                self.repo.delete(answer)
        self.repo.delete(entry)
        return entry


def parse_entry_text_loose(text: str) -> dict[str, Any]:
    """Front matter fields and body of a new entry's text (no id yet, so not a full Entry)."""
    from cop.store import parse_front_matter  # PyYAML: off the read commands' start-up

    fields, body = parse_front_matter(text, "the entry")
    if not isinstance(fields, dict):
        raise ValidationError("front matter", "expected fields such as kind, title, community")
    for key in ("kind", "title", "community"):
        if not fields.get(key):
            raise ValidationError(key, "is required")
    return {**{str(k): v for k, v in fields.items()}, "body": body}
