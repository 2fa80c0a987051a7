"""Links between entries through the core: outgoing, backlinks, --links-to, --orphans, doctor."""

from __future__ import annotations

from cop.core import Cop
from cop.domain.filters import EntryFilter


def _ids(entries: list) -> set[str]:
    return {e.id for e in entries}


def test_links_and_backlinks_resolve_by_prefix(cop: Cop) -> None:
    target = cop.add_entry("how-to", "Pin versions", "py", body="Use a lock file.")
    source = cop.add_entry("lesson", "We broke prod", "py", body=f"See [[{target.id[:5]}|pinning]].")
    out = cop.links_from(cop.entry(source.id))
    assert [(x.id, x.title, x.text, x.state) for x in out] == [(target.id, "Pin versions", "pinning", "ok")]
    back = cop.links_to(cop.entry(target.id))
    assert [(x.id, x.title) for x in back] == [(source.id, "We broke prod")]
    assert cop.links_to(cop.entry(source.id)) == []


def test_a_link_survives_a_title_change_and_a_move(cop: Cop) -> None:
    cop.add_community("ops", "Ops", "professional", coordinators=["ada"])
    target = cop.add_entry("how-to", "Old title", "py")
    source = cop.add_entry("lesson", "L", "py", body=f"[[{target.id}]]")
    cop.edit_entry(target.id, title="New title", community="ops")
    out = cop.links_from(cop.entry(source.id))
    assert [(x.id, x.title) for x in out] == [(target.id, "New title")]
    assert _ids(cop.links_to(cop.entry(target.id))) == {source.id}


def test_links_to_and_orphans_filters(cop: Cop) -> None:
    a = cop.add_entry("how-to", "A", "py")
    b = cop.add_entry("lesson", "B", "py", body=f"[[{a.id}]]")
    c = cop.add_entry("best-practice", "C", "py", body=f"[[{b.id}]] and [[{a.id}]]")
    q = cop.ask("py", "Why?")
    assert _ids(cop.entries(EntryFilter(links_to=a.id))) == {b.id, c.id}
    assert _ids(cop.entries(EntryFilter(links_to=b.id))) == {c.id}
    orphans = _ids(cop.entries(EntryFilter(orphans=True)))
    assert orphans == {c.id}  # the question is not an orphan: questions aside
    assert q.id not in orphans
    cop.edit_entry(c.id, body="no links any more")
    assert _ids(cop.entries(EntryFilter(links_to=a.id))) == {b.id}
    assert a.id not in _ids(cop.entries(EntryFilter(orphans=True)))
    assert b.id in _ids(cop.entries(EntryFilter(orphans=True)))
    assert cop.link_target(a.id[:6]) == a.id


def test_deleting_a_target_breaks_the_link_and_doctor_names_file_and_line(cop: Cop) -> None:
    a = cop.add_entry("how-to", "A", "py")
    b = cop.add_entry("lesson", "B", "py", body=f"first line\n\nsee [[{a.id}]]\n")
    assert not [f for f in cop.doctor() if f.kind == "link"]
    cop.remove_entry(a.id)
    out = cop.links_from(cop.entry(b.id))
    assert [(x.target, x.id, x.state) for x in out] == [(a.id, None, "broken")]
    found = [f for f in cop.doctor() if f.kind == "link"]
    assert len(found) == 1
    text = (cop.root / b.path).read_text()
    line = text.split("\n").index(f"see [[{a.id}]]") + 1
    assert (found[0].path, found[0].line) == (b.path, line)
    assert "no entry" in found[0].message
    assert a.id not in _ids(cop.entries(EntryFilter(orphans=True)))


def test_an_ambiguous_prefix_is_reported_and_links_nowhere(cop: Cop) -> None:
    made = [cop.add_entry("how-to", f"E{n}", "py") for n in range(40)]
    by_first: dict[str, list[str]] = {}
    for entry in made:
        by_first.setdefault(entry.id[0], []).append(entry.id)
    shared = next(k for k, v in by_first.items() if len(v) > 1)
    source = cop.add_entry("lesson", "L", "py", body=f"[[{shared}]]")
    out = cop.links_from(cop.entry(source.id))
    # the source's own random id may start with the prefix too: it is one more candidate
    candidates = len(by_first[shared]) + source.id.startswith(shared)
    assert out[0].state == "ambiguous" and out[0].candidates == candidates
    for ident in by_first[shared]:
        assert cop.links_to(cop.entry(ident)) == []
    found = [f for f in cop.doctor() if f.kind == "link"]
    assert [(f.path, "names" in f.message) for f in found] == [(source.path, True)]


def test_links_inside_code_do_not_count(cop: Cop) -> None:
    a = cop.add_entry("how-to", "A", "py")
    body = f"```\n[[{a.id}]]\n```\nand `[[{a.id}]]` and \\[[{a.id}]]"
    b = cop.add_entry("lesson", "B", "py", body=body)
    assert cop.links_from(cop.entry(b.id)) == []
    assert cop.links_to(cop.entry(a.id)) == []
