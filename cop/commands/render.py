"""How entries look on the command line: JSON objects, list rows, search hits and `cop show`.

Each view has two forms: Rich on a terminal, plain lines otherwise (pipes, files, scripts). Text from the
repo is escaped or cleaned here before it reaches the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cop.commands import output
from cop.domain.filters import HIGHLIGHT_END, HIGHLIGHT_START

if TYPE_CHECKING:
    from rich.text import Text

    from cop.domain.events import Project
    from cop.domain.filters import SearchRow
    from cop.domain.models import Entry

#: How much of a body `cop show` renders as Markdown on a terminal: Rich's time grows with the text (a
#: 13 MB body ran past 150 s). The rest is a pipe or `--raw` away (neither is cut).
MAX_RENDERED_CHARS = 64 * 1024

LIST_COLUMNS = ("id", "kind", "title", "tags", "author", "updated")
#: on a narrow terminal `cop list` hides these, in this order, before a title gets below 20 characters
#: (docs/cli.md, "Narrow terminals"); the id never goes
LIST_DROP = ("endorsed", "score", "tags", "updated", "author", "kind")
LIST_GROW = {"title": 20, "tags": 10}
SEARCH_DROP = ("endorsed", "community", "kind", "snippet")
SEARCH_GROW = {"title": 20, "snippet": 20}
SEARCH_COLUMNS = ("id", "kind", "title", "community", "snippet")


# -- JSON --------------------------------------------------------------------------------------------
def entry_json(entry: Entry, *, body: bool = False) -> dict[str, Any]:
    """An entry as the documented JSON object: every field (defaults included), `path`, maybe `body`."""
    from cop.commands.records import record_json

    data = record_json(entry)
    if body:
        data["body"] = entry.body
    return data


def plain_snippet(snippet: str) -> str:
    """A search snippet without its highlight markers, on one line."""
    return " ".join(snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "").split())


def search_json(row: SearchRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "kind": row.kind,
        "community": row.community,
        "author": row.author,
        "updated": row.updated,
        "tags": list(row.tags),
        "snippet": plain_snippet(row.snippet),
        "score": row.score,
        "path": row.path,
        "answers": row.answers,
        "matched": row.matched or row.id,
    }


def said(verb: str, entry: Entry) -> None:
    """The confirmation of a write, on stderr: `added how-to 7k2m9qxa "Title": entries/…`."""
    output.say(f'{verb} {entry.kind} {entry.id} "{entry.title}": {entry.path}')


def saved(verb: str, entry: Entry, as_json: bool) -> None:
    """Confirm a write; with `--json` also print the entry as saved (body included) on stdout."""
    said(verb, entry)
    if as_json:
        output.print_json(entry_json(entry, body=True))


# -- lists -------------------------------------------------------------------------------------------
def _cells(values: Sequence[str]) -> str:
    return "\t".join(v.replace("\t", " ").replace("\n", " ") for v in values)


def list_row(entry: Entry) -> list[str]:
    return [
        entry.id,
        entry.kind,
        entry.title,
        ", ".join(entry.tags),
        entry.author,
        (entry.updated or entry.created)[:10],
    ]


def print_entries(entries: Sequence[Entry]) -> None:
    """`cop list`: a table on a terminal (through the pager when taller than the screen), `id kind title
    tags author updated` tab-separated otherwise."""
    with output.paged():
        _print_entries(entries)


def _print_entries(entries: Sequence[Entry]) -> None:
    if not output.is_terminal():
        for entry in entries:
            output.print_plain(_cells(list_row(entry)))
        return
    if not entries:
        output.message("[dim]no entries match[/dim]")
        return
    endorsed = any(entry.endorsements for entry in entries)  # the column shows once someone vouched
    scored = any(entry.score for entry in entries)  # imported posts' votes (docs/format.md, `score`)
    columns = [*LIST_COLUMNS, *(("endorsed",) if endorsed else ()), *(("score",) if scored else ())]
    raw = [
        [
            *list_row(entry),
            *((str(len(entry.endorsements) or ""),) if endorsed else ()),
            *((str(entry.score),) if scored else ()),
        ]
        for entry in entries
    ]
    for entry, values in zip(entries, raw, strict=True):
        if entry.status != "published":
            values[2] += f" ({entry.status})"
    table, shown = output.fitted_table(columns, raw, LIST_DROP, LIST_GROW)
    for entry, values in zip(entries, raw, strict=True):
        cells = [output.escape(value) for value in values]
        cells[0] = f"[bold]{cells[0]}[/bold]"
        if entry.status != "published":
            cells[2] = f"{output.escape(entry.title)} [dim]({entry.status})[/dim]"
        table.add_row(*(cells[index] for index in shown))
    output.console().print(table)


def highlighted(snippet: str) -> Text:
    """A snippet as Rich Text with the matched words styled (the text itself is never markup)."""
    from rich.text import Text

    def inert(part: str) -> str:  # the markers are control bytes too: split on them before cleaning
        return output.clean(part.replace(HIGHLIGHT_END, ""))

    text = Text()
    parts = " ".join(snippet.split()).split(HIGHLIGHT_START)
    text.append(inert(parts[0]))
    for part in parts[1:]:
        hit, _, rest = part.partition(HIGHLIGHT_END)
        text.append(inert(hit), style="bold yellow")
        text.append(inert(rest))
    return text


def print_search(rows: Sequence[SearchRow], endorsements: dict[str, int] | None = None) -> None:
    """`cop search`: best first; `id kind title community snippet` tab-separated off a terminal; on a
    terminal an `endorsed` column once any hit has endorsements."""
    if not output.is_terminal():
        for row in rows:
            output.print_plain(
                _cells([row.id, row.kind, row.title, row.community, plain_snippet(row.snippet)])
            )
        return
    if not rows:
        output.message("[dim]nothing found[/dim]")
        return
    from rich.text import Text

    counts = endorsements or {}
    endorsed = any(counts.get(row.id) for row in rows)
    columns = [*SEARCH_COLUMNS, *(("endorsed",) if endorsed else ())]
    raw = [
        [row.id, row.kind, row.title, row.community, plain_snippet(row.snippet)]
        + ([str(counts.get(row.id) or "")] if endorsed else [])
        for row in rows
    ]
    table, shown = output.fitted_table(columns, raw, SEARCH_DROP, SEARCH_GROW)
    table.columns[0].no_wrap = True
    for row, values in zip(rows, raw, strict=True):
        cells: list[str | Text] = [output.escape(value) for value in values]
        cells[0] = f"[bold]{row.id}[/bold]"
        cells[4] = highlighted(row.snippet) if row.snippet else Text("")
        table.add_row(*(cells[index] for index in shown))
    output.console().print(table)


# -- one entry ---------------------------------------------------------------------------------------
def meta_fields(entry: Entry, question: Entry | None = None) -> list[tuple[str, str]]:
    """The metadata lines `cop show` prints above the body (empty ones are left out)."""
    fields = [
        ("id", entry.id),
        ("kind", entry.kind),
        ("title", entry.title),
        ("community", entry.community),
        ("status", entry.status if entry.status != "published" else ""),
        ("author", entry.author),
        ("created", entry.created),
        ("updated", entry.updated if entry.updated != entry.created else ""),
        ("tags", ", ".join(entry.tags)),
        ("url", entry.url),
        ("question", f"{entry.question} {question.title}" if question else entry.question),
        ("accepted", entry.accepted),
        ("superseded by", entry.superseded_by if entry.status == "obsolete" else ""),
        ("endorsed by", _endorsed(entry)),
        ("verified", _verified(entry)),
        ("review", entry.review),
        ("score", str(entry.score) if entry.score or "imported_from" in entry.extra else ""),
        ("path", entry.path),
    ]
    return [(key, value) for key, value in fields if value]


def print_markdown(heading: str, text: str) -> None:
    """A bold heading, then untrusted Markdown rendered on the terminal (its first MAX_RENDERED_CHARS)."""
    from rich.markdown import Markdown

    console = output.console()
    console.print()
    console.print(f"[bold]{output.escape(heading)}[/bold]")
    console.print(Markdown(output.clean(_rendered_part(text))))


def _endorsed(entry: Entry) -> str:
    count = len(entry.endorsements)
    return f"{', '.join(entry.endorsements)} ({count})" if count else ""


def _verified(entry: Entry) -> str:
    """The latest verification: `2026-03-01 by ada ("note")`, and how many there were."""
    if not entry.verified:
        return ""
    last = max(entry.verified, key=lambda v: v.date)
    note = f' ("{" ".join(last.note.split())}")' if last.note else ""
    more = f" (of {len(entry.verified)})" if len(entry.verified) > 1 else ""
    return f"{last.date} by {last.by}{note}{more}"


def obsolete_notice(entry: Entry, newer: Entry | None) -> str:
    """The line `cop show` puts first for an obsolete entry: what to read instead."""
    if entry.status != "obsolete":
        return ""
    if newer is not None:
        return f'OBSOLETE: superseded by {newer.id} "{newer.title}" (cop show {newer.id})'
    if entry.superseded_by:
        return f"OBSOLETE: superseded by {entry.superseded_by}"
    return "OBSOLETE: kept for the record; it may no longer be true"


def print_entry(
    entry: Entry, answers: Sequence[Entry], question: Entry | None = None, newer: Entry | None = None
) -> None:
    """`cop show`: an obsolete entry's notice, metadata, the body, then a question's answers (on a
    terminal through the pager when taller than the screen)."""
    with output.paged():
        _print_entry(entry, answers, question, newer)


def _print_entry(
    entry: Entry, answers: Sequence[Entry], question: Entry | None = None, newer: Entry | None = None
) -> None:
    notice = obsolete_notice(entry, newer)
    if not output.is_terminal():
        if notice:
            output.print_plain(notice)
        _print_entry_plain(entry, answers, question)
        return
    from rich.markdown import Markdown
    from rich.panel import Panel

    console = output.console()
    if notice:
        console.print(f"[bold yellow]{output.escape(notice)}[/bold yellow]")
    title = f"[bold]{output.escape(entry.title)}[/bold]"
    details = "  ".join(
        f"[dim]{key}[/dim] {output.escape(value)}"
        for key, value in meta_fields(entry, question)
        if key not in ("title", "path")
    )
    if len(entry.path) + 6 <= console.width:  # the path as the panel's subtitle when it fits whole
        console.print(Panel(f"{title}\n{details}", expand=True, subtitle=output.escape(entry.path)))
    else:  # else on its own line, folded rather than cut (it is copied into editors and git commands)
        console.print(Panel(f"{title}\n{details}", expand=True))
        console.print(f"[dim]{output.escape(entry.path)}[/dim]", overflow="fold")
    if entry.body.strip():
        console.print(Markdown(output.clean(_rendered_part(entry.body))))
        if len(entry.body) > MAX_RENDERED_CHARS:
            console.print(
                f"[dim]… the body is {_size(entry.body)}; shown: its first {_size(MAX_RENDERED_CHARS)}. "
                f"All of it: cop show {entry.id} --raw | less[/dim]"
            )
    if entry.kind != "question":
        return
    console.print()
    console.print(f"[bold]answers ({len(answers)})[/bold]" if answers else "[dim]no answers yet[/dim]")
    for answer in answers:
        mark = " [green]✓ accepted[/green]" if answer.id == entry.accepted else ""
        header = (
            f"[bold]{answer.id}[/bold]{mark}  [dim]by[/dim] {output.escape(answer.author)}"
            f"  [dim]{(answer.created or '')[:10]}[/dim]"
        )
        console.print()
        body = Markdown(output.clean(_rendered_part(answer.body or "")))
        console.print(Panel(body, title=header, title_align="left"))


def print_projects(entry: Entry, projects: Sequence[Project]) -> None:
    """The projects that link an entry (an idea's: the projects it led to), after `cop show`."""
    if not projects:
        return
    heading = "led to projects" if entry.kind == "idea" else "projects"
    lines = [f"{p.slug} ({p.status}) {p.title}" for p in projects]
    if not output.is_terminal():
        output.print_plain("")
        output.print_plain(f"{heading} ({len(projects)}):")
        for line in lines:
            output.print_plain(f"  {line}")
        return
    console = output.console()
    console.print()
    console.print(f"[bold]{heading} ({len(projects)})[/bold]")
    for project, line in zip(projects, lines, strict=True):
        console.print(f"  {output.escape(line)}  [dim](cop project show {project.slug})[/dim]")


def _rendered_part(body: str) -> str:
    """The start of `body` that is rendered on a terminal (all of it when short), cut at a line."""
    if len(body) <= MAX_RENDERED_CHARS:
        return body
    cut = body.rfind("\n", 0, MAX_RENDERED_CHARS)
    return body[: cut if cut > MAX_RENDERED_CHARS // 2 else MAX_RENDERED_CHARS]


def _size(text: str | int) -> str:
    count = text if isinstance(text, int) else len(text)
    return f"{count / (1 << 20):.1f} M characters" if count >= 1 << 20 else f"{count >> 10} K characters"


def _print_entry_plain(entry: Entry, answers: Sequence[Entry], question: Entry | None) -> None:
    for key, value in meta_fields(entry, question):
        output.print_plain(f"{key}: {value}")
    if entry.body.strip():
        output.print_plain("")
        output.print_plain(entry.body.rstrip("\n"))
    if entry.kind != "question":
        return
    output.print_plain("")
    output.print_plain(f"answers ({len(answers)}):")
    for answer in answers:
        accepted = " (accepted)" if answer.id == entry.accepted else ""
        output.print_plain(f"--- {answer.id}{accepted} by {answer.author}, {(answer.created or '')[:10]}")
        if answer.body.strip():
            output.print_plain(answer.body.rstrip("\n"))
