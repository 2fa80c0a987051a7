"""The core: `Cop`, the one API both faces call, and opening, creating and cloning a repo.

The names below are loaded on first use (PEP 562), so importing a light module of the core
(`cop.core.editing`, `cop.core.settings`) does not import every operation and the store with it: a
command's `--help` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cop.core.api import Cop, clone_repo, init_repo, is_repo, resolve_repo_path

__all__ = ["Cop", "clone_repo", "init_repo", "is_repo", "resolve_repo_path"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from cop.core import api

        return getattr(api, name)
    raise AttributeError(f"module 'cop.core' has no attribute {name!r}")
