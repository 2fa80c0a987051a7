"""CLI output: data (tables, JSON) to stdout, messages and errors to stderr, user text always escaped.

Rich is imported only when something is rendered. When stdout is not a terminal, commands print plain
text (no colour, no boxes) so pipes and scripts get clean lines; `NO_COLOR` is honoured by Rich itself.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import typer

from cop.domain.text import json_safe, visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def clean(text: str) -> str:
    """Make untrusted text inert for a terminal: control, bidi and zero-width characters become
    visible `\\xNN`/`\\uNNNN` escapes (the rules are `cop.domain.text`'s, shared with the TUI)."""
    return visible(text)


def escape(text: str) -> str:
    """Untrusted text ready for Rich markup: controls made visible, `[...]` markup escaped."""
    from rich.markup import escape as rich_escape

    return rich_escape(clean(text))


def is_terminal() -> bool:
    return sys.stdout.isatty()


@lru_cache(maxsize=1)
def console() -> Console:
    """stdout console (data)."""
    from rich.console import Console

    return Console(highlight=False, emoji=False)


@lru_cache(maxsize=1)
def err_console() -> Console:
    """stderr console (messages, progress)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def message(text: str) -> None:
    """A message for the person (stderr), given as Rich markup built with `escape()`d values.

    Never hard-wrapped (soft_wrap): a message is one line that tests and scripts can match whole.
    """
    err_console().print(text, soft_wrap=True)


def warn(text: str) -> None:
    """A plain warning line on stderr (text is escaped here)."""
    err_console().print(f"[yellow]warning:[/yellow] {escape(text)}", soft_wrap=True)


def print_json(data: Any) -> None:
    """JSON to stdout: UTF-8, two-space indent, keys in the documented order; characters that could
    drive a terminal (C1 controls, bidi overrides) as `\\uNNNN` escapes, which JSON reads back the same."""
    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def print_plain(line: str) -> None:
    """One plain line to stdout (control characters made visible)."""
    sys.stdout.write(clean(line) + "\n")


UNWRAPPED_COLUMNS = frozenset(
    {
        "id",
        "kind",
        "author",
        "updated",
        "created",
        "status",
        "date",
        "entries",
        "started",
        "last",
        "ends",
        "joined",
        "goals",
    }
)


def new_table(*columns: str) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for column in columns:
        # short fixed-shape columns never wrap, so a narrow terminal squeezes titles and tags instead
        table.add_column(column, no_wrap=column in UNWRAPPED_COLUMNS)
    return table


def exit_error(text: str, code: int = 1) -> typer.Exit:
    """Print `error: text` on stderr and return the Exit to raise."""
    err_console().print(f"[red]error:[/red] {escape(text)}", soft_wrap=True)
    return typer.Exit(code)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


PROBLEMS_SHOWN = 3  # read commands name this many skipped files, then say how many more


def warn_problems(problems: list[str]) -> None:
    """Say on stderr which malformed files the index skipped, so a missing entry is not a mystery."""
    for problem in problems[:PROBLEMS_SHOWN]:
        warn(f"{problem} (skipped; run 'cop doctor')")
    if len(problems) > PROBLEMS_SHOWN:
        warn(f"and {len(problems) - PROBLEMS_SHOWN} more (run 'cop doctor')")
