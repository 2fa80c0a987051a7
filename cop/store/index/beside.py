"""A build's report tables derived by a second connection, beside the writer deriving the evidence.

The end of a build from nothing (`cop reindex`, a new clone, an import into a new repo) derives two sets
of tables from every entry: the evidence (`evidence.py`) and the report tables (`reports.py`). On one
connection they ran one after the other on one core while the other idled: ~2.6-3.7 s and ~3.5 s at
100k entries. SQLite lets only one connection write a database file, but any number read it, so the
report tables are derived into a scratch database (`.cop/derive.sqlite`) by a connection that attaches
the index read-only, in a thread, while the writer derives the evidence; the writer then copies them
in, in one transaction (~0.6-0.8 s at 100k: `benchmarks/notes.md`, eighth session).

Why that gives the same rows: the scratch database holds the report tables alone, so in its
connection every name `reports.derive` writes (the report tables) is the scratch's, and every name it
only reads (`meta`, `tags`, `records`) is found in the attached index, as committed before the thread
started (the writer's evidence, written meanwhile, is not read). Both SQLite statements and their
Python are the ones a serial derive runs. A scratch that fails for any reason is given up: the writer
then derives the report tables itself, and the build's result is the same.

The scratch is a cache's cache: no journal and no syncs (a crash leaves a file the next build removes
before it starts), and it is removed once copied.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

from cop.store.index import reports

SCRATCH = "derive.sqlite"


class Reports:
    """The report tables being derived into the scratch database beside `index` (the index's file)."""

    def __init__(self, index: Path) -> None:
        self.index = index
        self.scratch = index.with_name(SCRATCH)
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._derive, name="cop-derive-reports", daemon=True)

    def start(self) -> Reports:
        remove(self.scratch)
        self._thread.start()
        return self

    def _derive(self) -> None:
        try:
            conn = sqlite3.connect(f"file:{quote(str(self.scratch))}", uri=True, check_same_thread=False)
            try:
                conn.execute("PRAGMA journal_mode = OFF")
                conn.execute("PRAGMA synchronous = OFF")
                conn.execute("PRAGMA cache_size = -65536")
                conn.execute("ATTACH ? AS src", (f"file:{quote(str(self.index))}?mode=ro",))
                conn.executescript(f"BEGIN; {reports.SCHEMA} COMMIT;")
                with conn:
                    cur = conn.cursor()
                    reports.mark_stale(cur)
                    reports.derive(cur, ())
                conn.execute("DETACH src")
            finally:
                conn.close()
        except BaseException as error:  # given up: the writer derives them itself
            self._failed = error

    def copy_into(self, conn: sqlite3.Connection) -> bool:
        """Wait for the derivation, then copy its tables over the index's own (`conn`: the writer, no
        transaction open) in one transaction, clearing the index's stale mark; False (nothing
        written) when the derivation failed. The scratch is removed either way."""
        self._thread.join()
        try:
            if self._failed is not None:
                return False
            conn.execute("ATTACH ? AS scratch", (str(self.scratch),))
            try:
                with conn:
                    for table in reports.TABLES:
                        _copy(conn, table)
            finally:
                conn.execute("DETACH scratch")
            return True
        finally:
            remove(self.scratch)


def _copy(conn: sqlite3.Connection, table: str) -> None:
    """Replace the index's rows of `table` with the scratch's, its secondary indexes made again after
    (sorting each once beats keeping it in step row by row: 146k rows of `risk_entries` took 0.59 s
    with its three, ~0.2 s without)."""
    conn.execute(f"DELETE FROM main.{table}")
    if table == "report_stale":
        return
    columns = ", ".join(f'"{row[1]}"' for row in conn.execute(f"PRAGMA main.table_info({table})"))
    indexes = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX main."{name}"')
    conn.execute(f"INSERT INTO main.{table}({columns}) SELECT {columns} FROM scratch.{table}")
    for _name, sql in indexes:
        conn.execute(sql)


def remove(scratch: Path) -> None:
    """Remove a scratch database and whatever SQLite kept beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
