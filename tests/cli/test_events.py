"""`cop event add|list|show|edit|attend|unattend|note|cancel|export` through the real CLI on real files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop

START = "2026-03-05T18:00+01:00"


def run(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", *args])


@pytest.fixture
def repo(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COP_NOW", "2026-03-01T09:00:00Z")
    cop.edit_member("ada", add_expertise=["python"], add_interests=["testing"])
    return cop.root


def add(repo: Path, *extra: str, title: str = "Brown bag", start: str = START) -> dict[str, object]:
    result = run(repo, "event", "add", "--title", title, "-c", "py", "--kind", "brown-bag", "--start", start,
                 "--duration", "90m", "--json", *extra)  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_add_writes_the_documented_file(repo: Path) -> None:
    data = add(repo, "--place", "Room 4")
    assert data["path"] == f"events/{data['id']}.yaml"
    on_disk = yaml.safe_load((repo / str(data["path"])).read_text())
    assert on_disk == {
        "id": data["id"],
        "title": "Brown bag",
        "community": "py",
        "kind": "brown-bag",
        "start": "2026-03-05T18:00:00+01:00",
        "duration": "90m",
        "place": "Room 4",
        "hosts": ["ada"],
        "created": "2026-03-01T09:00:00Z",
        "updated": "2026-03-01T09:00:00Z",
    }


def test_list_upcoming_first_and_past(repo: Path) -> None:
    soon = add(repo, title="Soon", start="2026-03-02T10:00Z")
    later = add(repo, title="Later", start="2026-04-02T10:00Z")
    gone = add(repo, title="Gone", start="2026-02-01T10:00Z")
    upcoming = json.loads(run(repo, "event", "list", "--json").stdout)
    assert [e["id"] for e in upcoming] == [soon["id"], later["id"]]
    past = json.loads(run(repo, "event", "list", "--past", "--json").stdout)
    assert [e["id"] for e in past] == [gone["id"]]
    plain = run(repo, "event", "list").stdout.splitlines()
    assert plain[0].split("\t")[0] == soon["id"]


def test_attend_show_lists_people_with_expertise(repo: Path) -> None:
    event = add(repo)
    assert run(repo, "event", "attend", str(event["id"])[:4]).exit_code == 0
    result = run(repo, "event", "attend", str(event["id"]), "--member", "bob")
    assert result.exit_code == 0, result.output
    shown = json.loads(run(repo, "event", "show", str(event["id"]), "--json").stdout)
    assert shown["attendees"] == ["ada", "bob"]
    people = {p["handle"]: p for p in shown["people"]}
    assert people["ada"]["host"] and people["ada"]["expertise"] == ["python"]
    assert people["ada"]["interests"] == ["testing"] and people["ada"]["department"] == "Engineering"
    assert people["bob"]["department"] == "Operations"
    plain = run(repo, "event", "show", str(event["id"])).stdout
    assert "Operations" in plain and "python" in plain
    assert run(repo, "event", "unattend", str(event["id"]), "--member", "bob").exit_code == 0
    again = run(repo, "event", "unattend", str(event["id"]), "--member", "bob")
    assert again.exit_code != 0 and "not attending" in again.stderr


def test_note_edit_outcome_cancel(repo: Path, cop: Cop) -> None:
    event = add(repo)
    lesson = cop.add_entry("lesson", "What we learned", "py")
    ident = str(event["id"])
    assert run(repo, "event", "note", ident, "--text", "Great turnout").exit_code == 0
    result = run(
        repo, "event", "edit", ident, "--outcome", lesson.id[:5], "--title", "Brown bag #1", "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["outcomes"] == [lesson.id] and data["title"] == "Brown bag #1"
    assert data["notes"] == [{"by": "ada", "date": "2026-03-01", "text": "Great turnout"}]
    cancelled = json.loads(run(repo, "event", "cancel", ident, "--json").stdout)
    assert cancelled["status"] == "cancelled"
    refused = run(repo, "event", "attend", ident, "--member", "bob")
    assert refused.exit_code != 0 and "cancelled" in refused.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--start", "2026-03-05T18:00"), "offset"),
        (("--start", "soon"), "not a date and time"),
        (("--duration", "forever"), "not a duration"),
        (("--kind", "party"), "not one of"),
        (("-c", "nowhere"), "no community"),
        (("--title", "a\nb"), "one line"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(repo: Path, args: tuple[str, ...], message: str) -> None:
    base = {"--title": "T", "-c": "py", "--kind": "meetup", "--start": START, "--duration": "1h"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = run(repo, "event", "add", *[x for kv in base.items() for x in kv])
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert not list((repo / "events").glob("*.yaml"))


def test_unknown_event_id(repo: Path) -> None:
    result = run(repo, "event", "show", "zzzz")
    assert result.exit_code != 0 and "cop event list" in result.stderr


def _check_ics(raw: bytes) -> list[str]:
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    return re.sub(r"\r\n[ \t]", "", raw.decode("utf-8")).split("\r\n")[:-1]


def test_export_ics_to_stdout_and_file(repo: Path, tmp_path: Path) -> None:
    event = add(repo, title="Semi; colon, comma " + "long " * 200)
    result = CliRunner().invoke(app, ["--repo", str(repo), "event", "export", str(event["id"]), "--ics"])
    assert result.exit_code == 0, result.output
    lines = _check_ics(result.stdout_bytes)
    assert f"UID:{event['id']}@cop" in lines and "DTSTART:20260305T170000Z" in lines
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert summary.startswith("SUMMARY:Semi\\; colon\\, comma long")
    target = tmp_path / "out.ics"
    assert run(repo, "event", "list", "--ics", "-o", str(target)).exit_code == 0
    assert target.read_bytes() == result.stdout_bytes  # same events, same bytes
    assert run(repo, "event", "export", str(event["id"])).exit_code != 0  # a format is needed


def test_doctor_names_dangling_references(repo: Path) -> None:
    event = add(repo)
    path = repo / str(event["path"])
    path.write_text(path.read_text() + "attendees:\n- ghost\noutcomes:\n- zzzzzzzz\n")
    result = run(repo, "doctor")
    assert result.exit_code == 1
    assert "attendee 'ghost' is not a known member" in result.output
    assert "outcome 'zzzzzzzz' is not a known entry" in result.output


def test_a_broken_event_file_is_one_line_and_others_still_list(repo: Path) -> None:
    good = add(repo)
    (repo / "events" / "abcd2345.yaml").write_text(
        "id: abcd2345\ntitle: x\ncommunity: py\nkind: nope\nstart: x\n"
    )
    result = run(repo, "event", "list", "--json")
    assert result.exit_code == 0
    assert [e["id"] for e in json.loads(result.stdout)] == [good["id"]]
    assert "events/abcd2345.yaml" in result.stderr
