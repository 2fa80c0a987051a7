"""Endorsements, verifications and obsolete marks made in two clones at once all survive `cop sync`
(a bare remote and two real clones), and the pure merge rules behind them."""

from __future__ import annotations

from cop.domain import dates, trust
from cop.domain.merge import merge_records
from cop.domain.models import Entry
from cop.store.git import process as git
from tests.sync.conftest import Shared, edit


def _entry(**changes: object) -> Entry:
    data: dict[str, object] = {"id": "7k2m9qxa", "kind": "how-to", "title": "T", "community": "py"}
    data["updated"] = "2026-01-01T00:00:00Z"
    return Entry.from_data({**data, **changes})


def test_the_rules_union_verifications_and_take_the_later_review() -> None:
    base = _entry()
    ours = _entry(verified=[{"by": "ada", "date": "2026-02-01"}], review="2026-05-01")
    theirs = _entry(verified=[{"by": "bob", "date": "2026-02-03", "note": "ok"}], review="2026-03-01")
    merged, _ = merge_records(base, ours, theirs, git.merge_file)
    assert isinstance(merged, Entry)
    assert [(v.by, v.date) for v in merged.verified] == [("ada", "2026-02-01"), ("bob", "2026-02-03")]
    assert merged.review == "2026-05-01" and merged.superseded == [], "the later review wins, nothing lost"


def _setup(shared: Shared) -> str:
    def add(core: object) -> str:
        entry = core.add_entry("how-to", "Pin deps", "py", body="One.\n\nTwo.\n")  # type: ignore[attr-defined]
        return str(entry.id)

    entry_id = str(edit(shared, shared.a, "ada", add))
    for path, who in ((shared.a, "ada"), (shared.b, "bob")):
        result = shared.sync(path, who)
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return entry_id


def _sync_both(shared: Shared) -> None:
    for path, who in ((shared.a, "ada"), (shared.b, "bob"), (shared.a, "ada")):
        result = shared.sync(path, who)
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]


def test_endorsements_and_verifications_from_both_clones_survive_sync(shared: Shared) -> None:
    entry_id = _setup(shared)
    # the same moment in two clones: a verification (30 days) in one, an endorsement and a second
    # verification (90 days) in the other
    edit(shared, shared.a, "ada", lambda c: c.verify(entry_id, note="mine", interval="30d"))
    edit(shared, shared.b, "bob", lambda c: c.endorse(entry_id))
    edit(shared, shared.b, "ada", lambda c: c.verify(entry_id, note="from bob's clone", interval="90d"))
    later = trust.add_days(dates.today(), 90)
    _sync_both(shared)
    for path in (shared.a, shared.b):
        entry = edit(shared, path, "ada", lambda c: c.entry(entry_id))
        assert isinstance(entry, Entry)
        assert entry.endorsements == ["bob"]
        assert sorted(v.note for v in entry.verified) == ["from bob's clone", "mine"]
        assert entry.review == later, "the later review date wins"
        assert entry.superseded == []


def test_an_obsolete_mark_and_a_body_edit_made_at_once_both_survive(shared: Shared) -> None:
    entry_id = _setup(shared)
    edit(shared, shared.a, "ada", lambda c: c.mark_obsolete(entry_id))
    edit(shared, shared.b, "bob", lambda c: c.edit_entry(entry_id, body="One.\n\nTwo, revised.\n"))
    _sync_both(shared)
    for path in (shared.a, shared.b):
        entry = edit(shared, path, "ada", lambda c: c.entry(entry_id))
        assert isinstance(entry, Entry)
        assert entry.status == "obsolete" and "Two, revised." in entry.body
        assert entry.superseded == []
