"""`WatchStatus`: what a running `cop watch` watcher says about itself."""

from __future__ import annotations

from typing import Any, NamedTuple


class WatchStatus(NamedTuple):
    """What a running watcher says about itself (a NamedTuple: a frozen dataclass would cost ~1 ms at
    import, paid by every command once the index asks for tokens)."""

    root: str
    pid: int
    instance: str
    generation: int
    folders: int  # record folders under watch: communities/, members/, ..., entries/<each community>/
    started: str  # UTC, ISO 8601
    overflows: int  # times the kernel's event queue overflowed (each one cost a sweep)
    degraded: str | None  # why tokens are refused (a watch could not be added), else None

    @property
    def token(self) -> str:
        return f"{self.instance}:{self.generation}"

    def to_json(self) -> dict[str, Any]:
        return self._asdict()
