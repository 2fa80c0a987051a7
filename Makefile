# One command runs every check CI cares about: `make check`.
PY ?= python

.PHONY: check lint types test bench-quick

check: lint types test

lint:
	$(PY) -m ruff check cop tests benchmarks
	$(PY) -m ruff format --check cop tests benchmarks

types:
	$(PY) -m mypy

test:
	$(PY) -m pytest -q

bench-quick:
	$(PY) -m benchmarks.run --quick
