"""A shortcut for the YAML cop writes itself: a mapping of one-line text values, lists of them, lists of
flat mappings and flat mappings, read line by line instead of through libyaml's event stream.

Every record file is written by `yamlio.dump` in that shape, so a rebuild reads ~100k such documents;
composing each into nodes, checking the nodes (`yamlio._check_nodes`) and building the values was ~40%
of parsing a file. `load` answers only when a document is surely in the shape, and then with what PyYAML
builds from it; on anything else (a block scalar, a double-quoted or multi-line value, a comment, a blank
line, a tab, a value YAML would retype such as `1`, `yes` or `2024-01-02`, a duplicate key, an anchor or
alias, a line break YAML sees that `str.split` does not...) it says None and the caller takes the long
way, with its checks and its messages. So this decides nothing about what a file means.

The rules of the shape (2-space indentation as cop writes it):

    key: value            a one-line value: 'single-quoted' or plain (see `_PLAIN`)
    key:                  then either list items at the key's indentation...
    - value               ...each a value
    - key: value          ...or a flat mapping, its other keys two spaces in
      key: value
    key:                  or a flat mapping two spaces in
      key: value
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: a key as cop's fields and unknown keys are written (PyYAML still decides whether it stays text)
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
#: a plain value this shortcut reads: starts with a letter or digit (no YAML indicator), has no `: `
#: or ` #` (which end a plain scalar), no trailing space or colon; whether it stays text is PyYAML's
#: implicit resolver's answer, as in the long way
_PLAIN = re.compile(r"[A-Za-z0-9](?:[^:#]|:(?! )|(?<! )#)*(?<![ :])")
#: what PyYAML refuses or reads as a line break, a tab, a carriage return: any of them, the long way
#: (the complement of what it prints, \n, \x20-\x7e, \xa0-\ud7ff, \ue000-\ufffd and the astral
#: planes, with \x85, \u2028, \u2029 and the BOM \ufeff taken out too)
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
#: the plain words starting with a letter that PyYAML's implicit resolver retypes (booleans, null):
#: any other plain text starting with a letter or `_` stays text, so PyYAML is not even imported for
#: it (tests/store/test_plain_yaml.py holds this to PyYAML's own resolver)
RETYPED_WORDS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split()
)
_STR = "tag:yaml.org,2002:str"
#: what follows a flat mapping's indentation on a line that is not one of its `key: value` lines
_NOT_A_KEY = (" ", "-", "")
#: plain text -> whether PyYAML's resolver keeps it text (keys and values repeat across files)
_IS_TEXT: dict[str, bool] = {}
_CACHED = 50_000


def _text(plain: str) -> bool:
    """Whether PyYAML reads this plain scalar as text."""
    if plain[0].isascii() and (plain[0].isalpha() or plain[0] == "_"):
        return plain not in RETYPED_WORDS
    known = _IS_TEXT.get(plain)
    if known is None:
        known = resolved(plain) == _STR
        if len(_IS_TEXT) < _CACHED:
            _IS_TEXT[plain] = known
    return known


def resolved(plain: str) -> str:
    """The tag PyYAML's implicit resolver gives this plain scalar."""
    import yaml

    return str(_resolver().resolve(yaml.ScalarNode, plain, (True, False)))


@cache
def _resolver() -> Any:
    from yaml.resolver import Resolver

    return Resolver()


def _value(text: str) -> str | None:
    """A one-line value's text, or None when it is not one this shortcut reads."""
    if text.startswith("'"):
        inner = text[1:-1]
        if len(text) < 2 or not text.endswith("'") or "'" in inner.replace("''", ""):
            return None
        return inner.replace("''", "'")
    if _PLAIN.fullmatch(text) and _text(text):
        return text
    return None


def _key(line: str) -> tuple[str | None, str | None]:
    """(key, the value's text after `: `, or None for a `key:` line) of a `key: …` line; (None, None)
    when the line does not start with a key this shortcut reads."""
    found = _KEY.match(line)
    if found is None:
        return None, None
    key, after = found.group(), line[found.end() :]
    if not _text(key):
        return None, None
    if after == ":":
        return key, None
    if after.startswith(": "):
        return key, after[2:]
    return None, None


def _flat(
    lines: list[str], at: int, first: tuple[str, str] | None, indent: str
) -> tuple[int, dict[str, str] | None]:
    """A flat mapping from `lines[at]` on, each line `indent` + `key: value` (after `first`, the pair
    already read off a list item's line); (the next line, the mapping or None when not readable)."""
    out: dict[str, str] = {}
    if first is not None:
        out[first[0]] = first[1]
    width = len(indent)
    while at < len(lines) and lines[at].startswith(indent) and lines[at][width : width + 1] not in _NOT_A_KEY:
        key, rest = _key(lines[at][width:])
        value = None if rest is None else _value(rest)
        if key is None or value is None or key in out:
            return at, None
        out[key] = value
        at += 1
    return at, out


def load(text: str) -> dict[str, Any] | None:
    """The document `text` as PyYAML's safe loader builds it, when it is in the shape above; else None."""
    if not _KEY.match(text) or _UNUSUAL.search(text):  # (a bundle's list is not scanned)
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    out: dict[str, Any] = {}
    at, count = 0, len(lines)
    while at < count:
        key, rest = _key(lines[at])
        if key is None or key in out:
            return None
        at += 1
        if rest is not None:
            value = _value(rest)
            if value is None:
                return None
            out[key] = value
            continue
        if at < count and lines[at].startswith("- "):
            items: list[Any] = []
            while at < count and lines[at].startswith("- "):
                item = lines[at][2:]
                inner, inner_rest = _key(item)
                if inner is None:  # a value
                    value = _value(item)
                    if value is None:
                        return None
                    items.append(value)
                    at += 1
                    continue
                first = None if inner_rest is None else _value(inner_rest)
                if first is None:
                    return None
                at, mapping = _flat(lines, at + 1, (inner, first), "  ")
                if mapping is None:
                    return None
                items.append(mapping)
            out[key] = items
            continue
        at, mapping = _flat(lines, at, None, "  ")
        if not mapping:  # `key:` and nothing under it (null), or a shape not read here
            return None
        out[key] = mapping
    return out or None
