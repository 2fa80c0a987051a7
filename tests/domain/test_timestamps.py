"""`dates.to_timestamp`: every form normalised to `YYYY-MM-DDTHH:MM:SSZ` in UTC; a timestamp already in
that form (what cop writes, so what a rebuild reads 100k times) comes back as it is once it is checked
to be a real moment, and one that is not gets the same message as any other bad value."""

from __future__ import annotations

import datetime as dt

import pytest

from cop.domain import dates
from cop.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-02T03:04:05Z", "2025-01-02T03:04:05Z"),
        ("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"),
        ("2025-01-02T03:04:05+01:00", "2025-01-02T02:04:05Z"),
        ("2025-01-02T03:04:05z", "2025-01-02T03:04:05Z"),
        ("2025-01-02", "2025-01-02T00:00:00Z"),
        (" 2025-01-02T03:04:05Z ", "2025-01-02T03:04:05Z"),
        (dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC), "2025-01-02T03:04:05Z"),
        (dt.date(2025, 1, 2), "2025-01-02T00:00:00Z"),
    ],
)
def test_timestamps_are_normalised(value: object, expected: str) -> None:
    assert dates.to_timestamp(value, "created") == expected


@pytest.mark.parametrize(
    "value",
    ["2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-01-02T24:00:00Z", "2025-01-02T03:04:60Z",
     "２０２５-01-02T03:04:05Z", "2025-01-02T03:04:05ZZ", "yesterday", 12],
)  # fmt: skip
def test_what_is_not_a_moment_is_refused_with_the_same_message(value: object) -> None:
    with pytest.raises(ValidationError, match="is not a timestamp"):
        dates.to_timestamp(value, "created")
