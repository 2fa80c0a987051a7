"""Widgets of the cop TUI."""
