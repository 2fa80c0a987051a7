"""What the entry list can show: the built-in views and one per community, as core filters, and their rows
(plus the first page and the sidebar's counts: every core call that fills the main screen)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cop.domain.filters import EntryFilter
from cop.tui.rows import Row

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.domain.models import Community


@dataclass(frozen=True)
class View:
    """A named selection of entries: `key` is stable (`all`, `unanswered`, `mine`, `community:py`...)."""

    key: str
    label: str
    where: EntryFilter = EntryFilter()
    #: questions without an accepted answer only (the core filter cannot say "accepted is empty")
    open_questions: bool = False


ALL = View("all", "All entries")
UNANSWERED = View("unanswered", "Questions without an accepted answer", EntryFilter(kind="question"), True)


def mine(handle: str) -> View:
    return View("mine", "My entries", EntryFilter(author=handle))


def community(slug: str, name: str) -> View:
    return View(f"community:{slug}", name, EntryFilter(community=slug))


def author(handle: str, name: str) -> View:
    return View(f"author:{handle}", f"By {name}", EntryFilter(author=handle))


def newest_rows(core: Cop, limit: int) -> list[Row]:
    """(core thread) The All view's newest rows for the first paint: as the index last saw them when
    the store kept them (no look at the files: fast at any size; the full load corrects them), else
    asked for as usual (the freshness check first)."""
    entries = core.entries_as_indexed(limit)
    if entries is None:
        return rows_of(core, ALL, limit)
    return [Row.of_entry(e) for e in entries]


def sidebar_data(core: Cop) -> tuple[list[Community], dict[str, int], int]:
    """(core thread) Communities, entry counts per community, and the total."""
    counts = core.entry_counts()
    return core.communities(), counts, sum(counts.values())


def rows_of(core: Cop, view: View, limit: int | None = None) -> list[Row]:
    """(core thread) The view's rows (the newest `limit` of them when given)."""
    entries = core.entries(view.where, limit=limit)
    if view.open_questions:
        entries = [e for e in entries if not e.accepted]
    return [Row.of_entry(e) for e in entries]
