"""Links between entries (`[[ID]]`, cop.domain.links): where an entry links, what links to it, and the
links `cop doctor` reports. Backlinks come from the cache's links table (cop.store.index.links)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cop.core.session import Session
from cop.domain.errors import CopError, NotFound
from cop.domain.links import LinkEnd, parse_links
from cop.domain.models import Entry
from cop.store.index import links as link_index

if TYPE_CHECKING:
    import sqlite3


class LinkOps(Session):
    """`[[ID]]` links: outgoing, incoming, broken."""

    def _link_conn(self) -> sqlite3.Connection:
        self.repo._ensure_fresh()  # every query here reads the index, which must match the files
        return self.repo.index.search_db.conn

    def links_from(self, entry: Entry) -> list[LinkEnd]:
        """The entries `entry`'s body links to, one per distinct target, in the body's order; a target
        naming no entry, or several, is listed with its state (never dropped)."""
        conn = self._link_conn()
        seen: dict[str, LinkEnd] = {}
        for link in parse_links(entry.body):
            if link.target in seen:
                continue
            found = link_index.describe(conn, link.target)
            exact = [row for row in found if row[0] == link.target]
            found = exact or found
            ids = {row[0] for row in found}
            if len(ids) == 1:
                ident, _path, title, kind = found[0]
                seen[link.target] = LinkEnd(link.target, ident, title, kind, link.text, 1, link.line)
            else:
                seen[link.target] = LinkEnd(link.target, None, "", "", link.text, len(ids), link.line)
        return list(seen.values())

    def links_to(self, entry: Entry) -> list[LinkEnd]:
        """The entries whose body links to `entry` (by its id or a prefix naming only it), by id."""
        conn = self._link_conn()
        found = []
        for src, _path in link_index.linking_paths(conn, entry.id):
            rows = link_index.describe(conn, src)
            title, kind = (rows[0][2], rows[0][3]) if rows else ("", "")
            found.append(LinkEnd(src, src, title, kind))
        return list(dict.fromkeys(found))

    def link_target(self, id_or_prefix: str) -> str:
        """The id `cop list --links-to` means (a unique prefix, like every id argument)."""
        try:
            return self.repo.entry(id_or_prefix).id
        except NotFound as error:
            raise NotFound(f"--links-to: {error}") from None

    def link_problems(self) -> list[tuple[str, int, str]]:
        """(path, file line, message) of each link naming no entry or several (for `cop doctor`)."""
        conn = self._link_conn()
        findings = []
        offsets: dict[str, int] = {}
        for path, target, line, count in link_index.unresolved(conn):
            if path not in offsets:
                offsets[path] = self._body_offset(path)
            if count == 0:
                message = f"links to [[{target}]], which is no entry"
            else:
                message = (
                    f"links to [[{target}]], which names {count} entries: use more of the id "
                    "('cop search' or 'cop list' shows ids)"
                )
            findings.append((path, offsets[path] + line, message))
        return findings

    def _body_offset(self, path: str) -> int:
        """How many lines of the file come before its body (front matter), so a body line becomes a
        file line."""
        try:
            record = self.repo.read(path)
            text = self.repo.raw(record)
        except (CopError, OSError, UnicodeDecodeError):  # changed or gone since: its own finding says so
            return 0
        body = getattr(record, "body", "")
        return text.count("\n") - body.count("\n")
