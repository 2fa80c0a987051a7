"""Search by thread (issue 13): a question and its answers are one hit, shown as the question with the
best-matching snippet of any of them and the answer count; `--kind answer` lists answers alone; a
snippet is never just the title again; obsolete entries rank last."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.domain.filters import HIGHLIGHT_END, HIGHLIGHT_START, EntryFilter


def seed(cop: Cop) -> dict[str, str]:
    q = cop.ask("py", "How do I freeze time in tests", body="Mocking the clock breaks everything.")
    a1 = cop.answer(q.id, "Pass a quokka clock in instead of patching the module.")
    a2 = cop.answer(q.id, "Use a fixture that sets the time.")
    lesson = cop.add_entry("lesson", "Clocks in tests", "py", body="We met a quokka once, briefly.")
    old = cop.add_entry("lesson", "Quokka quokka quokka", "py", body="quokka")
    cop.mark_obsolete(old.id)
    return {"q": q.id, "a1": a1.id, "a2": a2.id, "lesson": lesson.id, "old": old.id}


def test_a_question_and_its_answers_are_one_hit(cop: Cop) -> None:
    ids = seed(cop)
    rows = cop.search("quokka")
    shown = [r.id for r in rows]
    assert ids["q"] in shown and ids["a1"] not in shown and ids["a2"] not in shown
    hit = rows[shown.index(ids["q"])]
    assert hit.title == "How do I freeze time in tests" and hit.kind == "question"
    assert hit.answers == 2
    assert hit.matched == ids["a1"]
    assert f"{HIGHLIGHT_START}quokka{HIGHLIGHT_END}" in hit.snippet  # from the answer's body
    answers_alone = cop.search("quokka", EntryFilter(kind="answer"))
    assert [r.id for r in answers_alone] == [ids["a1"]]
    assert answers_alone[0].answers == 0


def test_a_title_match_still_shows_a_body_snippet(cop: Cop) -> None:
    ids = seed(cop)
    rows = cop.search("freeze")  # the question's title and its answers' "Re: …" titles
    assert [r.id for r in rows] == [ids["q"]]
    assert rows[0].snippet and rows[0].snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "") != (
        rows[0].title
    )
    assert "Mocking the clock" in rows[0].snippet


def test_obsolete_entries_rank_last(cop: Cop) -> None:
    ids = seed(cop)
    rows = cop.search("quokka")
    assert rows[-1].id == ids["old"]  # its title matches three times, yet it comes last


def test_search_json_has_the_thread(cop: Cop) -> None:
    ids = seed(cop)
    root = str(cop.repo.root)
    cop.close()
    result = CliRunner().invoke(app, ["--repo", root, "search", "quokka", "--json"])
    assert result.exit_code == 0, result.output
    data = {row["id"]: row for row in json.loads(result.stdout)}
    assert data[ids["q"]]["answers"] == 2 and data[ids["q"]]["matched"] == ids["a1"]
    assert ids["a1"] not in data
