"""The Insights screen on the real app: a row a community with its events and projects, charts drawn with
textual-plotext for the highlighted row (moving the cursor redraws them for that community), at 80×24
and 120×40; and textual-plotext is loaded by opening the screen, never by starting the CLI or the TUI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from cop.tui.screens.insights import COLUMNS, InsightsScreen
from tests.tui.conftest import make_app, outside, settle


@pytest.fixture
def with_events(acme: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COP_NOW", "2026-02-01T09:00:00Z")
    core = outside(acme, "ada")
    try:
        slug = sorted(c.slug for c in core.communities())[0]
        held = core.add_event("Held", slug, "meetup", "2026-01-20T18:00Z")
        core.attend(held.id, "marco")
        core.add_project("chart-bot", title="Chart bot", communities=[slug], status="active")
    finally:
        core.close()
    monkeypatch.setenv("COP_NOW", "2026-03-01T09:00:00Z")
    return acme


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_table_and_charts_follow_the_highlighted_row(
    with_events: Path, size: tuple[int, int]
) -> None:
    app = make_app(with_events)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == len(screen.found) > 1
        assert [str(c.label) for c in table.columns.values()] == list(COLUMNS)
        first = screen.found[1]  # the first community, where the event was held
        row = [str(cell) for cell in table.get_row_at(1)]
        assert row[0] == first.community and row[-2:] == ["1", "1"], "events held, projects active"
        activity = screen.query_one("#insights-activity", PlotextPlot)
        assert activity.size.width > 20 and activity.size.height >= 5, "the chart has room at this size"
        assert "all" in str(activity.render())
        await pilot.press("down")
        await settle(pilot)
        assert first.community in str(activity.render())
        assert first.community in str(screen.query_one("#insights-tags", Static).render())
        assert "1 held" in str(screen.query_one("#insights-events", PlotextPlot).render())
        await pilot.press("escape")
        assert not isinstance(app.screen, InsightsScreen)


def test_the_plotting_library_loads_only_with_the_screen() -> None:
    code = (
        "import sys, cop.cli, cop.tui.app, cop.tui.screens.main; "
        "print(any(m.split('.')[0] in ('plotext', 'textual_plotext') for m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"
