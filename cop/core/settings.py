"""Resolved settings for the faces: `setting(name)` is the one call (pager, colour, editor, watch …).

    from cop.core.settings import setting
    setting("pager")              # -> str | None, from env > clone > user > default
    setting("editor", root=path)  # in a given clone (default: the repo above the current folder)
    setting("identity", flags={"identity": "ada"})  # a flag the face parsed wins over everything

Precedence, highest first: flags (the face passes what it parsed) > environment (`COP_PAGER`,
`COP_EDITOR`/`VISUAL`/`EDITOR`, … per key, `cop.domain.settings.KEYS`) > the clone's file
(`.git/cop/config.toml`) > the user's (`$XDG_CONFIG_HOME/cop/config.toml`) > the default.
`lookup` gives the value with its origin (for `cop config --show-origin`), `set_value`/`unset_value`
write one file. A broken file raises `ConfigError` naming it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from cop.domain import settings as rules
from cop.domain.errors import CopError, UsageError
from cop.domain.settings import Value
from cop.store import config as files
from cop.store.records.files import repo_above

if TYPE_CHECKING:
    from cop.core.health import HealthOps
    from cop.domain.watch import WatchStatus

__all__ = [
    "aliases",
    "all_values",
    "default_repo",
    "identity",
    "lookup",
    "set_value",
    "setting",
    "settings_path",
    "unset_value",
]


def _root(root: Path | str | None) -> Path | None:
    if root is not None:
        return Path(root).expanduser()
    env = os.environ.get("COP_REPO")
    if env:
        return Path(env).expanduser()
    return repo_above(Path.cwd())


def settings_path(scope: str, root: Path | str | None = None) -> Path | None:
    """The file of `scope` ("user" or "clone"); None for a clone that is no git clone."""
    if scope == "user":
        return files.user_path()
    found = _root(root)
    return files.clone_path(found) if found is not None else None


def default_repo() -> Path | None:
    """The config's `repo` when no `COP_REPO` and no repo above the current folder pick one."""
    if os.environ.get("COP_REPO") or repo_above(Path.cwd()) is not None:
        return None
    value = lookup("repo", root=None).value
    return Path(value).expanduser() if value else None


def _layers(root: Path | str | None) -> list[tuple[str, dict[str, str]]]:
    layers = []
    clone = settings_path("clone", root)
    if clone is not None:
        layers.append((f"clone:{clone}", files.read(clone)))
    user = files.user_path()
    layers.append((f"user:{user}", files.read(user)))
    return layers


def lookup(name: str, *, root: Path | str | None = None, flags: dict[str, str | None] | None = None) -> Value:
    """`name`'s value and its origin."""
    return rules.resolve(rules.check_name(name), flags or {}, dict(os.environ), _layers(root))


def setting(
    name: str, *, root: Path | str | None = None, flags: dict[str, str | None] | None = None
) -> str | None:
    """`name`'s value (None when unset and without a default)."""
    return lookup(name, root=root, flags=flags).value


def identity(root: Path | str | None = None) -> tuple[str | None, str]:
    """The config's `identity` (flags and `COP_USER` aside: the face has those) and where it came from,
    as a person reads it: "clone config (PATH)", "user config (PATH)"."""
    found = rules.resolve("identity", {}, {}, _layers(root))
    scope, _, path = found.origin.partition(":")
    return found.value, f"{scope} config ({path})" if path else scope


def all_values(root: Path | str | None = None, scope: str | None = None) -> list[Value]:
    """Every key with its resolved value (and every alias), or only what `scope`'s file holds."""
    if scope is not None:
        path = settings_path(scope, root)
        table = files.read(path)
        return [Value(k, v, f"{scope}:{path}") for k, v in sorted(table.items())]
    layers = _layers(root)
    names = list(rules.KEYS) + sorted({k for _, t in layers for k in t if k.startswith(rules.ALIAS_PREFIX)})
    return [rules.resolve(n, {}, dict(os.environ), layers) for n in names]


def aliases(root: Path | str | None = None) -> dict[str, str]:
    """The `[alias]` table, clone over user: alias name -> the command line it stands for."""
    merged: dict[str, str] = {}
    for _, table in reversed(_layers(root)):
        merged |= {
            k[len(rules.ALIAS_PREFIX) :]: v for k, v in table.items() if k.startswith(rules.ALIAS_PREFIX)
        }
    return merged


def _writable(scope: str, root: Path | str | None) -> Path:
    path = settings_path(scope, root)
    if path is None:
        raise UsageError(
            "no clone here for a per-clone setting (it lives in .git/): run it in a clone, or --user"
        )
    return path


def set_value(
    name: str,
    value: str,
    scope: str = "clone",
    root: Path | str | None = None,
    commands: frozenset[str] = frozenset(),
) -> Path:
    """Write `name = value` into `scope`'s file; returns the file."""
    rules.check_value(rules.check_name(name), value, commands)
    path = _writable(scope, root)
    table = files.read(path)
    table[name] = value
    files.write(path, table)
    return path


def unset_value(name: str, scope: str = "clone", root: Path | str | None = None) -> bool:
    """Remove `name` from `scope`'s file; False when it was not there."""
    path = _writable(scope, root)
    table = files.read(path)
    if rules.check_name(name) not in table:
        return False
    del table[name]
    files.write(path, table)
    return True


#: `watch = auto` starts a watcher in a clone of this many record files or more
WATCH_THRESHOLD = 5000


def watch_threshold() -> int:
    """`WATCH_THRESHOLD`, or `COP_WATCH_THRESHOLD` (documented for tests: a small repo then counts as big)."""
    try:
        return max(0, int(os.environ.get("COP_WATCH_THRESHOLD", "")))
    except ValueError:
        return WATCH_THRESHOLD


def auto_watch(core: HealthOps, command: list[str]) -> tuple[WatchStatus, int] | None:
    """Start `command` (the face's `cop watch` on this repo) detached when the `watch` setting asks:
    `on` always, `auto` on Linux in a clone of `watch_threshold()` record files or more, `off` never;
    only when no watcher runs. Returns (its status, the file count) when one was started."""
    mode = setting("watch", root=core.root)
    if mode == "off" or not core.can_watch() or core.watcher() is not None:
        return None
    count = len(core.repo.files())
    if mode == "auto" and count < watch_threshold():
        return None
    try:
        return core.start_watcher(command), count
    except CopError:  # a watcher that cannot start leaves the command to sweep, as without one
        return None
