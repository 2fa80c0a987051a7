"""The store: the only code that touches files, YAML, TinyDB, SQLite and git.

The names below are loaded on first use (PEP 562): importing a light part of the store
(`cop.store.config`, `cop.store.records.files`) does not import YAML, SQLite and the index with it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cop.store.index.index import Problem, RefreshReport
    from cop.store.records.codec import parse_entry_text, render
    from cop.store.records.yamlio import join_front_matter as render_front_matter
    from cop.store.records.yamlio import load_front_matter as parse_front_matter
    from cop.store.repo import Repo, default_repo_path, find_root

#: each public name -> (module, name there)
_WHERE = {
    "Problem": ("cop.store.index.index", "Problem"),
    "RefreshReport": ("cop.store.index.index", "RefreshReport"),
    "Repo": ("cop.store.repo", "Repo"),
    "default_repo_path": ("cop.store.repo", "default_repo_path"),
    "find_root": ("cop.store.repo", "find_root"),
    "parse_entry_text": ("cop.store.records.codec", "parse_entry_text"),
    "parse_front_matter": ("cop.store.records.yamlio", "load_front_matter"),
    "render": ("cop.store.records.codec", "render"),
    "render_front_matter": ("cop.store.records.yamlio", "join_front_matter"),
}
__all__ = [
    "Problem",
    "RefreshReport",
    "Repo",
    "default_repo_path",
    "find_root",
    "parse_entry_text",
    "parse_front_matter",
    "render",
    "render_front_matter",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'cop.store' has no attribute {name!r}")
    return getattr(import_module(where[0]), where[1])
