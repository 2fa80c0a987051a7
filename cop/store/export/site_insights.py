"""The static site's `insights.html`: entries, answers and events held per month, the top tags and the
projects by status as inline SVG bar charts (no script, no external asset), from the core's `Insights`
(cop.core.insights computes them; the store only draws). Every label goes through `html.escape`."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cop.domain.insights import Insights

_BAR_W, _GAP, _HEIGHT = 14, 4, 120


def column_chart(title: str, labels: Sequence[str], values: Sequence[int]) -> str:
    """Vertical bars, one a month, each with a <title> naming the month and the count."""
    top = max(values, default=0) or 1
    width = max(1, len(values)) * (_BAR_W + _GAP)
    bars = []
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        h = round(value / top * _HEIGHT)
        x = i * (_BAR_W + _GAP)
        bars.append(
            f'<rect x="{x}" y="{_HEIGHT - h}" width="{_BAR_W}" height="{h}" fill="#0b5cad">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
    first, last = (escape(labels[0]), escape(labels[-1])) if labels else ("", "")
    return (
        f"<h2>{escape(title)}</h2>"
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{_HEIGHT + 16}"'
        f' viewBox="0 0 {width} {_HEIGHT + 16}"><title>{escape(title)}</title>{"".join(bars)}'
        f'<text x="0" y="{_HEIGHT + 13}" font-size="10">{first}</text>'
        f'<text x="{width}" y="{_HEIGHT + 13}" font-size="10" text-anchor="end">{last}</text></svg>'
    )


def bar_chart(title: str, pairs: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars with their labels (the top tags)."""
    top = max((n for _, n in pairs), default=0) or 1
    rows = []
    for i, (label, value) in enumerate(pairs):
        y = i * 20
        w = round(value / top * 300)
        rows.append(
            f'<text x="0" y="{y + 14}" font-size="12">{escape(label)}</text>'
            f'<rect x="160" y="{y + 3}" width="{w}" height="14" fill="#2a2"><title>{escape(label)}: {value}'
            f'</title></rect><text x="{166 + w}" y="{y + 14}" font-size="12">{value}</text>'
        )
    height = max(1, len(pairs)) * 20
    return (
        f"<h2>{escape(title)}</h2>"
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="520" height="{height}"'
        f' viewBox="0 0 520 {height}"><title>{escape(title)}</title>{"".join(rows)}</svg>'
    )


def gatherings_summary(found: Insights) -> str:
    """One paragraph each on the events held and the projects (numbers only: nothing to escape)."""
    g, p = found.gatherings, found.projects
    mean = "-" if g.mean_attendance is None else f"{g.mean_attendance:.1f}"
    statuses = ", ".join(f"{n} {status}" for status, n in p.by_status) or "none"
    return (
        f"<p>Events: {g.held} held ({mean} attending each, {g.attendees} different people, "
        f"{g.outcomes} outcomes linked), {g.cancelled} cancelled, {g.upcoming} to come.</p>"
        f"<p>Projects: {p.total} ({escape(statuses)}), {p.updates} updates logged.</p>"
    )


def insights_content(found: Insights) -> str:
    """The page body: the monthly charts (entries, answers, events held), the top tags, then the events
    and projects in numbers and by status."""
    span = list(found.monthly.span)
    return (
        "<h1>Insights</h1>"
        + column_chart("Entries per month", span, list(found.monthly.entries))
        + column_chart("Answers per month", span, list(found.monthly.answers))
        + column_chart("Events held per month", span, list(found.monthly.events))
        + bar_chart("Top tags", [(f"#{t}", n) for t, n in found.top_tags])
        + bar_chart("Projects by status", list(found.projects.by_status))
        + gatherings_summary(found)
    )
