"""The lazy root's static command table (cop/commands/registry.py) against what the modules really define:
every command a module registers has its row (same module, same Typer, a help that is the docstring's
opening words), every row imports and builds, so a new command cannot be left out of `cop --help`."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import cop.commands
from cop.cli import app
from cop.commands.registry import BY_NAME, COMMANDS, PANELS, Row, build


def _typers() -> list[tuple[str, str, typer.Typer]]:
    """(module below cop.commands, attribute, Typer) for every Typer any command module defines."""
    found = []
    for info in pkgutil.iter_modules(cop.commands.__path__):
        module = importlib.import_module(f"cop.commands.{info.name}")
        for attr, value in vars(module).items():
            if isinstance(value, typer.Typer):
                found.append((info.name, attr, value))
    return found


def _name(command: Any) -> str:
    return command.name or command.callback.__name__.replace("_", "-")


def _opening(callback: Any) -> str:
    """The first paragraph of a command's docstring, on one line (what `cop CMD --help` starts with)."""
    return " ".join(inspect.cleandoc(callback.__doc__ or "").split("\n\n")[0].split())


GROUPS = {(row.module, row.attr) for row in COMMANDS if row.group}
#: Typers a group's Typer merges without a name (`cop mentor` holds cop.commands.matching's `match`):
#: their commands are the group's sub-commands, not rows of their own
MERGED = {
    id(group.typer_instance)
    for row in COMMANDS
    if row.group
    for group in getattr(importlib.import_module(f"cop.commands.{row.module}"), row.attr).registered_groups
    if not isinstance(group.name, str)
}


@pytest.mark.parametrize(("module", "attr", "typer_app"), _typers(), ids=lambda x: str(x)[:30])
def test_every_command_a_module_defines_is_in_the_table(
    module: str, attr: str, typer_app: typer.Typer
) -> None:
    if (module, attr) in GROUPS:  # the Typer itself is a command (`cop member`): its sub-commands are its own
        return
    if id(typer_app) in MERGED:  # part of a group (`cop mentor match`): checked as the group's
        return
    for command in typer_app.registered_commands:
        name = _name(command)
        row = BY_NAME.get(name)
        assert row is not None, f"cop.commands.{module}.{attr} defines '{name}': add a Row to COMMANDS"
        assert (row.module, row.attr) == (module, attr), (
            f"'{name}' is defined in {module}.{attr}, the row says {row.module}.{row.attr}"
        )
        assert row.hidden == bool(command.hidden), f"'{name}': hidden in one place only"
        if isinstance(command.rich_help_panel, str):  # a panel set on the command must be the table's
            assert command.rich_help_panel == row.panel, (
                f"'{name}': panel {command.rich_help_panel} vs {row.panel}"
            )
        opening = _opening(command.callback)
        assert opening.startswith(row.help), f"'{name}': row help is not its docstring's start: {opening}"
    for group in typer_app.registered_groups:  # a named Typer added inside a module must be a row too
        if not isinstance(group.name, str):  # merged without a name: its commands are checked where defined
            continue
        assert group.name in BY_NAME, (
            f"cop.commands.{module}.{attr} adds group '{group.name}' the table lacks"
        )


@pytest.mark.parametrize("row", COMMANDS, ids=lambda row: row.name)
def test_every_row_imports_and_builds(row: Row) -> None:
    assert row.panel in PANELS
    command = build(row, [])
    assert command.name == row.name and command.rich_help_panel == row.panel
    if row.group:
        assert command.commands, f"group '{row.name}' has no sub-commands"


def test_the_root_help_lists_every_visible_row_by_its_table_help() -> None:
    text = " ".join(CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"}).stdout.split())
    for row in COMMANDS:
        if not row.hidden:
            assert f"{row.name} {row.help[:40]}" in text, row.name
    assert len(BY_NAME) == len(COMMANDS), "two rows share a name"


def test_a_commands_help_loads_neither_the_core_nor_the_store() -> None:
    """`cop list --help` builds the entry commands only: importing a light part of the core (the editor
    lookup, the settings) must not run every operation, YAML, SQLite and the index (docs/performance.md)."""
    import subprocess
    import sys

    heavy = "{'cop.core.api', 'cop.store.repo', 'cop.store.index.index', 'yaml', 'sqlite3', 'textual'}"
    code = (
        "import sys\nfrom cop.cli import main\nsys.argv = ['cop', 'list', '--help']\n"
        f"try:\n    main()\nexcept SystemExit:\n    pass\nprint(sorted({heavy} & set(sys.modules)))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip().splitlines()[-1] == "[]"


#: the operations `cop show`, `cop list` and `cop search` have no use for (cop.core.operations)
UNRELATED_OPERATIONS = {
    "cop.core.digest",
    "cop.core.events",
    "cop.core.experts",
    "cop.core.health",
    "cop.core.insights",
    "cop.core.matching",
    "cop.core.mentorships",
    "cop.core.paths",
    "cop.core.risk",
    "cop.core.sharing.sync",
    "cop.core.transfer.bundles",
}


@pytest.mark.parametrize("watch", ["off", "auto"])
@pytest.mark.parametrize("argv", [["show", "ID"], ["list", "--tag", "python"], ["search", "lock"]])
def test_a_read_command_imports_only_the_operations_it_calls(cop: Any, argv: list[str], watch: str) -> None:
    """The core takes on each operations class when one of its names is first used: a read command
    must not import the whole core (a fifth of the floor; docs/performance.md). With `watch = auto`
    it asks the health operations whether a watcher runs, and those import no other area."""
    import os
    import subprocess
    import sys

    entry = cop.add_entry("how-to", "Pin your deps", "py", body="Use a lock file.\n", tags=["python"])
    argv = [entry.id if a == "ID" else a for a in argv]
    code = (
        f"import sys\nfrom cop.cli import main\nsys.argv = ['cop', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted({UNRELATED_OPERATIONS!r} & set(sys.modules)))"
    )
    env = {**os.environ, "COP_REPO": str(cop.root), "COP_USER": "ada", "COP_WATCH": watch}
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert "Pin your deps" in found.stdout
    expected = ["cop.core.health"] if watch == "auto" else []
    assert found.stdout.strip().splitlines()[-1] == str(expected)


def test_a_write_command_piped_says_what_it_wrote_without_rich(cop: Any) -> None:
    """`cop add` in a script: its one stderr line is written as it is, without importing Rich (which
    cost it about a sixth of the floor); the line is what Rich would have printed."""
    import os
    import subprocess
    import sys

    argv = ["add", "--kind", "how-to", "--community", "py", "--title", "Pin [deps] \\ x", "--body", "Lock.\n"]
    code = (
        f"import sys\nfrom cop.cli import main\nsys.argv = ['cop', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')))"
    )
    env = {**os.environ, "COP_REPO": str(cop.root), "COP_USER": "ada", "COP_WATCH": "off"}
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert found.stdout.strip().splitlines()[-1] == "[]"
    (entry,) = cop.entries()
    assert found.stderr == f'added how-to {entry.id} "Pin [deps] \\ x": {entry.path}\n'


#: what a read command on a fresh index has no use for: the index's file reading and parsing (a
#: refresh that finds nothing to read), and PyYAML unless the command reads a record file itself
#: (`cop show` parses the entry's file; `--community` finds the community in the index)
READ_WITHOUT = [
    (["show", "ID"], {"cop.store.index.parsing"}),
    (["list", "--community", "py", "--kind", "how-to"], {"cop.store.index.parsing", "yaml"}),
    (["list", "--tag", "python"], {"cop.store.index.parsing", "yaml"}),
    (["search", "lock"], {"cop.store.index.parsing", "yaml"}),
]


@pytest.mark.parametrize(
    ("argv", "unused"), READ_WITHOUT, ids=lambda x: " ".join(x) if isinstance(x, list) else ""
)
def test_a_read_command_on_a_fresh_index_imports_no_parsing(
    cop: Any, argv: list[str], unused: set[str]
) -> None:
    """Opening the repo reads `cop.yaml` through its copy in `.cop/config.json`, and the index imports
    its parsing module only when a file is to be read, so a read command whose index is fresh starts
    without PyYAML and without the parser (a tenth of the floor; docs/performance.md)."""
    import os
    import subprocess
    import sys
    import time

    entry = cop.add_entry("how-to", "Pin your deps", "py", body="Use a lock file.\n", tags=["python"])
    past = time.time() - 60  # out of the racy window, so the second command finds nothing to re-read
    for path in [cop.root / "cop.yaml", *cop.root.glob("*/*.yaml"), *cop.root.glob("entries/*/*.md")]:
        os.utime(path, (past, past))
    argv = [entry.id if a == "ID" else a for a in argv]
    code = (
        f"import sys\nfrom cop.cli import main\nsys.argv = ['cop', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(set({sorted(unused)!r}) & set(sys.modules)))"
    )
    env = {**os.environ, "COP_REPO": str(cop.root), "COP_USER": "ada", "COP_WATCH": "off"}
    run = [sys.executable, "-c", code]
    subprocess.run(run, capture_output=True, text=True, check=True, env=env)  # indexes the new files
    found = subprocess.run(run, capture_output=True, text=True, check=True, env=env)
    assert "Pin your deps" in found.stdout
    assert found.stdout.strip().splitlines()[-1] == "[]"


def test_list_by_a_community_whose_file_is_broken_still_names_the_file(cop: Any) -> None:
    """`cop list --community` finds the community in the index; a file the index could not take (a
    broken edit since) is read for its error, as before."""
    cop.add_entry("how-to", "Pin your deps", "py", body="Use a lock file.\n")
    runner = CliRunner()
    env = {"COP_REPO": str(cop.root), "COP_USER": "ada", "COP_WATCH": "off"}
    assert "Pin your deps" in runner.invoke(app, ["list", "--community", "py"], env=env).stdout
    (cop.root / "communities" / "py.yaml").write_text("slug: py\nname: [Python\n")
    result = runner.invoke(app, ["list", "--community", "py"], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("error: communities/py.yaml"), result.stderr
