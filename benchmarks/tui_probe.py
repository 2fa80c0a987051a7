"""Headless `cop tui` timing (run inside benchmarks.probe): first entries on screen, filter keystroke."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def app_class() -> Any:
    """cop's Textual app class, or ImportError while the TUI has not landed."""
    from cop.tui.app import CopApp

    return CopApp


async def measure(repo: Path, word: str, spawned: float, acting: str) -> dict[str, float]:
    raise NotImplementedError("written once cop tui lands")
