"""`EntryForm` (new and edit) and `AnswerForm`: modal forms whose save goes through the core.

The form itself runs the save (a callable the app hands it), so a failed write keeps the form open with
everything typed; a validation error is shown next to the field it names.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea
from textual.widgets._text_area import LanguageDoesNotExist

from cop.domain.errors import CopError, ValidationError
from cop.domain.models import ENTRY_KINDS, Entry
from cop.tui.text import one_line

FIELDS = ("kind", "community", "title", "tags", "url", "body")
#: how a field is named in an error shown under it ("Title: is required")
LABELS = {"url": "URL"}


@dataclass
class EntryDraft:
    """What the form holds: the fields a person types."""

    kind: str = "how-to"
    community: str = ""
    title: str = ""
    tags: list[str] = field(default_factory=list)
    url: str = ""
    body: str = ""

    @classmethod
    def of(cls, entry: Entry) -> EntryDraft:
        return cls(entry.kind, entry.community, entry.title, list(entry.tags), entry.url, entry.body)


T = TypeVar("T")
SaveDraft = Callable[[EntryDraft], Awaitable[Entry]]
SaveText = Callable[[str], Awaitable[Entry]]


def split_tags(text: str) -> list[str]:
    """Tags as typed: separated by commas or spaces, a leading # allowed."""
    return [t.lstrip("#") for t in text.replace(",", " ").split() if t.lstrip("#")]


def markdown_area(text: str, id: str, placeholder: str = "Body (Markdown)") -> TextArea:
    """A TextArea for Markdown: highlighted when tree-sitter's Markdown grammar is installed."""
    try:
        area = TextArea(text, language="markdown", id=id, soft_wrap=True, tab_behavior="indent")
    except LanguageDoesNotExist:  # tree-sitter without the Markdown grammar
        area = TextArea(text, id=id, soft_wrap=True, tab_behavior="indent")
    area.placeholder = placeholder
    return area


def error_message(error: Exception, fields: tuple[str, ...] = FIELDS) -> tuple[str, str]:
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


class FormBase(ModalScreen[T | None], Generic[T]):
    """Shared behaviour: ctrl+s saves, Escape cancels, errors appear under their field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    #: the fields that have an error label of their own
    fields: ClassVar[tuple[str, ...]] = FIELDS

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

    def action_cancel(self) -> None:
        self.dismiss(None)

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


class EntryForm(FormBase[Entry]):
    """A new entry, or an edit of one: kind, community, title, tags, URL, Markdown body."""

    def __init__(
        self,
        heading: str,
        communities: list[tuple[str, str]],
        save: SaveDraft,
        draft: EntryDraft | None = None,
    ) -> None:
        super().__init__(classes="form-screen")
        self.heading = heading
        self.communities = communities
        self.save = save
        self.draft = draft or EntryDraft(community=communities[0][0] if communities else "")

    def compose(self) -> ComposeResult:
        d = self.draft
        kinds = [(Text(k), k) for k in ENTRY_KINDS if k != "answer" or d.kind == "answer"]
        places = [(Text(one_line(name)), slug) for slug, name in self.communities]
        with Vertical(classes="form"):
            yield Label(Text(self.heading, style="bold"), classes="form-title")
            with Horizontal(classes="row"):
                with Vertical(classes="cell"):
                    yield Select(kinds, value=d.kind, allow_blank=False, id="kind")
                    yield self.error_label("kind")
                with Vertical(classes="cell"):
                    community = (
                        d.community if any(s == d.community for s, _ in self.communities) else Select.NULL
                    )
                    yield Select(places, value=community, prompt="Community", id="community")
                    yield self.error_label("community")
            yield Input(d.title, placeholder="Title (one line)", id="title")
            yield self.error_label("title")
            with Horizontal(classes="row"):
                with Vertical(classes="cell"):
                    yield Input(" ".join(d.tags), placeholder="Tags: packaging, testing", id="tags")
                    yield self.error_label("tags")
                with Vertical(classes="cell"):
                    yield Input(d.url, placeholder="URL (needed for a resource)", id="url")
                    yield self.error_label("url")
            yield markdown_area(d.body, "body")
            yield self.error_label("body")
            yield self.error_label("form")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title" if not self.draft.title else "#body").focus()

    def current(self) -> EntryDraft:
        """The draft as typed now."""
        kind = self.query_one("#kind", Select).value
        community = self.query_one("#community", Select).value
        return EntryDraft(
            kind=kind if isinstance(kind, str) else "",
            community=community if isinstance(community, str) else "",
            title=self.query_one("#title", Input).value.strip(),
            tags=split_tags(self.query_one("#tags", Input).value),
            url=self.query_one("#url", Input).value.strip(),
            body=self.query_one("#body", TextArea).text,
        )

    def action_save(self) -> None:
        draft = self.current()
        if not draft.community:
            self.show_error("community", "pick a community")
            return
        self.run_save(lambda: self.save(draft))


class AnswerForm(FormBase[Entry]):
    """An answer to a question: just the Markdown body."""

    def __init__(self, question: Entry, save: SaveText) -> None:
        super().__init__(classes="form-screen")
        self.question = question
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            heading = Text("Answer: ", style="bold")
            heading.append(one_line(self.question.title))
            yield Label(heading, classes="form-title")
            yield markdown_area("", "body", "Your answer (Markdown)")
            yield self.error_label("body")
            yield self.error_label("form")
            with Horizontal(classes="buttons"):
                yield Button("Post answer (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#body").focus()

    def action_save(self) -> None:
        body = self.query_one("#body", TextArea).text
        self.run_save(lambda: self.save(body))
