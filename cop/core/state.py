"""This clone's local state (`.cop/state.json`, cop.store.state): drafts of unsaved text, the digest's
last-seen marks, TUI preferences and recently viewed entries. Per user and clone, never synced."""

from __future__ import annotations

from typing import Any

from cop.core.session import Session
from cop.domain import dates

#: how many recently viewed entries are remembered
VIEWED_KEEP = 50


class StateOps(Session):
    """Local state, by namespace: `drafts`, `seen`, `preferences`, `viewed`."""

    def state_get(self, namespace: str, key: str, default: Any = None) -> Any:
        return self.repo.state.get(namespace, key, default)

    def state_put(self, namespace: str, key: str, value: Any) -> None:
        self.repo.state.put(namespace, key, value)

    # -- drafts ------------------------------------------------------------------------------------
    def draft(self, key: str) -> str | None:
        """The text kept under `key` (e.g. `edit:<id>`, `add`) by an edit that did not save, if any."""
        value = self.repo.state.get("drafts", key)
        return value["text"] if isinstance(value, dict) and isinstance(value.get("text"), str) else None

    def draft_saved_at(self, key: str) -> str | None:
        value = self.repo.state.get("drafts", key)
        return value.get("at") if isinstance(value, dict) else None

    def save_draft(self, key: str, text: str) -> None:
        """Keep `text` under `key` until it is saved or dropped (an empty text drops the draft)."""
        if not text.strip():
            self.drop_draft(key)
            return
        self.repo.state.put("drafts", key, {"text": text, "at": dates.now()})

    def drop_draft(self, key: str) -> None:
        self.repo.state.delete("drafts", key)

    def drafts(self) -> dict[str, str]:
        """Every kept draft: key -> text."""
        found = self.repo.state.items("drafts")
        return {
            k: v["text"] for k, v in found.items() if isinstance(v, dict) and isinstance(v.get("text"), str)
        }

    # -- last seen, preferences, recent views ---------------------------------------------------------
    def last_seen(self, what: str) -> str | None:
        """When `what` (e.g. `digest:<community>`) was last seen, as a timestamp."""
        value = self.repo.state.get("seen", what)
        return value if isinstance(value, str) else None

    def mark_seen(self, what: str, when: str | None = None) -> None:
        self.repo.state.put("seen", what, when or dates.now())

    def preference(self, name: str, default: Any = None) -> Any:
        return self.repo.state.get("preferences", name, default)

    def set_preference(self, name: str, value: Any) -> None:
        self.repo.state.put("preferences", name, value)

    def viewed(self, entry_id: str) -> None:
        """Remember that `entry_id` was just viewed (most recent first, `VIEWED_KEEP` kept)."""
        ids = [i for i in self.recently_viewed() if i != entry_id]
        self.repo.state.put("viewed", "entries", [entry_id, *ids][:VIEWED_KEEP])

    def recently_viewed(self) -> list[str]:
        value = self.repo.state.get("viewed", "entries", [])
        return [i for i in value if isinstance(i, str)] if isinstance(value, list) else []
