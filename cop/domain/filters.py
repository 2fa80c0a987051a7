"""What an entry query asks for (`EntryFilter`) and what full-text search finds (`SearchRow`, markers)."""

from __future__ import annotations

from dataclasses import dataclass

HIGHLIGHT_START = "\x02"  # snippet markers: control bytes never present in indexed text
HIGHLIGHT_END = "\x03"


@dataclass(frozen=True)
class EntryFilter:
    """The filters every entry query takes (list, search, TUI views)."""

    community: str | None = None
    kind: str | None = None
    tags: tuple[str, ...] = ()
    author: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    question: str | None = None
    unanswered: bool = False
    #: leave obsolete entries out (what `cop list` does unless asked for them)
    hide_obsolete: bool = False
    #: only these entry ids (empty: any)
    ids: tuple[str, ...] = ()
    #: only entries whose review date is on or before this day, or that were never verified
    due_by: str | None = None
    #: only entries whose body links to this entry id (`[[id]]`, cop.domain.links)
    links_to: str | None = None
    #: only entries nothing links to (questions and answers aside: they hang off their thread)
    orphans: bool = False
    #: only entries without an accepted answer (with kind "question": the open questions)
    unaccepted: bool = False
    #: only entries whose title or tags hold every one of these pieces of text, in any case (the TUI's
    #: filter box: `title_words`); "#py" matches a tag starting with "py"
    words: tuple[str, ...] = ()


def title_words(text: str) -> tuple[str, ...]:
    """What a person typed in a filter box as `EntryFilter.words`: each word, casefolded."""
    return tuple(text.casefold().split())


def has_filters(where: EntryFilter) -> bool:
    return any(
        (
            where.community,
            where.kind,
            where.tags,
            where.author,
            where.status,
            where.since,
            where.until,
            where.question,
            where.hide_obsolete,
            where.ids,
            where.due_by,
            where.links_to,
            where.orphans,
            where.unaccepted,
            where.words,
        )
    )


#: The orders an entry list takes (`cop list --sort`, the TUI's `s`): newest first, title A-Z, kind or
#: author A-Z (then by title), most endorsed first.
ENTRY_SORTS = ("updated", "created", "title", "kind", "author", "endorsements")


@dataclass(frozen=True)
class SearchRow:
    """One full-text hit: enough to list it without opening the file."""

    id: str
    path: str
    title: str
    kind: str
    community: str
    author: str
    updated: str
    tags: list[str]
    snippet: str
    score: float
    #: a question's number of answers (a question and its answers are one hit)
    answers: int = 0
    #: the id of the entry in the thread whose text matched best, when not the one shown
    matched: str = ""
