"""`cop show` links and backlinks, `cop list --links-to/--orphans`, `cop doctor` on broken links."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop

runner = CliRunner()


def run(repo: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--repo", str(repo), "--as", "ada", *args])
    return result.exit_code, result.stdout, result.stderr


def test_show_lists_links_and_backlinks(cop: Cop) -> None:
    a = cop.add_entry("how-to", "Pin \x1b[31mversions", "py")
    b = cop.add_entry("lesson", "Broke prod", "py", body=f"See [[{a.id[:4]}|pinning]] and [[zzzzzzzz]].")
    code, out, _ = run(cop.root, "show", b.id)
    assert code == 0
    assert "links to (2):" in out
    assert f"{a.id}  Pin \\x1b[31mversions  (how-to)" in out  # escaped, one cleaning path
    assert "[[zzzzzzzz]]  (no such entry)" in out
    code, out, _ = run(cop.root, "show", a.id)
    assert "linked from (1):" in out and f"{b.id}  Broke prod  (lesson)" in out
    code, out, _ = run(cop.root, "show", b.id, "--json")
    data = json.loads(out)
    assert data["links_to"] == [
        {
            "target": a.id[:4],
            "id": a.id,
            "state": "ok",
            "title": "Pin \x1b[31mversions",
            "kind": "how-to",
            "text": "pinning",
        },
        {"target": "zzzzzzzz", "id": None, "state": "broken"},
    ]
    assert data["linked_from"] == []
    data = json.loads(run(cop.root, "show", a.id, "--json")[1])
    assert data["linked_from"] == [{"id": b.id, "title": "Broke prod", "kind": "lesson"}]


def test_show_without_links_prints_no_link_sections(cop: Cop) -> None:
    a = cop.add_entry("how-to", "Alone", "py", body="no links")
    out = run(cop.root, "show", a.id)[1]
    assert "links to" not in out and "linked from" not in out


def test_list_links_to_and_orphans(cop: Cop) -> None:
    a = cop.add_entry("how-to", "A", "py")
    b = cop.add_entry("lesson", "B", "py", body=f"[[{a.id}]]")
    cop.ask("py", "Q?")
    code, out, _ = run(cop.root, "list", "--links-to", a.id[:5], "--json")
    assert code == 0 and [e["id"] for e in json.loads(out)] == [b.id]
    code, out, _ = run(cop.root, "list", "--orphans", "--json")
    assert [e["id"] for e in json.loads(out)] == [b.id]
    code, out, err = run(cop.root, "list", "--links-to", "zzzzzzzz")
    assert code != 0 and "--links-to" in err and "Traceback" not in err


def test_doctor_names_file_and_line_of_a_broken_link(cop: Cop) -> None:
    b = cop.add_entry("lesson", "B", "py", body="one\n[[zzzz]]\n")
    line = (cop.root / b.path).read_text().split("\n").index("[[zzzz]]") + 1
    code, out, err = run(cop.root, "doctor")
    assert code != 0
    assert f"{b.path}:{line}: links to [[zzzz]], which is no entry" in out + err
