"""Record validation: errors name the field; values are normalised on the way in."""

from __future__ import annotations

import pytest

from cop.domain.errors import ValidationError
from cop.domain.models import Community, Entry, Member, Mentorship


def entry_data(**changes: object) -> dict[str, object]:
    return {"id": "abcdefgh", "kind": "how-to", "title": "T", "community": "py", **changes}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "recipe"}, "kind"),
        ({"title": None}, "title"),
        ({"id": "../etc/x"}, "id"),
        ({"community": "../up"}, "community"),
        ({"community": "Has Space"}, "community"),
        ({"created": "last tuesday"}, "created"),
        ({"tags": {"a": 1}}, "tags"),
        ({"status": "gone"}, "status"),
        ({"kind": "answer"}, "question"),
        ({"accepted": "abcdefgh"}, "accepted"),
        ({"title": "two\nlines"}, "title"),
    ],
)
def test_bad_entry_fields_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Entry.from_data(entry_data(**changes))
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}:")


def test_values_are_normalised() -> None:
    entry = Entry.from_data(entry_data(tags=["Python", "Unit Testing", "python"], created="2026-01-02"))
    assert entry.tags == ["python", "unit-testing"]
    assert entry.created == "2026-01-02T00:00:00Z"


def test_nested_errors_name_the_path() -> None:
    data = {"id": "abcdefgh", "mentor": "ada", "mentee": "bob", "sessions": [{"date": "2026-13-40"}]}
    with pytest.raises(ValidationError) as caught:
        Mentorship.from_data(data)
    assert caught.value.field == "sessions[1].date"


def test_mentorship_rules() -> None:
    with pytest.raises(ValidationError, match="themselves"):
        Mentorship.from_data({"id": "abcdefgh", "mentor": "ada", "mentee": "ada"})
    with pytest.raises(ValidationError, match="before the start"):
        Mentorship.from_data(
            {
                "id": "abcdefgh",
                "mentor": "ada",
                "mentee": "bob",
                "started": "2026-05-01",
                "ends": "2026-01-01",
            }
        )


def test_defaults_are_left_out_and_order_is_fixed() -> None:
    member = Member.from_data(
        {
            "name": "Ada",
            "handle": "ada",
            "external": False,
            "memberships": [{"role": "member", "community": "py"}],
        }
    )
    assert member.to_data() == {"handle": "ada", "name": "Ada", "memberships": [{"community": "py"}]}
    community = Community.from_data({"kind": "social", "name": "Run", "slug": "run", "status": "active"})
    assert list(community.to_data()) == ["slug", "name", "kind"]


def test_unknown_fields_are_kept_sorted_after_known_ones() -> None:
    entry = Entry.from_data({**entry_data(), "zeta": 1, "alpha": {"x": [1, 2]}})
    assert list(entry.to_data())[-2:] == ["alpha", "zeta"]
    assert entry.extra == {"zeta": 1, "alpha": {"x": [1, 2]}}
