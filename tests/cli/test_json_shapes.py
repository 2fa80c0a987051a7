"""docs/cli.md's JSON shapes against what the commands print: the entry object is the format table's
fields in order plus `path`, each `{"a", "b"}` the table gives is the keys printed, and every command of
docs/cli.md that takes `--json` has its row (issue 18: `score` was missing, and search's `answers`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cop.cli import app
from tests.cli.test_help import COMMANDS

DOCS = Path(__file__).resolve().parents[2] / "docs"
CLI_MD = (DOCS / "cli.md").read_text(encoding="utf-8")


def format_keys() -> list[str]:
    """The keys of format.md's entry table, in order."""
    section = (DOCS / "format.md").read_text(encoding="utf-8").split("## Entry: ", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.M)


def shapes_table() -> dict[str, str]:
    """The JSON shapes table: each command it names (`add`, `config get`…) to what the row says."""
    section = CLI_MD.split("## JSON shapes\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = line.split(" | ", 1)
        if line.startswith("| `") and len(cells) == 2:
            for name in re.findall(r"`([a-z][a-z -]*?)(?: --\w+)*`", cells[0]):
                rows[name] = cells[1]
    return rows


def documented_keys(row: str) -> list[str]:
    """The keys of the first `{"a", "b", …}` in a row."""
    found = re.search(r'`\{("[a-z_]+"(?:, "[a-z_]+")*)\}`', row)
    assert found, row
    return re.findall(r'"([a-z_]+)"', found.group(1))


def printed(repo: Path, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", *args])
    assert result.exit_code in (0, 1), result.output  # doctor and `watch --status` exit 1 on their news
    return json.loads(result.stdout)


def test_every_json_command_of_cli_md_has_a_row() -> None:
    headings = re.findall(r"^#+ .*$", CLI_MD, flags=re.M)
    rows = shapes_table()
    for name, command in COMMANDS:
        short = name.removeprefix("cop ")
        takes_json = any("--json" in param.opts for param in command.params)
        if takes_json and any(f"`cop {short}" in heading for heading in headings):
            assert short in rows, f"docs/cli.md documents '{name} --json' but its JSON shapes table does not"


def test_an_entry_object_is_the_format_tables_fields_then_path(example_path: Path) -> None:
    entry_keys = [*format_keys(), "path"]
    assert "score" in entry_keys
    assert list(printed(example_path, "list", "--json", "--limit", "1")[0]) == entry_keys
    shown = printed(example_path, "show", "3m3b", "--json")
    assert list(shown) == [*entry_keys, "body", "links_to", "linked_from", "projects"]
    for extra in ("body", "links_to", "linked_from", "projects", "answers"):
        assert f'"{extra}"' in shapes_table()["show"]
    question = printed(example_path, "list", "--kind", "question", "--json", "--limit", "1")[0]["id"]
    thread = [*entry_keys, "body", "answers", "links_to", "linked_from", "projects"]
    assert list(printed(example_path, "show", question, "--json")) == thread


@pytest.mark.parametrize(
    ("row", "args"),
    [
        ("search", ["search", "fixtures", "--json", "--limit", "1"]),
        ("tags", ["tags", "--json"]),
        ("verifiers", ["verifiers", "3m3b", "--json"]),
        ("review", ["review", "--json", "--limit", "1"]),
        ("template show", ["template", "show", "lesson", "--json"]),
        ("config get", ["config", "get", "colour", "--json"]),
        ("watch", ["watch", "--status", "--json"]),
        ("doctor", ["doctor", "--json"]),
    ],
)
def test_the_documented_keys_are_the_keys_printed(example_path: Path, row: str, args: list[str]) -> None:
    if row == "doctor":  # a problem to report, so that there is an object to compare
        (example_path / "entries" / "python-guild" / "zz9broke-broken.md").write_text("---\nkind: [\n---\n")
    data = printed(example_path, *args)
    first = data[0] if isinstance(data, list) else data
    assert list(first) == documented_keys(shapes_table()[row])


def test_import_prints_the_documented_keys(example_path: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.json"
    bundle.write_text(CliRunner().invoke(app, ["--repo", str(example_path), "export"]).stdout)
    data = printed(example_path, "import", str(bundle), "--dry-run", "--json")
    assert list(data) == documented_keys(shapes_table()["import"])
