"""Shell completion callbacks for the entry and repo commands, read from the index through the core.

They run inside the shell's completion request, so they must never raise nor print, and never create a
repo: every failure gives no suggestions. Slugs, handles and tags come from the people commands' callbacks
(`cop.commands.community`), so both command sets complete the same way.
"""

from __future__ import annotations

from collections.abc import Callable

import typer

from cop.commands.community import complete_handles, complete_slugs, complete_tags, completion_core
from cop.models import ENTRY_KINDS, ENTRY_STATUSES

__all__ = [
    "complete_answers",
    "complete_entry_ids",
    "complete_entry_kinds",
    "complete_entry_statuses",
    "complete_handles",
    "complete_questions",
    "complete_slugs",
    "complete_sorts",
    "complete_tags",
]

SORTS = ("updated", "created", "title")
MAX_IDS = 200  # a shell cannot show more usefully; the newest come first


def _ids(ctx: typer.Context, incomplete: str, kind: str | None = None) -> list[tuple[str, str]]:
    from cop.store import EntryFilter

    core = completion_core(ctx)
    if core is None:
        return []
    try:
        prefix = incomplete.strip().lower()
        found = [e for e in core.entries(EntryFilter(kind=kind)) if e.id.startswith(prefix)]
        return [(e.id, f"{e.kind}: {e.title}") for e in found[:MAX_IDS]]
    except Exception:  # completion must never print a traceback into the shell
        return []
    finally:
        core.close()


def complete_entry_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Entry ids, each with its kind and title as the help the shell shows."""
    return _ids(ctx, incomplete)


def complete_questions(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Ids of questions (what `cop answer` takes)."""
    return _ids(ctx, incomplete, "question")


def complete_answers(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Ids of answers (what `cop accept` takes)."""
    return _ids(ctx, incomplete, "answer")


def _choices(values: tuple[str, ...]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]

    return complete


complete_entry_kinds = _choices(ENTRY_KINDS)
complete_entry_statuses = _choices(ENTRY_STATUSES)
complete_sorts = _choices(SORTS)
