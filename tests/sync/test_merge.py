"""The three-way record merge (pure) and the merge driver on real temp files."""

from __future__ import annotations

from pathlib import Path

from cop.domain.merge import merge_records
from cop.domain.models import Community, Entry, Member, Mentorship
from cop.store.git import process as git
from cop.store.git.driver import merge_texts, record_path, run
from cop.store.records.codec import render


def entry(**changes: object) -> Entry:
    data: dict[str, object] = {
        "id": "7k2m9qxa",
        "kind": "how-to",
        "title": "Pin deps",
        "community": "py",
        "updated": "2026-01-01T00:00:00Z",
        "tags": ["a", "b"],
    }
    data.update(changes)
    body = str(data.pop("body", "One.\n\nTwo.\n"))
    record = Entry.from_data(data)
    record.body = body
    return record


def test_one_sided_changes_and_sets() -> None:
    base = entry()
    ours = entry(title="Pin all deps", tags=["a", "c"], updated="2026-01-02T00:00:00Z")
    theirs = entry(status="draft", tags=["b", "d"], url="", updated="2026-01-03T00:00:00Z")
    merged, conflicted = merge_records(base, ours, theirs, git.merge_file)
    assert isinstance(merged, Entry) and not conflicted
    assert (merged.title, merged.status, merged.updated) == ("Pin all deps", "draft", "2026-01-03T00:00:00Z")
    assert merged.tags == ["c", "d"]  # a removed there, b removed here, both additions kept
    assert merged.superseded == []


def test_bodies_merge_line_wise_and_conflict_only_on_the_same_lines() -> None:
    base = entry(body="One.\n\nTwo.\n\nThree.\n")
    merged, conflicted = merge_records(
        base, entry(body="One!\n\nTwo.\n\nThree.\n"), entry(body="One.\n\nTwo.\n\nThree!\n"), git.merge_file
    )
    assert isinstance(merged, Entry)
    assert merged.body == "One!\n\nTwo.\n\nThree!\n" and not conflicted
    merged, conflicted = merge_records(base, entry(body="Uno.\n"), entry(body="Eins.\n"), git.merge_file)
    assert isinstance(merged, Entry)
    assert conflicted and "Uno." in merged.body and "Eins." in merged.body


def test_a_member_has_no_updated_so_the_local_side_wins_and_keeps_the_other() -> None:
    base = Member.from_data({"handle": "ada", "name": "Ada", "bio": "Old"})
    ours = Member.from_data({"handle": "ada", "name": "Ada", "bio": "Mine", "expertise": ["python"]})
    theirs = Member.from_data(
        {"handle": "ada", "name": "Ada", "bio": "Theirs", "memberships": [{"community": "py"}]}
    )
    merged, _ = merge_records(base, ours, theirs)
    assert isinstance(merged, Member)
    assert (merged.bio, merged.expertise, [m.community for m in merged.memberships]) == (
        "Mine",
        ["python"],
        ["py"],
    )
    assert merged.extra == {"superseded": [{"field": "bio", "value": "Theirs"}]}
    assert render(merged) == render(Member.from_data(merged.to_data()))  # stable


def test_goals_sessions_and_community_links() -> None:
    def mentorship(**changes: object) -> Mentorship:
        data: dict[str, object] = {
            "id": "q3v8n1zc",
            "mentor": "ada",
            "mentee": "bob",
            "goals": [{"text": "G"}],
        }
        data.update(changes)
        return Mentorship.from_data(data)

    base = mentorship()
    ours = mentorship(
        goals=[{"text": "G", "status": "done"}], sessions=[{"date": "2026-03-08", "notes": "b"}]
    )
    theirs = mentorship(goals=[{"text": "G"}, {"text": "H"}], sessions=[{"date": "2026-03-01", "notes": "a"}])
    merged, _ = merge_records(base, ours, theirs)
    assert isinstance(merged, Mentorship)
    assert [(g.text, g.status) for g in merged.goals] == [("G", "done"), ("H", "open")]
    assert [s.notes for s in merged.sessions] == ["a", "b"]

    def community(links: dict[str, str]) -> Community:
        return Community.from_data({"slug": "py", "name": "Py", "kind": "social", "links": links})

    merged, _ = merge_records(
        community({"chat": "#py"}), community({"chat": "#python"}), community({"chat": "#py", "wiki": "w"})
    )
    assert isinstance(merged, Community)
    assert merged.links == {"chat": "#python", "wiki": "w"}


def test_no_base_means_every_difference_is_both_sides() -> None:
    older = entry(title="Old", updated="2026-01-01T00:00:00Z", body="old\n")
    newer = entry(title="New", updated="2026-02-01T00:00:00Z", body="new\n", tags=["z"])
    merged, conflicted = merge_records(None, older, newer)
    assert isinstance(merged, Entry) and not conflicted
    assert (merged.title, merged.body, merged.tags) == ("New", "new\n", ["a", "b", "z"])
    assert [(s.field, s.value) for s in merged.superseded] == [("title", "Old"), ("body", "old\n")]


def test_an_invalid_field_merge_falls_back_to_the_local_side() -> None:
    question = "0123abcd"
    base = entry()
    ours = entry(kind="answer", question=question, updated="2026-01-02T00:00:00Z")
    theirs = entry(kind="lesson", updated="2026-01-03T00:00:00Z")  # theirs is later: kind=lesson would win
    merged, _ = merge_records(base, ours, theirs)
    assert isinstance(merged, Entry)
    assert (merged.kind, merged.question) == ("answer", question)
    assert [(s.field, s.value) for s in merged.superseded] == [("kind", "lesson")]


def test_driver_paths_and_fallback(tmp_path: Path) -> None:
    assert record_path("kb/entries/py/7k2m9qxa-x.md") == "entries/py/7k2m9qxa-x.md"
    assert record_path("members/ada.yaml") == "members/ada.yaml"
    assert record_path("README.md") is None
    # a side that is not a valid record: git's line merge keeps both sides' lines
    base_text = "a: 1\nm: 0\nn: 0\nz: 9\n"
    text, conflicted = merge_texts(
        base_text, base_text.replace("a: 1", "a: ["), base_text + "b: 2\n", "members/ada.yaml"
    )
    assert not conflicted and text == "a: [\nm: 0\nn: 0\nz: 9\nb: 2\n"
    base, ours, theirs = (tmp_path / n for n in ("O", "A", "B"))
    base.write_text(render(entry()))
    ours.write_text(render(entry(title="Ours")))
    theirs.write_text(render(entry(tags=["a", "b", "c"])))
    assert run(base, ours, theirs, "entries/py/7k2m9qxa-pin-deps.md") == 0
    assert ours.read_text() == render(entry(title="Ours", tags=["a", "b", "c"]))
