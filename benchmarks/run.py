"""The benchmark runner: generate corpora, time cop against its references, write docs/performance.md.

    python -m benchmarks.run [--quick] [--sizes 1000,10000,100000] [--runs N] [--out docs/performance.md]
                             [--work DIR] [--results benchmarks/results.json] [--skip tui,sync]

Each size's figures are stored in the results file (merged with earlier runs, so the 100k column can be
run less often) and the whole table is rewritten from it. Rows whose part of cop is not there yet print
"not measured: …" instead of failing. Without `--work`, corpora go to a temporary folder that is removed
at the end; with it they are kept and reused by the next run.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks import corpus, report, scenarios
from benchmarks.context import Context
from benchmarks.measure import Failed

ROOT = Path(__file__).resolve().parent.parent
FULL_SIZES = (1000, 10000, 100000)


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k entries, one run per figure (a smoke run)")
    parser.add_argument("--sizes", help="comma-separated corpus sizes (default 1000,10000,100000)")
    parser.add_argument("--runs", type=int, help="timed runs per command (default 10; 1 with --quick)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--work", type=Path, help="keep corpora here and reuse them across runs")
    parser.add_argument(
        "--skip", default="", help="comma-separated scenario groups to skip: " + ", ".join(scenarios.GROUPS)
    )
    parser.add_argument("--seed", type=int, default=6)
    return parser.parse_args()


@contextlib.contextmanager
def _work_folder(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="cop-bench-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _index(manifest: corpus.Manifest) -> float:
    """Build the corpus's index from scratch in a fresh process; returns seconds."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", "fresh", manifest.repo],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def measure_size(
    size: int,
    work: Path,
    runs: int,
    seed: int,
    skip: set[str],
    say: Callable[[str], None],
    earlier: dict[str, dict[str, object]] | None = None,
) -> dict[str, object]:
    """Every scenario at one corpus size; returns the stored result for that size.

    Groups skipped with `--skip` keep their figures from an earlier run (`earlier`), if any."""
    say(f"== {size} entries ==")
    started = time.perf_counter()
    manifest = corpus.ensure(work / f"corpus-{size}", size, seed)
    took = time.perf_counter() - started
    say(f"corpus: {manifest.entries} entries, {manifest.bytes / 1e6:.0f} MB ({took:.1f} s)")
    shutil.rmtree(Path(manifest.repo) / ".cop", ignore_errors=True)
    build = _index(manifest)
    say(f"index built from scratch in {build:.1f} s")
    ctx = Context(manifest=manifest, runs=runs, work=work, root=ROOT, say=say)
    rows: dict[str, dict[str, object]] = {"index_build": {"value": build, "detail": "one run"}}
    for group, scenario in scenarios.GROUPS.items():
        if group in skip:
            for key in scenarios.KEYS[group]:
                rows[key] = (earlier or {}).get(key) or {"skipped": "skipped with --skip"}
            continue
        try:
            found = scenario(ctx)
        except (Failed, subprocess.CalledProcessError, OSError) as error:
            say(f"{group}: not measured: {error}")
            found = {key: {"skipped": str(error)} for key in scenarios.KEYS[group]}
        for key, row in found.items():
            rows[key] = row
            say(f"  {key}: {report.cell(key, row)}")
    return {
        "date": time.strftime("%Y-%m-%d"),
        "runs": runs,
        "environment": report.environment(),
        "corpus": {
            k: getattr(manifest, k)
            for k in (
                "entries",
                "members",
                "communities",
                "mentorships",
                "bytes",
                "tag",
                "tag_count",
                "community",
                "community_questions",
                "common_word",
                "common_df",
                "rare_word",
                "rare_df",
            )
        },
        "rows": rows,
    }


def _compile() -> None:
    """Byte-compile cop (and the harness) before timing anything.

    An installed cop has its bytecode (pip compiles it; Python writes it on first import), but where
    PYTHONDONTWRITEBYTECODE is set, as in CI containers, a source checkout never gets any, and every
    timed process would compile cop's ~60 modules again: ~70 ms of `import cop.cli` on a 2-CPU VM,
    a third of the floor, which is not what a person running cop pays.
    """
    for package in ("cop", "benchmarks"):
        compileall.compile_dir(ROOT / package, quiet=1)


def main() -> None:
    args = _parse()
    os.chdir(ROOT)
    _compile()
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else [1000] if args.quick else list(FULL_SIZES)
    )
    runs = args.runs or (1 if args.quick else 10)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = skip - set(scenarios.GROUPS)
    if unknown:
        raise SystemExit(
            f"unknown --skip group(s): {', '.join(sorted(unknown))}; use {', '.join(scenarios.GROUPS)}"
        )
    results: dict[str, object] = {}
    if args.results.exists():
        results = json.loads(args.results.read_text(encoding="utf-8"))
    with _work_folder(args.work) as work:
        for size in sizes:
            earlier = results.get(str(size), {}).get("rows")  # type: ignore[union-attr]
            results[str(size)] = measure_size(size, work, runs, args.seed, skip, _say, earlier)
            args.results.parent.mkdir(parents=True, exist_ok=True)
            args.results.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(report.markdown(results), encoding="utf-8")
    _say(f"wrote {args.out} and {args.results}")


if __name__ == "__main__":
    main()
