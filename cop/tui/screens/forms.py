"""`FormBase`, what every cop form shares (the entry and answer forms, the mentorship session form), and
the pieces forms are built of: a field's label, a Markdown area, an error shown under the field it names.

The form itself runs the save (a callable the app hands it), so a failed write keeps the form open with
everything typed; a validation error is shown next to the field it names. Escape asks before it drops
anything typed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea
from textual.widgets._text_area import LanguageDoesNotExist

from cop.domain.errors import CopError, ValidationError
from cop.tui.screens.dialogs import Confirm
from cop.tui.text import one_line

#: how a field is named in an error shown under it ("Title: is required")
LABELS = {"url": "URL"}

T = TypeVar("T")


def markdown_area(text: str, id: str, placeholder: str = "Body (Markdown)") -> TextArea:
    """A TextArea for Markdown: highlighted when tree-sitter's Markdown grammar is installed."""
    # tab_behavior="focus": Tab moves to the next field, as everywhere else in a form (and as the help
    # says); with "indent" Tab typed spaces and Escape left the field, so Escape could not cancel
    try:
        area = TextArea(text, language="markdown", id=id, soft_wrap=True, tab_behavior="focus")
    except LanguageDoesNotExist:  # tree-sitter without the Markdown grammar
        area = TextArea(text, id=id, soft_wrap=True, tab_behavior="focus")
    area.placeholder = placeholder
    return area


def error_message(error: Exception, fields: tuple[str, ...]) -> tuple[str, str]:
    """(field, message) for an error from a save: the field is "" when it names none of `fields`."""
    if isinstance(error, ValidationError):
        name = error.field.split("[")[0].removeprefix("session.").split(".")[0]
        if name in fields:
            return name, f"{LABELS.get(name, name.capitalize())}: {error.reason}"
        return "", str(error)
    if isinstance(error, CopError):
        return "", str(error)
    if isinstance(error, OSError):
        return "", f"could not write the file: {error.strerror or error}"
    raise error


def field_label(text: str) -> Label:
    """The name shown left of a field (placeholders vanish once something is typed)."""
    return Label(text, classes="field-label")


DISCARD = "Discard what you typed in this form?\n\nIt is not saved anywhere."


class FormBase(ModalScreen[T | None], Generic[T]):
    """Shared behaviour: ctrl+s saves, Escape cancels (asking first when anything was typed), errors
    appear under their field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    #: the fields that have an error label of their own (an error naming another shows under the form)
    fields: ClassVar[tuple[str, ...]] = ()

    def error_label(self, name: str) -> Static:
        return Static("", id=f"{name}-error", classes="field-error")

    def clear_errors(self) -> None:
        for label in self.query(".field-error").results(Static):
            label.update("")
            label.remove_class("shown")

    def show_error(self, name: str, message: str) -> None:
        target = name if name and self.query(f"#{name}-error") else "form"
        label = self.query_one(f"#{target}-error", Static)
        label.update(Text(one_line(message)))
        label.add_class("shown")
        if name and self.query(f"#{name}"):
            self.query_one(f"#{name}").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def changed(self) -> bool:
        """True when the form holds something the person typed (cancelling would lose it)."""
        return False

    def action_cancel(self) -> None:
        """Escape: close the form; when it holds typed text, only after a yes to "discard?"."""
        if not self.changed():
            self.dismiss(None)
            return

        def chosen(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(Confirm(Text(DISCARD), yes_label="Discard"), chosen)

    def action_save(self) -> None:
        raise NotImplementedError

    @work(exclusive=True, group="save")
    async def run_save(self, save: Callable[[], Awaitable[T]]) -> None:
        self.clear_errors()
        try:
            saved = await save()
        except Exception as error:  # noqa: BLE001 - error_message re-raises what is not ours
            name, message = error_message(error, self.fields)
            self.show_error(name, message)
            self.notify(message, title="Not saved", severity="error")
            return
        self.dismiss(saved)
