"""The mentorships and people screens: what they show, and the files a session or a ticked goal writes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, SelectionList, Static, TextArea

from cop.domain.models import MENTORSHIP_STATUSES
from cop.tui.screens.main import MainScreen
from cop.tui.screens.mentorships import MentorshipsScreen, SessionForm
from cop.tui.screens.people import PeopleScreen
from cop.tui.widgets.entry_list import EntryList
from tests.tui.conftest import entry_list, outside, settle


def mentorship_file(repo: Path, mentorship_id: str) -> str:
    (path,) = (repo / "mentorships").glob(f"{mentorship_id}*.yaml")
    return path.read_text(encoding="utf-8")


async def open_mentorship(app, pilot, mentorship_id: str) -> MentorshipsScreen:
    await pilot.press("m")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, MentorshipsScreen)
    options = screen.query_one("#mentorships", OptionList)
    options.highlighted = options.get_option_index(mentorship_id)
    await settle(pilot)
    return screen


async def test_mentorships_are_grouped_by_status(running) -> None:
    app, pilot = running
    await pilot.press("m")
    await settle(pilot)
    options = app.screen.query_one("#mentorships", OptionList)
    headings = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    headings = [h.lower() for h in headings if h.isupper()]
    assert headings == [s for s in MENTORSHIP_STATUSES if s in headings]  # in the order of the lifecycle
    assert "active" in headings and "proposed" in headings
    # every mentorship sits under the heading of its status
    statuses = {m.id: m.status for m in app.screen.items}
    current = ""
    for i in range(options.option_count):
        option = options.get_option_at_index(i)
        if option.id is None:
            current = str(option.prompt).lower()
        else:
            assert statuses[option.id] == current


async def test_selected_mentorship_shows_goals_and_session_log(running) -> None:
    app, pilot = running
    screen = await open_mentorship(app, pilot, "23ae357g")
    meta = str(screen.query_one("#mentor-meta", Static).render())
    assert "marco mentors tomas" in meta and "sre-chapter" in meta
    goals = screen.query_one("#goals", SelectionList)
    assert goals.option_count == 3
    assert goals.selected == [0]  # the first goal is done
    log = str(screen.query_one("#sessions", Static).render())
    assert log.index("2026-10-05") < log.index("2026-05-04")  # newest first
    assert "Next: Bring four weeks of freshness data" in log


async def test_tick_a_goal_writes_the_file(running, acme: Path) -> None:
    app, pilot = running
    screen = await open_mentorship(app, pilot, "23ae357g")
    await pilot.press("g")
    goals = screen.query_one("#goals", SelectionList)
    assert app.focused is goals
    goals.highlighted = 1
    await pilot.press("space")
    await settle(pilot)
    text = mentorship_file(acme, "23ae357g")
    assert "- text: Write and publish one postmortem\n  status: done" in text
    assert sorted(screen.query_one("#goals", SelectionList).selected) == [0, 1]
    # and back
    screen.query_one("#goals", SelectionList).highlighted = 1
    await pilot.press("space")
    await settle(pilot)
    assert "- text: Write and publish one postmortem\n  status: done" not in mentorship_file(acme, "23ae357g")


async def test_log_a_session_writes_the_file(running, acme: Path) -> None:
    app, pilot = running
    screen = await open_mentorship(app, pilot, "23ae357g")
    await pilot.press("l")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, SessionForm)
    form.query_one("#date").value = "2026-11-02"
    form.query_one("#minutes").value = "40"
    form.query_one("#notes", TextArea).text = "Picked the March outage to write up."
    form.query_one("#next").value = "First draft of the postmortem"
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert app.screen is screen
    text = mentorship_file(acme, "23ae357g")
    assert "- date: '2026-11-02'\n  minutes: 40\n  notes: Picked the March outage to write up." in text
    assert "next: First draft of the postmortem" in text
    log = str(screen.query_one("#sessions", Static).render())
    assert log.startswith("2026-11-02")


async def test_session_with_bad_minutes_keeps_the_form(running, acme: Path) -> None:
    app, pilot = running
    before = mentorship_file(acme, "23ae357g")
    await open_mentorship(app, pilot, "23ae357g")
    await pilot.press("l")
    await settle(pilot)
    form = app.screen
    form.query_one("#notes", TextArea).text = "Kept"
    form.query_one("#date").value = "not a date"
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert app.screen is form
    assert str(form.query_one("#date-error", Static).render())
    assert form.query_one("#notes", TextArea).text == "Kept"
    assert mentorship_file(acme, "23ae357g") == before


async def test_people_show_department_expertise_and_communities(running) -> None:
    app, pilot = running
    await pilot.press("p")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PeopleScreen)
    people = screen.query_one("#people", OptionList)
    handles = [people.get_option_at_index(i).id for i in range(people.option_count)]
    assert "marco" in handles and len(handles) == 15
    people.highlighted = handles.index("marco")
    await settle(pilot)
    profile = str(screen.query_one("#profile", Static).render())
    assert "Marco Rossi" in profile and "Operations" in profile
    assert "#slo" in profile and "SRE Chapter" in profile and "(coordinator)" in profile
    wrote = screen.query_one("#contributions", EntryList).rows
    assert wrote and {r.author for r in wrote} == {"marco"}


async def test_enter_on_what_someone_wrote_opens_it_in_the_list(running) -> None:
    app, pilot = running
    await pilot.press("p")
    await settle(pilot)
    people = app.screen.query_one("#people", OptionList)
    people.highlighted = next(
        i for i in range(people.option_count) if people.get_option_at_index(i).id == "marco"
    )
    await settle(pilot)
    await pilot.press("enter")  # into their entries
    contributions = app.screen.query_one("#contributions", EntryList)
    assert app.focused is contributions
    await pilot.press("down")
    wanted = contributions.current.id
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)
    assert {r.author for r in entry_list(app).rows} == {"marco"}
    assert entry_list(app).current.id == wanted


async def test_people_screen_refreshes_live_keeping_the_person(running, acme: Path) -> None:
    app, pilot = running
    await pilot.press("p")
    await settle(pilot)
    people = app.screen.query_one("#people", OptionList)
    people.highlighted = people.get_option_index("marco")
    await settle(pilot)
    other = outside(acme, "marco")
    added = other.add_entry("idea", "Written while you look at me", "sre-chapter")
    other.close()
    await app.check_files().wait()
    await settle(pilot)
    assert app.screen.query_one("#people", OptionList).highlighted_option.id == "marco"
    assert added.id in {r.id for r in app.screen.query_one("#contributions", EntryList).rows}
