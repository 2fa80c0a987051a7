"""Opening the index writes nothing when its schema is current: the schema script (which sets the
version) runs for a new or older database only, in one transaction, so a read command has no WAL
frames to checkpoint when it closes."""

from __future__ import annotations

from pathlib import Path

from cop.store.index.search import SCHEMA_VERSION, SearchDB


def test_a_current_index_opens_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite"
    first = SearchDB(path)
    assert first.conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    tables = first.conn.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
    first.close()
    again = SearchDB(path)
    try:
        assert Path(f"{path}-wal").stat().st_size == 0, "opening a current index wrote to it"
        assert again.conn.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall() == tables
    finally:
        again.close()


def test_an_older_index_gets_the_schema_again(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite"
    SearchDB(path).close()
    old = SearchDB(path)
    old.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    old.conn.execute("DROP TABLE tags")
    old.close()
    again = SearchDB(path)
    try:
        assert again.conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert again.conn.execute("SELECT count(*) FROM tags").fetchone() == (0,)
    finally:
        again.close()
