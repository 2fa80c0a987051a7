"""cop's settings: the keys, their allowed values, where each can come from, and which source wins.

Pure rules, no I/O: the store reads and writes the files (cop/store/config.py), the core resolves a
value (cop/core/settings.py). Precedence, highest first: a command-line flag > the environment > the
clone's file > the user's file > the default. Every key may sit in either file; `[alias]` holds aliases.
"""

from __future__ import annotations

from dataclasses import dataclass

from cop.domain.errors import UsageError

SCOPES = ("clone", "user")


@dataclass(frozen=True)
class Key:
    """One setting: what it means, its allowed values (None: any text), default and environment."""

    name: str
    help: str
    choices: tuple[str, ...] | None = None
    default: str | None = None
    env: tuple[str, ...] = ()
    flag: str | None = None


KEYS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("repo", "the knowledge repo used outside any repo (a path)", env=("COP_REPO",), flag="--repo"),
        Key("identity", "the member handle you act as", env=("COP_USER",), flag="--as"),
        Key("editor", "the editor for bodies and whole entries", env=("COP_EDITOR", "VISUAL", "EDITOR")),
        Key("community", "the community a new entry or question goes to", env=("COP_COMMUNITY",)),
        Key(
            "pager", "the pager for long output on a terminal ('' or 'off': none)", env=("COP_PAGER", "PAGER")
        ),
        Key("colour", "colour on a terminal", ("auto", "always", "never"), "auto", ("COP_COLOUR",)),
        Key(
            "watch",
            "start 'cop watch' in big clones (docs/watch.md)",
            ("auto", "on", "off"),
            "auto",
            ("COP_WATCH",),
        ),
    )
}
ALIAS_PREFIX = "alias."


@dataclass(frozen=True)
class Value:
    """A resolved setting and where it came from: flag, env (with the variable), clone, user, default."""

    name: str
    value: str | None
    origin: str  # "flag", "env:NAME", "clone:PATH", "user:PATH", "default"


def check_name(name: str) -> str:
    """`name` if it is a setting or `alias.NAME`; else a UsageError listing the keys."""
    if name in KEYS:
        return name
    if name.startswith(ALIAS_PREFIX) and valid_alias_name(name[len(ALIAS_PREFIX) :]):
        return name
    known = ", ".join([*KEYS, "alias.NAME"])
    raise UsageError(f"unknown setting '{name}'; the settings are {known}")


def valid_alias_name(name: str) -> bool:
    return bool(name) and len(name) <= 64 and all(c.isalnum() or c in "-_" for c in name) and name[0] != "-"


def check_value(name: str, value: str, commands: frozenset[str] = frozenset()) -> str:
    """`value` if allowed for `name`; an alias may not shadow a real command nor be empty."""
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise UsageError(f"{name}: a value holds no control characters or line breaks")
    key = KEYS.get(name)
    if key is not None and key.choices is not None and value not in key.choices:
        raise UsageError(f"{name} is one of {', '.join(key.choices)}, not '{value}'")
    if name.startswith(ALIAS_PREFIX):
        alias = name[len(ALIAS_PREFIX) :]
        if alias in commands:
            raise UsageError(f"'{alias}' is a cop command; an alias may not shadow it")
        if not value.strip():
            raise UsageError(f"{name}: an alias stands for a command line, not nothing")
    return value


def resolve(
    name: str,
    flags: dict[str, str | None],
    environ: dict[str, str],
    layers: list[tuple[str, dict[str, str]]],
) -> Value:
    """The winning value of `name`: `flags`, then the environment, then each (origin, settings) layer
    in order (clone before user), then the default."""
    key = KEYS.get(name)
    flagged = flags.get(name)
    if flagged is not None:
        return Value(name, flagged, "flag")
    for var in key.env if key else ():
        if environ.get(var):
            return Value(name, environ[var], f"env:{var}")
    for origin, table in layers:
        if name in table:
            return Value(name, table[name], origin)
    return Value(name, key.default if key else None, "default")
