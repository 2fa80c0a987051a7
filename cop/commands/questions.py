"""Questions and answers: `cop ask`, `cop answer` and `cop accept` (merged into the top level)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cop.commands import output, render
from cop.commands.complete import complete_answers, complete_questions
from cop.commands.context import get_cop
from cop.commands.editor import (
    EditorFailed,
    body_from_options,
    edit_until_valid,
    new_entry_in_editor,
    wants_editor,
)
from cop.commands.entry_options import AsJson, Body, BodyFile, Community, Edit, Tags
from cop.commands.examples import examples
from cop.domain.errors import UsageError

if TYPE_CHECKING:
    from cop.domain.expertise import Expert

app = typer.Typer()


@app.command(
    "ask",
    epilog=examples(
        "cop ask 'How do we pin transitive deps?' -c python-guild -t packaging   # opens your editor",
        "cop ask 'Which linter?' -c python-guild -b 'We tried flake8 and ...' --json",
    ),
)
def ask(
    ctx: typer.Context,
    community: Community = None,
    title: Annotated[
        str | None, typer.Option("--title", "-T", help="The question, one line.", show_default=False)
    ] = None,
    tag: Tags = None,
    body: Body = None,
    body_file: BodyFile = None,
    edit: Edit = False,
    as_json: AsJson = False,
) -> None:
    """Ask a question in a community (details in the body: what you tried, what happened)."""
    core = get_cop(ctx)
    core.require_user()
    text = body_from_options(body, body_file)
    if wants_editor(edit, text):
        entry = new_entry_in_editor(
            core, core.entry_template("question", community or "", title or "", tag or [])
        )
    else:
        if not community or not title:
            raise UsageError(
                "missing --community and --title (or add --edit to write the question in your editor)"
            )
        entry = core.ask(community, title, body=text or "", tags=tag or [])
    render.saved("asked", entry, as_json)
    _name_experts(core.experts_for_tags(entry.tags, community=entry.community), entry.tags)


def _name_experts(found: list[Expert], tags: list[str]) -> None:
    """Who is likely to know, on stderr (stdout stays the id or the JSON)."""
    if not found:
        return
    people = "; ".join(f"{e.handle} ({e.score:.1f}: {e.why()})" for e in found)
    output.message(f"likely experts for {output.escape(', '.join(tags))}: {output.escape(people)}")


@app.command("answer")
def answer(
    ctx: typer.Context,
    question: Annotated[
        str,
        typer.Argument(
            metavar="QUESTION_ID",
            help="The question (any unique id prefix).",
            autocompletion=complete_questions,
        ),
    ],
    body: Body = None,
    body_file: BodyFile = None,
    edit: Edit = False,
    as_json: AsJson = False,
) -> None:
    """Answer a question (with no body on a terminal, or with --edit, your editor opens)."""
    core = get_cop(ctx)
    core.require_user()
    asked = core.entry(question)
    text = body_from_options(body, body_file)
    if wants_editor(edit, text):
        saved = edit_until_valid(
            "", lambda t: core.answer(asked.id, t), name=f"answer-{asked.id}",
            resume=f"cop answer {asked.id} --body-file {{path}}", core=core,
        )  # fmt: skip
        if saved is None:
            raise EditorFailed("nothing saved: the answer came back empty")
        entry = saved
    else:
        if text is None:
            raise UsageError("an answer needs its text: --body TEXT, --body-file PATH, or --edit")
        entry = core.answer(asked.id, text)
    render.saved("added", entry, as_json)


@app.command("accept")
def accept(
    ctx: typer.Context,
    answer_id: Annotated[
        str,
        typer.Argument(
            metavar="ANSWER_ID", help="The answer (any unique id prefix).", autocompletion=complete_answers
        ),
    ],
    as_json: AsJson = False,
) -> None:
    """Mark an answer as the accepted one on its question (the asker or a coordinator may)."""
    question = get_cop(ctx).accept(answer_id)
    output.message(
        output.escape(
            f"accepted answer {question.accepted} on question {question.id} "
            f'"{question.title}": {question.path}'
        )
    )
    if as_json:
        output.print_json(render.entry_json(question, body=True))
