"""Fixtures of the store's tests that more than one module uses: real watchers (tests/store/watchers.py)."""

from tests.store.watchers import start, sweeps

__all__ = ["start", "sweeps"]
