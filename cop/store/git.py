"""git, run as a subprocess with argument lists (never a shell string)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def config_value(key: str, cwd: Path | None = None) -> str | None:
    """`git config --get KEY`, or None when git or the key is missing."""
    if shutil.which("git") is None:
        return None
    try:
        result = subprocess.run(
            ["git", "config", "--get", key],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return value or None


def setup(root: Path, remote: str | None = None) -> None:
    """Make a new repo shareable: git init when not inside a work tree, merge driver, remote.

    Filled in by the sync work (issue 5); `cop init` calls it after writing the skeleton.
    """
