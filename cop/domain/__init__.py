"""The domain: record types, their rules and the merge of records (no I/O, nothing else of cop)."""
