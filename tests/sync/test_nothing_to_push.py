"""`cop sync` says "nothing to push" when the remote already had everything, not "sent: 0 added"."""

from __future__ import annotations

from tests.sync.conftest import Shared
from tests.sync.test_sync import add_entry, ok


def test_a_second_sync_says_nothing_to_push(shared: Shared) -> None:
    add_entry(shared, shared.a, "ada", "Use a lock file")
    first = ok(shared.sync(shared.a, "ada"))
    assert "pushed to origin/main" in first and "sent: 1 added" in first
    again = ok(shared.sync(shared.a, "ada"))
    assert "nothing to push: origin/main has everything" in again
    assert "sent:" not in again and "pushed to" not in again
