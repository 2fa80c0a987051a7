"""Display helpers the people commands share (`cop community`, `cop member`, `cop mentor`): a record as
JSON, key/value fields and rows (Rich output on a terminal, plain lines otherwise), tag edits and links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import typer

from cop.commands import output
from cop.domain.errors import UsageError
from cop.domain.models import Record
from cop.domain.tags import normalise_tag

if TYPE_CHECKING:
    from cop.domain.models import Entry


def record_json(record: Record) -> dict[str, Any]:
    """A record as the documented JSON object: every field (defaults included, nested items too) + path."""
    data = record.to_index()
    for key in data:
        value = getattr(record, key)
        if isinstance(value, Record):
            data[key] = value.to_index()
        elif isinstance(value, list) and value and isinstance(value[0], Record):
            data[key] = [item.to_index() for item in value]
    data["path"] = record.path
    return data


def print_fields(title: str, fields: Sequence[tuple[str, str]]) -> None:
    """A record's fields: a titled grid on a terminal, `key: value` lines otherwise (empty ones skipped).

    Multi-line values (descriptions, notes) are indented under their key in plain output.
    """
    shown = [(key, value) for key, value in fields if value]
    if not output.is_terminal():
        for key, value in shown:
            lines = value.rstrip("\n").split("\n")
            if len(lines) == 1:
                output.print_plain(f"{key}: {lines[0]}")
            else:
                output.print_plain(f"{key}:")
                for line in lines:
                    output.print_plain(f"  {line}")
        return
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, value in shown:
        grid.add_row(key, output.escape(value.rstrip("\n")))
    console = output.console()
    console.print(f"[bold]{output.escape(title)}[/bold]")
    console.print(grid)


def print_rows(
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    title: str = "",
    empty: str = "",
    keep: int = 1,
    drop: Sequence[str] = (),
    grow: Mapping[str, int] | None = None,
) -> None:
    """Rows of values: a Rich table on a terminal, tab-separated lines (no header) otherwise.

    In plain output a section `title` becomes a `title:` line and its rows are indented, so a `show`
    command's sections stay apart; top-level lists pass no title and print bare lines for `cut`/`awk`.
    `empty` is said (on stderr for a bare list) when there are no rows. The first `keep` columns (ids,
    slugs, handles) are never wrapped or cut on a terminal. On a narrow terminal the columns in `drop`
    go, in that order, until the rest fit with each `grow` column at its minimum (`output.fit_columns`).
    """
    rows = [list(row) for row in rows]
    if not output.is_terminal():
        indent = "  " if title else ""
        if title:
            output.print_plain(f"{title}:")
        if not rows and empty:
            if title:
                output.print_plain(f"  ({empty})")
            else:
                typer.echo(empty, err=True)
        for row in rows:
            output.print_plain(indent + "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row))
        return
    console = output.console()
    if title:
        console.print()
        console.print(f"[bold]{output.escape(title)}[/bold]")
    if not rows:
        if empty:
            console.print(f"[dim]{output.escape(empty)}[/dim]")
        return
    grow = {"title": output.MIN_TITLE, "name": output.MIN_TITLE} if grow is None else grow
    table, shown = output.fitted_table(columns, rows, drop, grow)
    for position, index in enumerate(shown):
        if index < keep:  # ids and slugs are typed back: never cut them
            table.columns[position].no_wrap = True
            table.columns[position].min_width = max(len(row[index]) for row in rows)
    for row in rows:
        table.add_row(*(output.escape(row[index]) for index in shown))
    console.print(table)


def entry_rows(entries: Iterable[Entry]) -> list[list[str]]:
    """Rows for a short entry list (id, kind, date, title) as `community show` and `member show` print."""
    return [[e.id, e.kind, (e.updated or e.created)[:10], e.title] for e in entries]


def edit_tags(tags: list[str], add: Iterable[str] | None, remove: Iterable[str] | None) -> list[str]:
    """`tags` with some added and some removed; removal matches the way tags are stored (lowercase,
    '-' for spaces), so `--remove-tag "Unit Tests"` removes `unit-tests`. The model validates the rest."""
    removed = {normalise_tag(t) for t in remove or []}
    return [t for t in tags if t not in removed] + list(add or [])


def said(text: str) -> None:
    """A confirmation for the person on stderr; `text` is plain (escaped here)."""
    output.message(output.escape(text))


def report_saved(record: Record, text: str, as_json: bool) -> None:
    """What a write command says once it has saved `record`: `text: path` on stderr, and with --json the
    record as JSON on stdout."""
    said(f"{text}: {record.path}")
    if as_json:
        output.print_json(record_json(record))


def parse_links(values: Iterable[str]) -> dict[str, str]:
    """`NAME=VALUE` options as a mapping (an empty VALUE means: remove that link)."""
    links: dict[str, str] = {}
    for value in values:
        name, sep, target = value.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--link '{value}' is not NAME=VALUE (e.g. --link chat=#python-guild)")
        links[name.strip()] = target.strip()
    return links
