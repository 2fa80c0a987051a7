"""iCalendar output checked against RFC 5545's rules: CRLF, 75-octet folding, TEXT escaping, UTC times."""

from __future__ import annotations

import re

import pytest

from cop.domain import ics
from cop.domain.errors import ValidationError
from cop.domain.events import Event, parse_duration, parse_start


def _event(**fields: object) -> Event:
    data = {
        "id": "abcd2345",
        "title": "Brown bag",
        "community": "py",
        "kind": "brown-bag",
        "start": "2026-03-05T18:00+01:00",
        "duration": "90m",
        "updated": "2026-02-01T10:00:00Z",
        **fields,
    }
    return Event.from_data(data)


def _unfold(text: str) -> list[str]:
    """Content lines as RFC 5545 3.1 unfolds them (CRLF followed by one space or tab joins)."""
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


def _check_rfc(text: str) -> None:
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in raw.replace(b"\r\n", b""), "a bare CR"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a UTF-8 character
    for line in _unfold(text):
        assert re.match(r"^[A-Z-]+[;:]", line), line


def test_one_event_follows_the_rfc_and_is_stable() -> None:
    text = ics.calendar([_event()], "2026-01-01T00:00:00Z")
    _check_rfc(text)
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "UID:abcd2345@cop" in lines
    assert "DTSTART:20260305T170000Z" in lines  # 18:00 at +01:00 is 17:00 UTC
    assert "DTSTAMP:20260201T100000Z" in lines
    assert "DURATION:PT90M" in lines
    assert text == ics.calendar([_event()], "2030-01-01T00:00:00Z")  # same data, same bytes


def test_hostile_title_is_escaped_and_folded() -> None:
    title = "Evil; title, with \\ back" + "x" * 1000
    event = _event(title=title, description="line one\r\nBEGIN:VEVENT\nDTSTART:19700101T000000Z")
    text = ics.calendar([event], "2026-01-01T00:00:00Z")
    _check_rfc(text)
    lines = _unfold(text)
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:" + title.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    assert lines.count("BEGIN:VEVENT") == 1  # the description could not start a second event
    assert not any(line.startswith("DTSTART:1970") for line in lines)
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "line one\\nBEGIN:VEVENT\\nDTSTART:19700101T000000Z" in description


def test_crlf_in_a_title_is_refused_by_the_model() -> None:
    with pytest.raises(ValidationError, match="one line"):
        _event(title="Meetup\r\nBEGIN:VEVENT")


def test_escape_text_and_control_characters() -> None:
    assert ics.escape_text("a,b;c\\d\ne\r\nf\rg") == "a\\,b\\;c\\\\d\\ne\\nf\\ng"
    assert ics.escape_text("bell\x07 esc\x1b tab\t") == "bell esc tab\t"


def test_folding_counts_octets_not_characters() -> None:
    line = "SUMMARY:" + "é" * 100  # two octets each
    folded = ics.fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")[:-1]
    assert all(len(p) <= 75 for p in parts)
    assert all(p.startswith(b" ") for p in parts[1:])
    assert re.sub(r"\r\n ", "", folded) == line + "\r\n"


def test_cancelled_place_link() -> None:
    text = ics.calendar([_event(status="cancelled", place="Room 4, 2nd floor", link="https://x.test/a")], "x")
    lines = _unfold(text)
    assert "STATUS:CANCELLED" in lines
    assert "LOCATION:Room 4\\, 2nd floor" in lines
    assert "URL:https://x.test/a" in lines


@pytest.mark.parametrize(("text", "minutes"), [("90m", 90), ("2h", 120), ("1h30m", 90), ("1d", 1440)])
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "0m", "90", "2 hours", "-5m", "15d"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_duration(text)


@pytest.mark.parametrize("text", ["2026-03-05", "2026-03-05T18:00", "tomorrow", "2026-13-01T10:00Z"])
def test_a_start_needs_a_time_and_an_offset(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_start(text)


def test_start_keeps_its_offset_and_z() -> None:
    assert _event(start="2026-03-05T18:00:00.5+05:30").start == "2026-03-05T18:00:00+05:30"
    assert _event(start="2026-03-05T18:00z").start == "2026-03-05T18:00:00Z"
    assert _event().start_utc == "2026-03-05T17:00:00Z"
