# One command runs every check CI cares about: `make check`.
PY ?= python

.PHONY: check lint types layers test bench-quick

check: lint types test layers

lint:
	$(PY) -m ruff check cop tests benchmarks
	$(PY) -m ruff format --check cop tests benchmarks

types:
	$(PY) -m mypy

test:
	$(PY) -m pytest -q -n auto

layers:
	lint-imports

bench-quick:
	$(PY) -m benchmarks.run --quick
