"""The core: `Cop`, the one API both faces call, and opening, creating and cloning a repo."""

from cop.core.api import Cop, clone_repo, init_repo, is_repo, resolve_repo_path

__all__ = ["Cop", "clone_repo", "init_repo", "is_repo", "resolve_repo_path"]
