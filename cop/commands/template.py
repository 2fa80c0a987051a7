"""`cop template`: list and show the templates new entries start from (templates/ in the repo)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cop.commands import output
from cop.commands.complete import complete_slugs
from cop.commands.context import get_cop
from cop.commands.options import AsJson

if TYPE_CHECKING:
    from cop.domain.templates import Template

app = typer.Typer(no_args_is_help=True)

CommunityOption = Annotated[
    str | None,
    typer.Option(
        "--community",
        "-c",
        help="The template this community's new entries start from (its override, else the repo's).",
        autocompletion=complete_slugs,
        show_default=False,
    ),
]


def template_json(template: Template, *, body: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": template.kind, "source": template.source, "path": template.path or None}
    if template.community:
        data["community"] = template.community
    if body:
        data["body"] = template.body
    return data


def _first_line(body: str) -> str:
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    return " · ".join(lines)[:70] if lines else "(empty)"


@app.command("list")
def list_templates(ctx: typer.Context, community: CommunityOption = None, as_json: AsJson = False) -> None:
    """Every kind's template and where it comes from (a community's file, the repo's, or built in)."""
    core = get_cop(ctx)
    found = core.templates(community or "")
    if as_json:
        output.print_json([template_json(t) for t in found])
        return
    rows = [[t.kind, t.community or "", t.source, t.path or "(built in)", _first_line(t.body)] for t in found]
    if output.is_terminal():
        table = output.new_table("kind", "community", "source", "path", "headings")
        for row in rows:
            table.add_row(*(output.escape(output.clean(cell)) for cell in row))
        output.console().print(table)
    else:
        for row in rows:
            output.print_plain("\t".join(row))


@app.command("show")
def show_template(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help="The entry kind (lesson, how-to, ...).")],
    community: CommunityOption = None,
    as_json: AsJson = False,
) -> None:
    """The body a new KIND entry starts from (in --community's, when given); where it comes from on stderr."""
    core = get_cop(ctx)
    if community:
        core.community(community)
    template = core.template(kind, community or "")
    if as_json:
        output.print_json(template_json(template, body=True))
        return
    output.message(output.escape(f"{kind}: {template.path or 'built in'} ({template.source})"))
    text = template.body
    sys.stdout.write(output.clean(text) if output.is_terminal() else text)
