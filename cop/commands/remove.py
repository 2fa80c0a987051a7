"""`cop rm`: delete an entry's file, asking first; a question's answers go with it or stay, as told."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cop.commands import output, render
from cop.commands.context import get_cop
from cop.commands.entry_options import EntryId
from cop.domain.errors import CopError, UsageError

if TYPE_CHECKING:
    from cop.core import Cop
    from cop.domain.models import Entry

app = typer.Typer()


@app.command("rm")
def remove(
    ctx: typer.Context,
    entry_id: EntryId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    with_answers: Annotated[
        bool, typer.Option("--with-answers", help="Deleting a question: delete its answers too.")
    ] = False,
    keep_answers: Annotated[
        bool, typer.Option("--keep-answers", help="Deleting a question: leave its answers.")
    ] = False,
) -> None:
    """Delete an entry's file (asks first; --yes skips the question). A question's answers go too
    with --with-answers, stay with --keep-answers; on a terminal cop asks, elsewhere it needs one."""
    if with_answers and keep_answers:
        raise UsageError("pass --with-answers or --keep-answers, not both")
    core = get_cop(ctx)
    entry = core.entry(entry_id)
    answers = core.answers(entry) if entry.kind == "question" else []
    delete_answers = _answers_choice(entry, len(answers), yes, with_answers, keep_answers)
    if not yes:
        prompt = output.clean(f'delete {entry.kind} {entry.id} "{entry.title}" ({entry.path})?')
        if not _confirm(prompt):
            raise CopError("not deleted (pass --yes to delete without asking)")
    if delete_answers is None:  # asked after the delete itself was confirmed
        delete_answers = _confirm(f"also delete its {_answers(len(answers))}?")
    core.remove_entry(entry.id, with_answers=delete_answers)
    render.said("deleted", entry)
    if answers and delete_answers:
        output.message(f"deleted its {_answers(len(answers))}")
    elif answers:
        output.warn(
            f"its {_answers(len(answers))} still {'points' if len(answers) == 1 else 'point'} to it;"
            " remove them too, or 'cop doctor' reports them"
        )
    if entry.kind == "answer" and _accepted_on(core, entry):
        output.warn(f"it was the accepted answer of {entry.question}; accept another with 'cop accept ID'")


def _answers(count: int) -> str:
    return "1 answer" if count == 1 else f"{count} answers"


def _confirm(prompt: str) -> bool:
    try:
        return typer.confirm(prompt, default=False, err=True)
    except (typer.Abort, EOFError):
        typer.echo("", err=True)  # end the prompt's line: no answer came
        return False


def _answers_choice(
    entry: Entry, count: int, yes: bool, with_answers: bool, keep_answers: bool
) -> bool | None:
    """Whether to delete a question's answers: the flag's word, None for "ask" (only on a terminal and
    without --yes); otherwise refuse before anything is deleted, naming the flags."""
    if count == 0 or with_answers or keep_answers:
        return with_answers
    if yes or not output.stdin_is_terminal():
        raise UsageError(f"question {entry.id} has {_answers(count)}: pass --with-answers or --keep-answers")
    return None


def _accepted_on(core: Cop, answer: Entry) -> bool:
    try:
        return core.entry(answer.question).accepted == answer.id
    except CopError:  # a dangling answer: nothing to warn about
        return False
