"""Timestamps and dates as cop stores them: UTC ISO 8601 strings that sort chronologically."""

from __future__ import annotations

import datetime as dt
import os
import re

from cop.domain.errors import ValidationError

#: a timestamp as cop writes it, which `to_timestamp` returns as it is once it is a real moment
_CANONICAL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_FIXED_NOW = "COP_NOW"  # tests and demos pin the clock with COP_NOW=2026-01-01T00:00:00Z


def now() -> str:
    """The current time as `YYYY-MM-DDTHH:MM:SSZ`."""
    fixed = os.environ.get(_FIXED_NOW)
    if fixed:
        return to_timestamp(fixed, "COP_NOW")
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> str:
    return now()[:10]


def from_iso(value: str) -> dt.datetime:
    """ISO 8601 text as a datetime, a trailing `Z` or `z` read as UTC (what `fromisoformat` does not
    take in lower case); ValueError when it is not one."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return dt.datetime.fromisoformat(text)


def to_timestamp(value: object, field: str) -> str:
    """Normalise a datetime, date or ISO string to `YYYY-MM-DDTHH:MM:SSZ` (UTC)."""
    if isinstance(value, str) and _CANONICAL.fullmatch(value):  # as cop writes it: only checked
        try:
            dt.datetime.fromisoformat(value[:-1])
        except ValueError:
            pass  # not a moment (month 13...): the message below
        else:
            return value
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = from_iso(value)
        except ValueError:
            raise ValidationError(field, f"'{value}' is not a timestamp (use YYYY-MM-DDTHH:MM:SSZ)") from None
    else:
        raise ValidationError(field, f"'{value}' is not a timestamp (use YYYY-MM-DDTHH:MM:SSZ)")
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def to_date(value: object, field: str) -> str:
    """Normalise a date, a datetime or `YYYY-MM-DD` (also `today`) to `YYYY-MM-DD`."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "today":
            return today()
        if text == "yesterday":
            return (dt.date.fromisoformat(today()) - dt.timedelta(days=1)).isoformat()
        try:
            return dt.date.fromisoformat(text[:10] if "t" in text else text).isoformat()
        except ValueError:
            pass
    raise ValidationError(field, f"'{value}' is not a date (use YYYY-MM-DD)")
