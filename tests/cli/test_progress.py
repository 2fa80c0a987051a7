"""Progress with counts on every long step (issue 18 item 6), seen as a person sees it: cop runs in a
subprocess whose stderr is a real terminal (a pty) and stdout a file, so the bar is drawn for real and
the data on stdout is untouched; piped, nothing is drawn."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from tests.cli import terminal
from tests.cli.test_import_stackexchange import SMALL_POSTS, SMALL_USERS, write_dump

COUNT = re.compile(r"(\d+)/(\d+) ")  # rich's done/total column


def on_a_terminal(repo: Path, *args: str) -> tuple[str, str]:
    """(stdout, the terminal) of `cop --repo REPO --as ada ARGS` with stderr a pty."""
    return terminal.on_a_terminal("--repo", str(repo), "--as", "ada", *args)


def counts(stderr: str, stage: str) -> list[tuple[int, int]]:
    """The done/total pairs drawn on the lines of `stage`."""
    frames = re.split(r"[\r\n]", stderr)
    return [(int(d), int(t)) for f in frames if stage in f for d, t in COUNT.findall(f)]


def test_reindex_counts_the_files_it_reads(example_path: Path) -> None:
    _, err = on_a_terminal(example_path, "reindex")
    files = int(re.search(r"indexed (\d+) file", err).group(1))  # type: ignore[union-attr]
    assert (files, files) in counts(err, "indexing")


def test_export_counts_the_records_and_stdout_is_the_bundle(example_path: Path) -> None:
    out, err = on_a_terminal(example_path, "export")
    bundle = json.loads(out)  # the bar went to the terminal, never into the data
    records = sum(len(v) for v in bundle.values() if isinstance(v, list))
    assert (records, records) in counts(err, "writing the json bundle")  # the last frame is always drawn


def test_an_html_export_counts_the_pages_it_writes(example_path: Path, tmp_path: Path) -> None:
    _, err = on_a_terminal(example_path, "export", "--format", "html", "-o", str(tmp_path / "site"))
    pages = int(re.search(r"wrote (\d+) pages", err).group(1))  # type: ignore[union-attr]
    assert (pages, pages) in counts(err, "writing pages")


def test_a_stack_exchange_import_shows_how_much_of_posts_xml_is_read(
    cop: Cop, repo_path: Path, tmp_path: Path
) -> None:
    dump = write_dump(tmp_path / "dump", SMALL_POSTS, SMALL_USERS)
    size = (dump / "Posts.xml").stat().st_size
    _, err = on_a_terminal(repo_path, "import", "--stackexchange", str(dump), "--community", "py")
    assert f"{size}/{size} bytes" in err or re.search(r"[\d.]+/[\d.]+ kB", err), err[-300:]
    posts = len(list((repo_path / "entries" / "py").glob("*.md")))
    indexed = counts(err, "indexing")  # now, counted, not silently in the next command
    assert indexed and indexed[-1][0] == indexed[-1][1] >= posts  # the posts, their members' files


def test_piped_nothing_is_drawn(example_path: Path) -> None:
    result = CliRunner().invoke(app, ["--repo", str(example_path), "export"])
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert result.stderr == ""
