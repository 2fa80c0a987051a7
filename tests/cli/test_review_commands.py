"""`cop endorse|verify|verifiers|obsolete|review` and what list, show, search and community say of them,
through the real CLI on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop


def run(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), *args])


@pytest.fixture
def repo(cop: Cop) -> Path:
    return cop.repo.root


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_USER", "ada")
    monkeypatch.setenv("COP_NOW", "2026-05-01T10:00:00Z")


def add(repo: Path, title: str, who: str = "ada", *extra: str) -> str:
    result = run(
        repo, "--as", who, "add", "-k", "how-to", "-T", title, "-c", "py", "-b", "text", "--json", *extra
    )
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["id"])


def test_endorse_shows_in_list_show_and_search_and_sorts(repo: Path) -> None:
    first, second = add(repo, "Lock files first"), add(repo, "Lock files second")
    result = run(repo, "--as", "bob", "endorse", second)
    assert result.exit_code == 0 and "1 endorsement" in result.stderr
    assert "already endorse" in run(repo, "--as", "bob", "endorse", second).stderr
    listed = json.loads(run(repo, "list", "--sort", "endorsements", "--json").stdout)
    assert [e["id"] for e in listed] == [second, first] and listed[0]["endorsements"] == ["bob"]
    shown = run(repo, "show", second)
    assert "endorsed by: bob (1)" in shown.stdout
    hits = json.loads(run(repo, "search", "lock", "--json").stdout)
    assert {h["id"]: h["endorsements"] for h in hits} == {first: 0, second: 1}
    assert run(repo, "--as", "bob", "endorse", "--undo", second).exit_code == 0
    assert json.loads(run(repo, "show", second, "--json").stdout)["endorsements"] == []


def test_an_author_endorsing_their_own_gets_one_line_and_nothing_is_written(repo: Path) -> None:
    entry = add(repo, "Mine")
    before = sorted(p.read_bytes() for p in (repo / "entries").rglob("*.md"))
    result = run(repo, "endorse", entry)
    assert result.exit_code != 0 and "author cannot endorse their own" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert sorted(p.read_bytes() for p in (repo / "entries").rglob("*.md")) == before


def test_verify_writes_verified_and_review_and_refuses_others(repo: Path) -> None:
    run(repo, "member", "add", "cy", "--name", "Cy")
    entry = add(repo, "Checked", "bob")
    result = run(repo, "--as", "cy", "verify", entry)
    assert result.exit_code != 0 and "only a verifier of" in result.stderr and "(bob, ada)" in result.stderr
    result = run(repo, "verify", entry, "--note", "still true", "--in", "30d", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verified"] == [{"by": "ada", "date": "2026-05-01", "note": "still true"}]
    assert data["review"] == "2026-05-31"
    text = next((repo / "entries").rglob("*.md")).read_text()
    assert "verified:\n- by: ada\n  date: '2026-05-01'\n  note: still true\nreview: '2026-05-31'" in text
    assert run(repo, "--as", "cy", "verify", entry, "--in", "soon").exit_code != 0
    named = run(repo, "--as", "bob", "verifiers", entry, "cy")
    assert named.exit_code == 0, named.output
    assert run(repo, "--as", "cy", "verify", entry).exit_code == 0
    assert json.loads(run(repo, "verifiers", entry, "--json").stdout) == {
        "id": entry,
        "verifiers": ["cy"],
        "default": False,
    }


def test_obsolete_show_says_so_first_list_hides_search_ranks_last(repo: Path) -> None:
    old = add(repo, "Freeze with pip freeze pip freeze")
    new = add(repo, "Use a lock file not pip freeze")
    result = run(repo, "obsolete", old, "--by", new[:5])
    assert result.exit_code == 0, result.output
    shown = run(repo, "show", old).stdout.splitlines()
    assert shown[0].startswith(f"OBSOLETE: superseded by {new}")
    assert [e["id"] for e in json.loads(run(repo, "list", "--json").stdout)] == [new]
    assert [e["id"] for e in json.loads(run(repo, "list", "-s", "obsolete", "--json").stdout)] == [old]
    assert len(json.loads(run(repo, "list", "-s", "all", "--json").stdout)) == 2
    assert [h["id"] for h in json.loads(run(repo, "search", "pip freeze", "--json").stdout)] == [new, old]
    assert run(repo, "obsolete", new, "--by", "zzzzzzzz").exit_code != 0


def test_review_queue_json_parts_reasons_and_mine(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = add(repo, "Quiet")
    checked = add(repo, "Checked")
    run(repo, "verify", checked, "--in", "10d")
    monkeypatch.setenv("COP_NOW", "2026-05-21T10:00:00Z")
    rows = json.loads(run(repo, "review", "--json").stdout)
    assert [r["id"] for r in rows] == [quiet, checked]
    assert rows[0]["urgency"] == {
        "overdue_days": 20,
        "never_verified": True,
        "due": "2026-05-01",
        "endorsements": 0,
        "links_in": 0,
        "accepted": 0,
        "reliance": 0,
    }
    assert rows[1]["reason"] == "review was due 2026-05-11 (10 days overdue)"
    plain = run(repo, "review").stdout.splitlines()
    assert plain[0].split("\t")[0] == quiet and plain[0].endswith("never verified (added 2026-05-01)")
    assert json.loads(run(repo, "--as", "bob", "review", "--mine", "--json").stdout) == []
    assert run(repo, "review", "--community", "nope").exit_code != 0


def test_community_list_and_show_give_the_trust_score(repo: Path) -> None:
    entry = add(repo, "One")
    add(repo, "Two")
    run(repo, "verify", entry)
    listed = json.loads(run(repo, "community", "list", "--json").stdout)
    assert listed[0]["trust"] == {"score": 0.5, "current": 1, "total": 2, "overdue": 0, "never_verified": 1}
    assert "\t50%\t" in run(repo, "community", "list").stdout
    shown = run(repo, "community", "show", "py").stdout
    assert "trust: 50% (1 of 2 verified and current, 1 never verified)" in shown
    assert run(repo, "community", "edit", "py", "--review-days", "30").exit_code == 0
    assert "review_days: 30" in (repo / "communities" / "py.yaml").read_text()
