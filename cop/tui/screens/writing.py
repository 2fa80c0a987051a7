"""The main screen's writing actions: new, edit (form or `$EDITOR`), answer, accept, endorse, delete.

Every write goes through the core on the core thread; on success the list reloads at once with the
written entry selected, on failure the form stays open with what was typed (see `FormBase`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work

from cop.domain.errors import CopError, ParseError
from cop.domain.models import Entry
from cop.tui.screens.dialogs import Confirm, PickOne
from cop.tui.screens.main_state import MainState
from cop.tui.text import day, one_line

if TYPE_CHECKING:
    from cop.tui.screens.entry_form import EntryDraft


class WritingActions(MainState):
    """The writing half of MainScreen (what it uses of the screen is declared in `MainState`)."""

    def _default_community(self) -> str:
        if self.view.where.community:
            return self.view.where.community
        user = self.cop_app.user
        if user and user.memberships:
            return user.memberships[0].community
        return self.cop_app.communities[0].slug if self.cop_app.communities else ""

    def _saved(self, entry: Entry | None, verb: str) -> None:
        if entry is None:
            return
        self.notify(f"{verb}: {one_line(entry.title)} ({entry.path})", title="Saved")
        self.reload(keep=entry.id)

    def _need_selection(self) -> str | None:
        entry_id = self.selected_id()
        if entry_id is None:
            self.notify("Select an entry in the list first.", severity="warning")
        return entry_id

    async def _load_selected(self, title: str) -> Entry | None:
        """The selected entry read through the core, or None once the person has been told why not (nothing
        selected, or it cannot be read: `title` heads that notification)."""
        entry_id = self._need_selection()
        if entry_id is None:
            return None
        try:
            return await self.cop_app.runner.call(self.cop_app.core.entry, entry_id)
        except CopError as error:
            self.notify(str(error), title=title, severity="error")
            return None

    async def _selected_to_write(self, title: str) -> Entry | None:
        """The selected entry, once cop knows who is acting and may write (as `_load_selected`)."""
        await self.cop_app.identified.wait()
        if self.writing_off():
            return None
        return await self._load_selected(title)

    # -- new and edit -------------------------------------------------------------------------------
    def action_new(self) -> None:
        if not self.cop_app.identified.is_set():  # `n` pressed at start-up: ask again once cop knows
            self.run_worker(self._new_once_identified(), group="write")
            return
        if self.writing_off():
            return
        if not self.cop_app.communities:
            self.notify(
                "This repo has no community yet: add one with 'cop community add'.", severity="warning"
            )
            return
        # not needed for the first paint
        from cop.tui.screens.entry_form import EntryDraft, EntryForm, community_choices

        runner, core = self.cop_app.runner, self.cop_app.core

        async def save(draft: EntryDraft) -> Entry:
            return await runner.call(
                core.add_entry,
                draft.kind,
                draft.title,
                draft.community,
                body=draft.body,
                tags=draft.tags,
                url=draft.url,
            )

        draft = EntryDraft(community=self._default_community())
        choices = community_choices(self.cop_app.communities)
        form = EntryForm("New entry", choices, save, draft, templates=True)
        self.app.push_screen(form, lambda entry: self._saved(entry, "Created"))

    async def _new_once_identified(self) -> None:
        await self.cop_app.identified.wait()
        self.action_new()

    @work(exclusive=True, group="write")
    async def action_edit(self) -> None:
        entry = await self._load_selected("Cannot edit")
        if entry is None:
            return
        from cop.tui.screens.entry_form import edit_form

        self.app.push_screen(edit_form(self.cop_app, entry), lambda saved: self._saved(saved, "Updated"))

    @work(exclusive=True, group="write")
    async def action_edit_in_editor(self) -> None:
        """Open the entry's file in $VISUAL/$EDITOR (the app steps aside), then re-read it."""
        entry = await self._load_selected("Cannot edit")
        if entry is None:
            return
        # imported here: it reads the settings (TOML), which nothing else on the main screen needs
        from cop.core.editing import editor_command, run_editor

        runner, core = self.cop_app.runner, self.cop_app.core
        try:
            editor = editor_command(core.root)
        except CopError as error:
            self.notify(str(error), title="Editor", severity="error")
            return
        path = core.entry_file(entry)
        try:
            with self.app.suspend():
                run_editor([*editor, str(path)])
        except Exception as error:  # no such editor, or a terminal that cannot suspend
            self.notify(f"could not run {editor[0]}: {error}", title="Editor", severity="error")
            return
        try:
            await runner.call(core.refresh)
            saved = await runner.call(core.entry, entry.id)
        except ParseError as error:
            self.notify(
                f"{error}; fix the file or press E to edit it again", title="Not valid", severity="error"
            )
            self.reload(keep=entry.id)
            return
        except CopError as error:
            self.notify(str(error), title="After editing", severity="error")
            self.reload()
            return
        self._saved(saved, "Edited")

    # -- questions and answers ----------------------------------------------------------------------
    @work(exclusive=True, group="write")
    async def action_answer(self) -> None:
        entry = await self._selected_to_write("Cannot answer")
        if entry is None:
            return
        runner, core = self.cop_app.runner, self.cop_app.core
        try:
            if entry.kind == "answer" and entry.question:
                entry = await runner.call(core.entry, entry.question)
        except CopError as error:
            self.notify(str(error), title="Cannot answer", severity="error")
            return
        if entry.kind != "question":
            self.notify(f"This is a {one_line(entry.kind)}: select a question to answer.", severity="warning")
            return
        question = entry

        async def save(body: str) -> Entry:
            return await runner.call(core.answer, question.id, body)

        from cop.tui.screens.entry_form import AnswerForm

        self.app.push_screen(AnswerForm(question, save), lambda saved: self._saved(saved, "Answered"))

    @work(exclusive=True, group="write")
    async def action_accept(self) -> None:
        entry = await self._selected_to_write("Cannot accept")
        if entry is None:
            return
        runner, core = self.cop_app.runner, self.cop_app.core
        try:
            answers = await runner.call(core.answers, entry) if entry.kind == "question" else []
        except CopError as error:
            self.notify(str(error), title="Cannot accept", severity="error")
            return
        if entry.kind == "answer":
            await self._accept(entry.id)
            return
        if entry.kind != "question":
            self.notify(
                "Select an answer (or a question, then pick its answer) to accept.", severity="warning"
            )
            return
        if not answers:
            self.notify("This question has no answers yet: press a to answer it.", severity="warning")
            return
        choices = []
        for answer in answers:
            label = Text(f"{'✓ ' if answer.id == entry.accepted else ''}{one_line(answer.author)} · ")
            label.append(day(answer.created), style="dim").append(f" · {answer.id}", style="dim")
            choices.append((answer.id, label))

        def chosen(answer_id: str | None) -> None:
            if answer_id:
                self.run_worker(self._accept(answer_id), group="write")

        self.app.push_screen(PickOne("Accept which answer?", choices, entry.accepted or None), chosen)

    async def _accept(self, answer_id: str) -> None:
        runner, core = self.cop_app.runner, self.cop_app.core
        try:
            question = await runner.call(core.accept, answer_id)
        except CopError as error:
            self.notify(str(error), title="Not accepted", severity="error")
            return
        self.notify(f"Accepted answer {answer_id} on: {one_line(question.title)}", title="Saved")
        self.reload(keep=self.selected_id())

    # -- endorse ------------------------------------------------------------------------------------
    async def action_endorse(self) -> None:
        """Endorse the selected entry as the acting member (again: take the endorsement back)."""
        entry_id = self.selected_id()
        reason = self.cop_app.cannot_write()
        if entry_id is None or reason is not None:
            self.notify(reason or "Select an entry in the list first.", severity="warning")
            return
        core = self.cop_app.core
        try:
            entry = await self.cop_app.runner.call(core.entry, entry_id)
            user = self.cop_app.user
            undo = user is not None and user.handle in entry.endorsements
            entry, _ = await self.cop_app.runner.call(core.endorse, entry_id, undo=undo)
        except CopError as error:
            self.notify(str(error), title="Cannot endorse", severity="error")
            return
        count = len(entry.endorsements)
        verb = "Endorsement taken back" if undo else "Endorsed"
        self.notify(f"{verb}: {one_line(entry.title)} ({count} endorsement{'s' * (count != 1)})")
        self.reload(keep=entry.id)

    # -- delete -------------------------------------------------------------------------------------
    @work(exclusive=True, group="write")
    async def action_delete(self) -> None:
        entry_id = self._need_selection()
        if entry_id is None:
            return
        try:
            entry = await self.cop_app.runner.call(self.cop_app.core.entry, entry_id)
        except CopError as error:
            self.notify(str(error), title="Cannot delete", severity="error")
            return
        question = Text("Delete ")
        question.append(one_line(entry.kind), style="bold").append(" “")
        question.append(one_line(entry.title), style="bold")
        question.append("”?\n\nIts file is removed (git history keeps it after a sync):\n")
        question.append(one_line(entry.path), style="dim")
        answers = 0
        if entry.kind == "question":
            answers = len(await self.cop_app.runner.call(self.cop_app.core.answers, entry))

        # Callbacks, not `push_screen_wait`: a worker parked on a dialog never completes, so
        # `workers.wait_for_complete()` (how tests and probes wait for the app to go idle) hangs.
        def answers_chosen(choice: str | None) -> None:  # as `cop rm`: delete the answers, or keep them
            if choice in ("with", "keep"):
                self.run_worker(self._delete(entry, choice == "with"), group="write")

        def chosen(yes: bool | None) -> None:
            if yes and answers:
                label = "its answer" if answers == 1 else f"its {answers} answers"
                choices = [
                    ("with", Text(f"Delete {label} too")),
                    ("keep", Text(f"Keep {label} ('cop doctor' will report them)")),
                ]
                heading = f"The question has {answers} answer(s)"
                self.app.push_screen(PickOne(heading, choices), answers_chosen)
            elif yes:
                self.run_worker(self._delete(entry), group="write")

        self.app.push_screen(Confirm(question), chosen)

    async def _delete(self, entry: Entry, with_answers: bool = False) -> None:
        try:
            await self.cop_app.runner.call(
                self.cop_app.core.remove_entry, entry.id, with_answers=with_answers
            )
        except (CopError, OSError) as error:
            self.notify(str(error), title="Not deleted", severity="error")
            return
        self.notify(f"Deleted: {one_line(entry.title)}", title="Deleted")
        self.reload()
