"""Every error path of the entry and repo commands: one line on stderr saying what is wrong and what to
do, exit code 1 (2 for usage errors), no traceback, nothing on stdout, nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop


def run(repo: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), *args], input=input)


def snapshot(repo: Path) -> dict[str, str]:
    """Every file outside the cache with a digest of its bytes: to prove nothing was written."""
    return {
        p.relative_to(repo).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and ".cop" not in p.relative_to(repo).parts
    }


def one_error_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return lines[0]


@pytest.fixture
def repo(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The conftest repo with two entries whose ids share a first character, acting as ada."""
    monkeypatch.setenv("COP_USER", "ada")
    return cop.repo.root


@pytest.fixture
def ids(cop: Cop) -> dict[str, str]:
    question = cop.ask("py", "A question")
    lesson = cop.add_entry("lesson", "A lesson", "py")
    answer = cop.answer(question.id, "An answer")
    return {"question": question.id, "lesson": lesson.id, "answer": answer.id}


CASES = [
    # (arguments, exit code, what the one line must say)
    (["add", "--kind", "recipe", "--title", "T", "--community", "py"], 1, "kind: 'recipe' is not one of"),
    (["add", "--kind", "lesson", "--title", "T", "--community", "nope"], 1, "no community 'nope'"),
    (["add", "--kind", "lesson", "--title", "T"], 2, "missing --community"),
    (["add", "--title", "T", "--community", "py"], 2, "missing --kind"),
    (["add", "--kind", "resource", "--title", "T", "--community", "py"], 1, "url: a resource needs a --url"),
    (["add", "--kind", "answer", "--title", "T", "--community", "py"], 1, "needs the id of its question"),
    (["add", "-k", "lesson", "-T", "a\nb", "-c", "py"], 1, "title: must be one"),
    (["add", "-k", "lesson", "-T", "T", "-c", "py", "-t", "a,b"], 1, "is not a tag"),
    (["add", "-k", "lesson", "-T", "T", "-c", "py", "--body", "x", "--body-file", "-"], 2, "not both"),
    (
        ["add", "-k", "lesson", "-T", "T", "-c", "py", "--body-file", "/no/such"],
        2,
        "--body-file /no/such: no such file",
    ),
    (["add", "-k", "lesson", "-T", "T", "-c", "py", "--status", "gone"], 1, "status: 'gone' is not one of"),
    (["list", "--kind", "recipe"], 1, "kind: 'recipe' is not one of"),
    (["list", "--status", "gone"], 1, "status: 'gone' is not one of"),
    (["list", "--community", "nope"], 1, "no community 'nope'; see 'cop community list'"),
    (["list", "--author", "zed"], 1, "no member 'zed'"),
    (["list", "--since", "last week"], 1, "since: 'last week' is not a date (use YYYY-MM-DD)"),
    (["list", "--since", "2026-13-01"], 1, "is not a date"),
    (["list", "--sort", "rating"], 1, "sort: 'rating' is not one of: updated, created, title"),
    (["list", "--limit", "0"], 2, "Invalid value for '--limit'"),
    (["list", "--limit", "many"], 2, "Invalid value for '--limit'"),
    (["show", "zzzzzzzz"], 1, "no entry with id 'zzzzzzzz'; see 'cop list'"),
    (["show", "not-an-id!"], 1, "is not an entry id"),
    (["show"], 2, "Missing argument 'ID'"),
    (["edit", "zzzzzzzz", "--title", "x"], 1, "no entry with id 'zzzzzzzz'"),
    (["edit", "{lesson}", "--kind", "recipe"], 1, "kind: 'recipe' is not one of"),
    (["edit", "{lesson}", "--community", "nope"], 1, "no community 'nope'"),
    (["edit", "{lesson}", "--title", ""], 1, "title"),
    (["edit", "{lesson}", "--title", "x", "--from-file", "/x"], 2, "give no other changes with it"),
    (["rm", "zzzzzzzz", "--yes"], 1, "no entry with id 'zzzzzzzz'"),
    (["search", "  "], 2, "give some words to search for"),
    (["search", "x", "--kind", "recipe"], 1, "kind: 'recipe' is not one of"),
    (["tags", "--community", "nope"], 1, "no community 'nope'"),
    (["ask", "--community", "py"], 2, "missing --community and --title"),
    (["ask", "--community", "nope", "--title", "Q?"], 1, "no community 'nope'"),
    (["answer", "{lesson}", "--body", "x"], 1, "is a lesson, not a question"),
    (["answer", "{question}"], 2, "an answer needs its text"),
    (["answer", "{question}", "--body", "   "], 1, "body: an answer needs some text"),
    (["answer", "zzzzzzzz", "--body", "x"], 1, "no entry with id 'zzzzzzzz'"),
    (["accept", "{lesson}"], 1, "is a lesson, not an answer"),
    (["--as", "bob", "accept", "{answer}"], 1, "only the asker (ada) or a coordinator of py"),
    (
        ["--as", "zed", "add", "-k", "lesson", "-T", "T", "-c", "py"],
        1,
        "'zed' (from --as) is not a member",
    ),
    (["whoami", "--bogus"], 2, "No such option: --bogus"),
]


@pytest.mark.parametrize(("args", "code", "says"), CASES, ids=[" ".join(c[0])[:60] for c in CASES])
def test_error_paths(repo: Path, ids: dict[str, str], args: list[str], code: int, says: str) -> None:
    args = [a.format(**ids) for a in args]
    before = snapshot(repo)
    result = run(repo, *args)
    assert result.exit_code == code, result.output
    line = one_error_line(result)
    assert says in line
    assert line.startswith("error: ")
    if says[0].isupper():  # Click's own usage errors, reworded to one line that points at the help
        assert line.endswith("--help')")
    assert snapshot(repo) == before


def test_an_ambiguous_prefix_lists_the_candidates(repo: Path, cop: Cop) -> None:
    made: list[str] = []
    while True:  # random ids: add entries until two share a first character
        made.append(cop.add_entry("lesson", f"L{len(made)}", "py").id)
        firsts = [i[0] for i in made]
        twins = [c for c in firsts if firsts.count(c) > 1]
        if twins:
            break
    result = run(repo, "show", twins[0])
    assert result.exit_code == 1
    line = one_error_line(result)
    assert f"id prefix '{twins[0]}' is ambiguous: it matches" in line
    assert "type more characters" in line
    for ident in made:
        if ident[0] == twins[0]:
            assert ident in line


def test_no_acting_member_says_how_to_set_one(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COP_USER")
    before = snapshot(repo)
    line = one_error_line(run(repo, "add", "-k", "lesson", "-T", "T", "-c", "py"))
    assert "cop does not know who you are: pass --as HANDLE, set COP_USER=HANDLE" in line
    assert snapshot(repo) == before


def test_a_missing_repo_is_one_line(tmp_path: Path) -> None:
    result = run(tmp_path / "nowhere", "list")
    assert result.exit_code == 1
    assert "does not exist; create it with 'cop init" in one_error_line(result)
    assert not (tmp_path / "nowhere").exists()
    folder = tmp_path / "plain"
    folder.mkdir()
    assert "is not a cop repo (no cop.yaml); run 'cop init' there" in one_error_line(run(folder, "list"))


def test_a_newer_format_is_refused_for_writes(repo: Path) -> None:
    config = repo / "cop.yaml"
    config.write_text(config.read_text().replace("format: 1", "format: 99"))
    before = snapshot(repo)
    line = one_error_line(run(repo, "add", "-k", "lesson", "-T", "T", "-c", "py"))
    assert "upgrade cop" in line
    assert snapshot(repo) == before
    assert run(repo, "list").exit_code == 0  # reading still works
