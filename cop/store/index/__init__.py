"""The index: TinyDB fields, the SQLite ledger and full-text search, the freshness sweep, recent.json."""
