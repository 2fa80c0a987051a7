"""A search asks SQLite for the snippets of the hits it shows in one statement, not one per hit, and
each hit gets the snippet of the entry that matched."""

from __future__ import annotations

from cop.core import Cop
from cop.domain.filters import HIGHLIGHT_END, HIGHLIGHT_START


def test_the_snippets_of_a_page_of_hits_are_one_statement(cop: Cop) -> None:
    for number in range(6):
        cop.add_entry("lesson", f"Lesson {number}", "py", body=f"Words then quokka number {number} here.")
    cop.search("quokka")  # the index is fresh before the counted search
    statements: list[str] = []
    cop.repo.index_conn().set_trace_callback(statements.append)
    try:
        rows = cop.search("quokka")
    finally:
        cop.repo.index_conn().set_trace_callback(None)
    assert len(rows) == 6
    assert len([s for s in statements if "snippet(" in s]) == 1
    for row in rows:
        number = row.title.split()[-1]
        assert f"{HIGHLIGHT_START}quokka{HIGHLIGHT_END} number {number}" in row.snippet
