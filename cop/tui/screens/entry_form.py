"""`EntryForm` (new and edit) and `AnswerForm`: modal forms whose save goes through the core.

Built on `FormBase` (`cop.tui.screens.forms`): a failed write keeps the form open with everything typed,
a validation error shows next to its field. Every field has a label, Tab moves between fields (the body
too), and Escape asks before it drops anything typed. A new entry's body starts as its kind's template,
and typed text is kept as a draft until saved or discarded. A record's text is shown cleaned
(`cop.tui.text`); a field left as shown is saved as it was.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, Select, TextArea

from cop.domain.errors import CopError
from cop.domain.models import ENTRY_KINDS, Community, Entry
from cop.domain.tags import split_tags
from cop.tui.screens.forms import FormBase, field_label, markdown_area
from cop.tui.text import clean, one_line

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete
    from textual.timer import Timer

    from cop.core import Cop
    from cop.tui.app import CopApp

FIELDS = ("kind", "community", "title", "tags", "url", "body")


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

    def shown(self) -> EntryDraft:
        """The draft as the form shows it: a record's text cleaned (no control or bidi characters)."""
        return EntryDraft(
            self.kind,
            self.community,
            one_line(self.title),
            [one_line(t) for t in self.tags],
            one_line(self.url),
            clean(self.body),
        )


#: how long after the last key the form keeps its typed text as a draft
DRAFT_DELAY_S = 0.5
SaveDraft = Callable[[EntryDraft], Awaitable[Entry]]
SaveText = Callable[[str], Awaitable[Entry]]


class EntryForm(FormBase[Entry]):
    """A new entry, or an edit of one: kind, community, title, tags, URL, Markdown body."""

    #: the title has focus from the first key on (a new entry and an edit alike): keys typed right
    #: after `n` must not land in the kind dropdown, nor a title typed into an edit in its body
    AUTO_FOCUS = "#title"
    fields: ClassVar[tuple[str, ...]] = FIELDS

    def __init__(
        self,
        heading: str,
        communities: list[tuple[str, str]],
        save: SaveDraft,
        draft: EntryDraft | None = None,
        *,
        templates: bool = False,
    ) -> None:
        super().__init__(classes="form-screen")
        #: a new entry: its body starts as the kind's template (cop.core.templates) until typed in
        self.use_templates = templates
        self.templates: dict[tuple[str, str], str] | None = None
        self._template_shown = ""
        self.heading = heading
        self.communities = communities
        self.save = save
        #: the record's values, as they are (saved back for a field left as shown)
        self.draft = draft or EntryDraft(community=communities[0][0] if communities else "")
        #: the values as the form shows them at first (cleaned)
        self.initial = self.draft.shown()
        #: where typed text is kept until saved (the clone's local state, `Cop.draft`)
        self.draft_key = f"form:{heading}"
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        d = self.initial
        kinds = [(Text(k), k) for k in ENTRY_KINDS if k != "answer" or d.kind == "answer"]
        places = [(Text(one_line(name)), slug) for slug, name in self.communities]
        with Vertical(classes="form"):
            yield Label(Text(self.heading, style="bold"), classes="form-title")
            with Horizontal(classes="row"):
                yield field_label("Kind")
                with Vertical(classes="cell"):
                    yield Select(kinds, value=d.kind, allow_blank=False, id="kind", type_to_search=False)
                    yield self.error_label("kind")
                yield field_label("Community")
                with Vertical(classes="cell"):
                    community = (
                        d.community if any(s == d.community for s, _ in self.communities) else Select.NULL
                    )
                    yield Select(
                        places, value=community, prompt="Community", id="community", type_to_search=False
                    )
                    yield self.error_label("community")
            with Horizontal(classes="row"):
                yield field_label("Title")
                with Vertical(classes="cell"):
                    yield Input(d.title, placeholder="one line", id="title")
                    yield self.error_label("title")
            with Horizontal(classes="row"):
                yield field_label("Tags")
                with Vertical(classes="cell"):
                    yield Input(" ".join(d.tags), placeholder="packaging, testing", id="tags")
                    yield self.error_label("tags")
                yield field_label("URL")
                with Vertical(classes="cell"):
                    yield Input(d.url, placeholder="needed for a resource", id="url")
                    yield self.error_label("url")
            with Horizontal(classes="row body-row"):
                yield field_label("Body")
                with Vertical(classes="cell"):
                    yield markdown_area(d.body, "body", "Markdown")
                    yield self.error_label("body")
            yield self.error_label("form")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        #: the fields as first shown: a field still equal to it is saved as the record has it
        self.at_start = self.typed()
        self.query_one("#title").focus()
        self._offer_draft()
        if self.use_templates:
            self._load_templates()

    # -- templates: a new entry's body starts as its kind's (and community's) template ---------------
    @work(group="templates")
    async def _load_templates(self) -> None:
        core: Cop | None = getattr(self.app, "core", None)  # None: a form on an app that is not cop's
        if core is None:
            return
        slugs = [slug for slug, _ in self.communities]
        try:
            self.templates = await cast("CopApp", self.app).runner.call(core.template_table, slugs)
        except CopError:
            return
        self._apply_template()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("kind", "community") and self.templates is not None:
            self._apply_template()

    def _apply_template(self) -> None:
        """Show the template of the kind and community picked, while the body is untouched (empty, or
        the template shown last); a body someone typed in is never replaced."""
        assert self.templates is not None
        area = self.query_one("#body", TextArea)
        if area.text.strip() and area.text != self._template_shown:
            return
        typed = self.typed()
        body = clean(self.templates.get((typed.kind, typed.community), ""))
        if body == area.text:
            return
        area.text = body
        self._template_shown = body
        # left as shown, it is what is saved, and Escape has nothing typed to ask about
        self.at_start = replace(self.at_start, body=body)
        self.draft = replace(self.draft, body=body)

    # -- drafts: typed text survives a crash or a closed terminal ---------------------------------------
    def _core(self) -> Cop | None:
        return getattr(self.app, "core", None)

    def _offer_draft(self) -> None:
        """Put back what was typed in this form last time and never saved, and say so."""
        core = self._core()
        kept = core.draft(self.draft_key) if core is not None else None
        if kept is None:
            return
        try:
            data = json.loads(kept)
            typed = EntryDraft(**{k: data[k] for k in FIELDS})
        except (ValueError, TypeError, KeyError):
            return
        if typed == self.at_start:
            return
        self.query_one("#title", Input).value = one_line(typed.title)
        self.query_one("#tags", Input).value = " ".join(one_line(t) for t in typed.tags)
        self.query_one("#url", Input).value = one_line(typed.url)
        self.query_one("#body", TextArea).text = clean(typed.body)
        self.notify(
            "your unsaved text from last time is back: ctrl+s saves it, Escape discards it",
            title="Draft restored",
        )

    def on_input_changed(self) -> None:
        self._draft_soon()

    def on_text_area_changed(self) -> None:
        self._draft_soon()

    def _draft_soon(self) -> None:
        """Keep the typed text half a second after the last key (debounced: one write per pause)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY_S, self._keep_draft)

    def _keep_draft(self) -> None:
        core = self._core()
        if core is None or not hasattr(self, "at_start"):
            return
        typed = self.typed()
        text = json.dumps(asdict(typed), ensure_ascii=False) if typed != self.at_start else ""
        self.run_worker(lambda: core.save_draft(self.draft_key, text), thread=True, group="draft")

    def dismiss(self, result: Entry | None = None) -> AwaitComplete:
        """Closing the form saved the entry or discarded the text: either way the draft goes."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        core = self._core()
        if core is not None:
            core.drop_draft(self.draft_key)
        return super().dismiss(result)

    def typed(self) -> EntryDraft:
        """The fields as they are on screen now."""
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

    def changed(self) -> bool:
        return self.typed() != self.at_start

    def current(self) -> EntryDraft:
        """The draft to save: what was typed, and the record's own value for a field left as shown."""
        now, shown, was = self.typed(), self.at_start, self.draft
        return EntryDraft(
            kind=now.kind,
            community=now.community,
            title=was.title if now.title == shown.title else now.title,
            tags=was.tags if now.tags == shown.tags else now.tags,
            url=was.url if now.url == shown.url else now.url,
            body=was.body if now.body == shown.body else now.body,
        )

    def action_save(self) -> None:
        draft = self.current()
        if not draft.community:
            self.show_error("community", "pick a community")
            return
        self.run_save(lambda: self.save(draft))


def community_choices(communities: Iterable[Community]) -> list[tuple[str, str]]:
    """The communities an entry form offers, (slug, name): every one not archived."""
    return [(c.slug, c.name) for c in communities if c.status != "archived"]


def edit_form(app: CopApp, entry: Entry) -> EntryForm:
    """The form that edits `entry` (from the list or the review queue): its save changes the fields and
    adds and removes the tags that differ; the entry's own community is offered even when archived."""
    runner, core = app.runner, app.core

    async def save(draft: EntryDraft) -> Entry:
        return await runner.call(
            core.edit_entry,
            entry.id,
            kind=draft.kind,
            title=draft.title,
            community=draft.community,
            url=draft.url,
            body=draft.body,
            add_tags=[t for t in draft.tags if t not in entry.tags],
            remove_tags=[t for t in entry.tags if t not in draft.tags],
        )

    choices = community_choices(app.communities)
    if entry.community not in {slug for slug, _ in choices}:
        choices.append((entry.community, entry.community))
    return EntryForm(f"Edit {entry.id}", choices, save, EntryDraft.of(entry))


class AnswerForm(FormBase[Entry]):
    """An answer to a question: just the Markdown body."""

    fields: ClassVar[tuple[str, ...]] = FIELDS

    def __init__(self, question: Entry, save: SaveText) -> None:
        super().__init__(classes="form-screen")
        self.question = question
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            heading = Text("Answer: ", style="bold")
            heading.append(one_line(self.question.title))
            yield Label(heading, classes="form-title")
            with Horizontal(classes="row body-row"):
                yield field_label("Answer")
                with Vertical(classes="cell"):
                    yield markdown_area("", "body", "Markdown")
                    yield self.error_label("body")
            yield self.error_label("form")
            with Horizontal(classes="buttons"):
                yield Button("Post answer (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    AUTO_FOCUS = "#body"

    def changed(self) -> bool:
        return bool(self.query_one("#body", TextArea).text.strip())

    def action_save(self) -> None:
        body = self.query_one("#body", TextArea).text
        self.run_save(lambda: self.save(body))
