"""Byte-stable files: golden outputs, YAML-special strings, round trips, hostile YAML refused."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cop.domain.errors import ParseError
from cop.domain.models import Community, Entry, Goal, Member, Membership, Mentorship, Session
from cop.store import render
from cop.store.records.codec import parse_record

GOLDEN = Path(__file__).parent / "golden"


def sample_records() -> dict[str, object]:
    entry = Entry(
        id="7k2m9qxa",
        kind="best-practice",
        title="Pin your dependencies: always",
        community="python-guild",
        author="ada",
        created="2026-02-03T10:15:00Z",
        updated="2026-02-04T08:00:00Z",
        tags=["packaging", "yes", "null"],
        links=["https://example.org/a"],
        body="Commit a lock file.\n\n```sh\npip-compile\n```\n",
    )
    community = Community(
        slug="python-guild",
        name="Python Guild",
        kind="professional",
        domain="software development",
        description="Everyone who writes Python.\nFrom notebooks to services.\n",
        coordinators=["ada"],
        tags=["python"],
        links={"chat": "#python-guild", "meetings": "every other Thursday"},
        created="2026-01-12T09:00:00Z",
    )
    member = Member(
        handle="ada",
        name="Ada Lovelace",
        email="ada@example.org",
        external=True,
        expertise=["python"],
        memberships=[Membership(community="python-guild", role="coordinator")],
        joined="2026-01-12",
    )
    mentorship = Mentorship(
        id="q3v8n1zc",
        mentor="ada",
        mentee="lin",
        started="2026-03-01",
        goals=[Goal(text="Ship a package", status="done"), Goal(text="Review PRs")],
        sessions=[Session(date="2026-03-01", minutes=45, notes="Walked through packaging.\nGood.\n")],
        created="2026-03-01T09:00:00Z",
        updated="2026-03-15T09:00:00Z",
    )
    return {
        "entries/python-guild/7k2m9qxa-pin-your-dependencies.md": entry,
        "communities/python-guild.yaml": community,
        "members/ada.yaml": member,
        "mentorships/q3v8n1zc.yaml": mentorship,
    }


@pytest.mark.parametrize("path", list(sample_records()))
def test_golden_files(path: str) -> None:
    record = sample_records()[path]
    golden = GOLDEN / path.replace("/", "__")
    assert render(record) == golden.read_text(encoding="utf-8")  # type: ignore[arg-type]
    again = parse_record(path, golden.read_bytes())
    assert again == record
    assert render(again) == golden.read_text(encoding="utf-8")


RETYPED = [
    "yes",
    "no",
    "NO",
    "On",
    "null",
    "~",
    "1e3",
    "0x1F",
    "12",
    "3.5",
    "2024-01-02",
    "2024-01-02T10:00:00",
    "# not a comment",
    "a: b",
    "---",
    "...",
    "- item",
    "[x]",
    "{y}",
    "'quoted'",
    '"dq"',
    "@at",
    "`tick`",
    "!tag",
    "&anchor",
    "*alias",
    "|",
    ">",
    " lead",
    "trail ",
    "%percent",
    "tab\there",
    "line\nbreak",
    "ends with newline\n",
    "\u2028",
    "caf\u00e9 \U0001f600",
]


@pytest.mark.parametrize("value", RETYPED)
def test_yaml_special_strings_round_trip(value: str) -> None:
    title = value.replace("\n", " ").strip() or "x"
    one_line = " ".join(value.splitlines()) or "x"  # a url or link is one line (refused otherwise)
    entry = Entry(
        id="abcdefgh",
        kind="idea",
        title=title,
        community="py",
        url=one_line,
        links=[one_line],
        extra={"note": value},
        body=value,
    )
    text = render(entry)
    again = parse_record("entries/py/abcdefgh-x.md", text.encode())
    assert again.url == one_line  # type: ignore[attr-defined]
    assert again.links == [one_line]  # type: ignore[attr-defined]
    assert again.extra == {"note": value}
    assert again.title == title  # type: ignore[attr-defined]
    assert again.body == value  # type: ignore[attr-defined]
    assert render(again) == text


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
one_line = texts.map(lambda s: " ".join(s.split()) or "t")
tags = st.text(string.ascii_lowercase + string.digits + "-éß", min_size=1, max_size=12)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(title=one_line, body=texts, tag_list=st.lists(tags, max_size=5), note=texts, url=one_line)
def test_entry_round_trip(title: str, body: str, tag_list: list[str], note: str, url: str) -> None:
    entry = Entry.from_data(
        {
            "id": "abcdefgh",
            "kind": "resource",
            "title": title,
            "community": "py",
            "tags": tag_list,
            "url": url,
            "zz_note": note,
        }
    )
    entry.body = body
    text = render(entry)
    again = parse_record("entries/py/abcdefgh-x.md", text.encode())
    assert again == entry
    assert render(again) == text


@settings(max_examples=100)
@given(notes=texts, goal=one_line, name=one_line, description=texts)
def test_yaml_records_round_trip(notes: str, goal: str, name: str, description: str) -> None:
    mentorship = Mentorship.from_data(
        {
            "id": "abcdefgh",
            "mentor": "ada",
            "mentee": "bob",
            "goals": [{"text": goal}],
            "sessions": [{"date": "2026-01-01", "notes": notes}],
        }
    )
    text = render(mentorship)
    assert parse_record("mentorships/abcdefgh.yaml", text.encode()) == mentorship
    community = Community.from_data(
        {"slug": "py", "name": name, "kind": "virtual", "description": description}
    )
    text = render(community)
    assert parse_record("communities/py.yaml", text.encode()) == community


def test_multiline_text_is_a_block_scalar() -> None:
    text = render(Community(slug="py", name="P", kind="social", description="one\ntwo\n"))
    assert "description: |\n  one\n  two\n" in text


@pytest.mark.parametrize(
    "payload",
    [
        "slug: py\nname: !!python/object/apply:os.system ['echo pwned']\nkind: social\n",
        "slug: py\nname: !!python/name:os.system\nkind: social\n",
        "slug: py\nname: !custom x\nkind: social\n",
    ],
)
def test_yaml_tags_are_refused(payload: str) -> None:
    with pytest.raises(ParseError, match="YAML tag") as caught:
        parse_record("communities/py.yaml", payload.encode())
    assert caught.value.path == "communities/py.yaml"
    assert caught.value.line == 2


def test_parse_errors_name_file_and_line() -> None:
    with pytest.raises(ParseError) as caught:
        parse_record(
            "entries/py/abcdefgh-x.md", b"---\nid: abcdefgh\ntitle: [unclosed\nkind: idea\n---\nbody\n"
        )
    assert caught.value.path == "entries/py/abcdefgh-x.md"
    assert caught.value.line is not None and caught.value.line >= 3
    assert str(caught.value).startswith("entries/py/abcdefgh-x.md:")


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("entries/py/abcdefgh-x.md", b"no front matter\n", "front matter"),
        ("entries/py/abcdefgh-x.md", b"---\nid: abcdefgh\n", "not closed"),
        (
            "entries/py/zzzzzzzz-x.md",
            b"---\nid: abcdefgh\nkind: idea\ntitle: t\ncommunity: py\n---\n",
            "file name",
        ),
        (
            "entries/other/abcdefgh-x.md",
            b"---\nid: abcdefgh\nkind: idea\ntitle: t\ncommunity: py\n---\n",
            "folder",
        ),
        ("members/ada.yaml", b"\xff\xfe", "UTF-8"),
        ("members/ada.yaml", b"- just\n- a list\n", "mapping"),
        ("members/ada.yaml", b"handle: ada\n", "name"),
    ],
)
def test_bad_files_are_reported(path: str, data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_record(path, data)
