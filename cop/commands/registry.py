# ruff: noqa: E501  (the command table: one row a command, its help on the row)
"""The command table and the lazily built root group: only the invoked command's module is imported.

`COMMANDS` names every command below `cop` with the module that defines it, its one-line help and its
help panel, so `cop --help` and `cop` alone list everything without importing a single command module,
and `cop list` imports `cop.commands.entries` and builds the `list` command alone (not its siblings,
whose parameters would each cost Typer an adapter). A new command is one row here plus its function;
`tests/cli/test_lazy.py` fails when a module defines a command the table lacks, a row does not import
or build, or a row's help is not how its command's docstring starts.

Every command built here is also tidied for its help (`tidy`): its parameters are labelled by the one
convention of `cop.commands.help_labels` (flags show no type, values `TEXT`/`DATE`/`ID`…, arguments
their name), and the global options `--as` and `-R/--repo` are accepted after the
command too (`cop add … --as ada`, as gh's `-R`); `--json` given before the command sets the command's
own `--json`.
"""

from __future__ import annotations

import copy
import importlib
from dataclasses import dataclass
from typing import Any

from cop.commands import help_labels
from cop.commands.context import CopGroup

READ, WRITE, QUESTIONS, PEOPLE, SHARING, REPO = "Read", "Write", "Questions", "People", "Sharing", "Repo"


@dataclass(frozen=True)
class Row:
    """One command below `cop`: where it lives and how the root help lists it."""

    name: str
    module: str  # below cop.commands
    help: str
    panel: str
    attr: str = "app"  # the Typer in the module holding it
    group: bool = False  # the whole Typer is the command (a group such as `cop member`)
    hidden: bool = False


COMMANDS: tuple[Row, ...] = (
    Row("list", "entries", "List entries, newest first; the filters combine (several --tag: entries with all of them).", READ),
    Row("show", "entries", "Show an entry with its body rendered; a question shows its answers, the accepted one first.", READ),
    Row("search", "entries", "Full-text search, best match first, with a snippet around the words found.", READ),
    Row("tags", "entries", "Tags in use with the number of entries carrying each, most used first.", READ),
    Row("tui", "tui", "Open the full-screen app on the repo (browse, read, search, write; ? shows the keys).", READ),
    Row("demo", "tui", "Try cop on a temporary copy of the bundled example repo, acting as one of its coordinators.", READ),
    Row("add", "entries", "Add an entry: a best practice, how-to, lesson, resource, question, idea, discussion or announcement.", WRITE),
    Row("edit", "entries", "Change an entry with options, or with none open the whole entry in $VISUAL/$EDITOR.", WRITE),
    Row("template", "template", "Templates new entries start from (templates/ in the repo): list, show.", WRITE, group=True),
    Row("rm", "remove", "Delete an entry's file (asks first; --yes skips the question).", WRITE),
    Row("endorse", "review", "Vouch for an entry as the acting member (--undo takes it back); an author cannot endorse their own.", WRITE),
    Row("verify", "review", "Record that you checked an entry today and set its next review date (a verifier or coordinator may).", WRITE),
    Row("verifiers", "review", "Show who may verify an entry, or name its verifiers (by default its author and the coordinators).", WRITE),
    Row("obsolete", "review", "Mark an entry obsolete, optionally superseded by a newer one (--by); lists leave it out.", WRITE),
    Row("review", "review", "The review queue: entries due for review or never verified, most urgent first, with why.", READ),
    Row("digest", "digest", "What is new for you since you last looked: answers, questions you could answer, reviews, sessions.", READ),
    Row("insights", "insights", "Is a community alive: activity per month, questions answered, trust, tags, silos, mentoring.", READ),
    Row("experts", "experts", "Who knows a topic: members ranked by their evidence (expertise, entries, answers, endorsements, verifications, mentorships), recent work counting more.", READ),
    Row("risk", "risk", "Topics whose knowledge rests on one or two people, riskiest first, with why and a remedy.", READ),
    Row("ask", "questions", "Ask a question in a community (details in the body: what you tried, what happened).", QUESTIONS),
    Row("answer", "questions", "Answer a question (with no body on a terminal, or with --edit, your editor opens).", QUESTIONS),
    Row("accept", "questions", "Mark an answer as the accepted one on its question (the asker or a coordinator may).", QUESTIONS),
    Row("whoami", "repo", "Show the acting member and where it came from: --as, COP_USER, the config, git user.email.", PEOPLE),
    Row("join", "member", "Join a community (or change your role in it); --member adds someone else.", PEOPLE, attr="top"),
    Row("leave", "member", "Leave a community (a coordinator stops coordinating it too); --member removes someone else.", PEOPLE, attr="top"),
    Row("community", "community", "Communities: add, list, show, edit, archive.", PEOPLE, group=True),
    Row("member", "member", "Members: add, list, show, edit.", PEOPLE, group=True),
    Row("mentor", "mentor", "Mentorships: pair people, match mentors by their evidence, set goals, log sessions.", PEOPLE, group=True),
    Row("event", "event", "Events: schedule meetups and workshops, attend, take notes, export to calendars.", PEOPLE, group=True),
    Row("project", "project", "Projects: start one (or promote an idea), join, log updates, set status.", PEOPLE, group=True),
    Row("path", "path", "Onboarding paths: steps to read and do, follow one, mark steps done, see who is stuck.", PEOPLE, group=True),
    Row("clone", "sync", "Clone a shared knowledge repo and set up cop's merge driver in it.", SHARING),
    Row("sync", "sync", "Share your work: commit, merge the remote's changes, push, refresh the index.", SHARING),
    Row("status", "sync", "What is not shared yet: local changes, commits ahead/behind, unresolved conflicts.", SHARING),
    Row("log", "sync", "The history of the repo, or of one record, from git: who, when, what changed.", SHARING),
    Row("export", "transfer", "Export the repo as one self-describing bundle (stdout by default), or as a static HTML site.", SHARING),
    Row("import", "transfer", "Merge a bundle into the repo by id, or bring in a folder of Markdown notes or a Stack Exchange dump as entries.", SHARING),
    Row("merge-driver", "sync", "git's merge driver for record files (configured by cop; see docs/sync.md).", SHARING, hidden=True),
    Row("init", "repo", "Create a knowledge repo: cop.yaml, the record folders, a .gitignore for the cache, templates and git.", REPO),
    Row("doctor", "repo", "Check the whole repo for problems; exits 1 when there are any.", REPO),
    Row("reindex", "repo", "Rebuild the index and the search database from the files (safe at any time).", REPO),
    Row("watch", "watch", "Watch the repo's record files (Linux inotify) so commands need not sweep them; ctrl-c stops.", REPO),
    Row("config", "config", "Get and set cop's settings (user and per-clone), like git config.", REPO, group=True),
)  # fmt: skip
PANELS = (READ, WRITE, QUESTIONS, PEOPLE, SHARING, REPO)
BY_NAME = {row.name: row for row in COMMANDS}

#: built-in aliases, hidden from the main help (docs/cli.md lists them)
ALIASES = {"ls": "list", "new": "add", "find": "search"}


def _help_without_type(command: Any) -> None:
    original = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = get_help_option


def tidy(command: Any, globals_: list[Any]) -> Any:
    """Help labels for every parameter of `command` (and its sub-commands), and the global options."""
    _help_without_type(command)
    for param in command.params:
        help_labels.label(param)
        if getattr(param, "name", "") == "as_json":
            param.default = _root_json
            param.show_default = False
    subs = getattr(command, "commands", None)
    if subs:
        for sub in subs.values():
            tidy(sub, globals_)
    else:
        taken = {opt for param in command.params for opt in param.opts}
        command.params.extend(g for g in globals_ if not taken & set(g.opts))
    return command


def _root_json() -> bool:
    """A command's --json default: whether `--json` came before the command (`cop --json list`)."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    return bool(root is not None and getattr(root.obj, "json", False))


def late_key(attr: str) -> str:
    """Where a global option given after the command (`cop add -R DIR`) is kept in the context's `meta`
    (shared by the whole context chain), for shell completion, which runs before any command does."""
    return f"cop.late.{attr}"


def _late_global(option: Any, attr: str) -> Any:
    """A copy of the root's `option` that a command accepts after its name: it sets the root's value."""
    late = copy.copy(option)
    late.name = f"late_{attr}"
    late.envvar = None
    late.hidden = True
    late.expose_value = False
    late.default = None
    late.is_eager = False

    def store(ctx: Any, param: Any, value: Any) -> Any:
        if value is not None:
            ctx.meta[late_key(attr)] = value  # completion runs no root callback: it reads this
            state = ctx.find_root().obj
            if state is not None:
                setattr(state, attr, value)
                if attr == "acting":  # given after the command, it wins over COP_USER: say so
                    state.acting_from = "--as"
        return value

    late.callback = store
    return late


def build(row: Row, globals_: list[Any]) -> Any:
    """The Click command for `row`, importing its module and building it alone."""
    from typer import main as typer_main

    module = importlib.import_module(f"cop.commands.{row.module}")
    typer_app = getattr(module, row.attr)
    command: Any
    if row.group:
        command = typer_main.get_group(typer_app)
        command.name = row.name
        command.help = command.help or row.help
    else:
        info = next(
            (
                c
                for c in typer_app.registered_commands
                if (c.name or c.callback.__name__.replace("_", "-")) == row.name
            ),
            None,
        )
        if info is None:
            raise LookupError(f"cop.commands.{row.module}.{row.attr} has no command '{row.name}'")
        command = typer_main.get_command_from_info(
            info, pretty_exceptions_short=True, rich_markup_mode=typer_app.rich_markup_mode
        )
    command.rich_help_panel = row.panel
    command.hidden = command.hidden or row.hidden
    return tidy(command, globals_)


class LazyGroup(CopGroup):
    """The root `cop` group: lists `COMMANDS` without importing them, builds one when invoked."""

    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [row.name for row in COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        row = BY_NAME.get(cmd_name)
        if row is None:
            return None
        if self._listing:  # the root help: a stand-in with the table's help, no import
            from typer.core import TyperCommand

            return TyperCommand(name=row.name, help=row.help, hidden=row.hidden, rich_help_panel=row.panel)
        built = self.commands.get(cmd_name)
        if built is None:
            built = self.commands[cmd_name] = build(row, self._late_globals())
        return built

    def _late_globals(self) -> list[Any]:
        by_name = {param.name: param for param in self.params}
        return [_late_global(by_name["repo_path"], "repo"), _late_global(by_name["acting"], "acting")]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.get_params(ctx):  # Typer's completion options are added after __init__
            help_labels.label(param)
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option
