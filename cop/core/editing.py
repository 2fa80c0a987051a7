"""Running the person's editor on a file and waiting for it (an argument list, never a shell string)."""

from __future__ import annotations

import subprocess


def run_editor(command: list[str]) -> int:
    """Run `command` (the editor and the file) in the foreground; its exit status. OSError when the
    editor cannot be started."""
    return subprocess.run(command, check=False).returncode
