"""`cop template list/show`, `cop init` again on an existing repo, and `cop add`'s editor template."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.domain.templates import DEFAULT_BODIES

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_init_writes_templates_and_again_adds_only_missing_ones(tmp_path: Path) -> None:
    repo = tmp_path / "kb"
    assert run("init", str(repo)).exit_code == 0
    assert sorted(p.name for p in (repo / "templates").iterdir()) == [
        "best-practice.md",
        "how-to.md",
        "lesson.md",
        "question.md",
    ]
    (repo / "templates" / "lesson.md").write_text("## Ours\n")
    (repo / "templates" / "how-to.md").unlink()
    config = (repo / "cop.yaml").read_bytes()
    again = run("init", str(repo))
    assert again.exit_code == 0, again.stderr
    assert "already a cop repo: added templates/how-to.md" in again.stderr
    assert (repo / "templates" / "lesson.md").read_text() == "## Ours\n"
    assert (repo / "cop.yaml").read_bytes() == config
    third = run("init", str(repo))
    assert third.exit_code == 0 and "nothing to do" in third.stderr
    refused = run("init", str(repo), "--name", "Other")
    assert refused.exit_code != 0 and "already a cop repo" in refused.stderr
    assert (repo / "cop.yaml").read_bytes() == config


def test_template_list_and_show(cop: Cop) -> None:
    cop.install_templates()
    (cop.root / "templates" / "py").mkdir()
    (cop.root / "templates" / "py" / "lesson.md").write_text("## Py \x1b[31mlesson\n")
    listed = json.loads(run("--repo", str(cop.root), "template", "list", "--json").stdout)
    assert {"kind": "lesson", "source": "repo", "path": "templates/lesson.md"} in listed
    assert {"kind": "idea", "source": "built-in", "path": None} in listed
    assert {
        "kind": "lesson",
        "source": "community",
        "path": "templates/py/lesson.md",
        "community": "py",
    } in listed
    mine = json.loads(run("--repo", str(cop.root), "template", "list", "-c", "py", "--json").stdout)
    assert [t for t in mine if t["kind"] == "lesson"][0]["source"] == "community"
    shown = run("--repo", str(cop.root), "template", "show", "lesson", "--json")
    assert json.loads(shown.stdout)["body"] == DEFAULT_BODIES["lesson"]
    plain = run("--repo", str(cop.root), "template", "show", "lesson", "-c", "py")
    assert plain.exit_code == 0 and plain.stdout == "## Py \x1b[31mlesson\n"  # not a terminal: as written
    assert "templates/py/lesson.md (community)" in plain.stderr
    table = run("--repo", str(cop.root), "template", "list")
    assert "lesson\tpy\tcommunity\ttemplates/py/lesson.md\t## Py \\x1b[31mlesson" in table.stdout  # cleaned
    bad = run("--repo", str(cop.root), "template", "show", "nonsense")
    assert bad.exit_code != 0 and "is not one of" in bad.stderr and "Traceback" not in bad.stderr
    missing = run("--repo", str(cop.root), "template", "show", "lesson", "-c", "nope")
    assert missing.exit_code != 0 and "nope" in missing.stderr


def test_a_template_link_is_one_line_error(cop: Cop, tmp_path: Path) -> None:
    (cop.root / "templates").mkdir()
    (tmp_path / "x.md").write_text("x")
    (cop.root / "templates" / "lesson.md").symlink_to(tmp_path / "x.md")
    result = run("--repo", str(cop.root), "template", "show", "lesson")
    assert result.exit_code != 0
    assert (
        result.stderr.strip().count("\n") == 0 and "templates/lesson.md is a symbolic link" in result.stderr
    )
    doctor = run("--repo", str(cop.root), "doctor")
    assert "templates/lesson.md" in doctor.stdout + doctor.stderr and doctor.exit_code != 0


def test_cop_add_editor_starts_from_the_community_template(cop: Cop, tmp_path: Path) -> None:
    (cop.root / "templates" / "py").mkdir(parents=True)
    (cop.root / "templates" / "py" / "lesson.md").write_text("## From the py template\n")
    seen = tmp_path / "seen.md"
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\ncp "$1" {seen}\nsed -i "s/^title: .*/title: Done/" "$1"\n')
    script.chmod(0o755)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cop",
            "--repo",
            str(cop.root),
            "--as",
            "ada",
            "add",
            "--edit",
            "--kind",
            "lesson",
        ]
        + ["-c", "py"],
        env={**__import__("os").environ, "EDITOR": str(script)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    text = seen.read_text()
    assert text.startswith("---\n# kind: one of best-practice, how-to, lesson,")
    assert "## From the py template" in text
    [entry] = cop.entries()
    assert entry.title == "Done" and "## From the py template" in cop.entry(entry.id).body
