"""Timing whole processes from outside: wall time, exit status and peak RSS of each run.

Two commands compared as a ratio are run interleaved (a, b, a, b…), so a slow spell on a shared machine
hits both sides alike; the figure is the ratio of the medians. Peak RSS comes from `wait4`, the kernel's
own account of the child, so nothing is sampled; the child is spawned by a small launcher process
(`launcher.py`, which says why), never by the harness, so that the account is the command's alone.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

LAUNCHER = Path(__file__).with_name("launcher.py")


class Failed(Exception):
    """A benchmarked command exited non-zero: the row cannot be measured (the message says why)."""


@dataclass
class Run:
    """One finished process."""

    seconds: float
    max_rss_mb: float
    stdout: str


@dataclass
class Sample:
    """Several runs of one command: the median is the figure."""

    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max(r.max_rss_mb for r in self.runs)


def run_once(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    check: bool = True,
) -> Run:
    """Run `argv` (never through a shell) and time it from spawn to exit.

    The launcher spawns it, waits for it with `os.wait4` and reports its time, peak RSS (`ru_maxrss`,
    KB on Linux) and exit status on a pipe; output goes to temporary files, read once it has exited.
    """
    report, theirs = os.pipe()
    launcher = [sys.executable, "-I", "-S", str(LAUNCHER), str(theirs), *argv]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp:
        if stdin is not None:
            inp.write(stdin.encode())
            inp.seek(0)
        try:
            process = subprocess.Popen(
                launcher, cwd=cwd, env=env, stdin=inp, stdout=out, stderr=err, pass_fds=(theirs,)
            )
        finally:
            os.close(theirs)
        with os.fdopen(report, "rb") as pipe:
            said = pipe.read().decode().split()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.wait() != 0 or len(said) != 3:
        raise Failed(f"the launcher failed for `{' '.join(argv)}`: {stderr.strip()}")
    seconds, max_rss_kb, code = float(said[0]), int(said[1]), int(said[2])
    if check and code != 0:
        lines = (stderr or stdout).strip().splitlines()
        detail = lines[-1] if lines else f"exit {code}"
        raise Failed(f"`{' '.join(argv)}` failed: {detail}")
    return Run(seconds, max_rss_kb / 1024, stdout)


def sample(
    argv: Sequence[str],
    runs: int,
    *,
    warmup: int = 1,
    prepare: Callable[[], None] | None = None,
    **kw: object,
) -> Sample:
    """`runs` timed runs of one command after `warmup` untimed ones; `prepare` runs before each."""
    result = Sample()
    for number in range(warmup + runs):
        if prepare:
            prepare()
        run = run_once(argv, **kw)  # type: ignore[arg-type]
        if number >= warmup:
            result.runs.append(run)
    return result


def compare(
    a: Sequence[str],
    b: Sequence[str],
    runs: int,
    *,
    warmup: int = 1,
    prepare_a: Callable[[], None] | None = None,
    prepare_b: Callable[[], None] | None = None,
    kw_a: dict[str, object] | None = None,
    kw_b: dict[str, object] | None = None,
) -> tuple[Sample, Sample]:
    """Run `a` and `b` interleaved; returns both samples (the ratio is a.median / b.median)."""
    sa, sb = Sample(), Sample()
    for number in range(warmup + runs):
        if prepare_a:
            prepare_a()
        ra = run_once(a, **(kw_a or {}))  # type: ignore[arg-type]
        if prepare_b:
            prepare_b()
        rb = run_once(b, **(kw_b or {}))  # type: ignore[arg-type]
        if number >= warmup:
            sa.runs.append(ra)
            sb.runs.append(rb)
    return sa, sb


def against_floor(
    cop: Sequence[str], argv: Sequence[str], floor: Sequence[str], runs: int, env: dict[str, str], about: str
) -> dict[str, object]:
    """A group's row for `cop ARGV` timed against the floor, interleaved: its value the ratio of the
    medians, its detail both medians, `about` (what the corpus holds for it) and the peak RSS."""
    a, b = compare([*cop, *argv], floor, runs, kw_a={"env": env})
    return {
        "value": a.median / b.median,
        "detail": f"`cop {' '.join(argv)}` {a.median * 1000:.0f} ms / floor {b.median * 1000:.0f} ms,"
        f" {about}, {a.peak_rss_mb:.0f} MB",
    }


def probe(
    argv: Sequence[str],
    runs: int,
    *,
    warmup: int = 1,
    prepare: Callable[[], None] | None = None,
    **kw: object,
) -> tuple[list[dict[str, float]], float]:
    """Run a probe (a process that prints one JSON object of in-process figures) several times.

    Returns the printed objects of the timed runs and the peak RSS of all of them (MB).
    """
    found: list[dict[str, float]] = []
    peak = 0.0
    for number in range(warmup + runs):
        if prepare:
            prepare()
        run = run_once(argv, **kw)  # type: ignore[arg-type]
        peak = max(peak, run.max_rss_mb)
        if number >= warmup:
            found.append(json.loads(run.stdout.strip().splitlines()[-1]))
    return found, peak


def median_of(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)
