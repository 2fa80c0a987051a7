"""The Textual app (`cop tui`). Imported only by the `tui` command: Textual costs ~200 ms to import."""
