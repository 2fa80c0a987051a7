"""Record labels for commit messages, sync summaries and cop log: titles read from one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cop.store.git.titles import entry_title

PATH = "entries/py/7k2m9qxa-x.md"
FRONT = "---\nid: 7k2m9qxa\nkind: how-to\ncommunity: py\n"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (FRONT + "title: Pin deps\n---\nbody\n", "Pin deps"),
        (FRONT + "title: 'yes'\n---\n", "yes"),  # quoted: YAML reads it, not a bool
        (FRONT + 'title: "a: b"\n---\n', "a: b"),
        (FRONT + "title: A long\n  continued\n---\n", "A long continued"),  # folded by hand: whole parse
        (FRONT + "---\ntitle: in the body\n", ""),  # not front matter
        (FRONT + "title: " + "w" * 80 + "\n---\n", "w" * 57 + "..."),
    ],
)
def test_titles_for_labels(repo_path: Path, text: str, title: str) -> None:
    assert entry_title(repo_path, PATH, text) == title
