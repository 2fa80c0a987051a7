"""The person's editor: which one (`$VISUAL`, then `$EDITOR`, then vi or nano), and running it on a file.

One rule for both faces: `cop add`/`cop edit` and the TUI's E key resolve the editor here.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess

from cop.domain.errors import CopError

FALLBACK_EDITORS = ("vi", "nano")  # what git falls back to as well, when neither variable is set


class EditorFailed(CopError):
    """The editor could not run, or gave up; nothing was saved."""


def editor_command() -> list[str]:
    """The editor as an argument list: `$VISUAL`, else `$EDITOR` (both may carry options, e.g.
    `code --wait`), else vi or nano when installed."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                command = shlex.split(value)
            except ValueError as error:
                raise EditorFailed(f"${name} ({value}) cannot be read: {error}") from None
            if command:
                return command
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    raise EditorFailed(
        "no editor found: set EDITOR (e.g. 'export EDITOR=nano'), or give the text with --body or --body-file"
    )


def run_editor(command: list[str]) -> int:
    """Run `command` (the editor and the file) in the foreground; its exit status. OSError when the
    editor cannot be started."""
    return subprocess.run(command, check=False).returncode
