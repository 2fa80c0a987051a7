"""Templates are plain files: `cop sync` commits them and git's line merge brings them to other clones."""

from __future__ import annotations

from tests.sync.conftest import Shared


def ok(result: object) -> str:
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return str(result.output)  # type: ignore[attr-defined]


def test_a_template_added_in_one_clone_arrives_in_the_other(shared: Shared) -> None:
    assert (shared.b / "templates" / "lesson.md").is_file()  # init's defaults were committed too
    folder = shared.a / "templates" / "py"
    folder.mkdir(parents=True)
    (folder / "lesson.md").write_text("## Python lessons start here\n")
    (shared.a / "templates" / "how-to.md").write_text("## Our how-to\n")
    ok(shared.sync(shared.a, "ada"))
    ok(shared.sync(shared.b, "bob"))
    assert (shared.b / "templates" / "py" / "lesson.md").read_text() == "## Python lessons start here\n"
    core = shared.core(shared.b, "bob")
    try:
        assert core.template("lesson", "py").body == "## Python lessons start here\n"
        assert core.template("how-to").source == "repo"
        assert not core.doctor()
    finally:
        core.close()
