"""The store: the only code that touches files, YAML, TinyDB, SQLite and git."""

from cop.store.index.index import Problem, RefreshReport
from cop.store.records.codec import parse_entry_text, render
from cop.store.records.yamlio import join_front_matter as render_front_matter
from cop.store.records.yamlio import load_front_matter as parse_front_matter
from cop.store.repo import Repo, default_repo_path, find_root

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
