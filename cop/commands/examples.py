"""The Examples block at the end of a command's help (`epilog=examples(...)`), one command line a line."""

from __future__ import annotations


def examples(*lines: str) -> str:
    """An epilog that help prints as lines (a `# ...` after a command is its comment), not one paragraph:
    Typer keeps single line breaks in an epilog, and Click's plain help keeps a `\\b` paragraph as typed."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
