"""Open, done and dropped goals differ by a word, not only by colour; dropped goals leave the count."""

from __future__ import annotations

from cop.domain.models import Goal, Mentorship
from cop.tui.screens.mentorships import goal_label, summary


def test_goal_labels_differ_without_colour() -> None:
    plain = {status: goal_label(status, "Learn").plain for status in ("open", "done", "dropped")}
    assert plain == {"open": "Learn", "done": "Learn  ✓ done", "dropped": "Learn  ✗ dropped"}


def test_summary_counts_leave_dropped_goals_out() -> None:
    m = Mentorship.from_data(
        {"id": "abcdefgh", "mentor": "ada", "mentee": "bob", "started": "2026-01-01", "goals": []}
    )
    m.goals = [Goal(text="a", status="done"), Goal(text="b"), Goal(text="c", status="dropped")]
    assert "goals 1/2" in summary(m).plain
