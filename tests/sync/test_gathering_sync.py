"""Events and projects changed in two clones at once all survive `cop sync` (the merge driver), and
travel through export/import."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.domain.events import Event, Project
from tests.sync.conftest import Shared, edit


def _ok(result: object) -> None:
    assert getattr(result, "exit_code", 1) == 0, getattr(result, "output", result)


def _seed(shared: Shared) -> tuple[str, str]:
    def make(core: Cop) -> tuple[str, str]:
        event = core.add_event("Brown bag", "py", "brown-bag", "2026-03-05T18:00+01:00", duration="1h")
        core.add_member("cy", "Cy Young")
        idea = core.add_entry("idea", "A bot", "py")
        core.add_project("bot", from_idea=idea.id)
        return event.id, idea.id

    ids = edit(shared, shared.a, "ada", make)
    assert isinstance(ids, tuple)
    _ok(shared.sync(shared.a, "ada"))
    _ok(shared.sync(shared.b, "bob"))
    return ids


def test_attendees_notes_members_and_updates_from_both_clones_survive(shared: Shared) -> None:
    event_id, _ = _seed(shared)

    def ada_side(core: Cop) -> None:
        core.attend(event_id)
        core.add_event_note(event_id, "ada's note", date="2026-03-06")
        core.edit_event(event_id, add_hosts=["cy"])
        core.project_update("bot", "ada's update", date="2026-03-02")

    def bob_side(core: Cop) -> None:
        core.attend(event_id)
        core.attend(event_id, "cy")
        core.add_event_note(event_id, "bob's note", date="2026-03-05")
        core.join_project("bot")
        core.project_update("bot", "bob's update", date="2026-03-03")
        lesson = core.add_entry("lesson", "Learned", "py")
        core.edit_event(event_id, add_outcomes=[lesson.id])
        core.link_project("bot", lesson.id)

    edit(shared, shared.a, "ada", ada_side)
    edit(shared, shared.b, "bob", bob_side)
    _ok(shared.sync(shared.a, "ada"))
    _ok(shared.sync(shared.b, "bob"))
    _ok(shared.sync(shared.a, "ada"))
    for clone in (shared.a, shared.b):
        core = shared.core(clone, "ada")
        event: Event = core.event(event_id)
        project: Project = core.project("bot")
        assert sorted(event.attendees) == ["ada", "bob", "cy"]
        assert [n.text for n in event.notes] == ["bob's note", "ada's note"]  # oldest first
        assert sorted(event.hosts) == ["ada", "cy"] and len(event.outcomes) == 1
        assert sorted(project.members) == ["ada", "bob"]
        assert [u.text for u in project.updates] == ["ada's update", "bob's update"]
        assert len(project.links) == 2
        assert not event.superseded and not project.superseded
        assert core.doctor() == []
        core.close()
    assert (shared.a / f"events/{event_id}.yaml").read_bytes() == (
        shared.b / f"events/{event_id}.yaml"
    ).read_bytes()


def test_export_and_import_carry_events_and_projects(shared: Shared, tmp_path: Path) -> None:
    event_id, _ = _seed(shared)
    bundle = tmp_path / "py.json"
    result = CliRunner().invoke(
        app, ["--repo", str(shared.a), "export", "--community", "py", "-o", str(bundle)]
    )
    _ok(result)
    data = json.loads(bundle.read_text())
    assert [e["id"] for e in data["events"]] == [event_id]
    assert [p["slug"] for p in data["projects"]] == ["bot"]
    target = tmp_path / "other"
    _ok(CliRunner().invoke(app, ["init", str(target)]))
    _ok(CliRunner().invoke(app, ["--repo", str(target), "import", str(bundle)]))
    core = Cop.open(target)
    assert core.event(event_id).title == "Brown bag" and core.project("bot").links
    assert core.doctor() == []
    core.close()
    site = tmp_path / "site"
    _ok(CliRunner().invoke(app, ["--repo", str(shared.a), "export", "--format", "html", "-o", str(site)]))
    assert (
        "Brown bag" in (site / "events.html").read_text() and "A bot" in (site / "projects.html").read_text()
    )


def test_log_of_an_event_and_a_project(shared: Shared) -> None:
    event_id, _ = _seed(shared)
    edit(shared, shared.a, "ada", lambda core: core.attend(event_id))
    _ok(shared.sync(shared.a, "ada"))
    for ident in (event_id, event_id[:4], "bot"):
        result = CliRunner().invoke(app, ["--repo", str(shared.a), "log", ident, "--json"])
        _ok(result)
        commits = json.loads(result.stdout)
        assert commits, ident
    attended = json.loads(
        CliRunner().invoke(app, ["--repo", str(shared.a), "log", event_id, "--json"]).stdout
    )
    assert len(attended) == 2  # added, then attended
