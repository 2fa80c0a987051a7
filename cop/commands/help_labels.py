"""What help says a parameter takes, in one convention for every command (as Click, gh and git do).

Flags show no type. An option's value is a word: `TEXT`, `INTEGER`, `NUMBER`, `PATH`, or, by the
parameter's name, what it means to cop: `DATE`, `ID`, `HANDLE`, `SLUG`, `TAG`, `URL`, `N` (a count,
as the docs write `--limit N`; a number cop counts from 1 declares `metavar="N"`). A positional
argument is shown by its name (`ENTRY_ID`, `HANDLE`, `PATH`: the metavar it declares, else its name in
capitals) and, in the Arguments panel, that word beside it unless the two say the same (`ID  ID`);
an argument with fixed values declares them as its metavar, as an option does (`choices(...)`), and
shows its name with the choice list beside it (`STATE  [active|paused|…]`).
The usage line writes a required argument bare and an optional one in brackets (`cop show ID`,
`cop insights [COMMUNITY]`), never Typer's `{ID}`. An explicit metavar always wins.

Pure Python over Click's parameter objects: nothing here is imported before a command is built.
"""

from __future__ import annotations

from types import MethodType
from typing import Any

#: Typer's type labels and the words help shows instead
TYPE_WORDS = {"<str>": "TEXT", "<int>": "INTEGER", "<int range>": "INTEGER", "<float>": "NUMBER"}
TYPE_WORDS |= {"<float range>": "NUMBER", "<bool>": "BOOLEAN", "<path>": "PATH", "<file>": "PATH"}
TYPE_WORDS |= {"<directory>": "PATH", "<list[str]>": "TEXT", "<list[int]>": "INTEGER"}

#: parameter names whose value means something to cop, whatever its Python type
NAMED: dict[str, str] = {}
for _word, _names in {
    "DATE": "since until date due on before after started ended joined ends",
    "ID": "id entry_id question answer entry mentorship parent links_to by from_idea outcome remove_outcome",
    "HANDLE": "handle handles author member mentor mentee host add_host remove_host coordinator "
    "add_coordinator remove_coordinator",
    "SLUG": "community slug",
    "TAG": "tag add_tag remove_tag",
    "URL": "url remote",
    "N": "limit",
}.items():
    NAMED |= dict.fromkeys(_names.split(), _word)


def word(param: Any) -> str | None:
    """The word for what `param` takes: "" for a flag, None where Typer's own display should stay
    (a choice list, or a type it cannot describe without a context)."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    name = (param.name or "").lower()
    if name in NAMED:
        return NAMED[name]
    if name.endswith("_id"):
        return "ID"
    try:
        shown = param.display_type(None)
    except Exception:  # a type Typer cannot describe without a context: leave it as Typer shows it
        return None
    return TYPE_WORDS.get(shown)


def label_option(param: Any) -> None:
    """Give an option without a metavar the word for its value (or none, for a flag)."""
    if param.metavar is None:
        shown = word(param)
        if shown is not None:
            param.metavar = shown


def _bare(metavar: str) -> str:
    """`[HANDLE]...` or `[COMMUNITY]` as written in some commands: the name the usage line decorates."""
    return metavar.removesuffix("...").strip("[]")


def label_argument(param: Any) -> None:
    """Name a positional argument (`ENTRY_ID`, never a type word), with its value's word beside it."""
    shown = word(param) or "TEXT"
    given = _bare(param.metavar) if param.metavar else ""
    if "|" in given:  # a choice list: the values are what it takes, its name is its own
        shown, given = param.metavar, ""
    if not given or given in TYPE_WORDS.values():  # `TEXT` as an argument's name says nothing
        given = (param.name or "value").upper()
    param.metavar = given
    type_word = None if shown == given else shown
    param.display_type_rich = MethodType(lambda self, ctx: type_word, param)

    def usage(self: Any, ctx: Any) -> list[str]:
        piece = given if self.required else f"[{given}]"
        return [piece + ("..." if self.nargs != 1 else "")]

    param.get_usage_pieces = MethodType(usage, param)


def label(param: Any) -> None:
    """Apply the convention to one parameter of a command being built."""
    kind = getattr(param, "param_type_name", "")
    if kind == "option":
        label_option(param)
    elif kind == "argument":
        label_argument(param)
