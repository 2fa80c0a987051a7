"""Pages of an entry list (what the TUI's list scrolls through): every sort both ways, pages from an
offset, an entry's position in a list, the filter box's words and the open questions, all in the index."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.domain import ids
from cop.domain.filters import ENTRY_SORTS, EntryFilter, title_words
from cop.domain.models import Entry
from tests.record_files import write_record

FILTERS = (
    EntryFilter(),
    EntryFilter(kind="question"),
    EntryFilter(tags=("many",), author="bob"),
    EntryFilter(words=title_words("gamma #fe")),
    EntryFilter(kind="question", unaccepted=True),
)


@pytest.fixture
def entries(cop: Cop) -> list[Entry]:
    """47 entries whose sort keys tie often (kinds, authors, dates, endorsements), so ties are tested."""
    made = []
    for n in range(47):
        kind = ("question", "lesson", "idea")[n % 3]
        entry = Entry.from_data(
            {
                "id": ids.new_id(),
                "kind": kind,
                "title": f"{('Gamma', 'delta', 'Élan')[n % 3]} {n % 5}",
                "community": "py",
                "author": ("ada", "bob")[n % 2],
                "created": f"2024-01-{1 + n % 4:02d}T00:00:00Z",
                "tags": (["many", "few"], ["fewer"], [])[n % 3],
                "endorsements": ["ada", "bob"][: n % 3],
                "accepted": ids.new_id() if kind == "question" and n % 2 else "",
            }
        )
        write_record(cop.repo.root, entry)
        made.append(entry)
    return made


@pytest.mark.parametrize("sort", ENTRY_SORTS)
def test_every_sort_pages_and_reverses_and_knows_each_position(
    cop: Cop, entries: list[Entry], sort: str
) -> None:
    for where in FILTERS:
        whole = [e.id for e in cop.entries(where, sort=sort)]
        assert whole and cop.count_entries(where) == len(whole)
        assert [e.id for e in cop.entries(where, sort=sort, reverse=True)] == whole[::-1]
        pages = [
            e.id
            for start in range(0, len(whole), 4)
            for e in cop.entries(where, sort=sort, limit=4, offset=start)
        ]
        assert pages == whole
        for position, entry_id in enumerate(whole):
            assert cop.entry_position(entry_id, where, sort=sort) == position
            assert cop.entry_position(entry_id, where, sort=sort, reverse=True) == len(whole) - 1 - position
    outside = next(e.id for e in entries if e.kind != "question")
    assert cop.entry_position(outside, EntryFilter(kind="question"), sort=sort) is None


def test_words_and_open_questions_match_the_entries_themselves(cop: Cop, entries: list[Entry]) -> None:
    def title_and_tags(e: Entry) -> str:
        return " #".join([e.title, *e.tags]).casefold()

    found = {e.id for e in cop.entries(EntryFilter(words=title_words("GAMMA #fe")))}
    assert found == {e.id for e in entries if "gamma" in title_and_tags(e) and "#fe" in title_and_tags(e)}
    found = {e.id for e in cop.entries(EntryFilter(words=title_words("élan")))}
    assert found == {e.id for e in entries if e.title.startswith("Élan")}
    found = {e.id for e in cop.entries(EntryFilter(kind="question", unaccepted=True))}
    assert found == {e.id for e in entries if e.kind == "question" and not e.accepted}


def test_cop_list_sorts_by_kind_and_author_too(cop: Cop, entries: list[Entry]) -> None:
    for sort, key in (("kind", lambda e: e.kind), ("author", lambda e: e.author)):
        result = CliRunner().invoke(app, ["--repo", str(cop.repo.root), "list", "--all", "--sort", sort])
        assert result.exit_code == 0, result.output
        ids_ = [line.split("\t")[0] for line in result.stdout.splitlines()]
        by_id = {e.id: e for e in entries}
        expected = sorted(entries, key=lambda e: (key(e), e.title.casefold(), e.id))
        assert ids_ == [e.id for e in expected]
        assert [key(by_id[i]) for i in ids_] == sorted(key(e) for e in entries)
