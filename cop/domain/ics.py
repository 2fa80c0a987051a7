"""Events as iCalendar (RFC 5545): pure text work, so any calendar can import `cop event export --ics`.

The rules followed (and tested in tests/domain/test_ics.py): lines end in CRLF; a content line longer
than 75 octets is folded (CRLF then one space), never inside a UTF-8 character; TEXT values escape
backslash, `;`, `,` and line breaks (RFC 5545 3.3.11) and drop other control characters, which TEXT may
not hold; DTSTART and DTSTAMP are UTC with `Z`; each event's UID is `<id>@cop`, so a calendar updates
the event it imported before instead of adding a copy. The same events give the same bytes (DTSTAMP
is the event's last change, not the time of export).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cop.domain.events import Event

CRLF = "\r\n"
_LIMIT = 75  # octets in a content line, CRLF not counted
#: characters TEXT may not hold (RFC 5545 3.3.11: any CTL but HTAB); line breaks are escaped first
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT property value: `\\` `;` `,` escaped, any line break as `\\n`, control characters gone."""
    text = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")
    for mark in ("\x0b", "\x0c", "\x85", "\u2028", "\u2029"):
        text = text.replace(mark, "\\n")
    return _CONTROL.sub("", text)


def fold(line: str) -> str:
    """One content line folded to at most 75 octets a line (RFC 5545 3.1), CRLF-terminated."""
    out: list[str] = []
    chunk, size, limit = "", 0, _LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(chunk)
            chunk, size, limit = " ", 1, _LIMIT
        chunk += char
        size += width
    out.append(chunk)
    return CRLF.join(out) + CRLF


def _stamp(utc: str) -> str:
    """`2026-03-05T17:00:00Z` as iCalendar's UTC DATE-TIME `20260305T170000Z`."""
    return utc.replace("-", "").replace(":", "")


def _uri(value: str) -> str:
    """A URI value (not TEXT): kept, minus anything that could end the line."""
    return _CONTROL.sub("", value)


def event_lines(event: Event, fallback_stamp: str) -> list[str]:
    """The VEVENT of one event, as unfolded content lines."""
    stamp = event.updated or event.created or fallback_stamp
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.id}@cop",
        f"DTSTAMP:{_stamp(stamp)}",
        f"DTSTART:{_stamp(event.start_utc)}",
        f"DURATION:PT{event.minutes}M",
        f"SUMMARY:{escape_text(event.title)}",
        f"CATEGORIES:{escape_text(event.kind)}",
        f"STATUS:{'CANCELLED' if event.status == 'cancelled' else 'CONFIRMED'}",
    ]
    if event.place:
        lines.append(f"LOCATION:{escape_text(event.place)}")
    if event.link:
        lines.append(f"URL:{_uri(event.link)}")
    about = [event.description.strip()] if event.description.strip() else []
    if event.hosts:
        about.append("Hosts: " + ", ".join(event.hosts))
    about.append(f"Community: {event.community}")
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(about))}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], fallback_stamp: str, name: str = "cop events") -> str:
    """A VCALENDAR holding the events, folded and CRLF-terminated (`fallback_stamp`, a UTC
    `YYYY-MM-DDTHH:MM:SSZ`, is the DTSTAMP of an event that records no change time)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cop//events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event_lines(event, fallback_stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
