"""The CLI's output makes hostile text inert, with the TUI's rules (issue 11, item 6)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from cop.cli import app as cli
from cop.core import Cop

HOSTILE = "\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x9b31m\u202egnp.exe\u2066\u200b\ufeff"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")


def hostile_entry(repo: Path) -> str:
    core = Cop.open(repo, "ada")
    entry = core.add_entry(
        "how-to", "Title " + HOSTILE, "python-guild", body="Body " + HOSTILE, tags=["tag" + HOSTILE]
    )
    core.close()
    return entry.id


def test_list_and_show_print_no_raw_control_or_bidi_character(example_path: Path) -> None:
    entry_id = hostile_entry(example_path)
    runner = CliRunner()
    for args in (["list"], ["show", entry_id], ["search", "PWNED"], ["tags"]):
        result = runner.invoke(cli, ["--repo", str(example_path), "--as", "ada", *args])
        assert result.exit_code == 0, result.output
        assert not UNSAFE.search(result.stdout), f"{args}: {UNSAFE.findall(result.stdout)}"
    shown = runner.invoke(cli, ["--repo", str(example_path), "show", entry_id]).stdout
    assert "\\x1b]0;PWNED\\x07" in shown and "\\u202egnp.exe" in shown  # made visible, not dropped


def test_json_keeps_the_data_and_escapes_it(example_path: Path) -> None:
    entry_id = hostile_entry(example_path)
    result = CliRunner().invoke(cli, ["--repo", str(example_path), "show", entry_id, "--json"])
    assert result.exit_code == 0
    assert not UNSAFE.search(result.stdout)
    assert json.loads(result.stdout)["title"] == "Title " + HOSTILE  # the same data, escaped as JSON
