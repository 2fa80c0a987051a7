"""Endorse, verify, obsolete, the review queue and trust scores through the core API (no CLI)."""

from __future__ import annotations

import pytest

from cop.core import Cop
from cop.domain import dates, trust
from cop.domain.errors import PermissionDenied, ValidationError
from cop.domain.filters import EntryFilter


def as_member(core: Cop, handle: str) -> Cop:
    return Cop(core.repo, acting=handle)


def test_endorse_counts_once_and_undo_takes_it_back(cop: Cop) -> None:
    entry = cop.add_entry("how-to", "Pin deps", "py")
    bob = as_member(cop, "bob")
    endorsed, changed = bob.endorse(entry.id)
    assert changed and endorsed.endorsements == ["bob"]
    again, changed = bob.endorse(entry.id[:5])
    assert not changed and again.endorsements == ["bob"], "a second endorsement changes nothing"
    assert endorsed.updated == entry.updated, "an endorsement is not a content edit"
    undone, changed = bob.endorse(entry.id, undo=True)
    assert changed and undone.endorsements == []
    assert "endorsements" not in cop.raw(undone), "an empty list is left out of the file"


def test_an_author_cannot_endorse_their_own(cop: Cop) -> None:
    entry = cop.add_entry("how-to", "Pin deps", "py")
    with pytest.raises(PermissionDenied, match="author cannot endorse their own"):
        cop.endorse(entry.id)
    assert cop.entry(entry.id).endorsements == []


def test_sort_by_endorsements(cop: Cop) -> None:
    first = cop.add_entry("how-to", "One", "py")
    second = cop.add_entry("how-to", "Two", "py")
    as_member(cop, "bob").endorse(first.id)
    assert [e.id for e in cop.entries(sort="endorsements")] == [first.id, second.id]


def test_verify_sets_review_from_review_days_or_interval(cop: Cop) -> None:
    cop.edit_community("py", review_days=30)
    entry = cop.add_entry("how-to", "Pin deps", "py")
    verified = cop.verify(entry.id, note="still true")
    today = dates.today()
    assert [(v.by, v.date, v.note) for v in verified.verified] == [("ada", today, "still true")]
    assert verified.review == trust.add_days(today, 30)
    again = cop.verify(entry.id, interval="2w")
    assert len(again.verified) == 1, "verifying twice on one day keeps one mark"
    assert again.review == trust.add_days(today, 14)
    with pytest.raises(ValidationError, match="not an interval"):
        cop.verify(entry.id, interval="soon")


def test_only_a_verifier_or_coordinator_may_verify_and_the_error_names_them(cop: Cop) -> None:
    cop.add_member("cy", "Cy Twombly")
    entry = as_member(cop, "bob").add_entry("how-to", "Bob's", "py")
    with pytest.raises(PermissionDenied, match=r"only a verifier of .*\(bob, ada\)"):
        as_member(cop, "cy").verify(entry.id)
    as_member(cop, "bob").verify(entry.id)  # the author
    cop.verify(entry.id)  # a coordinator
    as_member(cop, "bob").set_verifiers(entry.id, ["cy"])
    assert cop.verifiers(cop.entry(entry.id)) == ["cy"]
    as_member(cop, "cy").verify(entry.id)
    with pytest.raises(PermissionDenied, match=r"\(cy\)"):
        as_member(cop, "bob").verify(entry.id)
    with pytest.raises(PermissionDenied, match="name the verifiers"):
        as_member(cop, "cy").set_verifiers(entry.id, ["bob"])


def test_obsolete_points_to_the_newer_entry_and_lists_hide_it(cop: Cop) -> None:
    old = cop.add_entry("how-to", "Use pip freeze", "py")
    new = cop.add_entry("how-to", "Use a lock file", "py")
    marked = cop.mark_obsolete(old.id, by=new.id[:5])
    assert (marked.status, marked.superseded_by) == ("obsolete", new.id)
    assert cop.superseding(marked) == cop.entry(new.id)
    assert [e.id for e in cop.entries(EntryFilter(hide_obsolete=True))] == [new.id]
    assert [e.id for e in cop.entries(EntryFilter(status="obsolete"))] == [old.id]
    with pytest.raises(ValidationError, match="cannot supersede itself"):
        cop.mark_obsolete(new.id, by=new.id)
    with pytest.raises(PermissionDenied):
        cop.add_member("cy", "Cy")
        as_member(cop, "cy").mark_obsolete(new.id)


def test_search_ranks_obsolete_last(cop: Cop) -> None:
    old = cop.add_entry("how-to", "Lock file lock file lock file", "py", body="lock file")
    new = cop.add_entry("how-to", "Lock", "py", body="about a lock file")
    assert cop.search("lock file")[0].id == old.id, "the better match first while both are current"
    cop.mark_obsolete(old.id, by=new.id)
    assert [r.id for r in cop.search("lock file")] == [new.id, old.id]


def test_review_queue_most_urgent_first_with_reasons(cop: Cop) -> None:
    day = dates.today()
    one = cop.add_entry("how-to", "One", "py")
    two = cop.add_entry("how-to", "Two", "py")
    # the endorsed one is the one whose id sorts last, so only the reliance can put it first
    quiet, relied = sorted([one, two], key=lambda e: e.id)
    fresh = cop.add_entry("how-to", "Fresh", "py")
    overdue = cop.add_entry("how-to", "Overdue", "py")
    cop.add_entry("question", "Why?", "py")  # questions take no review
    as_member(cop, "bob").endorse(relied.id)
    cop.verify(fresh.id)
    cop.verify(overdue.id, interval="1d")
    later = trust.add_days(day, 10)  # ten days on: overdue is 9 days past its review
    queue = cop.review_queue(today=later)
    ids = [u.entry.id for u in queue]
    assert fresh.id not in ids, "verified and not due"
    assert ids[:2] == [relied.id, quiet.id], "never verified for 10 days, then the endorsed one first"
    assert ids[2] == overdue.id and queue[2].overdue_days == 9
    assert queue[0].reason.startswith("never verified") and "1 endorsement" in queue[0].reason
    assert "9 days overdue" in queue[2].reason
    mine = as_member(cop, "bob").review_queue(mine=True, today=later)
    assert mine == [], "bob authored nothing and coordinates nothing"


def test_trust_score_counts_current_verified_entries(cop: Cop) -> None:
    a = cop.add_entry("how-to", "A", "py")
    b = cop.add_entry("how-to", "B", "py")
    cop.add_entry("question", "Q?", "py")
    cop.add_entry("how-to", "Draft", "py", status="draft")
    cop.verify(a.id, interval="5d")
    score = cop.trust_score("py")
    assert (score.current, score.total, score.never, score.percent) == (1, 2, 1, "50%")
    later = cop.trust_score("py", today=trust.add_days(dates.today(), 6))
    assert (later.current, later.overdue) == (0, 1)
    cop.mark_obsolete(b.id)
    assert cop.trust_scores()["py"].total == 1, "obsolete entries leave the score"


def test_reliance_counts_body_links_and_accepted_answers(cop: Cop) -> None:
    target = cop.add_entry("how-to", "Linked to", "py")
    cop.add_entry("how-to", "Linking", "py", body=f"See [[{target.id[:5]}]] and [[{target.id}|again]].")
    question = cop.add_entry("question", "How?", "py")
    answer = as_member(cop, "bob").answer(question.id, "Like this.")
    as_member(cop, "ada").accept(answer.id)
    by_id = {u.entry.id: u for u in cop.review_queue()}
    assert by_id[target.id].reliance == trust.Reliance(0, 1, 0), "one linking entry, however many links"
    assert by_id[answer.id].reliance == trust.Reliance(0, 0, 1)
    assert "1 link to it" in by_id[target.id].reason and "the accepted answer" in by_id[answer.id].reason


def test_doctor_names_a_missing_successor_and_an_unknown_verifier(cop: Cop) -> None:
    entry = cop.add_entry("how-to", "Old", "py")
    path = cop.entry_file(entry)  # a teammate's hand edit: a successor and a verifier that do not exist
    extra = "status: obsolete\nverifiers:\n- ghost\nsuperseded_by: zzzzzzzz\n"
    path.write_text(path.read_text().replace("title: Old\n", "title: Old\n" + extra))
    found = " | ".join(f"{f.path}: {f.message}" for f in cop.doctor())
    assert "superseded by zzzzzzzz, which does not exist" in found
    assert "ghost" in found


def test_the_queue_in_sql_agrees_with_the_rules_and_pages(cop: Cop) -> None:
    """The index orders and pages the queue; every row's parts are what cop.domain.trust says."""
    day = dates.today()
    made = [cop.add_entry("how-to", f"E{n}", "py", body="") for n in range(6)]
    cop.add_entry("how-to", "Links", "py", body=f"[[{made[1].id}]] [[{made[2].id[:6]}]]")
    as_member(cop, "bob").endorse(made[2].id)
    cop.verify(made[3].id, interval="2d")
    cop.verify(made[4].id, interval="30d")
    as_member(cop, "ada").set_verifiers(made[5].id, ["bob"])
    later = trust.add_days(day, 5)
    queue = cop.review_queue(today=later)
    everything = cop.repo.entries()
    questions = [e for e in everything if e.kind == "question"]
    reliance = trust.reliance_counts(everything, questions, {})
    for item in queue:
        rule = trust.urgency(item.entry, later, item.reliance)
        assert rule == item, item.entry.title
        assert item.reliance.endorsements == reliance[item.entry.id].endorsements
    assert made[4].id not in [u.entry.id for u in queue], "not due for 30 days"
    assert [u.reliance.links_in for u in queue if u.entry.id in (made[1].id, made[2].id)] == [1, 1]
    assert queue[0].entry.id == made[2].id, "never verified for 5 days, most relied on"
    assert cop.review_count(today=later) == len(queue)
    assert cop.review_queue(today=later, limit=2) == queue[:2]
    assert cop.review_queue(today=later, limit=2, offset=2) == queue[2:4]
    bob = as_member(cop, "bob").review_queue(mine=True, today=later)
    assert [u.entry.id for u in bob] == [made[5].id], "bob is named on one entry"
    assert as_member(cop, "bob").review_count(mine=True, today=later) == 1
