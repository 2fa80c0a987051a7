"""The shortcuts of parsing a record file: a document of text, lists and mappings is built without
PyYAML's constructor, and a clean path is split without pathlib. Each gives what the long way gives."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cop.store.records import layout, yamlio

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
plain_values = st.recursive(
    text, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4), max_leaves=12
)


def constructed(source: str) -> Any:
    """What PyYAML's safe constructor builds (the long way)."""
    return yaml.load(source, Loader=yamlio.loader())  # the C safe loader


@given(st.dictionaries(text, plain_values, max_size=6))
def test_text_lists_and_mappings_load_as_the_constructor_builds_them(data: dict[str, Any]) -> None:
    source = yamlio.dump(data)
    assert yamlio.load(source, "x.yaml") == constructed(source) == data


@pytest.mark.parametrize(
    "source",
    [
        "a: 1\nb: true\nc: null\nd: 2024-01-02\ne: 1.5\n",  # resolved scalars: not text
        "a: '1'\nb: x\n",
        "base: &b {x: 1}\n",  # an anchor without an alias is allowed
        "a: !!str 12\nb: !!int '7'\n",
        "? [a, b]\n: v\n",  # a list as a key: the constructor refuses it
        "=: value\n",  # the YAML value key
        "a: |\n  two\n  lines\n",
        "- a\n- {b: c}\n",
        "{}\n",
        "plain\n",
    ],
)
def test_other_documents_load_as_before(source: str) -> None:
    try:
        expected = constructed(source)
    except yaml.YAMLError:
        with pytest.raises(Exception, match="x.yaml"):
            yamlio.load(source, "x.yaml")
        return
    assert yamlio.load(source, "x.yaml") == expected


@pytest.mark.parametrize(
    "path",
    [
        "entries/py/abcd1234-a-title.md",
        "members/ada.yaml",
        "entries//py/abcd1234.md",
        "./entries/py/abcd1234.md",
        "entries/./py/x.md",
        "entries/py/",
        "/entries/py/x.md",
        "cop.yaml",
        "",
    ],
)
def test_a_path_means_what_pathlib_says_it_means(path: str) -> None:
    parts = PurePosixPath(path).parts
    assert tuple(layout._parts(path)) == parts
    kind = layout.record_type_of_path(path)
    assert (kind.name if kind else None) == layout.type_of_path(path)
    assert layout.nest_of_path(path) == (parts[1] if len(parts) == 3 else "")
