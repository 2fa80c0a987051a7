"""`Cop`: the one core API the CLI and the TUI call (a repo plus the acting member).

The operations live in modules named for what they hold (communities, entries, mentorships, health);
each subclasses `cop.core.session.Session` (the repo, the acting member, the shared helpers), and
this class composes them (`cop.core.operations`: each imported on first use) and resolves which repo
and which member are in play.
"""

from __future__ import annotations

import os
from pathlib import Path

from cop.core.operations import Operations
from cop.domain.errors import RepoNotFound, SyncError
from cop.store import Repo, default_repo_path, find_root
from cop.store.git import process
from cop.store.records import layout


def resolve_repo_path(explicit: str | Path | None, cwd: Path | None = None) -> tuple[Path, bool]:
    """Which repo to use: `--repo`/`COP_REPO`, else the nearest `cop.yaml` above `cwd`, else the
    personal default repo. Returns (path, is_default)."""
    if explicit:
        return Path(explicit).expanduser(), False
    env = os.environ.get("COP_REPO")
    if env:
        return Path(env).expanduser(), False
    found = find_root((cwd or Path.cwd()).resolve())
    if found is not None:
        return found, False
    return default_repo_path(), True


class Cop(Operations):
    """A knowledge repo and who is acting on it: every operations class over one `Session`
    (`cop.core.session`), which holds the repo, the acting member and the helpers they share; each
    class is imported when one of its names is first used (`cop.core.operations`)."""

    @classmethod
    def open(
        cls,
        repo: str | Path | None = None,
        acting: str | None = None,
        cwd: Path | None = None,
        acting_from: str = "--as",
    ) -> Cop:
        """Open the repo cop should work on (creating the personal default repo on first use), acting as
        `acting` (which `acting_from` names: "--as", "user config (PATH)", ...), else `COP_USER`."""
        path, is_default = resolve_repo_path(repo, cwd)
        created = is_default and not (path / layout.CONFIG_FILE).exists()
        if created:
            Repo.init(path, name="My knowledge", description="Your personal cop repo.")
        if not path.is_dir():
            raise RepoNotFound(f"repo folder {path} does not exist; create it with 'cop init {path}'")
        opened = Repo.open(path)
        process.ensure_driver(
            opened.root
        )  # git reads merge drivers from local config only: a fresh clone lacks it
        from_env = os.environ.get("COP_USER") or None
        core = cls(opened, acting or from_env, acting_from if acting else "COP_USER")
        core.created_default = created
        core.personal = is_default
        return core


def is_repo(path: Path) -> bool:
    """Whether `path` holds a knowledge repo (its config file)."""
    return (path / layout.CONFIG_FILE).is_file()


def init_repo(path: Path, name: str | None = None, description: str = "", remote: str | None = None) -> Cop:
    """Create a knowledge repo at `path` (skeleton, .gitignore, git setup) and open it."""
    repo = Repo.init(path, name=name, description=description)
    process.setup(repo.root, remote)
    core = Cop(repo)
    core.install_templates()
    return core


def clone_repo(url: str, target: Path, acting: str | None = None) -> Cop:
    """Clone a shared repo and configure cop's merge driver; the opened core, its index not built yet
    (the caller builds it with `build_index`, whose progress a face can show, or the first query
    does). A clone that fails leaves no half-made folder behind."""
    existed = target.exists()
    if existed and any(target.iterdir()):
        raise SyncError(f"{target} exists and is not empty; choose another folder")
    from cop.store.git.merge_steps import check_out_cop_branch
    from cop.store.git.operations import GitRepo

    try:
        process.clone(url, target)
        if not (target / layout.CONFIG_FILE).is_file():
            check_out_cop_branch(GitRepo(target), url)
        process.ensure_driver(target)
        core = Cop(Repo.open(target), acting)
    except BaseException:
        process.discard_clone(target, keep_folder=existed)
        raise
    return core
