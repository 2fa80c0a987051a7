"""cop's benchmark harness (issue 6): a corpus generator, a Typer floor app, and the runner.

Run it with one command from the repo root:

    python -m benchmarks.run            # 1k, 10k and 100k entries; writes docs/performance.md
    python -m benchmarks.run --quick    # 1k only, a smoke run under a minute

Every figure is a ratio to a reference timed in the same run (absolute times drift on a shared machine).
Corpora are generated under a temporary folder (or `--work DIR`) and never committed.
"""
