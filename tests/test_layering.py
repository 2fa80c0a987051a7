"""The layering at run time: no import cycle in cop/ or benchmarks/, and the core and the CLI never import
Textual (only `cop tui` / `cop demo` and cop.tui itself do). The layer rules are `lint-imports`'s."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]


def modules_after(code: str) -> set[str]:
    """The top-level packages loaded after running `code` in a fresh interpreter."""
    script = (
        textwrap.dedent(code)
        + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return set(done.stdout.split())


def test_core_store_and_cli_do_not_import_textual() -> None:
    loaded = modules_after(
        """
        import cop.core, cop.store, cop.cli, cop.domain.models
        import cop.core.entries, cop.core.mentorships, cop.core.communities
        import cop.commands.tui  # the command module itself imports Textual only when it runs
        """
    )
    assert "cop" in loaded
    assert "textual" not in loaded


def test_the_command_line_runs_without_textual(tmp_path: Path) -> None:
    loaded = modules_after(
        f"""
        import runpy, sys
        sys.argv = ["cop", "--repo", {str(tmp_path / "none")!r}, "--help"]
        try:
            runpy.run_module("cop", run_name="__main__")  # python -m cop --help
        except SystemExit:
            pass
        """
    )
    assert "typer" in loaded or "click" in loaded
    assert "textual" not in loaded


def test_the_tui_package_does_import_textual() -> None:
    """The check above would pass vacuously if the detection were broken: make sure it sees Textual."""
    assert "textual" in modules_after("import cop.tui.app")


def cycles(*packages: str) -> list[tuple[str, ...]]:
    """Every import cycle among `packages`, each as the chain of modules that closes it. Imports under
    `if TYPE_CHECKING:` are left out: they never run (a screen types its app that way)."""
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=True)
    found: set[frozenset[str]] = set()
    out: list[tuple[str, ...]] = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back and frozenset(back) not in found:
                found.add(frozenset(back))
                out.append((module, *back))
    return out


@pytest.mark.parametrize("package", ["cop", "benchmarks"])
def test_no_import_cycles(package: str) -> None:
    assert cycles(package) == [], "import cycles (each chain ends where it started)"
