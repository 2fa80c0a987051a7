"""`cop import --stackexchange DIR --community C` on dumps written in the documented shape (Posts.xml,
Users.xml rows of attributes), re-imported, dry-run, and hostile ones (issue 18 item 10)."""

from __future__ import annotations

import json
import re
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.core import Cop
from cop.core.transfer.plan import derived_id
from cop.core.transfer.stackexchange import html_to_markdown, import_stackexchange
from cop.domain.errors import CopError
from cop.store.export.stackexchange import CHUNK, read_rows


def run(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", *args])


def row(**attributes: str) -> str:
    return "  <row " + " ".join(f"{k}={quoteattr(v)}" for k, v in attributes.items()) + " />\n"


def write_dump(folder: Path, posts: list[str], users: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    head = '<?xml version="1.0" encoding="utf-8"?>\n'
    (folder / "Posts.xml").write_text(head + "<posts>\n" + "".join(posts) + "</posts>\n", encoding="utf-8")
    if users is not None:
        (folder / "Users.xml").write_text(
            head + "<users>\n" + "".join(users) + "</users>\n", encoding="utf-8"
        )
    return folder


SMALL_POSTS = [
    row(Id="1", PostTypeId="1", AcceptedAnswerId="3", CreationDate="2021-03-01T10:00:00.123", Score="12",
        Body="<p>How do I <strong>pin</strong> deps?</p><pre><code>pip freeze &gt; req.txt\n</code></pre>",
        OwnerUserId="5", Title="How do I pin dependencies?", Tags="<python><packaging>"),
    row(Id="2", PostTypeId="2", ParentId="1", CreationDate="2021-03-01T11:00:00.000", Score="-2",
        Body="<p>Don't.</p>", OwnerUserId="6"),
    row(Id="3", PostTypeId="2", ParentId="1", CreationDate="2021-03-02T09:00:00.000", Score="30",
        Body='<p>Use a <a href="https://example.org/lock">lock file</a> and <code>uv lock</code>.</p>',
        OwnerUserId="5", LastEditDate="2021-03-03T09:00:00.000"),
    row(Id="4", PostTypeId="5", CreationDate="2021-01-01T00:00:00.000", Body="<p>tag wiki</p>", Score="0"),
    row(Id="7", PostTypeId="1", CreationDate="2022-01-01T00:00:00.000", Score="0", Body="<p>New tags</p>",
        Title="Which test runner?", Tags="|testing|pytest|"),
]  # fmt: skip
SMALL_USERS = [
    row(Id="-1", DisplayName="Community"),
    row(Id="5", DisplayName="Ada Lovelace", Reputation="100"),
    row(Id="6", DisplayName="Bob \u202e\x9b31m", Reputation="1"),
    row(Id="9", DisplayName="Never posted"),
]


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    return write_dump(tmp_path / "dump", SMALL_POSTS, SMALL_USERS)


def test_imports_questions_answers_accepted_tags_dates_scores_and_users(cop: Cop, dump: Path) -> None:
    result = run(cop.repo.root, "import", "--stackexchange", str(dump), "--community", "py")
    assert result.exit_code == 0, result.output
    q = cop.entry(derived_id("stackexchange", "py", "1"))
    assert (q.kind, q.title, q.tags, q.score) == (
        "question",
        "How do I pin dependencies?",
        ["python", "packaging"],
        12,
    )
    assert q.created == "2021-03-01T10:00:00Z" and q.author == "ada-lovelace-5"
    assert "**pin**" in q.body and "```\npip freeze > req.txt\n```" in q.body
    accepted = cop.entry(q.accepted)
    assert accepted.question == q.id and accepted.score == 30 and accepted.updated == "2021-03-03T09:00:00Z"
    assert "[lock file](https://example.org/lock)" in accepted.body and "`uv lock`" in accepted.body
    assert cop.entry(derived_id("stackexchange", "py", "2")).score == -2
    assert cop.entry(derived_id("stackexchange", "py", "7")).tags == ["testing", "pytest"]
    with pytest.raises(CopError):
        cop.entry(derived_id("stackexchange", "py", "4"))  # a tag wiki is not a question
    handles = {m.handle for m in cop.members()}
    assert {"ada-lovelace-5", "bob-31m-6"} <= handles and not any(h.startswith("never") for h in handles)
    assert "\u202e" not in (cop.repo.root / "members" / "bob-31m-6.yaml").read_text()
    shown = run(cop.repo.root, "show", q.id)
    assert "score: 12" in shown.stdout
    assert run(cop.repo.root, "doctor").exit_code == 0


def test_reimport_is_idempotent_and_updates_what_changed(cop: Cop, dump: Path) -> None:
    assert run(cop.repo.root, "import", "--stackexchange", str(dump), "-c", "py").exit_code == 0
    files = sorted(p.read_bytes() for p in (cop.repo.root / "entries").rglob("*.md"))
    again = run(cop.repo.root, "import", "--stackexchange", str(dump), "-c", "py", "--json")
    data = json.loads(again.stdout)
    assert (data["added"], data["updated"]) == (0, 0) and data["unchanged"] >= 4
    assert sorted(p.read_bytes() for p in (cop.repo.root / "entries").rglob("*.md")) == files
    changed = [p.replace('Score="12"', 'Score="13"') for p in SMALL_POSTS]
    write_dump(dump, changed, SMALL_USERS)
    third = json.loads(
        run(cop.repo.root, "import", "--stackexchange", str(dump), "-c", "py", "--json").stdout
    )
    assert third["updated"] == 1 and cop.entry(derived_id("stackexchange", "py", "1")).score == 13


def test_the_import_indexes_what_it_wrote(cop: Cop, dump: Path) -> None:
    assert run(cop.repo.root, "import", "--stackexchange", str(dump), "-c", "py").exit_code == 0
    after = Cop.open(cop.repo.root, "ada")
    try:
        assert after.build_index().changed == []  # the next command has nothing left to index
    finally:
        after.close()


def test_dry_run_shows_the_ids_and_writes_nothing(cop: Cop, dump: Path) -> None:
    before = sorted((cop.repo.root).rglob("*.md"))
    dry = run(cop.repo.root, "import", "--stackexchange", str(dump), "-c", "py", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert sorted((cop.repo.root).rglob("*.md")) == before
    assert derived_id("stackexchange", "py", "1") in dry.stdout and "would add" in dry.stdout


def test_an_answer_to_a_missing_question_is_skipped_and_named(cop: Cop, tmp_path: Path) -> None:
    folder = write_dump(
        tmp_path / "d", [row(Id="8", PostTypeId="2", ParentId="99", Body="<p>x</p>", Score="1")]
    )
    result = run(cop.repo.root, "import", "--stackexchange", str(folder), "-c", "py")
    assert result.exit_code == 0, result.output
    assert "post 8: an answer to question 99, not in the dump" in result.stderr


def test_controls_in_a_title_are_made_visible_or_refused(cop: Cop, tmp_path: Path) -> None:
    title = "Evil \x9b31m \u202eeltit"  # C1 CSI and a bidi override: legal XML characters
    folder = write_dump(
        tmp_path / "d", [row(Id="1", PostTypeId="1", Title=title, Body="<p>b</p>", Score="0")]
    )
    result = run(cop.repo.root, "import", "--stackexchange", str(folder), "-c", "py")
    assert result.exit_code == 0, result.output
    entry = cop.entry(derived_id("stackexchange", "py", "1"))
    assert "\x9b" not in entry.title and "\u202e" not in entry.title
    (folder / "Posts.xml").write_text('<posts><row Id="2" PostTypeId="1" Title="a \x1b[2J b"/></posts>')
    refused = run(cop.repo.root, "import", "--stackexchange", str(folder), "-c", "py")  # ESC is not XML
    assert refused.exit_code != 0 and "Posts.xml:1: not well-formed XML" in refused.stderr
    assert "\x1b" not in refused.output


@pytest.mark.parametrize(
    "xml",
    [
        # billion laughs
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>\n<posts><row Id="1" Title="&lol3;"/></posts>',
        # external entity
        '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<posts><row Title="&x;"/></posts>',
        # 100-deep nesting
        "<posts>" + "<a>" * 100 + "</a>" * 100 + "</posts>",
        # not XML
        "<posts><row Id='1'",
    ],
)
def test_hostile_dumps_are_refused_in_one_line(cop: Cop, tmp_path: Path, xml: str) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "Posts.xml").write_text(xml)
    result = run(cop.repo.root, "import", "--stackexchange", str(folder), "-c", "py")
    assert result.exit_code != 0
    assert "Posts.xml" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list((cop.repo.root / "entries").rglob("*.md"))


def test_a_broken_users_file_writes_nothing(cop: Cop, dump: Path) -> None:
    others = [row(Id=str(100 + n), DisplayName=f"Reader {n}") for n in range(3000)]  # past the first chunk
    users = [SMALL_USERS[1], *others, '  <row Id="6" DisplayName="Bob\n', "</users>\n"]  # bob's row is cut
    (dump / "Users.xml").write_text("<users>\n" + "".join(users), encoding="utf-8")
    assert (dump / "Users.xml").stat().st_size > 2 * CHUNK  # ada's row was parsed long before the break
    before = sorted(p.relative_to(cop.repo.root) for p in cop.repo.root.rglob("*") if ".cop" not in p.parts)
    result = run(cop.repo.root, "import", "--stackexchange", str(dump), "-c", "py")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.fullmatch(r"error: \S*Users\.xml:\d+: not well-formed XML \(.+\)\n", result.stderr)
    after = sorted(p.relative_to(cop.repo.root) for p in cop.repo.root.rglob("*") if ".cop" not in p.parts)
    assert after == before  # not ada, who came before the break, nor any post


def test_votes_and_comments_are_named_as_not_read(cop: Cop, dump: Path) -> None:
    for name in ("Votes.xml", "Comments.xml", "Badges.xml"):
        (dump / name).write_text("<rows/>\n", encoding="utf-8")
    result = run(cop.repo.root, "import", "--stackexchange", str(dump), "-c", "py")
    assert result.exit_code == 0, result.output
    assert (
        "not read: Badges.xml (not part of what cop imports), Comments.xml (a cop entry has no comments), "
        "Votes.xml (each post's Score in Posts.xml already counts its votes)\n"
    ) in result.stderr
    assert cop.entry(derived_id("stackexchange", "py", "1")).score == 12  # the votes, from Posts.xml


def test_needs_a_community_and_a_posts_file(cop: Cop, tmp_path: Path) -> None:
    assert "--community" in run(cop.repo.root, "import", "--stackexchange", str(tmp_path)).stderr
    result = run(cop.repo.root, "import", "--stackexchange", str(tmp_path), "-c", "py")
    assert result.exit_code != 0 and "no Posts.xml" in result.stderr


def test_html_to_markdown_keeps_code_and_links_and_drops_tags() -> None:
    html = (
        '<h2>Hi</h2><p>a <script>alert(1)</script><a href="javascript:x">bad</a> <em>ok</em></p>'
        "<ul><li>one</li></ul>"
    )
    text = html_to_markdown(html)
    assert "<" not in text and "javascript" not in text
    assert "## Hi" in text and "*ok*" in text and "- one" in text


def test_reading_a_big_dump_takes_bounded_memory(tmp_path: Path) -> None:
    body = "<p>" + "word " * 400 + "</p>"  # ~2 KB a post
    posts = [row(Id=str(n), PostTypeId="1", Title=f"Q {n}", Body=body, Score="1") for n in range(3000)]
    folder = write_dump(tmp_path / "big", posts)
    size = (folder / "Posts.xml").stat().st_size
    assert size > 6_000_000
    tracemalloc.start()
    count = sum(1 for _ in read_rows(folder / "Posts.xml"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 3000
    assert peak < 2_000_000, f"peak {peak} bytes for a {size}-byte dump"  # ~ a chunk's rows, not the file


def test_core_import_without_the_cli(cop: Cop, dump: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COP_USER", "ada")
    seen: list[tuple[int, int, str]] = []
    result = import_stackexchange(cop, dump, "py", progress=lambda *step: seen.append(step))
    assert result.count("add") >= 4 and seen and seen[-1][0] == seen[-1][1]
    finished = dict.fromkeys(what for done, total, what in seen if done == total)
    assert list(finished) == ["checking Posts.xml", "reading Users.xml", "importing Posts.xml"]
