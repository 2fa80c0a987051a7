"""Screens and dialogs of the cop TUI."""
