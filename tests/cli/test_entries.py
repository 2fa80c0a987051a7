"""`cop add|list|show|edit|rm|search|tags` and `cop ask|answer|accept` through the real CLI on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.commands import output
from cop.core import Cop
from cop.store import parse_entry_text
from tests.cli.bash_completion import complete


def run(repo: Path, *args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), *args], **kwargs)  # type: ignore[arg-type]


def front(repo: Path, path: str) -> dict[str, object]:
    """The front matter of an entry file, read with plain YAML (not through cop)."""
    text = (repo / path).read_text(encoding="utf-8")
    assert text.startswith("---\n")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def entry_files(repo: Path) -> list[Path]:
    return sorted((repo / "entries").rglob("*.md"))


@pytest.fixture
def repo(cop: Cop) -> Path:
    """The conftest repo (ada coordinates py, bob is a member), acting as ada through COP_USER."""
    return cop.repo.root


@pytest.fixture(autouse=True)
def acting_ada(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_USER", "ada")
    monkeypatch.setenv("COP_NOW", "2026-05-01T10:00:00Z")


# -- add ---------------------------------------------------------------------------------------------
def test_add_writes_the_entry_file(repo: Path) -> None:
    result = run(
        repo, "add", "--kind", "how-to", "--title", "Run the tests in parallel", "--community", "py",
        "--tag", "Testing", "--tag", "pytest", "--body", "Use `pytest -n auto`.\n\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    [path] = entry_files(repo)
    rel = path.relative_to(repo).as_posix()
    assert rel.startswith("entries/py/") and rel.endswith("-run-the-tests-in-parallel.md")
    data = front(repo, rel)
    assert data["kind"] == "how-to"
    assert data["title"] == "Run the tests in parallel"
    assert data["author"] == "ada"
    assert data["tags"] == ["testing", "pytest"]
    assert data["created"] == "2026-05-01T10:00:00Z"
    assert path.read_text(encoding="utf-8").endswith("---\nUse `pytest -n auto`.\n")
    assert f'added how-to {data["id"]} "Run the tests in parallel": {rel}' in result.stderr


def test_add_json_prints_the_saved_entry(repo: Path) -> None:
    result = run(repo, "add", "-k", "lesson", "-T", "Small PRs", "-c", "py", "-b", "They merge.", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Small PRs"
    assert data["body"] == "They merge.\n"
    assert data["status"] == "published"  # defaults are in the JSON even though the file leaves them out
    assert (repo / data["path"]).is_file()


def test_add_body_from_a_file_and_from_stdin(repo: Path, tmp_path: Path) -> None:
    body = tmp_path / "body.md"
    body.write_text("# From a file\n", encoding="utf-8")
    assert run(repo, "add", "-k", "idea", "-T", "One", "-c", "py", "--body-file", str(body)).exit_code == 0
    result = run(repo, "add", "-k", "idea", "-T", "Two", "-c", "py", "--body-file", "-", input="from stdin\n")
    assert result.exit_code == 0, result.output
    bodies = sorted(parse_entry_text(p.read_text(encoding="utf-8")).body for p in entry_files(repo))
    assert bodies == ["# From a file\n", "from stdin\n"]


def test_add_resource_with_url_and_a_draft(repo: Path) -> None:
    result = run(
        repo, "add", "-k", "resource", "-T", "Docs", "-c", "py", "--url", "https://docs.python.org",
        "--status", "draft", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = front(repo, json.loads(result.stdout)["path"])
    assert data["url"] == "https://docs.python.org"
    assert data["status"] == "draft"


def test_add_from_file_takes_front_matter_and_body(repo: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("---\nkind: lesson\ntitle: Kept draft\ncommunity: py\n---\nBody.\n", encoding="utf-8")
    result = run(repo, "add", "--from-file", str(draft), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "Kept draft"


# -- list --------------------------------------------------------------------------------------------
@pytest.fixture
def sample(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Four entries at known times by ada and bob, one a draft; returns their ids by a short name."""
    made: dict[str, str] = {}

    def add(name: str, when: str, kind: str, title: str, **kwargs: object) -> None:
        monkeypatch.setenv("COP_NOW", when)
        made[name] = cop.add_entry(kind, title, "py", **kwargs).id  # type: ignore[arg-type]

    add("lock", "2026-02-01T09:00:00Z", "best-practice", "Pin with a lock file", tags=["packaging"],
        body="Commit uv.lock so builds repeat.")  # fmt: skip
    add("src", "2026-03-01T09:00:00Z", "how-to", "Use the src layout", tags=["packaging", "layout"])
    cop._acting, cop._user = "bob", None  # the next ones are bob's
    add("wip", "2026-04-01T09:00:00Z", "idea", "A copier template", status="draft")
    add("q", "2026-04-15T09:00:00Z", "question", "How do I freeze time?", body="In tests, without freezegun.")
    monkeypatch.setenv("COP_NOW", "2026-05-01T10:00:00Z")
    return made


def ids_of(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


def test_list_plain_lines_newest_first(repo: Path, sample: dict[str, str]) -> None:
    result = run(repo, "list")
    assert ids_of(result) == [sample["q"], sample["wip"], sample["src"], sample["lock"]]
    first = result.stdout.splitlines()[-1].split("\t")
    assert first == [
        sample["lock"],
        "best-practice",
        "Pin with a lock file",
        "packaging",
        "ada",
        "2026-02-01",
    ]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--kind", "how-to"], ["src"]),
        (["--tag", "packaging"], ["src", "lock"]),
        (["--tag", "packaging", "--tag", "layout"], ["src"]),
        (["--author", "bob"], ["q", "wip"]),
        (["--status", "draft"], ["wip"]),
        (["--since", "2026-03-01"], ["q", "wip", "src"]),
        (["--community", "py", "--limit", "2"], ["q", "wip"]),
        (["--sort", "title"], ["wip", "q", "lock", "src"]),
        (["--sort", "created", "--kind", "question", "--unanswered"], ["q"]),
    ],
)
def test_list_filters(repo: Path, sample: dict[str, str], args: list[str], names: list[str]) -> None:
    assert ids_of(run(repo, "list", *args)) == [sample[n] for n in names]


def test_list_json_is_an_array_of_entries(repo: Path, sample: dict[str, str]) -> None:
    result = run(repo, "list", "--tag", "packaging", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == [sample["src"], sample["lock"]]
    assert list(data[0])[:4] == ["id", "kind", "title", "community"]
    assert data[0]["path"].startswith("entries/py/")
    assert "body" not in data[0]


def test_list_warns_about_skipped_files(repo: Path, sample: dict[str, str]) -> None:
    for n in range(5):
        (repo / "entries" / "py" / f"bad{n}-x.md").write_text("no front matter\n", encoding="utf-8")
    result = run(repo, "list")
    assert len(ids_of(result)) == 4
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 4
    assert warnings[0].startswith("warning: entries/py/bad0-x.md")
    assert warnings[0].endswith("(skipped; run 'cop doctor')")
    assert warnings[3] == "warning: and 2 more (run 'cop doctor')"


# -- show --------------------------------------------------------------------------------------------
def test_show_plain_prints_metadata_then_body(repo: Path, sample: dict[str, str]) -> None:
    result = run(repo, "show", sample["lock"][:4])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"id: {sample['lock']}"
    assert "title: Pin with a lock file" in lines
    assert "tags: packaging" in lines
    assert lines[-2:] == ["", "Commit uv.lock so builds repeat."]


def test_show_question_lists_answers_accepted_first(repo: Path, cop: Cop, sample: dict[str, str]) -> None:
    first = cop.answer(sample["q"], "Patch time.time.").id
    second = cop.answer(sample["q"], "Pass a clock in.").id
    cop.accept(second)
    result = run(repo, "show", sample["q"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "answers (2):" in text
    assert text.index(f"--- {second} (accepted) by bob") < text.index(f"--- {first} by bob")
    assert "Pass a clock in." in text
    data = json.loads(run(repo, "show", sample["q"], "--json").stdout)
    assert data["accepted"] == second
    assert [a["id"] for a in data["answers"]] == [second, first]
    assert data["answers"][0]["body"] == "Pass a clock in.\n"
    answer = run(repo, "show", first).stdout
    assert f"question: {sample['q']} How do I freeze time?" in answer


def test_show_raw_prints_the_file(repo: Path, sample: dict[str, str], cop: Cop) -> None:
    entry = cop.entry(sample["lock"])
    result = run(repo, "show", "--raw", sample["lock"])
    assert result.stdout == (repo / entry.path).read_text(encoding="utf-8")


def test_show_on_a_terminal_renders_markdown(
    repo: Path, cop: Cop, sample: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    cop.answer(sample["q"], "Use **time-machine**.")
    result = run(repo, "show", sample["q"])
    assert result.exit_code == 0, result.output
    assert "How do I freeze time?" in result.stdout
    assert "answers (1)" in result.stdout
    assert "Use time-machine." in result.stdout  # Markdown rendered: no asterisks left


# -- hostile text ------------------------------------------------------------------------------------
HOSTILE = "[red]x[/red] \x1b[31mred\x1b[0m"


@pytest.mark.parametrize("terminal", [False, True])
def test_hostile_text_prints_literally(
    repo: Path, cop: Cop, monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    monkeypatch.setattr(output, "is_terminal", lambda: terminal)
    entry = cop.add_entry("lesson", HOSTILE, "py", body=f"body {HOSTILE}", tags=["red"])
    for args in (["list"], ["show", entry.id], ["search", "red"]):
        result = run(repo, *args)
        assert result.exit_code == 0, result.output
        assert "[red]x[/red]" in result.stdout, args
        assert "\x1b" not in result.stdout, args
        assert "\\x1b[31mred" in result.stdout, args


# -- edit --------------------------------------------------------------------------------------------
def test_edit_with_options(repo: Path, cop: Cop, sample: dict[str, str]) -> None:
    result = run(
        repo, "edit", sample["src"], "--title", "Use a src/ layout", "--add-tag", "Build",
        "--remove-tag", "layout", "--status", "archived", "--body", "New body",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    entry = cop.entry(sample["src"])
    assert entry.title == "Use a src/ layout"
    assert entry.tags == ["packaging", "build"]
    assert entry.status == "archived"
    assert entry.body == "New body\n"
    assert entry.updated == "2026-05-01T10:00:00Z"
    assert entry.path.endswith("-use-the-src-layout.md")  # the file name never follows the title
    assert f'saved how-to {sample["src"]} "Use a src/ layout"' in result.stderr


def test_edit_moves_an_entry_to_another_community(repo: Path, cop: Cop, sample: dict[str, str]) -> None:
    cop.add_community("ops", "Ops", "corporate")
    old = cop.entry(sample["lock"]).path
    result = run(repo, "edit", sample["lock"], "--community", "ops", "--json")
    assert result.exit_code == 0, result.output
    new = json.loads(result.stdout)["path"]
    assert new.startswith("entries/ops/") and not (repo / old).exists() and (repo / new).is_file()


def test_edit_from_file_replaces_the_entry(
    repo: Path, cop: Cop, sample: dict[str, str], tmp_path: Path
) -> None:
    text = cop.entry_text(cop.entry(sample["lock"])).replace("Pin with a lock file", "Lock it")
    draft = tmp_path / "e.md"
    draft.write_text(text, encoding="utf-8")
    result = run(repo, "edit", sample["lock"], "--from-file", str(draft))
    assert result.exit_code == 0, result.output
    assert cop.entry(sample["lock"]).title == "Lock it"


# -- rm ----------------------------------------------------------------------------------------------
def test_rm_asks_and_no_keeps_the_file(repo: Path, cop: Cop, sample: dict[str, str]) -> None:
    path = repo / cop.entry(sample["lock"]).path
    result = run(repo, "rm", sample["lock"], input="n\n")
    assert result.exit_code == 1
    assert "delete best-practice" in result.stderr
    assert "error: not deleted" in result.stderr
    assert path.exists()
    result = run(repo, "rm", sample["lock"], input="y\n")
    assert result.exit_code == 0, result.output
    assert not path.exists()


def test_rm_yes_skips_the_question_and_warns_about_answers(
    repo: Path, cop: Cop, sample: dict[str, str]
) -> None:
    cop.answer(sample["q"], "An answer.")
    result = run(repo, "rm", "--yes", "--keep-answers", sample["q"])
    assert result.exit_code == 0, result.output
    assert "deleted question" in result.stderr
    assert "its 1 answer still points to it" in result.stderr
    assert run(repo, "show", sample["q"]).exit_code == 1


def test_rm_of_the_accepted_answer_says_so(repo: Path, cop: Cop, sample: dict[str, str]) -> None:
    answer = cop.answer(sample["q"], "The one.")
    cop.accept(answer.id)
    result = run(repo, "rm", "-y", answer.id)
    assert result.exit_code == 0, result.output
    assert f"it was the accepted answer of {sample['q']}" in result.stderr


def test_rm_without_input_deletes_nothing(repo: Path, cop: Cop, sample: dict[str, str]) -> None:
    result = run(repo, "rm", sample["lock"])
    assert result.exit_code == 1
    assert (repo / cop.entry(sample["lock"]).path).exists()


# -- search and tags ---------------------------------------------------------------------------------
def test_search_ranks_and_filters(repo: Path, sample: dict[str, str]) -> None:
    result = run(repo, "search", "lock")
    assert ids_of(result)[0] == sample["lock"]
    row = result.stdout.splitlines()[0].split("\t")
    assert row[:4] == [sample["lock"], "best-practice", "Pin with a lock file", "py"]
    assert "\x02" not in result.stdout and "\x03" not in result.stdout
    assert ids_of(run(repo, "search", "lock", "--kind", "how-to")) == []
    assert ids_of(run(repo, "search", "freezegun", "--author", "bob")) == [sample["q"]]


def test_search_json_shape(repo: Path, sample: dict[str, str]) -> None:
    result = run(repo, "search", "uv.lock", "--json", "--limit", "1")
    assert result.exit_code == 0, result.output
    [hit] = json.loads(result.stdout)
    assert list(hit) == [
        "id",
        "title",
        "kind",
        "community",
        "author",
        "updated",
        "tags",
        "snippet",
        "score",
        "path",
        "answers",
        "matched",
        "endorsements",
    ]
    assert hit["id"] == sample["lock"]
    assert "uv.lock" in hit["snippet"] and "\x02" not in hit["snippet"]


def test_search_highlights_on_a_terminal(
    repo: Path, sample: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    result = run(repo, "search", "freezegun")
    assert result.exit_code == 0, result.output
    assert sample["q"] in result.stdout
    assert "\\x02" not in result.stdout and "\x02" not in result.stdout


def test_tags_with_counts(repo: Path, sample: dict[str, str]) -> None:
    result = run(repo, "tags")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["packaging\t2", "layout\t1"]
    assert json.loads(run(repo, "tags", "--community", "py", "--json").stdout) == [
        {"tag": "packaging", "count": 2},
        {"tag": "layout", "count": 1},
    ]


# -- questions and answers ---------------------------------------------------------------------------
def test_ask_answer_accept(repo: Path, cop: Cop) -> None:
    result = run(
        repo, "ask", "-c", "py", "-T", "Which linter?", "-t", "lint", "-b", "ruff or flake8?", "--json"
    )
    assert result.exit_code == 0, result.output
    question = json.loads(result.stdout)
    assert question["kind"] == "question" and question["author"] == "ada"
    result = run(repo, "--as", "bob", "answer", question["id"][:5], "--body", "ruff.", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["question"] == question["id"]
    assert answer["author"] == "bob"
    assert answer["title"] == "Re: Which linter?"
    assert answer["path"].startswith("entries/py/")
    result = run(repo, "accept", answer["id"])
    assert result.exit_code == 0, result.output
    assert f"accepted answer {answer['id']} on question {question['id']}" in result.stderr
    assert front(repo, question["path"])["accepted"] == answer["id"]


def test_accept_by_someone_else_is_refused(repo: Path, cop: Cop) -> None:
    cop._acting, cop._user = "bob", None
    question = cop.ask("py", "Bob asks")
    cop._acting, cop._user = "ada", None
    answer = cop.answer(question.id, "Ada answers")
    cop.add_member("cy", "Cy")
    before = (repo / question.path).read_bytes()
    result = run(repo, "--as", "cy", "accept", answer.id)
    assert result.exit_code == 1
    assert "only the asker (bob) or a coordinator of py" in result.stderr
    assert (repo / question.path).read_bytes() == before
    assert run(repo, "accept", answer.id).exit_code == 0  # ada coordinates py


def test_answer_reads_stdin(repo: Path, cop: Cop) -> None:
    question = cop.ask("py", "Anyone?")
    result = run(repo, "answer", question.id, "--body-file", "-", input="Yes.\n")
    assert result.exit_code == 0, result.output
    assert [a.id for a in cop.answers(question)] != []


# -- completion --------------------------------------------------------------------------------------
def test_completion_of_ids_slugs_handles_tags_and_kinds(repo: Path, sample: dict[str, str]) -> None:
    assert complete(repo, "show", sample["lock"][:3]) == [
        i for i in sample.values() if i.startswith(sample["lock"][:3])
    ]
    assert complete(repo, "answer", "") == [sample["q"]]
    assert complete(repo, "accept", "") == []
    assert complete(repo, "list", "--community", "p") == ["py"]
    assert complete(repo, "list", "--author", "b") == ["bob"]
    assert complete(repo, "list", "--tag", "pack") == ["packaging"]
    assert complete(repo, "add", "--kind", "how") == ["how-to"]
    assert complete(repo, "list", "--sort", "t") == ["title"]


def test_completion_never_fails(tmp_path: Path) -> None:
    assert complete(tmp_path / "nowhere", "show", "") == []
    assert not (tmp_path / "nowhere").exists()


def test_render_markers_match_the_store() -> None:
    """render.py copies the store's highlight markers to keep the store off the start path."""
    from cop.commands import render
    from cop.domain.filters import HIGHLIGHT_END, HIGHLIGHT_START

    assert (render.HIGHLIGHT_START, render.HIGHLIGHT_END) == (HIGHLIGHT_START, HIGHLIGHT_END)
