"""Export and import through the CLI, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop
from cop.store import Repo


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def snapshot(root: Path) -> dict[str, bytes]:
    """Every record file's bytes (the cache and cop.yaml aside)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in (".md", ".yaml") and ".cop" not in p.parts and p.name != "cop.yaml"
    }


@pytest.fixture
def rich_repo(cop: Cop) -> Path:
    """The small repo plus entries of every shape: Q&A, a renamed entry, extras, a mentorship log."""
    question = cop.ask("py", "How do I pin deps?", body="Which tool?\n", tags=["packaging"])
    answer = cop.answer(question.id, "Use uv lock.\n")
    cop.accept(answer.id)
    body = "Multi\nline: yes\n\n- item\n"
    renamed = cop.add_entry("lesson", "Old title", "py", body=body, extra={"x-source": "wiki"})
    cop.edit_entry(renamed.id, title="A new title [red]x[/red] <script>alert(1)</script>")
    mentorship = cop.add_mentorship("ada", "bob", community="py")
    cop.log_session(mentorship.id, "First talk\nabout packaging", date="2026-03-01", minutes=30)
    cop.add_goal(mentorship.id, "Ship a wheel")
    return cop.repo.root


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_export_then_import_into_an_empty_repo_gives_the_same_files(
    rich_repo: Path, tmp_path: Path, fmt: str
) -> None:
    bundle = tmp_path / f"bundle.{fmt}"
    ok(run("--repo", str(rich_repo), "export", "--format", fmt, "-o", str(bundle)))
    again = ok(run("--repo", str(rich_repo), "export", "--format", fmt))
    assert again.stdout.encode() == bundle.read_bytes()  # deterministic
    empty = tmp_path / "empty"
    Repo.init(empty, name="Empty")
    result = ok(run("--repo", str(empty), "import", str(bundle)))
    assert "added 7, updated 0, unchanged 0" in result.stderr
    assert snapshot(empty) == snapshot(rich_repo)
    result = ok(run("--repo", str(empty), "import", str(bundle)))  # idempotent
    assert "added 0, updated 0, unchanged 7" in result.stderr


def test_a_bundle_is_self_describing(rich_repo: Path) -> None:
    data = json.loads(ok(run("--repo", str(rich_repo), "export", "--community", "py")).stdout)
    assert data["cop_bundle"] == 1 and data["repo"]["name"] == "Test knowledge"
    assert [c["slug"] for c in data["communities"]] == ["py"]
    entry = next(e for e in data["entries"] if e["fields"]["kind"] == "lesson")
    assert entry["file"].endswith("-old-title.md") and entry["body"].startswith("Multi\n")
    assert entry["fields"]["x-source"] == "wiki"


def hostile(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_import_refuses_a_hostile_bundle_and_writes_nothing(rich_repo: Path, tmp_path: Path) -> None:
    good = json.loads(ok(run("--repo", str(rich_repo), "export")).stdout)
    target = tmp_path / "target"
    Repo.init(target, name="Target")

    def files() -> list[str]:  # the cache (.cop) may be built while checking: it is not the repo's data
        return sorted(p.as_posix() for p in target.rglob("*") if ".cop" not in p.parts)

    before = files()
    escape = json.loads(json.dumps(good))
    escape["communities"][0]["slug"] = "../../evil"
    escape["entries"][0]["file"] = "../../../pwned.md"
    escape["members"][0]["name"] = ""
    escape["mentorships"][0]["mentee"] = escape["mentorships"][0]["mentor"]
    cases = {
        "escape.json": (
            escape,
            [
                "communities[1].slug: '../../evil'",
                "entries[1].file",
                "members[1].name",
                "mentorships[1]: mentee",
            ],
        ),
        "version.json": ({**good, "cop_bundle": 99}, ["bundle format 99 is not supported"]),
        "other.json": ({"hello": 1}, ["not a cop bundle"]),
        "twice.json": ({**good, "members": good["members"] * 2}, ["members[3]: ada appears twice"]),
        "orphan.json": (
            {
                **good,
                "communities": [],
                "entries": [
                    {**good["entries"][0], "fields": {**good["entries"][0]["fields"], "community": "nowhere"}}
                ],
            },
            ["community 'nowhere' is neither in the bundle nor in this repo"],
        ),
    }
    for name, (data, expected) in cases.items():
        result = run("--repo", str(target), "import", str(hostile(tmp_path, name, data)))
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"error: refused {name}")
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
        for text in expected:
            assert text in result.stderr, (text, result.stderr)
    assert files() == before
    assert not (tmp_path / "pwned.md").exists() and not (tmp_path / "evil.yaml").exists()


def test_import_merges_changed_records_by_the_merge_rules(cop: Cop, tmp_path: Path) -> None:
    entry = cop.add_entry("how-to", "Pin deps", "py", body="Old body.\n", tags=["a"])
    bundle = tmp_path / "b.json"
    ok(run("--repo", str(cop.repo.root), "export", "-o", str(bundle)))
    data = json.loads(bundle.read_text())
    fields = data["entries"][0]["fields"]
    fields.update(title="Pin every dep", tags=["a", "b"], updated="2099-01-01T00:00:00Z")
    data["entries"][0]["body"] = "New body.\n"
    bundle.write_text(json.dumps(data))
    dry = ok(run("--repo", str(cop.repo.root), "import", "--dry-run", str(bundle)))
    changes = "(title, updated, tags, superseded, body)"
    assert f"would update entry {entry.id} 'Pin every dep' {changes}" in dry.stdout
    assert cop.entry(entry.id).title == "Pin deps"  # dry run wrote nothing
    ok(run("--repo", str(cop.repo.root), "import", str(bundle)))
    cop.repo.invalidate()
    merged = cop.entry(entry.id)
    assert (merged.title, merged.tags, merged.body) == ("Pin every dep", ["a", "b"], "New body.\n")
    assert {(s.field, s.value) for s in merged.superseded} == {("title", "Pin deps"), ("body", "Old body.\n")}


def test_import_markdown_notes(cop: Cop, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    (notes / ".obsidian").mkdir()
    (notes / ".obsidian" / "hidden.md").write_text("# Not a note\n")
    (notes / "front.md").write_text(
        "---\ntitle: From front matter\ntags: [Python, testing]\naliases: [fm]\n"
        "date: 2024-05-01\n---\nBody #ci\n"
    )
    heading_text = "# From the heading\n\nText with #Tips and `#notatag`.\n\n```\n#nope\n```\n"
    (notes / "sub" / "heading.md").write_text(heading_text)
    (notes / "file-name_title.md").write_text("Just text.\n")
    (notes / "bad.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    root = str(cop.repo.root)
    dry = ok(run("--repo", root, "--as", "ada", "import", "--markdown", str(notes), "-c", "py", "--dry-run"))
    assert "would add 4" in dry.stderr
    assert cop.entries() == []
    ok(run("--repo", root, "--as", "ada", "import", "--markdown", str(notes), "-c", "py", "-k", "lesson"))
    cop.repo.invalidate()
    by_title = {e.title: cop.entry(e.id) for e in cop.entries()}
    assert set(by_title) == {"From front matter", "From the heading", "file name title", "bad"}
    front = by_title["From front matter"]
    assert (front.tags, front.kind) == (["python", "testing", "ci"], "lesson")
    assert front.created == "2024-05-01T00:00:00Z"
    assert front.extra["aliases"] == ["fm"] and front.extra["imported_from"]["file"] == "front.md"
    heading = by_title["From the heading"]
    assert heading.tags == ["tips"] and heading.body.startswith("Text with")
    assert all(e.author == "ada" and e.community == "py" for e in by_title.values())
    refused = run("--repo", root, "--as", "ada", "import", "--markdown", str(notes))
    assert refused.exit_code == 2 and "needs --community" in refused.stderr


def test_import_markdown_twice_adds_only_new_notes_and_updates_changed_ones(cop: Cop, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "one.md").write_text("# One\n\nFirst text.\n")
    (notes / "two.md").write_text("---\ntitle: Two\nupdated: 2020-01-01\n---\nSecond text.\n")
    root = str(cop.repo.root)
    args = ["--repo", root, "--as", "ada", "import", "--markdown", str(notes), "-c", "py"]
    assert "added 2, updated 0, unchanged 0" in ok(run(*args)).stderr
    files = sorted((cop.repo.root / "entries" / "py").iterdir())
    before = {p.name: p.read_bytes() for p in files}
    again = ok(run(*args))
    assert "added 0, updated 0, unchanged 2" in again.stderr
    assert {p.name: p.read_bytes() for p in (cop.repo.root / "entries" / "py").iterdir()} == before

    cop.repo.invalidate()
    two = next(e for e in cop.entries() if e.title == "Two")
    cop.edit_entry(two.id, add_tags=["kept"])  # edits made in cop after the import
    one = next(e for e in cop.entries() if e.title == "One")
    cop.edit_entry(one.id, title="One, retitled in cop", status="archived")
    (notes / "one.md").write_text("# One\n\nFirst text, revised.\n")
    (notes / "sub").mkdir()
    (notes / "sub" / "moved.md").write_bytes((notes / "two.md").read_bytes())  # same text, new place
    (notes / "two.md").unlink()
    (notes / "three.md").write_text("Third.\n")
    dry = ok(run(*args, "--dry-run"))
    assert "would add 1, would update 1, unchanged 1" in dry.stderr
    assert "would update entry" in dry.stdout and "from one.md" in dry.stdout
    ok(run(*args))
    cop.repo.invalidate()
    assert sorted(e.title for e in cop.entries()) == ["One", "Two", "three"]
    refreshed = cop.entry(one.id)  # the note's title and text win; cop's title is kept aside
    assert (refreshed.body, refreshed.status) == ("First text, revised.\n", "archived")
    assert ("title", "One, retitled in cop") in [(n.field, n.value) for n in refreshed.superseded]
    assert "kept" in cop.entry(two.id).tags
    assert "added 0, updated 0, unchanged 3" in ok(run(*args)).stderr
    (notes / "three.md").write_text("Third, longer.\n")  # changed, never edited in cop: no superseded
    ok(run(*args))
    cop.repo.invalidate()
    three = cop.entry(next(e.id for e in cop.entries() if e.title == "three"))
    assert (three.body, three.superseded) == ("Third, longer.\n", [])


def test_export_html_is_a_safe_static_site(rich_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    ok(run("--repo", str(rich_repo), "export", "--format", "html", "-o", str(site)))
    pages = {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob("*.html")}
    assert {"index.html", "tags.html", "c/py.html"} <= set(pages)
    assert sum(1 for p in pages if p.startswith("e/")) == 3
    everything = "".join(pages.values())
    assert "<script>" not in everything and "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    assert "src=" not in everything and 'rel="stylesheet"' not in everything  # no external assets
    question = next(text for text in pages.values() if "How do I pin deps?</h1>" in text)
    assert "Use uv lock." in question and "accepted" in question
    missing = run("--repo", str(rich_repo), "export", "--format", "html")
    assert missing.exit_code == 2 and "-o DIR" in missing.stderr


def test_import_markdown_shows_progress_on_a_terminal_only(
    cop: Cop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    from cop.commands.progress import progress_of

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    notes = tmp_path / "notes"
    notes.mkdir()
    for n in range(3):
        (notes / f"n{n}.md").write_text(f"Note {n}.\n")
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with progress_of("importing notes") as step:
        cop.import_markdown(notes, "py", dry_run=True, progress=step)
    assert piped.getvalue() == ""  # not a terminal: no bar, nothing written
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_of("importing notes") as step:
        plan = cop.import_markdown(notes, "py", progress=step)
    assert plan.count("add") == 3
    assert "importing notes" in terminal.getvalue() and "3/3" in terminal.getvalue()  # with counts
