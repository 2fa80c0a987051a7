"""Turning stored results into docs/performance.md: the rows, their targets, and the Markdown table.

The analysis of each miss lives in benchmarks/notes.md (written by people, kept next to the harness) and
is appended to the generated table verbatim.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

NOTES = Path(__file__).with_name("notes.md")
SIZES = ("1000", "10000", "100000")


@dataclass(frozen=True)
class RowSpec:
    """One line of the table: what it measures, its unit, and the targets at 10k and 100k."""

    key: str
    label: str
    unit: str  # "x" (a ratio), "ms", "s" or "MB"
    target_10k: float | None = None
    target_100k: float | None = None


ROWS = (
    RowSpec("floor", "the floor: bare Typer app with cop's commands, trivial command", "ms"),
    RowSpec("list_tag", "`cop list --tag X` (default limit 50) / floor", "x", 1.15, 1.30),
    RowSpec("list_tag_50", "`cop list --tag X --limit 50` / floor (what a default limit would cost)", "x"),
    RowSpec("list_kind", "`cop list --community C --kind question` / floor", "x", 1.15, 1.30),
    RowSpec("search_common", "`cop search COMMON` / floor", "x", 1.20, 1.30),
    RowSpec("search_rare", "`cop search RARE` / floor", "x", 1.20, 1.30),
    RowSpec("rg_common", "`cop search COMMON` / `rg -l COMMON`", "x", None, 0.80),
    RowSpec("rg_rare", "`cop search RARE` / `rg -l RARE`", "x", None, 0.80),
    RowSpec("show", "`cop show ID` / floor", "x", 1.10, 1.20),
    RowSpec("review", "`cop review` (the whole review queue, with reliance) / floor", "x"),
    RowSpec("community_list", "`cop community list` (with every trust score) / floor", "x"),
    RowSpec("list_orphans", "`cop list --orphans` (entries nothing links to) / floor", "x"),
    RowSpec("show_backlinks", "`cop show HUB` (an entry ~8% of bodies link to) / floor", "x"),
    RowSpec("add", "`cop add …` / floor", "x", 1.3, 1.6),
    RowSpec("fresh_none", "freshness check, nothing changed", "ms", 30, 150),
    RowSpec(
        "fresh_none_watch",
        "freshness check, nothing changed, `cop watch` running (default settings)",
        "ms",
        5,
        5,
    ),
    RowSpec("fresh_1", "refresh after 1 file changed outside cop", "ms"),
    RowSpec("fresh_1000", "refresh after 1,000 files changed outside cop", "s", 0.5, 1.5),
    RowSpec(
        "fresh_1000_watch",
        "refresh after 1,000 files changed outside cop, `cop watch` running (default settings)",
        "s",
        0.5,
        1.5,
    ),
    RowSpec("tui_first", "`cop tui`: process start to first entries on screen", "s", 1.0, 1.5),
    RowSpec("tui_key", "`cop tui`: filter keystroke to redrawn list", "ms", 100, 200),
    RowSpec(
        "tui_full",
        "`cop tui`: process start to the whole list loaded, sortable and filterable",
        "s",
        0.8,
        2.0,
    ),
    RowSpec("tui_rss", "`cop tui` peak RSS", "MB", 150, 250),
    RowSpec("search_rss_common", "`cop search COMMON` peak RSS (a CLI read command)", "MB", 60, 80),
    RowSpec("search_rss_rare", "`cop search RARE` peak RSS (a CLI read command)", "MB", 60, 80),
    RowSpec("sync", "`cop sync`, 100 remote changes / `git pull --rebase && git push` alone", "x"),
    RowSpec(
        "sync_refresh",
        "`cop sync`, 100 remote changes / (`git pull --rebase && git push` + index refresh)",
        "x",
        2,
        2,
    ),
    RowSpec("index_build", "index built from scratch (`Repo.refresh` in a new process), for reference", "s"),
    RowSpec("reindex", "`cop reindex` from scratch", "s", 3, 25),
    RowSpec(
        "import", "`cop import` of a bundle (50k records at 100k; the whole corpus below)", "s", None, 45
    ),
    RowSpec("import_next", "the next command after the import (`cop list --tag X`) / floor", "x", None, 1.30),
    RowSpec("screen_review", "`cop tui`: R (Review) to the queue shown", "ms"),
    RowSpec("screen_people", "`cop tui`: p (People) to the members shown", "ms"),
    RowSpec("screen_mentorships", "`cop tui`: m (Mentorships) to the list shown", "ms"),
    RowSpec("screen_events", "`cop tui`: v (Events) to the events shown", "ms"),
    RowSpec("screen_projects", "`cop tui`: P (Projects) to the projects shown", "ms"),
    RowSpec("screen_new", "`cop tui`: N (New for you) to the digest shown", "ms"),
    RowSpec("screen_insights", "`cop tui`: i (Insights) to the charts shown", "ms", 1000, 1000),
    RowSpec("screen_paths", "`cop tui`: the Paths screen to every follower's progress shown", "ms"),
    RowSpec("screen_experts", "`cop tui`: x, a topic, enter, to the ranked members shown", "ms"),
    RowSpec(
        "experts_tag",
        "`cop experts X` (the most used tag), 5,000 members (500 below 10k) / floor",
        "x",
        1.5,
        1.5,
    ),
    RowSpec("experts_words", "`cop experts RARE` (words, through the search index) / floor", "x", 1.5, 1.5),
    RowSpec("member_show", "`cop member show M` (with their top topics) / floor", "x"),
    RowSpec("mentor_match", "`cop mentor match M`, 5,000 members / floor", "x", 1.5, 1.5),
    RowSpec("mentor_match_all", "`cop mentor match --all` (one assignment for every seeker) / floor", "x"),
    RowSpec("path_status", "`cop path status P` (5,000 followers, 20 steps; 500 below 10k) / floor", "x"),
    RowSpec("path_next", "`cop path next` (a member on three paths) / floor", "x"),
    RowSpec("digest", "`cop digest --peek` (events and projects in the repo) / floor", "x", 1.5, 1.5),
    RowSpec("insights", "`cop insights` (overall and every community) / floor", "x", 1.5, 1.5),
    RowSpec("insights_one", "`cop insights C` (the largest community) / floor", "x", 1.5, 1.5),
    RowSpec("risk", "`cop risk` (every tag's truck factor) / floor", "x", 1.5, 1.5),
    RowSpec("event_list", "`cop event list` (one event per ten entries) / floor", "x"),
    RowSpec("event_list_past", "`cop event list --past` / floor", "x"),
)
_BY_KEY = {spec.key: spec for spec in ROWS}


def _number(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def cell(key: str, row: dict[str, object], size: str | None = None) -> str:
    """One table cell: the figure, and ✅/❌ against the target for that size (if it has one)."""
    if "skipped" in row:
        return f"not measured: {row['skipped']}"
    spec = _BY_KEY[key]
    value = float(row["value"])  # type: ignore[arg-type]
    text = _number(value, spec.unit)
    target = {"10000": spec.target_10k, "100000": spec.target_100k}.get(size or "")
    if target is not None:
        text += " ✅" if value <= target else " ❌"
    return text


def environment() -> dict[str, str]:
    """The date-independent facts a figure depends on."""
    versions = {}
    for name in ("typer", "textual", "rich", "tinydb", "pyyaml"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return {
        "python": platform.python_version(),
        "cpus": str(os.cpu_count()),
        "machine": f"{platform.system()} {platform.machine()}",
        "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


def _target(spec: RowSpec) -> str:
    def one(value: float | None) -> str:
        return "—" if value is None else f"≤ {_number(value, spec.unit)}"

    return f"{one(spec.target_10k)} / {one(spec.target_100k)}"


def markdown(results: dict[str, object]) -> str:
    """The whole performance page from the stored results of every size."""
    sizes = [s for s in SIZES if s in results] + sorted(s for s in results if s not in SIZES)
    head = ["measure", "target 10k / 100k", *(f"{int(s):,} entries" for s in sizes)]
    lines = [
        "# Performance",
        "",
        "cop's speed goals are ratios measured side by side in one run, because absolute times on a",
        "shared machine drift. This page is written by the benchmark harness (`benchmarks/`); do not edit",
        "the tables by hand: edit `benchmarks/notes.md` for the analysis below them and re-run the harness.",
        "",
        "## Reproduce",
        "",
        "```sh",
        "pip install -e '.[dev]'              # cop and its dependencies",
        "apt-get install -y ripgrep         # for the rg column (skipped with a message when missing)",
        "python -m benchmarks.run            # 1k, 10k and 100k entries (the 100k corpus takes minutes)",
        "python -m benchmarks.run --quick    # 1k, one run per figure: a smoke run (tests run it)",
        "python -m benchmarks.run --sizes 100000 --work /tmp/cop-bench   # one column, keeping the corpus",
        "python -m benchmarks.run --sizes 10000 --skip cli,sync          # re-run some groups of a column",
        "```",
        "",
        "Every run rewrites this page from `benchmarks/results.json`, which keeps each size's latest",
        "figures, so a column can be re-run alone. Ratios are medians of interleaved runs (cop, reference,",
        "cop, …); ✅/❌ compare a figure with its target at that size.",
        "",
        "## Results",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for spec in ROWS:
        cells = []
        for size in sizes:
            rows = results[size]["rows"]  # type: ignore[index]
            row = rows.get(spec.key)
            cells.append(cell(spec.key, row, size) if row else "not measured: not in this run")
        lines.append(f"| {spec.label} | {_target(spec)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### Raw figures behind the ratios",
        "",
        "| measure | " + " | ".join(head[2:]) + " |",
        "|" + "---|" * (len(sizes) + 1),
    ]
    for spec in ROWS:
        details = []
        for size in sizes:
            row = results[size]["rows"].get(spec.key) or {}  # type: ignore[index]
            details.append(str(row.get("detail", "")) if "skipped" not in row else "")
        if any(details):
            lines.append(f"| {spec.key} | " + " | ".join(details) + " |")
    lines += [
        "",
        "### When and where",
        "",
        "| | " + " | ".join(head[2:]) + " |",
        "|" + "---|" * (len(sizes) + 1),
    ]
    facts: list[tuple[str, str]] = [("date", "date"), ("runs per figure", "runs")]
    for label, key in facts:
        lines.append(f"| {label} | " + " | ".join(str(results[s].get(key, "")) for s in sizes) + " |")  # type: ignore[union-attr]
    for key in ("python", "libraries", "cpus", "machine"):
        values = [str(results[s].get("environment", {}).get(key, "")) for s in sizes]  # type: ignore[union-attr]
        lines.append(f"| {key} | " + " | ".join(values) + " |")
    for key, label in (
        ("bytes", "corpus size"),
        ("members", "members"),
        ("mentorships", "mentorships"),
        ("tag", "X (most used tag): entries"),
        ("community", "C (largest community): questions"),
        ("common_word", "COMMON: entries containing it"),
        ("rare_word", "RARE: entries containing it"),
    ):
        values = []
        for size in sizes:
            info = results[size].get("corpus", {})  # type: ignore[union-attr]
            value = info.get(key, "")
            if key == "bytes" and value:
                value = f"{value / 1e6:.0f} MB"
            elif key == "tag":
                value = f"`{value}`: {info.get('tag_count', '')}"
            elif key == "community":
                value = f"`{value}`: {info.get('community_questions', '')}"
            elif key in ("common_word", "rare_word"):
                value = f"`{value}`: {info.get(key.replace('_word', '_df'), '')}"
            values.append(str(value))
        lines.append(f"| {label} | " + " | ".join(values) + " |")
    lines.append("")
    if NOTES.exists():
        lines += [NOTES.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


if __name__ == "__main__":  # re-render the page from the stored results without measuring
    import json

    stored = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("results.json")
    print(markdown(json.loads(stored.read_text(encoding="utf-8"))))
