"""Narrow terminals (issue 18 item 7): below a width, columns drop by the documented priority and say so
on stderr, titles keep at least 20 characters, `cop show` never cuts the path; at 60, 80 and 120 columns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cop.cli import app
from cop.commands import output
from cop.core import Cop

TITLE = "Pin your deps with a lock file in every repository you ship"


def run(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), "--as", "ada", *args])


@pytest.fixture
def width(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A terminal `request.param` columns wide (Rich reads COLUMNS), with fresh consoles."""
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(request.param))
    monkeypatch.setenv("NO_COLOR", "1")
    output.console.cache_clear()
    output.err_console.cache_clear()
    yield int(request.param)
    output.console.cache_clear()
    output.err_console.cache_clear()


@pytest.fixture
def entries(cop: Cop, monkeypatch: pytest.MonkeyPatch) -> Cop:
    monkeypatch.setenv("COP_USER", "ada")
    cop.add_entry("best-practice", TITLE, "py", tags=["packaging", "reproducible-builds", "supply-chain"])
    cop.add_entry("how-to", "Use the src layout", "py", tags=["layout"])
    return cop


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def widest_line(text: str) -> int:
    return max(len(line) for line in plain(text).splitlines())


@pytest.mark.parametrize("width", [60, 80, 120], indirect=True)
def test_list_fits_and_titles_keep_twenty_characters(entries: Cop, width: int) -> None:
    result = run(entries.repo.root, "list")
    assert result.exit_code == 0, result.output
    assert widest_line(result.stdout) <= width
    # the title's first 20 characters stay on one line: never a word per line
    assert "Pin your deps with a" in plain(result.stdout)
    hidden = re.search(r"(\d+) columns: (.*) hidden", result.stderr)
    if width >= 120:
        assert hidden is None and "supply-chain" in plain(result.stdout)
    if width == 60:
        assert hidden is not None and hidden.group(2).startswith("tags")  # the documented order
        assert "best-practice" in plain(result.stdout) or "kind" in hidden.group(2)


@pytest.mark.parametrize("width", [60], indirect=True)
def test_community_names_are_not_cut_at_sixty(cop: Cop, width: int) -> None:
    cop.add_community("acme-platform", "Acme Platform Guild", "professional", domain="Infra and tooling")
    result = run(cop.repo.root, "community", "list")
    assert result.exit_code == 0, result.output
    assert "Acme Platform Guild" in plain(result.stdout) and "Ac…" not in result.stdout
    assert widest_line(result.stdout) <= width


@pytest.mark.parametrize("width", [60, 120], indirect=True)
def test_mentor_list_says_which_columns_it_hides(cop: Cop, width: int) -> None:
    m = cop.add_mentorship("ada", "bob", community="py", goals=["one"], started="2026-01-01")
    result = run(cop.repo.root, "mentor", "list")
    assert result.exit_code == 0, result.output
    assert m.id in result.stdout and "ada" in result.stdout and "bob" in result.stdout
    if width == 60:
        assert re.search(r"60 columns: started.* hidden", result.stderr)
    else:
        assert "hidden" not in result.stderr and "2026-01-01" in result.stdout


@pytest.mark.parametrize("width", [60, 80, 120], indirect=True)
def test_show_never_cuts_the_path(entries: Cop, width: int) -> None:
    entry = next(e for e in entries.entries() if e.title == TITLE)
    result = run(entries.repo.root, "show", entry.id)
    assert result.exit_code == 0, result.output
    assert entry.path in "".join(plain(result.stdout).split())  # whole, perhaps folded over lines
    assert widest_line(result.stdout) <= width


def test_fit_columns_drops_by_priority() -> None:
    columns = ["id", "kind", "title", "tags"]
    rows = [["12345678", "best-practice", "lorem ipsum " * 4, "a, b, c"]]
    order, grow = ("tags", "kind"), {"title": 20}
    assert output.fit_columns(columns, rows, drop=order, grow=grow, width=200) == [0, 1, 2, 3]
    assert output.fit_columns(columns, rows, drop=order, grow=grow, width=45) == [0, 1, 2]
    assert output.fit_columns(columns, rows, drop=order, grow=grow, width=30) == [0, 2]
