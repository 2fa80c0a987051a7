"""The settings files: the user's `$XDG_CONFIG_HOME/cop/config.toml` and the clone's `.git/cop/config.toml`.

Read with the standard library's `tomllib`; written by `render`, a small writer for the flat keys and
the `[alias]` table (sorted, always the same bytes for the same settings). Which keys exist and which
source wins is `cop.domain.settings`' business; this module only moves bytes.

The clone's file lives inside `.git/` (in the git folder a worktree's `.git` file names): git never
commits it nor `git clean` removes it, and it survives deleting `.cop/`, which is a cache.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from cop.domain.errors import CopError
from cop.store.records.files import atomic_write, read_regular

ALIAS_TABLE = "alias"
MAX_BYTES = 1 << 20  # a settings file is a few lines; a bigger one is a mistake


class ConfigError(CopError):
    """A settings file cannot be read or written: names the file (and the line)."""


def user_path() -> Path:
    """`$XDG_CONFIG_HOME/cop/config.toml`, else `~/.config/cop/config.toml`."""
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    folder = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return folder / "cop" / "config.toml"


def git_dir(root: Path) -> Path | None:
    """The clone's git folder: `.git`, or where a worktree's `.git` file points; None without git."""
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git
    if dot_git.is_file():
        text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
        if text.startswith("gitdir:"):
            target = Path(text.split(":", 1)[1].strip())
            return target if target.is_absolute() else (root / target)
    return None


def clone_path(root: Path) -> Path | None:
    """The clone's settings file, or None when the repo is no git clone."""
    found = git_dir(root)
    return found / "cop" / "config.toml" if found is not None else None


def read(path: Path | None) -> dict[str, str]:
    """The settings in `path` as flat names (`alias.q` for `[alias] q`); {} when it does not exist."""
    if path is None or not path.exists():
        return {}
    try:
        data = read_regular(path, "settings file")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it ({error.strerror})") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: larger than 1 MB; a settings file is a few lines")
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    flat: dict[str, str] = {}
    for key, value in table.items():
        if key == ALIAS_TABLE and isinstance(value, dict):
            for alias, line in value.items():
                if not isinstance(line, str):
                    raise ConfigError(f"{path}: [alias] {alias} must be a string (a command line)")
                flat[f"{ALIAS_TABLE}.{alias}"] = line
        elif isinstance(value, str):
            flat[key] = value
        else:
            raise ConfigError(f"{path}: {key} must be a string, as every cop setting is")
    return flat


def _quote(text: str) -> str:
    out = []
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif ord(char) < 32 or ord(char) == 127:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _key(name: str) -> str:
    bare = name and all(c.isascii() and (c.isalnum() or c in "-_") for c in name)
    return name if bare else _quote(name)


def render(settings: dict[str, str]) -> str:
    """The TOML text for `settings`: flat keys sorted, then `[alias]` sorted; same input, same bytes."""
    prefix = f"{ALIAS_TABLE}."
    lines = [f"{_key(k)} = {_quote(v)}" for k, v in sorted(settings.items()) if not k.startswith(prefix)]
    aliases = [(k[len(prefix) :], v) for k, v in sorted(settings.items()) if k.startswith(prefix)]
    if aliases:
        if lines:
            lines.append("")
        lines.append(f"[{ALIAS_TABLE}]")
        lines += [f"{_key(k)} = {_quote(v)}" for k, v in aliases]
    return "\n".join(lines) + "\n" if lines else ""


def write(path: Path, settings: dict[str, str]) -> None:
    """Replace `path` with `settings` atomically (creating its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write(path, render(settings))
    except OSError as error:
        raise ConfigError(f"{path}: cannot write it ({error.strerror})") from None
