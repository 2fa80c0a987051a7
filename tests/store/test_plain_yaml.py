"""The line-by-line shortcut for the YAML cop writes (`plainyaml`): whenever it answers, it answers what
PyYAML's safe loader builds; on anything outside its shape it says None and the long way decides, with
its checks (aliases, duplicate keys, tags) and messages. Differential: PyYAML is the oracle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cop.domain.entries import Entry, Verified
from cop.domain.events import Project, ProjectUpdate
from cop.domain.models import Member
from cop.store.records import plainyaml, yamlio
from cop.store.records.codec import render


def pyyaml(text: str) -> Any:
    return yaml.load(text, Loader=yamlio.loader())


def agrees(text: str) -> Any:
    """plainyaml's answer, checked against PyYAML's (which may refuse the text: then so must it)."""
    found = plainyaml.load(text)
    try:
        expected = pyyaml(text)
    except yaml.YAMLError:
        assert found is None, text
        return None
    assert found is None or found == expected, text
    return found


#: pieces of lines, many of them what YAML reads as something else than they look
KEYS = st.sampled_from(["id", "title", "a-b", "on", "yes", "null", "x_1", "Key", "k", "é", "1", "-k", "k k"])
VALUES = st.sampled_from(
    [
        "plain", "two words", "a:b", "a: b", "a #b", "a#b", "#x", "x:", "x ", " x", "'q'",
        "'it''s'", "'a'b'", "''", "'", '"d"', "1", "1.5", "0x1F", "1:30", "1_000", "true", "Yes",
        "off", "~", "null", "2024-01-02", "'2024-01-02'", "2024-01-02T10:00:00Z", ".inf", "+1", "-",
        "- x", "[a]", "{a: b}", "&a x", "*a", "!!str x", "|", ">", "%x", "@x", "`x", "a\tb",
        "a\u2028b", "a\x85b", "\ufeffx", "a\rb", "ü", "ünï", "日本", "a, b", "a]", "a}", "a ?", "? a",
        "a - b", "a -", "--- a", "...",
    ]
)  # fmt: skip
INDENTS = st.sampled_from(["", "", "", "  ", "  ", "   ", "    ", "- ", "- ", "  - ", "\t"])
LINE = st.builds(
    lambda indent, key, sep, value: f"{indent}{key}{sep}{value}",
    INDENTS,
    KEYS,
    st.sampled_from([": ", ":", " : ", ":  ", ": ", ": "]),
    VALUES | st.just(""),
) | st.builds(lambda indent, value: f"{indent}{value}", INDENTS, VALUES)
DOCUMENTS = st.lists(LINE, min_size=1, max_size=8).map(lambda lines: "\n".join(lines) + "\n")


#: documents in the shape, with one line (anywhere) made of the pieces above: most lines are read, so
#: the odd one is reached
GOOD = st.sampled_from(["k: v", "t: 'it''s: #1'", "l:", "- x", "- a: b", "  c: d", "m:", "  e: f"])
MIXED = st.builds(
    lambda good, at, odd: "\n".join([*good[:at], odd, *good[at:]]) + "\n",
    st.lists(GOOD, max_size=6),
    st.integers(0, 6),
    LINE,
)


@settings(max_examples=600)
@given(DOCUMENTS | MIXED)
def test_any_text_of_these_lines_is_read_as_pyyaml_reads_it_or_left_to_it(text: str) -> None:
    agrees(text)


line_text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=16)


@settings(max_examples=300)
@given(
    st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), line_text, min_size=1, max_size=6)
)
def test_what_cop_writes_is_read_as_pyyaml_reads_it(data: dict[str, str]) -> None:
    assert agrees(yamlio.dump(data)) in (None, data)


def test_the_shapes_cop_writes_take_the_shortcut() -> None:
    entry = Entry(
        id="abcd1234",
        kind="question",
        title="How do we 'pin' versions: the #1 question?",
        community="py",
        author="ada",
        created="2025-01-02T03:04:05Z",
        tags=["packaging", "pip"],
        verified=[Verified(by="bob", date="2025-02-03")],
    )
    project = Project(
        slug="docs",
        title="Docs",
        communities=["py"],
        updates=[ProjectUpdate(date="2025-03-01", author="ada", text="Started")],
    )
    member = Member(handle="ada", name="Ada", department="Eng", interests=["rust"])
    for text in (yamlio.split_front_matter(render(entry), "x.md")[0], render(project), render(member)):
        assert plainyaml.load(text) is not None, text
        assert plainyaml.load(text) == pyyaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n",  # retyped values: the long way builds them
        "a: yes\n",
        "a: 2024-01-02\n",
        "a: ~\n",
        "on: x\n",  # a key YAML reads as true
        "a: x\na: y\n",  # a duplicate key: the long way refuses it with its line
        "a:\n- x\n  y\n",  # a value continued on the next line
        "a: x\n  y\n",
        "a: |\n  block\n",
        'a: "double"\n',
        "a: 'x'y'\n",  # a quote inside a single-quoted value, not doubled
        "a: 'x' y'\n",
        "a: 'x' # c\n",
        "a: x # comment\n",
        "a: x \n",  # a trailing space (YAML drops it) or colon
        "a: x:\n",
        "a:  x\n",
        "# comment\na: x\n",
        "a: x\n\nb: y\n",  # a blank line
        "a:\n",  # null
        "a: &x y\nb: *x\n",  # an anchor and alias
        "a: !!str x\n",
        "a: 'x\n  y'\n",  # a single-quoted value over two lines
        "a: x\u2028y\n",  # a line break YAML sees
        "a: x\r\n",
        "- a\n",  # a list document
        "",
    ],
)
def test_outside_the_shape_it_leaves_the_document_to_pyyaml(text: str) -> None:
    assert plainyaml.load(text) is None
    agrees(text)


def test_every_file_of_the_examples_reads_the_same_either_way() -> None:
    root = Path(__file__).resolve().parents[2] / "examples"
    read = 0
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".md", ".yaml") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            if not text.startswith("---"):
                continue
            text = yamlio.split_front_matter(text, str(path))[0]
        read += agrees(text) is not None
    assert read > 10


def test_the_words_it_knows_are_retyped_are_pyyaml_s() -> None:
    """A plain value starting with a letter or `_` is text unless it is one of `RETYPED_WORDS`; that
    is PyYAML's resolver's rule: its only implicit types for such a start are booleans and null."""
    from yaml.resolver import Resolver

    starts = {c for c in Resolver.yaml_implicit_resolvers if c and (c.isalpha() or c == "_")}
    tags = {tag for c in starts for tag, _ in Resolver.yaml_implicit_resolvers[c]}
    assert tags == {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
    for word in plainyaml.RETYPED_WORDS:
        assert plainyaml.resolved(word) != "tag:yaml.org,2002:str", word
    for word in ["yess", "Noo", "nulls", "offline", "truex", "o", "y", "n", "NaN", "inf", "e5", "_x", "nO"]:
        assert plainyaml.resolved(word) == "tag:yaml.org,2002:str", word
    assert all(c in starts for word in plainyaml.RETYPED_WORDS for c in word[:1])


def test_reading_what_cop_writes_imports_no_pyyaml(tmp_path: Path) -> None:
    """PyYAML (~15 ms to import) waits for a file the shortcut leaves to it, or for a write."""
    import subprocess
    import sys

    code = (
        "import sys; from cop.store.records import codec; "
        "codec.parse_record('entries/py/abcd1234-t.md', "
        "b'---\\nid: abcd1234\\nkind: lesson\\ntitle: T\\ncommunity: py\\ntags:\\n- x\\n---\\nBody\\n'); "
        "print('yaml' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False", found.stderr
