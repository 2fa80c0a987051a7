"""Charts for the terminal: sparklines and horizontal bar charts in Unicode blocks (the shapes are
`cop.domain.insights`'), coloured through Rich, so `NO_COLOR` drops the colour and keeps the blocks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cop.commands import output
from cop.domain.insights import bar, sparkline

if TYPE_CHECKING:
    from rich.table import Table

BAR_WIDTH = 30


def spark_line(label: str, values: Sequence[int], width: int = 18, *, total: bool = True) -> str:
    """`label  ▁▃█▅  total N` as Rich markup (label escaped); with `total` False, `most in a month N`,
    for a series whose months do not add up (distinct people a month: one person active in three
    months would count three times in a total)."""
    summary = f"total {sum(values)}" if total else f"most in a month {max(values, default=0)}"
    return f"{output.escape(label):<{width}} [cyan]{sparkline(values)}[/cyan]  {summary}"


def bar_table(title: str, rows: Sequence[tuple[str, int]], width: int = BAR_WIDTH) -> Table:
    """A table of label, bar and count; labels are untrusted text (escaped)."""
    from rich.table import Table

    table = Table(
        title=output.escape(title), title_justify="left", box=None, show_header=False, pad_edge=False
    )
    table.add_column(no_wrap=True, overflow="ellipsis", max_width=28)
    table.add_column(no_wrap=True)
    table.add_column(justify="right")
    top = max((n for _, n in rows), default=0)
    for label, n in rows:
        table.add_row(output.escape(label), f"[green]{bar(n, top, width)}[/green]", str(n))
    return table
