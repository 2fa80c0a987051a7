"""Entry templates through the core: init writes the defaults, overrides, fallbacks, hostile files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cop.core import Cop, init_repo
from cop.domain.templates import DEFAULT_BODIES, MAX_TEMPLATE_BYTES, WRITTEN_KINDS
from cop.store.records.templates import TemplateError


def test_init_writes_the_defaults_which_are_the_fallback(tmp_path: Path) -> None:
    core = init_repo(tmp_path / "kb", name="kb")
    try:
        for kind in WRITTEN_KINDS:
            text = (core.root / "templates" / f"{kind}.md").read_text()
            assert text == DEFAULT_BODIES[kind]
            assert core.template(kind).source == "repo"
        assert "## What we would do differently" in DEFAULT_BODIES["lesson"]
        assert "## Evidence" in DEFAULT_BODIES["best-practice"]
        assert "## How to check it worked" in DEFAULT_BODIES["how-to"]
        assert "## What I expected" in DEFAULT_BODIES["question"]
        for kind in WRITTEN_KINDS:
            os.remove(core.root / "templates" / f"{kind}.md")
            assert core.template(kind).source == "built-in"
            assert core.template(kind).body == DEFAULT_BODIES[kind]
    finally:
        core.close()


def test_install_again_never_overwrites_and_touches_nothing_else(cop: Cop) -> None:
    before = {p: p.read_bytes() for p in cop.root.rglob("*") if p.is_file() and ".cop" not in p.parts}
    written = cop.install_templates()
    assert written == [f"templates/{k}.md" for k in WRITTEN_KINDS]
    (cop.root / "templates" / "lesson.md").write_text("## Ours\n")
    (cop.root / "templates" / "how-to.md").write_text("")  # emptied on purpose: stays empty
    os.remove(cop.root / "templates" / "question.md")
    assert cop.install_templates() == ["templates/question.md"]
    assert (cop.root / "templates" / "lesson.md").read_text() == "## Ours\n"
    assert cop.template("lesson").body == "## Ours\n"
    assert cop.template("how-to").body == "" and cop.template("how-to").source == "repo"
    after = {p: p.read_bytes() for p in cop.root.rglob("*") if p.is_file() and ".cop" not in p.parts}
    assert {p: b for p, b in after.items() if "templates" not in p.parts} == before


def test_a_community_overrides_the_repo_template(cop: Cop) -> None:
    cop.install_templates()
    (cop.root / "templates" / "py").mkdir()
    (cop.root / "templates" / "py" / "lesson.md").write_text("## Python lesson\r\n\r\n")
    chosen = cop.template("lesson", "py")
    assert (chosen.source, chosen.path, chosen.body) == (
        "community",
        "templates/py/lesson.md",
        "## Python lesson\n",
    )
    assert cop.template("lesson").source == "repo"
    assert cop.template("how-to", "py").source == "repo"
    listed = [(t.kind, t.community, t.source) for t in cop.templates()]
    assert ("lesson", "py", "community") in listed and ("lesson", "", "repo") in listed
    assert "## Python lesson" in cop.entry_template("lesson", "py")
    assert "## Python lesson" not in cop.entry_template("lesson", "other")


def test_the_editor_text_lists_the_kinds_and_parses(cop: Cop) -> None:
    text = cop.entry_template("how-to", "py", "Title")
    assert text.startswith("---\n# kind: one of best-practice, how-to, lesson, resource, question, idea,")
    assert "## Steps" in text
    entry = cop.add_entry_from_text(text)
    assert entry.kind == "how-to" and "## Steps" in entry.body


@pytest.mark.parametrize("hostile", ["symlink", "folder-link", "huge", "binary", "fifo"])
def test_hostile_template_files_are_refused_and_named(cop: Cop, tmp_path: Path, hostile: str) -> None:
    folder = cop.root / "templates"
    folder.mkdir()
    outside = tmp_path / "secret.md"
    outside.write_text("secret\n")
    if hostile == "symlink":
        (folder / "lesson.md").symlink_to(outside)
    elif hostile == "folder-link":
        (folder / "py").symlink_to(tmp_path)
        os.rename(outside, tmp_path / "lesson.md")
    elif hostile == "huge":
        (folder / "lesson.md").write_text("x" * (MAX_TEMPLATE_BYTES + 1))
    elif hostile == "binary":
        (folder / "lesson.md").write_bytes(b"\xff\xfe\x00bad")
    else:
        os.mkfifo(folder / "lesson.md")
    with pytest.raises(TemplateError) as caught:
        cop.template("lesson", "py")
    assert "templates/" in str(caught.value) and "\n" not in str(caught.value)
    # writing an entry never fails because of a teammate's template: the built-in body is used
    assert cop.template_body("lesson", "py") == DEFAULT_BODIES["lesson"]
    assert "## What happened" in cop.entry_template("lesson", "py")
    found = [f for f in cop.doctor() if f.kind == "template"]
    assert len(found) == 1 and found[0].path.startswith("templates/")
    assert "secret" not in cop.entry_template("lesson", "py")


def test_doctor_is_clean_with_templates(cop: Cop) -> None:
    cop.install_templates()
    (cop.root / "templates" / "py").mkdir()
    (cop.root / "templates" / "py" / "how-to.md").write_text("## Ours\n")
    assert cop.doctor() == []
