"""The pager for long output on a terminal: which one (the `pager` setting: `$COP_PAGER`, `$PAGER`, the
clone's then the user's config file; else `less -FRX`, as git uses), and handing it the rendered text.

The faces decide when (on a terminal, taller than the screen, not `--no-pager`) and render the text;
this module only starts the program, with an argument list (never a shell).
"""

from __future__ import annotations

import os
import shlex
import subprocess

from cop.core.settings import lookup

DEFAULT_PAGER = "less -FRX"  # quit if one screen, raw colour codes, no screen clearing (git's LESS=FRX)
OFF = ("", "off", "cat", "false", "no")


def pager_command(flags: dict[str, str | None] | None = None) -> list[str] | None:
    """The pager as an argument list, or None when the setting turns paging off ('' / 'off' / 'cat')."""
    found = lookup("pager", flags=flags)
    value = DEFAULT_PAGER if found.value is None else found.value.strip()
    if value.lower() in OFF:
        return None
    try:
        return shlex.split(value) or None
    except ValueError:
        return None  # an unreadable pager string: print directly rather than fail the command


def run_pager(text: str, command: list[str]) -> bool:
    """Feed `text` to the pager in the foreground; False when it could not be started (the caller then
    prints the text itself). A pager quit early (q in less) is not an error."""
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does: only when the person has not chosen
    env.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode("utf-8", errors="replace"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the person quit before reading it all
    while True:
        try:
            process.wait()
            return True
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager (less handles it); keep waiting
            continue
