"""Record files written straight into a repo, as an editor, git or another clone would: no core call, so a
fixture of many records is fast and the index finds them on its next sweep."""

from __future__ import annotations

from pathlib import Path

from cop.domain.models import Record
from cop.store import render
from cop.store.records import layout


def write_record(root: Path, record: Record) -> Path:
    """Write `record` where cop keeps it under `root`, as cop renders it; its path."""
    path = root / layout.record_path(record)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(record), encoding="utf-8")
    return path
