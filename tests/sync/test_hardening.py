"""Sync under attack and accident: a planted `cop` module, lost cache rules, stale git locks, bad
remotes. Real git, a bare remote and two clones (tests/sync/conftest.py)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from cop.core import Cop
from cop.models import Member
from tests.sync.conftest import Shared, edit, git


def ok(result: object) -> str:
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return str(result.output)  # type: ignore[attr-defined]


def member(shared: Shared, path: Path, handle: str) -> Member:
    found = edit(shared, path, "ada", lambda c: c.repo.member(handle))
    assert isinstance(found, Member)
    return found


def test_a_planted_cop_module_in_the_work_tree_never_runs_as_the_merge_driver(
    shared: Shared, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    payload = f"open({str(marker)!r}, 'w').write('ran')\nraise SystemExit(0)\n"
    (shared.b / "cop.py").write_text(payload)
    (shared.b / "cop").mkdir()
    (shared.b / "cop" / "__init__.py").write_text(payload)
    ok(shared.sync(shared.b, "bob"))
    ok(shared.sync(shared.a, "ada"))
    assert (shared.a / "cop.py").is_file() and (shared.a / "cop" / "__init__.py").is_file()
    # a clone configured by an older cop still has the plain `-m` command: any command rewrites it
    old = f"{shlex.quote(sys.executable)} -m cop merge-driver %O %A %B %P"
    git(shared.a, "config", "merge.cop.driver", old)
    Cop.open(shared.a).close()
    assert " -I -m cop merge-driver " in git(shared.a, "config", "--get", "merge.cop.driver")

    edit(shared, shared.a, "ada", lambda c: c.edit_member("ada", bio="Counts things"))
    edit(shared, shared.b, "bob", lambda c: c.edit_member("ada", expertise=["engines"]))
    ok(shared.sync(shared.b, "bob"))
    ok(shared.sync(shared.a, "ada"))  # the driver merges members/ada.yaml in ada's work tree

    assert not marker.exists()
    merged = member(shared, shared.a, "ada")
    assert (merged.bio, merged.expertise) == ("Counts things", ["engines"])
