"""`MentorshipsScreen`: mentorships by status; the selected one's goals (tick them) and session log."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from cop.domain import dates
from cop.domain.errors import CopError, ValidationError
from cop.domain.models import MENTORSHIP_STATUSES, Mentorship
from cop.tui.screens.base import CopScreen
from cop.tui.screens.forms import FormBase, field_label, markdown_area
from cop.tui.text import SUMMARY_WIDTH, clean, fit, one_line

if TYPE_CHECKING:
    from cop.tui.app import CopApp


def summary(m: Mentorship) -> Text:
    text = Text(fit(f"{one_line(m.mentor)} → {one_line(m.mentee)}"))
    kept = [
        g for g in m.goals if g.status != "dropped"
    ]  # as `cop mentor list`: dropped goals count neither way
    goals = f" · goals {sum(1 for g in kept if g.status == 'done')}/{len(kept)}"
    place = fit(one_line(m.community or "no community"), SUMMARY_WIDTH - 2 - len(goals))
    text.append(f"\n  {place}{goals}", style="dim")
    return text


#: a word after each goal, so done, open and dropped differ without colour (NO_COLOR, a monochrome terminal)
GOAL_MARKS = {"done": "  ✓ done", "dropped": "  ✗ dropped", "open": ""}


def goal_label(status: str, text: str) -> Text:
    label = Text(text, style="strike dim" if status == "dropped" else "")
    return label.append(GOAL_MARKS.get(status, f"  {status}"), style="bold" if status == "done" else "dim")


def details(m: Mentorship) -> Text:
    text = Text()
    text.append(f"{one_line(m.mentor)} mentors {one_line(m.mentee)}", style="bold")
    text.append(f"\n{one_line(m.status)}", style="bold green" if m.status == "active" else "bold yellow")
    parts = [
        one_line(m.community) if m.community else "",
        f"since {one_line(m.started)}" if m.started else "",
        f"until {one_line(m.ends)}" if m.ends else "",
        one_line(m.cadence),
    ]
    text.append("".join(f" · {p}" for p in parts if p), style="dim")
    text.append(f"\nid {one_line(m.id)}", style="dim")
    return text


def session_log(m: Mentorship) -> Text:
    if not m.sessions:
        return Text("No sessions logged yet: press l to log one.", style="dim italic")
    text = Text()
    for session in reversed(m.sessions):  # newest first: the last session is what you need next
        text.append(one_line(session.date), style="bold")
        if session.minutes:
            text.append(f" · {session.minutes} min", style="dim")
        text.append("\n" + clean(session.notes).rstrip() + "\n")
        if session.next:
            text.append("Next: ", style="bold cyan").append(clean(session.next).rstrip() + "\n")
        text.append("\n")
    return text


class SessionForm(FormBase[Mentorship]):
    """Log a session: date, minutes, notes, next steps."""

    fields: ClassVar[tuple[str, ...]] = ("date", "minutes", "notes")

    def __init__(self, mentorship: Mentorship, app: CopApp) -> None:
        super().__init__(classes="form-screen")
        self.mentorship = mentorship
        self.cop_app = app

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            m = self.mentorship
            heading = Text("Log a session: ", style="bold").append(one_line(f"{m.mentor} → {m.mentee}"))
            yield Label(heading, classes="form-title")
            with Horizontal(classes="row"):
                yield field_label("Date")
                with Vertical(classes="cell"):
                    yield Input(dates.today(), placeholder="YYYY-MM-DD", id="date")
                    yield self.error_label("date")
                yield field_label("Minutes")
                with Vertical(classes="cell"):
                    yield Input("", placeholder="how long", id="minutes", type="integer")
                    yield self.error_label("minutes")
            with Horizontal(classes="row body-row"):
                yield field_label("Notes")
                with Vertical(classes="cell"):
                    yield markdown_area("", "notes", "Markdown")
                    yield self.error_label("notes")
            with Horizontal(classes="row"):
                yield field_label("Next")
                yield Input("", placeholder="next steps", id="next")
            yield self.error_label("form")
            with Horizontal(classes="buttons"):
                yield Button("Log (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    AUTO_FOCUS = "#notes"

    def on_mount(self) -> None:
        self.date_at_start = self.query_one("#date", Input).value

    def changed(self) -> bool:
        from textual.widgets import TextArea

        typed = [self.query_one(f"#{name}", Input).value.strip() for name in ("minutes", "next")]
        return (
            any(typed)
            or bool(self.query_one("#notes", TextArea).text.strip())
            or self.query_one("#date", Input).value != self.date_at_start
        )

    def action_save(self) -> None:
        from textual.widgets import TextArea

        minutes_text = self.query_one("#minutes", Input).value.strip()
        notes = self.query_one("#notes", TextArea).text
        date = self.query_one("#date", Input).value.strip()
        next_steps = self.query_one("#next", Input).value.strip()
        core, runner = self.cop_app.core, self.cop_app.runner
        mentorship_id = self.mentorship.id

        async def save() -> Mentorship:
            if minutes_text and not minutes_text.isdigit():
                raise ValidationError("minutes", "a whole number of minutes")
            return await runner.call(
                core.log_session,
                mentorship_id,
                notes,
                minutes=int(minutes_text or 0),
                date=date,
                next_steps=next_steps,
            )

        self.run_save(save)


class MentorshipsScreen(CopScreen[None]):
    """Every mentorship, grouped by status; goals tick with space or a click; l logs a session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("l", "log", "Log session"),
        Binding("g", "focus_goals", "Goals"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Mentorship] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="mentor-panes"):
            yield OptionList(id="mentorships")
            with Vertical(id="mentor-detail"):
                yield Static(id="mentor-meta")
                yield SelectionList[int](id="goals")
                with VerticalScroll(id="sessions-pane"):
                    yield Static(id="sessions")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mentorships").border_title = "Mentorships"
        self.query_one("#goals").border_title = "Goals (space ticks)"
        self.query_one("#sessions-pane").border_title = "Sessions"
        self.query_one("#mentorships").focus()
        self.reload()

    @property
    def selected(self) -> Mentorship | None:
        options = self.query_one("#mentorships", OptionList)
        option = options.highlighted_option
        return next((m for m in self.items if option is not None and m.id == option.id), None)

    def on_cop_app_records_changed(self, message: CopApp.RecordsChanged) -> None:
        """Files changed under the app: load again, keeping the highlighted mentorship."""
        self.reload()

    @work(exclusive=True, group="mentorships")
    async def reload(self, keep: str | None = None) -> None:
        try:
            self.items = await self.cop_app.runner.call(self.cop_app.core.mentorships)
        except CopError as error:
            self.notify(str(error), severity="error")
            return
        current = self.selected
        keep = keep or (current.id if current else None)
        options = self.query_one("#mentorships", OptionList)
        entries: list[Option | None] = []
        for status in MENTORSHIP_STATUSES:
            group = [m for m in self.items if m.status == status]
            if group:
                entries.append(Option(Text(status.upper(), style="bold"), disabled=True))
                entries.extend(Option(summary(m), id=m.id) for m in group)
        if not entries:
            entries.append(Option(Text("No mentorships yet: 'cop mentor add'", style="dim"), disabled=True))
        options.set_options(entries)
        ids = [m.id for m in self.items]
        target = keep if keep in ids else (ids[0] if ids else None)
        if target is not None:
            options.highlighted = options.get_option_index(target)
        self.show_selected()

    @on(OptionList.OptionHighlighted, "#mentorships")
    def on_highlight(self) -> None:
        self.show_selected()

    def show_selected(self) -> None:
        m = self.selected
        goals = self.query_one("#goals", SelectionList)
        goals.clear_options()
        if m is None:
            self.query_one("#mentor-meta", Static).update("")
            self.query_one("#sessions", Static).update("")
            return
        self.query_one("#mentor-meta", Static).update(details(m))
        goals.add_options(
            Selection(
                goal_label(g.status, one_line(g.text)),
                i,
                g.status == "done",
            )
            for i, g in enumerate(m.goals)
        )
        self.query_one("#sessions", Static).update(session_log(m))

    @on(SelectionList.SelectionToggled, "#goals")
    def on_goal_toggled(self, event: SelectionList.SelectionToggled[int]) -> None:
        m = self.selected
        if m is not None:
            number = int(event.selection.value) + 1
            done = event.selection.value in event.selection_list.selected
            self.set_goal(m.id, number, "done" if done else "open")

    @work(group="goals")
    async def set_goal(self, mentorship_id: str, number: int, status: str) -> None:
        try:
            await self.cop_app.runner.call(self.cop_app.core.set_goal, mentorship_id, number, status)
        except CopError as error:
            self.notify(str(error), title="Goal not changed", severity="error")
        else:
            self.notify(f"Goal {number} is {status}.", timeout=2)
        self.reload(keep=mentorship_id)

    def action_focus_goals(self) -> None:
        self.query_one("#goals").focus()

    def action_log(self) -> None:
        m = self.selected
        if m is None:
            self.notify("Select a mentorship first.", severity="warning")
            return

        def logged(saved: Mentorship | None) -> None:
            if saved is not None:
                self.notify("Session logged.", title="Saved")
                self.reload(keep=saved.id)

        self.app.push_screen(SessionForm(m, self.cop_app), logged)
