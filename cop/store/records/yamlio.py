"""Byte-stable YAML and front matter: the only place cop parses or emits YAML.

Reading uses the C safe loader when PyYAML has libyaml (8-10x faster), `SafeLoader` otherwise; both refuse
tags such as `!!python/object`. Most files are in the shape cop writes, which `plainyaml` reads without
PyYAML, so PyYAML (~15 ms to import) is imported only when a file needs it or something is written.
Writing uses `safe_dump` with a representer that puts multi-line text in `|` block scalars; strings
YAML would retype (`yes`, `null`, `1e3`, `2024-01-02`…) come out quoted.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from cop.domain.errors import ParseError
from cop.store.records import plainyaml

if TYPE_CHECKING:
    import yaml

# Characters a block scalar cannot carry faithfully (YAML folds them into line breaks or refuses them).
_NOT_IN_BLOCK = frozenset("\r\x85\u2028\u2029\ufeff\t")


@cache
def loader() -> type[yaml.SafeLoader]:
    """The C safe loader when libyaml is there, else PyYAML's own."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _dumper() -> type[yaml.SafeDumper]:
    """The safe dumper (C when libyaml is there) with block scalars for multi-line text."""
    import yaml

    base: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[valid-type, misc]
        """Safe dumper with block scalars for multi-line text."""

    Dumper.add_representer(str, _represent_str)
    return Dumper


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and not (_NOT_IN_BLOCK & set(value)) and not value.startswith(" "):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def dump(data: dict[str, Any]) -> str:
    """Serialize one record's data; the same data always gives the same text."""
    import yaml

    return yaml.dump(
        data,
        Dumper=_dumper(),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )


#: How deep mappings and lists may nest in a record file or bundle: cop's own records nest four levels;
#: a deeper value would only exhaust the stack of whatever walks it (merge, export, dump).
MAX_DEPTH = 64


def load(text: str, path: str, line_offset: int = 0) -> Any:
    """Parse YAML text safely; errors name the file and line.

    The text is composed into nodes first and checked before any value is built: an alias (`*name`)
    is refused, since cop never writes one and nine chained aliases expand 545 bytes into billions of
    values; so are a key given twice in one mapping and nesting deeper than `MAX_DEPTH`.
    """
    fast = plainyaml.load(text)  # the shape cop writes, line by line: most files
    if fast is not None:
        return fast
    import yaml

    reader = loader()(text)
    try:
        node = reader.get_single_node()
        if node is None:
            return None
        if _check_nodes(node, text, path, line_offset):
            return _plain(node)
        return reader.construct_document(node)
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
    finally:
        reader.dispose()


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


def _check_nodes(root: yaml.Node, text: str, path: str, line_offset: int) -> bool:
    """Refuse aliases, duplicate keys and deep nesting in a composed document (iteratively: the
    check itself must not recurse). A node met twice is an alias: the composer shares the anchored
    node, so the graph stays small even when its expansion would not.

    Returns whether the document is only text, lists and mappings with text keys, as every file cop
    writes is: `_plain` then builds it without PyYAML's constructor."""
    import yaml

    plain = True
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int, int]] = [(root, 1, root.start_mark.line)]
    while stack:
        node, depth, line = stack.pop()
        if id(node) in seen:
            raise ParseError(
                path,
                "uses a YAML alias ('*name'), which cop refuses in its files: write the value out",
                _first_alias_line(text, line) + 1 + line_offset,
            )
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            plain = plain and node.tag == _STR
            continue
        if depth > MAX_DEPTH:
            raise ParseError(
                path, f"nests deeper than {MAX_DEPTH} levels, which cop refuses", line + 1 + line_offset
            )
        if isinstance(node, yaml.SequenceNode):
            plain = plain and node.tag == _SEQ
            stack.extend((item, depth + 1, item.start_mark.line) for item in node.value)
            continue
        plain = plain and node.tag == _MAP
        keys: set[tuple[str, str]] = set()
        for key, value in node.value:
            key_line = key.start_mark.line
            if isinstance(key, yaml.ScalarNode):
                if (key.tag, key.value) in keys:
                    raise ParseError(
                        path,
                        f"gives the key '{_short(key.value)}' twice (YAML keeps only the last one): "
                        "remove one",
                        key_line + 1 + line_offset,
                    )
                keys.add((key.tag, key.value))
            else:
                plain = False  # a list or mapping as a key: the constructor refuses it
            stack.append((key, depth + 1, key_line))
            stack.append((value, depth + 1, key_line))
    return plain


def _plain(node: yaml.Node) -> Any:
    """The value of a checked document of text, lists and mappings with text keys: what PyYAML's
    safe constructor builds from it, without its per-node bookkeeping (most of the Python time of
    parsing a record file). Nesting is checked already, so this recursion is bounded."""
    if node.tag == _STR:
        return node.value
    if node.tag == _SEQ:
        return [_plain(item) for item in node.value]
    return {key.value: _plain(value) for key, value in node.value}


def _first_alias_line(text: str, fallback: int) -> int:
    """The 0-based line of the first alias in `text` (a token scan, only run to word an error)."""
    import yaml

    for token in yaml.scan(text, Loader=loader()):
        if isinstance(token, yaml.AliasToken):
            return int(token.start_mark.line)
    return fallback


def _short(text: str, limit: int = 40) -> str:
    """A value shortened for a one-line message (a key can be any length)."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def check_depth(data: Any, path: str) -> None:
    """Refuse plain data (a parsed JSON bundle) nested deeper than `MAX_DEPTH`, iteratively."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise ParseError(path, f"nests deeper than {MAX_DEPTH} levels, which cop refuses")
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)


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
    """A Markdown file's text: front matter between '---' lines, then the body verbatim."""
    text = dump(front)
    # A last value ending in blank lines is a `|+` block, after which PyYAML writes the document end
    # marker '...'; in front matter that line would end the YAML early and put '---' into the body.
    # Without it the block still keeps its blank lines: the front matter ends where the text does.
    if text.endswith("\n...\n"):
        text = text[: -len("...\n")]
    return f"---\n{text}---\n{body}"


def load_front_matter(text: str, path: str) -> tuple[Any, str]:
    front, body = split_front_matter(text, path)
    return load(front, path, line_offset=1), body
