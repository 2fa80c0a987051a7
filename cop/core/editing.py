"""The person's editor: which one (the `editor` setting: `$COP_EDITOR`, `$VISUAL`, `$EDITOR`, the clone's
then the user's config file; else vi or nano), and running it on a file.

One rule for both faces: `cop add`/`cop edit` and the TUI's E key resolve the editor here.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

from cop.core.settings import lookup
from cop.domain.errors import CopError

FALLBACK_EDITORS = ("vi", "nano")  # what git falls back to as well, when neither variable is set


class EditorFailed(CopError):
    """The editor could not run, or gave up; nothing was saved."""


def editor_command(root: Path | str | None = None) -> list[str]:
    """The editor as an argument list: the `editor` setting in the clone at `root` (default: the repo
    above the current folder), which may carry options (`code --wait`), else vi or nano when installed."""
    found = lookup("editor", root=root)
    value = (found.value or "").strip()
    if value:
        where = f"${found.origin[4:]}" if found.origin.startswith("env:") else f"editor ({found.origin})"
        try:
            command = shlex.split(value)
        except ValueError as error:
            raise EditorFailed(f"{where} = {value!r} cannot be read: {error}") from None
        if command:
            return command
    for name in FALLBACK_EDITORS:
        path = shutil.which(name)
        if path:
            return [path]
    raise EditorFailed(
        "no editor found: set EDITOR (e.g. 'export EDITOR=nano') or 'cop config set editor nano', "
        "or give the text with --body or --body-file"
    )


def run_editor(command: list[str]) -> int:
    """Run `command` (the editor and the file) in the foreground; its exit status. OSError when the
    editor cannot be started."""
    return subprocess.run(command, check=False).returncode
