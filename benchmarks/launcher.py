"""Spawn one measured command, wait for it and report its wall time, peak RSS and exit status.

`measure.run_once` runs every measured command through this small process instead of spawning it
from the harness itself, because a child's `ru_maxrss` starts from the memory of whoever spawned it:
Python's `subprocess` (and `posix_spawn`) start the child with vfork, sharing its parent's address
space until `exec`, and Linux keeps that space's high-water mark in the child's account when `exec`
replaces it. Spawned from a harness holding 150 MB, `/bin/true` reads 164.5 MB; spawned from here,
it reads this process's own few MB. So the floor of every RSS row is this launcher (started with
`-I -S`: no site, no user paths), never the harness's peak.

Usage: `python -I -S launcher.py FD ARGV...`. The command inherits the launcher's stdin, stdout,
stderr, working directory and environment; the report, `SECONDS MAX_RSS_KB EXIT_CODE`, is written to
file descriptor FD. Only `os`, `sys` and `time` are imported, all built into the interpreter.
"""

import os
import sys
import time


def main() -> int:
    report, argv = int(sys.argv[1]), sys.argv[2:]
    os.set_inheritable(report, False)  # a daemon the command starts (cop watch) must not hold the pipe open
    started = time.perf_counter()
    try:
        pid = os.posix_spawnp(argv[0], argv, os.environ)
    except OSError as error:  # not found, not executable: the shell's code for it, and why
        os.write(2, f"{argv[0]}: {error.strerror}\n".encode())
        os.write(report, f"0 0 {127 if isinstance(error, FileNotFoundError) else 126}".encode())
        return 0
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    os.write(report, f"{seconds!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
