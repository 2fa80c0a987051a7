"""CLI output: data (tables, JSON) to stdout, messages and errors to stderr, user text always escaped.

Rich is imported only when something is rendered. When stdout is not a terminal, commands print plain
text (no colour, no boxes) so pipes and scripts get clean lines; `NO_COLOR` is honoured by Rich itself.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import typer

from cop.domain.errors import CopError
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


def say(text: str) -> None:
    """A plain message for the person (stderr; untrusted text made inert here, no markup): written as
    it is when stderr is not a terminal, so a write command piped or scripted does not import Rich to
    say one line (~a sixth of the floor for `cop add`); on a terminal, through `message`."""
    shown = clean(text)
    # Rich expands tabs by cell width and reads a backslash before "[" or at the end as an escape
    if not sys.stderr.isatty() and not ("\t" in shown or "\\[" in shown or shown.endswith("\\")):
        sys.stderr.write(shown + "\n")
        return
    message(escape(text))


def warn(text: str) -> None:
    """A plain warning line on stderr (text is escaped here)."""
    err_console().print(f"[yellow]warning:[/yellow] {escape(text)}", soft_wrap=True)


def print_json(data: Any) -> None:
    """JSON to stdout: UTF-8, two-space indent, keys in the documented order; characters that could
    drive a terminal (C1 controls, bidi overrides) as `\\uNNNN` escapes, which JSON reads back the same."""
    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def print_plain(line: str) -> None:
    """One plain line to stdout (control characters made visible); inside `paged()`, to its buffer."""
    if _paging:
        console().out(clean(line), highlight=False)
        return
    sys.stdout.write(clean(line) + "\n")


_paging: list[bool] = []  # non-empty while a `paged()` block collects its output
_pager_off = False


def disable_pager() -> None:
    """`--no-pager`: print straight to the terminal."""
    global _pager_off
    _pager_off = True


@contextmanager
def paged() -> Iterator[None]:
    """Output printed inside goes through the pager (`cop.core.paging`: `$COP_PAGER`, `$PAGER`, the
    `pager` setting, else `less -FRX`) when stdout is a terminal and it is taller than the screen, as
    git and gh do; piped, under `--no-pager` or with the pager set to 'off', it is printed as usual."""
    if not is_terminal() or _pager_off or _paging:
        yield
        return
    con = console()
    _paging.append(True)
    try:
        with con.capture() as captured:
            yield
    finally:
        _paging.pop()
    text = captured.get()
    if text.count("\n") >= con.height and _page(text):
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def _page(text: str) -> bool:
    from cop.core.paging import pager_command, run_pager

    try:
        command = pager_command()
    except CopError:  # a broken config file is for the command that reads it to report, not the pager
        return False
    if command is None:
        return False
    sys.stdout.flush()
    return run_pager(text, command)


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


#: the narrowest a free-text column gets on a terminal before whole columns are dropped instead
MIN_TITLE = 20
MIN_FREE_TEXT = 10
COLUMN_GAP = 2  # what the table puts between two columns


def fit_columns(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    drop: Sequence[str],
    grow: Mapping[str, int],
    width: int | None = None,
) -> list[int]:
    """Which columns (their indexes) a terminal `width` wide shows: fixed-shape columns need their
    longest value, free-text columns in `grow` their minimum (a title 20 characters, so it never wraps a
    word per line); while the sum is too wide, columns go in `drop` order (docs/cli.md lists it). When a
    column goes, one line on stderr says which, so nothing is dropped silently."""
    width = width or console().width
    keep = list(range(len(columns)))

    def need(index: int) -> int:
        natural = max([len(columns[index]), *(len(row[index]) for row in rows)])
        if columns[index] not in grow:
            return natural
        # a table wraps at spaces: a column is never narrower than its longest word
        longest_word = max((len(word) for row in rows for word in row[index].split()), default=0)
        return min(natural, max(grow[columns[index]], longest_word))

    dropped: list[str] = []
    for name in drop:
        if sum(need(i) for i in keep) + COLUMN_GAP * (len(keep) - 1) <= width:
            break
        if name in columns and columns.index(name) in keep:
            keep.remove(columns.index(name))
            dropped.append(name)
    if dropped:
        shown = ", ".join(dropped)
        message(f"[dim]{width} columns: {shown} hidden (a wider terminal or a pipe shows them)[/dim]")
    return keep


def fitted_table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], drop: Sequence[str], grow: Mapping[str, int]
) -> tuple[Table, list[int]]:
    """A table of the columns `fit_columns` keeps, each free-text column at least its minimum wide (or
    its longest value, when shorter); returns it with the kept indexes, for the caller's cells."""
    keep = fit_columns(columns, rows, drop, grow)
    table = new_table(*(columns[i] for i in keep))
    for position, index in enumerate(keep):
        if columns[index] in grow:
            natural = max([len(columns[index]), *(len(row[index]) for row in rows)])
            table.columns[position].min_width = min(natural, grow[columns[index]])
    return table, keep


def new_table(*columns: str) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for column in columns:
        # short fixed-shape columns never wrap, so a narrow terminal squeezes titles and tags instead
        table.add_column(
            column,
            no_wrap=column in UNWRAPPED_COLUMNS,
            overflow="fold",
        )
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
