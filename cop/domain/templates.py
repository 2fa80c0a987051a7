"""Entry templates: the body a new entry starts from, per kind (docs/format.md, "templates/").

`DEFAULT_BODIES` is the one definition of cop's built-in bodies: `cop init` writes the ones in
`WRITTEN_KINDS` as `templates/<kind>.md`, and they are the fallback for a kind whose file is absent
(an older repo, or one that deleted a template), so the two can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from cop.domain.models import ENTRY_KINDS

DEFAULT_BODIES: dict[str, str] = {
    "best-practice": "## Context\n\n## The practice\n\n## Why it works\n\n## Evidence\n",
    "how-to": "## Goal\n\n## Steps\n\n1. \n\n## How to check it worked\n",
    "lesson": "## What happened\n\n## What we learned\n\n## What we would do differently\n",
    "resource": "What it is and why it is worth your time.\n",
    "question": "## What I tried\n\n## What happened\n\n## What I expected\n",
    "answer": "",
    "idea": "## The idea\n\n## Who it helps\n\n## First step\n",
    "discussion": "## The topic\n\n## Questions to discuss\n",
    "announcement": "",
}
#: The kinds `cop init` writes a template file for (the others keep their built-in body).
WRITTEN_KINDS = ("best-practice", "how-to", "lesson", "question")
#: The kinds a template may be given for: every entry kind but `answer` (an answer's form is its question's).
TEMPLATE_KINDS = tuple(kind for kind in ENTRY_KINDS if kind != "answer")
#: The largest template file read (a template is a page of headings, not a document).
MAX_TEMPLATE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Template:
    """The body a new entry of `kind` starts from, and where it came from.

    `source` is `community` (templates/<community>/<kind>.md), `repo` (templates/<kind>.md) or `built-in`;
    `path` is the file's repo-relative path ("" for built-in)."""

    kind: str
    body: str
    source: str = "built-in"
    path: str = ""
    community: str = ""


def built_in(kind: str) -> Template:
    return Template(kind, DEFAULT_BODIES.get(kind, ""))


def template_text(data: bytes, where: str) -> str:
    """A template file's bytes as its body text (UTF-8, a BOM dropped, CRLF as LF, one final newline);
    a ValueError names `where` when it is not text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{where} is not UTF-8 text") from None
    if "\x00" in text:
        raise ValueError(f"{where} is not text (it holds NUL bytes)")
    text = text.replace("\r\n", "\n").strip("\n")
    return text.rstrip() + "\n" if text.strip() else ""


def kinds_comment(kinds: tuple[str, ...] = TEMPLATE_KINDS) -> str:
    """The YAML comment line the `$EDITOR` text starts with: which kinds there are."""
    return f"# kind: one of {', '.join(kinds)}\n"
