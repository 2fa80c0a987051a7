"""Hostile files in a teammate's repo, through the CLI: alias bombs, duplicate keys, deep nesting,
multi-line one-line fields, huge numbers and huge bodies. Each gives one stderr line naming the file
(and line), no traceback, and every other record is still served.

Sizes are kept small enough that a regression fails on the timeout rather than hanging the suite.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from cop.cli import app
from tests.cli.test_subprocess import cop_command
from tests.store.test_hostile_yaml import alias_bomb

pytestmark = pytest.mark.timeout(60)

ENTRY = "entries/remote-work/m7vd42bz-gitlab-s-guide-to-all-remote-work.md"


def run(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--repo", str(repo), *args])


def plant(repo: Path, path: str, text: str) -> str:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")
    return path


def hostile_entry(repo: Path, front: str, body: str = "Body.\n", ident: str = "zz9hstwx") -> str:
    head = f"id: {ident}\nkind: idea\ntitle: Hostile\ncommunity: remote-work\n"
    return plant(repo, f"entries/remote-work/{ident}-hostile.md", f"---\n{head}{front}---\n{body}")


def listed_ids(result: Result) -> set[str]:
    return {line.split("\t", 1)[0] for line in result.stdout.splitlines() if line}


def assert_one_line_naming(result: Result, path: str) -> str:
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert path in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("front", "says"),
    [
        (alias_bomb("tags"), "YAML alias"),
        (alias_bomb("zz_unknown"), "YAML alias"),
        ("tags: [a]\ntags: [b]\n", "'tags' twice"),
        ("zz: " + "[" * 990 + "]" * 990 + "\n", "nests deeper"),
        ("url: |2+\n  http://example.org\n\n", "url: must be one line"),
    ],
    ids=["bomb-tags", "bomb-unknown", "duplicate", "deep", "multiline-url"],
)
def test_a_hostile_entry_is_skipped_with_one_line_and_the_rest_listed(
    example_path: Path, front: str, says: str
) -> None:
    before = listed_ids(run(example_path, "list", "--limit", "100000"))
    path = hostile_entry(example_path, front)
    result = run(example_path, "list", "--limit", "100000")
    assert result.exit_code == 0
    assert says in assert_one_line_naming(result, path)
    assert listed_ids(result) == before  # every other record still served

    doctor = run(example_path, "doctor")
    assert doctor.exit_code == 1 and path in doctor.stdout + doctor.stderr
    assert says in doctor.stdout + doctor.stderr


def test_duplicate_keys_are_reported_with_their_line(example_path: Path) -> None:
    path = hostile_entry(example_path, "tags: [a]\nauthor: lin\ntags: [b]\n")
    doctor = run(example_path, "doctor")
    assert f"{path}:8: gives the key 'tags' twice" in doctor.stdout + doctor.stderr


def test_an_alias_bomb_in_cop_yaml_is_one_line(example_path: Path) -> None:
    config = example_path / "cop.yaml"
    config.write_text(config.read_text() + alias_bomb("zz_bomb"))
    result = run(example_path, "list")
    assert result.exit_code != 0
    line = assert_one_line_naming(result, "cop.yaml")
    assert "YAML alias" in line and "lol" not in line


def test_edit_and_export_refuse_a_deeply_nested_extra_field(example_path: Path, tmp_path: Path) -> None:
    path = hostile_entry(example_path, "zz: " + "[" * 990 + "]" * 990 + "\n")
    edit = run(example_path, "--as", "lin", "edit", "zz9hstwx", "--add-tag", "x")
    assert edit.exit_code != 0
    assert "nests deeper" in assert_one_line_naming(edit, path)
    export = run(example_path, "export", "-o", str(tmp_path / "out.json"))
    assert export.exit_code != 0  # an export is all or nothing, as with any broken file
    assert "nests deeper" in assert_one_line_naming(export, path)
    assert not (tmp_path / "out.json").exists()
    assert "m7vd42bz" in run(example_path, "list", "--limit", "100000").stdout


def test_import_of_a_bundle_nested_100k_deep_is_one_line(example_path: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "deep.json"
    bundle.write_text('{"format": 1, "entries": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = run(example_path, "--as", "lin", "import", str(bundle))
    assert result.exit_code != 0
    assert "nests deeper" in assert_one_line_naming(result, str(bundle))


def test_mentor_log_refuses_absurd_minutes(example_path: Path) -> None:
    file = example_path / "mentorships/23ae357g.yaml"
    before = file.read_bytes()
    result = run(example_path, "--as", "marco", "mentor", "log", "23ae357g", "-n", "x", "--minutes", "9" * 23)
    assert result.exit_code != 0
    line = assert_one_line_naming(result, "minutes")
    assert "9" * 23 not in line
    assert file.read_bytes() == before


def test_a_multi_line_url_is_refused_on_the_way_in(example_path: Path) -> None:
    result = run(
        example_path, "--as", "lin", "add", "-k", "resource", "-T", "Link", "-c", "remote-work",
        "--url", "http://example.org\n...\n---",
    )  # fmt: skip
    assert result.exit_code != 0
    assert "url: must be one line" in assert_one_line_naming(result, "url")


def huge_body(words: int) -> str:
    return "".join(f"filler{i % 997} " for i in range(words))


def test_search_indexes_a_bounded_start_of_a_huge_body(example_path: Path) -> None:
    body = "needleatstart " + huge_body(400_000) + " needlepastlimit\n"  # ~4 MB
    assert len(body) > 10 * 256 * 1024  # ten times what search indexes
    path = hostile_entry(example_path, "", body=body)
    start = run(example_path, "search", "needleatstart")
    assert start.exit_code == 0 and "zz9hstwx" in start.stdout
    past = run(example_path, "search", "needlepastlimit")
    assert "zz9hstwx" not in past.stdout  # past the limit: shown and exported whole, not searched
    common = run(example_path, "search", "filler5")  # a word all through the body: bounded snippet
    assert common.exit_code == 0 and "zz9hstwx" in common.stdout

    doctor = run(example_path, "doctor")
    report = doctor.stdout + doctor.stderr
    assert f"{path}: is " in report and "only the first 256 K characters" in report

    show = run(example_path, "show", "zz9hstwx")  # not a terminal: all of it, unrendered
    assert show.exit_code == 0 and "needlepastlimit" in show.stdout


def test_show_on_a_terminal_renders_a_bounded_part_of_a_huge_body(example_path: Path) -> None:
    hostile_entry(example_path, "", body=huge_body(300_000) + "\nneedlepastlimit\n")  # ~3 MB
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [*cop_command(), "--repo", str(example_path), "show", "zz9hstwx"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env={**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm", "COP_PAGER": "cat"},  # a pager
    )  # that waits for keys would hold the terminal; what is bounded is what cop renders into it
    os.close(secondary)
    output = bytearray()
    while True:  # read until the child closes the terminal (bounded by the test's timeout)
        ready, _, _ = select.select([primary], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    os.close(primary)
    assert process.wait(timeout=30) == 0
    text = output.decode("utf-8", "replace")
    assert "needlepastlimit" not in text
    assert "--raw" in text and "zz9hstwx" in text


def test_subprocess_list_with_an_alias_bomb_names_the_file_once(example_path: Path) -> None:
    path = hostile_entry(example_path, alias_bomb("tags"))
    result = subprocess.run(
        [*cop_command(), "--repo", str(example_path), "list", "--limit", "100000"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and path in lines[0] and "YAML alias" in lines[0]
    assert "m7vd42bz" in result.stdout  # the others are still listed
