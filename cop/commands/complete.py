"""Shell completion callbacks for the entry and repo commands, read from the index through the core.

They run inside the shell's completion request, so they must never raise nor print, and never create a
repo: every failure gives no suggestions. The entry, repo and people commands all
complete from here, so they complete the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import typer

from cop.domain.filters import ENTRY_SORTS
from cop.domain.models import COMMUNITY_KINDS, ENTRY_KINDS, ENTRY_STATUSES

if TYPE_CHECKING:
    from cop.core import Cop

__all__ = [
    "complete_answers",
    "complete_choices",
    "complete_community_kinds",
    "complete_entry_ids",
    "complete_entry_kinds",
    "complete_entry_statuses",
    "complete_handles",
    "complete_questions",
    "complete_records",
    "complete_slugs",
    "complete_sorts",
    "complete_tags",
]

MAX_IDS = 200  # a shell cannot show more usefully; the newest come first


def completion_core(ctx: typer.Context) -> Cop | None:
    """The core for a completion callback, from --repo/-R (before or after the command), COP_REPO or
    the folder; None when there is none.

    Completion must never fail nor create anything, so the personal repo is not created here.
    """
    try:
        from cop.commands.registry import late_key
        from cop.core import Cop, is_repo, resolve_repo_path

        given = ctx.meta.get(late_key("repo")) or ctx.find_root().params.get("repo_path")
        path, _ = resolve_repo_path(given)
        if not is_repo(path):
            return None
        return Cop.open(path)
    except Exception:  # completion must never print a traceback into the shell
        return None


def _complete(ctx: typer.Context, incomplete: str, values: Any) -> list[str]:
    core = completion_core(ctx)
    if core is None:
        return []
    try:
        return [v for v in values(core) if v.startswith(incomplete)]
    except Exception:
        return []
    finally:
        core.close()


def complete_slugs(ctx: typer.Context, incomplete: str) -> list[str]:
    """Community slugs from the index."""
    return _complete(ctx, incomplete, lambda core: [c.slug for c in core.communities()])


def complete_handles(ctx: typer.Context, incomplete: str) -> list[str]:
    """Member handles from the index."""
    return _complete(ctx, incomplete, lambda core: [m.handle for m in core.members()])


def complete_tags(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tags in use: entry tags, then member expertise and interests and community tags."""

    def tags(core: Cop) -> list[str]:
        found = [tag for tag, _ in core.tags()]
        for member in core.members():
            found += member.expertise + member.interests
        for community in core.communities():
            found += community.tags
        return list(dict.fromkeys(found))

    return _complete(ctx, incomplete, tags)


def complete_community_kinds(incomplete: str) -> list[str]:
    return [k for k in COMMUNITY_KINDS if k.startswith(incomplete)]


def _ids(ctx: typer.Context, incomplete: str, kind: str | None = None) -> list[tuple[str, str]]:
    from cop.domain.filters import EntryFilter

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


def complete_records(
    ctx: typer.Context, incomplete: str, pairs: Callable[[Cop], Iterable[tuple[str, str]]]
) -> list[tuple[str, str]]:
    """The (key, help) pairs of `pairs(core)` whose key starts with `incomplete`, for a record group's
    own completion (events, mentorships, projects); none on any failure."""
    core = completion_core(ctx)
    if core is None:
        return []
    try:
        return [(key, text) for key, text in pairs(core) if key.startswith(incomplete)]
    except Exception:  # completion must never print a traceback into the shell
        return []
    finally:
        core.close()


def complete_choices(values: tuple[str, ...]) -> Callable[[str], list[str]]:
    """A completion for an option with fixed values (kinds, statuses)."""

    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]

    return complete


complete_entry_kinds = complete_choices(ENTRY_KINDS)
complete_entry_statuses = complete_choices(ENTRY_STATUSES)
complete_sorts = complete_choices(ENTRY_SORTS)
