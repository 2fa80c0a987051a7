"""One title rule for every record with a title (an entry, an event, a project, an onboarding path): one
line with something on it, declared once as the `title` field kind, and its error names the file and the
field whichever record it is."""

from __future__ import annotations

from typing import Any

import pytest

from cop.domain.entries import Entry
from cop.domain.errors import ParseError, ValidationError
from cop.domain.events import Event, Project
from cop.domain.paths import LearningPath
from cop.domain.records import Record
from cop.domain.registry import RECORD_TYPES
from cop.store.records.codec import parse_record
from cop.store.records.layout import record_path

START = "2026-03-05T18:00Z"
#: the smallest valid record of each type with a title
TITLED: dict[type[Record], dict[str, Any]] = {
    Entry: {"id": "abcdefgh", "kind": "how-to", "title": "T", "community": "py"},
    Event: {
        "id": "abcdefgh",
        "kind": "meetup",
        "title": "T",
        "community": "py",
        "start": "2026-03-05T18:00Z",
    },
    Project: {"slug": "bot", "title": "T"},
    LearningPath: {"slug": "p", "title": "T", "community": "py"},
}


def test_every_title_is_declared_with_the_one_title_rule() -> None:
    """A record type with a title field uses the `title` kind, so a new one cannot forget the rule."""
    titled = {t.cls for t in RECORD_TYPES.values() if "title" in t.cls._fields_by_name()}
    titled -= {t.cls for t in RECORD_TYPES.values() if t.name == "member"}  # a member's job title
    assert titled == set(TITLED)
    for cls in titled:
        assert cls._fields_by_name()["title"].metadata["kind"] == "title", cls.__name__


@pytest.mark.parametrize("cls", list(TITLED), ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    ("title", "reason"),
    [("   ", "must be one non-empty line"), ("two\nlines", "must be one line (it holds a line break)")],
)
def test_a_bad_title_is_refused_naming_the_field(cls: type[Record], title: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        cls.from_data({**TITLED[cls], "title": title})
    assert (caught.value.field, caught.value.reason) == ("title", reason)
    assert cls.from_data({**TITLED[cls], "title": " Kept as written "}).title == " Kept as written "


@pytest.mark.parametrize("cls", list(TITLED), ids=lambda c: c.__name__)
def test_a_blank_title_in_a_file_names_the_file_and_the_field(cls: type[Record]) -> None:
    path = record_path(cls.from_data(TITLED[cls]))
    text = "".join(f"{k}: {v!r}\n" for k, v in {**TITLED[cls], "title": " "}.items())
    data = (f"---\n{text}---\n" if cls is Entry else text).encode()
    with pytest.raises(ParseError) as caught:
        parse_record(path, data)
    assert str(caught.value).startswith(path) and "title: must be one non-empty line" in str(caught.value)
