"""Help that reads well (issue 18 item 1): choices show as choice lists, values and arguments as words
(`TEXT`, `ID`, `ENTRY_ID`), never a Python type, a wrong value is one clear line, and the commands people
use most end their help with an Examples block printed as lines."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from cop.cli import app
from cop.commands.help_labels import TYPE_WORDS
from cop.domain.events import EVENT_KINDS, PROJECT_STATUSES
from cop.domain.filters import ENTRY_SORTS
from cop.domain.models import COMMUNITY_KINDS, ENTRY_KINDS, ENTRY_STATUSES, MENTORSHIP_STATUSES, ROLES
from tests.cli.test_help import COMMANDS, ROOT

#: how Typer labels a parameter by its Python type: `<str>`, `<list[str]>`, `<int range>`, `<path>`…
PYTHON_TYPE = re.compile(
    r"<(?:str|int|float|bool|path|file|directory|datetime|uuid|list\[[^\]]*\]|\w+ range)>"
)


def help_of(*command: str, columns: int = 80) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def choice_list(text: str, option: str) -> list[str]:
    """The `[a|b|...]` shown after `option` in help (over several lines), as its values."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.search(rf"│\s+(\*\s+)?{option}\b", line))
    found = ""
    for line in lines[start:]:
        cell = line[line.index("[") :] if not found else line.strip("│ ").split("  ")[0]
        found += cell.split("  ")[0].strip()
        if "]" in found:
            break
    return found.strip("[]").split("|")


@pytest.mark.parametrize(
    ("command", "option", "values"),
    [
        (["list"], "--kind", ENTRY_KINDS),
        (["list"], "--status", (*ENTRY_STATUSES, "all")),
        (["list"], "--sort", ENTRY_SORTS),
        (["add"], "--kind", ENTRY_KINDS),
        (["add"], "--status", ("published", "draft")),
        (["search"], "--kind", ENTRY_KINDS),
        (["export"], "--format", ("json", "yaml", "html")),
        (["community", "add"], "--kind", COMMUNITY_KINDS),
        (["join"], "--role", ROLES),
        (["mentor", "list"], "--status", MENTORSHIP_STATUSES),
        (["event", "add"], "--kind", EVENT_KINDS),
        (["event", "edit"], "--kind", EVENT_KINDS),
        (["project", "list"], "--status", PROJECT_STATUSES),
        (["mentor", "status"], "STATE", MENTORSHIP_STATUSES),
        (["project", "status"], "STATE", PROJECT_STATUSES),
    ],
)
def test_choices_show_as_a_choice_list(command: list[str], option: str, values: tuple[str, ...]) -> None:
    text = help_of(*command)
    assert choice_list(text, option) == list(values)
    assert "<str>" not in text.split(option, 1)[1].splitlines()[0]


def test_a_long_choice_list_breaks_between_values_never_inside_one() -> None:
    text = help_of("list")
    for value in ENTRY_KINDS:
        assert value in text  # whole, on one line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--kind", "bogus"], "error: kind: 'bogus' is not one of: best-practice, how-to,"),
        (
            ["list", "--sort", "bogus"],
            "error: sort: 'bogus' is not one of: updated, created, title, kind, author, endorsements",
        ),
    ],
)
def test_a_wrong_choice_is_one_line(repo_path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["--repo", str(repo_path), *args])
    assert result.exit_code != 0
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["add"], ["list"], ["show"], ["search"], ["ask"], ["sync"]])
def test_the_most_used_commands_end_with_examples_as_lines(command: list[str]) -> None:
    text = help_of(*command)
    assert "Examples:" in text
    after = text.split("Examples:", 1)[1]
    shown = [line.strip() for line in after.splitlines() if line.strip().startswith("cop ")]
    assert len(shown) >= 2  # one command a line, not one paragraph
    assert all(line.startswith(f"cop {command[0]}") or line.startswith("cop status") for line in shown)


@pytest.mark.parametrize("name", ["cop", *(n for n, _ in COMMANDS)])
def test_no_help_shows_a_python_type(name: str) -> None:
    text = help_of(*name.split()[1:], columns=200)  # wide: a label is never split over two lines
    assert not PYTHON_TYPE.search(text), PYTHON_TYPE.findall(text)
    usage = text.split("Usage:", 1)[1].splitlines()[0]
    assert "{" not in usage, usage  # a required argument is written bare, as Click and git write it


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_fixed_values_are_a_choice_list_not_a_sentence(name: str, command: object) -> None:
    """An option's or an argument's values show as `[a|b|c]`, never listed in its help sentence."""
    for param in getattr(command, "params", []):
        said = getattr(param, "help", "") or ""
        assert "one of" not in said.lower(), f"{name} {param.name}: {said}"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_a_value_help_calls_n_is_labelled_n(name: str, command: object) -> None:
    """`--done N  Mark goal N done.`, not `--done INTEGER  Mark goal N done.`: the label is the word the
    sentence (and the docs: `--limit N`) uses."""
    for param in getattr(command, "params", []):
        if param.param_type_name == "option" and re.search(r"\bN\b", getattr(param, "help", "") or ""):
            assert (param.metavar or "").split()[0] == "N", f"{name} {param.opts[0]} shows {param.metavar}"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_an_argument_is_named_for_what_it_is(name: str, command: object) -> None:
    for param in getattr(command, "params", []):
        if param.param_type_name == "argument":
            assert param.metavar and param.metavar == param.metavar.upper(), f"{name} {param.name}"
            named_for_its_type = param.metavar in TYPE_WORDS.values() and param.metavar != param.name.upper()
            assert not named_for_its_type, f"{name} {param.name} is called {param.metavar}"


def test_arguments_and_ids_read_as_gh_and_git_write_them() -> None:
    show = help_of("show", columns=120)
    assert "Usage: cop show [OPTIONS] ID " in show
    assert re.search(r"\*\s+ID\s+Entry id", show)  # the name once, not `ID  ID` nor `ID  <str>`
    answer = help_of("answer", columns=120)
    assert re.search(r"QUESTION_ID\s+ID\s+The question", answer)
    clone = help_of("clone", columns=120)
    assert "cop clone [OPTIONS] URL [DIRECTORY]" in clone and re.search(r"DIRECTORY\s+PATH", clone)
    assert "cop verifiers [OPTIONS] ID [HANDLE]..." in help_of("verifiers", columns=120)
    listing = help_of("list", columns=120)
    for option, word in (("--links-to", "ID"), ("--author", "HANDLE"), ("--community", "SLUG")):
        assert re.search(rf"{option}\s+(-\w\s+)?{word}\s", listing), option
    assert "--install-completion  " in help_of(columns=120).replace("<bool>", "")  # and no <bool> after it


#: commands whose headings name an argument by the form documented (`cop import BUNDLE`, `cop import
#: --markdown DIR`) where help names it once for every form (`SOURCE`)
NAMED_BY_FORM = {"cop import"}


def documented_usages() -> list[tuple[str, str, str]]:
    """(file, command line, command name) for every command written in a heading (`### `cop …``) or in
    the first cell of a table row in the README and docs/, leaving out performance.md, whose headings
    name benchmark rows (`cop search WORD`)."""
    names = sorted((n for n, _ in COMMANDS), key=len, reverse=True)
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = []
    for file in files:
        if file.name == "performance.md":
            continue
        for row in file.read_text(encoding="utf-8").splitlines():
            written = re.findall(r"`(cop [^`]*)`", row)
            if row.startswith("| `cop"):
                written = written[:1]
            elif not row.startswith("#"):
                continue
            for line in written:
                line = line.replace("\\|", "|")
                name = next((n for n in names if line == n or line.startswith(n + " ")), None)
                if name is not None and name not in NAMED_BY_FORM:
                    found.append((file.name, line, name))
    return found


def bare(word: str) -> str:
    return word.removesuffix("...").strip("[]")


USAGES = documented_usages()


@pytest.mark.parametrize(("file", "line", "name"), USAGES, ids=[f"{f}:{n}" for f, _, n in USAGES])
def test_the_docs_name_arguments_as_help_does(file: str, line: str, name: str) -> None:
    """`cop path show SLUG` in the docs and `Usage: cop path show [OPTIONS] SLUG` in help: one word for
    one argument, so what a reader of the docs types is what help asks for."""
    written = []
    for word in line[len(name) :].split():
        if not re.fullmatch(r"\[?[A-Z][A-Z_]*\]?(\.\.\.)?", word):
            break
        written.append(bare(word))
    command = dict(COMMANDS)[name]
    arguments = [bare(p.metavar) for p in command.params if p.param_type_name == "argument"]
    assert written == arguments[: len(written)], f"{file}: `{line}`, help says {arguments}"
