"""The `[[ID]]` link parser: what counts as a link, and hostile bodies."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cop.domain.links import MAX_LINKS, MAX_TEXT, parse_links, replace_links


def targets(body: str) -> list[str]:
    return [link.target for link in parse_links(body)]


def test_plain_and_labelled_links_with_lines_and_case() -> None:
    links = parse_links("intro\nsee [[AB12]] and [[ ab12cd34 | the *thing* ]]\n")
    assert [(x.target, x.text, x.line) for x in links] == [("ab12", "", 2), ("ab12cd34", "the *thing*", 2)]
    assert links[0].label == "ab12" and links[1].label == "the *thing*"


def test_what_is_not_a_link() -> None:
    assert targets("[[a wiki page]] [[toolongid9]] [[]] [[ab12] ] [ [ab12]]") == []
    assert targets("unclosed [[ab12 and more") == []
    assert targets("[[ab12\n]]") == []  # a link lies on one line
    assert targets("escaped \\[[ab12]]") == []
    assert targets("[[ab|x]y]]") == []  # `]` ends the text


def test_code_does_not_count() -> None:
    body = "a [[aa]]\n```python\n[[bb]]\n  ~~~\n[[cc]]\n```\n`[[dd]]` ``x `[[ee]]` y`` [[ff]]\n~~~~\n[[gg]]\n"
    assert targets(body) == ["aa", "ff"]  # the unclosed ~~~~ fence runs to the end


def test_a_longer_fence_needs_a_long_enough_close() -> None:
    assert targets("````\n```\n[[aa]]\n````\n[[bb]]") == ["bb"]


def test_an_unclosed_code_span_is_plain_text() -> None:
    assert targets("a ` [[aa]]") == ["aa"]


def test_huge_numbers_of_links_stop_at_the_limit() -> None:
    body = "[[ab]] " * 50_000
    links = parse_links(body)
    assert len(links) == MAX_LINKS
    assert targets("[[" * 100_000) == []
    assert targets("[[ab|" + "x" * 10_000 + "]]")[0] == "ab"
    assert len(parse_links("[[ab|" + "x" * 10_000 + "]]")[0].text) == MAX_TEXT


def test_replace_links_keeps_everything_else() -> None:
    body = "a [[ab|x]] b [[cd]]\n`[[ef]]`\n"
    assert replace_links(body, lambda link: f"<{link.label}>") == "a <x> b <cd>\n`[[ef]]`\n"


@given(st.text())
def test_any_text_parses_and_every_link_is_where_it_says(body: str) -> None:
    lines = body.split("\n")
    for link in parse_links(body):
        assert 1 <= link.line <= len(lines)
        assert lines[link.line - 1][link.column :].startswith("[[")
        assert link.target == link.target.lower() and 1 <= len(link.target) <= 8
        assert "\n" not in link.text


@given(st.lists(st.from_regex(r"[0-9a-z]{1,8}", fullmatch=True), max_size=20), st.text(alphabet="ab \n"))
def test_links_between_plain_text_are_all_found(ids: list[str], filler: str) -> None:
    body = filler.join(f"[[{i}]]" for i in ids)
    assert targets(body) == ids
    assert replace_links(body, lambda link: link.target) == filler.join(ids)
