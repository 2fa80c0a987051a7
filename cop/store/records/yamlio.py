"""Byte-stable YAML and front matter: the only place cop parses or emits YAML.

Reading uses the C safe loader when PyYAML has libyaml (8-10x faster), `SafeLoader` otherwise; both refuse
tags such as `!!python/object`. Writing uses `safe_dump` with a representer that puts multi-line text in
`|` block scalars; strings YAML would retype (`yes`, `null`, `1e3`, `2024-01-02`…) come out quoted.
"""

from __future__ import annotations

from typing import Any

import yaml

from cop.domain.errors import ParseError

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # type: ignore[assignment]
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # type: ignore[assignment]

# Characters a block scalar cannot carry faithfully (YAML folds them into line breaks or refuses them).
_NOT_IN_BLOCK = frozenset("\r\x85\u2028\u2029\ufeff\t")


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """Safe dumper with block scalars for multi-line text."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and not (_NOT_IN_BLOCK & set(value)) and not value.startswith(" "):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump(data: dict[str, Any]) -> str:
    """Serialize one record's data; the same data always gives the same text."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )


def load(text: str, path: str, line_offset: int = 0) -> Any:
    """Parse YAML text safely; errors name the file and line."""
    try:
        return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - SafeLoader/CSafeLoader only
    except yaml.constructor.ConstructorError as error:
        line = error.problem_mark.line + 1 + line_offset if error.problem_mark else None
        tag = ""
        if error.problem and "tag" in error.problem:
            tag = error.problem.split("tag", 1)[1].strip(" '")
        raise ParseError(
            path, f"uses a YAML tag {tag!s} that cop refuses (only plain YAML is allowed)", line
        ) from None
    except yaml.MarkedYAMLError as error:
        # The context mark is where the broken construct starts (an unclosed '['), which is the line a
        # person has to fix; the problem mark is often just the end of the text.
        mark = error.context_mark or error.problem_mark
        line = mark.line + 1 + line_offset if mark else None
        reason = f"{error.problem} ({error.context})" if error.context else str(error.problem)
        raise ParseError(path, f"invalid YAML: {reason}", line) from None
    except yaml.YAMLError as error:
        raise ParseError(path, f"invalid YAML: {error}") from None


def split_front_matter(text: str, path: str) -> tuple[str, str]:
    """Split a Markdown file into (front matter YAML, body); the body is kept verbatim."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].rstrip("\r ") != "---":
        raise ParseError(path, "does not start with a '---' front matter line", 1)
    start = first_end + 1
    position = start
    while True:
        end = text.find("\n", position)
        line = text[position:] if end < 0 else text[position:end]
        if line.rstrip("\r ") in ("---", "..."):
            body = "" if end < 0 else text[end + 1 :]
            return text[start:position], body
        if end < 0:
            raise ParseError(path, "front matter is not closed by a '---' line")
        position = end + 1


def join_front_matter(front: dict[str, Any], body: str) -> str:
    return f"---\n{dump(front)}---\n{body}"


def load_front_matter(text: str, path: str) -> tuple[Any, str]:
    front, body = split_front_matter(text, path)
    return load(front, path, line_offset=1), body
