"""One tag rule for every face, and one record-type registry the store's paths derive from."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cop.cli import app
from cop.core import Cop
from cop.domain.registry import RECORD_TYPES, RecordType
from cop.domain.tags import split_tags, typed_tag
from cop.store.records import layout


def test_cli_tui_and_notes_store_the_same_tags(example_path: Path, tmp_path: Path) -> None:
    written = ["#Unit Tests", "DevOps"]
    cli = CliRunner().invoke(
        app,
        [
            *("-R", str(example_path), "--as", "ada", "add", "-k", "how-to"),
            *("-T", "From the CLI", "-c", "python-guild"),
            *("--body", "x", *[a for t in written for a in ("--tag", t)]),
        ],
    )
    assert cli.exit_code == 0, cli.output
    core = Cop.open(example_path, acting="ada")
    cli_tags = [e for e in core.entries() if e.title == "From the CLI"][0].tags
    tui_tags = split_tags("#Unit-Tests, devops")  # what the TUI's tag field hands the core
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "n.md").write_text("---\ntags: ['#Unit Tests', DevOps]\n---\n# From notes\n\nbody\n")
    core.import_markdown(notes, "python-guild")
    note_tags = [e for e in core.entries() if e.title == "From notes"][0].tags
    assert cli_tags == tui_tags == note_tags == ["unit-tests", "devops"]
    assert typed_tag(" #Unit Tests ") == "unit-tests"


def test_layout_paths_derive_from_the_registry() -> None:
    assert set(layout.FOLDERS) == set(RECORD_TYPES)
    for kind in RECORD_TYPES.values():
        depth = "x/" if kind.nest else ""
        assert layout.type_of_path(f"{kind.folder}/{depth}k{kind.suffix}") == kind.name
    assert layout.type_of_path("entries/python/x.yaml") is None


def test_a_new_nested_record_type_is_one_entry() -> None:
    from cop.domain.models import Member

    progress = RecordType("progress", Member, folder="progress", nest="handle", rank=9)
    member = Member.from_data({"handle": "ada", "name": "Ada"})
    assert progress.path_for(member) == "progress/ada/ada.yaml"
