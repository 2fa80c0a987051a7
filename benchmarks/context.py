"""The context every benchmark scenario gets (the corpus, how many runs, where to write) and the file
helpers the scenario groups share."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import corpus
from benchmarks.measure import run_once

Row = dict[str, object]

#: from this many record files `watch = auto`, the default, starts `cop watch` (cop.core.settings)
WATCHED_FROM = 5000


@dataclass
class Context:
    """What every scenario needs: the corpus, how many runs, and where to write."""

    manifest: corpus.Manifest
    runs: int
    work: Path
    root: Path
    say: Callable[[str], None]
    _available: dict[str, bool] = field(default_factory=dict)

    @property
    def repo(self) -> Path:
        return Path(self.manifest.repo)

    def cop(self) -> list[str]:
        script = Path(sys.executable).parent / "cop"
        return [str(script)] if script.exists() else [sys.executable, "-m", "cop"]

    def env(self, repo: Path | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("COP_NOW", "VISUAL", "EDITOR")}
        env |= {"COP_REPO": str(repo or self.repo), "COP_USER": self.manifest.member, "NO_COLOR": "1"}
        env |= {"COLUMNS": "120", "PYTHONPATH": str(self.root)}
        # No watcher starts behind the harness's back (`watch = auto` would start one on the first
        # command in a corpus of 5,000 files or more, and every later row would measure it instead of
        # the sweep, and it would outlive the run): the rows with a watcher start and stop their own.
        env["COP_WATCH"] = "off"
        return env

    def has(self, *command: str) -> bool:
        """Whether `cop COMMAND` exists yet (other parts of cop land over time)."""
        key = " ".join(command)
        if key not in self._available:
            result = subprocess.run(
                [*self.cop(), *command, "--help"], env=self.env(), capture_output=True, check=False
            )
            self._available[key] = result.returncode == 0
        return self._available[key]

    @contextlib.contextmanager
    def watching(self, repo: Path | None = None) -> Iterator[str | None]:
        """`cop watch` running on the corpus (or `repo`) meanwhile, the harness's own (its `env` says
        `watch = off`, so nothing else starts one); yields None, or why it did not start."""
        watch = [*self.cop(), "--repo", str(repo or self.repo), "watch"]
        started = subprocess.run(
            [*watch, "--background"], env=self.env(), capture_output=True, text=True, check=False
        )
        if started.returncode != 0:
            yield started.stderr.strip() or f"exit {started.returncode}"
            return
        try:
            yield None
        finally:
            subprocess.run([*watch, "--stop"], env=self.env(), capture_output=True, check=False)

    @contextlib.contextmanager
    def as_default(self, group: str) -> Iterator[str]:
        """The corpus as default settings leave it while a group's rows are timed: from `WATCHED_FROM`
        record files `watch = auto` starts `cop watch`, so the harness runs its own meanwhile (as the
        cli group does). Yields what to add to a row's detail."""
        if self.manifest.entries < WATCHED_FROM:
            yield ""
            return
        with self.watching() as failed:
            if failed:
                self.say(f"  {group}: no watcher ({failed}): every row sweeps")
            yield "" if failed else ", with `cop watch` running"

    def floor(self) -> list[str]:
        return [sys.executable, str(self.root / "benchmarks" / "floor.py"), "list", "--tag", "x"]


def fresh(ctx: Context, repo: Path) -> dict[str, float]:
    run = run_once(
        [sys.executable, "-m", "benchmarks.probe", "fresh", str(repo)], cwd=ctx.root, env=ctx.env(repo)
    )
    return json.loads(run.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def entry_files(repo: Path) -> list[Path]:
    return sorted(p for folder in sorted((repo / "entries").iterdir()) for p in folder.glob("*.md"))


def rewrite(path: Path, text: str) -> None:
    """Replace a file the way `git checkout` does: a new file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.bench")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
