"""The pure rules of cop.domain.trust: intervals, who may verify, urgency parts, trust scores."""

from __future__ import annotations

import pytest

from cop.domain import trust
from cop.domain.errors import ValidationError
from cop.domain.models import Entry, Verified


def entry(**fields: object) -> Entry:
    data = {"id": "aaaaaaaa", "kind": "how-to", "title": "T", "community": "py", "author": "ann"}
    data["created"] = "2026-01-01T00:00:00Z"
    return Entry.from_data({**data, **fields})


@pytest.mark.parametrize(("text", "days"), [("30d", 30), ("2w", 14), ("3m", 90), ("1y", 365), ("45", 45)])
def test_intervals(text: str, days: int) -> None:
    assert trust.parse_interval(text) == days


@pytest.mark.parametrize("text", ["", "0d", "-3d", "soon", "99999y", "3 days"])
def test_bad_intervals(text: str) -> None:
    with pytest.raises(ValidationError):
        trust.parse_interval(text)


def test_verifiers_default_to_author_and_coordinators_unless_named() -> None:
    assert trust.verifiers_of(entry(), ["cat", "ann"]) == ["ann", "cat"]
    named = entry(verifiers=["dan"])
    assert trust.verifiers_of(named, ["cat"]) == ["dan"]
    assert trust.may_verify("cat", named, ["cat"]), "a coordinator always may"
    assert not trust.may_verify("ann", named, ["cat"]), "naming verifiers replaces the author"


def test_urgency_parts_and_reason() -> None:
    never = trust.urgency(entry(), "2026-01-11", trust.Reliance(2, 1, 1))
    assert never is not None and (never.overdue_days, never.never_verified) == (10, True)
    assert (
        never.reason == "never verified (added 2026-01-01); 2 endorsements, 1 link to it, the accepted answer"
    )
    checked = entry(verified=[Verified(by="ann", date="2026-01-01").to_data()], review="2026-02-01")
    assert trust.urgency(checked, "2026-01-31", trust.Reliance()) is None, "not due yet"
    due = trust.urgency(checked, "2026-02-01", trust.Reliance())
    assert due is not None and due.reason == "review due today (2026-02-01)"
    late = trust.urgency(checked, "2026-02-04", trust.Reliance())
    assert late is not None and late.overdue_days == 3
    assert trust.urgency(entry(kind="question"), "2026-05-01", trust.Reliance()) is None
    assert trust.urgency(entry(status="obsolete"), "2026-05-01", trust.Reliance()) is None


def test_reliance_counts_links_accepted_and_endorsements() -> None:
    a = entry(id="aaaaaaaa", endorsements=["x", "y"])
    d = entry(id="dddddddd")
    q = entry(id="cccccccc", kind="question", accepted="dddddddd")
    counts = trust.reliance_counts([a, d], [q], {"aaaaaaaa": 3})
    assert counts["aaaaaaaa"] == trust.Reliance(2, 3, 0)
    assert counts["dddddddd"] == trust.Reliance(0, 0, 1)


def test_trust_scores_in_parts() -> None:
    mark = [Verified(by="ann", date="2026-01-01").to_data()]
    rows = [
        entry(id="aaaaaaaa", verified=mark, review="2026-03-01"),
        entry(id="bbbbbbbb", verified=mark, review="2026-01-15"),
        entry(id="cccccccc"),
        entry(id="dddddddd", kind="question"),
        entry(id="eeeeeeee", status="draft"),
    ]
    score = trust.trust_scores(rows, "2026-02-01")["py"]
    assert (score.total, score.current, score.overdue, score.never) == (3, 1, 1, 1)
    assert score.percent == "33%"
    assert trust.Trust("x").percent == "-" and trust.Trust("x").score is None
